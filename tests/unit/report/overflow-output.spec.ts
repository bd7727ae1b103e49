import 'reflect-metadata';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { runScenario, type ScenarioResult } from '../../../src/experiment/scenario.runner';
import { renderSummary } from '../../../src/report/summary.report';
import { renderReport } from '../../../src/report/html-report';
import { formatCi } from '../../../src/report/numbers';

// A station's overflow (stations.<id>.overflow) shown where a user reads a run: the terminal
// summary and report.html. The teaching scenario as written (8 weeks, 10 replications, its
// seed: about a second), and its --set variants.
const OVERFLOW = 'scenarios/teaching-queue-overflow.yaml';

const run = (file: string, set: string[] = []) =>
  runScenario(loadScenario(file, { set }), { threads: 0 });

/** Erlang's M/M/c/K: the share of arrivals that find the c servers and K − c places full. */
function fullShare(perHour: number, meanMinutes: number, c: number, k: number): number {
  const a = (perHour * meanMinutes) / 60;
  const p: number[] = [1];
  for (let n = 1; n <= k; n++) p.push((p[n - 1] * a) / Math.min(n, c));
  return p[k] / p.reduce((s, x) => s + x, 0);
}

/** Mean and 95% half-width (Student t, 9 degrees of freedom: 10 replications) of samples. */
function ci95(xs: number[]): [number, number] {
  expect(xs).toHaveLength(10);
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1));
  return [mean, (2.262 * sd) / Math.sqrt(xs.length)];
}

describe('a station with an overflow, in run and report.html', () => {
  let overflow: ScenarioResult;
  let lost: ScenarioResult;
  beforeAll(async () => {
    overflow = await run(OVERFLOW);
    lost = await run(OVERFLOW, ['stations.desk.overflow=null']);
  });

  it('the teaching scenario sends on the share its description states, and it matters', () => {
    const m = overflow.metrics;
    // About 10% of the walk-ins find the hall full (M/M/3/7, 16 an hour, 10 minutes each),
    // as the description says: the share of each replication, against the formula.
    const b = fullShare(16, 10, 3, 7);
    expect(b).toBeGreaterThan(0.09);
    expect(b).toBeLessThan(0.11);
    const shares = m['stations.desk.overflowed'].samples.map(
      (x, r) => x / m['stations.desk.arrivals'].samples[r],
    );
    const [share, half] = ci95(shares);
    expect(Math.abs(share - b), `share ${share} ± ${half}, theory ${b}`).toBeLessThan(half * 1.5);
    // None of them is lost, and the back office is busier by their work: 50% of its own.
    expect(m['stations.desk.lost'].mean).toBe(0);
    const [busy, busyHalf] = ci95(m['stations.back-office.utilisation'].samples);
    expect(Math.abs(busy - (0.5 + (16 * b * 10) / 60)), `${busy} ± ${busyHalf}`).toBeLessThan(
      busyHalf * 1.5,
    );
    // Without the overflow the same citizens are lost instead, and the back office is not.
    expect(lost.metrics['stations.desk.overflowed']).toBeUndefined();
    expect(lost.metrics['stations.desk.lost'].mean).toBeGreaterThan(0);
    expect(lost.metrics['stations.back-office.utilisation'].mean).toBeLessThan(busy - 0.15);
  });

  it("run's summary lists those sent on, with their CI, and the station they were sent to", () => {
    const text = renderSummary(overflow);
    const lines = text.split('\n');
    const head = lines.findIndex((l) => l.startsWith('station  sent on when full (arrivals)'));
    expect(head, text).toBeGreaterThan(0);
    expect(lines[head]).toMatch(/ +sent on to +name$/);
    const cells = lines[head + 2].split(/ {2,}/);
    expect(cells).toEqual([
      'desk',
      formatCi(overflow.metrics['stations.desk.overflowed'], 'count'),
      'Back-office desk (back-office)',
      'Walk-in counter and waiting hall',
    ]);
    // Only the station with the overflow: the back office sends nobody on.
    expect(lines[head + 3]).toMatch(/^At a station with an overflow/);
    // Without it, none of it.
    const plain = renderSummary(lost);
    expect(plain).not.toContain('sent on when full');
    expect(plain).not.toContain('with an overflow');
  });

  it('report.html has a table of them, with the 95% CI, only where there is an overflow', () => {
    const html = renderReport({ result: overflow });
    const start = html.indexOf('<table class="data" data-table="overflows">');
    expect(start).toBeGreaterThan(0);
    const table = html.slice(start, html.indexOf('</table>', start));
    const heads = [...table.matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((m) => m[1]);
    expect(heads).toEqual(['station', 'sent on when full (arrivals)', 'sent on to']);
    const e = overflow.metrics['stations.desk.overflowed'];
    const cell = /data-metric="stations\.desk\.overflowed">([^<]*)</.exec(table);
    expect(cell?.[1]).toBe(formatCi(e, 'count'));
    expect(cell?.[1]).toMatch(/ ± /);
    // Both stations as the station table names them: the label, the id beside it.
    expect(table).toContain(
      '<th scope="row">Walk-in counter and waiting hall <code class="raw-id" title="station id">desk</code></th>',
    );
    expect(table).toContain(
      '<td>Back-office desk <code class="raw-id" title="station id">back-office</code></td>',
    );
    expect(table.match(/<tr><th scope="row">/g)).toHaveLength(1);
    expect(html.slice(start)).toContain('sent on when full counts the arrivals who found');
    const plain = renderReport({ result: lost });
    expect(plain).not.toContain('data-table="overflows"');
    expect(plain).not.toContain('sent on when full');
  });

  it('a larger hall set by --set sends fewer on, and the table still names the station', async () => {
    const bigger = await run(OVERFLOW, ['stations.desk.queueLimit=8', 'replications=2']);
    const text = renderSummary(bigger);
    expect(text).toMatch(/^desk +[\d,]+ ± [\d,.]+ +Back-office desk \(back-office\)/m);
    // A larger hall sends fewer on (paired by seed: the same arrivals and services).
    expect(bigger.metrics['stations.desk.overflowed'].mean).toBeLessThan(
      overflow.metrics['stations.desk.overflowed'].mean / 2,
    );
  });
});
