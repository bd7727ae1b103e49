import 'reflect-metadata';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { liveNetwork, runLive } from '../../../src/queue/live-engine';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { runScenario } from '../../../src/scenario/scenario.runner';
import { runNetwork } from '../../../src/sim/network';
import { replicationSeed } from '../../../src/sim/rng';
import { testRedisUrl } from '../../e2e/api/redis-test-env';

const root = join(__dirname, '../../..');

describe('live replay on BullMQ agrees with the kernel', () => {
  const scenario = loadScenario(join(root, 'scenarios/teaching-mmc.yaml'), {
    set: ['horizon=2d', 'warmup=0', 'replications=10'],
  });

  it('M/M/10 over two days: same completed counts as the kernel, mean wait within the kernel CI', async () => {
    const kernel = runNetwork(liveNetwork(scenario), {
      seed: replicationSeed(scenario.seed, 0),
      until: scenario.horizon,
      warmup: scenario.warmup,
    });
    const ci = (await runScenario(scenario, { threads: 0 })).metrics['stations.desk.wait.mean'];
    for (const speed of [Infinity, 50_000]) {
      const live = await runLive(scenario, { speed, via: 'queue', redisUrl: testRedisUrl() });
      expect(live.totals).toEqual(kernel.totals);
      expect(live.stations.desk.served).toBe(kernel.stations.desk.served);
      expect(
        Math.abs(live.stations.desk.wait.mean - kernel.stations.desk.wait.mean),
      ).toBeLessThanOrEqual(ci.halfWidth);
      expect(live.stations.desk.utilisation).toBeCloseTo(kernel.stations.desk.utilisation, 6);
      expect(live.jobs).toBe(kernel.totals.arrivals);
    }
  });

  it('a multi-station network with exits and optional steps matches the kernel at max speed on counts', async () => {
    const sc = loadScenario(join(root, 'scenarios/teaching-mmc.yaml'), {
      set: ['horizon=1d', 'warmup=0'],
    });
    sc.network = {
      name: 'two-stage',
      stations: [
        { id: 'a', servers: 3 },
        { id: 'b', servers: 2 },
      ],
      classes: [
        {
          id: 'x',
          route: [
            {
              id: 's1',
              station: 'a',
              service: { dist: 'exponential', mean: 15 },
              exit: { probability: 0.2, outcome: 'refused' },
            },
            {
              id: 's2',
              station: 'b',
              service: { dist: 'exponential', mean: 10 },
              probability: 0.5,
            },
          ],
        },
      ],
      sources: [{ id: 'src', class: 'x', arrivals: { kind: 'poisson', rate: 0.15 } }],
    };
    const kernel = runNetwork(liveNetwork(sc), {
      seed: replicationSeed(sc.seed, 0),
      until: sc.horizon,
      warmup: 0,
    });
    const live = await runLive(sc, { speed: Infinity, via: 'queue', redisUrl: testRedisUrl() });
    expect(live.totals.arrivals).toBe(kernel.totals.arrivals);
    expect(live.classes.x.outcomes.refused).toBe(kernel.classes.x.outcomes.refused);
    expect(live.stations.a.served).toBe(kernel.stations.a.served);
    expect(Math.abs(live.totals.completed - kernel.totals.completed)).toBeLessThanOrEqual(2);
  });

  it('refuses --via http and service models with several arms, with a message', async () => {
    await expect(
      runLive(scenario, { speed: 1000, via: 'http', redisUrl: testRedisUrl() }),
    ).rejects.toThrow(/only 'queue'/);
  });
});
