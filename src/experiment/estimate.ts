/**
 * A metric's estimate over replications: the one way run, sweep, reproduce, report.html and the
 * Lab turn a metric's replication values into a mean and a 95% confidence interval.
 *
 * - The Student-t interval of the replication means;
 * - a percentile read from quantile sketches (`stations.<id>.wait.p99`) by sectioning
 *   (sectioningInterval in src/sim/stats.ts): the point estimate is the percentile of all
 *   replications' observations pooled (their sketches merged: estimateMetrics), the interval
 *   the spread of the replications' own percentiles around it. The average of the
 *   replications' percentiles, used before, is biased low in finite runs (each replication's
 *   p99 of a few weeks' correlated waits falls short of the long-run p99) and its interval had
 *   covered the true p99 of an M/M/10 at ρ = 0.9 in about half the experiments. Where the
 *   sketches are not at hand (a derived figure read from a sketch inside a model, an older
 *   summary.json), the average and its t interval remain, and `pooled` is absent;
 * - a percentile's interval then widened by the sketches' relative accuracy, as compare widens
 *   a percentile's difference (widenBySketch in src/sim/stats.ts);
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
  mergedSketch,
  NON_NEGATIVE,
  sectioningInterval,
  UNBOUNDED,
  UNIT_INTERVAL,
  widenBySketch,
  withinSupport,
  type Estimate,
  type Percentiles,
  type SketchCounts,
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
  /**
   * Present (true) on a percentile estimated by sectioning: `mean` is then the percentile of
   * all replications' observations pooled, not the average of `samples`, and the interval is
   * the samples' spread around it. compare takes such a metric's B − A from the two pooled
   * percentiles; an older summary.json has no `pooled`, and its percentiles' `mean` is the
   * average of the samples.
   */
  pooled?: true;
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
  pooled?: number,
): MetricEstimate {
  let ci = confidenceInterval(samples);
  // Sectioning where the pooled percentile is known and every replication has its own (one
  // with no value, NaN, leaves the metric without one, as before); from one replication the
  // pooled percentile is that replication's, and there is no interval either way.
  const sectioned =
    samples.length >= 2 &&
    pooled !== undefined &&
    Number.isFinite(pooled) &&
    Number.isFinite(ci.mean) &&
    isSketchQuantileMetric(key, figures);
  if (sectioned) ci = sectioningInterval(samples, pooled);
  const mark = sectioned ? { pooled: true as const } : {};
  if (ci.n < 2 || !Number.isFinite(ci.mean) || !Number.isFinite(ci.halfWidth))
    return { ...ci, halfWidth: null, ci95: null, samples, ...mark };
  if (isSketchQuantileMetric(key, figures)) ci = widenBySketch(ci, Math.abs(ci.mean));
  return { ...withinSupport(ci, metricSupport(key, figures)), samples, ...mark };
}

/**
 * A percentile metric the kernel reads from a sketch (`stations.desk.wait.p99`,
 * `early.classes.citizen.systemTime.p90`): the sketch's name in RunSummary.sketches, under the
 * metric's arm (`early.classes.citizen.systemTime`), and which percentile.
 */
function sketchOfMetric(key: string): { sketch: string; percentile: keyof Percentiles } | null {
  const m = /^(.*\.(?:wait|systemTime))\.(p50|p90|p95|p99)$/.exec(key);
  return m && derivedFigureOf(key) === undefined
    ? { sketch: m[1], percentile: m[2] as keyof Percentiles }
    : null;
}

/**
 * Every metric's estimate from each replication's metrics (in replication order) and, where
 * they came back, each replication's sketches (flattenSketches in scenario.runner.ts): the one
 * loop of the runner (assembleResult) and the Lab. A percentile whose sketch every replication
 * gave is estimated by sectioning, from the percentile of the merged sketches (the same
 * QuantileSketch.percentiles that gave each replication's own); any other metric as before.
 */
export function estimateMetrics(
  perReplication: readonly Record<string, number>[],
  figures: Readonly<Record<string, Partial<FigureDeclaration>>> | undefined,
  sketches?: readonly (Readonly<Record<string, SketchCounts>> | undefined)[],
): Record<string, MetricEstimate> {
  const pooledPercentiles = new Map<string, Percentiles | null>();
  const pooledOf = (key: string): number | undefined => {
    const of = sketchOfMetric(key);
    if (!of || !sketches || sketches.length !== perReplication.length) return undefined;
    let p = pooledPercentiles.get(of.sketch);
    if (p === undefined) {
      const parts = sketches.map((s) => (s ? own(s, of.sketch) : undefined));
      p = parts.every((c) => c !== undefined)
        ? mergedSketch(parts as SketchCounts[]).percentiles()
        : null;
      pooledPercentiles.set(of.sketch, p);
    }
    return p ? p[of.percentile] : undefined;
  };
  const metrics: Record<string, MetricEstimate> = {};
  for (const key of Object.keys(perReplication[0] ?? {})) {
    const samples = perReplication.map((m) => m[key]);
    metrics[key] = flagSameValues(estimateMetric(key, samples, figures, pooledOf(key)));
  }
  return metrics;
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
