/**
 * The Lab in headless Chromium for the browser tests (Debian's /usr/bin/chromium, driven by
 * playwright-core; never a downloaded browser): the built site on a free port, one browser, and
 * a poll for playwright's web-first assertions under vitest.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
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

/** How `LabFixture.open` opens a page: its context, scripts run before the Lab's, the motion asked for. */
export interface OpenOptions {
  context?: BrowserContextOptions;
  /** Scripts for `page.addInitScript`, run before the Lab's own (workerProbe, say). */
  init?: string[];
  /** prefers-reduced-motion: reduce, so the station starts paused where its animation is not under test. */
  reducedMotion?: boolean;
  /** Called before the page opens the Lab (a `route` on its context, say). */
  setup?: (page: Page) => Promise<unknown>;
}

export interface LabFixture {
  /** A new page (in its own context, en-GB unless told) on the Lab at `query`, once it is ready. */
  open(query: string, options?: OpenOptions): Promise<Page>;
}

/**
 * One Lab and one Chromium for a describe block: started before its tests, closed after them.
 */
export function useLab(): LabFixture {
  let lab: LabSession | undefined;
  beforeAll(async () => {
    lab = await startLab();
  }, 180_000);
  afterAll(async () => {
    await lab?.close();
  });
  return {
    async open(query, options = {}) {
      if (!lab) throw new Error('the Lab is not started: call useLab() inside a describe block');
      const context = await lab.browser.newContext({ locale: 'en-GB', ...options.context });
      const page = await context.newPage();
      for (const script of options.init ?? []) await page.addInitScript(script);
      if (options.reducedMotion) await page.emulateMedia({ reducedMotion: 'reduce' });
      await options.setup?.(page);
      await page.goto(`${lab.base}${query}`);
      await page.waitForSelector('body[data-ready=true]', { timeout: 20_000 });
      return page;
    },
  };
}

/**
 * A script for `page.addInitScript`, run before the Lab's own: the page's Worker wrapped so a
 * test decides when a request reaches a worker, and the time of an answer is not left to the
 * machine's speed. In the page:
 * - `__hold(m)` picks the requests kept back (at first the JavaScript expression `hold` in `m`;
 *   none by default), `__held()` lists them (`type:file`), `__release()` sends them on;
 * - `__fail(message, only)` answers the held requests of a file ending in `only` (all, without
 *   it) with the worker's error, as a scenario that does not load would;
 * - `__busy()` counts the workers on an M/M/c request (until it is answered or the worker ended).
 */
export function workerProbe(hold = 'false'): string {
  return `
  (() => {
    const Real = window.Worker;
    const busy = new Set();
    const held = [];
    const fileOf = (m) => String(m.file || (m.job && m.job.file) || '');
    window.__hold = (m) => (${hold});
    window.__held = () => held.map(([, m]) => m.type + ':' + fileOf(m));
    window.__busy = () => busy.size;
    window.__release = () => { for (const [w, m] of held.splice(0)) Real.prototype.postMessage.call(w, m); };
    window.__fail = (message, only = '') => {
      for (let i = 0; i < held.length; i++) {
        const [w, m] = held[i];
        if (!fileOf(m).endsWith(only)) continue;
        held.splice(i--, 1);
        w.dispatchEvent(new MessageEvent('message', { data: { id: m.id, type: 'error', message } }));
      }
    };
    window.Worker = class extends Real {
      constructor(...args) {
        super(...args);
        this.addEventListener('message', (e) => {
          if (e.data && e.data.type !== 'progress') busy.delete(this);
        });
      }
      postMessage(m, ...rest) {
        if (m && m.type === 'mmc') busy.add(this);
        if (m && window.__hold(m)) return void held.push([this, m]);
        return super.postMessage(m, ...rest);
      }
      terminate() {
        busy.delete(this);
        return super.terminate();
      }
    };
  })();`;
}

/** The part of `run --json` (and of the Lab's downloaded result) the Lab specs compare. */
export interface RunMetrics {
  metrics: Record<string, { mean: number; halfWidth: number; samples: number[] }>;
}

/** A short run for the Lab specs: two replications of two weeks, no warm-up. */
export const SHORT_RUN: readonly string[] = ['replications=2', 'horizon=2w', 'warmup=0'];

/**
 * `consular-sim run scenarios/<name>.yaml --set … --json`, as the Lab's CLI line runs it. Call it
 * before or after the page's work, never during it: spawnSync holds this process, which also
 * serves the Lab.
 */
export function runCli(name: string, sets: readonly string[]) {
  return spawnSync(
    process.execPath,
    [
      join(ROOT, 'bin', 'consular-sim.js'),
      'run',
      `scenarios/${name}.yaml`,
      ...sets.flatMap((s) => ['--set', s]),
      '--json',
    ],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
}

/** Waits until the locator's text contains `text`. */
export const hasText = (l: ReturnType<Page['locator']>, text: string) =>
  eventually(
    () => l.textContent(),
    (v) => expect(v ?? '').toContain(text),
  );

/** Types into a field key by key, as a user does (empty `text`: the field emptied). */
export async function typeKeys(page: Page, selector: string, text: string): Promise<void> {
  await page.focus(selector);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  if (text) await page.keyboard.type(text);
}

/** The page's console errors and uncaught errors from now until `stop()`, for a failure's message. */
function watchErrors(page: Page): { errors: string[]; stop(): void } {
  const errors: string[] = [];
  const onConsole = (m: { type(): string; text(): string }) => {
    if (m.type() === 'error') errors.push(m.text());
  };
  const onPageError = (e: Error) => errors.push(e.message);
  page.on('console', onConsole);
  page.on('pageerror', onPageError);
  return {
    errors,
    stop: () => {
      page.off('console', onConsole);
      page.off('pageerror', onPageError);
    },
  };
}

/** What the page shows of a run, for a test's message when a run ends without its result. */
export interface RunState {
  /** Results drawn by the run awaited (not marked as an earlier run's). */
  newResults: number;
  runDisabled: boolean | null;
  /** The error box's text, or null while it is hidden. */
  errors: string | null;
  /** The progress line's text, or null while it is hidden. */
  progress: string | null;
  estimate: string | null;
  resultBusy: string | null;
  focused: string;
  url: string;
}

/** The page's run state now (see RunState). */
export function runState(page: Page): Promise<RunState> {
  return page.evaluate(() => {
    const shown = (sel: string) => {
      const el = document.querySelector<HTMLElement>(sel);
      return el && !el.hidden ? el.innerText.replace(/\s+/g, ' ').trim() : null;
    };
    const at = document.activeElement;
    return {
      newResults: document.querySelectorAll(
        '[data-testid=result] .run-meta:not([data-earlier-run])',
      ).length,
      runDisabled: document.querySelector<HTMLButtonElement>('[data-testid=run]')?.disabled ?? null,
      errors: shown('#errors'),
      progress: shown('#progress'),
      estimate: shown('#estimate'),
      resultBusy: document.querySelector('[data-testid=result]')?.getAttribute('aria-busy') ?? null,
      focused: at ? `${at.tagName.toLowerCase()}${at.id ? `#${at.id}` : ''}` : 'none',
      url: location.search,
    };
  });
}

/**
 * How long Run may stay enabled, with no new result and nothing said in the error box or the
 * progress line, before the run counts as ended without one. The click starts a run (Run
 * disabled) in the same task as the click, so a run under way is never read as ended; a
 * second covers a page where the click was lost, with room for a busy machine's slow frames.
 */
const QUIET_END_MS = 1_000;

/**
 * Presses Run and waits for the result it draws, with Run enabled again. A run that ends without
 * one (its error shown, a word in the progress line, or nothing at all) or that is still under
 * way after `timeout` fails with what the page shows of it, the page's console errors and
 * `consoleErrors` (the caller's, from before the click) in the message.
 */
export async function runAndWait(
  page: Page,
  options: { timeout?: number; consoleErrors?: readonly string[] } = {},
): Promise<void> {
  const { timeout = 30_000, consoleErrors = [] } = options;
  // Mark the results on screen, so that only a result drawn by this run counts.
  await page.evaluate(() => {
    document
      .querySelectorAll('[data-testid=result] .run-meta')
      .forEach((e) => e.setAttribute('data-earlier-run', ''));
    (window as unknown as { __runIdleSince?: number }).__runIdleSince = undefined;
  });
  const { errors: seen, stop } = watchErrors(page);
  const started = Date.now();
  let outcome: string;
  try {
    await page.click('[data-testid=run]');
    outcome = await page
      .waitForFunction(
        (quietMs) => {
          const w = window as unknown as { __runIdleSince?: number };
          const run = document.querySelector<HTMLButtonElement>('[data-testid=run]');
          if (!run || run.disabled) {
            w.__runIdleSince = undefined;
            return false;
          }
          if (document.querySelector('[data-testid=result] .run-meta:not([data-earlier-run])'))
            return 'result';
          const said = ['#errors', '#progress'].some(
            (sel) => document.querySelector<HTMLElement>(sel)?.hidden === false,
          );
          if (said) return 'ended without a result';
          w.__runIdleSince ??= performance.now();
          return performance.now() - w.__runIdleSince > quietMs
            ? 'ended without a result, and nothing said'
            : false;
        },
        QUIET_END_MS,
        { timeout, polling: 100 },
      )
      .then((h) => h.jsonValue() as Promise<string>)
      .catch((err: Error) => {
        if (!/Timeout .* exceeded/.test(err.message)) throw err;
        return `no result after ${timeout} ms`;
      });
  } finally {
    stop();
  }
  if (outcome === 'result') return;
  const state = await runState(page).catch((err: Error) => `unreadable: ${err.message}`);
  throw new Error(
    `Run: ${outcome} (${Date.now() - started} ms after the click). The page: ${JSON.stringify(state)}. ` +
      `Console errors: ${JSON.stringify([...consoleErrors, ...seen])}`,
  );
}

/** A file the page gave to download: its suggested name and its text. */
export interface Downloaded {
  name: string;
  text: string;
}

/**
 * Clicks `selector` and gives the file the page downloads. When no download starts within
 * `timeout`, the error says how far the click got: whether the button was on the page and took
 * the click, whether the page clicked a download link (`<a download>`) in answer, and the page's
 * errors meanwhile, so that a failure tells a lost click from a download the browser did not start.
 */
export async function downloadFile(
  page: Page,
  selector: string,
  timeout = 30_000,
): Promise<Downloaded> {
  await page.evaluate((sel) => {
    const w = window as unknown as { __dl?: { clicks: number; links: string[] } };
    const seen = { clicks: 0, links: [] as string[] };
    w.__dl = seen;
    document.addEventListener(
      'click',
      (e) => {
        if (w.__dl !== seen) return;
        const target = e.target as Element | null;
        if (target?.closest(sel)) seen.clicks++;
        if (target instanceof HTMLAnchorElement && target.hasAttribute('download'))
          seen.links.push(target.download);
      },
      true,
    );
  }, selector);
  const { errors, stop } = watchErrors(page);
  try {
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout }),
      page.click(selector, { timeout }),
    ]);
    return {
      name: download.suggestedFilename(),
      text: readFileSync((await download.path()) as string, 'utf8'),
    };
  } catch (err) {
    const state = await page
      .evaluate(
        (sel) => ({
          ...(window as unknown as { __dl?: { clicks: number; links: string[] } }).__dl,
          buttons: document.querySelectorAll(sel).length,
          focused: document.activeElement?.id ?? document.activeElement?.tagName ?? 'none',
        }),
        selector,
      )
      .catch((e: Error) => ({ unreadable: e.message }));
    throw new Error(
      `no download from ${selector}: ${(err as Error).message.split('\n')[0]}; ` +
        `the page: ${JSON.stringify(state)}; its errors: ${JSON.stringify(errors)}`,
    );
  } finally {
    stop();
  }
}
