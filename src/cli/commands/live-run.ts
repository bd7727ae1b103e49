import type { Scenario } from '../../scenario/scenario.loader';
import { fmt, pct, table } from '../../report/format';
import {
  runLive as runLiveEngine,
  type LiveOptions,
  type LiveResult,
} from '../../queue/live-engine';

export type { LiveOptions, LiveResult };

/** `run <scenario> --engine bullmq`: replay the scenario live through BullMQ (see src/queue/live-engine.ts). */
export function runLive(
  scenario: Scenario,
  opts: { speed: number; via: 'queue' | 'http'; redisUrl: string; seed?: number; baseUrl?: string },
): Promise<LiveResult> {
  return runLiveEngine(scenario, opts);
}

/** `--speed max` → Infinity, else a positive number. */
export function parseSpeed(value: string): number {
  if (value === 'max') return Infinity;
  const n = Number(value);
  if (!(Number.isFinite(n) && n > 0))
    throw new RangeError(`--speed: must be a number greater than 0 or 'max' (got '${value}')`);
  return n;
}

/** The kernel-style summary of a live replay, plus how far it fell behind. */
export function renderLive(scenario: Scenario, r: LiveResult): string {
  const out: string[] = [];
  out.push(`${scenario.title} (live replay on BullMQ)`);
  out.push(
    `model ${scenario.model}; seed ${r.seed} (replication 1); speed ${Number.isFinite(r.speed) ? `${r.speed}×` : 'max'}; ` +
      `${r.wallSeconds.toFixed(2)} s wall, ${r.jobs} jobs, ${fmt(r.jobsPerSecond, 0)} jobs/s`,
  );
  out.push(
    `arrivals ${r.totals.arrivals}   completed ${r.totals.completed}   lost ${r.totals.lost}   in system at end ${r.totals.inSystemAtEnd}`,
  );
  out.push(
    `not on time: ${r.lateArrivals} arrivals, ${r.lateStarts} service starts (the replay fell behind real time)`,
  );
  out.push('');
  out.push(
    table(
      ['station', 'served', 'mean wait', 'utilisation', 'lost'],
      Object.entries(r.stations).map(([id, s]) => [
        id,
        String(s.served),
        fmt(s.wait.mean, 2),
        pct(s.utilisation),
        String(s.balked + s.reneged),
      ]),
    ),
  );
  out.push('');
  out.push('Times are in minutes.');
  return out.join('\n');
}
