/**
 * One number format for people — terminal tables, report.html and the JSON written for people
 * to read — so that a figure never shows more digits than it knows (`--json` keeps full
 * precision for machines):
 *
 * - an estimate with a 95% CI shows its half-width to 2 significant digits and the mean to the
 *   same decimal place: `40.6 ± 2.9`, not `40.599 ± 2.893` nor `15.64 ± 3.41e-15`;
 * - a count (arrivals, served, lost, jobs) is a whole number: `691 ± 43`, `1,441`;
 * - a share (utilisation, a probability) is a percentage; the `%` goes in the column's header
 *   (`utilisation (%)`), the cell says `90.2 ± 0.4`, and a small one `0.00006217 ± 0.00000042`,
 *   never with an exponent, which under a `%` heading reads as neither a percentage nor a share;
 * - a value without uncertainty shows 4 significant digits: `12.12`, `1,441`, `0.6687`; so
 *   does the mean of one replication, which has no interval (its column says NO_INTERVAL);
 * - an estimate whose interval was cut at the least or greatest value the figure can take (a
 *   wait's below 0) shows the interval's ends, since it is no longer mean ± half-width:
 *   `0.42 (0 to 1.3)` (formatCi).
 */
import { isMinutesMetric, isShareMetric } from '../scenario/metric-units';

export type Quantity = 'value' | 'count' | 'share';

/** Most decimals ever shown: below a millionth, a figure is 0 for a person. */
const MAX_DECIMALS = 6;
/**
 * Most decimals of a share, in percent: a share is shown under a `%` heading, where an exponent
 * (`621.7e-7`) reads as neither a percentage nor a share, so a small one keeps its decimals
 * (`0.00006217`, a Hızır bot's utilisation) up to Intl.NumberFormat's 20.
 */
const SHARE_MAX_DECIMALS = 20;

/** The most decimals a figure of `quantity` is written with before it takes an exponent. */
function maxDecimals(quantity: Quantity): number {
  return quantity === 'share' ? SHARE_MAX_DECIMALS : MAX_DECIMALS;
}
/** Significant digits of a figure without uncertainty. */
const PLAIN_SIGNIFICANT = 4;

/**
 * Decimals that show a half-width to 2 significant digits (0 for half-widths of 10 or more);
 * more than MAX_DECIMALS where the half-width is below a hundred-thousandth, which the
 * formatters write with an exponent rather than as 0.000000.
 */
export function decimalsFor(halfWidth: number): number {
  if (!(halfWidth > 0) || !Number.isFinite(halfWidth)) return 0;
  return Math.max(0, 1 - Math.floor(Math.log10(halfWidth)));
}

/**
 * The numbers of one estimate written alike: `decimals` (from the half-width) in decimals, or,
 * past MAX_DECIMALS, each with the half-width's power of ten and 1 decimal, so that the mean and
 * the half-width keep the same precision: `0.9e-8 ± 1.2e-8`, never `0.000000 ± 0.000000`.
 */
function writerFor(
  halfWidth: number,
  decimals: number,
  locale: string,
  quantity: Quantity = 'value',
): (x: number) => string {
  if (decimals <= maxDecimals(quantity)) return (x) => withSeparators(x, decimals, locale);
  const exponent = Math.floor(Math.log10(halfWidth));
  return (x) => withExponent(x, exponent, 1, locale);
}

/**
 * One formatter per locale and number of decimals, made once: toLocaleString(locale, options)
 * builds a new Intl.NumberFormat at every call, which took 3% of a `run` of the 2016-2020 trend.
 * The terminal and report.html write en-US; the Lab writes its language's digits (`locale`).
 */
const formatters = new Map<string, Intl.NumberFormat>();

function withSeparators(x: number, decimals: number, locale = 'en-US'): string {
  const id = `${locale}:${decimals}`;
  let format = formatters.get(id);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    });
    formatters.set(id, format);
  }
  const s = format.format(x);
  return /^[-−]0$/.test(s) || /^[-−]0[.,]0*$/.test(s) ? s.slice(1) : s;
}

/**
 * Below a millionth a figure in decimals would read 0.000000: such a figure is written with an
 * exponent instead, its mantissa to `decimals` decimals at the power of ten `exponent`.
 */
function withExponent(x: number, exponent: number, decimals: number, locale: string): string {
  return `${withSeparators(x / 10 ** exponent, decimals, locale)}e${exponent}`;
}

/** A figure without uncertainty: counts whole, shares in percent, others to 4 significant digits. */
export function formatValue(x: number, quantity: Quantity = 'value', locale = 'en-US'): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? '–' : x > 0 ? '∞' : '−∞';
  if (quantity === 'count') return withSeparators(Math.round(x), 0, locale);
  const v = quantity === 'share' ? x * 100 : x;
  if (v === 0) return '0';
  if (Number.isInteger(v)) return withSeparators(v, 0, locale);
  const magnitude = Math.floor(Math.log10(Math.abs(v)));
  const most = maxDecimals(quantity);
  // Below a ten-thousandth, 6 decimals would show fewer than 3 of its digits (0.000001 for
  // 0.0000012345; 0.000000 below a millionth): 1.235e-6 instead (a share: past 20 decimals).
  if (most + magnitude + 1 < 3) return withExponent(v, magnitude, PLAIN_SIGNIFICANT - 1, locale);
  const decimals = Math.min(most, Math.max(0, PLAIN_SIGNIFICANT - 1 - magnitude));
  return withSeparators(v, decimals, locale);
}

/**
 * A column of figures without uncertainty (a sweep's costs), written to one number of decimals:
 * each as formatValue would, then every one to the most decimals any of them needed, so that
 * `19`, `19.25`, `19.50` read `19.00`, `19.25`, `19.50`. A column that needs an exponent, or
 * holds no fraction at all, is written value by value as formatValue writes it.
 */
export function formatColumn(xs: readonly number[], locale = 'en-US'): string[] {
  let decimals = 0;
  for (const x of xs) {
    if (!Number.isFinite(x) || x === 0 || Number.isInteger(x)) continue;
    const magnitude = Math.floor(Math.log10(Math.abs(x)));
    if (MAX_DECIMALS + magnitude + 1 < 3) return xs.map((v) => formatValue(v, 'value', locale));
    const own = Math.min(MAX_DECIMALS, Math.max(0, PLAIN_SIGNIFICANT - 1 - magnitude));
    // Trailing zeros this value does not need (19.50 is 19.5) do not widen the column.
    const shown = Number(x.toFixed(own));
    let needed = 0;
    while (needed < own && Number(x.toFixed(needed)) !== shown) needed++;
    decimals = Math.max(decimals, needed);
  }
  return xs.map((x) =>
    Number.isFinite(x) ? withSeparators(x, decimals, locale) : formatValue(x, 'value', locale),
  );
}

/**
 * A number the user gave (a target, a threshold), written as given: digit groups, but no
 * decimals added or taken away (0.85, not 0.8500; 1,440, not 1,440.0).
 */
export function formatGiven(x: number, locale = 'en-US'): string {
  if (!Number.isFinite(x)) return formatValue(x);
  return x.toLocaleString(locale, { maximumFractionDigits: 20 });
}

/**
 * A half-width that is rounding noise (a figure the same in every replication gives 1e-15)
 * is no uncertainty: the figure is shown as exact.
 */
export function negligible(mean: number, halfWidth: number | null): boolean {
  return halfWidth === null || !(halfWidth > 0) || halfWidth <= Math.abs(mean) * 1e-9;
}

/**
 * `mean ± half-width`, both with the decimals the half-width decides; the mean alone where
 * there is no interval (halfWidth null: one replication).
 */
export function formatEstimate(
  mean: number,
  halfWidth: number | null,
  quantity: Quantity = 'value',
  locale = 'en-US',
): string {
  if (!Number.isFinite(mean)) return formatValue(mean, quantity, locale);
  if (halfWidth === null || negligible(mean, halfWidth) || !Number.isFinite(halfWidth))
    return formatValue(mean, quantity, locale);
  const scale = quantity === 'share' ? 100 : 1;
  const hw = halfWidth * scale;
  if (quantity === 'count')
    return `${withSeparators(mean, 0, locale)} ± ${withSeparators(Math.max(1, Math.round(hw)), 0, locale)}`;
  const write = writerFor(hw, decimalsFor(hw), locale, quantity);
  return `${write(mean * scale)} ± ${write(hw)}`;
}

/**
 * An estimate as people read it: `mean ± half-width`, or `mean (low to high)` where its interval
 * was cut at the figure's support (`cut`: src/experiment/estimate.ts), which leaves it no longer
 * symmetric about the mean. The half-width decides the decimals either way; `scale` multiplies
 * every number (a time shown in hours).
 */
export function formatCi(
  e: { mean: number; halfWidth: number | null; ci95?: [number, number] | null; cut?: string },
  quantity: Quantity = 'value',
  scale = 1,
  style: { locale?: string; to?: string } = {},
): string {
  const locale = style.locale ?? 'en-US';
  const mean = e.mean * scale;
  const halfWidth = e.halfWidth === null ? null : e.halfWidth * scale;
  if (
    halfWidth === null ||
    !e.cut ||
    !e.ci95 ||
    !Number.isFinite(mean) ||
    negligible(mean, halfWidth)
  )
    return formatEstimate(mean, halfWidth, quantity, locale);
  const shown = quantity === 'share' ? 100 : 1;
  const hw = halfWidth * shown;
  const write =
    quantity === 'count'
      ? (x: number) => withSeparators(x, 0, locale)
      : writerFor(hw, decimalsFor(hw), locale, quantity);
  const at = (x: number) => write(x * scale * shown);
  const end = (x: number) => intervalEnd(x, at);
  return `${at(e.mean)} (${end(e.ci95[0])}${style.to ?? ' to '}${end(e.ci95[1])})`;
}

/**
 * An estimate in a table whose next column gives its interval: `mean ± half-width`, or where the
 * interval was cut the mean alone (the column beside it shows the cut interval; formatCi's
 * `mean (low to high)` would show it twice).
 */
export function formatBesideInterval(
  e: { mean: number; halfWidth: number | null; cut?: string },
  quantity: Quantity = 'value',
): string {
  return e.cut
    ? formatMean(e.mean, e.halfWidth, quantity)
    : formatEstimate(e.mean, e.halfWidth, quantity);
}

/** The mean alone, with the decimals its CI's half-width decides (for a table with a CI column). */
export function formatMean(
  mean: number,
  halfWidth: number | null,
  quantity: Quantity = 'value',
  locale = 'en-US',
): string {
  const e = formatEstimate(mean, halfWidth, quantity, locale);
  return e.split(' ± ')[0];
}

/**
 * The figures of one row of a comparison of two runs — A's mean, B's mean and B − A — as
 * `consular-sim compare` (terminal and report.html) and the Lab's comparison table write them:
 * a count whole, a share in percent, B − A with a `+` above 0. The three are written to one
 * decimal place, the finest that any of them needs (each mean's own 95% CI's, B − A's
 * interval's: shownDecimals), and B − A is the difference of the A and B as written, so a row
 * never reads A 14, B 13, B − A −2 (14.33, 12.67, −1.67 rounded each on its own). It differs
 * from the exact mean difference by less than one unit of its last digit. Where a figure is not
 * written in plain decimals (an exponent, not a number), each is written on its own as before.
 */
export function comparisonCells(
  a: { mean: number; ci95: [number, number] | null },
  b: { mean: number; ci95: [number, number] | null },
  diff: { mean: number; halfWidth: number | null },
  quantity: Quantity = 'value',
  locale = 'en-US',
): [a: string, b: string, diff: string] {
  const places = [
    shownDecimals(a.mean, halfWidthOf(a.ci95), quantity),
    shownDecimals(b.mean, halfWidthOf(b.ci95), quantity),
    shownDecimals(diff.mean, diff.halfWidth, quantity),
  ];
  const scale = quantity === 'share' ? 100 : 1;
  const most = maxDecimals(quantity);
  const decimals = Math.min(most, Math.max(...places));
  const unit = 10 ** decimals;
  const ua = Math.round(a.mean * scale * unit);
  const ub = Math.round(b.mean * scale * unit);
  // A figure below a millionth would read 0.000000: it keeps its exponent, and the row is
  // written cell by cell.
  const vanishes = (x: number) =>
    Math.max(...places) > most && x !== 0 && Math.round(x * scale * unit) === 0;
  if (
    places.some(Number.isNaN) ||
    [a.mean, b.mean, diff.mean].some(vanishes) ||
    !(Math.abs(ua) + Math.abs(ub) < 2 ** 52)
  ) {
    const d = formatMean(diff.mean, diff.halfWidth, quantity, locale);
    return [
      formatMean(a.mean, halfWidthOf(a.ci95), quantity, locale),
      formatMean(b.mean, halfWidthOf(b.ci95), quantity, locale),
      diff.mean > 0 ? `+${d}` : d,
    ];
  }
  const write = (units: number) => withSeparators(units / unit, decimals, locale);
  const d = ub - ua;
  return [write(ua), write(ub), d > 0 ? `+${write(d)}` : d === 0 ? '0' : write(d)];
}

/**
 * The decimals formatMean writes `mean` with (from its half-width, or 4 significant digits
 * where it has none), after a share's scaling to percent: above MAX_DECIMALS where it takes an
 * exponent instead, NaN where it is not a number.
 */
function shownDecimals(mean: number, halfWidth: number | null, quantity: Quantity): number {
  if (!Number.isFinite(mean)) return NaN;
  if (quantity === 'count') return 0;
  const scale = quantity === 'share' ? 100 : 1;
  if (halfWidth === null || negligible(mean, halfWidth) || !Number.isFinite(halfWidth)) {
    const v = mean * scale;
    if (v === 0 || Number.isInteger(v)) return 0;
    const magnitude = Math.floor(Math.log10(Math.abs(v)));
    return Math.max(0, PLAIN_SIGNIFICANT - 1 - magnitude);
  }
  return decimalsFor(halfWidth * scale);
}

/** An interval's half-width ((high − low) / 2), or null where there is none (one replication). */
export function halfWidthOf(ci: [number, number] | null): number | null {
  return ci === null ? null : (ci[1] - ci[0]) / 2;
}

/**
 * What an interval column says where there is no interval: one replication (or one a side, for
 * a difference) gives no estimate of the spread, and a 0-wide interval would claim certainty.
 */
export const NO_INTERVAL = 'needs ≥ 2 replications';

/**
 * What a 0-wide interval from two or more replications that all gave the same value
 * (sameInEveryReplication in src/experiment/estimate.ts) is, said beside it: [0, 0] read alone
 * claims a certainty the replications cannot give. SAME_VALUES_MARK goes in a table's cell,
 * SAME_VALUES_NOTE once under it.
 */
export const SAME_VALUES_MARK = 'all replications equal';
const SAME_VALUES_WHY =
  "every replication gave the same value, so the interval holds no spread between replications (a percentile's only its quantile sketches' 1% accuracy), which is not certainty (a value that is rare but not 0 may have occurred in none of them)";
export const SAME_VALUES_NOTE = `${SAME_VALUES_MARK}: ${SAME_VALUES_WHY}`;
/**
 * SAME_VALUES_MARK beside a `± half-width` that is not 0 (a percentile's: its quantile sketch's
 * 1% accuracy, added to the spread between replications, which is 0 here): what the ± is then,
 * lest `820.7 ± 8.2 (all replications equal)` read as a contradiction.
 */
export const SAME_VALUES_SKETCH_MARK =
  "all replications equal; the ± is the quantile sketch's 1% rounding allowance, not spread between replications";

/**
 * Whether an estimate all of whose replications gave the same value still has an interval that
 * is not 0 wide (a percentile's, widened by its sketch's accuracy), so that its mark says what
 * the ± is (SAME_VALUES_SKETCH_MARK): from its half-width, or its interval's where it gives only
 * that.
 */
export function sameValuesWithAllowance(e: {
  mean?: number;
  halfWidth?: number | null;
  ci95?: [number, number] | null;
}): boolean {
  const hw = e.halfWidth !== undefined ? e.halfWidth : halfWidthOf(e.ci95 ?? null);
  const mean = e.mean ?? (e.ci95 ? (e.ci95[0] + e.ci95[1]) / 2 : 0);
  return hw !== null && Number.isFinite(hw) && !negligible(mean, hw);
}

/**
 * The metrics of a run whose replications all gave the same value, named under its tables (the
 * first 8; summary.json flags each with sameInEveryReplication), or '' where none did; then
 * those of them still shown with a ± (a percentile's sketch allowance: sameValuesWithAllowance),
 * with what that ± is (SAME_VALUES_SKETCH_MARK).
 */
export function sameValuesText(
  metrics: Readonly<
    Record<
      string,
      {
        sameInEveryReplication?: true;
        mean?: number;
        halfWidth?: number | null;
        ci95?: [number, number] | null;
      }
    >
  >,
): string {
  const keys = Object.keys(metrics).filter((k) => metrics[k].sameInEveryReplication);
  if (!keys.length) return '';
  const shown = keys.slice(0, 8).join(', ');
  const more =
    keys.length > 8 ? ` and ${keys.length - 8} more (sameInEveryReplication in summary.json)` : '';
  const withAllowance = keys.filter((k) => sameValuesWithAllowance(metrics[k]));
  const allowance = withAllowance.length
    ? ` ${withAllowance.slice(0, 8).join(', ')}${withAllowance.length > 8 ? ` and ${withAllowance.length - 8} more` : ''}: ${SAME_VALUES_SKETCH_MARK}.`
    : '';
  return `${shown}${more}: ${SAME_VALUES_WHY}.${allowance}`;
}

/**
 * An interval's text with SAME_VALUES_MARK after it where every replication gave the same value
 * (SAME_VALUES_SKETCH_MARK where the interval is not 0 wide, a percentile's sketch allowance).
 */
export function markSameValues(
  text: string,
  e:
    | {
        sameInEveryReplication?: true;
        mean?: number;
        halfWidth?: number | null;
        ci95?: [number, number] | null;
      }
    | undefined,
): string {
  if (!e?.sameInEveryReplication) return text;
  return `${text} (${sameValuesWithAllowance(e) ? SAME_VALUES_SKETCH_MARK : SAME_VALUES_MARK})`;
}

/**
 * `low to high`, with the decimals the interval's half-width decides; NO_INTERVAL where there
 * is none (null: one replication).
 */
export function formatInterval(
  ci: [number, number] | null,
  quantity: Quantity = 'value',
  style: { locale?: string; to?: string } = {},
): string {
  if (ci === null) return NO_INTERVAL;
  const locale = style.locale ?? 'en-US';
  const to = style.to ?? ' to ';
  const [lo, hi] = ci;
  const halfWidth = (hi - lo) / 2;
  if (negligible((lo + hi) / 2, halfWidth)) {
    const v = formatValue(lo, quantity, locale);
    return `${v}${to}${v}`;
  }
  const scale = quantity === 'share' ? 100 : 1;
  const write =
    quantity === 'count'
      ? (x: number) => withSeparators(x, 0, locale)
      : writerFor(halfWidth * scale, decimalsFor(halfWidth * scale), locale, quantity);
  const end = (x: number) => intervalEnd(x, (y) => write(y * scale));
  return `${end(lo)}${to}${end(hi)}`;
}

/**
 * An interval's end as `write` writes it, except an end of exactly 0 — where an interval was
 * cut at the least value a figure can take (a wait, a count, a utilisation), or a difference's
 * end that is none — which is `0`: it is known to the last digit, and written with the
 * half-width's decimals or power of ten it read `0.000000` or `0.0e-7`, the figure that reads
 * as nothing measured (the README's rule for estimates).
 */
function intervalEnd(x: number, write: (x: number) => string): string {
  return x === 0 ? '0' : write(x);
}

/**
 * A wall-clock time (how long a run, sweep or audit took) in seconds, with its unit: to the
 * hundredth below 10 s, the tenth below 100 s, whole above (`0.42 s`, `12.3 s`, `1,234 s`);
 * one that rounds to nothing is `< 0.01 s`, never an exponent or `0.00 s`.
 */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  const decimals = seconds >= 99.5 ? 0 : seconds >= 9.995 ? 1 : 2;
  if (seconds < 0.005) return '< 0.01 s';
  return `${withSeparators(seconds, decimals)} s`;
}

/** A relative difference or error as a signed percentage: `+1.02%`, `-1.95%`. */
export function formatPercent(x: number, decimals = 2): string {
  if (!Number.isFinite(x)) return '–';
  const s = (Math.abs(x) * 100).toFixed(decimals);
  if (Number(s) === 0) return `${s}%`;
  return `${x < 0 ? '-' : '+'}${s}%`;
}

const COUNT_WORDS =
  /(^|\.)(arrivals|completed|served|lost|balked|balkedByChoice|balkedAttempts|retrials|gaveUpAfterRetrial|overflowed|reneged|turnedAway|refused|issued|jobs|customers|count|transactions|applications|citizens|payments|questions|handoffs|missions|queued|inSystem)$/;

/** What a metric counts, from its name (`stations.desk.served` is a count). */
export function quantityOf(metric: string): Quantity {
  if (isShareMetric(metric)) return 'share';
  if (COUNT_WORDS.test(metric)) return 'count';
  return 'value';
}

/** The unit of a metric, from its name, for tables' headers and unit columns. */
export function unitOf(metric: string): string {
  if (isMinutesMetric(metric)) return 'min';
  if (/Hours?$/.test(metric)) return 'h';
  if (/meanQueue$|maxQueue$/.test(metric)) return 'waiting';
  if (/meanBusy$/.test(metric)) return 'servers';
  if (quantityOf(metric) === 'share') return '%';
  // A station counts its services (a customer who comes back is served twice) and the jobs done
  // in them (a visit may bring several); everything else counts customers.
  if (quantityOf(metric) === 'count') {
    if (/\.served$/.test(metric)) return 'services';
    // Arrivals turned away and returns: one customer may be both several times.
    if (/\.(balkedAttempts|retrials)$/.test(metric)) return 'arrivals';
    return /jobs$/.test(metric) ? 'jobs' : 'customers';
  }
  return '';
}

/** Rounds a number for JSON meant for people (an API answer): as many decimals as it shows. */
export function roundForPeople(x: number, decimals = 2): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}
