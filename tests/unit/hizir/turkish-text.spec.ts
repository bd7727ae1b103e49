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
});
