import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { compareRuns, type RunSummaryFile } from '../../../src/experiment/compare';
import { renderComparison } from '../../../src/cli/commands/compare.action';
import { renderReport } from '../../../src/report/html-report';
import { estimateOf } from '../../../src/sim/stats';

/** A summary.json of scenario `document`, run at `seed`, with these replications' samples. */
function run(
  seed: number,
  metrics: Record<string, number[]>,
  document: Record<string, unknown>,
): RunSummaryFile {
  return {
    scenario: {
      name: 's',
      title: 'S',
      description: '',
      file: 's.yaml',
      model: 'network',
      horizonMinutes: 1,
      warmupMinutes: 0,
      assumptions: [],
      document,
    },
    seed,
    replications: Object.values(metrics)[0]!.length,
    elapsedSeconds: 0,
    arms: ['main'],
    metrics: Object.fromEntries(
      Object.entries(metrics).map(([k, samples]) => [k, { ...estimateOf(samples), samples }]),
    ),
    firstReplication: {},
    figures: {},
  };
}

const doc = { stations: { desk: { servers: 10 } } };
const low = [100, 101, 99, 100, 102];
const high = low.map((x) => x + 20);

describe('compare of two runs of the same inputs (only the seed differs)', () => {
  it('says a difference marked significant there is chance, not an effect, in the text and the report', () => {
    const c = compareRuns(
      run(1, { 'totals.arrivals': low, 'stations.desk.wait.mean': low }, doc),
      run(2, { 'totals.arrivals': high, 'stations.desk.wait.mean': low }, doc),
      ['a', 'b'],
    );
    const significant = c.differences.filter((d) => d.significant).length;
    expect(significant).toBeGreaterThan(0);
    expect(c.scenarioChanges).toEqual([]);
    expect(c.chanceNote).toContain('only the seed differs');
    expect(c.chanceNote).toContain(`marked significant ${significant === 1 ? 'is' : 'are'} chance`);
    expect(renderComparison(c)).toContain(c.chanceNote!);
    // The report escapes the note's apostrophes, if any; its words are the same.
    expect(renderReport({ comparison: c })).toContain('simulation noise');
  });

  it('says nothing of chance where a scenario key changed, or where nothing is significant', () => {
    const changed = compareRuns(
      run(1, { 'totals.arrivals': low }, doc),
      run(2, { 'totals.arrivals': high }, { stations: { desk: { servers: 11 } } }),
      ['a', 'b'],
    );
    expect(changed.differences.some((d) => d.significant)).toBe(true);
    expect(changed.chanceNote).toBeNull();
    expect(renderComparison(changed)).not.toContain('simulation noise');
    const quiet = compareRuns(
      run(1, { 'totals.arrivals': low }, doc),
      run(2, { 'totals.arrivals': [...low].reverse() }, doc),
      ['a', 'b'],
    );
    expect(quiet.differences.some((d) => d.significant)).toBe(false);
    expect(quiet.chanceNote).toBeNull();
  });
});
