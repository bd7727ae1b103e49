import { describe, expect, it } from 'vitest';
import {
  createSampler,
  DistributionError,
  standardNormal,
  type Sampler,
} from '../../../src/sim/distributions';
import { Rng } from '../../../src/sim/rng';

const N = 200_000;

/** Sample mean, variance and fourth central moment. */
function moments(
  sampler: Sampler,
  rng: Rng,
): { mean: number; variance: number; m4: number; min: number } {
  const xs = new Float64Array(N);
  let sum = 0;
  let min = Infinity;
  for (let i = 0; i < N; i++) {
    const x = sampler.sample(rng);
    xs[i] = x;
    sum += x;
    if (x < min) min = x;
  }
  const mean = sum / N;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < N; i++) {
    const d = xs[i] - mean;
    m2 += d * d;
    m4 += d * d * d * d;
  }
  return { mean, variance: m2 / (N - 1), m4: m4 / N, min };
}

// Every kind, with the parameters that exercise its branches (gamma shape < 1
// uses the boosting step; lognormal from sd as well as cv).
const CASES: [string, unknown][] = [
  ['uniform', { dist: 'uniform', min: 2, max: 10 }],
  ['exponential', { dist: 'exponential', mean: 5 }],
  ['triangular (skewed)', { dist: 'triangular', min: 1, mode: 2, max: 9 }],
  ['normal', { dist: 'normal', mean: 10, sd: 2 }],
  // Drawn again below min (0 by default): the moments are the truncated normal's.
  ['normal (truncated at 0)', { dist: 'normal', mean: 5, sd: 5 }],
  ['normal (truncated at min)', { dist: 'normal', mean: 10, sd: 4, min: 8 }],
  ['lognormal (cv)', { dist: 'lognormal', mean: 12, cv: 0.5 }],
  ['lognormal (sd)', { dist: 'lognormal', mean: 3, sd: 1.2 }],
  ['gamma (cv, shape < 1)', { dist: 'gamma', mean: 4, cv: 1.5 }],
  ['gamma (shape)', { dist: 'gamma', mean: 6, shape: 2.5 }],
  ['erlang', { dist: 'erlang', k: 3, mean: 9 }],
  ['empirical', { dist: 'empirical', values: [1, 2, 2, 7, 15] }],
  ['discrete', { dist: 'discrete', values: [0, 5, 20], weights: [5, 3, 2] }],
];

describe('createSampler: samples against theory (N = 200k)', () => {
  it.each(CASES)('%s: mean and variance agree with the theoretical values', (_name, spec) => {
    const sampler = createSampler(spec);
    const m = moments(sampler, new Rng(2024, JSON.stringify(spec)));
    const sd = Math.sqrt(sampler.variance);
    // The sample mean has standard error sigma/sqrt(N): 4 SE is a 1-in-15,000 miss.
    expect(Math.abs(m.mean - sampler.mean)).toBeLessThan((4 * sd) / Math.sqrt(N));
    // The sample variance has standard error sqrt((mu4 - sigma^4)/N); mu4 is taken
    // from the sample. 5 SE, because the sample mu4 of a skewed law is itself noisy.
    const varianceSe = Math.sqrt(Math.max(m.m4 - m.variance ** 2, 0) / N);
    expect(Math.abs(m.variance - sampler.variance)).toBeLessThan(5 * varianceSe);
    // Durations are never negative.
    expect(m.min).toBeGreaterThanOrEqual(0);
  });

  it('theoretical moments match the textbook formulas', () => {
    // Triangular(1, 2, 9): mean (a+b+c)/3, variance (a²+b²+c²-ab-ac-bc)/18.
    const tri = createSampler({ dist: 'triangular', min: 1, mode: 2, max: 9 });
    expect(tri.mean).toBeCloseTo(4, 12);
    expect(tri.variance).toBeCloseTo((1 + 4 + 81 - 2 - 9 - 18) / 18, 12);
    // Lognormal parameterised by mean and cv keeps them.
    const ln = createSampler({ dist: 'lognormal', mean: 12, cv: 0.5 });
    expect(ln.mean).toBeCloseTo(12, 10);
    expect(Math.sqrt(ln.variance) / ln.mean).toBeCloseTo(0.5, 10);
    // Erlang(k, mean): variance mean²/k.
    const er = createSampler({ dist: 'erlang', k: 3, mean: 9 });
    expect(er.variance).toBeCloseTo(27, 10);
    // Discrete: weights normalised.
    const d = createSampler({ dist: 'discrete', values: [0, 5, 20], weights: [5, 3, 2] });
    expect(d.mean).toBeCloseTo(0.3 * 5 + 0.2 * 20, 12);
  });

  it('constant (and a bare number) always gives its value, with variance 0', () => {
    const rng = new Rng(1);
    for (const spec of [{ dist: 'constant', value: 7.5 }, 7.5]) {
      const s = createSampler(spec);
      expect(s.mean).toBe(7.5);
      expect(s.variance).toBe(0);
      for (let i = 0; i < 100; i++) expect(s.sample(rng)).toBe(7.5);
    }
  });

  it('uniform stays inside [min, max] and empirical only returns listed values', () => {
    const rng = new Rng(3);
    const u = createSampler({ dist: 'uniform', min: 2, max: 3 });
    const e = createSampler({ dist: 'empirical', values: [4, 8, 15] });
    let bad = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = u.sample(rng);
      if (!(x >= 2 && x <= 3) || ![4, 8, 15].includes(e.sample(rng))) bad++;
    }
    expect(bad).toBe(0);
  });

  it('scaled(f) multiplies the mean by f and the variance by f²', () => {
    for (const [, spec] of CASES) {
      const s = createSampler(spec);
      const t = s.scaled(2.5);
      expect(t.mean).toBeCloseTo(s.mean * 2.5, 9);
      expect(t.variance).toBeCloseTo(s.variance * 6.25, 6);
    }
  });
});

describe('standardNormal: the shape, tails included (N = 1M)', () => {
  // Phi(q) from a standard normal table. ±3.8 lies in the tail beyond the ziggurat's
  // R = 3.654, which is drawn by its own method; ±0.2 and ±1 fall in the layers and wedges.
  const PHI: [number, number][] = [
    [-3.8, 7.2348e-5],
    [-3, 1.3499e-3],
    [-2, 2.27501e-2],
    [-1, 0.158655],
    [-0.2, 0.42074],
    [0, 0.5],
  ];
  it('P(Z < q) and P(Z > -q) agree with the table within 5 standard errors', () => {
    const n = 1_000_000;
    const rng = new Rng(11, 'standard-normal');
    const below = new Array<number>(PHI.length).fill(0);
    const above = new Array<number>(PHI.length).fill(0);
    for (let i = 0; i < n; i++) {
      const z = standardNormal(rng);
      PHI.forEach(([q], j) => {
        if (z < q) below[j]++;
        if (z > -q) above[j]++;
      });
    }
    PHI.forEach(([, p], j) => {
      const se = Math.sqrt((p * (1 - p)) / n);
      expect(Math.abs(below[j] / n - p)).toBeLessThan(5 * se);
      expect(Math.abs(above[j] / n - p)).toBeLessThan(5 * se);
    });
  });
});

describe('createSampler: invalid specs', () => {
  const cases: [string, unknown, string][] = [
    ['lognormal with a negative mean', { dist: 'lognormal', mean: -1, cv: 0.5 }, 'mean'],
    ['lognormal with neither cv nor sd', { dist: 'lognormal', mean: 5 }, 'cv'],
    ['exponential with mean 0', { dist: 'exponential', mean: 0 }, 'mean'],
    ['exponential with a text mean', { dist: 'exponential', mean: 'five' }, 'mean'],
    ['uniform with max < min', { dist: 'uniform', min: 5, max: 2 }, 'max'],
    ['triangular with the mode outside', { dist: 'triangular', min: 1, mode: 10, max: 5 }, 'mode'],
    // The key whose value breaks the rule: a max set to 0 (below min and mode) is the max's.
    ['triangular with max below min', { dist: 'triangular', min: 2, mode: 3.5, max: 0 }, 'max'],
    ['triangular with max equal to min', { dist: 'triangular', min: 2, mode: 2, max: 2 }, 'max'],
    ['triangular with the mode below min', { dist: 'triangular', min: 2, mode: 1, max: 6 }, 'mode'],
    ['normal with a negative sd', { dist: 'normal', mean: 5, sd: -1 }, 'sd'],
    ['normal with mean below min', { dist: 'normal', mean: 1, sd: 1, min: 2 }, 'mean'],
    ['gamma with a zero shape', { dist: 'gamma', mean: 5, shape: 0 }, 'shape'],
    ['erlang with a fractional k', { dist: 'erlang', k: 2.5, mean: 5 }, 'k'],
    ['empirical with no values', { dist: 'empirical', values: [] }, 'values'],
    ['empirical with a non-number', { dist: 'empirical', values: [1, 'x'] }, 'values[1]'],
    ['empirical with a negative value', { dist: 'empirical', values: [1, -2] }, 'values[1]'],
    [
      'discrete with too few weights',
      { dist: 'discrete', values: [1, 2], weights: [1] },
      'weights',
    ],
    [
      'discrete with a negative weight',
      { dist: 'discrete', values: [1, 2], weights: [1, -1] },
      'weights[1]',
    ],
    [
      'discrete with all-zero weights',
      { dist: 'discrete', values: [1, 2], weights: [0, 0] },
      'weights',
    ],
    ['an unknown kind', { dist: 'weibull', shape: 2 }, 'dist'],
    ['constant with a negative value', { dist: 'constant', value: -3 }, 'value'],
  ];

  it.each(cases)('%s → DistributionError at %j', (_name, spec, path) => {
    let error: unknown;
    try {
      createSampler(spec);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DistributionError);
    const e = error as DistributionError;
    expect(e.path).toBe(path);
    expect(e.rule.length).toBeGreaterThan(0);
    expect(e.message).toBe(`${path}: ${e.rule}`);
  });

  it('a spec that is not a mapping → DistributionError with an empty path', () => {
    for (const spec of [null, 'exponential', [1, 2]]) {
      expect(() => createSampler(spec)).toThrow(DistributionError);
      try {
        createSampler(spec);
      } catch (err) {
        expect((err as DistributionError).path).toBe('');
      }
    }
  });
});

describe('a parameter that is not a number', () => {
  it.each([
    [
      { dist: 'lognormal', mean: '15m', cv: 0.4 },
      'mean',
      /not text \('15m'\).*no unit \(times are in minutes\)/,
    ],
    [{ dist: 'uniform', min: 2, max: '5 min' }, 'max', /not text \('5 min'\)/],
    [{ dist: 'empirical', values: [1, '2h'] }, 'values[1]', /not text \('2h'\)/],
    [{ dist: 'exponential' }, 'mean', /^is required \(a number\)$/],
    [{ dist: 'triangular', min: 1, max: 3 }, 'mode', /^is required \(a number\)$/],
  ])('%j is refused at %s, saying why', (spec, path, rule) => {
    let error: unknown;
    try {
      createSampler(spec);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DistributionError);
    expect((error as DistributionError).path).toBe(path);
    expect((error as DistributionError).rule).toMatch(rule);
    // Not the range, which read as if the number were too large.
    expect((error as DistributionError).rule).not.toMatch(/1e15/);
  });
});

describe('extreme parameters: refused by name, or every draw is a finite number', () => {
  // Sizes from the smallest normal doubles to the largest, including the squares' edges
  // (1e-162, 1e154) where cv * cv underflows to 0 or overflows to Infinity.
  const sizes = [1e-300, 1e-162, 1e-9, 0.5, 5, 1e9, 1e15, 1e16, 1e154, 1e200, 1.7e308];
  const specs: Record<string, unknown>[] = [];
  for (const a of sizes) {
    specs.push({ dist: 'exponential', mean: a });
    specs.push({ dist: 'uniform', min: 0, max: a });
    specs.push({ dist: 'triangular', min: 0, mode: a / 2, max: a });
    specs.push({ dist: 'erlang', k: 3, mean: a });
    for (const b of sizes) {
      specs.push({ dist: 'lognormal', mean: a, cv: b });
      specs.push({ dist: 'lognormal', mean: a, sd: b });
      specs.push({ dist: 'gamma', mean: a, cv: b });
      specs.push({ dist: 'gamma', mean: a, shape: b });
      specs.push({ dist: 'normal', mean: a, sd: b });
    }
  }

  it.each(specs.map((s) => [JSON.stringify(s), s]))('%s', (_name, spec) => {
    let sampler: Sampler;
    try {
      sampler = createSampler(spec);
    } catch (err) {
      expect(err).toBeInstanceOf(DistributionError);
      expect(Object.keys(spec)).toContain((err as DistributionError).path);
      return;
    }
    const rng = new Rng(7, JSON.stringify(spec));
    for (let i = 0; i < 2_000; i++) {
      const x = sampler.sample(rng);
      if (!(Number.isFinite(x) && x >= 0)) expect.fail(`draw ${i} is ${x}`);
    }
  });
});

describe('keys a distribution does not take', () => {
  it.each([
    [{ dist: 'exponential', mean: 60, foo: 1 }, 'foo'],
    [{ dist: 'exponential', mean: 60, sd: 5 }, 'sd'],
    [{ dist: 'uniform', min: 1, max: 2, mena: 1 }, 'mena'],
    [{ dist: 'exponential', mean: 60, constructor: 1 }, 'constructor'],
  ])('%j is refused, naming %s and the keys it takes', (spec, key) => {
    expect(() => createSampler(spec)).toThrow(DistributionError);
    expect(() => createSampler(spec)).toThrow(`${key}: is not a key of ${spec.dist} (it takes `);
  });

  it('a mixture names the component and the key', () => {
    const spec = {
      dist: 'mixture',
      weights: [1, 1],
      components: [
        { dist: 'exponential', mean: 1 },
        { dist: 'constant', value: 2, mean: 3 },
      ],
    };
    expect(() => createSampler(spec)).toThrow('components[1].mean: is not a key of constant');
  });
});
