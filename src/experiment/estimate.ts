/**
 * A metric's estimate over replications: the one way run, sweep, reproduce, report.html and the
 * Lab turn a metric's replication values into a mean and a 95% confidence interval.
 *
 * - The Student-t interval of the replication means;
 * - a percentile read from quantile sketches widened by the sketches' relative accuracy, as
 *   compare widens a percentile's difference (widenBySketch in src/sim/stats.ts);
 * - then cut to the values the metric can take (a wait, a count, a queue length, a utilisation
 *   is never below 0; a share never above 1): the true value cannot lie in the part cut away,
 *   so the interval covers it as often as before. `cut` in the estimate says which end moved,
 *   and the interval is then shown by its ends, not as mean ± half-width;
 * - from one replication, no interval: halfWidth and ci95 are null (estimateOf in stats.ts);
 *   nor for a metric with no value (a mean over nobody, as `lostWait.mean` where nobody was lost:
 *   NaN), whose interval would be [NaN, NaN], written [null, null] in JSON.
 */
import { own } from '../common/own';
import {
  confidenceInterval,
  NON_NEGATIVE,
  UNBOUNDED,
  UNIT_INTERVAL,
  widenBySketch,
  withinSupport,
  type Estimate,
  type Support,
} from '../sim/stats';
import {
  derivedFigureOf,
  isSketchQuantileMetric,
  type FigureDeclaration,
  type FigureSupport,
} from '../scenario/service-model';

export interface MetricEstimate extends Estimate {
  /** One value per replication, in replication order (for paired comparisons). */
  samples: number[];
  /** Every replication (2 or more) gave the same value: a 0-wide interval, not certainty. */
  sameInEveryReplication?: true;
}

const SUPPORTS: Record<FigureSupport, Support> = {
  nonNegative: NON_NEGATIVE,
  unitInterval: UNIT_INTERVAL,
  any: UNBOUNDED,
};

/**
 * The values a metric can take. Every metric the scenario runner writes from a run
 * (flattenRuns in scenario.runner.ts: counts, waits and times in the system, time-averaged
 * queue lengths and busy servers, busy hours, utilisation) is at least 0 and has no upper
 * bound (utilisation passes 1 when work runs on after closing). A derived figure can take what
 * its model declares (FigureDeclaration.support); one it does not declare (an older
 * summary.json) is not bounded. A breakdown's part (`officerHours.passport`) takes the
 * support of the figure it splits.
 */
export function metricSupport(
  key: string,
  figures: Readonly<Record<string, Partial<FigureDeclaration>>> | undefined,
): Support {
  const figure = derivedFigureOf(key);
  if (figure === undefined) return NON_NEGATIVE;
  const declared =
    (figures && (own(figures, figure) ?? own(figures, figure.split('.')[0]))) || undefined;
  const support = declared?.support;
  return support !== undefined && Object.hasOwn(SUPPORTS, support) ? SUPPORTS[support] : UNBOUNDED;
}

/**
 * The estimate of metric `key` from its replication values: mean, Student-t 95% interval, a
 * sketch's accuracy for a percentile, cut to the metric's support. One replication gives no
 * interval: halfWidth and ci95 are null (a 0-wide interval would claim certainty); nor does a
 * metric with no value in a replication (NaN: nothing to average).
 */
export function estimateMetric(
  key: string,
  samples: number[],
  figures: Readonly<Record<string, Partial<FigureDeclaration>>> | undefined,
): MetricEstimate {
  let ci = confidenceInterval(samples);
  if (ci.n < 2 || !Number.isFinite(ci.mean) || !Number.isFinite(ci.halfWidth))
    return { ...ci, halfWidth: null, ci95: null, samples };
  if (isSketchQuantileMetric(key, figures)) ci = widenBySketch(ci, Math.abs(ci.mean));
  return { ...withinSupport(ci, metricSupport(key, figures)), samples };
}

/**
 * Whether every one of two or more replications gave the same value (0 lost in each, an
 * evacuation's p99 wait of 0): the interval is then 0 wide, which is not certainty — a value
 * that is rare but not 0 may have occurred in none of them. One replication has no interval.
 */
export function sameInEveryReplication(samples: readonly number[]): boolean {
  return (
    samples.length >= 2 && Number.isFinite(samples[0]) && samples.every((x) => x === samples[0])
  );
}

/**
 * An estimate with `sameInEveryReplication: true` where sameInEveryReplication holds; its
 * numbers are estimateMetric's, unchanged.
 */
export function flagSameValues(e: MetricEstimate): MetricEstimate {
  return sameInEveryReplication(e.samples) ? { ...e, sameInEveryReplication: true } : e;
}
