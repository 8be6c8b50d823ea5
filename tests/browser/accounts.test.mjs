// A student registers, confirms her address from the development mailbox (read by the demo
// administrator in a second browser: the mailbox is for signed-in admins only), signs in and
// signs out — in headless Chromium against the release binary, every page checked by axe.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertNoProblems, checkA11y, launchBrowser } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';

let server;
let browser;
let adminBrowser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  adminBrowser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await adminBrowser?.close();
  await server?.stop();
});

test('register, verify the e-mail from the dev mailbox, sign in, sign out', async () => {
  const page = await browser.newPage();
  const email = `lea.${Date.now()}@exemple.fr`;

  await page.goto(`${server.url}/`);
  await page.getByRole('link', { name: 'Créer un compte' }).first().click();
  await page.waitForURL(/\/inscription$/);
  await checkA11y(page);

  // A first try with a too short password: the message is beside the field, values kept.
  await page.getByLabel('Prénom').fill('Léa');
  await page.getByLabel('Nom', { exact: true }).fill('Moreau');
  await page.getByLabel('Profession').selectOption('medecin');
  await page.getByLabel('Situation').selectOption('etudiant');
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe').fill('court');
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('#password-error').innerText(), /au moins 12 caractères/);
  assert.equal(await page.getByLabel('Prénom').inputValue(), 'Léa');
  await checkA11y(page);

  await page.getByLabel('Mot de passe').fill('ma phrase de passe de test');
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await page.waitForURL(/\/inscription\/envoyee$/);
  assert.match(await page.locator('h1').innerText(), /Vérifiez votre messagerie/);

  // The development mailbox is not hers: 404.
  const denied = await page.goto(`${server.url}/dev/courriels`);
  assert.equal(denied.status(), 404);

  // The demo administrator's mailbox shows the verification e-mail and its link.
  const mail = await adminBrowser.newPage();
  await mail.goto(`${server.url}/connexion`);
  await mail.getByLabel('Adresse électronique').fill('admin.paca@demo.test');
  await mail.getByLabel('Mot de passe').fill('guichet-demo-2026');
  await mail.getByRole('button', { name: 'Se connecter' }).click();
  await mail.waitForURL(/\/admin\/utilisateurs/);
  await mail.goto(`${server.url}/dev/courriels`);
  await checkA11y(mail);
  await mail.getByRole('row', { name: new RegExp(email.replace(/[.]/g, '\\.')) }).getByRole('link').click();
  const verify = await mail.locator('a[href^="/compte/verifier?jeton="]').getAttribute('href');
  await mail.close();
  await page.goto(`${server.url}${verify}`);
  await page.getByRole('button', { name: 'Confirmer mon adresse' }).click();
  await page.waitForURL(/\/connexion\?ok=adresse-verifiee/);
  assert.match(await page.getByRole('status').first().innerText(), /adresse électronique est confirmée/);
  await checkA11y(page);

  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe').fill('ma phrase de passe de test');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(/\/compte$/);
  assert.match(await page.locator('main').innerText(), /Léa Moreau/);
  await checkA11y(page);

  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.waitForURL(/\/\?ok=deconnecte$/);
  assert.match(await page.getByRole('status').first().innerText(), /Vous êtes déconnecté/);
  const res = await page.goto(`${server.url}/compte`);
  assert.match(new URL(res.url()).pathname, /^\/connexion$/, 'signed out: /compte leads to the sign-in page');
  // The only errors expected: the 422 of the first, refused form, and the 404 of the mailbox.
  assertNoProblems(page, { ignoreConsole: [/status of 422/, /status of 404/] });
  await page.close();
});
