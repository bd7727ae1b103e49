import 'reflect-metadata';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLive } from '../../../src/experiment/live-engine';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { runNetwork } from '../../../src/sim/network';
import { replicationSeed } from '../../../src/sim/rng';
import { testRedisUrl } from '../../helpers/redis-test-env';
import { expectSameRun } from '../queue/live-fixtures';

// The desk whose citizens, turned away at a full queue, come back later (retrials), which
// tests/unit/sim/theory-retrial.spec.ts holds against its two-dimensional chain, replayed live on
// BullMQ over the fixture's one day: each return is a job on the station's queue, due at its
// time, and the replay must be the kernel's replication 1 to the number, the decisions to come
// back and their delays (keyed draws of the customer and attempt) included.
const file = join(__dirname, '../../fixtures/scenarios/theory/retrial.yaml');

describe('live replay of retrials equals the kernel', () => {
  it('M/M/3/5 whose customers turned away come back with probability 0.6 (one day)', async () => {
    const sc = loadScenario(file);
    const kernel = runNetwork(sc.network!, {
      seed: replicationSeed(sc.seed, 0),
      until: sc.horizon,
      warmup: sc.warmup,
      interval: sc.interval,
    });
    const live = await runLive(sc, { speed: Infinity, via: 'queue', redisUrl: testRedisUrl() });
    const run = live.arms.main.run;
    expectSameRun(run, kernel);
    // Every figure of the station, its retrials and wait percentiles among them.
    expect(run.stations.desk).toEqual(kernel.stations.desk);
    const k = kernel.stations.desk;
    // The day shows it all: returns, and customers lost for good after coming back.
    expect(k.retrials).toBeGreaterThan(20);
    expect(k.gaveUpAfterRetrial).toBeGreaterThan(0);
    expect(k.balkedAttempts).toBeGreaterThan(k.balked);
  }, 60_000);
});
