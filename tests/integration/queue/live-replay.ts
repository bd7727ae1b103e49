import { LiveCoordinator, type LiveJob } from '../../../src/queue/live-coordinator';
import type { NetworkModel, RunSummary } from '../../../src/sim/network';
import { xoshiro128 } from './live-rng';

/**
 * The coordinator over an in-memory transport that delivers jobs in a shuffled order and
 * at random moments (no Redis): a stand-in for the worst a queue can do at max speed.
 */
export async function replayShuffled(
  model: NetworkModel,
  seed: number,
  until: number,
  warmup: number,
  shuffleSeed: number,
  /** Chance that a delivered job comes again later (an at-least-once transport). */
  copies = 0,
): Promise<{ run: RunSummary; coord: LiveCoordinator }> {
  const rng = xoshiro128(shuffleSeed);
  const inbox: { station: string; job: LiveJob }[] = [];
  const coord: LiveCoordinator = new LiveCoordinator(
    model,
    { send: (station, job) => inbox.push({ station, job }) },
    { seed, until, warmup, speed: Infinity, lateToleranceMs: 100 },
  );
  for (const f of coord.firstJobs) if (f) inbox.push(f);
  coord.start();
  let stop = false;
  const deliverer = (async () => {
    while (!stop) {
      // Take a random handful of whatever is in flight, in random order, then yield.
      const n = Math.min(inbox.length, 1 + Math.floor(rng() * 40));
      for (let k = 0; k < n; k++) {
        const i = Math.floor(rng() * inbox.length);
        const [x] = inbox.splice(i, 1);
        coord.deliver(x.station, x.job);
        if (copies && rng() < copies) inbox.push(x);
      }
      await new Promise((r) => setImmediate(r));
    }
  })();
  await coord.done;
  stop = true;
  await deliverer;
  return { run: coord.summary(0), coord };
}
