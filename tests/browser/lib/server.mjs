// Start the guichet's release binary for a browser test, on a free port and a fresh SQLite file.
//
//   const server = await startServer();           // { url, stop(), stdoutText(), stderrText() }
//   ...
//   const { code, signal } = await server.stop();  // SIGTERM, then waits for the exit
//
// GUICHET_BIN (default <repo>/target/release/guichet) is run as `serve --bind 127.0.0.1:0` from
// REPO_ROOT (it reads templates/, config/ and assets/ relative to its working directory) with
// GUICHET_ENV=development (demo mode) and DATABASE_URL=sqlite://<fresh temp dir>/guichet.db. On that empty database the server migrates,
// imports the communes and seeds the demo data before it prints its URL, hence the long timeout.
// Set GUICHET_TEST_VERBOSE=1 to see the server's logs (stderr) as they come.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(
  process.env.REPO_ROOT ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..'),
);
export const GUICHET_BIN = resolve(
  process.env.GUICHET_BIN ?? join(REPO_ROOT, 'target', 'release', 'guichet'),
);

// Time is an input: every server (and every CLI run against its database) starts its clock at
// Tuesday 10 March 2026, 09:00 in Paris, whatever the machine's date, and lets it run from there.
export const TEST_START = '2026-03-10T08:00:00Z';
export const TEST_CLOCK_ENV = { GUICHET__CLOCK__START: TEST_START };

const URL_PATTERN = /http:\/\/127\.0\.0\.1:\d+/;
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
const LOG_TAIL = 4_000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * @param {{ env?: Record<string, string>, args?: string[] }} [options]
 *   env: extra environment for the server (overrides DATABASE_URL too);
 *   args: extra arguments after `serve --bind 127.0.0.1:0`.
 */
export async function startServer({ env = {}, args = [] } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'guichet-browser-'));
  const child = spawn(GUICHET_BIN, ['serve', '--bind', '127.0.0.1:0', ...args], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      // Demo mode (demo accounts, development mailbox): the tests sign in as demo users.
      GUICHET_ENV: 'development',
      DATABASE_URL: `sqlite://${join(dataDir, 'guichet.db')}`,
      GUICHET__MAIL__DIR: join(dataDir, 'mail'),
      // No generated demo requests: each test seeds what it needs (`guichet seed load`).
      GUICHET__DEMO__REQUESTS: '0',
      ...TEST_CLOCK_ENV,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  let stdout = '';
  let stderr = '';
  const verbose = process.env.GUICHET_TEST_VERBOSE === '1';
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    stderr += chunk;
    if (verbose) process.stderr.write(chunk);
  });
  const exited = new Promise((resolveExit) => {
    child.on('exit', (code, signal) => resolveExit({ code, signal }));
  });
  let exitStatus = null;
  exited.then((status) => {
    exitStatus = status;
  });
  const spawnError = new Promise((_, reject) => child.on('error', reject));

  const describe = () =>
    `stdout:\n${stdout.slice(-LOG_TAIL)}\nstderr (last ${LOG_TAIL} chars):\n${stderr.slice(-LOG_TAIL)}`;
  const cleanup = () => rmSync(dataDir, { recursive: true, force: true });
  const fail = (message) => {
    if (exitStatus === null) child.kill('SIGKILL');
    cleanup();
    return new Error(`${message}\n${describe()}`);
  };

  // 1. Wait for the URL on stdout.
  const deadline = Date.now() + START_TIMEOUT_MS;
  let url;
  try {
    url = await Promise.race([
      (async () => {
        for (;;) {
          const match = stdout.match(URL_PATTERN);
          if (match) return match[0];
          if (exitStatus) throw new Error(`exited early (${JSON.stringify(exitStatus)})`);
          if (Date.now() > deadline) throw new Error(`no URL on stdout after ${START_TIMEOUT_MS} ms`);
          await sleep(50);
        }
      })(),
      spawnError,
    ]);
  } catch (err) {
    throw fail(`guichet serve (${GUICHET_BIN}) did not start: ${err.message}`);
  }

  // 2. Wait until /healthz answers 200.
  let lastHealth = 'no answer';
  for (;;) {
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) });
      lastHealth = `${res.status} ${await res.text()}`;
      if (res.status === 200) break;
    } catch (err) {
      lastHealth = err.message;
    }
    if (exitStatus) throw fail(`guichet serve exited before /healthz was ready (${JSON.stringify(exitStatus)})`);
    if (Date.now() > deadline) throw fail(`/healthz not ready after ${START_TIMEOUT_MS} ms: ${lastHealth}`);
    await sleep(100);
  }

  let stopped = null;
  return {
    url,
    stdoutText: () => stdout,
    stderrText: () => stderr,
    /** SIGTERM, wait for the exit (SIGKILL after 15 s), delete the database. Returns {code, signal}. */
    async stop() {
      if (stopped) return stopped;
      stopped = (async () => {
        if (exitStatus === null) child.kill('SIGTERM');
        let timer;
        const timeout = new Promise((r) => {
          timer = setTimeout(() => r(null), STOP_TIMEOUT_MS);
        });
        const status = await Promise.race([exited, timeout]);
        clearTimeout(timer);
        cleanup();
        if (status === null) {
          child.kill('SIGKILL');
          await exited;
          return { code: null, signal: 'SIGKILL', timedOut: true };
        }
        return status;
      })();
      return stopped;
    },
    describe,
  };
}
