import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { renderComparison } from '../../../../src/cli/commands/compare.action';
import { compareRuns, type RunSummaryFile } from '../../../../src/experiment/compare';
import { confidenceInterval } from '../../../../src/sim/stats';

function run(metrics: Record<string, number[]>, document: Record<string, unknown>): RunSummaryFile {
  return {
    scenario: {
      ...{ name: 's', title: 'S', description: '', file: 's.yaml', model: 'network' },
      ...{ horizonMinutes: 1, warmupMinutes: 0, assumptions: [], document },
    },
    seed: 1,
    replications: 4,
    elapsedSeconds: 0,
    arms: ['main'],
    metrics: Object.fromEntries(
      Object.entries(metrics).map(([k, samples]) => [
        k,
        { ...confidenceInterval(samples), samples },
      ]),
    ),
    firstReplication: {},
    figures: {},
  };
}

describe('renderComparison (the terminal table of compare)', () => {
  const metrics = (shift: number) =>
    Object.fromEntries(
      Array.from({ length: 30 }, (_, i) => [
        `m${i}`,
        [10, 12, 9, 11].map((x) => x + shift * (i + 1)),
      ]),
    );
  const assumptions = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ text: `assumption ${i} `.repeat(10), source: 'x' }));
  const text = renderComparison(
    compareRuns(
      run(metrics(0), { servers: 10, closures: assumptions(7), assumptions: assumptions(7) }),
      run(metrics(1), { servers: 11, closures: assumptions(1), assumptions: assumptions(1) }),
    ),
  );

  it('says when it shows only the most important differences, and where the rest are', () => {
    expect(text).toContain('The 25 most important of the 30 that differ are shown');
    expect(text).toMatch(/--json or --out/);
  });

  it('names a long changed list by its length instead of printing it whole', () => {
    expect(text).toContain('servers: 10 -> 11');
    expect(text).toContain('closures: (a list of 7 items) -> (a list of 1 item)');
    expect(text).not.toContain('assumption 3 assumption 3');
    // The assumptions describe the scenario: named apart, not listed as a change.
    expect(text).not.toContain('assumptions: (a list');
    expect(text).toContain("The scenarios' assumptions differ too");
  });

  it('says, under the method, that waits leave out the customers a run lost', () => {
    const base = run(
      { 'totals.lost': [0, 0, 0, 0], 'stations.desk.wait.mean': [40, 41, 39, 40] },
      {},
    );
    const gaveUp = run(
      { 'totals.lost': [9, 11, 10, 12], 'stations.desk.wait.mean': [4, 5, 4, 5] },
      {},
    );
    const lines = renderComparison(compareRuns(base, gaveUp)).split('\n');
    expect(lines[3]).toMatch(/^Customers were lost in B \(totals\.lost\)/);
    expect(renderComparison(compareRuns(base, base))).not.toContain('Customers were lost');
  });

  it('says how many of the metrics counted are the same in both runs, and so not in the table', () => {
    const a = run({ wait: [40, 41, 39, 40], lost: [0, 0, 0, 0], arrivals: [9, 9, 9, 9] }, {});
    const b = run({ wait: [13, 12, 14, 13], lost: [0, 0, 0, 0], arrivals: [9, 9, 9, 9] }, {});
    const text = renderComparison(compareRuns(a, b));
    expect(text).toContain('1 of 3 shared metrics differ significantly');
    expect(text).toContain('2 are the same in both runs (');
    expect(text).toMatch(/\((lost, arrivals|arrivals, lost)\) and not shown\./);
  });
});
