/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Opens generated reports in headless Chromium (Debian's /usr/bin/chromium, driven by
 * playwright-core; no browser is ever downloaded): no console errors, nothing fetched,
 * every chart drawn, the station picker works, and a one-year Konsolosluk.NET report
 * weighs under 5 MB. Its load time (budget 2 s) is a speed goal, so it is measured by
 * `npm run bench:report` (median of 5 loads), not asserted here: beside the rest of the suite on
 * 2 cores a wall-clock budget judged the machine's load (4.3 s at load average 11, 5 December
 * 2026), not the report. Screenshots go to out/ (gitignored).
 */
import 'reflect-metadata';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from '../../../src/report/html-report';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { runScenario } from '../../../src/experiment/scenario.runner';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = resolve(__dirname, '../../..');
const OUT = join(ROOT, 'out');
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const RUN = HAVE_CHROMIUM || Boolean(process.env.CI);
/** The size budget for a one-year Konsolosluk.NET report (issue: reports; its 2 s load budget is in npm run bench:report). */
const SIZE_BUDGET_BYTES = 5 * 1024 * 1024;

if (!RUN) {
  // Outside CI a developer without Chromium still gets the rest of the suite.
  console.warn(
    `e2e/report/html-report.spec.ts skipped: ${CHROMIUM} not found (install it: apt-get install -y chromium). In CI this test fails instead.`,
  );
}

interface Opened {
  page: Page;
  errors: string[];
  external: string[];
  loadMs: number;
}

describe.skipIf(!RUN)('report in Chromium', () => {
  let browser: Browser;
  let dir: string;
  const reports: Record<string, string> = {};

  beforeAll(async () => {
    expect(
      HAVE_CHROMIUM,
      `${CHROMIUM} is missing: CI must install it (apt-get install -y chromium)`,
    ).toBe(true);
    dir = mkdtempSync(join(tmpdir(), 'consular-report-e2e-'));
    const scenarios = join(ROOT, 'scenarios');
    const runs: [string, string, string[], number][] = [
      ['mmc', 'teaching-mmc.yaml', ['horizon=8w', 'warmup=1w'], 3],
      ['evisa', 'paper-evisa.yaml', ['horizon=400d'], 2],
      ['konsolosluk', 'paper-konsolosluk-2020.yaml', [], 2],
    ];
    for (const [name, file, set, replications] of runs) {
      const result = await runScenario(loadScenario(join(scenarios, file), { set }), {
        replications,
        threads: 0,
      });
      reports[name] = writeReport(join(dir, name), { result });
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    mkdirSync(OUT, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(name: string): Promise<Opened> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    const external: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => {
      if (!/^(file|data|about):/.test(r.url())) external.push(r.url());
    });
    const t0 = performance.now();
    await page.goto(pathToFileURL(reports[name]).href, { waitUntil: 'load' });
    await page.waitForFunction(() =>
      [...document.querySelectorAll('figure.chart')].every((f) => f.querySelector('svg')),
    );
    const loadMs = performance.now() - t0;
    return { page, errors, external, loadMs };
  }

  /** Per chart: its kind and how many marks (lines, bars, points) its svg holds. */
  function chartMarks(page: Page) {
    return page.$$eval('figure.chart', (figs) =>
      figs.map((f) => {
        const svg = f.querySelector('svg');
        const lines = [...(svg?.querySelectorAll('path.line, path.band') ?? [])].filter(
          (p) => (p.getAttribute('d') ?? '').length > 10,
        ).length;
        const shapes = svg?.querySelectorAll('rect, circle').length ?? 0;
        const box = svg?.getBoundingClientRect();
        const shown = getComputedStyle(f.closest('.panel') ?? f).display !== 'none';
        return {
          kind: f.getAttribute('data-chart'),
          marks: lines + shapes,
          width: box?.width ?? 0,
          shown,
        };
      }),
    );
  }

  it.each(['mmc', 'evisa'])(
    '%s: opens with no console error, fetches nothing, draws every chart',
    async (name) => {
      const { page, errors, external } = await open(name);
      const charts = await chartMarks(page);
      expect(charts.length).toBeGreaterThan(5);
      for (const c of charts) {
        expect(c.marks, `${c.kind} has nothing drawn`).toBeGreaterThan(0);
        if (c.shown) expect(c.width, `${c.kind} has no width`).toBeGreaterThan(200);
      }
      const kinds = new Set(charts.map((c) => c.kind));
      for (const k of ['flow', 'utilisation', 'wait-histogram', 'wait-cdf', 'busy-hours'])
        expect(kinds, k).toContain(k);
      if (name === 'evisa') expect(kinds).toContain('savings-waterfall');
      expect(errors).toEqual([]);
      expect(external).toEqual([]);
      await page.screenshot({
        path: join(
          OUT,
          name === 'evisa' ? 'report-screenshot.png' : `report-screenshot-${name}.png`,
        ),
        fullPage: true,
      });
      await page.close();
    },
  );

  it('the station picker shows one station at a time', async () => {
    const { page, errors } = await open('evisa');
    const select = page.locator('select[data-panels]').first();
    const group = await select.getAttribute('data-panels');
    const options = await select
      .locator('option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options.length).toBeGreaterThan(1);
    const visible = () =>
      page.$$eval(
        `.panel`,
        (ps, g) =>
          ps
            .filter(
              (p) => p.getAttribute('data-group') === g && getComputedStyle(p).display !== 'none',
            )
            .map((p) => p.getAttribute('data-key')),
        group,
      );
    expect(await visible()).toEqual([options[0]]);
    await select.selectOption(options[1]);
    expect(await visible()).toEqual([options[1]]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('prints every panel', async () => {
    const { page } = await open('evisa');
    await page.emulateMedia({ media: 'print' });
    const hidden = await page.$$eval(
      '.panel',
      (ps) => ps.filter((p) => getComputedStyle(p).display === 'none').length,
    );
    expect(hidden).toBe(0);
    await page.close();
  });

  it('a one-year Konsolosluk.NET report weighs under 5 MB and draws every chart, fetching nothing', async () => {
    const bytes = statSync(reports.konsolosluk).size;
    const { page, errors, external, loadMs } = await open('konsolosluk');
    const charts = await chartMarks(page);
    for (const c of charts) expect(c.marks, `${c.kind} has nothing drawn`).toBeGreaterThan(0);
    console.log(
      `konsolosluk report: ${(bytes / 1024).toFixed(0)} KiB, ${charts.length} charts, loaded and drawn in ${loadMs.toFixed(0)} ms (a reading, not a check: npm run bench:report measures the budget)`,
    );
    expect(bytes).toBeLessThan(SIZE_BUDGET_BYTES);
    expect(errors).toEqual([]);
    expect(external).toEqual([]);
    await page.screenshot({ path: join(OUT, 'report-screenshot-konsolosluk.png'), fullPage: true });
    await page.close();
  });
});
