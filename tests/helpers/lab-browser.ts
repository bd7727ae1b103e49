/**
 * The Lab in headless Chromium for the browser tests (Debian's /usr/bin/chromium, driven by
 * playwright-core; never a downloaded browser): the built site on a free port, one browser, and
 * a poll for playwright's web-first assertions under vitest.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { expect } from 'vitest';
import { startLabServer } from '../../src/lab-server/static-site';

export const CHROMIUM = '/usr/bin/chromium';
const ROOT = resolve(__dirname, '../..');
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
/** Without Chromium the browser tests are skipped on a developer's machine, and fail in CI. */
export const RUN_BROWSER_TESTS = HAVE_CHROMIUM || Boolean(process.env.CI);
/** No request leaves the machine: this one has no network, and Chromium's own calls are refused. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Polls until `check` passes on what `get` returns (Playwright's web-first assertions, in vitest). */
export async function eventually<T>(
  get: () => Promise<T>,
  check: (value: T) => void,
  timeout = 10_000,
): Promise<void> {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await get();
    try {
      check(value);
      return;
    } catch (err) {
      if (Date.now() > end) throw err;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface LabSession {
  browser: Browser;
  server: Server;
  /** The Lab's address, without a trailing path. */
  base: string;
  close(): Promise<void>;
}

/**
 * Serves the built Lab and starts Chromium, for a beforeAll. The Lab and the CLI are built
 * first where they are missing (npm ci builds both; a fresh worktree may have neither).
 */
export async function startLab(): Promise<LabSession> {
  expect(HAVE_CHROMIUM, `${CHROMIUM} is missing (apt-get install -y chromium)`).toBe(true);
  for (const [built, script] of [
    [join(ROOT, 'dist', 'lab', 'index.html'), 'build:lab'],
    [join(ROOT, 'dist', 'cli', 'main.js'), 'build'],
  ] as const) {
    if (existsSync(built)) continue;
    const b = spawnSync('npm', ['run', script], { cwd: ROOT, encoding: 'utf8' });
    expect(b.status, b.stderr).toBe(0);
  }
  const { server, url: base } = await startLabServer(0);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return {
    browser,
    server,
    base,
    close: async () => {
      await browser.close();
      server.close();
    },
  };
}
