/**
 * Hızır's out-of-scope gate: one logistic score for "this question is not a consular question",
 * combining what the classifier says (its out-of-scope and best in-scope probabilities) with what
 * retrieval says (how much of the question the knowledge base knows, and how much the best
 * answer's entry shares with the question). Its weights are learned from out-of-fold predictions
 * on the training questions (src/hizir/hizir-training.ts: trainGate); its threshold is chosen on
 * the dev split with the other settings.
 */

/** The gate's inputs, in the order of its weights. */
export const GATE_FEATURES = [
  'logitOutOfScope',
  'logitBest',
  'bestEntryShare',
  'topScoreShare',
  'coverage',
  'outOfScopeShare',
  'logContentTokens',
] as const;

export interface OutOfScopeGate {
  features: string[];
  weights: number[];
  bias: number;
}

/** What the gate reads from the retrieval ranking (HizirRanking has both). */
export interface GateRanking {
  /** topScoreShare, margin, coverage, outOfScopeShare, logTopScore (the engine's ranking features). */
  features: readonly number[];
  contentTokens: number;
}

const logit = (p: number): number => {
  const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
  return Math.log(q / (1 - q));
};

/**
 * The gate's features from the raw classifier logits (not modified; no temperature, no
 * retrieval weight, so the gate does not depend on the settings chosen on dev).
 */
export function gateFeatures(
  z: Float64Array,
  oos: number,
  shareOf: (classIndex: number) => number,
  ranking: GateRanking,
): number[] {
  let max = -Infinity;
  for (let c = 0; c < z.length; c++) if (z[c]! > max) max = z[c]!;
  let sum = 0;
  let best = -1;
  for (let c = 0; c < z.length; c++) {
    sum += Math.exp(z[c]! - max);
    if (c !== oos && (best < 0 || z[c]! > z[best]!)) best = c;
  }
  const p = (c: number): number => (c >= 0 ? Math.exp(z[c]! - max) / sum : 0);
  return [
    logit(p(oos)),
    logit(p(best)),
    best >= 0 ? shareOf(best) : 0,
    ranking.features[0]!,
    ranking.features[2]!,
    ranking.features[3]!,
    Math.log1p(ranking.contentTokens),
  ];
}

export function gateProbability(gate: OutOfScopeGate, x: readonly number[]): number {
  let s = gate.bias;
  for (let i = 0; i < x.length; i++) s += gate.weights[i]! * x[i]!;
  return 1 / (1 + Math.exp(-s));
}

/**
 * Logistic regression by Newton's method with an L2 penalty on the weights (not the bias):
 * deterministic, a few dozen steps for seven features.
 */
export function fitGate(xs: number[][], ys: boolean[], l2 = 1): OutOfScopeGate {
  const d = GATE_FEATURES.length;
  const w = new Array<number>(d + 1).fill(0);
  for (let it = 0; it < 100; it++) {
    const g = new Array<number>(d + 1).fill(0);
    const h = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    for (let i = 0; i < d; i++) {
      g[i] = l2 * w[i]!;
      h[i]![i] = l2;
    }
    xs.forEach((x, n) => {
      const v = [...x, 1];
      let s = 0;
      for (let i = 0; i <= d; i++) s += w[i]! * v[i]!;
      const p = 1 / (1 + Math.exp(-s));
      const r = p - (ys[n] ? 1 : 0);
      const q = p * (1 - p);
      for (let i = 0; i <= d; i++) {
        g[i]! += r * v[i]!;
        for (let j = 0; j <= d; j++) h[i]![j]! += q * v[i]! * v[j]!;
      }
    });
    const step = solve(h, g);
    let moved = 0;
    for (let i = 0; i <= d; i++) {
      w[i]! -= step[i]!;
      moved += Math.abs(step[i]!);
    }
    if (moved < 1e-10) break;
  }
  const round = (x: number): number => Math.round(x * 10_000) / 10_000;
  return {
    features: [...GATE_FEATURES],
    weights: w.slice(0, d).map(round),
    bias: round(w[d]!),
  };
}

/** Solves A x = b by Gaussian elimination with partial pivoting (A is small and positive definite). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    const piv = m[c]![c]! || 1e-12;
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / piv;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= m[r]![k]! * x[k]!;
    x[r] = s / (m[r]![r]! || 1e-12);
  }
  return x;
}
