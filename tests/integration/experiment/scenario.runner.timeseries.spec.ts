import 'reflect-metadata';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/experiment/scenario.runner';
import { loadScenario } from '../../../src/scenario/scenario.loader';

const SCENARIOS = resolve(__dirname, '../../../scenarios');

/**
 * The per-interval counters once went below zero in the interval that ends at the warm-up
 * (they were not reset with it), and the report hid those values. Scenarios with a warm-up,
 * one arm or several, shifts or not: every count and level in every arm's series is >= 0.
 */
describe('time series of scenarios with a warm-up', () => {
  it.each([
    ['teaching-mmc.yaml', ['horizon=6w', 'warmup=2w']],
    ['paper-evisa.yaml', ['horizon=90d', 'warmup=30d']],
    ['paper-konsolosluk-2020.yaml', ['horizon=60d', 'warmup=15d']],
  ])('%s: no count below zero, before or after the warm-up', async (file, set) => {
    const result = await runScenario(loadScenario(join(SCENARIOS, file), { set }), {
      replications: 1,
      threads: 0,
    });
    const warmup = result.scenario.warmupMinutes;
    expect(warmup).toBeGreaterThan(0);
    let checked = 0;
    for (const arm of result.arms) {
      const ts = result.timeseries[arm];
      expect(ts, `arm ${arm} has a time series`).toBeDefined();
      // The warm-up end is one of the sample times: the interval the bug broke is in the data.
      expect(ts!.t.some((t) => t >= warmup)).toBe(true);
      for (let i = 0; i < ts!.t.length; i++) {
        const at = `arm ${arm}, interval ending at ${ts!.t[i]}`;
        expect(ts!.arrivals[i], `${at}: arrivals`).toBeGreaterThanOrEqual(0);
        expect(ts!.completions[i], `${at}: completions`).toBeGreaterThanOrEqual(0);
        for (const [id, s] of Object.entries(ts!.stations)) {
          expect(s.queue[i], `${at}, ${id}: queue`).toBeGreaterThanOrEqual(0);
          expect(s.busy[i], `${at}, ${id}: busy`).toBeGreaterThanOrEqual(0);
          expect(s.capacity[i], `${at}, ${id}: capacity`).toBeGreaterThanOrEqual(0);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});
