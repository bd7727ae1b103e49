/**
 * npm run bench:pacing — how well `run --engine bullmq --speed F` keeps real time. Replays the
 * e-visa record day (scenarios/teaching-mmc.yaml) at a range of speeds,
 * each for about PACING_SECONDS of wall time (default 6; the day is cut to fit, or whole at the
 * fastest speeds), and prints per speed the share of arrivals taken and of services started
 * more than 10 ms and 100 ms after their wall time, and the p99 lateness. The highest speed
 * with at most 1% of either late by more than 100 ms is what this machine sustains.
 * PACING_SPEEDS (comma-separated) overrides the speeds; REDIS_URL (default redis://127.0.0.1:6379).
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { runLive } from '../src/experiment/live-engine';
import { LatenessHistogram } from '../src/queue/live-lateness';
import { loadScenario } from '../src/scenario/scenario.loader';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const WALL_S = Number(process.env.PACING_SECONDS ?? 6);
const SPEEDS = (process.env.PACING_SPEEDS ?? '5000,20000,50000,100000,200000,500000')
  .split(',')
  .map(Number);
const MAX_MIN = 50 * 7 * 1440;

const pct = (n: number, of: number) => (of ? `${((100 * n) / of).toFixed(2)}%` : '-');

async function main(): Promise<void> {
  console.log(
    `teaching-mmc (M/M/10, 9 arrivals an hour), about ${WALL_S} s of wall time per speed; lateness = taken or started after its wall time`,
  );
  console.log(
    'speed      model min  arrivals  late>10ms  late>100ms  p99 ms | starts  late>10ms  late>100ms  p99 ms',
  );
  let sustained = 0;
  for (const speed of SPEEDS) {
    const horizon = Math.min(MAX_MIN, Math.max(10, Math.round((WALL_S * 1000 * speed) / 60_000)));
    const scenario = loadScenario(join(__dirname, '../scenarios/teaching-mmc.yaml'), {
      set: [`horizon=${horizon}`, 'warmup=0'],
    });
    const live = await runLive(scenario, { speed, via: 'queue', redisUrl });
    const arrivals = new LatenessHistogram();
    const starts = new LatenessHistogram();
    for (const arm of Object.values(live.arms)) {
      arrivals.merge(arm.lateness.arrivals);
      starts.merge(arm.lateness.starts);
    }

    const a = arrivals.summary();
    const s = starts.summary();
    console.log(
      `${`${speed}×`.padEnd(10)} ${String(horizon).padStart(9)}  ${String(a.count).padStart(8)}  ${pct(a.over10ms, a.count).padStart(9)}  ${pct(a.over100ms, a.count).padStart(10)}  ${String(a.p99ms).padStart(6)} | ${String(s.count).padStart(6)}  ${pct(s.over10ms, s.count).padStart(9)}  ${pct(s.over100ms, s.count).padStart(10)}  ${String(s.p99ms).padStart(6)}`,
    );
    if (a.over100ms <= 0.01 * a.count && s.over100ms <= 0.01 * s.count)
      sustained = Math.max(sustained, speed);
  }
  console.log(
    sustained
      ? `highest speed with ≤ 1% of arrivals and starts late by > 100 ms: ${sustained}×`
      : 'no speed tried kept ≤ 1% late by > 100 ms',
  );
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
