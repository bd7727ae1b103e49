/**
 * The kernel's speed as a ratio against the bare M/M/c kernel (bench/mmc-baseline.ts), both on
 * M/M/10 at rho 0.9 in the same process, alternated so that machine load hits both alike.
 * Prints JSON: both rates, the ratio (kernel ÷ bare; the target is ≥ 0.5), peak RSS of this
 * process, and the peak RSS of a child process that runs only the kernel on 10 M customers
 * (BENCH_RSS_CUSTOMERS; the target is < 200 MB: memory must not grow with the run's length).
 * BENCH_CUSTOMERS (default 2,000,000) customers per timed run, BENCH_ROUNDS (default 3) rounds.
 */
import { spawnSync } from 'node:child_process';
import { runNetwork } from '../src/sim/network';
import { mmcNetwork } from '../src/cli/commands/mmc.command';
import { bareMmc } from './mmc-baseline';

const LAMBDA = 9;
const MU = 1;
const C = 10;
const customers = Number(process.env.BENCH_CUSTOMERS ?? 2_000_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const rssCustomers = Number(process.env.BENCH_RSS_CUSTOMERS ?? 10_000_000);
const RSS_CHILD = 'BENCH_KERNEL_RSS_CHILD';

function kernelRun(n: number, seed: number): number {
  const t0 = process.hrtime.bigint();
  const r = runNetwork(mmcNetwork(LAMBDA, MU, C), { seed, until: n / LAMBDA });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return r.totals.completed / s;
}

function bareRun(n: number, seed: number): number {
  const t0 = process.hrtime.bigint();
  const r = bareMmc(LAMBDA, MU, C, n, seed);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return r.served / s;
}

/** In the child: one kernel run of `n` customers, then its peak RSS (MB) on stdout. */
if (process.env[RSS_CHILD]) {
  const n = Number(process.env[RSS_CHILD]);
  const r = runNetwork(mmcNetwork(LAMBDA, MU, C), { seed: 1, until: n / LAMBDA });
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(`${JSON.stringify({ customers: r.totals.completed, peakRssMb })}\n`);
  process.exit(0);
}

/** Peak RSS of a fresh process (same Node, same loader) that runs the kernel on n customers. */
function childRss(n: number): { customers: number; peakRssMb: number } {
  const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    env: { ...process.env, [RSS_CHILD]: String(n) },
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`RSS child failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop() as string);
}

// Warm both up so the timed runs measure the JIT's steady state.
kernelRun(200_000, 99);
bareRun(200_000, 99);
const kernel: number[] = [];
const bare: number[] = [];
for (let i = 0; i < rounds; i++) {
  kernel.push(kernelRun(customers, i + 1));
  bare.push(bareRun(customers, i + 1));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ratios = kernel.map((k, i) => k / bare[i]);
process.stdout.write(
  `${JSON.stringify({
    model: 'M/M/10 at rho 0.9',
    customersPerRun: customers,
    rounds,
    kernelCustomersPerSecond: Math.round(median(kernel)),
    bareCustomersPerSecond: Math.round(median(bare)),
    ratio: Number(median(ratios).toFixed(3)),
    ratios: ratios.map((r) => Number(r.toFixed(3))),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    rss: childRss(rssCustomers),
  })}\n`,
);
