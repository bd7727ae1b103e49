import 'reflect-metadata';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  compareRuns,
  documentChanges,
  metricDifference,
  oneReplicationNote,
  pairedDifference,
  welchDifference,
  type RunSummaryFile,
} from '../../../src/experiment/compare';
import { renderComparison } from '../../../src/cli/commands/compare.action';
import { confidenceInterval, estimateOf, studentTQuantile } from '../../../src/sim/stats';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { runScenario } from '../../../src/experiment/scenario.runner';

function run(
  seed: number,
  metrics: Record<string, number[]>,
  document: Record<string, unknown> = {},
): RunSummaryFile {
  const reps = Object.values(metrics)[0]?.length ?? 0;
  return {
    scenario: {
      name: 's',
      title: 'S',
      description: '',
      file: 's.yaml',
      model: 'network',
      horizonMinutes: 1,
      warmupMinutes: 0,
      assumptions: [],
      document,
    },
    seed,
    replications: reps,
    elapsedSeconds: 0,
    arms: ['main'],
    metrics: Object.fromEntries(
      Object.entries(metrics).map(([k, samples]) => [k, { ...estimateOf(samples), samples }]),
    ),
    firstReplication: {},
    figures: {},
  };
}

describe('pairedDifference', () => {
  it('is the Student-t interval of the per-replication differences', () => {
    const a = [10, 12, 9, 11, 13];
    const b = [7, 9.5, 6, 8.2, 10.1]; // B − A = -3, -2.5, -3, -2.8, -2.9
    const d = pairedDifference(a, b);
    const diffs = [-3, -2.5, -3, -2.8, -2.9];
    const mean = diffs.reduce((s, v) => s + v, 0) / 5;
    const sd = Math.sqrt(diffs.reduce((s, v) => s + (v - mean) ** 2, 0) / 4);
    const hw = (2.7764451051977987 * sd) / Math.sqrt(5);
    expect(d.mean).toBeCloseTo(mean, 12);
    expect(d.halfWidth).toBeCloseTo(hw, 6);
    expect(d.ci95![0]).toBeCloseTo(mean - hw, 6);
    expect(d.ci95![1]).toBeCloseTo(mean + hw, 6);
    expect(d.df).toBe(4);
  });

  it('is much narrower than the unpaired interval when the runs share their noise', () => {
    const noise = [5, -3, 8, -6, 1, 4, -7, 2];
    const a = noise.map((e) => 100 + e);
    const b = noise.map((e, i) => 97 + e + (i % 2 ? 0.2 : -0.2));
    const paired = pairedDifference(a, b);
    const welch = welchDifference(a, b);
    expect(paired.mean).toBeCloseTo(welch.mean, 12);
    expect(paired.halfWidth).toBeLessThan(welch.halfWidth! / 10);
    expect(paired.ci95![1]).toBeLessThan(0); // significant when paired
    expect(welch.ci95![0]).toBeLessThan(0);
    expect(welch.ci95![1]).toBeGreaterThan(0); // lost in the noise when not
  });

  it('refuses samples of different lengths', () => {
    expect(() => pairedDifference([1, 2], [1, 2, 3])).toThrow(/as many samples/);
  });
});

describe('welchDifference', () => {
  it('uses the Welch–Satterthwaite degrees of freedom', () => {
    const a = [20.1, 22.3, 19.8, 21.5, 20.9, 23.0];
    const b = [25.2, 30.1, 27.7, 22.9];
    const w = welchDifference(a, b);
    const ca = confidenceInterval(a);
    const cb = confidenceInterval(b);
    const va = ca.sd ** 2 / a.length;
    const vb = cb.sd ** 2 / b.length;
    const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
    expect(w.df).toBeCloseTo(df, 10);
    expect(w.mean).toBeCloseTo(cb.mean - ca.mean, 12);
    expect(w.halfWidth).toBeCloseTo(studentTQuantile(0.975, df) * Math.sqrt(va + vb), 8);
  });

  it('gives a zero-width interval for constant samples', () => {
    const w = welchDifference([3, 3, 3], [5, 5]);
    expect(w.mean).toBe(2);
    expect(w.halfWidth).toBe(0);
  });
});

describe('compareRuns', () => {
  const a = run(
    1,
    { wait: [10, 12, 9, 11], served: [100, 101, 99, 100], same: [5, 5, 5, 5], onlyA: [1, 1, 1, 1] },
    { stations: { desk: { servers: 10 } }, seed: 1 },
  );
  const b = run(
    1,
    { wait: [7, 9, 6.5, 8], served: [100, 102, 98, 100], same: [5, 5, 5, 5], onlyB: [2, 2, 2, 2] },
    { stations: { desk: { servers: 11 } }, seed: 1 },
  );

  it('pairs runs with the same seed and replications, and says so', () => {
    const c = compareRuns(a, b, ['out/a', 'out/b']);
    expect(c.method).toBe('paired');
    expect(c.methodNote).toMatch(/common random numbers/);
    const wait = c.differences.find((d) => d.metric === 'wait')!;
    expect(wait.diff).toBeCloseTo(-2.875, 12);
    expect(wait.significant).toBe(true);
    expect(wait.relative).toBeCloseTo(-2.875 / 10.5, 12);
  });

  it("does not call a percentile difference significant within its sketches' accuracy", () => {
    // Every replication of each side fell in one bucket of the quantile sketch (accurate to 1%):
    // the replications agree to the digit, but the percentiles are not known to better than 1%.
    const reps = (v: number) => [v, v, v, v];
    const quantiles = (p50: number, p90: number) => ({
      'stations.desk.wait.p50': reps(p50),
      'manual.classes.walk-in.systemTime.p90': reps(p90),
      'stations.desk.wait.mean': reps(p50),
      'derived.answerP99Ms.p99': reps(p50),
    });
    const c = compareRuns(run(1, quantiles(9142, 100)), run(1, quantiles(9234, 110)));
    const of = (m: string) => c.differences.find((d) => d.metric === m)!;
    // 9,142 → 9,234 is 1.0%: within 1% of 9,142 plus 1% of 9,234, so not significant.
    expect(of('stations.desk.wait.p50').significant).toBe(false);
    expect(of('stations.desk.wait.p50').halfWidth).toBeCloseTo(0.01 * (9142 + 9234), 9);
    // 100 → 110 is 10%: beyond the sketches' 2.1, still significant.
    expect(of('manual.classes.walk-in.systemTime.p90').significant).toBe(true);
    // A mean and a derived figure are exact: zero spread is zero width, as before.
    expect(of('stations.desk.wait.mean').significant).toBe(true);
    expect(of('stations.desk.wait.mean').halfWidth).toBe(0);
    expect(of('derived.answerP99Ms.p99').halfWidth).toBe(0);
    expect(c.methodNote).toMatch(/Percentiles .* accurate to 1%/);
  });

  it('one experiment run twice: a percentile the same in every replication is the same, not 0 ± 1%', () => {
    const doc = { stations: { desk: { servers: 10 } } };
    const metrics = { 'stations.desk.wait.p99': [186.8, 190.1, 183.2], 'totals.served': [9, 9, 9] };
    const c = compareRuns(run(1, metrics, doc), run(1, metrics, doc));
    const p99 = c.differences.find((d) => d.metric === 'stations.desk.wait.p99')!;
    expect([p99.diff, p99.halfWidth, p99.ci95, p99.relativeCi95]).toEqual([0, 0, [0, 0], [0, 0]]);
    expect(renderComparison(c)).not.toContain('stations.desk.wait.p99');
    // The same percentiles from a changed input: the sketches may differ within their 1%.
    const changed = compareRuns(
      run(1, metrics, doc),
      run(1, metrics, { stations: { desk: { servers: 11 } } }),
    );
    const moved = changed.differences.find((d) => d.metric === 'stations.desk.wait.p99')!;
    expect(moved.halfWidth).toBeCloseTo((0.01 * 2 * (186.8 + 190.1 + 183.2)) / 3, 9);
    // Nor where the runs wrote no scenario, or differ in seed.
    // (a summary.json written before runs kept their scenario)
    const bare = (seed: number): RunSummaryFile => {
      const r = run(seed, metrics);
      delete (r.scenario as { document?: unknown }).document;
      return r;
    };
    expect(
      compareRuns(bare(1), bare(1)).differences.find((d) => d.metric === 'stations.desk.wait.p99')!
        .halfWidth,
    ).toBeGreaterThan(0);
    expect(
      compareRuns(run(1, metrics, doc), run(2, metrics, doc)).differences.find(
        (d) => d.metric === 'stations.desk.wait.p99',
      )!.halfWidth,
    ).toBeGreaterThan(0);
  });

  it('keeps a difference negative: a wait cannot be below 0, a change in it can', () => {
    // B waits less than A in each replication: the difference and its interval are below 0,
    // and are not cut at 0 as a run's interval of the wait itself is.
    const wait = (xs: number[]) => ({
      'stations.desk.wait.mean': xs,
      'stations.desk.wait.p90': xs.map((x) => 3 * x),
    });
    const c = compareRuns(run(1, wait([5, 6.5, 9])), run(1, wait([1, 2.1, 4.6])));
    for (const metric of ['stations.desk.wait.mean', 'stations.desk.wait.p90']) {
      const d = c.differences.find((x) => x.metric === metric)!;
      expect(d.diff, metric).toBeLessThan(0);
      expect(d.ci95![1], metric).toBeLessThan(0);
      expect(d.significant, metric).toBe(true);
    }
    // One whose interval straddles 0 keeps both sides.
    const spread = compareRuns(run(1, wait([5, 6, 7])), run(1, wait([3, 7, 6])));
    const d = spread.differences.find((x) => x.metric === 'stations.desk.wait.mean')!;
    expect(d.ci95![0]).toBeLessThan(0);
    expect(d.ci95![1]).toBeGreaterThan(0);
  });

  it('takes the Lab’s differences from the same function as its own', () => {
    const a = [9142, 9142, 9142];
    const b = [9234, 9234, 9234];
    const c = compareRuns(
      run(1, { 'stations.desk.wait.p50': a }),
      run(1, { 'stations.desk.wait.p50': b }),
    );
    const own = c.differences[0];
    const lab = metricDifference('stations.desk.wait.p50', a, b, true);
    expect([lab.mean, lab.halfWidth, ...lab.ci95!]).toEqual([
      own.diff,
      own.halfWidth,
      ...own.ci95!,
    ]);
    expect(lab.halfWidth).toBeCloseTo(0.01 * (9142 + 9234), 9);
  });

  it('puts significant differences first and leaves out metrics only one run has', () => {
    const c = compareRuns(a, b);
    expect(c.differences[0].metric).toBe('wait');
    expect(c.differences.map((d) => d.metric).sort()).toEqual(['same', 'served', 'wait']);
    expect(c.differences.find((d) => d.metric === 'same')!.significant).toBe(false);
    expect(c.onlyInA).toEqual(['onlyA']);
    expect(c.onlyInB).toEqual(['onlyB']);
  });

  it('puts metrics with no value (a mean over nobody) after every difference', () => {
    // `classes.x.lostTime.mean` where nobody was lost is NaN in both runs; it sorts
    // alphabetically before `wait` and had come out on top, above the significant rows.
    const nan = [NaN, NaN, NaN, NaN];
    const c = compareRuns(
      run(1, {
        'a.lostTime': nan,
        wait: [10, 12, 9, 11],
        served: [100, 101, 99, 100],
        'b.lostTime': nan,
      }),
      run(1, {
        'a.lostTime': nan,
        wait: [7, 9, 6.5, 8],
        served: [100, 102, 98, 100],
        'b.lostTime': nan,
      }),
    );
    expect(c.differences.map((d) => d.metric)).toEqual([
      'wait',
      'served',
      'a.lostTime',
      'b.lostTime',
    ]);
  });

  it("falls back to Welch's interval when the seeds differ, and says why", () => {
    const c = compareRuns(a, { ...b, seed: 2 });
    expect(c.method).toBe('welch');
    expect(c.methodNote).toMatch(/seed \(1 against 2\).*Welch/);
    const wait = c.differences.find((d) => d.metric === 'wait')!;
    expect(wait.halfWidth).toBeCloseTo(
      welchDifference([10, 12, 9, 11], [7, 9, 6.5, 8]).halfWidth!,
      12,
    );
  });

  it('one seed, different replications: says the shared replications saw the same customers', async () => {
    // What the note says of the runs: the replications both have drew the same customers.
    const mmc = loadScenario(resolve(__dirname, '../../../scenarios/teaching-mmc.yaml'), {
      set: ['horizon=2d', 'warmup=0'],
    });
    const three = await runScenario(mmc, { replications: 3, seed: 9, threads: 0 });
    const one = await runScenario(mmc, { replications: 1, seed: 9, threads: 0 });
    const first = (r: typeof one) => r.metrics['stations.desk.wait.mean'].samples[0];
    expect(first(one)).toBe(first(three));
    // So the note may not call them independent samples, and says how to pair them.
    const c = compareRuns(a, { ...b, replications: 2 });
    expect(c.method).toBe('welch');
    expect(c.methodNote).not.toContain('independent samples');
    expect(c.methodNote).toContain(
      'Both runs used seed 1 but differ in replications (4 against 2): replications 1 to 2 of each saw the same customers',
    );
    expect(c.methodNote).toContain('run both with the same --replications to pair them');
    expect(compareRuns(a, { ...b, replications: 1 }).methodNote).toContain(
      'replication 1 of each saw the same customers',
    );
  });

  it('lists the scenario keys that changed', () => {
    expect(compareRuns(a, b).scenarioChanges).toEqual([
      { path: 'stations.desk.servers', a: 10, b: 11 },
    ]);
    expect(documentChanges({ x: [1, 2], y: 1 }, { x: [1, 3] })).toEqual([
      { path: 'x', a: [1, 2], b: [1, 3] },
      { path: 'y', a: 1, b: undefined },
    ]);
  });

  it('names the step of a route that changed, not the whole route', () => {
    const step = { id: 'transaction', station: 'desk', service: { dist: 'exponential', mean: 60 } };
    const patience = { dist: 'exponential', mean: 30 };
    const base = { classes: { citizen: { route: [step, { ...step, id: 'cashier' }] } } };
    const whatIf = {
      classes: {
        citizen: {
          route: [
            { ...step, patience },
            { ...step, id: 'cashier' },
          ],
        },
      },
    };
    expect(documentChanges(base, whatIf)).toEqual([
      { path: 'classes.citizen.route[0].patience', a: undefined, b: patience },
    ]);
    // A step added or removed changes the list's length: the route is shown whole.
    expect(documentChanges(base, { classes: { citizen: { route: [step] } } })).toEqual([
      { path: 'classes.citizen.route', a: base.classes.citizen.route, b: [step] },
    ]);
  });

  it("names a station's or class's description apart from the model's inputs, as the scenario's", () => {
    const base = {
      name: 'teaching-mmc',
      stations: { desk: { servers: 10, description: 'Ten consular officers at one counter.' } },
      classes: { citizen: { description: 'a citizen', route: [] } },
    };
    const whatIf = {
      name: 'teaching-mmc',
      stations: { desk: { servers: 9, description: 'Nine consular officers at one counter.' } },
      classes: { citizen: { route: [] } },
    };
    const c = compareRuns(run(1, { wait: [1, 2] }, base), run(1, { wait: [1, 2] }, whatIf));
    expect(c.scenarioChanges.map((ch) => ch.path)).toEqual(['stations.desk.servers']);
    expect(c.otherChanges).toEqual(['stations.desk.description', 'classes.citizen.description']);
  });

  it("lists only what changes the model's inputs, and names the keys that describe the scenario apart", () => {
    const base = { name: 'teaching-mmc', title: 'T', stations: { desk: { servers: 10 } } };
    const whatIf = {
      name: 'whatif',
      title: 'W',
      assumptions: [{ text: 'x', source: 'y' }],
      stations: { desk: { servers: 9 } },
    };
    const c = compareRuns(run(1, { wait: [1, 2] }, base), run(1, { wait: [1, 2] }, whatIf));
    expect(c.scenarioChanges.map((ch) => ch.path)).toEqual(['stations.desk.servers']);
    expect(c.otherChanges).toEqual(['name', 'title', 'assumptions']);
    expect(c.unrelated).toBeNull();
    const text = renderComparison(c);
    expect(text).toContain("Scenario changes (the model's inputs): stations.desk.servers: 10 -> 9");
    expect(text).not.toMatch(/Scenario changes.*title/);
    expect(text).toContain("The scenarios' name, title, assumptions differ too");
    // The paper's keys a what-if drops (reproduces, uncertain) are not inputs either.
    const paper = { ...base, reproduces: [{ figure: 'x' }], uncertain: [{ path: 'y' }], seed: 3 };
    const only = compareRuns(run(1, { wait: [1, 2] }, paper), run(1, { wait: [1, 2] }, whatIf));
    expect(only.scenarioChanges.map((ch) => ch.path)).toEqual(['stations.desk.servers']);
    expect(only.otherChanges).toEqual([
      'name',
      'title',
      'reproduces',
      'uncertain',
      'seed',
      'assumptions',
    ]);
  });

  it('warns that the differences of runs of two models, or on other stations, are not those of one change', () => {
    const desk = run(1, { 'stations.desk.served': [5, 6], 'stations.desk.wait.mean': [1, 2] });
    const other = (model: string, metrics: Record<string, number[]>) => {
      const r = run(1, metrics);
      return { ...r, scenario: { ...r.scenario, model } };
    };
    const evisa = other('evisa', {
      'stations.review.served': [5, 6],
      'manual.stations.desk.served': [1, 1],
    });
    const c = compareRuns(desk, evisa);
    expect(c.unrelated).toMatch(
      /^A and B are runs of different models \(A network, B evisa\): B − A compares two different systems, not the effect of one change/,
    );
    expect(renderComparison(c)).toContain(`Warning: ${c.unrelated}`);
    // One model, no station in common.
    const counter = other('network', { 'stations.counter.served': [5, 6] });
    expect(compareRuns(desk, counter).unrelated).toMatch(
      /^A and B share no station \(only A has stations\.desk; only B has stations\.counter\): they are different systems/,
    );
    // A station added: said, with the change that may explain it.
    const more = other('network', {
      'stations.desk.served': [5, 6],
      'stations.cashier.served': [5, 6],
    });
    expect(compareRuns(desk, more).unrelated).toMatch(
      /^A and B do not simulate the same stations \(only B has stations\.cashier\): .*unless that change added or removed those stations/,
    );
    // The same stations: nothing to warn of.
    expect(compareRuns(desk, desk).unrelated).toBeNull();
    expect(renderComparison(compareRuns(desk, desk))).not.toContain('Warning');
  });

  it('warns that waits leave out the customers lost, where a run lost any', () => {
    const none = run(1, { 'totals.lost': [0, 0], 'stations.desk.wait.mean': [40, 41] });
    const gaveUp = run(1, { 'totals.lost': [11000, 12000], 'stations.desk.wait.mean': [4, 4.1] });
    expect(compareRuns(none, none).lostNote).toBeNull();
    expect(compareRuns(none, gaveUp).lostNote).toMatch(
      /^Customers were lost in B \(totals\.lost\): .*more customers gave up/,
    );
    expect(compareRuns(gaveUp, gaveUp).lostNote).toMatch(/lost in A and B/);
    // A service model's second arm names its figures `<arm>.totals.lost`.
    const arm = run(1, { 'totals.lost': [0, 0], 'desk.totals.lost': [3, 5] });
    expect(compareRuns(arm, none).lostNote).toMatch(/lost in A /);
  });
});

describe('compare with one replication a side: no interval, so nothing is significant', () => {
  it('gives B − A no interval (not a 0-wide one), paired or not, percentile or mean', () => {
    const one = compareRuns(
      run(1, { wait: [10], 'wait.p90': [30] }),
      run(1, { wait: [7], 'wait.p90': [20] }),
    );
    expect(one.method).toBe('paired');
    for (const d of one.differences) {
      expect(d.halfWidth, d.metric).toBeNull();
      expect(d.ci95, d.metric).toBeNull();
      expect(d.a.ci95, d.metric).toBeNull();
      expect(d.significant, d.metric).toBe(false);
    }
    expect(one.differences.find((d) => d.metric === 'wait')!.diff).toBe(-3);
    expect(oneReplicationNote(one)).toMatch(
      /^A and B have one replication: a 95% CI of B − A needs 2/,
    );
  });

  it("Welch's: one side of one replication gives no interval; its variance is unknown", () => {
    expect(welchDifference([10], [7, 9, 6.5, 8]).ci95).toBeNull();
    expect(welchDifference([10, 12, 9, 11], [7]).halfWidth).toBeNull();
    const c = compareRuns(run(1, { wait: [10] }), run(2, { wait: [7, 9, 6.5, 8] }));
    expect(c.differences[0].ci95).toBeNull();
    expect(c.differences[0].significant).toBe(false);
    expect(oneReplicationNote(c)).toMatch(/^A has one replication/);
    // From 2 a side, the note is not there.
    expect(
      oneReplicationNote(compareRuns(run(1, { wait: [10, 11] }), run(1, { wait: [7, 8] }))),
    ).toBeNull();
  });

  it('an older summary.json of one replication, which wrote [mean, mean], gets no interval either', () => {
    const old = run(1, { wait: [10] });
    old.metrics.wait = { ...old.metrics.wait, halfWidth: 0, ci95: [10, 10] };
    const d = compareRuns(old, run(1, { wait: [7] })).differences[0];
    expect(d.a.ci95).toBeNull();
    expect(d.ci95).toBeNull();
  });
});

describe('the interval of a relative difference (B − A) / |A|', () => {
  /** Normal draws from a seeded generator (mulberry32 and Box–Muller). */
  function normals(seed: number): () => number {
    let s = seed >>> 0;
    const uniform = () => {
      s = (s + 0x6d2b79f5) >>> 0;
      let t = s;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  }

  // B is three times A (means 100 and 300, sd 15 each), 5 replications a side: dividing B − A's
  // interval by |A's mean| as if it were known leaves out that A's error is multiplied by 3 in
  // B / A, and covers the true +2 about 70% of the time. The interval must count A's
  // uncertainty and cover at about the nominal 95%: within 3 binomial standard errors of it over
  // the TRIALS trials.
  const TRIALS = 400;
  const tolerance = 3 * Math.sqrt((0.95 * 0.05) / TRIALS);
  for (const paired of [true, false]) {
    it(`covers the true relative difference at about 95% (${paired ? 'paired' : "Welch's"})`, () => {
      const z = normals(paired ? 11 : 12);
      let covered = 0;
      for (let i = 0; i < TRIALS; i++) {
        const a = Array.from({ length: 5 }, () => 100 + 15 * z());
        const b = Array.from({ length: 5 }, () => 300 + 15 * z());
        const c = compareRuns(
          run(1, { 'stations.desk.wait.mean': a }),
          run(paired ? 1 : 2, { 'stations.desk.wait.mean': b }),
        );
        expect(c.method).toBe(paired ? 'paired' : 'welch');
        const [lo, hi] = c.differences[0].relativeCi95!;
        if (lo <= 2 && 2 <= hi) covered++;
      }
      expect(covered / TRIALS).toBeGreaterThan(0.95 - tolerance);
      expect(covered / TRIALS).toBeLessThan(0.95 + tolerance);
    });
  }

  it('never reaches below −100% for a figure that cannot be below 0 (B always 0)', () => {
    // A median wait that is 0 in every replication of B: B − A is −A, exactly −100%.
    for (const seedB of [1, 2]) {
      const c = compareRuns(
        run(1, { 'stations.desk.wait.p50': [10, 12, 14], 'stations.desk.wait.mean': [1, 10, 20] }),
        run(seedB, { 'stations.desk.wait.p50': [0, 0, 0], 'stations.desk.wait.mean': [0, 0, 0.5] }),
      );
      for (const d of c.differences) {
        expect(d.relative).toBeGreaterThanOrEqual(-1);
        expect(d.relativeCi95![0]).toBeGreaterThanOrEqual(-1);
        expect(d.relativeCi95![1]).toBeGreaterThan(d.relativeCi95![0]);
      }
    }
    // A derived figure its model declares unbounded (support: any) may fall below −100%.
    const free = { balance: { unit: '', description: 'a balance', support: 'any' as const } };
    const c = compareRuns(
      { ...run(1, { 'derived.balance': [1, 10, 20] }), figures: free },
      { ...run(2, { 'derived.balance': [-30, 0, 0.5] }), figures: free },
    );
    expect(c.differences[0].relativeCi95![0]).toBeLessThan(-1);
  });

  it('is none where A has one replication or a mean of 0', () => {
    const one = compareRuns(run(1, { x: [5] }), run(1, { x: [6] }));
    expect(one.differences[0].relativeCi95).toBeNull();
    const zero = compareRuns(run(1, { x: [0, 0, 0] }), run(1, { x: [1, 2, 3] }));
    expect(zero.differences[0].relativeCi95).toBeNull();
  });
});

describe('compareRuns: a timing of the machine', () => {
  // Hızır's answer time is measured on the machine by each run, once, and written in every
  // replication: two runs of paper-hizir differ in it by the machine's jitter (71.86 against
  // 71.49 ms), a 0-wide paired interval that had been called a significant effect of the change.
  const figures = {
    answerP99Ms: {
      unit: 'ms',
      description: 'p99 answer time',
      support: 'nonNegative' as const,
      timing: true as const,
    },
    officerHours: { unit: 'hours', description: 'officer hours', support: 'nonNegative' as const },
  };
  const a = {
    ...run(1, {
      'derived.answerP99Ms': [71.86, 71.86, 71.86],
      'derived.officerHours': [380, 390, 392],
    }),
    figures,
  };
  const b = {
    ...run(1, {
      'derived.answerP99Ms': [71.49, 71.49, 71.49],
      'derived.officerHours': [360, 371, 370],
    }),
    figures,
  };

  it('is never called significant, and the method note says why', () => {
    const c = compareRuns(a, b);
    const timing = c.differences.find((d) => d.metric === 'derived.answerP99Ms')!;
    expect(timing.diff).toBeCloseTo(-0.37, 10);
    expect(timing.significant).toBe(false);
    // A simulated figure beside it still is.
    expect(c.differences.find((d) => d.metric === 'derived.officerHours')!.significant).toBe(true);
    expect(c.methodNote).toContain(
      'derived.answerP99Ms is a timing of the machine that ran the model',
    );
  });

  it('leaves the note out where no figure is a timing', () => {
    const plain = {
      answerP99Ms: { unit: 'ms', description: 'p99 answer time', support: 'nonNegative' as const },
    };
    const c = compareRuns({ ...a, figures: plain }, { ...b, figures: plain });
    expect(c.methodNote).not.toContain('timing');
  });
});

describe('compareRuns: an input the scenarios set', () => {
  // The requests a demand brings repeat what each scenario gives the model (kind input): two
  // runs at different demands differ in them by the change the user made, which compare had
  // called a significant simulated difference beside the officer hours the runs produced.
  const figures = {
    requests: {
      unit: 'requests',
      description: 'requests the demand brings',
      support: 'nonNegative' as const,
      kind: 'input' as const,
    },
    officerHours: { unit: 'hours', description: 'officer hours', support: 'nonNegative' as const },
  };
  const a = {
    ...run(1, { 'derived.requests': [7512, 7512, 7512], 'derived.officerHours': [380, 390, 392] }),
    figures,
  };
  const b = {
    ...run(1, { 'derived.requests': [9014, 9014, 9014], 'derived.officerHours': [460, 471, 470] }),
    figures,
  };
  const c = compareRuns(a, b);
  const of = (m: string) => c.differences.find((d) => d.metric === m)!;

  it('gives each difference its kind and never calls a difference in an input significant', () => {
    expect(of('derived.requests').kind).toBe('input');
    expect(of('derived.requests').diff).toBe(1502);
    expect(of('derived.requests').significant).toBe(false);
    expect(of('derived.officerHours').kind).toBe('emergent');
    expect(of('derived.officerHours').significant).toBe(true);
    expect(c.methodNote).toContain(
      'derived.requests is an input (set by the scenario, not simulated',
    );
  });

  it('lists the inputs under their own heading, apart from the figures derived from the runs', () => {
    const text = renderComparison(c);
    const inputs = text.indexOf('\nInputs (set by the scenario, not simulated):\n');
    const derived = text.indexOf('\nFigures derived from the run:\n');
    expect(inputs).toBeGreaterThan(0);
    expect(derived).toBeGreaterThan(inputs);
    expect(text.slice(inputs, derived)).toContain('derived.requests');
    expect(text.slice(derived)).not.toContain('derived.requests');
    expect(text.slice(derived)).toContain('derived.officerHours');
    expect(text).toContain('1 of 1 shared metrics derived from the runs differ significantly');
    expect(text).toContain('the 1 input (set by the scenario, not simulated) is not judged');
  });
});
