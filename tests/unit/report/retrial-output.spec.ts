import 'reflect-metadata';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { runScenario, type ScenarioResult } from '../../../src/experiment/scenario.runner';
import { renderSummary } from '../../../src/report/summary.report';
import { renderReport } from '../../../src/report/html-report';
import { compareRuns } from '../../../src/experiment/compare';
import { renderComparison } from '../../../src/cli/commands/compare.action';
import { formatCi, formatValue } from '../../../src/report/numbers';

// A station's retrial rule (stations.<id>.retrial) shown where a user reads a run: the terminal
// summary, report.html and compare. Short runs of the teaching scenario, a fixed seed.
const RETRIAL = 'scenarios/teaching-queue-retrial.yaml';
const SHORT = ['horizon=1w', 'warmup=1d', 'replications=3'];
const KEYS = ['balkedAttempts', 'retrials', 'balked', 'gaveUpAfterRetrial'] as const;

const run = (file: string, set: string[] = []) =>
  runScenario(loadScenario(file, { set: [...SHORT, ...set] }), { threads: 0 });

describe('a station with a retrial rule, in run, report.html and compare', () => {
  let retrial: ScenarioResult;
  let mmc: ScenarioResult;
  beforeAll(async () => {
    retrial = await run(RETRIAL);
    mmc = await run('scenarios/teaching-mmc.yaml');
  });

  it("run's summary lists the arrivals turned away, the returns and the lost, with their CIs", () => {
    const text = renderSummary(retrial);
    const lines = text.split('\n');
    const head = lines.findIndex((l) => l.startsWith('station  turned away (arrivals)'));
    expect(head, text).toBeGreaterThan(0);
    expect(lines[head]).toMatch(
      /came back +lost for good +gave up after coming back +due back after the end +name$/,
    );
    const cells = lines[head + 2].split(/ {2,}/);
    expect(cells[0]).toBe('desk');
    expect(cells.slice(1, 5)).toEqual(
      KEYS.map((k) => formatCi(retrial.metrics[`stations.desk.${k}`], 'count')),
    );
    // Those due back after the end, replication 1's as report.html shows them, and the
    // station's label last, as in the station table.
    const due = retrial.firstReplication.main.stations.desk.retryingAtEnd;
    expect(due).toBeDefined();
    expect(cells[5]).toBe(formatValue(due!, 'count'));
    expect(cells[6]).toBe('Walk-in counter and waiting hall');
    expect(text).toContain('Due back after the end is the count of replication 1');
    // Returns happened and some still gave up: the table is not of zeros.
    expect(retrial.metrics['stations.desk.retrials'].mean).toBeGreaterThan(0);
    expect(text).toContain('gave up after coming back, those of them who had come back');
    // Without the rule, none of it.
    const plain = renderSummary(mmc);
    expect(plain).not.toContain('turned away (arrivals)');
    expect(plain).not.toContain('retrial');
  });

  it('report.html has a table of them, each figure with its 95% CI, only where the rule is', () => {
    const html = renderReport({ result: retrial });
    const start = html.indexOf('<table class="data" data-table="retrials">');
    expect(start).toBeGreaterThan(0);
    const table = html.slice(start, html.indexOf('</table>', start));
    const heads = [...table.matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((m) => m[1]);
    expect(heads).toEqual([
      'station',
      'turned away (arrivals)',
      'came back',
      'lost for good',
      'gave up after coming back',
      'due back after the end',
    ]);
    for (const k of KEYS) {
      const e = retrial.metrics[`stations.desk.${k}`];
      const cell = new RegExp(`data-metric="stations\\.desk\\.${k}">([^<]*)<`).exec(table);
      expect(cell?.[1], k).toBe(formatCi(e, 'count'));
      expect(cell?.[1], k).toMatch(/ ± /);
    }
    const due = retrial.firstReplication.main.stations.desk.retryingAtEnd;
    expect(table).toMatch(new RegExp(`<td class="num">${due}</td></tr>`));
    // The station as the station table names it: its label, the id beside it.
    expect(table).toContain(
      '<th scope="row">Walk-in counter and waiting hall <code class="raw-id" title="station id">desk</code></th>',
    );
    expect(renderReport({ result: mmc })).not.toContain('data-table="retrials"');
  });

  it('compare writes the retrial counts as counts, in arrivals and customers', async () => {
    // The same seed and replications: paired, the difference of one change (probability).
    const fewer = await run(RETRIAL, ['stations.desk.retrial.probability=0.3']);
    const text = renderComparison(compareRuns(retrial, fewer));
    const row = (k: string) => {
      const line = text.split('\n').find((l) => l.startsWith(`stations.desk.${k} `));
      expect(line, `${k} in\n${text}`).toBeDefined();
      return line!.split(/ {2,}/);
    };
    expect(row('balkedAttempts')[1]).toBe('arrivals');
    expect(row('retrials')[1]).toBe('arrivals');
    expect(row('gaveUpAfterRetrial')[1]).toBe('customers');
    expect(row('balked')[1]).toBe('customers');
    // Whole numbers, as every other count: A's and B's means and B − A.
    for (const k of KEYS)
      for (const cell of row(k).slice(2, 5)) expect(cell, k).toMatch(/^[-+]?[\d,]+$/);
  });
});
