import 'reflect-metadata';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareRuns, type RunSummaryFile } from '../../../src/experiment/compare';
import { estimateMetrics } from '../../../src/experiment/estimate';
import { runScenario } from '../../../src/experiment/scenario.runner';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { mmc } from '../../../src/sim/erlang';
import { RngStreams } from '../../../src/sim/rng';
import {
  QUANTILE_RELATIVE_ACCURACY,
  QuantileSketch,
  studentTQuantile,
} from '../../../src/sim/stats';

/**
 * Percentiles by sectioning (Asmussen & Glynn 2007, §III.5; Nakayama 2014): the estimate is the
 * percentile of all replications' observations pooled, its interval t · sqrt(Σ (q_i − pooled)² /
 * (R (R − 1))) from the replications' own percentiles q_i, widened by the sketch's accuracy.
 */
describe('a percentile by sectioning', () => {
  it('is the percentile of the pooled observations, with the half-width from the spread around it', () => {
    // Three replications of skewed waits, each fed to its own sketch and all to one sketch.
    const rng = new RngStreams(7).stream('waits');
    const parts = [new QuantileSketch(), new QuantileSketch(), new QuantileSketch()];
    const all = new QuantileSketch();
    parts.forEach((s, r) => {
      for (let i = 0; i < 500 + 400 * r; i++) {
        const x = rng.next() < 0.3 ? 0 : -Math.log(rng.nextOpen()) * (20 + 15 * r);
        s.add(x);
        all.add(x);
      }
    });
    const perReplication = parts.map((s) => ({
      'stations.desk.wait.p99': s.quantile(0.99),
      'stations.desk.wait.mean': 1 + s.count,
    }));
    const sketches = parts.map((s) => ({ 'stations.desk.wait': s.toCounts() }));
    const m = estimateMetrics(perReplication, undefined, sketches);
    const p99 = m['stations.desk.wait.p99'];
    const pooled = all.quantile(0.99);
    const q = perReplication.map((x) => x['stations.desk.wait.p99']);
    const average = q.reduce((a, b) => a + b, 0) / q.length;
    expect(Math.abs(pooled - average)).toBeGreaterThan(0.02 * pooled); // (the two differ here)
    expect(p99.mean).toBe(pooled);
    expect(p99.pooled).toBe(true);
    expect(p99.samples).toEqual(q);
    const spread = Math.sqrt(q.reduce((s, v) => s + (v - pooled) ** 2, 0) / (3 * 2));
    const half = studentTQuantile(0.975, 2) * spread + QUANTILE_RELATIVE_ACCURACY * pooled;
    expect(p99.halfWidth).toBeCloseTo(half, 9);
    // (cut at 0 where the interval reaches below it; the upper end is pooled + half-width)
    expect(p99.ci95![1]).toBeCloseTo(pooled + half, 9);
    expect(p99.ci95![0]).toBeCloseTo(Math.max(0, pooled - half), 9);
    // A mean is as before: no pooling.
    expect(m['stations.desk.wait.mean'].pooled).toBeUndefined();
    expect(m['stations.desk.wait.mean'].mean).toBe((501 + 901 + 1301) / 3);
    // Without every replication's sketch: the average of the replications' own, as before.
    const partial = estimateMetrics(perReplication, undefined, [
      sketches[0],
      undefined,
      sketches[2],
    ]);
    expect(partial['stations.desk.wait.p99'].mean).toBeCloseTo(average, 12);
    expect(partial['stations.desk.wait.p99'].pooled).toBeUndefined();
  });

  /**
   * teaching-mmc (M/M/10, 9 an hour, 60-minute services: ρ = 0.9) over 4 weeks after 1 week of
   * warm-up, 10 replications, as `run` gives it, in 200 experiments of fixed seeds. Erlang C gives
   * the true p99 wait: P(W > t) = C e^{−(c − λ)t}. Each replication's p99 of 3 weeks' correlated
   * waits falls short of it, and their average did too (205 minutes against 252 at 400
   * experiments): the average of the pooled estimates must lie within 3.29 standard errors of
   * their spread (99.9%) plus the sketch's 1% of the truth (its buckets' bias, the same in every
   * experiment). The interval's coverage then rises from about half: it must reach 60%, which
   * the old estimate (186 of 400, 46.5%: 99.9% binomial band up to 54.7%) could not. Sectioning
   * does not reach 95% here either (307 of 400 at writing: the replications' p99 are skewed by
   * rare long busy spells, as the means' intervals are, less so), so 95% is not asserted.
   */
  it('of an M/M/10 p99 wait is centred on Erlang C’s, and covers it far more often than the average did', async () => {
    const file = resolve(__dirname, '../../../scenarios/teaching-mmc.yaml');
    const scenario = loadScenario(file, { set: ['horizon=4w', 'warmup=1w'] });
    const th = mmc(9, 1, 10);
    const truth = (Math.log(th.Pwait / 0.01) / (10 - 9)) * 60;
    const EXPERIMENTS = 200;
    const estimates: number[] = [];
    let covered = 0;
    for (let x = 0; x < EXPERIMENTS; x++) {
      const r = await runScenario(scenario, { seed: 9100 + x, replications: 10, threads: 0 });
      const e = r.metrics['stations.desk.wait.p99'];
      estimates.push(e.mean);
      if (e.ci95![0] <= truth && truth <= e.ci95![1]) covered++;
    }
    const mean = estimates.reduce((a, b) => a + b, 0) / EXPERIMENTS;
    const sd = Math.sqrt(estimates.reduce((s, v) => s + (v - mean) ** 2, 0) / (EXPERIMENTS - 1));
    const tolerance = (3.29 * sd) / Math.sqrt(EXPERIMENTS) + QUANTILE_RELATIVE_ACCURACY * truth;
    expect(Math.abs(mean - truth), `mean ${mean} vs ${truth} ± ${tolerance}`).toBeLessThanOrEqual(
      tolerance,
    );
    expect(covered / EXPERIMENTS, `covered ${covered} of ${EXPERIMENTS}`).toBeGreaterThanOrEqual(
      0.6,
    );
  }, 60_000);
});

describe('compare of a percentile by sectioning', () => {
  const file = resolve(__dirname, '../../../scenarios/teaching-mmc.yaml');
  const run = (servers: number) =>
    runScenario(
      loadScenario(file, {
        set: [`stations.desk.servers=${servers}`, 'horizon=2w', 'warmup=2d'],
      }),
      { seed: 31, replications: 5, threads: 0 },
    );

  it('centres B − A on the pooled percentiles, the interval from the paired differences around it; an older summary.json falls back, and says so', async () => {
    const a = (await run(10)) as RunSummaryFile;
    const b = (await run(11)) as RunSummaryFile;
    const key = 'stations.desk.wait.p99';
    const ea = a.metrics[key];
    const eb = b.metrics[key];
    expect(ea.pooled && eb.pooled).toBe(true);
    const c = compareRuns(a, b);
    expect(c.method).toBe('paired');
    const d = c.differences.find((x) => x.metric === key)!;
    const centre = eb.mean - ea.mean;
    expect(d.diff).toBeCloseTo(centre, 9);
    const diffs = eb.samples.map((v, i) => v - ea.samples[i]);
    const spread = Math.sqrt(diffs.reduce((s, v) => s + (v - centre) ** 2, 0) / (5 * 4));
    const half =
      studentTQuantile(0.975, 4) * spread +
      QUANTILE_RELATIVE_ACCURACY * (Math.abs(ea.mean) + Math.abs(eb.mean));
    expect(d.halfWidth).toBeCloseTo(half, 9);
    expect(c.methodNote).toMatch(/sectioning/);
    expect(c.methodNote).not.toMatch(/written before/);
    // An older summary.json: no `pooled`, its percentiles the average of the replications'.
    const older = (r: RunSummaryFile): RunSummaryFile => ({
      ...r,
      metrics: Object.fromEntries(
        Object.entries(r.metrics).map(([k, m]) => {
          const { pooled: _p, ...rest } = m;
          return [k, rest];
        }),
      ),
    });
    const old = compareRuns(older(a), b);
    const od = old.differences.find((x) => x.metric === key)!;
    expect(od.diff).toBeCloseTo(diffs.reduce((s, v) => s + v, 0) / 5, 9);
    expect(old.methodNote).toMatch(
      /A is a summary\.json written before percentiles were estimated by sectioning/,
    );
  }, 60_000);
});
