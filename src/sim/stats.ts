/**
 * Statistics in bounded memory. No collector keeps individual observations:
 * means and variances by Welford's method, time averages by area, and quantiles
 * from a log-bucketed sketch with 1% relative accuracy (the DDSketch idea) that
 * merges across replications by adding counts.
 */

/** Running count, mean, variance, min and max (Welford). */
export class Tally {
  count = 0;
  mean = 0;
  private m2 = 0;
  min = Infinity;
  max = -Infinity;
  sum = 0;

  add(x: number): void {
    this.count++;
    this.sum += x;
    const delta = x - this.mean;
    this.mean += delta / this.count;
    this.m2 += delta * (x - this.mean);
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
  }

  get variance(): number {
    return this.count > 1 ? this.m2 / (this.count - 1) : 0;
  }

  reset(): void {
    this.count = 0;
    this.mean = 0;
    this.m2 = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = -Infinity;
  }

  toJSON(): TallySummary {
    return {
      count: this.count,
      mean: this.count ? this.mean : 0,
      sd: Math.sqrt(this.variance),
      min: this.count ? this.min : 0,
      max: this.count ? this.max : 0,
    };
  }
}

export interface TallySummary {
  count: number;
  mean: number;
  sd: number;
  min: number;
  max: number;
}

/** Time-weighted average of a piecewise-constant quantity (queue length, busy servers). */
export class TimeWeighted {
  value = 0;
  area = 0;
  max = 0;
  private lastTime: number;
  private startTime: number;

  constructor(start = 0) {
    this.lastTime = start;
    this.startTime = start;
  }

  /** Sets the value from time `now` on. */
  set(now: number, value: number): void {
    this.area += this.value * (now - this.lastTime);
    this.lastTime = now;
    this.value = value;
    if (value > this.max) this.max = value;
  }

  /** Area under the curve up to `now`. */
  areaAt(now: number): number {
    return this.area + this.value * (now - this.lastTime);
  }

  mean(now: number): number {
    const span = now - this.startTime;
    return span > 0 ? this.areaAt(now) / span : this.value;
  }

  /** Forgets the past (warm-up deletion); the current value carries on. */
  reset(now: number): void {
    this.area = 0;
    this.lastTime = now;
    this.startTime = now;
    this.max = this.value;
  }
}

/** A quantile the sketch gives is within this share of the true one (its buckets' half-width). */
export const QUANTILE_RELATIVE_ACCURACY = 0.01;
const RELATIVE_ACCURACY = QUANTILE_RELATIVE_ACCURACY;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
/** Smallest positive value told apart from zero; smaller ones count as zero. */
const MIN_VALUE = 1e-9;
/** Values from 1e-9 to about 1e12 (any duration in minutes a scenario can produce). */
const MIN_INDEX = Math.floor(Math.log(MIN_VALUE) / LOG_GAMMA);
const BUCKETS = Math.ceil(Math.log(1e12) / LOG_GAMMA) - MIN_INDEX + 1;

/** The bucket of a value x >= MIN_VALUE: the definition (a logarithm). */
function bucketOf(x: number): number {
  const i = Math.ceil(Math.log(x) / LOG_GAMMA) - MIN_INDEX;
  return i >= BUCKETS ? BUCKETS - 1 : i;
}

/**
 * The same bucket without a logarithm, for the hot path: the bits of x (its binary exponent
 * and 6 leading mantissa bits) pick a cell 1/64 of an octave wide, narrower than a bucket, so a
 * cell holds at most one bucket edge. Every cell's bucket and edge (the least double at which
 * bucketOf moves on, found by bisection on bucketOf itself) are worked out once, when this
 * module loads (about 2,400 bisections, a few milliseconds), so both ways give the same bucket
 * for every x and the hot path is a few loads with no branch to a slow path: small enough to
 * be inlined wherever a sketch is fed.
 */
const CELL_BITS = 6;
const LOW_OCTAVE = -30; // 2^-30 ≈ 9.3e-10, just below MIN_VALUE
const HIGH_OCTAVE = 40; // 2^40 > 1e12: the last bucket from there on
const FIRST_CELL = (1023 + LOW_OCTAVE) << CELL_BITS;
const CELLS = (HIGH_OCTAVE - LOW_OCTAVE) << CELL_BITS;
/** A cell that starts below MIN_VALUE: its values take the logarithm. */
const BELOW = -1;
/** Read the high 32 bits of a double (the byte order of the platform decides where they are). */
const scratch = new Float64Array(1);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const scratchHi = new Int32Array(scratch.buffer, LITTLE_ENDIAN ? 4 : 0, 1);
const cellBucket = new Int32Array(CELLS);
const cellEdge = new Float64Array(CELLS);
for (let cell = 0; cell < CELLS; cell++) learnCell(cell);

/** Fills in a cell's bucket and edge (bucket BELOW: the cell starts below MIN_VALUE). */
function learnCell(cell: number): void {
  const octave = (cell >> CELL_BITS) + LOW_OCTAVE;
  const steps = 1 << CELL_BITS;
  const least = Math.pow(2, octave) * (1 + (cell & (steps - 1)) / steps);
  const next = Math.pow(2, octave) * (1 + ((cell & (steps - 1)) + 1) / steps);
  cellEdge[cell] = Infinity;
  if (least < MIN_VALUE) {
    cellBucket[cell] = BELOW;
    return;
  }
  const bucket = bucketOf(least);
  cellBucket[cell] = bucket;
  if (bucketOf(next) > bucket) {
    // Bisection between the cell's ends, started from a narrow bracket around where the
    // logarithm puts the edge when that bracket holds it (it always does but for rounding).
    let lo = least;
    let hi = next;
    const guess = Math.exp((bucket + MIN_INDEX) * LOG_GAMMA);
    const below = Math.max(least, guess * (1 - 1e-12));
    const above = Math.min(next, guess * (1 + 1e-12));
    if (bucketOf(below) === bucket && bucketOf(above) > bucket) {
      lo = below;
      hi = above;
    }
    for (;;) {
      const mid = lo + (hi - lo) / 2;
      if (mid === lo || mid === hi) break;
      if (bucketOf(mid) > bucket) hi = mid;
      else lo = mid;
    }
    if (hi < next) cellEdge[cell] = hi;
  }
}

/** The last bucket cdf(x) counts, for x >= MIN_VALUE. */
function lastBucketAtMost(x: number): number {
  return Math.min(BUCKETS - 1, Math.ceil(Math.log(x) / LOG_GAMMA) - MIN_INDEX);
}

/** bucketOf(x) for x >= MIN_VALUE, through the cells. */
function bucketFromBits(x: number): number {
  scratch[0] = x;
  const cell = (scratchHi[0] >> (20 - CELL_BITS)) - FIRST_CELL;
  // From 2^40 on (and for the cell that holds MIN_VALUE) the definition is as quick.
  if (cell >= CELLS || cellBucket[cell] < 0) return bucketOf(x);
  return x >= cellEdge[cell] ? cellBucket[cell] + 1 : cellBucket[cell];
}

/** Quantiles of non-negative values within 1% relative error, in a fixed 28 KB. */
export class QuantileSketch {
  zeros = 0;
  count = 0;
  readonly buckets = new Float64Array(BUCKETS);

  add(x: number): void {
    this.count++;
    if (x < MIN_VALUE) {
      this.zeros++;
      return;
    }
    this.buckets[bucketFromBits(x)]++;
  }

  merge(other: QuantileSketch): void {
    this.count += other.count;
    this.zeros += other.zeros;
    for (let i = 0; i < BUCKETS; i++) this.buckets[i] += other.buckets[i];
  }

  reset(): void {
    this.count = 0;
    this.zeros = 0;
    this.buckets.fill(0);
  }

  /**
   * The counts in the fewest numbers that rebuild the sketch (fromCounts): the buckets from the
   * first that holds a value to the last. A replication hands these back to the runner, which
   * merges them to read a percentile of all replications' observations (sectioning: estimate.ts).
   */
  toCounts(): SketchCounts {
    let first = 0;
    while (first < BUCKETS && this.buckets[first] === 0) first++;
    let last = BUCKETS - 1;
    while (last >= first && this.buckets[last] === 0) last--;
    return {
      count: this.count,
      zeros: this.zeros,
      offset: first,
      counts: Array.from(this.buckets.subarray(first, last + 1)),
    };
  }

  /** Adds the counts one sketch gave (toCounts): as merge() of that sketch. */
  mergeCounts(c: SketchCounts): void {
    this.count += c.count;
    this.zeros += c.zeros;
    for (let i = 0; i < c.counts.length; i++) this.buckets[c.offset + i] += c.counts[i];
  }

  /** The q-quantile (0 <= q <= 1), or 0 when empty. */
  quantile(q: number): number {
    if (this.count === 0) return 0;
    const rank = q * (this.count - 1);
    if (rank < this.zeros) return 0;
    let seen = this.zeros;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.buckets[i];
      if (seen > rank) return (2 * Math.pow(GAMMA, i + MIN_INDEX)) / (GAMMA + 1);
    }
    return Math.pow(GAMMA, BUCKETS - 1 + MIN_INDEX);
  }

  /** Share of values at most x. */
  cdf(x: number): number {
    if (this.count === 0) return 0;
    if (x < MIN_VALUE) return this.zeros / this.count;
    const last = lastBucketAtMost(x);
    let seen = this.zeros;
    for (let i = 0; i <= last; i++) seen += this.buckets[i];
    return seen / this.count;
  }

  percentiles(): Percentiles {
    return {
      p50: this.quantile(0.5),
      p90: this.quantile(0.9),
      p95: this.quantile(0.95),
      p99: this.quantile(0.99),
    };
  }

  /** Counts per bin for a histogram with the given edges (values >= last edge in the last bin). */
  histogram(edges: number[]): number[] {
    const counts = new Array<number>(edges.length).fill(0);
    const n = this.count;
    if (n === 0) return counts;
    // cdf() at each edge in one walk over the buckets: the running sum adds the same buckets in
    // the same order as cdf() does from the start, so every value is cdf()'s to the bit (a
    // station's summary asks 30 edges of 2,400 buckets; 249 missions in one run felt it).
    let seen = this.zeros;
    let next = 0;
    let prev = 0;
    for (let j = 1; j <= edges.length; j++) {
      let c = n;
      if (j < edges.length) {
        const x = edges[j];
        const last = x < MIN_VALUE ? -1 : lastBucketAtMost(x);
        if (last < next - 1) {
          // An edge below one already passed (edges out of order): cdf() from the start.
          c = this.cdf(x) * n;
        } else {
          while (next <= last) seen += this.buckets[next++];
          c = ((x < MIN_VALUE ? this.zeros : seen) / n) * n;
        }
      }
      counts[j - 1] = Math.max(0, Math.round(c - prev));
      prev = c;
    }
    return counts;
  }
}

/**
 * A sketch's counts as plain numbers (structured-cloneable, JSON): its count, the values counted
 * as zero, and the buckets from `offset` on. Every sketch has the same buckets, so any two merge.
 */
export interface SketchCounts {
  count: number;
  zeros: number;
  offset: number;
  counts: number[];
}

/** The sketch all of `parts` make together (their counts added): the pooled observations. */
export function mergedSketch(parts: readonly SketchCounts[]): QuantileSketch {
  const s = new QuantileSketch();
  for (const c of parts) s.mergeCounts(c);
  return s;
}

export interface Percentiles {
  p50: number;
  p90: number;
  p95: number;
  p99: number;
}

/** Regularised incomplete beta I_x(a, b) by Lentz's continued fraction. */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lbeta = logGamma(a + b) - logGamma(a) - logGamma(b);
  const front = Math.exp(Math.log(x) * a + Math.log(1 - x) * b + lbeta);
  if (x > (a + 1) / (a + b + 2)) return 1 - incompleteBeta(1 - x, b, a);
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let f = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let num = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + num * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + num / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    f *= d * c;
    num = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + num * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + num / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-14) break;
  }
  return (front * f) / a;
}

/** log Γ(x) by the Lanczos approximation (g = 7, n = 9). */
export function logGamma(x: number): number {
  const g = 7;
  const coef = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const xx = x - 1;
  let a = coef[0];
  const t = xx + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += coef[i] / (xx + i);
  return 0.5 * Math.log(2 * Math.PI) + (xx + 0.5) * Math.log(t) - t + Math.log(a);
}

/** CDF of Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const x = df / (df + t * t);
  const tail = 0.5 * incompleteBeta(x, df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

const tQuantiles = new Map<string, number>();

/** The p-quantile of Student's t (bisection on the CDF; exact to 1e-10). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError('p must be in (0, 1)');
  // A run's CIs ask for the same few (p, df) once per metric: thousands of times.
  const key = `${p}/${df}`;
  let q = tQuantiles.get(key);
  if (q === undefined) {
    q = bisectTQuantile(p, df);
    if (tQuantiles.size < 1024) tQuantiles.set(key, q);
  }
  return q;
}

function bisectTQuantile(p: number, df: number): number {
  let lo = -1e3;
  let hi = 1e3;
  for (let i = 0; i < 200 && hi - lo > 1e-10; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface ConfidenceInterval {
  mean: number;
  sd: number;
  n: number;
  /**
   * t · sd / √n (plus a quantile sketch's resolution where one is read: widenBySketch). The
   * interval is mean ± halfWidth unless it was cut at the least or greatest value the quantity
   * can take (`cut`): ci95 is then the interval, and no longer symmetric about the mean.
   */
  halfWidth: number;
  ci95: [number, number];
  /** Which end of ci95 was cut at the quantity's support (withinSupport); absent when neither. */
  cut?: IntervalCut;
}

/** The end(s) of an interval cut at the least (`low`) or greatest (`high`) value possible. */
export type IntervalCut = 'low' | 'high' | 'both';

/**
 * The values a quantity can take, [least, greatest] (±Infinity where it has no bound): a count,
 * a time or a length is never below 0, a probability never above 1.
 */
export type Support = readonly [number, number];

export const UNBOUNDED: Support = [-Infinity, Infinity];
export const NON_NEGATIVE: Support = [0, Infinity];
export const UNIT_INTERVAL: Support = [0, 1];

/**
 * A reported estimate: mean and, from 2 values or more, its 95% interval. One value (one
 * replication) gives no interval at all: its spread cannot be estimated from it, and a
 * half-width of 0 would claim a certainty it does not have, so `halfWidth` and `ci95` are null.
 */
export interface Estimate extends Omit<ConfidenceInterval, 'halfWidth' | 'ci95'> {
  /** null: fewer than 2 values, so no interval can be estimated. */
  halfWidth: number | null;
  /** null: fewer than 2 values, so no interval can be estimated. */
  ci95: [number, number] | null;
}

/** Whether an estimate has an interval (it came from 2 values or more). */
export function hasInterval<T extends { halfWidth: number | null; ci95: [number, number] | null }>(
  e: T,
): e is T & { halfWidth: number; ci95: [number, number] } {
  return e.halfWidth !== null && e.ci95 !== null;
}

/** confidenceInterval for reporting: with fewer than 2 values the interval is null, not 0 wide. */
export function estimateOf(values: number[], level = 0.95): Estimate {
  const ci = confidenceInterval(values, level);
  return ci.n > 1 ? ci : { ...ci, halfWidth: null, ci95: null };
}

/**
 * Mean and 95% Student-t confidence interval of independent replication outputs. With fewer
 * than 2 values the half-width is 0, which is no interval: what is reported goes through
 * estimateOf, which says so (null).
 */
export function confidenceInterval(values: number[], level = 0.95): ConfidenceInterval {
  const n = values.length;
  const mean = n ? values.reduce((s, v) => s + v, 0) / n : 0;
  const sd = n > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : 0;
  const halfWidth = n > 1 ? (studentTQuantile(1 - (1 - level) / 2, n - 1) * sd) / Math.sqrt(n) : 0;
  return { mean, sd, n, halfWidth, ci95: [mean - halfWidth, mean + halfWidth] };
}

/**
 * The 95% interval of a quantile by sectioning (Asmussen & Glynn, Stochastic Simulation, 2007,
 * §III.5; Nakayama 2014): the point estimate is `pooled`, the quantile of all replications'
 * observations together, and the spread is that of the replications' own quantiles `values`
 * around it, t_{n−1} · sqrt(Σ (q_i − pooled)² / (n (n − 1))). Each replication's quantile of a
 * finite run lies below the long-run one (a percentile of few, correlated waits is biased
 * low), so their average is too, and a t interval around it had covered the true p99 of an
 * M/M/10 at ρ = 0.9 in about half the experiments; the pooled quantile's bias is that of one
 * run R times as long. `sd` is sqrt(Σ (q_i − pooled)² / (n − 1)).
 */
export function sectioningInterval(
  values: number[],
  pooled: number,
  level = 0.95,
): ConfidenceInterval {
  const n = values.length;
  const sd = n > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - pooled) ** 2, 0) / (n - 1)) : 0;
  const halfWidth = n > 1 ? (studentTQuantile(1 - (1 - level) / 2, n - 1) * sd) / Math.sqrt(n) : 0;
  return { mean: pooled, sd, n, halfWidth, ci95: [pooled - halfWidth, pooled + halfWidth] };
}

/**
 * A quantile read from sketches is known no better than they read it: each is within
 * QUANTILE_RELATIVE_ACCURACY of its true value whatever the replications say (they can all fall
 * in one bucket and agree to the digit), so the interval grows by that share of `magnitude`, the
 * sum of the sizes of the quantiles it is built from (|mean| for one estimate, |a| + |b| for a
 * difference). The one rule for run, sweep, reproduce, report.html, the Lab and compare.
 */
export function widenBySketch<
  T extends { mean: number; halfWidth: number; ci95: [number, number] },
>(d: T, magnitude: number): T {
  const resolution = QUANTILE_RELATIVE_ACCURACY * magnitude;
  if (!(resolution > 0)) return d;
  const halfWidth = d.halfWidth + resolution;
  return { ...d, halfWidth, ci95: [d.mean - halfWidth, d.mean + halfWidth] };
}

/**
 * The interval cut to the quantity's support: the true value cannot lie outside it, so the
 * part of the interval there holds no value the interval could cover, and dropping it keeps
 * the coverage. The half-width stays the t statistic's; `cut` says which end was moved. A mean
 * outside the support (NaN: nothing measured) is left as it is.
 */
export function withinSupport<
  T extends { mean: number; ci95: [number, number] | null; cut?: IntervalCut },
>(ci: T, support: Support): T {
  if (ci.ci95 === null || !(ci.mean >= support[0] && ci.mean <= support[1])) return ci;
  const c = cutToSupport(ci.ci95, support);
  return c.cut ? { ...ci, ci95: c.ci95, cut: c.cut } : ci;
}

/**
 * An interval cut to a support: each end moved inside [least, greatest] if it lay beyond, and
 * `cut` naming the end(s) moved (absent when neither). The one cut of withinSupport and of the
 * audit's sensitivity indices (shares: their true value lies in [0, 1]).
 */
export function cutToSupport(
  interval: [number, number],
  support: Support,
): { ci95: [number, number]; cut?: IntervalCut } {
  const [least, greatest] = support;
  const clamp = (x: number) => Math.min(greatest, Math.max(least, x));
  const low = interval[0] < least || interval[1] < least;
  const high = interval[1] > greatest || interval[0] > greatest;
  if (!low && !high) return { ci95: interval };
  return {
    ci95: [clamp(interval[0]), clamp(interval[1])],
    cut: low && high ? 'both' : low ? 'low' : 'high',
  };
}
