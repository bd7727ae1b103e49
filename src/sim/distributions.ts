import { UserError } from '../common/user-error';
import type { Rng } from './rng';

/**
 * Probability distributions for durations and patience. Specs are plain data (as
 * written in YAML); `createSampler` validates one and returns a sampler that knows
 * its own theoretical mean and variance, so tests can check samples against theory.
 */
export type DistributionSpec =
  | { dist: 'constant'; value: number }
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'exponential'; mean: number }
  | { dist: 'triangular'; min: number; mode: number; max: number }
  | { dist: 'normal'; mean: number; sd: number; min?: number }
  | { dist: 'lognormal'; mean: number; cv?: number; sd?: number }
  | { dist: 'gamma'; mean: number; cv?: number; shape?: number }
  | { dist: 'erlang'; k: number; mean: number }
  | { dist: 'empirical'; values: number[] }
  | { dist: 'discrete'; values: number[]; weights: number[] }
  /** One of several distributions, chosen by weight for each draw (a service mix). */
  | { dist: 'mixture'; weights: number[]; components: DistributionSpec[] };

export const DISTRIBUTION_KINDS = [
  'constant',
  'uniform',
  'exponential',
  'triangular',
  'normal',
  'lognormal',
  'gamma',
  'erlang',
  'empirical',
  'discrete',
  'mixture',
] as const;

export interface Sampler {
  sample(rng: Rng): number;
  /** Theoretical mean (for truncated normal: the untruncated mean). */
  readonly mean: number;
  readonly variance: number;
  /** A copy with every value multiplied by `factor` (scaling durations). */
  scaled(factor: number): Sampler;
}

/** A problem with a distribution spec: `path` is relative to the spec ('' = itself). */
export class DistributionError extends UserError {
  constructor(path: string, rule: string) {
    super(undefined, path, rule);
  }
}

/**
 * The largest size of a distribution's parameter (1e15). Far beyond any duration a run can have
 * (MAX_HORIZON_MINUTES is about 5e8) or any count, and small enough that no sampler's arithmetic
 * (a mean times a logarithm, a product of two ranges under a square root) overflows to an
 * infinite or NaN draw, which would stop a run's clock without a word.
 */
export const MAX_PARAMETER = 1e15;
const LIMIT = MAX_PARAMETER.toExponential().replace('+', '');
const TOO_LARGE = `must be a number from -${LIMIT} to ${LIMIT}`;

/**
 * Why a value that is not a number is refused: a missing key is named as missing, and text
 * such as `15m` is told that a distribution's numbers carry no unit (where the range alone
 * had read as if 15 minutes were too large).
 */
function notANumber(v: unknown): string {
  if (v === undefined) return 'is required (a number)';
  if (typeof v === 'string')
    return `must be a number, not text ('${v.length > 20 ? `${v.slice(0, 17)}...` : v}'): a distribution's numbers carry no unit (times are in minutes)`;
  return TOO_LARGE;
}

function need(
  spec: Record<string, unknown>,
  key: string,
  rule: 'finite' | 'positive' | 'nonnegative',
): number {
  const v = spec[key];
  if (typeof v !== 'number') throw new DistributionError(key, notANumber(v));
  if (!(Math.abs(v) <= MAX_PARAMETER)) throw new DistributionError(key, TOO_LARGE);
  if (rule === 'positive' && !(v > 0)) throw new DistributionError(key, 'must be greater than 0');
  if (rule === 'nonnegative' && !(v >= 0)) throw new DistributionError(key, 'must be 0 or more');
  return v;
}

function numberList(spec: Record<string, unknown>, key: string): number[] {
  const v = spec[key];
  if (!Array.isArray(v) || v.length === 0)
    throw new DistributionError(key, 'must be a non-empty list of numbers');
  v.forEach((x, i) => {
    if (typeof x !== 'number') throw new DistributionError(`${key}[${i}]`, notANumber(x));
    if (!(Math.abs(x) <= MAX_PARAMETER)) throw new DistributionError(`${key}[${i}]`, TOO_LARGE);
  });
  return v as number[];
}

type DistributionKind = DistributionSpec['dist'];

/**
 * The keys each kind takes besides `dist`: any other is a typo (`mena`) or a key of another
 * kind (`sd` on an exponential), and would otherwise be ignored without a word.
 */
const KEYS: Record<DistributionKind, readonly string[]> = {
  constant: ['value'],
  uniform: ['min', 'max'],
  exponential: ['mean'],
  triangular: ['min', 'mode', 'max'],
  normal: ['mean', 'sd', 'min'],
  lognormal: ['mean', 'cv', 'sd'],
  gamma: ['mean', 'cv', 'sd', 'shape'],
  erlang: ['k', 'mean'],
  empirical: ['values'],
  discrete: ['values', 'weights'],
  mixture: ['weights', 'components'],
};

/** The rule a triangular's three numbers follow, as the messages name it. */
export const TRIANGULAR_RULE = 'a triangular takes min <= mode <= max with min < max';

/**
 * The key a triangular's min, mode and max break their rule at, and how: the one whose value
 * breaks it (a max at or below min is the max's fault, not the mode's), so that the message
 * names the key a user changed (`--set ...service.max=0` is reported at `.max`).
 */
export function triangularViolation(
  min: number,
  mode: number,
  max: number,
): { key: 'max' | 'mode'; rule: string } | undefined {
  if (!(max > min)) return { key: 'max', rule: `must be greater than min (${TRIANGULAR_RULE})` };
  if (!(mode >= min)) return { key: 'mode', rule: `must be at least min (${TRIANGULAR_RULE})` };
  if (!(mode <= max)) return { key: 'mode', rule: `must be at most max (${TRIANGULAR_RULE})` };
  return undefined;
}

export function createSampler(input: unknown): Sampler {
  if (typeof input === 'number') return new Constant(input);
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new DistributionError('', 'must be a distribution such as {dist: exponential, mean: 5}');
  }
  const spec = input as Record<string, unknown>;
  const keys = Object.hasOwn(KEYS, String(spec.dist)) ? KEYS[spec.dist as DistributionKind] : null;
  if (keys)
    for (const key of Object.keys(spec))
      if (key !== 'dist' && !keys.includes(key))
        throw new DistributionError(
          key,
          `is not a key of ${String(spec.dist)} (it takes ${keys.join(', ')})`,
        );
  switch (spec.dist) {
    case 'constant':
      return new Constant(need(spec, 'value', 'nonnegative'));
    case 'uniform': {
      const min = need(spec, 'min', 'nonnegative');
      const max = need(spec, 'max', 'nonnegative');
      if (max < min) throw new DistributionError('max', 'must be at least min');
      return new Uniform(min, max);
    }
    case 'exponential':
      return new Exponential(need(spec, 'mean', 'positive'));
    case 'triangular': {
      const min = need(spec, 'min', 'nonnegative');
      const mode = need(spec, 'mode', 'nonnegative');
      const max = need(spec, 'max', 'nonnegative');
      const bad = triangularViolation(min, mode, max);
      if (bad) throw new DistributionError(bad.key, bad.rule);
      return new Triangular(min, mode, max);
    }
    case 'normal': {
      const min = spec.min === undefined ? 0 : need(spec, 'min', 'finite');
      return new Normal(need(spec, 'mean', 'finite'), need(spec, 'sd', 'nonnegative'), min);
    }
    case 'lognormal': {
      const mean = need(spec, 'mean', 'positive');
      const cv = cvOf(spec, mean);
      // Past a cv of about 1e154 its square, and so sigma, overflows: every draw would be NaN.
      if (!Number.isFinite(cv * cv))
        throw new DistributionError(
          cvKey(spec),
          'is too large: the variance must be a finite number',
        );
      return LogNormal.fromMeanCv(mean, cv);
    }
    case 'gamma': {
      const mean = need(spec, 'mean', 'positive');
      if (spec.shape !== undefined) {
        const shape = need(spec, 'shape', 'positive');
        if (!Number.isFinite(mean / shape))
          throw new DistributionError(
            'shape',
            'is too small for the mean: the scale must be a finite number',
          );
        return new Gamma(shape, mean / shape);
      }
      const cv = cvOf(spec, mean);
      // A cv whose square is 0 (below about 1e-162) is the limit of no variation at all.
      if (cv * cv === 0) return new Constant(mean);
      const shape = 1 / (cv * cv);
      if (!(shape > 0 && Number.isFinite(mean / shape)))
        throw new DistributionError(
          cvKey(spec),
          'is too large: the variance must be a finite number',
        );
      return new Gamma(shape, mean / shape);
    }
    case 'erlang': {
      const k = need(spec, 'k', 'positive');
      if (!Number.isInteger(k)) throw new DistributionError('k', 'must be a positive integer');
      const mean = need(spec, 'mean', 'positive');
      return new Gamma(k, mean / k);
    }
    case 'empirical': {
      const values = numberList(spec, 'values');
      values.forEach((x, i) => {
        if (x < 0) throw new DistributionError(`values[${i}]`, 'must be 0 or more');
      });
      return new Discrete(
        values,
        values.map(() => 1),
      );
    }
    case 'discrete': {
      const values = numberList(spec, 'values');
      const weights = numberList(spec, 'weights');
      if (weights.length !== values.length)
        throw new DistributionError('weights', 'must have one weight per value');
      weights.forEach((w, i) => {
        if (w < 0) throw new DistributionError(`weights[${i}]`, 'must be 0 or more');
      });
      if (!(weights.reduce((s, w) => s + w, 0) > 0))
        throw new DistributionError('weights', 'must not all be 0');
      return new Discrete(values, weights);
    }
    case 'mixture': {
      const weights = numberList(spec, 'weights');
      const components = spec.components;
      if (!Array.isArray(components) || components.length !== weights.length) {
        throw new DistributionError(
          'components',
          'must be a list with one distribution per weight',
        );
      }
      weights.forEach((w, i) => {
        if (w < 0) throw new DistributionError(`weights[${i}]`, 'must be 0 or more');
      });
      if (!(weights.reduce((s, w) => s + w, 0) > 0))
        throw new DistributionError('weights', 'must not all be 0');
      const samplers = components.map((c, i) => {
        try {
          return createSampler(c);
        } catch (err) {
          if (err instanceof DistributionError)
            throw new DistributionError(
              `components[${i}]${err.path ? `.${err.path}` : ''}`,
              err.rule,
            );
          throw err;
        }
      });
      return new Mixture(weights, samplers);
    }
    default:
      throw new DistributionError('dist', `must be one of ${DISTRIBUTION_KINDS.join(', ')}`);
  }
}

/** The same distribution with every value multiplied by f (for scenario what-ifs). */
export function scaleDistribution(spec: DistributionSpec, f: number): DistributionSpec {
  if (f === 1) return spec;
  switch (spec.dist) {
    case 'mixture':
      return { ...spec, components: spec.components.map((c) => scaleDistribution(c, f)) };
    case 'lognormal':
    case 'gamma':
      // Scale parameters only: cv and shape are scale-free.
      return {
        ...spec,
        mean: spec.mean * f,
        ...(spec.dist === 'lognormal' && spec.sd !== undefined ? { sd: spec.sd * f } : {}),
      };
    case 'constant':
      return { ...spec, value: spec.value * f };
    case 'uniform':
      return { ...spec, min: spec.min * f, max: spec.max * f };
    case 'exponential':
      return { ...spec, mean: spec.mean * f };
    case 'triangular':
      return { ...spec, min: spec.min * f, mode: spec.mode * f, max: spec.max * f };
    case 'normal':
      return {
        ...spec,
        mean: spec.mean * f,
        sd: spec.sd * f,
        ...(spec.min !== undefined ? { min: spec.min * f } : {}),
      };
    case 'erlang':
      return { ...spec, mean: spec.mean * f };
    case 'empirical':
    case 'discrete':
      return { ...spec, values: spec.values.map((v) => v * f) };
  }
}

/** The key a cv came from: `cv`, or `sd` when the spec gives that instead. */
function cvKey(spec: Record<string, unknown>): string {
  return spec.cv !== undefined ? 'cv' : 'sd';
}

function cvOf(spec: Record<string, unknown>, mean: number): number {
  if (spec.cv !== undefined) return need(spec, 'cv', 'nonnegative');
  if (spec.sd !== undefined) return need(spec, 'sd', 'nonnegative') / mean;
  throw new DistributionError('cv', 'is required (or sd)');
}

class Constant implements Sampler {
  readonly variance = 0;
  constructor(readonly mean: number) {}
  sample(): number {
    return this.mean;
  }
  scaled(f: number): Sampler {
    return new Constant(this.mean * f);
  }
}

class Uniform implements Sampler {
  readonly mean: number;
  readonly variance: number;
  constructor(
    private readonly min: number,
    private readonly max: number,
  ) {
    this.mean = (min + max) / 2;
    this.variance = ((max - min) * (max - min)) / 12;
  }
  sample(rng: Rng): number {
    return this.min + (this.max - this.min) * rng.next();
  }
  scaled(f: number): Sampler {
    return new Uniform(this.min * f, this.max * f);
  }
}

export class Exponential implements Sampler {
  readonly variance: number;
  constructor(readonly mean: number) {
    this.variance = mean * mean;
  }
  sample(rng: Rng): number {
    return -this.mean * Math.log(rng.nextOpen());
  }
  scaled(f: number): Sampler {
    return new Exponential(this.mean * f);
  }
}

class Triangular implements Sampler {
  readonly mean: number;
  readonly variance: number;
  private readonly split: number;
  constructor(
    private readonly min: number,
    private readonly mode: number,
    private readonly max: number,
  ) {
    this.mean = (min + mode + max) / 3;
    this.variance =
      (min * min + mode * mode + max * max - min * mode - min * max - mode * max) / 18;
    this.split = (mode - min) / (max - min);
  }
  sample(rng: Rng): number {
    const u = rng.next();
    const { min, mode, max } = this;
    return u < this.split
      ? min + Math.sqrt(u * (max - min) * (mode - min))
      : max - Math.sqrt((1 - u) * (max - min) * (max - mode));
  }
  scaled(f: number): Sampler {
    return new Triangular(this.min * f, this.mode * f, this.max * f);
  }
}

/**
 * Standard normal by the ziggurat method (Marsaglia & Tsang 2000, "The ziggurat method for
 * generating random variables", J. Stat. Softw. 5(8); in the form of Doornik 2005, "An
 * improved ziggurat method to generate normal random samples"): 256 layers of equal area
 * under exp(-x²/2). One uniform picks the layer (its top 8 bits) and the point across it (the
 * other 45), and 99% of draws end there, with a multiplication; the wedges and the tail beyond
 * R are drawn exactly by rejection. The Marsaglia polar method it replaces took two uniforms, a
 * logarithm and a square root for every try, and a quarter of the tries were rejected.
 */
const ZIGGURAT_LAYERS = 256;
/** Where the tail starts, and the area of every layer (Marsaglia & Tsang, table for 256). */
const ZIGGURAT_R = 3.6541528853610088;
const ZIGGURAT_V = 0.00492867323399;
/** Right edge of each layer: X[0] = V / f(R) (the base strip with the tail), X[1] = R, ..., X[256] = 0. */
const ZIGGURAT_X = new Float64Array(ZIGGURAT_LAYERS + 1);
/** X[i + 1] / X[i]: a point of layer i within this share of its width is under the curve. */
const ZIGGURAT_INNER = new Float64Array(ZIGGURAT_LAYERS);
{
  let f = Math.exp(-0.5 * ZIGGURAT_R * ZIGGURAT_R);
  ZIGGURAT_X[0] = ZIGGURAT_V / f;
  ZIGGURAT_X[1] = ZIGGURAT_R;
  for (let i = 2; i < ZIGGURAT_LAYERS; i++) {
    ZIGGURAT_X[i] = Math.sqrt(-2 * Math.log(ZIGGURAT_V / ZIGGURAT_X[i - 1] + f));
    f = Math.exp(-0.5 * ZIGGURAT_X[i] * ZIGGURAT_X[i]);
  }
  ZIGGURAT_X[ZIGGURAT_LAYERS] = 0;
  for (let i = 0; i < ZIGGURAT_LAYERS; i++) ZIGGURAT_INNER[i] = ZIGGURAT_X[i + 1] / ZIGGURAT_X[i];
}

export function standardNormal(rng: Rng): number {
  const X = ZIGGURAT_X;
  for (;;) {
    const v = rng.next() * ZIGGURAT_LAYERS;
    const i = v | 0;
    // Uniform on [-1, 1), independent of the layer (the bits below the top 8).
    const u = 2 * (v - i) - 1;
    if (Math.abs(u) < ZIGGURAT_INNER[i]) return u * X[i];
    if (i === 0) return normalTail(rng, u < 0);
    // A wedge: keep x when a uniform height between the layer's bottom and top is under f(x),
    // with both sides divided by f(x).
    const x = u * X[i];
    const f0 = Math.exp(-0.5 * (X[i] * X[i] - x * x));
    const f1 = Math.exp(-0.5 * (X[i + 1] * X[i + 1] - x * x));
    if (f0 + rng.next() * (f1 - f0) < 1) return x;
  }
}

/** The normal beyond ±R (Marsaglia 1964): exact, by rejection from an exponential. */
function normalTail(rng: Rng, negative: boolean): number {
  for (;;) {
    const x = -Math.log(rng.nextOpen()) / ZIGGURAT_R;
    const y = -Math.log(rng.nextOpen());
    if (y + y >= x * x) return negative ? -(ZIGGURAT_R + x) : ZIGGURAT_R + x;
  }
}

/**
 * A normal drawn again while below `min` (0 unless given): a normal truncated at min. Its mean
 * and variance are the truncated distribution's, which the draws have: mean 5 and sd 5 draw
 * 6.44 on average, not 5.
 */
class Normal implements Sampler {
  readonly mean: number;
  readonly variance: number;
  constructor(
    private readonly mu: number,
    private readonly sd: number,
    private readonly min: number,
  ) {
    if (mu < min) throw new DistributionError('mean', 'must be at least min (default 0)');
    if (sd > 0) {
      // Moments of a normal truncated below at alpha sd from its centre (lambda: inverse Mills ratio).
      const alpha = (min - mu) / sd;
      const lambda = Math.exp(-0.5 * alpha * alpha) / Math.sqrt(2 * Math.PI) / upperTail(alpha);
      this.mean = mu + sd * lambda;
      this.variance = sd * sd * Math.max(0, 1 + alpha * lambda - lambda * lambda);
    } else {
      this.mean = mu;
      this.variance = 0;
    }
  }
  sample(rng: Rng): number {
    for (;;) {
      const x = this.mu + this.sd * standardNormal(rng);
      if (x >= this.min) return x;
    }
  }
  scaled(f: number): Sampler {
    return new Normal(this.mu * f, this.sd * f, this.min * f);
  }
}

/** P(Z > z) for a standard normal Z (erfc by Numerical Recipes' Chebyshev fit, relative error below 1.2e-7). */
function upperTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

class LogNormal implements Sampler {
  readonly mean: number;
  readonly variance: number;
  constructor(
    private readonly mu: number,
    private readonly sigma: number,
  ) {
    this.mean = Math.exp(mu + (sigma * sigma) / 2);
    this.variance = (Math.exp(sigma * sigma) - 1) * this.mean * this.mean;
  }
  static fromMeanCv(mean: number, cv: number): LogNormal {
    const sigma2 = Math.log(1 + cv * cv);
    return new LogNormal(Math.log(mean) - sigma2 / 2, Math.sqrt(sigma2));
  }
  sample(rng: Rng): number {
    return Math.exp(this.mu + this.sigma * standardNormal(rng));
  }
  scaled(f: number): Sampler {
    return new LogNormal(this.mu + Math.log(f), this.sigma);
  }
}

/** Gamma(shape, scale) by Marsaglia & Tsang; shape < 1 by the boosting identity. */
class Gamma implements Sampler {
  readonly mean: number;
  readonly variance: number;
  private readonly d: number;
  private readonly c: number;
  constructor(
    private readonly shape: number,
    private readonly scale: number,
  ) {
    this.mean = shape * scale;
    this.variance = shape * scale * scale;
    const a = shape < 1 ? shape + 1 : shape;
    this.d = a - 1 / 3;
    this.c = 1 / Math.sqrt(9 * this.d);
  }
  sample(rng: Rng): number {
    const { d, c } = this;
    let x: number;
    for (;;) {
      const z = standardNormal(rng);
      const v0 = 1 + c * z;
      if (v0 <= 0) continue;
      const v = v0 * v0 * v0;
      const u = rng.nextOpen();
      if (u < 1 - 0.0331 * z * z * z * z || Math.log(u) < 0.5 * z * z + d * (1 - v + Math.log(v))) {
        x = d * v;
        break;
      }
    }
    if (this.shape < 1) x *= Math.pow(rng.nextOpen(), 1 / this.shape);
    return x * this.scale;
  }
  scaled(f: number): Sampler {
    return new Gamma(this.shape, this.scale * f);
  }
}

/** Finite discrete distribution by Walker's alias method: O(1) per sample. */
class Discrete implements Sampler {
  readonly mean: number;
  readonly variance: number;
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;
  /**
   * The values as doubles: every Discrete samples from one kind of array. The arrays it is given
   * come in every elements kind (small integers, doubles, holey, typed), and a load site that
   * has seen more than four of them goes megamorphic: a generic lookup on every draw.
   */
  private readonly table: Float64Array;
  constructor(
    private readonly values: number[],
    private readonly weights: number[],
  ) {
    const n = values.length;
    this.table = Float64Array.from(values);
    const total = weights.reduce((s, w) => s + w, 0);
    const p = weights.map((w) => w / total);
    this.mean = p.reduce((s, pi, i) => s + pi * values[i], 0);
    this.variance = p.reduce((s, pi, i) => s + pi * (values[i] - this.mean) ** 2, 0);
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = p.map((x) => x * n);
    const small: number[] = [];
    const large: number[] = [];
    scaled.forEach((x, i) => (x < 1 ? small : large).push(i));
    while (small.length && large.length) {
      const s = small.pop() as number;
      const l = large.pop() as number;
      this.prob[s] = scaled[s];
      this.alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      (scaled[l] < 1 ? small : large).push(l);
    }
    for (const i of [...small, ...large]) this.prob[i] = 1;
  }
  /** Its alias tables (read only), for callers that lay many of them out together. */
  tables(): { prob: Float64Array; alias: Int32Array } {
    return { prob: this.prob, alias: this.alias };
  }
  /** Index drawn by weight (exposed for routing by weights). */
  sampleIndex(rng: Rng): number {
    const u = rng.next() * this.table.length;
    const i = Math.floor(u);
    return u - i < this.prob[i] ? i : this.alias[i];
  }
  sample(rng: Rng): number {
    return this.table[this.sampleIndex(rng)];
  }
  scaled(f: number): Sampler {
    return new Discrete(
      this.values.map((v) => v * f),
      this.weights,
    );
  }
}

class Mixture implements Sampler {
  readonly mean: number;
  readonly variance: number;
  private readonly choice: Discrete;
  constructor(
    private readonly weights: number[],
    private readonly components: Sampler[],
  ) {
    const total = weights.reduce((s, w) => s + w, 0);
    const p = weights.map((w) => w / total);
    this.mean = p.reduce((s, pi, i) => s + pi * components[i].mean, 0);
    this.variance =
      p.reduce((s, pi, i) => s + pi * (components[i].variance + components[i].mean ** 2), 0) -
      this.mean ** 2;
    this.choice = new Discrete(
      weights.map((_, i) => i),
      weights,
    );
  }
  sample(rng: Rng): number {
    return this.components[this.choice.sampleIndex(rng)].sample(rng);
  }
  scaled(f: number): Sampler {
    return new Mixture(
      this.weights,
      this.components.map((c) => c.scaled(f)),
    );
  }
}

/** Draws an index in [0, weights.length) with probability proportional to its weight. */
export class WeightedChoice {
  private readonly inner: Discrete;
  constructor(weights: number[]) {
    this.inner = new Discrete(
      weights.map((_, i) => i),
      weights,
    );
  }
  pick(rng: Rng): number {
    return this.inner.sampleIndex(rng);
  }
  /**
   * Walker's alias tables behind pick(): with n weights, u = rng.next() * n and i = floor(u),
   * pick() is i when u - i < prob[i], else alias[i].
   */
  tables(): { prob: Float64Array; alias: Int32Array } {
    return this.inner.tables();
  }
}
