import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { runScenario } from '../../../src/experiment/scenario.runner';

const fixture = (name: string) => `tests/fixtures/scenarios/${name}.yaml`;

describe('runScenario', () => {
  it('runs R replications in this thread and gives a CI per metric', async () => {
    const s = loadScenario(fixture('good'), { set: ['horizon=2d', 'seed=5'] });
    const result = await runScenario(s, { replications: 3, threads: 0 });
    expect(result.replications).toBe(3);
    const wait = result.metrics['stations.desk.wait.mean'];
    expect(wait.samples).toHaveLength(3);
    expect(wait.n).toBe(3);
    // Replications are independent: their arrival counts are not all equal.
    expect(new Set(result.metrics['totals.arrivals'].samples).size).toBeGreaterThan(1);
    // 6 an hour for 48 hours: 288 expected; each replication within 5 Poisson sd.
    for (const n of result.metrics['totals.arrivals'].samples)
      expect(Math.abs(n - 288)).toBeLessThan(5 * Math.sqrt(288));
    // The same seed reproduces the metrics exactly.
    const again = await runScenario(s, { replications: 3, threads: 0 });
    expect(again.metrics).toEqual(result.metrics);
  });
});
