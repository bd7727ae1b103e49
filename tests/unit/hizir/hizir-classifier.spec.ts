import { describe, expect, it } from 'vitest';
import {
  deserialiseWeights,
  featurize,
  logits,
  mulberry32,
  serialiseWeights,
  softmax,
  trainClassifier,
  typoVariant,
  type SparseVector,
} from '../../../src/hizir/hizir-classifier';

function cosine(a: SparseVector, b: SparseVector): number {
  const m = new Map<number, number>();
  a.idx.forEach((f, i) => m.set(f, a.val[i]!));
  let dot = 0;
  b.idx.forEach((f, i) => (dot += (m.get(f) ?? 0) * b.val[i]!));
  return dot;
}

describe('featurize', () => {
  it('is L2-normalised and deterministic', () => {
    const x = featurize('Pasaportumu kaybettim');
    const norm = Math.sqrt(x.val.reduce((s, v) => s + v * v, 0));
    expect(norm).toBeCloseTo(1, 5);
    expect([...featurize('Pasaportumu kaybettim').idx]).toEqual([...x.idx]);
  });

  it('makes text without Turkish letters, typos and suffixes look alike', () => {
    const base = featurize('çocuğumun pasaportu');
    expect(cosine(base, featurize('cocugumun pasaportu'))).toBeGreaterThan(0.8);
    expect(cosine(base, featurize('cocugumun pasaprotu'))).toBeGreaterThan(0.5);
    expect(cosine(featurize('pasaport'), featurize('pasaportumu'))).toBeGreaterThan(0.4);
    expect(cosine(base, featurize('weather tomorrow'))).toBeLessThan(0.1);
  });

  it('reads any number and leaves contact details out', () => {
    const a = featurize('I lost my passport U98765432, write to ali.veli@example.com');
    const b = featurize('I lost my passport 1234, write to https://example.org/me');
    expect([...a.idx]).toEqual([...b.idx]);
    expect(cosine(a, featurize('I lost my passport, write to'))).toBeGreaterThan(0.9);
  });

  it('counts a place with its country class, so unseen places of a country look alike', () => {
    const buckets = (t: string): Set<number> => new Set(featurize(t).idx);
    const shared = (a: Set<number>, b: Set<number>): Set<number> =>
      new Set([...a].filter((x) => b.has(x)));
    // "visa for bodrum" and "visa for fethiye" share features that "visa for serbia" lacks and
    // "visa for kayseri" has: the place class and the pair "for @tr".
    const bodrum = buckets('visa for bodrum');
    const serbia = buckets('visa for serbia');
    const turkish = [...shared(bodrum, buckets('visa for fethiye'))].filter((x) => !serbia.has(x));
    expect(turkish.length).toBeGreaterThanOrEqual(2);
    const kayseri = buckets('visa for kayseri');
    for (const x of turkish) expect(kayseri.has(x)).toBe(true);
    // Likewise "german passport" and "danish passport", and not "old passport".
    const abroad = [...shared(buckets('german passport'), buckets('danish passport'))].filter(
      (x) => !buckets('old passport').has(x),
    );
    expect(abroad.length).toBeGreaterThanOrEqual(2);
  });
});

describe('trainClassifier', () => {
  const examples = [
    { text: 'passport renewal', label: 'passport' },
    { text: 'renew my passport', label: 'passport' },
    { text: 'pasaport yenileme', label: 'passport' },
    { text: 'register a birth', label: 'birth' },
    { text: 'doğum tescili', label: 'birth' },
    { text: 'my baby was born', label: 'birth' },
    { text: 'weather tomorrow', label: 'oos' },
    { text: 'tell me a joke', label: 'oos' },
  ];
  const classes = ['passport', 'birth', 'oos'];
  const opts = { epochs: 30, learningRate: 4, l2: 1e-5, seed: 1 };

  it('learns, and generalises to new spellings', () => {
    const m = trainClassifier(examples, classes, opts);
    const predict = (t: string): string => {
      const p = softmax(logits(m, featurize(t)));
      return classes[p.indexOf(Math.max(...p))]!;
    };
    expect(predict('pasaportumu yenilemek')).toBe('passport');
    expect(predict('dogum tescli')).toBe('birth');
    expect(predict('joke about weather')).toBe('oos');
  });

  it('gives the same bytes on every run, and survives serialisation', () => {
    const a = serialiseWeights(trainClassifier(examples, classes, opts));
    const b = serialiseWeights(trainClassifier(examples, classes, opts));
    expect(a.equals(b)).toBe(true);
    const back = deserialiseWeights(a, classes, 1 << 15);
    expect(serialiseWeights(back).equals(a)).toBe(true);
    expect(() => deserialiseWeights(a.subarray(1), classes, 1 << 15)).toThrow(/bytes/);
  });
});

describe('typoVariant', () => {
  it('is seeded and changes long words only slightly', () => {
    const t = 'pasaportumu kaybettim yenisini istiyorum';
    expect(typoVariant(t, mulberry32(3))).toBe(typoVariant(t, mulberry32(3)));
    const v = typoVariant(t, mulberry32(3));
    expect(v.split(' ')).toHaveLength(4);
    expect(Math.abs(v.length - t.length)).toBeLessThanOrEqual(4);
  });
});
