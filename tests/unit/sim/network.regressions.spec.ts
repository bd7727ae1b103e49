import { describe, expect, it } from 'vitest';
import { runNetwork } from '../../../src/sim/network';
import { replicationSeed } from '../../../src/sim/rng';
import { coincidingEventsNetwork, routedTieNetwork } from '../../integration/queue/live-fixtures';

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

describe('events at one instant', () => {
  // One order whatever the order of scheduling: capacity changes, ends of service, reneging,
  // arrivals. The scheduling order had decided, so the same tie went either way.
  const run = runNetwork(coincidingEventsNetwork(1), { seed: 1, until: 1440 });

  it('starts no service at the instant a shift ends', () => {
    // 06:00: three arrive for two servers (06:00-09:00); 08:00 a third server takes the third
    // (08:00-11:00); 08:30 two more wait. At 09:00 the shift drops to one server as the first two
    // services end: the one server left is busy until 11:00, so they start at 11:00 and 14:00.
    const wait = run.stations.shifted.wait;
    expect(wait.count).toBe(5);
    expect(wait.max).toBe(840 - 510);
    expect(wait.mean).toBeCloseTo((0 + 0 + 120 + (660 - 510) + (840 - 510)) / 5, 9);
  });

  it('serves a customer whose patience runs out at the instant the server frees', () => {
    // One server, 5 minutes each, arrivals at 0, 1 and 2 with 8 minutes' patience: the third
    // has waited 8 minutes when the second's service ends at 10.
    expect(run.stations.single.reneged).toBe(0);
    expect(run.stations.single.served).toBe(6);
  });

  it('lets a service that ends at an arrival’s instant free the queue first', () => {
    // One server, 10 minutes each, room for one waiting; pairs arrive at 0, 10, 20 and one at 30.
    // At 10 the first leaves and the waiting one starts before the pair comes: one of the pair
    // waits, the other finds the one place taken.
    expect(run.stations.capped.maxQueue).toBe(1);
    expect(run.stations.capped.balked).toBe(2);
    expect(run.stations.capped.served).toBe(5);
  });
});

describe('a customer routed on at an instant of the next station’s own events', () => {
  // Routed on, a customer arrives after the next station's ends of service and reneging at that
  // instant, as any arrival does; it had arrived within the departure that sent it, before them.
  const run = runNetwork(routedTieNetwork(1), { seed: 1, until: 1440 });

  it('finds the server that ends a service at that instant free', () => {
    // 00:20: the walk-in's service at `back` (no room to wait) ends as the two-step customer
    // comes on from `front`: it is served, where it had been turned back as a balk.
    expect(run.stations.back.balked).toBe(0);
    expect(run.stations.back.served).toBe(2);
  });

  it('finds the place of a customer whose patience runs out at that instant free', () => {
    // 01:20: at `counter` (one place to wait) the waiting customer's 20 minutes run out as the
    // second two-step customer comes on: it takes the place and is served at 01:30.
    expect(run.stations.counter.reneged).toBe(1);
    expect(run.stations.counter.balked).toBe(0);
    expect(run.stations.counter.served).toBe(2);
    expect(run.stations.counter.wait.max).toBe(10);
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
