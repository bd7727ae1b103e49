import { describe, expect, it } from 'vitest';
import {
  fitGate,
  gateFeatures,
  gateProbability,
  GATE_FEATURES,
} from '../../../src/hizir/hizir-gate';
import { mulberry32 } from '../../../src/hizir/hizir-classifier';

describe('the out-of-scope gate', () => {
  it('reads the raw logits: a confident out-of-scope class and no retrieval evidence look out of scope', () => {
    const ranking = { features: [0.1, 0.5, 0.2, 0.9, 1], contentTokens: 6 };
    const x = gateFeatures(Float64Array.from([0, 1, 4]), 2, () => 0.3, ranking);
    expect(x).toHaveLength(GATE_FEATURES.length);
    expect(x[0]).toBeGreaterThan(0); // P(oos) > 0.5
    expect(x[1]).toBeLessThan(0); // best in-scope class (index 1) < 0.5
    expect(x[2]).toBe(0.3); // its entry's retrieval share
    expect(x[4]).toBe(0.2); // coverage
    expect(x[6]).toBeCloseTo(Math.log(7));
  });

  it('recovers a known logistic rule from seeded data, deterministically', () => {
    const rnd = mulberry32(11);
    const xs: number[][] = [];
    const ys: boolean[] = [];
    for (let n = 0; n < 2000; n++) {
      const x = GATE_FEATURES.map(() => rnd() * 4 - 2);
      const z = 2 * x[0]! - 1.5 * x[4]! + 0.5;
      xs.push(x);
      ys.push(rnd() < 1 / (1 + Math.exp(-z)));
    }
    const gate = fitGate(xs, ys, 0.01);
    expect(fitGate(xs, ys, 0.01)).toEqual(gate);
    // Tolerance: the standard error of a weight with n = 2000 is about 0.06-0.1; 0.35 is > 3 of them.
    expect(Math.abs(gate.weights[0]! - 2)).toBeLessThan(0.35);
    expect(Math.abs(gate.weights[4]! + 1.5)).toBeLessThan(0.35);
    expect(Math.abs(gate.weights[2]!)).toBeLessThan(0.35);
    expect(gateProbability(gate, [3, 0, 0, 0, -2, 0, 0])).toBeGreaterThan(0.99);
    expect(gateProbability(gate, [-3, 0, 0, 0, 2, 0, 0])).toBeLessThan(0.01);
  });
});
