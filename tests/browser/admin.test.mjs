// The régional admin goes through every administration page from the hub — institutions and
// one of them, agents, routing rules, zonages, aid rules, e-mails, audit log — headless Chromium
// against the release binary on the demo data, each page axe-checked.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { checkA11y, launchBrowser } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const PAGES = [
  ['/admin/institutions', /Institutions de la région/],
  ['/admin/utilisateurs', /Agents de la région/],
  ['/admin/orientation', /Orientation des demandes/],
  ['/admin/zonage', /Zonages de la région/],
  ['/admin/aides', /Règles des aides/],
  ['/admin/courriels', /Courriels du guichet/],
  ['/admin/securite', /Double authentification/],
  ['/admin/journal', /Journal de sécurité/],
];

test('the admin reaches every administration page from the hub, with no accessibility violation', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/connexion`);
  await page.getByLabel('Adresse électronique').fill('admin.paca@demo.test');
  await page.getByLabel('Mot de passe').fill('guichet-demo-2026');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForLoadState('load');

  await page.locator('header a[href="/admin"]').first().click();
  await page.waitForURL(/\/admin$/);
  assert.match(await page.locator('h1').innerText(), /Administration — Provence-Alpes-Côte d.Azur/);
  await checkA11y(page);

  for (const [href, title] of PAGES) {
    await page.locator(`main a[href="${href}"]`).first().click();
    await page.waitForURL((url) => url.pathname === href);
    assert.match(await page.locator('h1').innerText(), title, href);
    await checkA11y(page);
    if (href === '/admin/institutions') {
      // One institution, with its agents.
      await page.locator('main a[href^="/admin/institutions/"]').first().click();
      await page.waitForURL(/\/admin\/institutions\/[^/]+$/);
      assert.ok((await page.locator('h1').innerText()).length > 0);
      await checkA11y(page);
    }
    await page.goto(`${server.url}/admin`);
  }

  // The journal lists the admin's own sign-in: she is a person of the région.
  await page.goto(`${server.url}/admin/journal`);
  assert.ok((await page.locator('main tbody tr', { hasText: 'signin_success' }).count()) >= 1);
});
