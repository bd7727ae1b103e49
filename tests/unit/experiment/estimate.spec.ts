import 'reflect-metadata';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { metricDifference } from '../../../src/experiment/compare';
import { estimateMetric, metricSupport } from '../../../src/experiment/estimate';
import { getServiceModel } from '../../../src/experiment/models';
import { runScenario, type ScenarioResult } from '../../../src/experiment/scenario.runner';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { isSketchQuantileMetric } from '../../../src/scenario/service-model';
import { mmc } from '../../../src/sim/erlang';
import { runNetwork, type NetworkModel } from '../../../src/sim/network';
import { replicationSeed } from '../../../src/sim/rng';
import {
  confidenceInterval,
  NON_NEGATIVE,
  QUANTILE_RELATIVE_ACCURACY,
  sectioningInterval,
  UNBOUNDED,
  UNIT_INTERVAL,
} from '../../../src/sim/stats';

/**
 * The interval a run's estimate widens and cuts: a percentile estimated by sectioning (`pooled`)
 * spreads its replications around the pooled percentile, any other metric around their mean.
 */
const plainInterval = (e: { samples: number[]; mean: number; pooled?: true }) =>
  e.pooled ? sectioningInterval(e.samples, e.mean) : confidenceInterval(e.samples);

const compareDifference = (
  key: string,
  a: number[],
  b: number[],
  figures: Parameters<typeof metricDifference>[4],
) => metricDifference(key, a, b, true, figures);

const scenario = (name: string) => join(__dirname, '../../../scenarios', `${name}.yaml`);

/**
 * teaching-mmc shortened to one week on 12 officers, 2 replications, the scenario's seed (2020):
 * the waits of its two replications differ enough that the Student-t interval (t = 12.7 at 1
 * degree of freedom) of the mean wait, the p90 wait, the mean queue and the customers still in
 * the system at the end reaches below 0.
 */
function shortRun(): Promise<ScenarioResult> {
  const set = ['horizon=1w', 'warmup=1d', 'stations.desk.servers=12'];
  return runScenario(loadScenario(scenario('teaching-mmc'), { set }), {
    replications: 2,
    threads: 0,
  });
}

describe('the support of a metric', () => {
  it('is [0, ∞) for what the runner writes, and what a model declares for a derived figure', () => {
    const hizir = getServiceModel('hizir-load').figures;
    const evisa = getServiceModel('evisa').figures;
    const portal = getServiceModel('diplomatic-portal').figures;
    expect(metricSupport('stations.desk.wait.mean', undefined)).toEqual(NON_NEGATIVE);
    expect(metricSupport('manual.classes.walk-in.systemTime.p90', undefined)).toEqual(NON_NEGATIVE);
    // A utilisation passes 1 when work runs on after closing: bounded below only.
    expect(metricSupport('stations.desk.utilisation', undefined)).toEqual(NON_NEGATIVE);
    expect(metricSupport('derived.officerUtilisation', hizir)).toEqual(NON_NEGATIVE);
    expect(metricSupport('derived.deflection', hizir)).toEqual(UNIT_INTERVAL);
    // Differences between arms may go either way.
    expect(metricSupport('derived.officerHoursSaved', evisa)).toEqual(UNBOUNDED);
    expect(metricSupport('derived.daysToDecisionSaved', portal)).toEqual(UNBOUNDED);
    // A breakdown's part as the figure it splits; an undeclared figure is not bounded.
    expect(metricSupport('derived.officerHours.protocol', portal)).toEqual(NON_NEGATIVE);
    expect(metricSupport('derived.somethingElse', portal)).toEqual(UNBOUNDED);
    expect(metricSupport('derived.deflection', { deflection: { unit: 'share' } })).toEqual(
      UNBOUNDED,
    );
  });
});

describe('a run’s intervals', () => {
  it('are cut at 0 where the Student-t interval of 2 replications went below it', async () => {
    const r = await shortRun();
    const below = Object.entries(r.metrics).filter(([, e]) => plainInterval(e).ci95[0] < 0);
    // What the interval was before: below 0 for these (the point of the test).
    expect(below.map(([k]) => k)).toEqual(
      expect.arrayContaining([
        'stations.desk.wait.mean',
        'stations.desk.meanQueue',
        'totals.inSystem',
      ]),
    );
    for (const [key, e] of below) {
      const plain = plainInterval(e);
      expect(e.ci95![0], key).toBe(0);
      expect(e.cut, key).toBe('low');
      // The upper end and the half-width are the t interval's (a percentile's: plus the sketch).
      const sketch = isSketchQuantileMetric(key) ? QUANTILE_RELATIVE_ACCURACY * e.mean : 0;
      expect(e.halfWidth, key).toBeCloseTo(plain.halfWidth + sketch, 9);
      expect(e.ci95![1], key).toBeCloseTo(plain.ci95[1] + sketch, 9);
    }
    for (const [key, e] of Object.entries(r.metrics)) {
      if (Number.isNaN(e.mean)) continue;
      expect(e.ci95![0], key).toBeGreaterThanOrEqual(0);
      // An interval not cut is still mean ± half-width, and says nothing of a cut.
      if (!e.cut) expect(e.ci95, key).toEqual([e.mean - e.halfWidth!, e.mean + e.halfWidth!]);
    }
  });

  it('of a share never reach above 1, nor of a count below 0', () => {
    const hizir = getServiceModel('hizir-load').figures;
    const share = estimateMetric('derived.deflection', [0.93, 1], hizir);
    expect(confidenceInterval([0.93, 1]).ci95[1]).toBeGreaterThan(1);
    expect(share.ci95![1]).toBe(1);
    expect(share.cut).toBe('high');
    const both = estimateMetric('derived.deflection', [0.05, 0.95], hizir);
    expect(both.ci95).toEqual([0, 1]);
    expect(both.cut).toBe('both');
    const lost = estimateMetric('stations.desk.lost', [0, 3], undefined);
    expect(lost.ci95![0]).toBe(0);
    expect(lost.ci95![1]).toBeCloseTo(confidenceInterval([0, 3]).ci95[1], 12);
  });

  it('are null, not [NaN, NaN], for a metric with no value (a mean over nobody)', async () => {
    const lostWait = estimateMetric('stations.desk.lostWait.mean', [NaN, NaN, NaN], undefined);
    expect(lostWait.halfWidth).toBeNull();
    expect(lostWait.ci95).toBeNull();
    expect(Number.isNaN(lostWait.mean)).toBe(true);
    const some = estimateMetric('stations.desk.lostWait.mean', [2, NaN, 4], undefined);
    expect(some.ci95).toBeNull();
    // As a run writes it: nobody gives up at teaching-mmc's desk, so nothing is averaged.
    const run = await shortRun();
    const m = run.metrics['stations.desk.lostWait.mean'];
    expect(JSON.parse(JSON.stringify(m)).ci95).toBeNull();
    expect(run.metrics['stations.desk.wait.mean'].ci95).not.toBeNull();
  });

  it('of a difference between arms keep their negative part', () => {
    const evisa = getServiceModel('evisa').figures;
    const saved = estimateMetric('derived.officerHoursSaved', [-5, 3], evisa);
    expect(saved.ci95).toEqual(confidenceInterval([-5, 3]).ci95);
    expect(saved.ci95![0]).toBeLessThan(0);
    expect(saved.cut).toBeUndefined();
  });

  it('of a percentile include the quantile sketch’s relative accuracy, as compare’s do', async () => {
    // Replications that fell in one bucket agree to the digit; the quantile is known to 1%.
    const same = estimateMetric('stations.desk.wait.p90', [12.5, 12.5], undefined);
    expect(same.halfWidth).toBeCloseTo(QUANTILE_RELATIVE_ACCURACY * 12.5, 12);
    expect(same.ci95![0]).toBeCloseTo(12.5 * (1 - QUANTILE_RELATIVE_ACCURACY), 12);
    expect(same.ci95![1]).toBeCloseTo(12.5 * (1 + QUANTILE_RELATIVE_ACCURACY), 12);
    // A mean is exact: no widening.
    expect(estimateMetric('stations.desk.wait.mean', [12.5, 12.5], undefined).halfWidth).toBe(0);
    // One replication has no interval at all (not a 0-wide one, nor the sketch's 1% alone).
    expect(estimateMetric('stations.desk.wait.p90', [12.5], undefined).halfWidth).toBeNull();
    const r = await shortRun();
    const percentiles = Object.keys(r.metrics).filter((k) => isSketchQuantileMetric(k));
    expect(percentiles.length).toBeGreaterThanOrEqual(5);
    for (const key of percentiles) {
      const e = r.metrics[key];
      if (!(e.mean > 0)) continue;
      const accuracy = QUANTILE_RELATIVE_ACCURACY * e.mean;
      expect(e.halfWidth, key).toBeCloseTo(plainInterval(e).halfWidth + accuracy, 9);
      expect(e.ci95![1] - e.mean, key).toBeGreaterThanOrEqual(accuracy);
      if (!e.cut) expect(e.mean - e.ci95![0], key).toBeGreaterThanOrEqual(accuracy);
    }
  });

  it('of a derived figure its model declares a sketch percentile are widened too (gov-tr p99WaitSeconds)', () => {
    const figures = getServiceModel('gov-tr').figures;
    expect(figures?.p99WaitSeconds.sketch).toBe(true);
    const key = 'derived.p99WaitSeconds';
    expect(isSketchQuantileMetric(key, figures)).toBe(true);
    // Undeclared, or declared as no sketch (an exact order statistic such as Hızır's p99): exact.
    expect(isSketchQuantileMetric(key)).toBe(false);
    expect(
      isSketchQuantileMetric('derived.answerP99Ms', getServiceModel('hizir-load').figures),
    ).toBe(false);
    const e = estimateMetric(key, [40, 40], figures);
    expect(e.halfWidth).toBeCloseTo(QUANTILE_RELATIVE_ACCURACY * 40, 12);
    expect(compareDifference(key, [40, 40], [44, 44], figures).halfWidth).toBeCloseTo(
      QUANTILE_RELATIVE_ACCURACY * 84,
      12,
    );
  });
});

describe('coverage of the cut interval', () => {
  /**
   * M/M/1 at rho 0.5 (lambda 0.5, mu 1): Erlang C gives the mean wait Wq = 1 exactly. Each
   * experiment runs 2 (then 3) replications of about 500 customers after a warm-up of 100 mean
   * services, and asks whether the interval holds Wq. With 2 replications most t intervals reach
   * below 0 (so the cut is tested, not skipped). The true value is never below 0, so the cut
   * interval must cover it whenever the uncut one does; and both should cover it about 95% of
   * the time: the estimate's 99.9% binomial interval (z = 3.29) must hold 0.95.
   */
  const lambda = 0.5;
  const model: NetworkModel = {
    name: 'mm1',
    stations: [{ id: 'desk', servers: 1 }],
    classes: [
      {
        id: 'c',
        route: [{ id: 's', station: 'desk', service: { dist: 'exponential', mean: 1 } }],
      },
    ],
    sources: [{ id: 'a', class: 'c', arrivals: { kind: 'poisson', rate: lambda } }],
  };
  const wq = mmc(lambda, 1, 1).Wq;
  const warmup = 100;
  const until = warmup + 500 / lambda;
  const EXPERIMENTS = 1000;

  it.each([2, 3])(
    'with %i replications: not below the uncut one’s, and near the nominal 95 in 100',
    (reps) => {
      let uncut = 0;
      let cutCovers = 0;
      let cuts = 0;
      for (let x = 0; x < EXPERIMENTS; x++) {
        const waits = Array.from(
          { length: reps },
          (_, r) =>
            runNetwork(model, { seed: replicationSeed(7000 + x, r), until, warmup }).stations.desk
              .wait.mean,
        );
        const plain = confidenceInterval(waits);
        const e = estimateMetric('stations.desk.wait.mean', waits, undefined);
        if (plain.ci95[0] <= wq && wq <= plain.ci95[1]) uncut++;
        if (e.ci95![0] <= wq && wq <= e.ci95![1]) cutCovers++;
        if (e.cut) cuts++;
      }
      expect(wq).toBe(1);
      expect(cuts).toBeGreaterThan(reps === 2 ? EXPERIMENTS / 2 : 10);
      expect(cutCovers).toBeGreaterThanOrEqual(uncut);
      const coverage = cutCovers / EXPERIMENTS;
      const se = Math.sqrt((coverage * (1 - coverage)) / EXPERIMENTS);
      expect(Math.abs(coverage - 0.95), `coverage ${coverage} ± ${3.29 * se}`).toBeLessThanOrEqual(
        3.29 * se,
      );
    },
  );
});
