import { describe, expect, it } from 'vitest';
import { createSampler } from '../../../src/sim/distributions';
import { Rng } from '../../../src/sim/rng';
import {
  confidenceInterval,
  cutToSupport,
  estimateOf,
  NON_NEGATIVE,
  QUANTILE_RELATIVE_ACCURACY,
  QuantileSketch,
  studentTQuantile,
  Tally,
  TimeWeighted,
  UNBOUNDED,
  UNIT_INTERVAL,
  widenBySketch,
  withinSupport,
} from '../../../src/sim/stats';

describe('Tally', () => {
  it('agrees with a direct two-pass computation', () => {
    const rng = new Rng(11, 'tally');
    // A large offset checks that the running variance does not lose precision.
    const xs = Array.from({ length: 5000 }, () => 1e6 + rng.next() * 10);
    const t = new Tally();
    xs.forEach((x) => t.add(x));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1);
    expect(t.count).toBe(xs.length);
    expect(t.mean).toBeCloseTo(mean, 6);
    expect(t.variance / variance).toBeCloseTo(1, 8);
    expect(t.min).toBe(Math.min(...xs));
    expect(t.max).toBe(Math.max(...xs));
    expect(t.sum).toBeCloseTo(
      xs.reduce((s, x) => s + x, 0),
      3,
    );
    const json = t.toJSON();
    expect(json.sd).toBeCloseTo(Math.sqrt(variance), 8);
    expect(json.count).toBe(5000);
  });

  it('reports zeros when empty, variance 0 for one value, and forgets on reset()', () => {
    const t = new Tally();
    expect(t.toJSON()).toEqual({ count: 0, mean: 0, sd: 0, min: 0, max: 0 });
    t.add(4);
    expect(t.variance).toBe(0);
    expect(t.toJSON()).toEqual({ count: 1, mean: 4, sd: 0, min: 4, max: 4 });
    t.add(8);
    expect(t.variance).toBe(8); // ((4-6)² + (8-6)²) / 1
    t.reset();
    expect(t.count).toBe(0);
    t.add(1);
    expect(t.toJSON()).toEqual({ count: 1, mean: 1, sd: 0, min: 1, max: 1 });
  });
});

describe('TimeWeighted', () => {
  it('averages a hand-checked step function', () => {
    // 0 on [0,2), 3 on [2,5), 1 on [5,10), 4 on [10,12): area 0 + 9 + 5 + 8 = 22.
    const tw = new TimeWeighted();
    tw.set(2, 3);
    tw.set(5, 1);
    tw.set(10, 4);
    expect(tw.areaAt(12)).toBe(22);
    expect(tw.mean(12)).toBeCloseTo(22 / 12, 12);
    expect(tw.max).toBe(4);
    // After reset the current value carries on and the past is forgotten.
    tw.reset(10);
    expect(tw.mean(12)).toBe(4);
    tw.set(11, 2);
    expect(tw.mean(14)).toBeCloseTo((4 * 1 + 2 * 3) / 4, 12);
  });

  it('starts at its start time and returns the current value over an empty span', () => {
    const tw = new TimeWeighted(100);
    tw.set(100, 5);
    expect(tw.mean(100)).toBe(5);
    tw.set(110, 0);
    expect(tw.mean(120)).toBe(2.5);
  });
});

describe('QuantileSketch', () => {
  const lognormal = createSampler({ dist: 'lognormal', mean: 20, cv: 1.5 });
  const data = (() => {
    const rng = new Rng(5, 'sketch');
    return Array.from({ length: 100_000 }, () => lognormal.sample(rng));
  })();
  const sorted = Float64Array.from(data).sort();
  const QS = [0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999];

  it('gives every quantile within 1% (relative) of the exact order statistic', () => {
    const sketch = new QuantileSketch();
    data.forEach((x) => sketch.add(x));
    for (const q of QS) {
      const exact = sorted[Math.floor(q * (sorted.length - 1))];
      // 1% relative accuracy by design, plus rounding slack.
      expect(Math.abs(sketch.quantile(q) - exact) / exact).toBeLessThanOrEqual(0.01 + 1e-12);
    }
    expect(sketch.count).toBe(data.length);
  });

  it('puts every value in the bucket its definition names, ceil(log x / log gamma), at bucket edges too', () => {
    // The sketch finds buckets from the bits of x; the definition is the logarithm.
    const logGamma = Math.log(1.01 / 0.99);
    const minIndex = Math.floor(Math.log(1e-9) / logGamma);
    const last = Math.ceil(Math.log(1e12) / logGamma) - minIndex;
    const definition = (x: number) => Math.min(last, Math.ceil(Math.log(x) / logGamma) - minIndex);
    const rng = new Rng(3, 'sketch-buckets');
    const values: number[] = [];
    for (let k = 0; k < 5000; k++) values.push(Math.exp((rng.next() * 2 - 1) * 32));
    for (let j = 1; j <= last + 2; j += 7) {
      const edge = Math.exp((j + minIndex - 1) * logGamma);
      for (const f of [1 - 1e-12, 1 - 1e-15, 1 - 2e-16, 1, 1 + 2e-16, 1 + 1e-15, 1 + 1e-12])
        values.push(edge * f);
    }
    const wrong = values
      .filter((x) => x >= 1e-9)
      .filter((x) => {
        const sketch = new QuantileSketch();
        sketch.add(x);
        return sketch.buckets[definition(x)] !== 1;
      });
    expect(wrong).toEqual([]);
  });

  it('percentiles() are the p50/p90/p95/p99 quantiles', () => {
    const sketch = new QuantileSketch();
    data.forEach((x) => sketch.add(x));
    expect(sketch.percentiles()).toEqual({
      p50: sketch.quantile(0.5),
      p90: sketch.quantile(0.9),
      p95: sketch.quantile(0.95),
      p99: sketch.quantile(0.99),
    });
  });

  it('merging sketches of parts equals one sketch of the whole', () => {
    const whole = new QuantileSketch();
    data.forEach((x) => whole.add(x));
    const parts = [new QuantileSketch(), new QuantileSketch(), new QuantileSketch()];
    data.forEach((x, i) => parts[i % 3].add(x));
    parts[0].add(0);
    whole.add(0);
    const merged = new QuantileSketch();
    parts.forEach((p) => merged.merge(p));
    expect(merged.count).toBe(whole.count);
    expect(merged.zeros).toBe(1);
    expect(Array.from(merged.buckets)).toEqual(Array.from(whole.buckets));
    for (const q of QS) expect(merged.quantile(q)).toBe(whole.quantile(q));
  });

  it('counts zeros exactly and returns 0 for quantiles among them', () => {
    const s = new QuantileSketch();
    for (let i = 0; i < 60; i++) s.add(0);
    for (let i = 1; i <= 40; i++) s.add(i);
    expect(s.zeros).toBe(60);
    expect(s.quantile(0.5)).toBe(0);
    expect(s.cdf(0)).toBeCloseTo(0.6, 12);
    expect(Math.abs(s.quantile(1) - 40) / 40).toBeLessThanOrEqual(0.01 + 1e-12);
    expect(new QuantileSketch().quantile(0.5)).toBe(0);
  });

  it('cdf(x) is the share of values at most x, to within the bucket around x', () => {
    const sketch = new QuantileSketch();
    data.forEach((x) => sketch.add(x));
    for (const x of [1, 5, 20, 60, 200]) {
      // Values within 2% of x may fall in x's bucket: bound the exact share on both sides.
      const below = sorted.filter((v) => v <= x * 0.98).length / sorted.length;
      const above = sorted.filter((v) => v <= x * 1.02).length / sorted.length;
      const c = sketch.cdf(x);
      expect(c).toBeGreaterThanOrEqual(below);
      expect(c).toBeLessThanOrEqual(above);
    }
  });
  it('histogram(edges) counts what cdf() says lies between each pair of edges', () => {
    // The histogram walks the buckets once; cdf() sums them from the start for every edge.
    // Both must give the same counts, for ordered edges, edges below the smallest value told
    // apart from zero, and edges out of order.
    const rng = new Rng(23, 'histogram');
    const s = new QuantileSketch();
    for (let i = 0; i < 20_000; i++) s.add(i % 7 === 0 ? 0 : Math.exp(rng.next() * 12 - 6));
    const fromCdf = (edges: number[]) => {
      let prev = 0;
      return edges.map((_, j) => {
        const c = j + 1 < edges.length ? s.cdf(edges[j + 1]) * s.count : s.count;
        const n = Math.max(0, Math.round(c - prev));
        prev = c;
        return n;
      });
    };
    const ordered = Array.from({ length: 30 }, (_, i) => i * 7.5);
    const fine = [0, 1e-12, 1e-10, 1e-3, 0.01, 0.5, 1, 3, 80, 400];
    const shuffled = [0, 50, 2, 300, 1e-11, 7, 7, 0.2];
    for (const edges of [ordered, fine, shuffled])
      expect(s.histogram(edges)).toEqual(fromCdf(edges));
    expect(s.histogram(ordered).reduce((a, b) => a + b, 0)).toBe(20_000);
  });
});

describe('studentTQuantile', () => {
  it.each([
    [1, 12.706],
    [2, 4.303],
    [5, 2.571],
    [10, 2.228],
    [30, 2.042],
    [1000, 1.962],
  ])('t(0.975, df %i) = %f (textbook table)', (df, value) => {
    expect(studentTQuantile(0.975, df)).toBeCloseTo(value, 3);
  });

  it('is symmetric and tends to the normal quantile', () => {
    expect(studentTQuantile(0.025, 7)).toBeCloseTo(-studentTQuantile(0.975, 7), 6);
    expect(studentTQuantile(0.5, 4)).toBeCloseTo(0, 6);
    expect(studentTQuantile(0.995, 1e6)).toBeCloseTo(2.5758, 3);
  });

  it('rejects p outside (0, 1)', () => {
    expect(() => studentTQuantile(0, 5)).toThrow(RangeError);
    expect(() => studentTQuantile(1, 5)).toThrow(RangeError);
  });
});

describe('confidenceInterval', () => {
  it('computes mean, sample sd and the Student-t half-width', () => {
    const ci = confidenceInterval([2, 4, 4, 4, 5, 5, 7, 9]);
    const sd = Math.sqrt(32 / 7);
    expect(ci.mean).toBe(5);
    expect(ci.sd).toBeCloseTo(sd, 12);
    expect(ci.n).toBe(8);
    expect(ci.halfWidth).toBeCloseTo((2.365 * sd) / Math.sqrt(8), 2);
    expect(ci.ci95[0]).toBeCloseTo(5 - ci.halfWidth, 12);
    expect(ci.ci95[1]).toBeCloseTo(5 + ci.halfWidth, 12);
  });

  it('has zero width for a single value', () => {
    expect(confidenceInterval([3])).toMatchObject({ mean: 3, sd: 0, halfWidth: 0, ci95: [3, 3] });
  });

  it('covers the true mean 92–98% of the time over 400 sets of 10 normal samples', () => {
    // Nominal 95%; with 400 trials the coverage has SE sqrt(0.95·0.05/400) = 1.1%,
    // so 92–98% is ±2.7 SE.
    const mu = 100;
    const normal = createSampler({ dist: 'normal', mean: mu, sd: 10 });
    const rng = new Rng(2025, 'coverage');
    let covered = 0;
    for (let set = 0; set < 400; set++) {
      const xs = Array.from({ length: 10 }, () => normal.sample(rng));
      const [lo, hi] = confidenceInterval(xs).ci95;
      if (lo <= mu && mu <= hi) covered++;
    }
    expect(covered / 400).toBeGreaterThanOrEqual(0.92);
    expect(covered / 400).toBeLessThanOrEqual(0.98);
  });

  it('a 99% interval is wider than the 95% one', () => {
    const xs = [1, 3, 2, 5, 4, 6];
    expect(confidenceInterval(xs, 0.99).halfWidth).toBeGreaterThan(
      confidenceInterval(xs).halfWidth,
    );
  });
});

describe('withinSupport', () => {
  it('cuts an interval at the least and greatest values possible, and says which end moved', () => {
    const ci = confidenceInterval([0.2, 1.4]); // 0.8 ± 7.6
    expect(ci.ci95[0]).toBeLessThan(0);
    const low = withinSupport(ci, NON_NEGATIVE);
    expect(low.ci95).toEqual([0, ci.ci95[1]]);
    expect(low.cut).toBe('low');
    // The half-width stays the t statistic's; the mean and the rest are untouched.
    expect(low.halfWidth).toBe(ci.halfWidth);
    expect(low.mean).toBe(ci.mean);
    const share = withinSupport(confidenceInterval([0.9, 0.99]), UNIT_INTERVAL);
    expect(share.ci95[1]).toBe(1);
    expect(share.cut).toBe('high');
    expect(withinSupport(confidenceInterval([0.1, 0.9]), UNIT_INTERVAL)).toMatchObject({
      ci95: [0, 1],
      cut: 'both',
    });
  });

  it('leaves alone an interval inside the support, an unbounded quantity and a NaN mean', () => {
    const inside = confidenceInterval([10, 11, 12]);
    expect(withinSupport(inside, NON_NEGATIVE)).toEqual(inside);
    const either = confidenceInterval([-5, 3]);
    expect(withinSupport(either, UNBOUNDED)).toEqual(either);
    const nothing = confidenceInterval([NaN, 1]);
    expect(withinSupport(nothing, NON_NEGATIVE)).toEqual(nothing);
  });

  it('never lowers coverage: over 2,000 pairs of samples near 0 it covers as often', () => {
    // Exponential with mean 0.5: the t interval of 2 often reaches below 0.
    const rng = new Rng(7, 'support');
    const exp = createSampler({ dist: 'exponential', mean: 0.5 });
    let plain = 0;
    let cut = 0;
    let cuts = 0;
    for (let i = 0; i < 2000; i++) {
      const ci = confidenceInterval([exp.sample(rng), exp.sample(rng)]);
      const w = withinSupport(ci, NON_NEGATIVE);
      if (ci.ci95[0] <= 0.5 && 0.5 <= ci.ci95[1]) plain++;
      if (w.ci95[0] <= 0.5 && 0.5 <= w.ci95[1]) cut++;
      if (w.cut) cuts++;
    }
    expect(cuts).toBeGreaterThan(1000);
    expect(cut).toBe(plain);
  });
});

describe('widenBySketch', () => {
  it('adds the sketch’s relative accuracy of the magnitude to the half-width, both ends', () => {
    const d = widenBySketch({ mean: 20, halfWidth: 0.5, ci95: [19.5, 20.5] }, 20);
    expect(d.halfWidth).toBeCloseTo(0.5 + QUANTILE_RELATIVE_ACCURACY * 20, 12);
    expect(d.ci95[0]).toBeCloseTo(20 - d.halfWidth, 12);
    expect(d.ci95[1]).toBeCloseTo(20 + d.halfWidth, 12);
    const zero = { mean: 0, halfWidth: 0, ci95: [0, 0] as [number, number] };
    expect(widenBySketch(zero, 0)).toEqual(zero);
  });
});

describe('estimateOf: the estimate reported, with no interval from one value', () => {
  it('has no interval from one value (null, not 0 wide), and is confidenceInterval from 2 on', () => {
    const one = estimateOf([12.5]);
    expect(one).toEqual({ mean: 12.5, sd: 0, n: 1, halfWidth: null, ci95: null });
    expect(estimateOf([]).ci95).toBeNull();
    for (const xs of [
      [1, 2],
      [3, 3, 3],
      [5, 1, 9, 2],
    ])
      expect(estimateOf(xs)).toEqual(confidenceInterval(xs));
  });

  it('withinSupport leaves an estimate without an interval as it is', () => {
    const one = estimateOf([0.2]);
    expect(withinSupport(one, UNIT_INTERVAL)).toBe(one);
  });
});

describe('cutToSupport', () => {
  it('moves each end inside the support and names the ends it moved', () => {
    expect(cutToSupport([0.2, 0.5], UNIT_INTERVAL)).toEqual({ ci95: [0.2, 0.5] });
    expect(cutToSupport([-0.1, 0.5], UNIT_INTERVAL)).toEqual({ ci95: [0, 0.5], cut: 'low' });
    expect(cutToSupport([0.4, 1.2], UNIT_INTERVAL)).toEqual({ ci95: [0.4, 1], cut: 'high' });
    expect(cutToSupport([-0.3, 1.2], UNIT_INTERVAL)).toEqual({ ci95: [0, 1], cut: 'both' });
    // Wholly outside: both ends at the nearest bound.
    expect(cutToSupport([-0.3, -0.1], UNIT_INTERVAL)).toEqual({ ci95: [0, 0], cut: 'low' });
    expect(cutToSupport([-5, 3], UNBOUNDED)).toEqual({ ci95: [-5, 3] });
  });
});
