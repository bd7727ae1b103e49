/**
 * Seeded pseudo-random numbers: xoshiro128** (Blackman & Vigna), 53-bit doubles.
 *
 * Every random source in a model draws from its own named stream. A stream's state
 * is derived from (seed, name) alone, so adding a source to a scenario does not shift
 * the numbers any other source sees: two scenarios that share stream names share
 * random numbers, which is what paired (common-random-number) comparisons need.
 */

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;
const TWO_POW_26 = 67108864;

/** 32-bit FNV-1a of a string: stable stream ids from names. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** SplitMix32 step, used to expand one 32-bit seed into a full xoshiro state. */
function splitMix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = '') {
    const mix = { s: (Math.floor(seed) ^ Math.imul(hashString(stream), 0x27d4eb2d)) | 0 };
    // A second mixing pass decorrelates seeds that differ only in a few bits.
    mix.s = (splitMix32(mix) ^ Math.floor(seed / TWO_POW_32)) | 0;
    // The state is kept as signed 32-bit integers (small integers to V8, never boxed):
    // every operation on it is a 32-bit one, so the bits, and the draws, are the same.
    this.a = splitMix32(mix) | 0;
    this.b = splitMix32(mix) | 0;
    this.c = splitMix32(mix) | 0;
    this.d = splitMix32(mix) | 0;
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  next(): number {
    // Two steps of nextUint32, written out: a uint32 above 2^30 returned from a call that is
    // not inlined is boxed on the heap, and this is the hottest call in every run.
    let a = this.a;
    let b = this.b;
    let c = this.c;
    let d = this.d;
    const hi = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 5;
    let t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    const lo = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 6;
    t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = rotl(d, 11);
    return (hi * TWO_POW_26 + lo) / TWO_POW_53;
  }

  /** Uniform double in (0, 1): safe to take the logarithm of. */
  nextOpen(): number {
    let u = this.next();
    while (u === 0) u = this.next();
    return u;
  }

  /** Uniform integer in [0, n). */
  nextInt(n: number): number {
    return Math.floor(this.next() * n);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Named streams under one seed; each name gets its own independent generator. */
export class RngStreams {
  private readonly streams = new Map<string, Rng>();
  constructor(readonly seed: number) {}

  stream(name: string): Rng {
    let rng = this.streams.get(name);
    if (!rng) {
      rng = new Rng(this.seed, name);
      this.streams.set(name, rng);
    }
    return rng;
  }
}

/** Seed of replication r under a base seed: distinct, stable, and independent of R. */
export function replicationSeed(baseSeed: number, replication: number): number {
  // Both 32-bit halves of the seed count, so every seed a run accepts (0 to 2^53 − 1, the
  // rule in scenario/limits.ts) gives its own replication seeds; a larger one was never exact.
  const seed = Math.floor(baseSeed);
  const lo = (seed % TWO_POW_32) | 0;
  const hi = Math.floor(seed / TWO_POW_32) | 0;
  const mix = { s: (lo ^ Math.imul(hi, 0x85ebca6b) ^ Math.imul(replication, 0x9e3779b1)) | 0 };
  splitMix32(mix);
  mix.s = (mix.s ^ Math.imul(replication + 1, 0xc2b2ae35)) | 0;
  return splitMix32(mix);
}

/**
 * A generator that is reseeded for every draw from (key, salt): the random numbers
 * a customer sees at a step depend only on who the customer is and which step it
 * is, not on the order in which the engine happens to serve customers. This keeps
 * common random numbers aligned across scenarios that change staffing or routing.
 */
export class KeyedRng extends Rng {
  constructor() {
    super(0);
  }

  /** Resets the state from a customer key and a purpose salt (no allocation: hot path). */
  reseed(key: number, salt: number): this {
    let x = (key ^ Math.imul(salt, 0x9e3779b1)) | 0;
    const self = this as unknown as { a: number; b: number; c: number; d: number };
    x = (x + 0x9e3779b9) | 0;
    self.a = finalise32(x) | 0;
    x = (x + 0x9e3779b9) | 0;
    self.b = finalise32(x) | 0;
    x = (x + 0x9e3779b9) | 0;
    self.c = finalise32(x) | 0;
    x = (x + 0x9e3779b9) | 0;
    self.d = finalise32(x) | 1;
    return this;
  }

  /**
   * reseed(key, salt).next() without the reseed: the one uniform a yes/no decision or a
   * class choice takes. The first double of a reseeded state needs three of its four words,
   * so this works out those three and no more, and leaves this generator's state alone.
   */
  uniform(key: number, salt: number): number {
    let x = (key ^ Math.imul(salt, 0x9e3779b1)) | 0;
    x = (x + 0x9e3779b9) | 0;
    const a = finalise32(x) | 0;
    x = (x + 0x9e3779b9) | 0;
    const b = finalise32(x) | 0;
    x = (x + 0x9e3779b9) | 0;
    const c = finalise32(x) | 0;
    // Rng.next: the first step's output from b; the second's from b after the step.
    const hi = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 5;
    const b1 = b ^ c ^ a;
    const lo = Math.imul(rotl(Math.imul(b1, 5), 7), 9) >>> 6;
    return (hi * TWO_POW_26 + lo) / TWO_POW_53;
  }
}

/**
 * The SplitMix32 output function, as a signed 32-bit integer (every caller takes its 32 bits:
 * a uint32 at or above 2^31 returned from a call V8 does not inline would be boxed).
 */
function finalise32(z: number): number {
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return z ^ (z >>> 16);
}

/** Mixes two 32-bit integers into one well-spread 32-bit key. */
export function mixKey(x: number, y: number): number {
  return finalise32((finalise32((x ^ Math.imul(y, 0x85ebca6b)) + 0x9e3779b9) + 0x3c6ef372) | 0) | 0;
}
