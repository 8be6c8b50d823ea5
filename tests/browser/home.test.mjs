// The home page and the 404 page, in headless Chromium against the release binary on a fresh
// SQLite database: French, styled by the DSFR served by the app itself, no console error or
// failed request, no WCAG 2.1 A/AA violation found by axe-core; and the server stops cleanly.

import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { assertNoProblems, checkA11y, foreignRequests, launchBrowser } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';

const ONE_MONTH = 30 * 24 * 3600;

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

test('the home page is in French, styled by the DSFR served by the app, and clean', async (t) => {
  const page = await browser.newPage();
  const dsfrCss = [];
  page.on('response', (res) => {
    if (/\/assets\/dsfr-[^/]+\/(.*\/)?dsfr\.min\.css$/.test(new URL(res.url()).pathname)) dsfrCss.push(res);
  });

  const res = await page.goto(`${server.url}/`, { waitUntil: 'load' });
  assert.equal(res.status(), 200, 'GET / status');
  assert.match(res.headers()['content-type'] ?? '', /^text\/html/);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr', '<html lang>');
  assert.ok((await page.title()).trim().length > 0, 'the page has a <title>');

  // The DSFR stylesheet comes from the app, versioned and cacheable for a long time.
  assert.equal(dsfrCss.length, 1, `one dsfr.min.css request, got: ${dsfrCss.map((r) => r.url())}`);
  assert.equal(dsfrCss[0].status(), 200, `${dsfrCss[0].url()} status`);
  const cacheControl = (await dsfrCss[0].allHeaders())['cache-control'] ?? '';
  const maxAge = Number(/max-age=(\d+)/.exec(cacheControl)?.[1] ?? 0);
  assert.ok(maxAge >= ONE_MONTH, `long Cache-Control max-age on the DSFR css, got "${cacheControl}"`);

  // ...and is applied: the body is set in Marianne, the State's typeface.
  await page.evaluate(() => document.fonts.ready);
  const fontFamily = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
  assert.match(fontFamily, /Marianne/, `body font-family: ${fontFamily}`);

  // The DSFR header carries the guichet's name; skip links lead to the content.
  const serviceTitle = page.locator('header .fr-header__service-title').first();
  assert.match(await serviceTitle.innerText(), /guichet/i, 'service title in the header');
  assert.ok((await page.locator('.fr-skiplinks a').count()) > 0, 'DSFR skip links');
  assert.equal(await page.locator('main').count(), 1, 'one <main>');
  assert.ok((await page.locator('footer.fr-footer').count()) === 1, 'DSFR footer');

  // Nothing broken, nothing fetched from elsewhere than the app.
  assertNoProblems(page);
  assert.deepEqual(foreignRequests(page, server.url), [], 'requests to another origin');

  await checkA11y(page);

  const shots = mkdtempSync(join(tmpdir(), 'guichet-screens-'));
  const file = join(shots, 'home.png');
  await page.screenshot({ path: file, fullPage: true });
  t.diagnostic(`screenshot: ${file}`);
  await page.close();
});

test('an unknown address shows the French 404 page, accessible', async () => {
  const page = await browser.newPage();
  const res = await page.goto(`${server.url}/cette-page-n-existe-pas`, { waitUntil: 'load' });
  assert.equal(res.status(), 404, 'status of an unknown URL');
  assert.match(res.headers()['content-type'] ?? '', /^text\/html/);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr', '<html lang>');
  assert.match(await page.locator('main').innerText(), /Page non trouvée/);
  // Chromium logs the page's own 404 as a console error; anything else is a real problem.
  assertNoProblems(page, { ignoreConsole: [/status of 404/] });
  await checkA11y(page);
  await page.close();
});

test('the server stops cleanly on SIGTERM (exit code 0)', async () => {
  const status = await server.stop();
  assert.deepEqual(status, { code: 0, signal: null }, `exit status after SIGTERM\n${server.describe()}`);
});
