/**
 * npm run bench:cli — how long the commands a newcomer (and shell completion, and scripts) run
 * first take, from process start to the process gone: `--version`, `--help` and `run --help`
 * (median of CLI_RUNS runs, default 9, after one warm-up run each), beside `node -e 0` measured
 * the same way in the same run — the part that is Node's own start-up, which no change to
 * consular-sim can remove. Wall time, and the CPU time the process used (user + system, read
 * at its exit by cpu-usage.preload.cjs), which moves less when other jobs share the machine.
 * Runs the built CLI (the script builds first); CLI_BIN=path/to/bin/consular-sim.js times
 * another build (a copy of an older one) instead.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUNS = Number(process.env.CLI_RUNS ?? 9);
const bin = process.env.CLI_BIN ?? join(__dirname, '..', 'bin', 'consular-sim.js');
const PRELOAD = join(__dirname, 'cpu-usage.preload.cjs');
const dir = mkdtempSync(join(tmpdir(), 'consular-bench-cli-'));
const cpuFile = join(dir, 'cpu.json');

interface Timing {
  wallMs: number;
  cpuMs: number;
}

function once(args: string[]): Timing {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-r', PRELOAD, ...args], {
    encoding: 'utf8',
    env: { ...process.env, BENCH_CPU_FILE: cpuFile },
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const cpu = JSON.parse(readFileSync(cpuFile, 'utf8')) as {
    userSeconds: number;
    systemSeconds: number;
  };
  return { wallMs, cpuMs: (cpu.userSeconds + cpu.systemSeconds) * 1000 };
}

function middle(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function median(args: string[]): Timing {
  once(args);
  const runs = Array.from({ length: RUNS }, () => once(args));
  return { wallMs: middle(runs.map((r) => r.wallMs)), cpuMs: middle(runs.map((r) => r.cpuMs)) };
}

const show = (t: Timing) => `${t.wallMs.toFixed(0)} ms wall, ${t.cpuMs.toFixed(0)} ms CPU`;

try {
  const baseline = median(['-e', '0']);
  console.log(`node -e 0: ${show(baseline)} (medians of ${RUNS})`);
  for (const args of [['--version'], ['--help'], ['run', '--help']]) {
    const t = median([bin, ...args]);
    console.log(
      `consular-sim ${args.join(' ')}: ${show(t)} (medians of ${RUNS}); over node -e 0: ` +
        `${(t.wallMs - baseline.wallMs).toFixed(0)} ms wall, ${(t.cpuMs - baseline.cpuMs).toFixed(0)} ms CPU`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
