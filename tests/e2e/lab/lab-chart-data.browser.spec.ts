/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * What a screen reader and a keyboard get of a run's charts and of a field's mistakes, in
 * headless Chromium: each chart's numbers in a table under it (the numbers of the run's own
 * downloaded result, to the decimals the table writes), reached by Tab, the chart pointing at it;
 * and a value that breaks two rules shows both beside its field, which they describe.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  CHROMIUM,
  downloadFile,
  eventually,
  RUN_BROWSER_TESTS,
  SHORT_RUN,
  useLab,
} from '../../helpers/lab-browser';
import type { LabResult } from '../../../lab/src/results';

if (!RUN_BROWSER_TESTS)
  console.warn(`lab-chart-data.browser.spec.ts skipped: ${CHROMIUM} not found.`);

const ROOT = resolve(__dirname, '../../..');

/** A table's rows as shown: the row's header, then its cells. */
type Rows = string[][];

/**
 * Checks a cell against the number it stands for: '–' where there is none, else the value to
 * the decimals the cell writes (en-GB: `1,234.5`, `12.5%` for a share given as 0.125).
 */
function expectCell(cell: string, value: number, what: string): void {
  if (!Number.isFinite(value)) {
    expect(cell, what).toBe('–');
    return;
  }
  const percent = cell.endsWith('%');
  const digits = cell.replace(/[,%]/g, '');
  expect(digits, what).toMatch(/^-?\d+(\.\d+)?$/);
  const decimals = digits.split('.')[1]?.length ?? 0;
  const shown = Number(digits) / (percent ? 100 : 1);
  const step = 10 ** -decimals / (percent ? 100 : 1);
  expect(Math.abs(shown - value), `${what}: ${cell} for ${value}`).toBeLessThanOrEqual(
    step / 2 + 1e-9,
  );
}

describe.runIf(RUN_BROWSER_TESTS)("a run's charts and a field's rules, for a screen reader", () => {
  const lab = useLab();

  /** The table under the chart of `kind`: its caption, column headers and rows, as shown. */
  async function chartTable(page: Page, kind: string) {
    return page.evaluate((kind) => {
      const figure = document.querySelector(`figure.chart[data-chart="${kind}"]`);
      const details = figure?.nextElementSibling;
      if (!figure || !(details instanceof HTMLDetailsElement)) return null;
      const svg = figure.querySelector('svg');
      const described = svg?.getAttribute('aria-describedby') ?? '';
      const text = (el: Element) => el.textContent?.trim() ?? '';
      return {
        role: svg?.getAttribute('role'),
        // The chart points at its own table's summary.
        describedBySummary: details.querySelector('summary')?.id === described && described !== '',
        caption: text(details.querySelector('caption') as Element),
        columns: [...details.querySelectorAll('thead th')].map((th) => [
          th.getAttribute('scope'),
          text(th),
        ]),
        rowHeadersScoped: [...details.querySelectorAll('tbody tr')].every(
          (tr) => tr.firstElementChild?.matches('th[scope=row]') ?? false,
        ),
        rows: [...details.querySelectorAll('tbody tr')].map((tr) =>
          [...tr.children].map((c) => text(c)),
        ),
      };
    }, kind);
  }

  it("gives each chart its numbers in a table, those of the run's result, reached by Tab", async () => {
    const page = await lab.open(
      `?lang=en&s=teaching-mmc${SHORT_RUN.map((s) => `&set=${encodeURIComponent(s)}`).join('')}`,
    );
    await page.click('[data-testid=run]');
    await page.waitForSelector('[data-testid=result] .run-meta', { timeout: 60_000 });
    const download = await downloadFile(page, '#download-json');
    const result = JSON.parse(download.text) as LabResult;
    const ts = result.timeseries.main;
    expect(ts?.t.length).toBeGreaterThan(10);
    if (!ts) return;
    // The station the charts draw: the stations table's first (the busiest) row.
    const station = (await page.getAttribute('tr[data-station]', 'data-station')) as string;
    const series = ts.stations[station];
    const hist = result.firstReplication.main.stations[station].waitHistogram;
    // Two weeks: the time axis is in days (the run's horizon is over 3 days).
    const unit = 1440;
    const checkTime = (rows: Rows, what: string) =>
      rows.forEach((row, i) => expectCell(row[0], ts.t[i] / unit, `${what} time ${i}`));

    const flow = await chartTable(page, 'flow');
    expect(flow).not.toBeNull();
    if (!flow) return;
    expect(flow.role).toBe('img');
    expect(flow.describedBySummary).toBe(true);
    expect(flow.caption).toMatch(/^Arrivals and completions per hour/);
    expect(flow.columns).toEqual([
      ['col', 'end of interval (day)'],
      ['col', 'arrivals (customers per hour)'],
      ['col', 'completed (customers per hour)'],
    ]);
    expect(flow.rowHeadersScoped).toBe(true);
    expect(flow.rows.length).toBe(ts.t.length);
    checkTime(flow.rows, 'flow');
    // Every row's time is its own: none written the same as another.
    expect(new Set(flow.rows.map((r) => r[0])).size).toBe(ts.t.length);
    flow.rows.forEach((row, i) => {
      expectCell(row[1], ts.arrivals[i] < 0 ? NaN : ts.arrivals[i], `arrivals ${i}`);
      expectCell(row[2], ts.completions[i] < 0 ? NaN : ts.completions[i], `completed ${i}`);
    });

    const queue = await chartTable(page, 'queue');
    expect(queue?.rows.length).toBe(ts.t.length);
    expect(queue?.columns.map((c) => c[1])).toEqual([
      'end of interval (day)',
      'waiting (customers, mean over the interval)',
    ]);
    checkTime(queue?.rows ?? [], 'queue');
    queue?.rows.forEach((row, i) => expectCell(row[1], series.queue[i], `queue ${i}`));

    const busy = await chartTable(page, 'utilisation');
    expect(busy?.rows.length).toBe(ts.t.length);
    busy?.rows.forEach((row, i) => {
      expectCell(row[1], series.busy[i], `busy ${i}`);
      expectCell(row[2], series.capacity[i], `on duty ${i}`);
    });

    const histogram = await chartTable(page, 'wait-histogram');
    expect(histogram?.rows.length).toBe(hist.counts.length);
    expect(histogram?.columns.map((c) => c[1])).toEqual(['wait (minutes)', 'customers']);
    histogram?.rows.forEach((row, i) => {
      expect(row[1].replace(/,/g, ''), `bin ${i}`).toBe(String(hist.counts[i]));
      const [low] = row[0].split('–');
      expectCell(low, hist.edges[i], `bin ${i} from`);
    });
    // The charts' percentiles, in the caption as their markers write them.
    expect(histogram?.caption).toMatch(/p50 [\d.,]+, p90 [\d.,]+, p99 [\d.,]+$/);

    const cdf = await chartTable(page, 'wait-cdf');
    const total = hist.counts.reduce((s, c) => s + c, 0);
    expect(cdf?.rows.length).toBe(hist.counts.length + 1);
    let acc = 0;
    cdf?.rows.forEach((row, i) => {
      if (i > 0) acc += hist.counts[i - 1];
      expectCell(row[1], acc / total, `share at most ${row[0]}`);
    });
    expect(cdf?.rows[cdf.rows.length - 1][1]).toBe('100%');

    // By keyboard: Tab from the results' heading reaches the first chart's table, which opens
    // with Enter, and its box (which scrolls a long table) is the next stop.
    await page.focus('#result-h');
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(
        () => document.activeElement?.matches('details.chart-data > summary') ?? false,
      );
    }
    expect(reached).toBe(true);
    expect(
      await page.evaluate(
        () => document.activeElement?.closest('details')?.previousElementSibling?.outerHTML,
      ),
    ).toMatch(/^<figure class="chart" data-chart="flow"/);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.closest('details')?.open)).toBe(true);
    await page.keyboard.press('Tab');
    expect(
      await page.evaluate(() =>
        document.activeElement?.matches('details.chart-data[open] > .table-scroll[role=region]'),
      ),
    ).toBe(true);
    await page.context().close();
  });

  it('shows every rule a value breaks beside its field, as a list that describes it', async () => {
    // The CLI's own rules for horizon 0: not longer than 0, nor than the warm-up.
    const cli = spawnSync(
      process.execPath,
      [join(ROOT, 'bin', 'consular-sim.js'), 'run', 'scenarios/teaching-mmc.yaml'].concat([
        '--set',
        'horizon=0',
      ]),
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(cli.status).toBe(2);
    const rules = [
      ...cli.stderr.matchAll(/scenarios\/teaching-mmc\.yaml: horizon: (.*); the value comes from/g),
    ].map((m) => `horizon: ${m[1]}`);
    expect(rules.length).toBe(2);

    const page = await lab.open('?lang=en&s=teaching-mmc');
    await page.waitForSelector('#f-horizon');
    await page.fill('#f-horizon', '0');
    const items = page.locator('#f-horizon-err li');
    await eventually(
      () => items.allTextContents(),
      (v) => expect(v).toEqual(rules),
    );
    expect(await page.isVisible('#f-horizon-err')).toBe(true);
    expect(await page.getAttribute('#f-horizon', 'aria-invalid')).toBe('true');
    expect((await page.getAttribute('#f-horizon', 'aria-describedby'))?.split(' ')).toContain(
      'f-horizon-err',
    );
    // What a screen reader reads for the field: both rules, as Chromium computes its description.
    const cdp = await page.context().newCDPSession(page);
    const { root } = (await cdp.send('DOM.getDocument')) as { root: { nodeId: number } };
    const { nodeId } = (await cdp.send('DOM.querySelector', {
      nodeId: root.nodeId,
      selector: '#f-horizon',
    })) as { nodeId: number };
    const { nodes } = (await cdp.send('Accessibility.getPartialAXTree', {
      nodeId,
      fetchRelatives: false,
    })) as { nodes: { description?: { value: string } }[] };
    const description = nodes[0]?.description?.value ?? '';
    for (const rule of rules) expect(description).toContain(rule);
    // The summary at the form's top names the field first, in the CLI's words.
    expect(await page.locator('#errors li').first().textContent()).toContain(
      'scenarios/teaching-mmc.yaml: horizon: must be longer than 0',
    );
    // A value that breaks one rule is shown as one line again, not a list.
    await page.fill('#f-horizon', '-5');
    await eventually(
      () => page.textContent('#f-horizon-err'),
      (v) => expect(v).toMatch(/^horizon: must be a duration/),
    );
    expect(await items.count()).toBe(0);
    await page.context().close();
  });
});
