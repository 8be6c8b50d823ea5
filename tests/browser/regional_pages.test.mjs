// The régional admin rewrites an information page from the hub: editor pre-filled with the
// national text, preview, a refused link shown beside the field, save, history, an old version;
// the public page of her région then shows her text. Every page axe-checked, no JavaScript needed.

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

test('the admin previews, saves and finds in the history a regional version of a page', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/connexion`);
  await page.getByLabel('Adresse électronique').fill('admin.paca@demo.test');
  await page.getByLabel('Mot de passe').fill('guichet-demo-2026');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForLoadState('load');

  await page.goto(`${server.url}/admin`);
  await page.locator('main a[href="/admin/contenus"]').click();
  await page.waitForURL((url) => url.pathname === '/admin/contenus');
  assert.match(await page.locator('h1').innerText(), /Pages d'information — Provence-Alpes-Côte d.Azur/);
  await checkA11y(page);

  await page.locator('main a[href="/admin/contenus/medecin-s-installer"]').click();
  await page.waitForURL((url) => url.pathname === '/admin/contenus/medecin-s-installer');
  const field = page.getByLabel('Texte (Markdown)');
  assert.match(await field.inputValue(), /## Choisir son lieu d'exercice/);
  await checkA11y(page);

  // A link to an unknown page: refused, beside the field, with its line; the text is kept.
  await field.fill('## Installer son cabinet en Provence\n\nVoir [la page](/nulle-part).');
  await page.getByRole('button', { name: 'Prévisualiser' }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('#body-error').innerText(), /Ligne 3 .*nulle-part/);
  assert.match(await field.inputValue(), /Installer son cabinet en Provence/);
  await checkA11y(page);

  await field.fill('## Installer son cabinet en Provence\n\nLe guichet régional vous accompagne : [déposer un projet](/demandes/nouvelle?type=installation-liberal).');
  await page.getByRole('button', { name: 'Prévisualiser' }).click();
  await page.waitForLoadState('load');
  assert.equal(await page.locator('.guichet-preview h2').innerText(), 'Installer son cabinet en Provence');
  await checkA11y(page);

  await page.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click();
  await page.waitForURL(/ok=texte-enregistre/);
  assert.match(await page.locator('main').innerText(), /version régionale 1/);

  await page.locator('main a[href="/admin/contenus/medecin-s-installer/historique"]').first().click();
  await page.waitForURL(/\/historique$/);
  assert.equal(await page.locator('main tbody tr').count(), 1);
  await checkA11y(page);
  await page.getByRole('link', { name: 'Lire la version 1' }).click();
  await page.waitForURL(/\/versions\//);
  assert.equal(await page.locator('.guichet-preview h2').innerText(), 'Installer son cabinet en Provence');
  await checkA11y(page);

  // The public page, for the région chosen by a visitor.
  const visitor = await browser.newPage();
  await visitor.goto(`${server.url}/informations/medecin/s-installer`);
  await visitor.getByLabel('Votre région').selectOption('93');
  await visitor.getByRole('button', { name: 'Afficher' }).click();
  await visitor.waitForURL(/region=93/);
  assert.match(await visitor.locator('main').innerText(), /Installer son cabinet en Provence/);
  await checkA11y(visitor);
});
