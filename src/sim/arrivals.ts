import { Calendar, MINUTES_PER_DAY, MINUTES_PER_HOUR, parseClock } from './calendar';
import type { Rng } from './rng';

/**
 * Arrival processes. Each yields the absolute time of its next arrival (Infinity
 * when it has no more), drawing only from its own stream.
 */
export interface ArrivalProcess {
  next(now: number, rng: Rng): number;
}

/** Weights describing how demand varies over the day, the week and the year. */
export interface DemandProfile {
  /** 24 weights: the share of a day's arrivals in each hour (normalised). */
  hourOfDay?: number[];
  /** 7 weights Monday..Sunday, relative (normalised to mean 1). */
  dayOfWeek?: number[];
  /** 12 weights January..December, relative (normalised to mean 1). */
  month?: number[];
  /** No arrivals on holidays and closure days of the stations this source feeds. */
  closedOnHolidays?: boolean;
  /**
   * daily: arrivals fall uniformly between these clock times ("HH:MM") each day,
   * instead of by the hour-of-day profile (e.g. a counter's opening hours).
   */
  window?: { from: string; to: string };
  /**
   * Demand by date: a day inside a period is weighted by its factor (the first period
   * that contains it); a day outside every period gets none. ISO dates, inclusive.
   */
  periods?: { from: string; to: string; factor: number }[];
}

export type ArrivalSpec =
  /** Homogeneous Poisson process: `rate` arrivals per time unit. */
  | { kind: 'poisson'; rate: number }
  /** Non-homogeneous Poisson: `perDay` expected arrivals on an average day, shaped by the profile. */
  | ({ kind: 'profile'; perDay: number } & DemandProfile)
  /**
   * Exact counts: `perDay` on an average day (each day gets perDay times its dayOfWeek and
   * month weights, each normalised to mean 1; a closed day none), `total` spread over the
   * horizon by the profile, or `byYear` totals, each spread over that year's days in the horizon.
   */
  | ({
      kind: 'daily';
      perDay?: number;
      total?: number;
      byYear?: Record<string, number>;
    } & DemandProfile)
  /** Replay of recorded arrival times (minutes from t = 0, ascending). */
  | { kind: 'trace'; times: number[] };

export class PoissonArrivals implements ArrivalProcess {
  private readonly mean: number;
  constructor(rate: number) {
    this.mean = 1 / rate;
  }
  next(now: number, rng: Rng): number {
    return now - this.mean * Math.log(rng.nextOpen());
  }
}

function normalise(weights: number[] | undefined, n: number, to: 'sum' | 'mean'): Float64Array {
  const out = new Float64Array(n);
  if (!weights) {
    out.fill(to === 'sum' ? 1 / n : 1);
    return out;
  }
  const total = weights.reduce((s, w) => s + w, 0);
  for (let i = 0; i < n; i++) out[i] = to === 'sum' ? weights[i] / total : (weights[i] * n) / total;
  return out;
}

/** Relative weight of each day of the horizon (0 on closed days). */
function dayWeights(
  profile: DemandProfile,
  calendar: Calendar,
  closedDay: (d: number) => boolean,
): Float64Array {
  const dow = normalise(profile.dayOfWeek, 7, 'mean');
  const month = normalise(profile.month, 12, 'mean');
  const w = new Float64Array(calendar.days);
  let factor: Float64Array | null = null;
  if (profile.periods) {
    factor = new Float64Array(calendar.days);
    for (const p of [...profile.periods].reverse()) {
      const from = Math.max(0, calendar.dayOf(p.from));
      const to = Math.min(calendar.days - 1, calendar.dayOf(p.to));
      for (let d = from; d <= to; d++) factor[d] = p.factor;
    }
  }
  // A day outside every period weighs 0 whether or not it is closed: no need to ask.
  const finite = [...dow, ...month].every(Number.isFinite);
  for (let d = 0; d < calendar.days; d++) {
    if (factor && factor[d] === 0 && finite) continue;
    w[d] = closedDay(d) ? 0 : dow[calendar.weekday[d]] * month[calendar.month[d]];
    if (factor) w[d] *= factor[d];
  }
  return w;
}

/** Time-varying Poisson arrivals by thinning (Lewis & Shedler). */
export class ProfileArrivals implements ArrivalProcess {
  private readonly hourRate: Float64Array;
  private readonly dayWeight: Float64Array;
  private readonly maxRate: number;

  constructor(
    perDay: number,
    profile: DemandProfile,
    private readonly calendar: Calendar,
    closedDay: (d: number) => boolean,
  ) {
    const hod = normalise(profile.hourOfDay, 24, 'sum');
    this.hourRate = hod.map((share) => (perDay * share) / MINUTES_PER_HOUR);
    this.dayWeight = dayWeights(profile, calendar, closedDay);
    this.maxRate = Math.max(...this.hourRate) * Math.max(...this.dayWeight);
  }

  rateAt(t: number): number {
    const day = this.calendar.dayIndex(t);
    const hour = Math.floor((t - day * MINUTES_PER_DAY) / MINUTES_PER_HOUR);
    return this.hourRate[hour < 0 ? 0 : hour > 23 ? 23 : hour] * this.dayWeight[day];
  }

  next(now: number, rng: Rng): number {
    if (!(this.maxRate > 0)) return Infinity;
    const horizon = this.calendar.days * MINUTES_PER_DAY;
    let t = now;
    for (;;) {
      t -= Math.log(rng.nextOpen()) / this.maxRate;
      if (t >= horizon) return Infinity;
      if (rng.next() * this.maxRate < this.rateAt(t)) return t;
    }
  }
}

/** What `daily` arrivals are made of: counts per day, the spread within a day. */
type DailyVolumeSpec = {
  perDay?: number;
  total?: number;
  byYear?: Record<string, number>;
} & DemandProfile;

/** Entries of a daily plan's hour guide. */
const HOUR_GUIDE = 96;

/**
 * The part of `daily` arrivals that is the same in every run: the count of each day and how a
 * day's arrivals spread over its hours. Worked out once per compiled source; each run's
 * DailyVolumeArrivals draws its own times from it.
 */
export class DailyVolumePlan {
  readonly counts: Int32Array;
  readonly hourCdf: Float64Array;
  /**
   * Where to start looking for the hour of a point u of the cumulative mass: hourGuide[k] is the
   * first hour whose cumulative mass exceeds k / HOUR_GUIDE of the day's (Chen & Asau's guide
   * table: the hour is then found in a step or two instead of a binary search).
   */
  readonly hourGuide: Uint8Array;
  private readonly toGuide: number;
  /** Share of the last day's hourly profile inside the horizon (1 for whole days). */
  readonly lastDayMass: number;
  readonly window: { from: number; to: number } | null;
  /**
   * What the counts add up to, in floating point: a day's count past 2^31 would wrap in its
   * Int32Array, so the size of a run is read from here (and a run that large is refused before
   * it starts: MAX_ARRIVALS_PER_REPLICATION in compile.ts).
   */
  readonly expected: number;

  constructor(
    spec: DailyVolumeSpec,
    calendar: Calendar,
    horizonMinutes: number,
    closedDay: (d: number) => boolean,
  ) {
    this.window = spec.window
      ? { from: parseClock(spec.window.from), to: parseClock(spec.window.to) }
      : null;
    // A window is the hour profile of a counter: even between its two clock times.
    const hod = this.window
      ? windowProfile(this.window.from, this.window.to)
      : normalise(spec.hourOfDay, 24, 'sum');
    this.hourCdf = new Float64Array(24);
    let acc = 0;
    for (let h = 0; h < 24; h++) this.hourCdf[h] = acc += hod[h];
    this.toGuide = HOUR_GUIDE / acc;
    this.hourGuide = new Uint8Array(HOUR_GUIDE + 1);
    for (let k = 0, h = 0; k <= HOUR_GUIDE; k++) {
      while (h < 23 && this.hourCdf[h] <= (k / HOUR_GUIDE) * acc) h++;
      this.hourGuide[k] = h;
    }
    const days = Math.min(calendar.days, Math.ceil(horizonMinutes / MINUTES_PER_DAY));
    // A horizon that ends part-way through a day gets only that part of the day's demand.
    const cut = horizonMinutes - (days - 1) * MINUTES_PER_DAY;
    this.lastDayMass = cut >= MINUTES_PER_DAY ? 1 : this.massBefore(cut);
    const w = dayWeights(spec, calendar, closedDay).slice(0, days);
    if (days > 0) w[days - 1] *= this.lastDayMass;
    this.counts = new Int32Array(days);
    let expected = 0;
    if (spec.byYear !== undefined) {
      for (const [year, total] of Object.entries(spec.byYear)) {
        const inYear = Array.from({ length: days }, (_, d) => d).filter(
          (d) => calendar.year(d) === Number(year),
        );
        expected += allocate(
          this.counts,
          inYear,
          inYear.map((d) => w[d]),
          total,
        );
      }
    } else if (spec.total !== undefined) {
      expected = allocate(this.counts, null, w, spec.total);
    } else {
      // Rounded cumulatively, as allocate() does, so the days add up to perDay times their
      // weights: rounding each day on its own made 2.4 a day into 2 (and 2.5 into 3, 0.4 into
      // none). A whole perDay on whole weights gives every day the same count as before.
      const perDay = spec.perDay ?? 0;
      let cumulative = 0;
      let assigned = 0;
      for (let d = 0; d < days; d++) {
        if (w[d] > 0) cumulative += perDay * w[d];
        const upTo = Math.round(cumulative);
        this.counts[d] = upTo - assigned;
        assigned = upTo;
      }
      expected = assigned;
    }
    this.expected = expected;
  }

  /**
   * The first hour whose cumulative mass exceeds u (the last hour at most): from the guide's
   * hour, forward past hours that end at or below u, and back (should rounding have put u in the
   * next guide entry) while the hour before also ends above u.
   */
  hourAt(u: number): number {
    const cdf = this.hourCdf;
    let h = this.hourGuide[Math.min(HOUR_GUIDE, (u * this.toGuide) | 0)];
    while (h < 23 && cdf[h] <= u) h++;
    while (h > 0 && cdf[h - 1] > u) h--;
    return h;
  }

  /** Share of the hourly profile before `minute` of a day. */
  massBefore(minute: number): number {
    const h = Math.floor(minute / MINUTES_PER_HOUR);
    const below = h > 0 ? this.hourCdf[h - 1] : 0;
    const within =
      h < 24 ? (this.hourCdf[h] - below) * ((minute - h * MINUTES_PER_HOUR) / MINUTES_PER_HOUR) : 0;
    return (below + within) / this.hourCdf[23];
  }
}

/**
 * A fixed number of arrivals each day, placed within the day by the hour-of-day
 * profile (uniformly inside each hour). Counts come from `perDay` on every open
 * day or from `total` shared out over the horizon's days by largest remainder.
 * One instance is one run: it keeps the day it has drawn.
 */
export class DailyVolumeArrivals implements ArrivalProcess {
  readonly counts: Int32Array;
  private readonly plan: DailyVolumePlan;
  private day = -1;
  private buffer = new Float64Array(0);
  private spare = new Float64Array(0);
  private index = 0;
  private filled = 0;

  /** From a spec, or from a plan worked out before (shared by every run of a source). */
  constructor(plan: DailyVolumePlan);
  constructor(
    spec: DailyVolumeSpec,
    calendar: Calendar,
    horizonMinutes: number,
    closedDay: (d: number) => boolean,
  );
  constructor(
    spec: DailyVolumeSpec | DailyVolumePlan,
    calendar?: Calendar,
    horizonMinutes?: number,
    closedDay?: (d: number) => boolean,
  ) {
    this.plan =
      spec instanceof DailyVolumePlan
        ? spec
        : new DailyVolumePlan(
            spec,
            calendar as Calendar,
            horizonMinutes as number,
            closedDay as (d: number) => boolean,
          );
    this.counts = this.plan.counts;
  }

  private fillDay(day: number, rng: Rng): void {
    const n = this.counts[day];
    if (this.buffer.length < n) {
      const size = Math.max(n, this.buffer.length * 2);
      this.buffer = new Float64Array(size);
      this.spare = new Float64Array(size);
    }
    const buffer = this.buffer;
    const plan = this.plan;
    const cdf = plan.hourCdf;
    const base = day * MINUTES_PER_DAY;
    const top = cdf[23] * (day === this.counts.length - 1 ? plan.lastDayMass : 1);
    const win = plan.window;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      let t: number;
      if (win) {
        // Uniform inside the window (and inside the horizon on a cut last day).
        t = base + win.from + rng.next() * (win.to - win.from) * (top / cdf[23]);
      } else {
        const u = rng.next() * top;
        const h = plan.hourAt(u);
        // Uniform within the hour, by inverting the hour's share of the cumulative mass.
        const below = h > 0 ? cdf[h - 1] : 0;
        const share = cdf[h] - below;
        t = base + (h + (share > 0 ? (u - below) / share : rng.next())) * MINUTES_PER_HOUR;
      }
      buffer[i] = t;
      if (t < lo) lo = t;
      if (t > hi) hi = t;
    }
    this.buffer = sortTimes(buffer, n, lo, hi, this.spare);
    this.spare = buffer === this.buffer ? this.spare : buffer;
    this.filled = n;
    this.index = 0;
    this.day = day;
  }

  next(now: number, rng: Rng): number {
    for (;;) {
      if (this.index < this.filled) {
        const t = this.buffer[this.index++];
        if (t >= now) return t;
        continue;
      }
      let nextDay = this.day < 0 ? Math.floor(now / MINUTES_PER_DAY) : this.day + 1;
      // Days without arrivals (closed, or none drawn) draw nothing: step over them here.
      const counts = this.counts;
      while (nextDay < counts.length && counts[nextDay] === 0) nextDay++;
      if (nextDay >= counts.length) return Infinity;
      this.fillDay(nextDay, rng);
    }
  }
}

/**
 * Sorts the first n times of `a` ascending (all within [lo, hi]) and returns the array that
 * holds them: `a` itself, or `spare` (same length) when the times were moved there. The
 * result is the ascending order `Float64Array#sort` gives, found in linear expected time:
 * the times are spread over n buckets of equal width, each bucket's times ordered by
 * insertion. Arrival times are piecewise uniform over the day, so buckets hold a few each;
 * should they pile up, the built-in sort finishes the job.
 */
export function sortTimes<A extends Float64Array>(
  a: A,
  n: number,
  lo: number,
  hi: number,
  spare: A,
): A {
  if (n <= 32 || !(hi > lo)) {
    insertionSort(a, 0, n);
    return a;
  }
  const buckets = n;
  const scale = buckets / (hi - lo);
  const start = bucketStarts(buckets + 1);
  start.fill(0, 0, buckets + 1);
  for (let i = 0; i < n; i++) {
    const b = Math.min(buckets - 1, Math.floor((a[i] - lo) * scale));
    start[b + 1]++;
  }
  for (let b = 0; b < buckets; b++) start[b + 1] += start[b];
  for (let i = 0; i < n; i++) {
    const b = Math.min(buckets - 1, Math.floor((a[i] - lo) * scale));
    spare[start[b]++] = a[i];
  }
  // The buckets are in order of their times, so the array is sorted once each is.
  let moves = 0;
  for (let i = 1; i < n; i++) {
    const x = spare[i];
    let j = i - 1;
    while (j >= 0 && spare[j] > x) {
      spare[j + 1] = spare[j];
      j--;
    }
    spare[j + 1] = x;
    moves += i - 1 - j;
    if (moves > 16 * n) {
      spare.subarray(0, n).sort();
      break;
    }
  }
  return spare;
}

function insertionSort(a: Float64Array, from: number, to: number): void {
  for (let i = from + 1; i < to; i++) {
    const x = a[i];
    let j = i - 1;
    while (j >= from && a[j] > x) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = x;
  }
}

let starts = new Int32Array(0);
/** A scratch array of bucket offsets (reused: one thread sorts one day at a time). */
function bucketStarts(n: number): Int32Array {
  if (starts.length < n) starts = new Int32Array(Math.max(n, starts.length * 2));
  return starts;
}

/** Hour weights of an even spread between two clock times (minutes after midnight). */
function windowProfile(from: number, to: number): Float64Array {
  const w = new Float64Array(24);
  for (let h = 0; h < 24; h++)
    w[h] = Math.max(
      0,
      Math.min(to, (h + 1) * MINUTES_PER_HOUR) - Math.max(from, h * MINUTES_PER_HOUR),
    );
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / total);
}

/**
 * Shares `total` out over `days` in proportion to `weights`, exactly: each day gets the
 * rounded running total minus the previous day's, so every count is within one of its
 * exact share and the odd extra arrivals are spread evenly over the days (largest
 * remainder with equal weights would pile them all on the first days). `days[i]` is the day
 * of `weights[i]` (null: day i). Returns the number shared out: `total`, or 0 when no day
 * has any weight.
 */
function allocate(
  counts: Int32Array,
  days: number[] | null,
  weights: ArrayLike<number>,
  total: number,
): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += weights[i];
  if (!(sum > 0)) return 0;
  let cumulative = 0;
  let assigned = 0;
  const last = weights.length - 1;
  for (let i = 0; i <= last; i++) {
    cumulative += weights[i];
    const upTo = i === last ? total : Math.round((total * cumulative) / sum);
    counts[days ? days[i] : i] = upTo - assigned;
    assigned = upTo;
  }
  return total;
}

export class TraceArrivals implements ArrivalProcess {
  private index = 0;
  constructor(private readonly times: number[]) {}
  next(now: number): number {
    while (this.index < this.times.length) {
      const t = this.times[this.index++];
      if (t >= now) return t;
    }
    return Infinity;
  }
}

export function createArrivals(
  spec: ArrivalSpec,
  calendar: Calendar,
  horizonMinutes: number,
  closedDay: (d: number) => boolean,
): ArrivalProcess {
  return arrivalsFactory(spec, calendar, horizonMinutes, closedDay)();
}

/**
 * Fresh arrival processes of one spec, one per run: what is the same in every run (rates,
 * daily counts) is worked out once, here; each process keeps only its own position. A
 * process draws its times from the stream it is given, so two processes of one factory given
 * equal streams give equal times.
 */
export function arrivalsFactory(
  spec: ArrivalSpec,
  calendar: Calendar,
  horizonMinutes: number,
  closedDay: (d: number) => boolean,
): () => ArrivalProcess {
  switch (spec.kind) {
    case 'poisson': {
      // Poisson and profile processes keep no state between draws: one serves every run.
      const process = new PoissonArrivals(spec.rate);
      return () => process;
    }
    case 'profile': {
      const process = new ProfileArrivals(
        spec.perDay,
        spec,
        calendar,
        spec.closedOnHolidays ? closedDay : () => false,
      );
      return () => process;
    }
    case 'daily': {
      const plan = new DailyVolumePlan(
        spec,
        calendar,
        horizonMinutes,
        spec.closedOnHolidays ? closedDay : () => false,
      );
      return () => new DailyVolumeArrivals(plan);
    }
    case 'trace':
      return () => new TraceArrivals(spec.times);
  }
}

/**
 * The number of arrivals a spec is expected to bring before `horizonMinutes` (the mean over
 * runs; exact for `daily` and `trace`), worked out from the rates and counts without drawing
 * any: what a run will cost, before it is run. The same closed days as arrivalsFactory.
 */
export function expectedArrivals(
  spec: ArrivalSpec,
  calendar: Calendar,
  horizonMinutes: number,
  closedDay: (d: number) => boolean,
): number {
  switch (spec.kind) {
    case 'poisson':
      return spec.rate * horizonMinutes;
    case 'profile': {
      const process = new ProfileArrivals(
        spec.perDay,
        spec,
        calendar,
        spec.closedOnHolidays ? closedDay : () => false,
      );
      // The rate is constant within an hour: the middle of each hour stands for all of it.
      const end = Math.min(horizonMinutes, calendar.days * MINUTES_PER_DAY);
      let sum = 0;
      for (let t = 0; t < end; t += MINUTES_PER_HOUR)
        sum += process.rateAt(t + MINUTES_PER_HOUR / 2) * Math.min(MINUTES_PER_HOUR, end - t);
      return sum;
    }
    case 'daily': {
      const plan = new DailyVolumePlan(
        spec,
        calendar,
        horizonMinutes,
        spec.closedOnHolidays ? closedDay : () => false,
      );
      return plan.expected;
    }
    case 'trace':
      return spec.times.filter((t) => t < horizonMinutes).length;
  }
}

/** The largest of weights normalised to mean 1 (1 when there are none). */
function maxOfMean(weights: number[] | undefined): number {
  if (!weights?.length) return 1;
  const total = weights.reduce((s, w) => s + w, 0);
  return (Math.max(...weights) * weights.length) / total;
}

/**
 * At least as many arrivals as a spec is expected to bring before `horizonMinutes`, from its
 * numbers alone (no calendar, no closed days): every day of the horizon is taken for the
 * busiest weekday of the busiest month in the busiest period. Cheap, for a check that most
 * runs pass by far; expectedArrivals gives the figure itself. NaN where a weight is not a number.
 */
export function arrivalsUpperBound(spec: ArrivalSpec, horizonMinutes: number): number {
  if (spec.kind === 'poisson') return spec.rate * horizonMinutes;
  if (spec.kind === 'trace') return spec.times.length;
  if (spec.kind === 'daily' && spec.byYear !== undefined)
    return Object.values(spec.byYear).reduce((s, n) => s + n, 0);
  if (spec.kind === 'daily' && spec.total !== undefined) return spec.total;
  const days = Math.ceil(horizonMinutes / MINUTES_PER_DAY);
  const period = spec.periods?.length ? Math.max(0, ...spec.periods.map((p) => p.factor)) : 1;
  // Under daily the days' counts are rounded as they add up: the sum is within a half of the
  // exact one.
  return (spec.perDay ?? 0) * days * maxOfMean(spec.dayOfWeek) * maxOfMean(spec.month) * period + 1;
}
