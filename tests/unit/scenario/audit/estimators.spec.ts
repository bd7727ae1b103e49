import { describe, expect, it } from 'vitest';
import { latinHypercube, morris, saltelli } from '../../../../src/scenario/audit/design';
import {
  firstOrderFromData,
  morrisEffects,
  quantile,
  quantileInterval,
  shareInterval,
  sobolIndices,
} from '../../../../src/scenario/audit/estimators';
import { Rng } from '../../../../src/sim/rng';

/** Ishigami: sin x1 + a sin^2 x2 + b x3^4 sin x1, x ~ U(-pi, pi)^3 (a = 7, b = 0.1). */
const A = 7;
const B = 0.1;
const ishigami = (u: number[]) => {
  const [x1, x2, x3] = u.map((v) => -Math.PI + 2 * Math.PI * v);
  return Math.sin(x1) + A * Math.sin(x2) ** 2 + B * x3 ** 4 * Math.sin(x1);
};
// Analytic indices (Ishigami & Homma 1990; Sobol' & Levitan 1999).
const V1 = 0.5 * (1 + (B * Math.PI ** 4) / 5) ** 2;
const V2 = A ** 2 / 8;
const V13 = (8 * B ** 2 * Math.PI ** 8) / 225;
const V = V1 + V2 + V13;
const TRUE = {
  first: [V1 / V, V2 / V, 0],
  total: [(V1 + V13) / V, V2 / V, V13 / V],
};

describe('Sobol indices (Saltelli design, Saltelli/Jansen estimators)', () => {
  it('recover the Ishigami function’s known first- and total-order indices', () => {
    const n = 4096;
    const d = saltelli(n, 3, new Rng(11, 'design'));
    expect(d.rows).toHaveLength(n * 5);
    const y = d.rows.map(ishigami);
    const s = sobolIndices(y, n, 3, { seed: 5, resamples: 200 });
    for (let i = 0; i < 3; i++) {
      // The bootstrap interval, widened by half, holds the true value; and the estimate is close.
      for (const kind of ['first', 'total'] as const) {
        const est = s[i][kind]!;
        const [lo, hi] = s[i].ci95[kind]!;
        const half = (hi - lo) / 2;
        expect(hi).toBeGreaterThan(lo);
        expect(TRUE[kind][i]).toBeGreaterThan(lo - half);
        expect(TRUE[kind][i]).toBeLessThan(hi + half);
        expect(Math.abs(est - TRUE[kind][i])).toBeLessThan(0.06);
      }
    }
    // The ranking by total index: x1, x2, x3.
    const order = [0, 1, 2].sort((a, b) => s[b].total! - s[a].total!);
    expect(order).toEqual([0, 1, 2]);
  });

  it('a parameter the function ignores gets indices of about 0, and an additive one first = total', () => {
    const n = 1024;
    const d = saltelli(n, 3, new Rng(3, 'design'));
    const y = d.rows.map((u) => 3 * u[0] + u[1] ** 2); // u[2] does nothing
    const s = sobolIndices(y, n, 3, { seed: 2, resamples: 200 });
    expect(s[2].first).toBe(0);
    expect(s[2].total).toBe(0);
    // Additive model: no interactions, so first ≈ total, and they sum to about 1.
    expect(Math.abs(s[0].first! - s[0].total!)).toBeLessThan(0.05);
    expect(Math.abs(s[0].total! + s[1].total! - 1)).toBeLessThan(0.05);
  });

  it('no variance at all gives indices of 0, not NaN', () => {
    const d = saltelli(16, 2, new Rng(1));
    const s = sobolIndices(
      d.rows.map(() => 5),
      16,
      2,
    );
    expect(s.map((x) => [x.first, x.total])).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });
});

describe('Latin hypercube and given-data first-order indices', () => {
  it('puts exactly one point in each stratum of each column', () => {
    const n = 50;
    const x = latinHypercube(n, 4, new Rng(9));
    for (let j = 0; j < 4; j++) {
      const strata = x.map((r) => Math.floor(r[j] * n)).sort((a, b) => a - b);
      expect(strata).toEqual(Array.from({ length: n }, (_, i) => i));
    }
  });

  it('the correlation ratio ranks Ishigami’s x2 > x1 > x3 and finds x3 about 0', () => {
    const x = latinHypercube(2000, 3, new Rng(4));
    const y = x.map(ishigami);
    const s = firstOrderFromData(x, y, { seed: 1, resamples: 50 });
    for (let i = 0; i < 3; i++) expect(Math.abs(s[i].first! - TRUE.first[i])).toBeLessThan(0.06);
    expect(s[0].total).toBeNull();
  });
});

describe('the correlation ratio on a few samples', () => {
  it('gives 1 to an assumption that decides the figure alone, even on 8 samples of 2 values', () => {
    // Staffing drawn from {10, 11} in an 8-sample design; the figure is a function of it alone.
    // Eta squared less (bins - 1) / (n - 1) topped out at 0.71 here, and bins of equal count
    // that cut the tied values apart brought it to 0.38.
    const servers = [10, 11, 11, 10, 11, 10, 10, 11];
    const noise = [0.3, 0.9, 0.1, 0.6, 0.4, 0.8, 0.2, 0.7];
    const x = servers.map((s, r) => [s, noise[r]]);
    const y = servers.map((s) => (s === 10 ? 52 : 14));
    const [decides, idle] = firstOrderFromData(x, y, { seed: 1, resamples: 20 });
    expect(decides.first).toBe(1);
    // The other column does nothing; on 8 points its index is small, not exactly 0.
    expect(idle.first!).toBeLessThan(0.5);
  });
});

describe('Morris elementary effects', () => {
  it('screen out a parameter that does nothing and rank a linear model by slope', () => {
    const r = 20;
    const d = morris(r, 3, new Rng(8));
    expect(d.rows).toHaveLength(r * 4);
    const y = d.rows.map((u) => 4 * u[0] + 1 * u[1]);
    const m = morrisEffects(y, d, { seed: 1 });
    expect(m[0].muStar).toBeCloseTo(4, 9);
    expect(m[1].muStar).toBeCloseTo(1, 9);
    expect(m[2].muStar).toBe(0);
    expect(m[0].sigma).toBeCloseTo(0, 9);
  });
});

describe('quantile', () => {
  it('interpolates between order statistics', () => {
    expect(quantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4, 5], 0.05)).toBeCloseTo(1.2, 12);
    expect(quantile([5, 1, 4, 2, 3], 0.95)).toBeCloseTo(4.8, 12);
  });
});

describe('quantileInterval (order statistics)', () => {
  const ranks = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

  it('picks the order statistics of the binomial tables and has no end it cannot back', () => {
    // The median's 95% interval from the binomial tables (Conover, Practical Nonparametric
    // Statistics): x(2)..x(9) of 10 draws, x(40)..x(61) of 100.
    expect(quantileInterval(ranks(10), 0.5)).toEqual([2, 9]);
    expect(quantileInterval(ranks(100), 0.5)).toEqual([40, 61]);
    // The 5th percentile has a lower end from 72 draws on (0.95^72 < 2.5% <= 0.95^71).
    expect(quantileInterval(ranks(71), 0.05)[0]).toBeNull();
    expect(quantileInterval(ranks(72), 0.05)[0]).toBe(1);
    // p5 and p95 mirror each other; the interval holds the point estimate.
    const lo = quantileInterval(ranks(128), 0.05);
    const hi = quantileInterval(ranks(128), 0.95);
    expect(hi).toEqual([129 - lo[1]!, 129 - lo[0]!]);
    const xs = ranks(128).map((i) => i * i);
    for (const p of [0.05, 0.5, 0.95]) {
      const [a, b] = quantileInterval(xs, p);
      expect(a!).toBeLessThanOrEqual(quantile(xs, p));
      expect(b!).toBeGreaterThanOrEqual(quantile(xs, p));
    }
    // A figure that does not move has an interval of one point.
    expect(quantileInterval([3, 3, 3, 3, 3, 3, 3, 3, 3, 3], 0.5)).toEqual([3, 3]);
  });

  it('covers the true quantile at least 95% of the time, as its binomial coverage says', () => {
    /** P(l <= K < u), K ~ Binomial(n, p): the coverage of [x(l), x(u)] for a continuous law. */
    const exactCoverage = (n: number, p: number, l: number, u: number) => {
      let c = 0;
      let logC = 0; // log C(n, k)
      for (let k = 0; k <= n; k++) {
        if (k > 0) logC += Math.log(n - k + 1) - Math.log(k);
        if (k >= l && k < u) c += Math.exp(logC + k * Math.log(p) + (n - k) * Math.log1p(-p));
      }
      return c;
    };
    // An exponential law (skewed, so a symmetric rule would be off) with quantile -ln(1 - p).
    const rng = new Rng(2013, 'quantile-interval');
    const trials = 2000;
    for (const [n, p] of [
      [128, 0.05],
      [128, 0.5],
      [128, 0.95],
      [40, 0.5],
      [40, 0.95],
      [300, 0.05],
    ] as const) {
      const truth = -Math.log1p(-p);
      const [l, u] = quantileInterval(ranks(n), p).map((r, i) => r ?? (i === 0 ? 0 : n + 1));
      const nominal = exactCoverage(n, p, l, u);
      expect(nominal, `n ${n}, p ${p}`).toBeGreaterThanOrEqual(0.95);
      let covered = 0;
      for (let t = 0; t < trials; t++) {
        const draws = Array.from({ length: n }, () => -Math.log(rng.nextOpen()));
        const [a, b] = quantileInterval(draws, p);
        if ((a === null || a <= truth) && (b === null || truth <= b)) covered++;
      }
      // Within three standard errors of the binomial coverage (about +-1.5 points at 2,000
      // trials): at least 95% whatever the law, and not wider than it says.
      const se = Math.sqrt((nominal * (1 - nominal)) / trials);
      expect(Math.abs(covered / trials - nominal), `n ${n}, p ${p}`).toBeLessThanOrEqual(3 * se);
    }
  });
});

describe('shareInterval (Wilson)', () => {
  it('gives the closed forms at the ends and covers the true share at its nominal rate', () => {
    // 0 of n: [0, z^2 / (n + z^2)]; n of n mirrors it.
    const z2 = 1.96 ** 2;
    expect(shareInterval(0, 10)).toEqual([0, z2 / (10 + z2)]);
    const [lo, hi] = shareInterval(10, 10);
    expect(hi).toBe(1);
    expect(lo).toBeCloseTo(1 - z2 / (10 + z2), 12);
    // Coverage over 2,000 seeded binomial(128, 0.086) draws: the nominal 95% within the
    // simulation's own 95% band (+-1.0 points at n = 2,000).
    const rng = new Rng(7, 'wilson');
    let covered = 0;
    const trials = 2000;
    for (let t = 0; t < trials; t++) {
      let k = 0;
      for (let i = 0; i < 128; i++) if (rng.next() < 0.086) k++;
      const [a, b] = shareInterval(k, 128);
      if (a <= 0.086 && 0.086 <= b) covered++;
    }
    expect(Math.abs(covered / trials - 0.95)).toBeLessThanOrEqual(0.02);
  });
});
