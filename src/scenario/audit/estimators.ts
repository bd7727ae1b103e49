/**
 * Estimators for uncertainty and sensitivity audits: empirical quantiles, Sobol first-order
 * (Saltelli 2010) and total-order (Jansen 1999) indices with bootstrap confidence intervals,
 * first-order indices from given data (a Latin hypercube) by the correlation ratio, and
 * Morris elementary effects. Pure functions of their inputs (and a seed for the bootstrap).
 */
import { Rng } from '../../sim/rng';
import type { MorrisDesign } from './design';

/** Empirical quantile with linear interpolation between order statistics (type 7). */
export function quantile(values: number[], p: number): number {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!xs.length) return NaN;
  const h = (xs.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(xs.length - 1, lo + 1);
  return xs[lo] + (h - lo) * (xs[hi] - xs[lo]);
}

/**
 * P(K <= k) for K ~ Binomial(n, p), k = -1..n (index k + 1), summed in log space from k = 0:
 * (1 - p)^n underflows for the 200,000 draws an audit may have, and the terms far in a tail,
 * which underflow to 0, are below any level this is read at.
 */
function binomialCdf(n: number, p: number): Float64Array {
  const cdf = new Float64Array(n + 2);
  if (p <= 0) cdf.fill(1, 1);
  else if (p >= 1) cdf[n + 1] = 1;
  else {
    const odds = Math.log(p) - Math.log1p(-p);
    let logPmf = n * Math.log1p(-p);
    let sum = 0;
    for (let k = 0; k <= n; k++) {
      sum += Math.exp(logPmf);
      cdf[k + 1] = Math.min(1, sum);
      logPmf += Math.log((n - k) / (k + 1)) + odds;
    }
    cdf[n + 1] = 1;
  }
  return cdf;
}

/**
 * Distribution-free 95% interval of the p-quantile from n independent draws: the order statistics
 * x(l) and x(u) (1-based) with P(K < l) <= 2.5% and P(K >= u) <= 2.5% for K ~ Binomial(n, p),
 * the count of draws at or below the true quantile, l as large and u as small as that allows. It
 * covers the true quantile in at least 95% of samples whatever the distribution (exactly
 * P(l <= K < u) for a continuous one). An end is null where n is too small to have one at 95%
 * (the 5th percentile's lower end needs 72 draws: 0.95^72 < 2.5%); it is then unbounded.
 */
export function quantileInterval(
  values: number[],
  p: number,
  level = 0.95,
): [number | null, number | null] {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const n = xs.length;
  if (!n) return [null, null];
  const tail = (1 - level) / 2;
  const cdf = binomialCdf(n, p);
  // Allowance for rounding in the sum: an end exactly at the tail's level is not lost to it.
  const eps = 1e-12;
  let l = 0;
  while (l < n && cdf[l + 1] <= tail + eps) l++; // P(K < l + 1) = cdf[l + 1]
  let u = n + 1;
  while (u > 1 && 1 - cdf[u - 1] <= tail + eps) u--; // P(K >= u - 1) = 1 - cdf[u - 1]
  return [l >= 1 ? xs[l - 1] : null, u <= n ? xs[u - 1] : null];
}

/**
 * 95% Wilson score interval of a share seen in `successes` of `n` independent draws (it stays
 * inside [0, 1] and is not empty at 0 or n, unlike the normal approximation).
 */
export function shareInterval(successes: number, n: number, z = 1.96): [number, number] {
  if (n === 0) return [0, 1];
  const p = successes / n;
  const d = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / d;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  // At 0 or n the end is exactly 0 or 1 (rounding had left 0.9999999999999999 under a share of 1).
  return [
    successes === 0 ? 0 : Math.max(0, centre - half),
    successes === n ? 1 : Math.min(1, centre + half),
  ];
}

function mean(xs: number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return xs.length ? s / xs.length : NaN;
}

function variance(xs: number[]): number {
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) ** 2;
  return xs.length > 1 ? s / (xs.length - 1) : 0;
}

export interface IndexEstimate {
  first: number | null;
  total: number | null;
  ci95: { first: [number, number] | null; total: [number, number] | null };
}

/** Resamples of 1..n row indices with replacement, from a seeded generator. */
function bootstrapRows(n: number, resamples: number, seed: number): Int32Array[] {
  const rng = new Rng(seed, 'bootstrap');
  const out: Int32Array[] = [];
  for (let b = 0; b < resamples; b++) {
    const rows = new Int32Array(n);
    for (let i = 0; i < n; i++) rows[i] = rng.nextInt(n);
    out.push(rows);
  }
  return out;
}

function interval(values: number[]): [number, number] {
  return [quantile(values, 0.025), quantile(values, 0.975)];
}

/**
 * Sobol indices from the outputs of a Saltelli design (rows A, B, AB_1..AB_k, each N long):
 * S_i = mean(f_B (f_ABi - f_A)) / V and ST_i = mean((f_A - f_ABi)^2) / (2V), V the variance
 * of f_A and f_B together. Bootstrap intervals resample the N row indices (percentile method).
 * With no variance at all the indices are 0 (nothing moves the output).
 */
export function sobolIndices(
  y: number[],
  n: number,
  k: number,
  options: { resamples?: number; seed?: number } = {},
): IndexEstimate[] {
  // Centred on the mean of A and B: the first-order estimator is not shift-invariant in a
  // finite sample, and a figure of 800 M with a spread of 10 M would drown it in rounding.
  const centre = mean(y.slice(0, 2 * n));
  const c = y.map((v) => v - centre);
  const fa = c.slice(0, n);
  const fb = c.slice(n, 2 * n);
  const fab = Array.from({ length: k }, (_, i) => c.slice((2 + i) * n, (3 + i) * n));
  const estimate = (rows: ArrayLike<number>) => {
    const both: number[] = [];
    for (let j = 0; j < rows.length; j++) both.push(fa[rows[j]], fb[rows[j]]);
    const v = variance(both);
    return fab.map((f) => {
      if (!(v > 0)) return { first: 0, total: 0 };
      let s1 = 0;
      let st = 0;
      for (let j = 0; j < rows.length; j++) {
        const r = rows[j];
        s1 += fb[r] * (f[r] - fa[r]);
        st += (fa[r] - f[r]) ** 2;
      }
      return { first: s1 / rows.length / v, total: st / rows.length / (2 * v) };
    });
  };
  const all = Array.from({ length: n }, (_, i) => i);
  const point = estimate(all);
  const boots = bootstrapRows(n, options.resamples ?? 500, options.seed ?? 1).map(estimate);
  return point.map((p, i) => ({
    first: p.first,
    total: p.total,
    ci95: {
      first: interval(boots.map((b) => b[i].first)),
      total: interval(boots.map((b) => b[i].total)),
    },
  }));
}

/**
 * First-order indices from given data (e.g. a Latin hypercube): the correlation ratio
 * Var(E[Y | X_i]) / Var(Y), E[Y | X_i] estimated by the means of about sqrt(N) bins of
 * X_i's order, with the bias of bin means under no effect, (M - 1)/N, taken off.
 * Total-order indices need the Saltelli design: they are null here.
 */
export function firstOrderFromData(
  x: number[][],
  y: number[],
  options: { resamples?: number; seed?: number } = {},
): IndexEstimate[] {
  const n = y.length;
  const k = x[0]?.length ?? 0;
  const bins = Math.max(2, Math.round(Math.sqrt(n)));
  const orders = Array.from({ length: k }, (_, i) =>
    Array.from({ length: n }, (_, j) => j).sort((a, b) => x[a][i] - x[b][i]),
  );
  const estimate = (rows: ArrayLike<number>) => {
    const ys: number[] = [];
    const weight = new Float64Array(n);
    for (let j = 0; j < rows.length; j++) {
      ys.push(y[rows[j]]);
      weight[rows[j]]++;
    }
    const v = variance(ys);
    const m = mean(ys);
    return orders.map((order, i) => {
      if (!(v > 0)) return 0;
      // Walk the points in X_i order (each as often as the resample holds it), bins of about
      // equal count; a bin ends only between two values of X_i, so equal values (a discrete
      // assumption) share a bin and no bin cuts such a group in two.
      let between = 0;
      let sum = 0;
      let count = 0;
      let seen = 0;
      let bin = 1;
      let used = 0;
      for (let p = 0; p < order.length; p++) {
        const j = order[p];
        for (let c = 0; c < weight[j]; c++) {
          sum += y[j];
          count++;
          seen++;
        }
        const boundary =
          p === order.length - 1 ||
          (seen >= (bin * rows.length) / bins && x[order[p + 1]][i] !== x[j][i]);
        if (count && boundary) {
          between += count * (sum / count - m) ** 2;
          used++;
          sum = 0;
          count = 0;
          while (seen >= (bin * rows.length) / bins) bin++;
        }
      }
      // The adjusted correlation ratio (epsilon squared): the within-bin variance on its degrees
      // of freedom against the total's; about 0 when X_i does nothing, 1 when it decides Y.
      // Eta squared less (bins - 1) / (n - 1), as before, could reach only 1 - (bins - 1) / (n - 1):
      // 0.71 with 8 samples for a Y that X_i decides alone.
      if (!(rows.length > used)) return 0;
      const within = Math.max(0, v * (rows.length - 1) - between);
      return Math.max(0, 1 - within / (rows.length - used) / v);
    });
  };
  const all = Array.from({ length: n }, (_, i) => i);
  const point = estimate(all);
  const boots = bootstrapRows(n, options.resamples ?? 300, options.seed ?? 1).map(estimate);
  return point.map((p, i) => ({
    first: p,
    total: null,
    ci95: { first: interval(boots.map((b) => b[i])), total: null },
  }));
}

export interface MorrisEstimate {
  /** Mean of the absolute elementary effects (Campolongo's mu*): the screening measure. */
  muStar: number;
  /** Mean of the signed effects: its sign says which way the parameter moves the output. */
  mu: number;
  /** Standard deviation of the effects: non-linearity or interactions. */
  sigma: number;
  ci95: [number, number];
}

/** Elementary effects (y(x + delta e_i) - y(x)) / delta along each Morris trajectory. */
export function morrisEffects(
  y: number[],
  design: MorrisDesign,
  options: { resamples?: number; seed?: number } = {},
): MorrisEstimate[] {
  const effects: number[][] = Array.from({ length: design.k }, () => []);
  for (let t = 0; t < design.r; t++) {
    const base = t * (design.k + 1);
    design.moved[t].forEach((i, s) => {
      effects[i].push((y[base + s + 1] - y[base + s]) / design.delta);
    });
  }
  const boots = bootstrapRows(design.r, options.resamples ?? 300, options.seed ?? 1);
  return effects.map((ee) => {
    const abs = ee.map(Math.abs);
    return {
      muStar: mean(abs),
      mu: mean(ee),
      sigma: Math.sqrt(variance(ee)),
      ci95: interval(boots.map((rows) => mean(Array.from(rows, (j) => abs[j])))),
    };
  });
}
