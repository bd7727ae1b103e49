import { describe, expect, it } from 'vitest';
import { KeyedRng, replicationSeed, Rng, RngStreams } from '../../../src/sim/rng';

const take = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.next());

describe('Rng', () => {
  it('gives the same sequence for the same seed and stream', () => {
    expect(take(new Rng(123, 'arrivals'), 100)).toEqual(take(new Rng(123, 'arrivals'), 100));
  });

  it('gives different sequences for different streams or seeds', () => {
    const base = take(new Rng(123, 'arrivals'), 20);
    expect(take(new Rng(123, 'service'), 20)).not.toEqual(base);
    expect(take(new Rng(124, 'arrivals'), 20)).not.toEqual(base);
    // Seeds beyond 32 bits still matter.
    expect(take(new Rng(123 + 2 ** 32, 'arrivals'), 20)).not.toEqual(base);
  });

  it('draws doubles in [0, 1), open-interval draws in (0, 1), and integers in [0, n)', () => {
    const rng = new Rng(5);
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = rng.next();
      const o = rng.nextOpen();
      const k = rng.nextInt(7);
      if (!(u >= 0 && u < 1) || !(o > 0 && o < 1) || !(Number.isInteger(k) && k >= 0 && k < 7))
        outside++;
    }
    expect(outside).toBe(0);
  });

  it('is uniform: chi-square on 20 bins below the 0.1% critical value', () => {
    // 19 degrees of freedom: P(chi2 > 43.82) = 0.001 for a uniform generator.
    const CRITICAL_19DF_0_001 = 43.82;
    const bins = 20;
    const n = 200_000;
    for (const [seed, stream] of [
      [1, ''],
      [2024, 'service'],
      [0, 'source:walk-ins'],
    ] as const) {
      const rng = new Rng(seed, stream);
      const counts = new Array<number>(bins).fill(0);
      for (let i = 0; i < n; i++) counts[Math.floor(rng.next() * bins)]++;
      const expected = n / bins;
      const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
      expect(chi2).toBeLessThan(CRITICAL_19DF_0_001);
    }
  });

  it('has uncorrelated successive draws (lag-1 correlation within 4 standard errors of 0)', () => {
    const n = 100_000;
    const rng = new Rng(99, 'lag');
    let prev = rng.next();
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      sum += (prev - 0.5) * (u - 0.5);
      prev = u;
    }
    // Var((U-1/2)(V-1/2)) = (1/12)^2, so the correlation's SE is 1/sqrt(n).
    const corr = sum / n / (1 / 12);
    expect(Math.abs(corr)).toBeLessThan(4 / Math.sqrt(n));
  });
});

describe('RngStreams', () => {
  it('returns one generator per name, equal to a fresh Rng(seed, name)', () => {
    const streams = new RngStreams(77);
    const a = streams.stream('a');
    expect(streams.stream('a')).toBe(a);
    expect(take(a, 10)).toEqual(take(new Rng(77, 'a'), 10));
  });

  it("keeps a stream's numbers whatever other streams are drawn (common random numbers)", () => {
    const one = new RngStreams(3);
    const two = new RngStreams(3);
    take(two.stream('extra'), 500);
    expect(take(one.stream('main'), 50)).toEqual(take(two.stream('main'), 50));
  });
});

describe('replicationSeed', () => {
  it('is distinct for r = 0..999 under several base seeds', () => {
    for (const base of [0, 1, 2020, 123456789]) {
      const seeds = Array.from({ length: 1000 }, (_, r) => replicationSeed(base, r));
      expect(new Set(seeds).size).toBe(1000);
      expect(seeds.every((s) => Number.isInteger(s) && s >= 0 && s < 2 ** 32)).toBe(true);
    }
  });

  it('is stable and depends on the base seed', () => {
    expect(replicationSeed(5, 3)).toBe(replicationSeed(5, 3));
    expect(replicationSeed(5, 3)).not.toBe(replicationSeed(6, 3));
  });
});

describe('KeyedRng', () => {
  it('depends only on (key, salt), not on what was drawn before', () => {
    const fresh = take(new KeyedRng().reseed(1234, 99), 10);
    const used = new KeyedRng();
    used.reseed(1, 2);
    take(used, 1000);
    expect(take(used.reseed(1234, 99), 10)).toEqual(fresh);
  });

  it('differs between keys and between salts', () => {
    const rng = new KeyedRng();
    const base = take(rng.reseed(1234, 99), 5);
    expect(take(rng.reseed(1235, 99), 5)).not.toEqual(base);
    expect(take(rng.reseed(1234, 98), 5)).not.toEqual(base);
  });

  it('first draws over consecutive keys are uniform (chi-square, 20 bins, 0.1% critical value 43.82)', () => {
    // The network draws one service time per (customer key, step salt): the first
    // draw after reseeding must be uniform across keys.
    const rng = new KeyedRng();
    const bins = 20;
    const n = 100_000;
    const counts = new Array<number>(bins).fill(0);
    for (let key = 0; key < n; key++) counts[Math.floor(rng.reseed(key, 7).next() * bins)]++;
    const expected = n / bins;
    const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(43.82);
  });

  it('uniform(key, salt) is reseed(key, salt).next() to the bit, and leaves the state alone', () => {
    const rng = new KeyedRng();
    const other = new KeyedRng();
    rng.reseed(5, 6);
    const before = take(new KeyedRng().reseed(5, 6), 3);
    // Keys and salts over the whole 32-bit range, signed and unsigned, and the corners.
    const corners = [0, 1, -1, 0x7fffffff, -0x80000000, 0xffffffff, 0x9e3779b9];
    const values: number[] = [...corners];
    let x = 0x12345678;
    for (let i = 0; i < 20_000; i++) {
      x = (Math.imul(x, 0x2c1b3c6d) + 0x297a2d39) | 0;
      values.push(i % 2 ? x : x >>> 0);
    }
    let mismatches = 0;
    for (let i = 0; i < values.length; i++) {
      const key = values[i];
      const salt = values[(i * 7 + 3) % values.length];
      if (rng.uniform(key, salt) !== other.reseed(key, salt).next()) mismatches++;
    }
    expect(mismatches).toBe(0);
    expect(take(rng, 3)).toEqual(before);
  });
});
