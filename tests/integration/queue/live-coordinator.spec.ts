import 'reflect-metadata';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { liveArms } from '../../../src/experiment/live-engine';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { runNetwork } from '../../../src/sim/network';
import { replayShuffled } from './live-replay';
import {
  expectSameRun,
  hardNetwork,
  overflowNetwork,
  sharedMinuteTraceNetwork,
  coincidingEventsNetwork,
  routedTieNetwork,
  twoStationNetwork,
} from './live-fixtures';

const root = join(__dirname, '../../..');

describe('live coordinator (in memory, shuffled delivery) reproduces the kernel exactly', () => {
  it('two stations with exits and an optional step', async () => {
    const model = twoStationNetwork();
    const kernel = runNetwork(model, { seed: 11, until: 3 * 1440, warmup: 0 });
    const { run, coord } = await replayShuffled(model, 11, 3 * 1440, 0, 1);
    expect(coord.reordered).toBeGreaterThan(0);
    expectSameRun(run, kernel);
  });

  it('priority, reneging, balking, turn-away, @name bindings, jobs per step, routes back to a station, warm-up', async () => {
    const model = hardNetwork();
    for (const [seed, shuffle] of [
      [7, 2],
      [8, 3],
    ]) {
      const kernel = runNetwork(model, { seed, until: 14 * 1440, warmup: 1440 });
      const { run } = await replayShuffled(model, seed, 14 * 1440, 1440, shuffle);
      expect(kernel.totals.lost).toBeGreaterThan(0);
      expect(kernel.stations['desk-1'].turnedAway).toBeGreaterThan(0);
      expect(kernel.stations['desk-1'].reneged).toBeGreaterThan(0);
      expectSameRun(run, kernel);
    }
  });

  it('a step with its own patience (in place of the class’s, and where the class has none)', async () => {
    const model = hardNetwork();
    const walkIn = model.classes.find((c) => c.id === 'walk-in')!;
    walkIn.route[walkIn.route.length - 1].patience = { dist: 'exponential', mean: 3 };
    const vip = model.classes.find((c) => c.id === 'vip')!;
    vip.route[0].patience = { dist: 'exponential', mean: 5 };
    const kernel = runNetwork(model, { seed: 9, until: 14 * 1440, warmup: 1440 });
    const { run } = await replayShuffled(model, 9, 14 * 1440, 1440, 4);
    expect(kernel.stations.cashier.reneged).toBeGreaterThan(0);
    expectSameRun(run, kernel);
  });

  it('arrivals of two sources at one minute, several of each (a trace written to the minute), taken in the kernel’s order', async () => {
    const model = sharedMinuteTraceNetwork();
    const kernel = runNetwork(model, { seed: 3, until: 3 * 1440, warmup: 0 });
    const { run } = await replayShuffled(model, 3, 3 * 1440, 0, 5);
    expect(kernel.totals.lostBy.balked).toBeGreaterThan(0);
    expect(kernel.totals.lostBy.reneged).toBeGreaterThan(0);
    expectSameRun(run, kernel);
  });

  it('events of different kinds at one minute (a shift’s end, a patience, a newcomer beside a service’s end), taken in one order by both', async () => {
    const model = coincidingEventsNetwork();
    const kernel = runNetwork(model, { seed: 4, until: 3 * 1440, warmup: 0 });
    const { run } = await replayShuffled(model, 4, 3 * 1440, 0, 5);
    expect(kernel.stations.capped.balked).toBeGreaterThan(0);
    expectSameRun(run, kernel);
  });

  it('a customer routed on at the minute of the next station’s own departure and reneging, taken after them by both', async () => {
    const model = routedTieNetwork();
    const kernel = runNetwork(model, { seed: 4, until: 3 * 1440, warmup: 0 });
    const { run } = await replayShuffled(model, 4, 3 * 1440, 0, 5);
    expect(kernel.stations.counter.reneged).toBeGreaterThan(0);
    expectSameRun(run, kernel);
  });

  it('Konsolosluk.NET (249 missions) for a week', async () => {
    const sc = loadScenario(join(root, 'scenarios/paper-konsolosluk-2020.yaml'), {
      set: ['horizon=7d', 'params.citizens=5000'],
    });
    const model = liveArms(sc).main;
    const kernel = runNetwork(model, { seed: 99, until: sc.horizon, warmup: sc.warmup });
    const { run } = await replayShuffled(model, 99, sc.horizon, sc.warmup, 4);
    expectSameRun(run, kernel);
  });

  it('retrials (returns to the same step, each a job), balking drawn afresh, delivered shuffled and more than once', async () => {
    const sc = loadScenario(join(root, 'tests/fixtures/scenarios/theory/retrial.yaml'));
    const base = sc.network!;
    const model = {
      ...base,
      stations: base.stations.map((st) => ({
        ...st,
        balking: { probabilities: [0, 0.4] },
        retrial: { probability: 0.8, meanDelayMinutes: 15, maxRetries: 2 },
      })),
    };
    const until = 3 * 1440;
    const kernel = runNetwork(model, { seed: 21, until, warmup: 360 });
    const { run, coord } = await replayShuffled(model, 21, until, 360, 7, 0.2);
    const k = kernel.stations.desk;
    expect(k.retrials).toBeGreaterThan(100);
    expect(k.gaveUpAfterRetrial).toBeGreaterThan(0);
    expect(coord.duplicates).toBeGreaterThan(100);
    expectSameRun(run, kernel);
    expect(run.stations.desk).toEqual(k);
  });

  it('overflow: customers a full station turns away go on along a chain (each a job), served there and on to their next step, delivered shuffled and more than once', async () => {
    const model = overflowNetwork();
    const kernel = runNetwork(model, { seed: 35, until: 3 * 1440, warmup: 360 });
    const { run, coord } = await replayShuffled(model, 35, 3 * 1440, 360, 6, 0.2);
    const s = kernel.stations;
    // Every path is taken: overflows at each station with one, a chain to its end, returns and
    // customers lost for good there, and overflowed customers going on to the cashier.
    expect(s.front.overflowed).toBeGreaterThan(20);
    expect(s.back.overflowed).toBeGreaterThan(5);
    expect(s.cashier.overflowed).toBeGreaterThan(5);
    expect(s.mission.retrials).toBeGreaterThan(0);
    expect(s.mission.balked).toBeGreaterThan(0);
    expect(s.back.servedByClass['walk-in'] + s.mission.servedByClass['walk-in']).toBeGreaterThan(0);
    expect(s.front).not.toHaveProperty('balkedAttempts');
    expect(coord.duplicates).toBeGreaterThan(50);
    expectSameRun(run, kernel);
    for (const id of Object.keys(s)) expect(run.stations[id]).toEqual(s[id]);
  });

  it('jobs delivered more than once (a batch re-sent after a restart) are taken once', async () => {
    const model = hardNetwork();
    const kernel = runNetwork(model, { seed: 5, until: 14 * 1440, warmup: 1440 });
    const { run, coord } = await replayShuffled(model, 5, 14 * 1440, 1440, 6, 0.2);
    expect(coord.duplicates).toBeGreaterThan(100);
    expectSameRun(run, kernel);
  });
});
