import { MAX_HORIZON_MINUTES } from '../../sim/calendar';
import { mmc, mmcRunWindow, type MmcAnalytic } from '../../sim/erlang';
import { runNetwork } from '../../sim/network';
import { fmt, table } from '../../report/format';
import { formatPercent } from '../../report/numbers';
import { studentTQuantile } from '../../sim/stats';
import type { TimeSeries } from '../../sim/summary';
import { UsageError } from '../errors';
import { mmcNetwork } from '../../sim/mmc-network';

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

/** Batches the run after its warm-up is cut into for Wq's interval (batch means). */
export const MMC_BATCHES = 20;
/** Time-series buckets a batch is made of, at most (fewer where the run would need too many). */
const BUCKETS_PER_BATCH = 50;
/** Most time-series buckets a run records for the batches (warm-up included). */
const MAX_BUCKETS = 200_000;

/**
 * The width of the time-series buckets for batch means: at most 1/(batches · buckets a batch)
 * of the observed span, and a whole fraction of the warm-up, so that the buckets (which start
 * at time 0) have an edge where the warm-up ends and the batches cover the run after it only.
 * Undefined where that takes more than MAX_BUCKETS buckets (a warm-up far longer than the run).
 */
export function batchBucketWidth(warmup: number, observed: number): number | undefined {
  for (const perBatch of [BUCKETS_PER_BATCH, 1]) {
    const widest = observed / (MMC_BATCHES * perBatch);
    const inWarmup = warmup > 0 ? Math.ceil(warmup / widest) : 0;
    const width = inWarmup > 0 ? warmup / inWarmup : widest;
    if (!(width > 0) || (warmup + observed) / width > MAX_BUCKETS) continue;
    return width;
  }
  return undefined;
}

/**
 * Batch means of the mean wait over a run's time series: the buckets after the warm-up, whole
 * ones only, in MMC_BATCHES batches of as many buckets each; each batch's Wq is the area under
 * its queue length over the customers who arrived in it (Little's law, Lq = lambda · Wq, in
 * the batch). Batches that long are about independent, so their spread gives a Student-t
 * interval with MMC_BATCHES − 1 degrees of freedom, about the run's mean wait `wq`. Null where
 * there are fewer whole buckets than batches, or a batch had no arrival.
 */
export function wqBatchMeans(
  series: TimeSeries,
  station: string,
  warmup: number,
  wq: number,
): { halfWidth: number; ci95: [number, number]; batches: number[] } | null {
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
  const per = Math.floor(area.length / MMC_BATCHES);
  if (per < 1) return null;
  const batches: number[] = [];
  for (let b = 0; b < MMC_BATCHES; b++) {
    let a = 0;
    let n = 0;
    for (let j = b * per; j < (b + 1) * per; j++) {
      a += area[j];
      n += arrivals[j];
    }
    if (!(n > 0)) return null;
    batches.push(a / n);
  }
  const mean = batches.reduce((x, y) => x + y, 0) / MMC_BATCHES;
  const sd = Math.sqrt(batches.reduce((x, y) => x + (y - mean) ** 2, 0) / (MMC_BATCHES - 1));
  const halfWidth = (studentTQuantile(0.975, MMC_BATCHES - 1) * sd) / Math.sqrt(MMC_BATCHES);
  return { halfWidth, ci95: [wq - halfWidth, wq + halfWidth], batches };
}

/**
 * Throws a usage error naming `option` when `customers` at `rate` (servers at `mu`) would take
 * longer than the kernel's longest run (MAX_HORIZON_MINUTES time units, warm-up included).
 */
export function checkMmcSpan(option: string, customers: number, rate: number, mu: number): void {
  const span = mmcRunWindow(rate, mu, customers).until;
  if (!(span <= MAX_HORIZON_MINUTES))
    throw new UsageError(
      `${option}: ${customers} customers at an arrival rate of ${rate} take ${span.toPrecision(3)} time units, longer than the kernel's longest run (${MAX_HORIZON_MINUTES} time units): use fewer customers or a higher rate`,
    );
}

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
  // Every batch's Wq 0: their spread is 0, and a 0-wide interval would claim a certainty that
  // nobody waiting in one run does not give (Erlang C's P(wait) may be small, not 0).
  const noneWaited = cut !== null && cut.batches.every((b) => b === 0);
  const batch = noneWaited ? null : cut;
  const note = noneWaited
    ? `${NONE_WAITED} in the ${MMC_BATCHES} batches: the interval cannot be estimated; Erlang C's P(wait) is ${pwaitText(analytic.Pwait)}`
    : batch === null
      ? `the run is too short to cut into ${MMC_BATCHES} batches after its warm-up, each with an arrival: use more --customers`
      : undefined;
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
      batches: MMC_BATCHES,
      level: 0.95,
      ...(note !== undefined && { note }),
    },
  };
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
  if (opts.lambda >= opts.servers * opts.mu) {
    throw new UsageError(
      `--lambda: must be less than servers × mu = ${opts.servers * opts.mu} for a stable queue (rho < 1)`,
    );
  }
  checkMmcSpan('--customers', opts.customers, opts.lambda, opts.mu);
  const r = compareMmc(opts.lambda, opts.mu, opts.servers, opts.customers, opts.seed);
  if (opts.json) {
    process.stdout.write(JSON.stringify(r) + '\n');
    return;
  }
  // Signed both ways (+8.75%, -2.10%), as reproduce and compare write a relative difference.
  const rel = (s: number, a: number) => (a === 0 ? '–' : formatPercent((s - a) / a, 2));
  const ci = r.simulated.WqCi95;
  process.stdout.write(
    `M/M/${opts.servers}: lambda ${opts.lambda}, mu ${opts.mu}; ${fmt(r.simulated.customers, 0)} customers simulated (seed ${opts.seed})\n\n` +
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
    `their spread a Student t interval about the run's Wq. It ${covers ? 'holds' : 'does not hold'} Erlang C's Wq. ` +
    "Batches must be long against the queue's busy spells to be about independent: a short run's interval is too narrow, and even a long one's holds Erlang C a little less often than 95 times in 100."
  );
}
