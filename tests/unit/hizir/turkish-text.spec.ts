import { describe, expect, it } from 'vitest';
import {
  editDistance,
  foldTurkish,
  normalize,
  stemTurkish,
  tokenFeatures,
  tokenize,
  turkishLower,
} from '../../../src/hizir/turkish-text';

describe('turkish-text', () => {
  it('lower-cases with Turkish rules: İ→i and I→ı', () => {
    expect(turkishLower('İSTANBUL')).toBe('istanbul');
    expect(turkishLower('IŞIK')).toBe('ışık');
    expect(turkishLower('ÇOCUĞUMUN KİMLİĞİ')).toBe('çocuğumun kimliği');
  });

  it('folds ç ğ ı ö ş ü for matching', () => {
    expect(foldTurkish(turkishLower('IŞIK'))).toBe('isik');
    expect(foldTurkish('çğıöşü')).toBe('cgiosu');
    expect(normalize('IŞIK')).toBe('isik');
  });

  it('strips punctuation and apostrophe suffixes', () => {
    expect(normalize("Türkiye'de ev, almak?!")).toBe('turkiye ev almak');
    expect(tokenize('Pasaport... ücreti: 150 EUR')).toEqual(['pasaport', 'ücreti', '150', 'eur']);
  });

  it('stems Turkish inflections with the Snowball stemmer', () => {
    expect(stemTurkish('pasaportumu')).toBe('pasaport');
    expect(stemTurkish('kaybettim')).toBe(stemTurkish('kaybettim'));
    expect(stemTurkish('kaybettim').startsWith('kaybet')).toBe(true);
    expect(stemTurkish('kimliğimi')).toBe('kimlik');
  });

  it('gives ASCII-typed and Turkish-lettered words a shared feature', () => {
    const shared = (a: string, b: string): boolean =>
      tokenFeatures(a).some((f) => tokenFeatures(b).includes(f));
    expect(shared('pasaportumu', 'pasaport')).toBe(true);
    expect(shared('kimligimi', 'kimliğimi')).toBe(true);
    expect(shared('cocugumun', 'çocuğumun')).toBe(true);
    expect(shared(tokenize('KİMLİĞİMİ')[0]!, 'kimligimi')).toBe(true);
    expect(shared(tokenize('PASAPORTUMU')[0]!, 'pasaport')).toBe(true);
  });

  it('measures edit distance with transpositions and gives up past the limit', () => {
    expect(editDistance('pasaport', 'paspaort', 2)).toBe(1);
    expect(editDistance('kimlik', 'kimlk', 2)).toBe(1);
    expect(editDistance('vize', 'vekaletname', 2)).toBe(3);
  });

  it('edit distance equals the textbook optimal-string-alignment table on random words', () => {
    // The full table, no early exit. editDistance gives the distance when it is at most max
    // and some number above max otherwise: compare both capped at max + 1.
    const reference = (a: string, b: string, max: number): number => {
      const d = Array.from({ length: a.length + 1 }, (_, i) =>
        Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
      );
      for (let i = 1; i <= a.length; i++)
        for (let j = 1; j <= b.length; j++) {
          const cost = a[i - 1] === b[j - 1] ? 0 : 1;
          d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
            d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      return Math.min(d[a.length][b.length], max + 1);
    };
    let seed = 7;
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    // A small alphabet (with Turkish letters) so that words share letters and transpositions.
    const letters = 'abkilmçğş';
    const word = () =>
      Array.from({ length: rand(12) }, () => letters[rand(letters.length)]).join('');
    for (let k = 0; k < 3000; k++) {
      const a = word();
      const b = rand(3) === 0 ? a.slice(0, -1) + word().slice(0, 2) : word();
      const max = 1 + rand(3);
      const got = Math.min(editDistance(a, b, max), max + 1);
      expect(got, `${a} / ${b} / ${max}`).toBe(reference(a, b, max));
    }
  });
});
