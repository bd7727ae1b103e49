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
