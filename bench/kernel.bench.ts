/**
 * The kernel's speed as a ratio against the bare M/M/c kernel (bench/mmc-baseline.ts), both on
 * M/M/10 at rho 0.9 in the same process, alternated so that machine load hits both alike. The
 * kernel is the built one (dist/, as the CLI runs it); both rates are also given per CPU second
 * of this process, the steadier figure when other work shares the machine.
 * Prints JSON: both rates, the ratio (kernel ÷ bare; the target is ≥ 0.5), peak RSS of this
 * process, and the peak RSS of a child process that runs only the kernel on 10 M customers
 * (BENCH_RSS_CUSTOMERS; the target is < 200 MB: memory must not grow with the run's length).
 * BENCH_CUSTOMERS (default 2,000,000) customers per timed run, BENCH_ROUNDS (default 3) rounds.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { bareMmc, bareMmcOnEventList } from './mmc-baseline';
import { mmcNetworkOf } from './dist-of';

// The kernel as users run it: the compiled dist/ that bin/consular-sim.js loads (npm run build).
// Not src/ through tsx: its loader turns every imported binding into a getter call, which
// slows the kernel's hot path by about a third and would measure something nobody runs.
const DIST = join(__dirname, '..', 'dist');
if (!existsSync(join(DIST, 'sim', 'network.js'))) {
  process.stderr.write(
    'bench/kernel.bench.ts measures the built kernel: run npm run build first\n',
  );
  process.exit(2);
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runNetwork } = require(join(DIST, 'sim', 'network')) as typeof import('../src/sim/network');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { EventList } = require(
  join(DIST, 'sim', 'event-list'),
) as typeof import('../src/sim/event-list');
const mmcNetwork = mmcNetworkOf(DIST);

const LAMBDA = 9;
const MU = 1;
const C = 10;
const customers = Number(process.env.BENCH_CUSTOMERS ?? 2_000_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const rssCustomers = Number(process.env.BENCH_RSS_CUSTOMERS ?? 10_000_000);
const RSS_CHILD = 'BENCH_KERNEL_RSS_CHILD';

interface Rate {
  /** Customers per wall second. */
  wall: number;
  /** Customers per CPU second of this process (user + system). */
  cpu: number;
}

function timed(run: () => number): Rate {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const customers = run();
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  return { wall: customers / wall, cpu: customers / ((c.user + c.system) / 1e6) };
}

function kernelRun(n: number, seed: number): Rate {
  return timed(
    () => runNetwork(mmcNetwork(LAMBDA, MU, C), { seed, until: n / LAMBDA }).totals.completed,
  );
}

function bareRun(n: number, seed: number): Rate {
  return timed(() => bareMmc(LAMBDA, MU, C, n, seed).served);
}

/** The bare loop with its events on the kernel's event list: what general events cost alone. */
function eventListRun(n: number, seed: number): Rate {
  return timed(() => bareMmcOnEventList(LAMBDA, MU, C, n, seed, new EventList()).served);
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
eventListRun(200_000, 99);
const kernel: Rate[] = [];
const bare: Rate[] = [];
const eventList: Rate[] = [];
for (let i = 0; i < rounds; i++) {
  kernel.push(kernelRun(customers, i + 1));
  bare.push(bareRun(customers, i + 1));
  eventList.push(eventListRun(customers, i + 1));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ratios = kernel.map((k, i) => k.wall / bare[i].wall);
const cpuRatios = kernel.map((k, i) => k.cpu / bare[i].cpu);
process.stdout.write(
  `${JSON.stringify({
    model: 'M/M/10 at rho 0.9',
    customersPerRun: customers,
    rounds,
    loadAverage: Number(loadavg()[0].toFixed(2)),
    kernelCustomersPerSecond: Math.round(median(kernel.map((k) => k.wall))),
    bareCustomersPerSecond: Math.round(median(bare.map((b) => b.wall))),
    ratio: Number(median(ratios).toFixed(3)),
    ratios: ratios.map((r) => Number(r.toFixed(3))),
    kernelCustomersPerCpuSecond: Math.round(median(kernel.map((k) => k.cpu))),
    bareCustomersPerCpuSecond: Math.round(median(bare.map((b) => b.cpu))),
    cpuRatio: Number(median(cpuRatios).toFixed(3)),
    // The bare loop on the kernel's event list, per CPU second against the bare loop: the
    // ceiling general events leave for any kernel, before one statistic or keyed draw.
    bareOnEventListCpuRatio: Number(
      median(eventList.map((e, i) => e.cpu / bare[i].cpu)).toFixed(3),
    ),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    rss: childRss(rssCustomers),
  })}\n`,
);
