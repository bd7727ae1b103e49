import { MAX_HORIZON_MINUTES } from '../../sim/calendar';
import { mmc, mmcRunWindow, type MmcAnalytic } from '../../sim/erlang';
import { runNetwork } from '../../sim/network';
import { fmt, table } from '../../report/format';
import { formatPercent } from '../../report/numbers';
import { studentTQuantile } from '../../sim/stats';
import type { TimeSeries } from '../../sim/summary';
import { UsageError } from '../errors';
import { mmcNetwork } from '../../sim/mmc-network';
import { MAX_ARRIVALS_PER_REPLICATION } from '../../sim/compile';
import { MMC_MAX_RHO } from './mmc-limits';

export interface MmcComparison {
  analytic: Pick<MmcAnalytic, 'rho' | 'Pwait' | 'Wq' | 'Lq'>;
  simulated: {
    rho: number;
    Pwait: number;
    Wq: number;
    /**
     * The 95% interval of Wq by batch means (wqBatchMeans): Wq ± WqHalfWidth; null (both)
     * where the run is too short to cut into batches after its warm-up, or where no customer
     * waited in any batch (every batch's Wq 0: no spread to estimate it from, not a certainty
     * that Wq is 0). interval.note says which.
     */
    WqHalfWidth: number | null;
    WqCi95: [number, number] | null;
    Lq: number;
    customers: number;
  };
  /**
   * How WqCi95 was found: batch means over the run after warm-up, `batches` of them; `note`,
   * where WqCi95 is null, says why.
   */
  interval: { method: 'batch means'; batches: number; level: 0.95; note?: string };
}

/** How interval.note starts where no customer waited in any batch. */
const NONE_WAITED = 'no customer waited';
/** How interval.note starts where the batches stayed correlated down to the fewest. */
const CORRELATED = 'run too short for independent batches';

/**
 * The relaxation time of M/M/c, in the time unit of the rates: how long the queue takes to
 * forget where it was. Morse's (1955) 1 / (mu (1 − sqrt(rho))^2) for one server, and for c
 * servers its heavy-traffic form 1 / (mu (sqrt(c) − sqrt(lambda / mu))^2) (an assumption for
 * c > 1: the pooled servers as one of rate c·mu). M/M/10 at rho 0.9: 38 time units, about 340
 * customers; M/M/1 at rho 0.95: 1,560.
 */
export function mmcRelaxationTime(lambda: number, mu: number, servers: number): number {
  return 1 / (mu * (Math.sqrt(servers) - Math.sqrt(lambda / mu)) ** 2);
}

/**
 * The batches Wq's interval is cut from, at most: Schmeiser (1982, "Batch size effects in the
 * analysis of simulation output", Operations Research 30) finds 10 to 30 batches best for a run
 * of fixed length; 20 is the largest of 10, 20, 40, ... within that.
 */
export const MMC_BATCHES = 20;
/** The fewest batches: below about 10 the t quantile and the spread's own noise grow fast. */
export const MMC_MIN_BATCHES = 10;
/**
 * The smallest batches the selection starts from, 10 · 2^10 of them, one time-series bucket each:
 * so many that the von Neumann test has the power to see correlation between neighbours.
 */
const START_BATCHES = MMC_MIN_BATCHES * 2 ** 10;
/** Most time-series buckets a run records for the batches (warm-up included). */
const MAX_BUCKETS = 200_000;
/** One-sided 5% point of the standard normal: the von Neumann test's critical value. */
const Z_95 = 1.6448536269514722;
/**
 * The largest lag-1 correlation the AR(1) widening believes (factor (1+r)/(1−r) at most 9 on
 * the variance, 3 on the half-width): from 20 batch means a larger estimate is mostly noise.
 */
const MAX_R1 = 0.8;

/**
 * The width of the time-series buckets for batch means: at most 1/START_BATCHES of the observed
 * span (1/MMC_MIN_BATCHES where that takes too many), and a whole fraction of the warm-up, so
 * that the buckets (which start at time 0) have an edge where the warm-up ends and the batches
 * cover the run after it only. Undefined where even that takes more than MAX_BUCKETS buckets
 * (a warm-up far longer than the run).
 */
export function batchBucketWidth(warmup: number, observed: number): number | undefined {
  for (const count of [START_BATCHES, MMC_MIN_BATCHES]) {
    const widest = observed / count;
    const inWarmup = warmup > 0 ? Math.ceil(warmup / widest) : 0;
    const width = inWarmup > 0 ? warmup / inWarmup : widest;
    if (!(width > 0) || (warmup + observed) / width > MAX_BUCKETS) continue;
    return width;
  }
  return undefined;
}

/** Sums of `x` in `k` consecutive batches of floor(length / k) each (the rest, at the end, left out). */
function batchSums(x: number[], k: number): number[] {
  const per = Math.floor(x.length / k);
  const out: number[] = [];
  for (let b = 0; b < k; b++) {
    let a = 0;
    for (let j = b * per; j < (b + 1) * per; j++) a += x[j];
    out.push(a);
  }
  return out;
}

/**
 * Von Neumann's test of independence of a series (Fishman 1978, used by his LBATCH rule, Fishman
 * and Yarberry 1997): C = 1 − Σ(x_i − x_{i+1})² / (2 Σ(x_i − mean)²) has mean 0 and variance
 * (k − 2) / (k² − 1) for k independent normal values; `correlated` where C exceeds its one-sided
 * 5% point. `r1` is the lag-1 autocorrelation, `sd` the standard deviation.
 */
export function vonNeumann(x: number[]): { correlated: boolean; r1: number; sd: number } {
  const k = x.length;
  const mean = x.reduce((a, b) => a + b, 0) / k;
  let ss = 0;
  let dd = 0;
  let lag = 0;
  for (let i = 0; i < k; i++) ss += (x[i] - mean) ** 2;
  for (let i = 0; i + 1 < k; i++) {
    dd += (x[i] - x[i + 1]) ** 2;
    lag += (x[i] - mean) * (x[i + 1] - mean);
  }
  const c = ss > 0 ? 1 - dd / (2 * ss) : 0;
  return {
    correlated: c / Math.sqrt((k - 2) / (k * k - 1)) > Z_95,
    r1: ss > 0 ? lag / ss : 0,
    sd: Math.sqrt(ss / (k - 1)),
  };
}

/**
 * Wq's 95% interval by batch means over a run's time series, the buckets after the warm-up
 * (whole ones only). Each bucket gives its queue's area A and its arrivals N; the run's Wq is
 * ΣA / ΣN (Little's law), and a batch's deviation from it is A − Wq·N summed over the batch (the
 * ratio estimator's linearisation, which holds for batches with few or no arrivals too).
 *
 * Batch size (after Fishman's LBATCH and Law and Carson 1979): start from START_BATCHES batches
 * of one bucket and double the batch size, halving their number, while von Neumann's test finds
 * neighbouring batches correlated, down to MMC_MIN_BATCHES. The interval uses the batches where
 * the test first passes, but no more than MMC_BATCHES (Schmeiser's 10 to 30): a Student t
 * interval with batches − 1 degrees of freedom about the run's mean wait `wq`. Where the test
 * still fails at MMC_MIN_BATCHES, the run is too short for batches long enough to be about
 * independent: the interval is then cut from MMC_BATCHES batches and its half-width multiplied
 * by the AR(1) factor sqrt((1 + r1) / (1 − r1)), r1 their lag-1 correlation in [0, MAX_R1], and
 * `correlated` says so. Null where there are fewer whole buckets than MMC_MIN_BATCHES or no
 * arrival after the warm-up; `waited` false where the queue's area is 0 (no one waited).
 */
export function wqBatchMeans(
  series: TimeSeries,
  station: string,
  warmup: number,
  wq: number,
): {
  halfWidth: number;
  ci95: [number, number];
  batches: number;
  correlated: boolean;
  r1: number;
  waited: boolean;
} | null {
  const queue = series.stations[station]?.queue ?? [];
  const width = series.interval;
  const area: number[] = [];
  const arrivals: number[] = [];
  for (let i = 0; i < series.t.length; i++) {
    const start = i > 0 ? series.t[i - 1] : 0;
    const end = series.t[i];
    // A bucket from the warm-up's end on (to rounding), and whole: not the run's last, shorter one.
    if (start < warmup - width * 1e-6 || end - start < width * (1 - 1e-6)) continue;
    area.push(queue[i] * (end - Math.max(start, warmup)));
    arrivals.push(series.arrivals[i]);
  }
  if (area.length < MMC_MIN_BATCHES) return null;
  const totalArea = area.reduce((a, b) => a + b, 0);
  const totalArrivals = arrivals.reduce((a, b) => a + b, 0);
  if (!(totalArrivals > 0)) return null;
  const ratio = totalArea / totalArrivals;
  const dev = area.map((a, i) => a - ratio * arrivals[i]);
  let k = MMC_MIN_BATCHES;
  while (k * 2 <= START_BATCHES && k * 2 <= area.length) k *= 2;
  while (k > MMC_MIN_BATCHES && vonNeumann(batchSums(dev, k)).correlated) k /= 2;
  const correlated = k === MMC_MIN_BATCHES && vonNeumann(batchSums(dev, k)).correlated;
  const batches = correlated ? Math.min(MMC_BATCHES, area.length) : Math.min(k, MMC_BATCHES);
  const sums = batchSums(dev, batches);
  const test = vonNeumann(sums);
  // Arrivals a batch holds on average: a batch's deviation over it is its Wq's deviation.
  const perBatch = (Math.floor(area.length / batches) * totalArrivals) / area.length;
  let halfWidth = (studentTQuantile(0.975, batches - 1) * test.sd) / Math.sqrt(batches) / perBatch;
  const r1 = Math.min(Math.max(test.r1, 0), MAX_R1);
  if (correlated) halfWidth *= Math.sqrt((1 + r1) / (1 - r1));
  return {
    halfWidth,
    ci95: [wq - halfWidth, wq + halfWidth],
    batches,
    correlated,
    r1: test.r1,
    waited: totalArea > 0,
  };
}

/**
 * Throws a usage error naming `option` when `customers` at `rate` (servers at `mu`) would take
 * longer than the kernel's longest run (MAX_HORIZON_MINUTES time units, warm-up included), or
 * when they are more than MMC_MAX_CUSTOMERS.
 */
export function checkMmcSpan(option: string, customers: number, rate: number, mu: number): void {
  const span = mmcRunWindow(rate, mu, customers).until;
  if (!(span <= MAX_HORIZON_MINUTES))
    throw new UsageError(
      `${option}: ${customers} customers at an arrival rate of ${rate} take ${span.toPrecision(3)} time units, longer than the kernel's longest run (${MAX_HORIZON_MINUTES} time units): use fewer customers or a higher rate`,
    );
  if (customers > MMC_MAX_CUSTOMERS)
    throw new UsageError(
      `${option}: must be a whole number from 1 to ${MMC_MAX_CUSTOMERS.toLocaleString('en-US')} (got ${customers}): more would run for hours`,
    );
}

/** Customers ten relaxation times of an M/M/c queue at load `rho` hold (any number of servers). */
export function mmcSettlingCustomers(rho: number): number {
  return (MMC_MIN_BATCHES * rho) / (1 - Math.sqrt(rho)) ** 2;
}

/**
 * Throws a usage error naming --lambda where the queue is unstable (rho ≥ 1) or its load is above
 * MMC_MAX_RHO; the latter gives Erlang C's Wq, which needs no run.
 */
export function checkMmcLoad(lambda: number, mu: number, servers: number): void {
  if (lambda >= servers * mu)
    throw new UsageError(
      `--lambda: must be less than servers × mu = ${servers * mu} for a stable queue (rho < 1)`,
    );
  const rho = lambda / (servers * mu);
  if (rho > MMC_MAX_RHO)
    throw new UsageError(
      `--lambda: must keep rho = lambda / (servers × mu) at most ${MMC_MAX_RHO} (got ${Number(rho.toPrecision(10))}): nearer 1 the queue takes longer to settle than a run may last (ten relaxation times hold ${mmcSettlingCustomers(rho).toPrecision(2)} customers, a run at most ${count(MMC_MAX_CUSTOMERS)}); Erlang C's Wq for it is ${mmc(lambda, mu, servers).Wq.toPrecision(4)}`,
    );
}

/**
 * Most customers one run of `mmc` (or of `bench`) may ask for: as many as a scenario's
 * replication may bring (MAX_ARRIVALS_PER_REPLICATION), a few minutes of the kernel. Past it
 * `mmc --customers 1e13`, at a rate high enough to fit the kernel's longest run, ran for days
 * without a word. Checked after the run's span (checkMmcSpan), whose message says more of a
 * count far too large for its rate.
 */
export const MMC_MAX_CUSTOMERS = MAX_ARRIVALS_PER_REPLICATION;

/** Simulates about `customers` customers (after warm-up) and sets them beside Erlang C. */
export function compareMmc(
  lambda: number,
  mu: number,
  servers: number,
  customers: number,
  seed: number,
): MmcComparison {
  const analytic = mmc(lambda, mu, servers);
  const window = mmcRunWindow(lambda, mu, customers);
  // The time series only samples the queue: the run's customers and figures are those without it.
  const interval = batchBucketWidth(window.warmup, window.until - window.warmup);
  const run = runNetwork(mmcNetwork(lambda, mu, servers), {
    seed,
    ...window,
    ...(interval !== undefined && { interval }),
  });
  const st = run.stations.server;
  const cut = run.timeseries
    ? wqBatchMeans(run.timeseries, 'server', window.warmup, st.wait.mean)
    : null;
  // No one waited: every batch's Wq is 0, their spread is 0, and a 0-wide interval would claim a
  // certainty that nobody waiting in one run does not give (Erlang C's P(wait) may be small, not 0).
  const noneWaited = cut !== null && !cut.waited;
  const batch = noneWaited ? null : cut;
  const note = noneWaited
    ? `${NONE_WAITED} in the run after its warm-up: the interval cannot be estimated; Erlang C's P(wait) is ${pwaitText(analytic.Pwait)}`
    : batch === null
      ? `the run is too short to cut into ${MMC_MIN_BATCHES} batches after its warm-up, with an arrival: use more --customers`
      : batch.correlated
        ? `${CORRELATED}: the batch means stayed correlated at ${MMC_MIN_BATCHES} batches (von Neumann test, 5%), so the half-width of ${batch.batches} batches is widened by the AR(1) factor sqrt((1 + r1) / (1 − r1)), r1 = ${Math.min(Math.max(batch.r1, 0), MAX_R1).toFixed(2)} (their lag-1 correlation, between 0 and ${MAX_R1}); it is still likely too narrow: use more --customers`
        : shortOfRelaxation(lambda, mu, servers, window.until - window.warmup);
  return {
    analytic: { rho: analytic.rho, Pwait: analytic.Pwait, Wq: analytic.Wq, Lq: analytic.Lq },
    simulated: {
      rho: st.utilisation,
      Pwait: st.waitedShare,
      Wq: st.wait.mean,
      WqHalfWidth: batch?.halfWidth ?? null,
      WqCi95: batch?.ci95 ?? null,
      Lq: st.meanQueue,
      customers: st.served,
    },
    interval: {
      method: 'batch means',
      batches: batch?.batches ?? MMC_BATCHES,
      level: 0.95,
      ...(note !== undefined && { note }),
    },
  };
}

/**
 * The note of a run whose batches pass von Neumann's test but span less than the queue's
 * relaxation time each (the run after its warm-up shorter than MMC_MIN_BATCHES of them): with
 * 20 batch means or fewer the test seldom sees the correlation such batches have, and intervals
 * of M/M/1 at rho 0.95 over 2,000 customers held the mean far less often than 95 in 100.
 * Undefined for a run long enough.
 */
function shortOfRelaxation(
  lambda: number,
  mu: number,
  servers: number,
  observed: number,
): string | undefined {
  const tau = mmcRelaxationTime(lambda, mu, servers);
  if (observed >= MMC_MIN_BATCHES * tau) return undefined;
  const need = Math.ceil(MMC_MIN_BATCHES * tau * lambda);
  return `${CORRELATED}: the run after its warm-up spans ${(observed / tau).toPrecision(2)} relaxation times of this queue (1 / (mu (sqrt(c) − sqrt(lambda / mu))^2) = ${tau.toPrecision(3)}), fewer than the ${MMC_MIN_BATCHES} that ${MMC_MIN_BATCHES} batches of one each need, so neighbouring batches are correlated even where the test does not see it; the interval is likely too narrow: use at least ${count(need)} --customers`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** A probability as small as Erlang C's P(wait) on many idle servers, to 2 significant digits. */
function pwaitText(p: number): string {
  return p > 0 ? p.toPrecision(2) : '0 to double precision';
}

/** What `consular-sim mmc` does; its options and help text are in mmc.command.ts. */
export function mmcAction(opts: {
  lambda: number;
  mu: number;
  servers: number;
  customers: number;
  seed: number;
  json?: boolean;
}) {
  checkMmcLoad(opts.lambda, opts.mu, opts.servers);
  checkMmcSpan('--customers', opts.customers, opts.lambda, opts.mu);
  const r = compareMmc(opts.lambda, opts.mu, opts.servers, opts.customers, opts.seed);
  // The warm-up lasts ten service times at least: on many servers its arrivals, not the
  // customers asked for, make the run long (10 million at lambda 1e6, mu 1), so it is named.
  const { warmup } = mmcRunWindow(opts.lambda, opts.mu, opts.customers);
  if (opts.json) {
    process.stdout.write(JSON.stringify(r) + '\n');
    return;
  }
  // Signed both ways (+8.75%, -2.10%), as reproduce and compare write a relative difference.
  const rel = (s: number, a: number) => (a === 0 ? '–' : formatPercent((s - a) / a, 2));
  const ci = r.simulated.WqCi95;
  process.stdout.write(
    `M/M/${opts.servers}: lambda ${opts.lambda}, mu ${opts.mu}; ${fmt(r.simulated.customers, 0)} customers simulated (seed ${opts.seed}), after a warm-up of ${fmt(warmup, 4)} time units with about ${count(Math.round(opts.lambda * warmup))} arrivals not counted\n\n` +
      table(
        ['measure', 'unit', 'Erlang C', 'simulated', '95% CI', 'difference'],
        [
          [
            'rho (utilisation)',
            'share of servers busy',
            fmt(r.analytic.rho, 4),
            fmt(r.simulated.rho, 4),
            '',
            rel(r.simulated.rho, r.analytic.rho),
          ],
          [
            'P(wait)',
            'probability',
            fmt(r.analytic.Pwait, 4),
            fmt(r.simulated.Pwait, 4),
            '',
            rel(r.simulated.Pwait, r.analytic.Pwait),
          ],
          [
            'Wq (mean wait)',
            'time unit of the rates',
            fmt(r.analytic.Wq, 4),
            fmt(r.simulated.Wq, 4),
            ci
              ? `${fmt(ci[0], 4)} to ${fmt(ci[1], 4)}`
              : r.interval.note?.startsWith(NONE_WAITED)
                ? 'none waited'
                : 'run too short',
            rel(r.simulated.Wq, r.analytic.Wq),
          ],
          [
            'Lq (mean queue)',
            'customers',
            fmt(r.analytic.Lq, 4),
            fmt(r.simulated.Lq, 4),
            '',
            rel(r.simulated.Lq, r.analytic.Lq),
          ],
        ],
      ) +
      '\n\n' +
      mmcIntervalNote(r) +
      '\n',
  );
}

/** What the 95% CI of Wq is, and whether it holds Erlang C's, in a sentence. */
export function mmcIntervalNote(r: MmcComparison): string {
  const ci = r.simulated.WqCi95;
  if (!ci)
    return `Wq's 95% CI is by batch means: the run after its warm-up cut into ${r.interval.batches} batches; here ${r.interval.note ?? 'none'}.`;
  const covers = ci[0] <= r.analytic.Wq && r.analytic.Wq <= ci[1];
  return (
    `Wq's 95% CI is by batch means: the run after its warm-up cut into ${r.interval.batches} batches, each batch's Wq its queue's area over its arrivals (Little's law), ` +
    `their spread a Student t interval about the run's Wq; the batches are the longest von Neumann's test lets be independent of their neighbours, from ${START_BATCHES} down to ${MMC_MIN_BATCHES}, and at most ${MMC_BATCHES}. ` +
    (r.interval.note ? `Here ${r.interval.note}. ` : '') +
    `It ${covers ? 'holds' : 'does not hold'} Erlang C's Wq. ` +
    'A short run at a high load still gives too narrow an interval: busy spells of thousands of customers make the batch means skewed and a low estimate come with a small spread, so the interval holds Erlang C less often than 95 times in 100 (about 75 to 85 at 20,000 customers and rho 0.9 to 0.95; at rho 0.9 on one server and on ten, over 100 to 300 seeds each, about 67 in 100 at 3,000 customers, 82 at 10,000, 87 at 30,000 and 88 to 90 at 100,000).'
  );
}
