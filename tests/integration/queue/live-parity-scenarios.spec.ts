import 'reflect-metadata';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { liveScenarioResult } from '../../../src/cli/commands/live-run';
import { runLive } from '../../../src/experiment/live-engine';
import { runScenario } from '../../../src/experiment/scenario.runner';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { testRedisUrl } from '../../helpers/redis-test-env';

// The live replay is claimed to equal the kernel's replication 1 to the number for every scenario.
// tests/integration/experiment/live-engine.spec.ts checks M/M/10, the evacuation, Konsolosluk.NET
// 2020 and both e-visa files; these are the scenario files (and models) it leaves out, each
// shortened to a few seconds, compared on every figure of every arm's summary, on the time series
// of replication 1 and on every metric the kernel reports, derived figures included (some of
// Konsolosluk.NET's come from the time series, which the replay once did not keep: its summary
// then had no peak backlog and 0 for the one without the online channels).
const root = join(__dirname, '../../..');

/** Every leaf of the kernel's summary that the live one does not reproduce, as `path: kernel != live`. */
function differences(kernel: unknown, live: unknown, path = ''): string[] {
  if (kernel !== null && typeof kernel === 'object') {
    if (live === null || typeof live !== 'object') return [`${path}: object != ${String(live)}`];
    const k = kernel as Record<string, unknown>;
    const l = live as Record<string, unknown>;
    const keys = new Set([...Object.keys(k), ...Object.keys(l)]);
    // wallSeconds and elapsedSeconds are wall clock; events counts each engine's own events.
    for (const key of ['wallSeconds', 'elapsedSeconds', 'events']) keys.delete(key);
    return [...keys].flatMap((key) => differences(k[key], l[key], `${path}.${key}`));
  }
  if (Object.is(kernel, live)) return [];
  // A class's time means and sds are summed in the order customers finish, which on the live
  // stations is not the kernel's event order: only the last bits may differ there, and in the
  // metrics and derived figures made from them.
  const summed =
    /\.classes\.[^.]+\.(waitTime|systemTime|lostTime)\.(mean|sd)$/.test(path) ||
    path.startsWith('.metrics.');
  if (summed && typeof kernel === 'number' && typeof live === 'number') {
    if (Math.abs(kernel - live) <= 1e-12 * Math.max(1, Math.abs(kernel))) return [];
  }
  return [`${path}: ${String(kernel)} != ${String(live)}`];
}

const cases: { file: string; set: string[] }[] = [
  // Two arms (portal and paper) on common requests, officers in office hours, corrections.
  { file: 'paper-diplomatic-portal.yaml', set: ['horizon=5d'] },
  // Sessions on a few slots, citizens giving up when none is free; a warm-up inside a bucket.
  { file: 'paper-gov-tr-2020.yaml', set: ['horizon=2d', 'warmup=30h'] },
  // The deflection the engine measures; officers in weekday hours with patient citizens.
  { file: 'paper-hizir.yaml', set: ['horizon=2d'] },
  // No deflection: the officers are overloaded and citizens give up.
  { file: 'whatif-hizir-deflection-0.yaml', set: ['horizon=1d', 'params.patience.mean=240'] },
  // Virtual and physical POS with declines.
  { file: 'paper-payments.yaml', set: ['horizon=1d'] },
  // One arm per year, each with its own volume and minutes, turn-away at closing.
  { file: 'paper-konsolosluk-trend.yaml', set: ['horizon=3d', 'params.citizens=3000'] },
  // A closure inside the horizon, turn-away at closing and fewer staff; a warm-up of one bucket.
  {
    file: 'whatif-missions-closed-8w.yaml',
    set: [
      'horizon=5d',
      'warmup=1d',
      'params.citizens=3000',
      'params.staffFactor=0.5',
      'calendar.closures=[{from: 2020-01-02, to: 2020-01-03, reason: test closure}]',
    ],
  },
  // Every visa at a consular desk, step by step.
  { file: 'whatif-no-evisa.yaml', set: ['horizon=5d', 'params.sampling=0.001'] },
  // Walk-ins who balk by the queue they find (balking by choice), counted apart; a warm-up.
  { file: 'teaching-queue-balking.yaml', set: ['horizon=2d', 'warmup=6h'] },
  // Citizens turned away at a full hall who come back later (retrials, at most 3); a warm-up.
  { file: 'teaching-queue-retrial.yaml', set: ['horizon=2d', 'warmup=6h'] },
  // Citizens sent on to the back office when the hall is full (overflow), where they meet
  // its postal work; a warm-up.
  { file: 'teaching-queue-overflow.yaml', set: ['horizon=2d', 'warmup=6h'] },
];

describe('live replay equals the kernel (replication 1) on the scenario files other tests leave out', () => {
  it.each(cases)('$file ($set)', async ({ file, set }) => {
    const path = join(root, 'scenarios', file);
    const kernel = await runScenario(loadScenario(path, { set }), { replications: 1, threads: 0 });
    const sc = loadScenario(path, { set });
    const live = await runLive(sc, {
      speed: Infinity,
      via: 'queue',
      redisUrl: testRedisUrl(),
    });
    expect(Object.keys(live.arms)).toEqual(kernel.arms);
    let arrivals = 0;
    for (const arm of kernel.arms) {
      const k = kernel.firstReplication[arm];
      arrivals += k.totals.arrivals;
      const { timeseries, ...run } = live.arms[arm].run;
      expect({ arm, diff: differences(k, run) }).toEqual({ arm, diff: [] });
      expect(kernel.timeseries[arm]?.t.length).toBeGreaterThan(0);
      const series = differences(kernel.timeseries[arm], timeseries, '.timeseries');
      expect({ arm, series }).toEqual({ arm, series: [] });
    }
    expect(arrivals).toBeGreaterThan(100);
    // Every metric of the summary, derived figures included, as `run` prints them for the replay.
    const metrics = (m: typeof kernel.metrics) =>
      Object.fromEntries(Object.entries(m).map(([key, e]) => [key, e.mean]));
    const shown = liveScenarioResult(sc, live, sc.seed);
    expect(differences(metrics(kernel.metrics), metrics(shown.metrics), '.metrics')).toEqual([]);
  });
});
