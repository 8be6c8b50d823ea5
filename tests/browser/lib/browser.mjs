// Headless Debian Chromium driven by playwright-core, with per-page problem collection and an
// axe-core accessibility check.
//
//   const browser = await launchBrowser();
//   const page = await browser.newPage();   // page.problems: console errors, failed requests…
//   await page.goto(url);
//   await checkA11y(page);                   // throws with a readable list of violations
//   assertNoProblems(page);
//   await browser.close();
//
// Chromium comes from Debian (/usr/bin/chromium, or CHROMIUM_BIN): Playwright's own browser
// download (`npx playwright install`) is never used, the machines have no internet access. The
// flags below keep Chromium from trying to reach Google's services, which this network refuses.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM_BIN = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox', // CI runs as root, where Chromium's sandbox cannot start
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * Launch Chromium with a fresh, empty user data dir (a temp folder deleted on close).
 * Playwright only accepts a user data dir through launchPersistentContext (it rejects a
 * `--user-data-dir=` argument), so the returned object wraps that one persistent context.
 */
export async function launchBrowser({ contextOptions = {} } = {}) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'guichet-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_BIN,
      headless: true,
      args: CHROMIUM_ARGS,
      locale: 'fr-FR',
      timezoneId: 'Europe/Paris',
      viewport: { width: 1280, height: 900 },
      ...contextOptions,
    });
  } catch (err) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw new Error(
      `could not launch ${CHROMIUM_BIN} (install Debian's chromium: scripts/setup.sh --test): ${err.message}`,
    );
  }
  // The persistent context opens one blank page: close it, tests open their own.
  for (const p of context.pages()) await p.close();

  return {
    context,
    /** A new page whose problems (console errors, failed requests, …) are recorded. */
    async newPage() {
      const page = await context.newPage();
      watchPage(page);
      return page;
    },
    async close() {
      await context.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Record what a user would not see but that reveals a bug:
 *   page.consoleErrors   console.error calls and errors Chromium logs (CSP refusals, 404s…)
 *   page.pageErrors      uncaught exceptions in page scripts
 *   page.failedRequests  requests that got no response at all (refused, aborted, blocked)
 *   page.badResponses    sub-resources (not the page itself) answered with status >= 400
 *   page.requests        every URL requested
 */
export function watchPage(page) {
  page.consoleErrors = [];
  page.pageErrors = [];
  page.failedRequests = [];
  page.badResponses = [];
  page.requests = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      page.consoleErrors.push({ text: msg.text(), url: loc?.url ?? '' });
    }
  });
  page.on('pageerror', (err) => page.pageErrors.push(String(err?.stack ?? err)));
  // A sub-resource still loading when the test navigates away (the favicon manifest, which
  // Chromium fetches late) is aborted by the browser: that is the navigation, not a bug. So each
  // request remembers how many main-frame navigations had started when it was sent, and an abort
  // is recorded only if no navigation started since.
  let navigations = 0;
  const sentDuring = new WeakMap();
  page.on('request', (req) => {
    page.requests.push(req.url());
    if (req.isNavigationRequest() && req.frame() === page.mainFrame()) navigations += 1;
    sentDuring.set(req, navigations);
  });
  page.on('requestfailed', (req) => {
    const error = req.failure()?.errorText ?? 'failed';
    // Aborted because the page moved on, or the web manifest Chromium fetches for itself and
    // drops when a navigation starts at the same moment: not a defect of the page. A manifest
    // that does not load shows as a bad response (status >= 400) below.
    const aborted = error === 'net::ERR_ABORTED' && !req.isNavigationRequest();
    const leftBehind = aborted
      && (sentDuring.get(req) !== navigations || req.resourceType() === 'manifest');
    if (!leftBehind) page.failedRequests.push(`${req.method()} ${req.url()}: ${error}`);
  });
  page.on('response', (res) => {
    const req = res.request();
    const isPage = req.isNavigationRequest() && req.frame() === page.mainFrame();
    if (!isPage && res.status() >= 400) page.badResponses.push(`${res.status()} ${res.url()}`);
  });
  return page;
}

/**
 * Fail with every recorded problem. `ignoreConsole` lists regexps of console errors that are
 * expected (e.g. Chromium's "Failed to load resource: … 404" when the page itself is a 404).
 */
export function assertNoProblems(page, { ignoreConsole = [] } = {}) {
  const consoleErrors = page.consoleErrors.filter(
    (e) => !ignoreConsole.some((re) => re.test(e.text)),
  );
  const lines = [
    ...consoleErrors.map((e) => `console error: ${e.text}${e.url ? ` (${e.url})` : ''}`),
    ...page.pageErrors.map((e) => `page error: ${e}`),
    ...page.failedRequests.map((r) => `failed request: ${r}`),
    ...page.badResponses.map((r) => `bad response: ${r}`),
  ];
  if (lines.length > 0) {
    throw new Error(`${page.url()} had ${lines.length} problem(s):\n  ${lines.join('\n  ')}`);
  }
}

/** Every requested URL that is not on `origin` (the app must not use a CDN or any third party). */
export function foreignRequests(page, origin) {
  return page.requests.filter(
    (u) => !u.startsWith(`${origin}/`) && !u.startsWith('data:') && !u.startsWith('blob:'),
  );
}

const require = createRequire(import.meta.url);
let axeSource;

/**
 * Run axe-core on the page for WCAG 2.0/2.1 levels A and AA and throw with a readable list of
 * violations. Returns axe's full result otherwise.
 *
 * The app sends a strict Content-Security-Policy (no inline or foreign scripts), which would block
 * `page.addScriptTag`. Instead axe's source is evaluated through the DevTools protocol
 * (page.evaluate), which CSP does not apply to, so the page is checked exactly as users get it,
 * CSP included; no bypassCSP context is needed (that would also let through inline styles the real
 * page cannot use, hiding bugs).
 */
export async function checkA11y(page, { tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'], exclude } = {}) {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const loaded = await page.evaluate(`${axeSource};\ntypeof window.axe !== 'undefined'`);
  if (!loaded) throw new Error('axe-core did not load in the page');
  const results = await page.evaluate(
    async ({ tags, exclude }) => {
      const context = exclude ? { include: [document], exclude } : document;
      const r = await window.axe.run(context, { runOnly: { type: 'tag', values: tags } });
      return {
        violations: r.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          helpUrl: v.helpUrl,
          nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
        })),
        passes: r.passes.length,
        incomplete: r.incomplete.map((v) => v.id),
      };
    },
    { tags, exclude },
  );
  if (results.violations.length > 0) {
    const text = results.violations
      .map(
        (v) =>
          `- ${v.id} [${v.impact}] ${v.help} (${v.helpUrl})\n` +
          v.nodes.map((n) => `    at ${n.target}\n      ${n.summary.replace(/\n/g, '\n      ')}`).join('\n'),
      )
      .join('\n');
    throw new Error(`axe: ${results.violations.length} WCAG 2.1 A/AA violation(s) on ${page.url()}:\n${text}`);
  }
  return results;
}
