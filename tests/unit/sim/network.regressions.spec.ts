import { describe, expect, it } from 'vitest';
import { runNetwork } from '../../../src/sim/network';
import { replicationSeed } from '../../../src/sim/rng';

describe('regressions (sim)', () => {
  it('daily total is exact when the horizon is not a whole number of days', () => {
    for (const days of [1.5, 10.25]) {
      const run = runNetwork(
        {
          name: 'daily',
          stations: [{ id: 'desk', servers: 50 }],
          classes: [
            {
              id: 'citizen',
              route: [{ id: 's', station: 'desk', service: { dist: 'constant', value: 1 } }],
            },
          ],
          sources: [{ id: 'walk-ins', class: 'citizen', arrivals: { kind: 'daily', total: 1000 } }],
        },
        { seed: 1, until: days * 1440 },
      );
      expect(run.totals.arrivals, `${days} days`).toBe(1000);
    }
  });

  it('replicationSeed differs between base seeds that differ by 2^32', () => {
    expect(replicationSeed(2 ** 32, 0)).not.toBe(replicationSeed(0, 0));
    expect(replicationSeed(2 ** 33 + 7, 0)).not.toBe(replicationSeed(7, 0));
  });
});

describe('regressions (time series)', () => {
  it('a horizon that is not a multiple of the interval keeps its last, shorter bucket', () => {
    const run = runNetwork(
      {
        name: 'partial',
        stations: [{ id: 'desk', servers: 1 }],
        classes: [
          {
            id: 'citizen',
            route: [{ id: 's', station: 'desk', service: { dist: 'constant', value: 1 } }],
          },
        ],
        sources: [
          { id: 'walk-ins', class: 'citizen', arrivals: { kind: 'trace', times: [10, 70, 80] } },
        ],
      },
      { seed: 1, until: 90, interval: 60 },
    );
    expect(run.timeseries?.t).toEqual([60, 90]);
    expect(run.timeseries?.arrivals).toEqual([1, 2]);
  });
});
