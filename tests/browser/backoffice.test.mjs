// A référent filters her inbox, opens a request, then assigns it to herself with the bulk
// action — headless Chromium against the release binary, on 300 generated requests, axe-checked.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { checkA11y, launchBrowser } from './lib/browser.mjs';
import { GUICHET_BIN, REPO_ROOT, TEST_CLOCK_ENV, startServer } from './lib/server.mjs';

let server;
let browser;
let dataDir;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'guichet-backoffice-'));
  const env = { DATABASE_URL: `sqlite://${join(dataDir, 'guichet.db')}` };
  server = await startServer({ env });
  execFileSync(GUICHET_BIN, ['seed', 'load', '--requests', '300', '--professionals', '60', '--seed', '4'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...TEST_CLOCK_ENV, ...env, GUICHET__LOG__FILTER: 'warn' },
    stdio: 'ignore',
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('a référent filters, opens a request and assigns it to herself', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/connexion`);
  await page.getByLabel('Adresse électronique').fill('referent.13-84@demo.test');
  await page.getByLabel('Mot de passe').fill('guichet-demo-2026');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForLoadState('load');

  await page.goto(`${server.url}/guichet/demandes`);
  await page.getByLabel('Département').selectOption('84');
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await page.waitForURL(/departement=84/);
  await checkA11y(page);
  const cells = await page.locator('tbody tr td:nth-child(4)').allInnerTexts();
  assert.ok(cells.length > 0, 'requests of the 84 are listed');
  // The commune column reads "Avignon (84)".
  assert.ok(cells.every((d) => d.trim().endsWith('(84)')), cells.join(','));

  const first = page.locator('tbody tr').first();
  const number = (await first.locator('td:nth-child(2) a').innerText()).trim();
  await first.locator('td:nth-child(2) a').click();
  await page.waitForURL(/\/demandes\/[0-9a-f-]{36}$/);
  assert.match(await page.locator('h1').innerText(), new RegExp(number));
  await page.goBack();

  await page.locator('tbody tr').first().locator('input[type=checkbox]').check({ force: true });
  await page.getByLabel('Action', { exact: true }).selectOption('assigner');
  await page.getByLabel('Référent', { exact: true }).selectOption('moi');
  await page.getByRole('button', { name: 'Appliquer aux demandes cochées' }).click();
  await page.waitForURL(/\/guichet\/demandes\?modifiees=1/);

  await page.goto(`${server.url}/guichet/demandes?departement=84&q=${encodeURIComponent(number)}`);
  await page.locator('tbody tr').first().locator('td:nth-child(2) a').click();
  await page.waitForURL(/\/demandes\/[0-9a-f-]{36}$/);
  assert.match(await page.locator('main').innerText(), /Référent en charge/);
  await checkA11y(page);
});
