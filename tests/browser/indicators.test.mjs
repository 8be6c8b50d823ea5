// A référent opens the indicators of her région: charts with their data tables and the map of
// the départements, then follows the map to a département — headless Chromium against the
// release binary, on 300 generated requests (snapshots recomputed by `guichet indicators
// refresh`), axe-checked.

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
  dataDir = mkdtempSync(join(tmpdir(), 'guichet-indicators-'));
  const env = { DATABASE_URL: `sqlite://${join(dataDir, 'guichet.db')}` };
  server = await startServer({ env });
  const cli = (args) =>
    execFileSync(GUICHET_BIN, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, ...TEST_CLOCK_ENV, ...env, GUICHET__LOG__FILTER: 'warn' },
      stdio: 'ignore',
    });
  cli(['seed', 'load', '--requests', '300', '--professionals', '60', '--seed', '6']);
  cli(['indicators', 'refresh']);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('a référent sees the charts and the map of her région, with no accessibility violation', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/connexion`);
  await page.getByLabel('Adresse électronique').fill('referent.13-84@demo.test');
  await page.getByLabel('Mot de passe').fill('guichet-demo-2026');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForLoadState('load');

  await page.getByRole('link', { name: 'Indicateurs' }).first().click();
  await page.waitForURL(/\/indicateurs\/region\/93$/);
  assert.match(await page.locator('h1').innerText(), /Provence-Alpes-Côte d.Azur/);
  assert.match(await page.locator('main').innerText(), /Données arrêtées le/);

  const charts = page.locator('svg.guichet-chart[role="img"]');
  assert.equal(await charts.count(), 9, 'one chart per indicator');
  assert.equal(await page.locator('svg.guichet-map path').count(), 6, 'the six départements');
  const total = await page.locator('.guichet-kpi__value').first().innerText();
  assert.match(total.replace(/\s/g, ''), /^\d+$/);
  assert.ok(Number(total.replace(/\s/g, '')) > 0, 'requests are counted');

  // Every chart has its data behind "Voir les données".
  await page.getByText('Voir les données : Demandes par objet').click();
  assert.ok((await page.locator('#donnees-par-objet tbody tr').count()) > 0);
  await checkA11y(page);

  // The map leads to a département of hers.
  await page.locator('svg.guichet-map a[href="/indicateurs/departement/13"]').click();
  await page.waitForURL(/\/indicateurs\/departement\/13$/);
  assert.match(await page.locator('h1').innerText(), /Bouches-du-Rhône/);
  await checkA11y(page);

  const csv = await page.request.get(`${server.url}/indicateurs/departement/13.csv`);
  assert.equal(csv.status(), 200);
  assert.ok((await csv.text()).startsWith('\uFEFFIndicateurs du guichet'));
});
