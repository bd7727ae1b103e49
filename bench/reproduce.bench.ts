/**
 * npm run bench:reproduce — how long `consular-sim reproduce --json` takes, as a user runs it
 * (the compiled CLI in a child process, default threads: one per core). For each round it
 * prints the wall seconds, the CPU seconds of the whole process (user + system, worker
 * threads included: the steadier figure on a shared machine), whether every figure was within
 * its tolerance, and whether the figures equal the first round's to the last digit. The load
 * average before each round says how much else the machine was doing.
 * BENCH_ROUNDS (default 1) rounds; extra arguments go to reproduce (e.g. --threads 1).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'bin/consular-sim.js');
const PRELOAD = join(__dirname, 'cpu-usage.preload.cjs');
const rounds = Number(process.env.BENCH_ROUNDS ?? 1);
const extra = process.argv.slice(2);

interface ReproduceJson {
  figures: { id: string; simulated: { mean: number; ci95: [number, number] }; ok: boolean }[];
}

const dir = mkdtempSync(join(tmpdir(), 'reproduce-bench-'));
interface Round {
  round: number;
  loadAverageBefore: number;
  wallSeconds: number;
  cpuSeconds: number;
  userSeconds: number;
  systemSeconds: number;
  exitCode: number | null;
  allFiguresOk: boolean;
  sameFiguresAsRound1: boolean;
}
const results: Round[] = [];
let first: string | null = null;
try {
  for (let round = 1; round <= rounds; round++) {
    const cpuFile = join(dir, `cpu-${round}.json`);
    const load = loadavg()[0];
    const t0 = process.hrtime.bigint();
    const r = spawnSync(
      process.execPath,
      ['--require', PRELOAD, CLI, 'reproduce', '--json', ...extra],
      {
        cwd: ROOT,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, BENCH_CPU_FILE: cpuFile },
      },
    );
    const wallSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (r.status !== 0 && r.status !== 1)
      throw new Error(`reproduce exited with ${r.status}:\n${r.stderr}`);
    const cpu = JSON.parse(readFileSync(cpuFile, 'utf8')) as {
      userSeconds: number;
      systemSeconds: number;
    };
    const out = JSON.parse(r.stdout) as ReproduceJson;
    const figures = JSON.stringify(out.figures);
    first = first ?? figures;
    results.push({
      round,
      loadAverageBefore: Number(load.toFixed(2)),
      wallSeconds: Number(wallSeconds.toFixed(2)),
      cpuSeconds: Number((cpu.userSeconds + cpu.systemSeconds).toFixed(2)),
      userSeconds: Number(cpu.userSeconds.toFixed(2)),
      systemSeconds: Number(cpu.systemSeconds.toFixed(2)),
      exitCode: r.status,
      allFiguresOk: out.figures.every((f) => f.ok),
      sameFiguresAsRound1: figures === first,
    });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const best = (key: 'wallSeconds' | 'cpuSeconds') => Math.min(...results.map((r) => r[key]));
process.stdout.write(
  JSON.stringify(
    {
      command: ['consular-sim', 'reproduce', '--json', ...extra].join(' '),
      node: process.version,
      cores: availableParallelism(),
      rounds: results,
      bestWallSeconds: best('wallSeconds'),
      bestCpuSeconds: best('cpuSeconds'),
    },
    null,
    2,
  ) + '\n',
);
