import { describe, expect, it } from 'vitest';
import { runNetwork } from '../../../src/sim/network';
import { expectSameRun } from '../../integration/queue/live-fixtures';
import { replayShuffled } from '../../integration/queue/live-replay';
import { tieNetwork } from './tie-networks';

/**
 * The live replay equals the kernel to the number on random networks whose events tie at one
 * minute (tie-networks.ts): departures, reneging, shift changes, new and routed arrivals,
 * the warm-up end, under shuffled delivery. Fixed seeds; each network runs one day.
 */
describe('live replay equals the kernel on random networks with ties (shuffled delivery)', () => {
  const cases = (zeroService: boolean) =>
    Array.from({ length: 150 }, (_, i) => ({
      seed: i + 1 + (zeroService ? 1000 : 0),
      zeroService,
    }));

  for (const zeroService of [false, true]) {
    it(`150 networks, services ${zeroService ? 'that may take no time' : 'of 5 minutes or more'}`, async () => {
      const lost = { balked: 0, reneged: 0, turnedAway: 0 };
      for (const { seed } of cases(zeroService)) {
        const model = tieNetwork(seed, { zeroService });
        const warmup = seed % 3 === 0 ? 60 : 0;
        const kernel = runNetwork(model, { seed, until: 1440, warmup });
        const { run } = await replayShuffled(model, seed, 1440, warmup, seed * 7 + 1);
        for (const k of Object.keys(lost) as (keyof typeof lost)[])
          lost[k] += kernel.totals.lostBy[k];
        try {
          expectSameRun(run, kernel);
        } catch (err) {
          throw new Error(
            `network ${seed} (zeroService ${zeroService}): ${(err as Error).message}`,
          );
        }
      }
      // The networks reach every way of leaving unserved, so their ties include those.
      expect(Math.min(lost.balked, lost.reneged, lost.turnedAway)).toBeGreaterThan(0);
    }, 120_000);
  }
});
