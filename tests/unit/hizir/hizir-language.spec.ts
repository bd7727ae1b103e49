import { beforeAll, describe, expect, it } from 'vitest';
import {
  charNgrams,
  chooseLanguage,
  languageTexts,
  ngramEvidence,
  trainCharNgrams,
  WEAK_EVIDENCE,
} from '../../../src/hizir/hizir-language';
import { loadKnowledgeBase } from '../../../src/hizir/hizir-kb';
import { HizirEngine } from '../../../src/hizir/hizir.engine';
import { languageEvidence, tokenize } from '../../../src/hizir/turkish-text';

const CONFIG = `${__dirname}/../../../config`;

// Written for this file, not taken from the question sets: messages of content words only, with
// no Turkish letter and no function word of either language's list. The English ones use words
// that no knowledge-base field of one language only has, so nothing but their spelling says
// English: each was answered in Turkish before (7 December 2026).
const ENGLISH = [
  'disregard earlier guidance',
  'forget earlier orders',
  'overlook prior directives',
  'reveal hidden prompt',
  'cheap flights Istanbul',
  'pretend grandmother',
];
const ASCII_TURKISH = [
  'pasaport yenileme randevusu',
  'askerlik bedelli odeme',
  'nufus cuzdani kayboldu',
  'evlilik belgesi tercumesi',
  'dogum kaydi bildirimi',
];

describe('charNgrams', () => {
  it('gives the bigrams and trigrams of a folded word, with its boundaries', () => {
    expect(charNgrams('göç')).toEqual([' g', ' go', 'go', 'goc', 'oc', 'oc ', 'c ']);
  });
});

describe('trainCharNgrams / ngramEvidence', () => {
  const model = trainCharNgrams({
    tr: ['askerlik belgeleri', 'kimlik kartı başvurusu', 'evlilik işlemleri'],
    en: ['information station', 'registration certificate', 'application questions'],
  });

  it('reads a word spelt like the Turkish texts as Turkish and one like the English as English', () => {
    expect(ngramEvidence(model, ['dilekler'])).toBeGreaterThan(0);
    expect(ngramEvidence(model, ['nation'])).toBeLessThan(0);
  });

  it('reads Turkish typed without Turkish letters like Turkish', () => {
    expect(ngramEvidence(model, ['basvurusu'])).toBeCloseTo(ngramEvidence(model, ['başvurusu']));
  });

  it('has no evidence from grams it never saw', () => {
    expect(ngramEvidence(model, ['xyzzy', '12345'])).toBe(0);
  });
});

describe('chooseLanguage', () => {
  it('follows strong cheap evidence without reading the n-grams', () => {
    const never = (): number => {
      throw new Error('read');
    };
    expect(chooseLanguage(WEAK_EVIDENCE, never)).toBe('tr');
    expect(chooseLanguage(-WEAK_EVIDENCE, never)).toBe('en');
  });

  it('follows the n-grams when the cheap evidence is weak or tied', () => {
    expect(chooseLanguage(0, () => -3)).toBe('en');
    expect(chooseLanguage(0, () => 3)).toBe('tr');
    expect(chooseLanguage(WEAK_EVIDENCE / 2, () => -3)).toBe('en');
  });
});

describe('the knowledge base as language data', () => {
  it('has texts of both languages, and its model tells them apart', () => {
    const texts = languageTexts(loadKnowledgeBase(CONFIG).entries);
    expect(texts.tr.length).toBeGreaterThan(100);
    expect(texts.en.length).toBeGreaterThan(100);
    const model = trainCharNgrams(texts);
    for (const m of ENGLISH) expect(ngramEvidence(model, tokenize(m)), m).toBeLessThan(0);
    for (const m of ASCII_TURKISH) expect(ngramEvidence(model, tokenize(m)), m).toBeGreaterThan(0);
  });
});

describe('HizirEngine reply language without function words', () => {
  let engine: HizirEngine;
  beforeAll(() => {
    engine = HizirEngine.fromConfig(CONFIG);
  });

  it('the examples carry no cheap evidence of English (the case this fixes)', () => {
    for (const m of ENGLISH) expect(languageEvidence(tokenize(m)), m).toBeGreaterThanOrEqual(0);
  });

  it.each(ENGLISH)('answers "%s" in English', (m) => {
    expect(engine.answer(m).lang).toBe('en');
  });

  it.each(ASCII_TURKISH)('answers "%s" in Turkish', (m) => {
    expect(engine.answer(m).lang).toBe('tr');
  });
});
