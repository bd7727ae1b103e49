/**
 * The distributions an `uncertain:` entry may give an assumption, as inverse CDFs: a
 * design (Latin hypercube, Saltelli, Morris) works in the unit cube, and each column is
 * mapped through its parameter's quantile function. Pure: no Node, no framework.
 */

export type UncertainDist =
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'triangular'; min: number; mode: number; max: number }
  | { dist: 'normal'; mean: number; cv: number; min?: number; max?: number }
  | { dist: 'lognormal'; mean: number; cv: number }
  | { dist: 'discrete'; values: number[]; weights?: number[] };

export const UNCERTAIN_DISTS = [
  'uniform',
  'triangular',
  'normal',
  'lognormal',
  'discrete',
] as const;

/** Standard normal CDF (Abramowitz-Stegun 7.1.26 on erf; absolute error below 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** Standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [
    -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2,
    -3.066479806614716e1, 2.506628277459239,
  ];
  const b = [
    -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1,
    -1.328068155288572e1,
  ];
  const c = [
    -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783,
  ];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

/** The value at probability u in (0, 1) of a distribution. */
export function quantileOf(d: UncertainDist, u: number): number {
  switch (d.dist) {
    case 'uniform':
      return d.min + u * (d.max - d.min);
    case 'triangular': {
      const { min, mode, max } = d;
      const cut = (mode - min) / (max - min || 1);
      return u < cut
        ? min + Math.sqrt(u * (max - min) * (mode - min))
        : max - Math.sqrt((1 - u) * (max - min) * (max - mode));
    }
    case 'normal': {
      const sd = d.cv * Math.abs(d.mean);
      // Truncated at min/max when given: u is spread over the kept probability only.
      const a = d.min === undefined || sd === 0 ? 0 : normalCdf((d.min - d.mean) / sd);
      const b = d.max === undefined || sd === 0 ? 1 : normalCdf((d.max - d.mean) / sd);
      const x = d.mean + sd * normalQuantile(a + u * (b - a));
      return Math.min(d.max ?? Infinity, Math.max(d.min ?? -Infinity, x));
    }
    case 'lognormal': {
      const s2 = Math.log(1 + d.cv * d.cv);
      return Math.exp(Math.log(d.mean) - s2 / 2 + Math.sqrt(s2) * normalQuantile(u));
    }
    case 'discrete': {
      const w = d.weights ?? d.values.map(() => 1);
      const total = w.reduce((s, x) => s + x, 0);
      let acc = 0;
      for (let i = 0; i < d.values.length; i++) {
        acc += w[i] / total;
        if (u < acc) return d.values[i];
      }
      return d.values[d.values.length - 1];
    }
  }
}

/** A short human description: "uniform 0.5-1", "lognormal mean 9, CV 0.3". */
export function describeDist(d: UncertainDist): string {
  switch (d.dist) {
    case 'uniform':
      return `uniform ${d.min} to ${d.max}`;
    case 'triangular':
      return `triangular ${d.min} / ${d.mode} / ${d.max}`;
    case 'normal':
      return `normal mean ${d.mean}, CV ${d.cv}${d.min !== undefined || d.max !== undefined ? `, kept within ${d.min ?? '-inf'} to ${d.max ?? 'inf'}` : ''}`;
    case 'lognormal':
      return `lognormal mean ${d.mean}, CV ${d.cv}`;
    case 'discrete':
      return `one of ${d.values.join(', ')}${d.weights ? ` (weights ${d.weights.join(', ')})` : ''}`;
  }
}
