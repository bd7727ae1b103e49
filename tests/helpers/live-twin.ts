import 'reflect-metadata';
import { runLive } from '../../src/experiment/live-engine';
import { loadScenario } from '../../src/scenario/scenario.loader';
import { runNetwork } from '../../src/sim/network';
import { replicationSeed } from '../../src/sim/rng';
import type { RunSummary } from '../../src/sim/summary';
import { expectSameRun } from '../integration/queue/live-fixtures';
import { testRedisUrl } from './redis-test-env';

/**
 * Loads a scenario, runs the kernel's replication 1 of it and replays it live on BullMQ (the
 * test's own Redis, at full speed, through the queue), and holds the replay to the kernel to the
 * number. Returns both runs for the checks a theory case adds (that the day is the one of the
 * theory, and any figure `expectSameRun` does not compare).
 */
export async function expectLiveEqualsKernel(
  file: string,
): Promise<{ kernel: RunSummary; live: RunSummary }> {
  const sc = loadScenario(file);
  const kernel = runNetwork(sc.network!, {
    seed: replicationSeed(sc.seed, 0),
    until: sc.horizon,
    warmup: sc.warmup,
    interval: sc.interval,
  });
  const replay = await runLive(sc, { speed: Infinity, via: 'queue', redisUrl: testRedisUrl() });
  const live = replay.arms.main.run;
  expectSameRun(live, kernel);
  return { kernel, live };
}
