// An administrator's two factors, as she lives them in the browser: at her first sign-in she
// scans (here: reads) the key, types the code her application shows, notes her recovery codes and
// lands in the administration; at the next sign-in she types a new code. The server's clock is
// frozen at TEST_START so that this test computes the codes her phone would show (RFC 6238).

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, test } from 'node:test';

import { assertNoProblems, checkA11y, launchBrowser } from './lib/browser.mjs';
import { TEST_START, startServer } from './lib/server.mjs';

let server;
let browser;
let otherBrowser;

before(async () => {
  server = await startServer({
    env: { GUICHET__SECURITY__ADMIN_SECOND_FACTOR: 'true', GUICHET__CLOCK__FROZEN: 'true' },
  });
  browser = await launchBrowser();
  otherBrowser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await otherBrowser?.close();
  await server?.stop();
});

function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bytes = [];
  let bits = 0;
  let value = 0;
  for (const c of text.replace(/[\s=]/g, '').toUpperCase()) {
    const index = alphabet.indexOf(c);
    assert.ok(index >= 0, `caractère base 32 inattendu : ${c}`);
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** The code an authenticator shows at `unixSeconds` (RFC 6238, SHA-1, 6 digits, 30 s). */
function totp(secret, unixSeconds) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / 30)));
  const mac = createHmac('sha1', secret).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const number =
    ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(number % 1_000_000).padStart(6, '0');
}

async function signIn(page) {
  await page.goto(`${server.url}/connexion`);
  await page.getByLabel('Adresse électronique').fill('admin.paca@demo.test');
  await page.getByLabel('Mot de passe').fill('guichet-demo-2026');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForLoadState('load');
}

test('an administrator sets her application up, notes her recovery codes, then signs in with a code', async () => {
  const start = Date.parse(TEST_START) / 1000;
  const page = await browser.newPage();
  await signIn(page);
  assert.equal(new URL(page.url()).pathname, '/connexion/activation');
  assert.match(await page.locator('h1').innerText(), /Activer la double authentification/);
  assert.equal(await page.locator('figure.guichet-qr svg').count(), 1, 'QR code');
  await checkA11y(page);

  // A wrong code keeps her on the page, with the message beside the field.
  await page.getByLabel('Code à 6 chiffres').fill('000000');
  await page.getByRole('button', { name: 'Activer la double authentification' }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('#code-error').innerText(), /Code incorrect/);

  const secret = base32(await page.getByTestId('cle-secrete').innerText());
  await page.getByLabel('Code à 6 chiffres').fill(totp(secret, start));
  await page.getByRole('button', { name: 'Activer la double authentification' }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('h1').innerText(), /Vos codes de secours/);
  assert.equal(await page.getByTestId('codes-de-secours').locator('li').count(), 10);
  await checkA11y(page);
  await page.getByRole('link', { name: /J'ai noté mes codes/ }).click();
  await page.waitForURL((url) => url.pathname === '/admin/utilisateurs');
  await page.goto(`${server.url}/admin/securite`);
  assert.match(await page.locator('h1').innerText(), /Double authentification/);
  assert.match(await page.locator('main').innerText(), /admin.paca@demo.test\s+Administrateur régional\s+activée/i);
  await checkA11y(page);
  // The wrong code's page came with 422, on purpose; nothing else went wrong.
  assertNoProblems(page, { ignoreConsole: [/status of 422/] });

  // Next sign-in, in another browser: the code of the next 30 seconds (the first one was used).
  const second = await otherBrowser.newPage();
  await signIn(second);
  assert.equal(new URL(second.url()).pathname, '/connexion/code');
  await checkA11y(second);
  await second.getByLabel('Code').fill(totp(secret, start + 30));
  await second.getByRole('button', { name: 'Valider' }).click();
  await second.waitForURL((url) => url.pathname === '/admin/utilisateurs');
  assertNoProblems(second);
});
