/**
 * npm run bench:ask — how long `consular-sim ask "…"` takes from process start to the answer
 * printed and the process gone (wall time, median of ASK_RUNS runs, default 5, after one warm-up
 * run), beside `node -e 0` measured the same way in the same run: the part of the figure that is
 * Node's own start-up, which no change to consular-sim can remove. Runs the built CLI (the
 * script builds first). The goal is under 500 ms.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const RUNS = Number(process.env.ASK_RUNS ?? 5);
const GOAL_MS = 500;
const bin = join(__dirname, '..', 'bin', 'consular-sim.js');

function wallMs(args: string[]): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

function median(args: string[]): number {
  wallMs(args);
  const times = Array.from({ length: RUNS }, () => wallMs(args)).sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const baseline = median(['-e', '0']);
console.log(`node -e 0: ${baseline.toFixed(0)} ms (median of ${RUNS})`);
for (const question of ['how do I renew my passport', 'pasaportumu kaybettim ne yapmalıyım']) {
  const ms = median([bin, 'ask', question]);
  console.log(
    `ask "${question}": ${ms.toFixed(0)} ms (median of ${RUNS}), ${(ms / baseline).toFixed(1)}x node -e 0, ` +
      `${ms < GOAL_MS ? 'under' : 'OVER'} the ${GOAL_MS} ms goal`,
  );
}
