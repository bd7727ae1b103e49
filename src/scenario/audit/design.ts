/**
 * Experimental designs in the unit cube [0, 1)^k for uncertainty and sensitivity audits:
 * Latin hypercube, Saltelli's A/B/AB_i matrices for Sobol indices, and Morris
 * trajectories. Every design is a pure function of (size, k, seed). Pure: no Node.
 */
import { Rng } from '../../sim/rng';

export type Design = number[][];

/** An N x k Latin hypercube: each column has one point in each of N equal strata. */
export function latinHypercube(n: number, k: number, rng: Rng): Design {
  const rows: Design = Array.from({ length: n }, () => new Array<number>(k));
  for (let j = 0; j < k; j++) {
    const perm = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const s = rng.nextInt(i + 1);
      [perm[i], perm[s]] = [perm[s], perm[i]];
    }
    for (let i = 0; i < n; i++) rows[i][j] = (perm[i] + rng.nextOpen()) / n;
  }
  return rows;
}

/**
 * Saltelli's scheme: A and B (N x k, the two halves of one N x 2k Latin hypercube) and,
 * for each parameter i, AB_i = A with column i taken from B. Rows are laid out
 * A (N), B (N), AB_1 (N), ..., AB_k (N): N(k + 2) model runs.
 */
export interface SaltelliDesign {
  n: number;
  k: number;
  rows: Design;
}

export function saltelli(n: number, k: number, rng: Rng): SaltelliDesign {
  const base = latinHypercube(n, 2 * k, rng);
  const a = base.map((r) => r.slice(0, k));
  const b = base.map((r) => r.slice(k));
  const rows: Design = [...a, ...b];
  for (let i = 0; i < k; i++)
    rows.push(...a.map((row, j) => row.map((x, c) => (c === i ? b[j][i] : x))));
  return { n, k, rows };
}

/**
 * Morris elementary-effects trajectories on a p-level grid: each trajectory starts at a
 * random grid point (in the lower half, so a step of delta stays inside) and moves one
 * parameter at a time, in random order, by p/2 levels. Grid levels are placed at the
 * centres of p equal-probability bins, so every distribution's tails stay finite, and a
 * step is delta = 1/2 of the unit range.
 * Rows: r trajectories of k + 1 points; `moved[t][s]` is the parameter changed at step s.
 */
export interface MorrisDesign {
  r: number;
  k: number;
  levels: number;
  delta: number;
  rows: Design;
  moved: number[][];
}

export function morris(r: number, k: number, rng: Rng, levels = 4): MorrisDesign {
  // A step of p/2 grid levels; in the unit cube (levels at bin centres) that is delta = 1/2.
  const step = Math.round(levels / 2);
  const delta = step / levels;
  const lower = levels - step; // grid indices 0 .. lower-1 can step up
  const toUnit = (g: number) => (g + 0.5) / levels;
  const rows: Design = [];
  const moved: number[][] = [];
  for (let t = 0; t < r; t++) {
    const g = Array.from({ length: k }, () => rng.nextInt(lower));
    const order = Array.from({ length: k }, (_, i) => i);
    for (let i = k - 1; i > 0; i--) {
      const s = rng.nextInt(i + 1);
      [order[i], order[s]] = [order[s], order[i]];
    }
    rows.push(g.map(toUnit));
    for (const i of order) {
      g[i] += step;
      rows.push(g.map(toUnit));
    }
    moved.push(order);
  }
  return { r, k, levels, delta, rows, moved };
}
