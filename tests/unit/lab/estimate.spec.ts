import { describe, expect, it } from 'vitest';
import { estimateSeconds, measuredRate } from '../../../lab/src/estimate';

describe("the Lab's estimate of a run", () => {
  it('runs replications side by side on the workers, a worker its share one after another', () => {
    // 10 replications of 100,000 customers on 4 workers: 3 rounds at 50,000 a second each.
    expect(estimateSeconds(100_000, 10, 4, 50_000)).toBe(6);
    // More workers than replications: one round.
    expect(estimateSeconds(100_000, 2, 16, 50_000)).toBe(2);
    // 100 times the replications, 100 times the customers (the horizon): 10,000 times as long.
    expect(estimateSeconds(100_000, 12, 4, 50_000)).toBe(6);
    expect(estimateSeconds(100 * 100_000, 100 * 12, 4, 50_000)).toBe(10_000 * 6);
  });

  it('learns the speed from a run so that the same run is then estimated at the time it took', () => {
    const rate = measuredRate(78_624, 10, 2, 1.3);
    expect(estimateSeconds(78_624, 10, 2, rate)).toBeCloseTo(1.3, 12);
  });
});
