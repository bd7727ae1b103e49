import 'reflect-metadata';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { runScenario } from '../../../src/experiment/scenario.runner';
import { parseParam, parseTarget, runSweep } from '../../../src/experiment/sweep';
import { renderSummary } from '../../../src/report/summary.report';
import { renderReport } from '../../../src/report/html-report';
import { renderSweep } from '../../../src/cli/commands/sweep.action';

const MMC = resolve(__dirname, '../../../scenarios/teaching-mmc.yaml');
const SHORT = ['horizon=3d', 'warmup=1d'];

// A station that serves nobody has no wait to report: 0 would say "served at once".
describe('a station where nobody was served', () => {
  it('reports its wait and its customers\u2019 time in the system as unknown, not 0', async () => {
    const scenario = loadScenario(MMC, { set: [...SHORT, 'stations.desk.servers=0'] });
    const result = await runScenario(scenario, { replications: 3, threads: 0 });
    const m = result.metrics;
    // Customers came and queued the whole time.
    expect(m['stations.desk.arrivals'].mean).toBeGreaterThan(0);
    expect(m['stations.desk.meanQueue'].mean).toBeGreaterThan(0);
    expect(m['stations.desk.served'].mean).toBe(0);
    for (const k of ['mean', 'p50', 'p90', 'p95', 'p99'])
      expect(m[`stations.desk.wait.${k}`].mean, k).toBeNaN();
    expect(m['classes.citizen.systemTime.mean'].mean).toBeNaN();
    const row = renderSummary(result)
      .split('\n')
      .find((l) => l.startsWith('desk '));
    expect(row).toMatch(/^desk\s+0\s+–\s+–\s/);
    expect(renderReport({ result })).not.toMatch(/NaN/);
  });

  it('does not make a sweep pick no servers as the cheapest way to no wait', async () => {
    const sweep = await runSweep(MMC, {
      params: [parseParam('stations.desk.servers=0,12')],
      target: parseTarget('stations.desk.wait.mean<=15'),
      set: SHORT,
      replications: 2,
      threads: 0,
    });
    expect(sweep.points.map((p) => p.feasible)).toEqual([false, true]);
    expect(sweep.points[sweep.best!].values['stations.desk.servers']).toBe(12);
    // The text says why the configuration without servers does not count.
    expect(renderSweep(sweep)).toContain(
      'In 1 of 2 configurations stations.desk.wait.mean is not a number',
    );
  });
});
