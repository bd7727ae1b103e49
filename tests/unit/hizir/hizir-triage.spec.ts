import { describe, expect, it } from 'vitest';
import { redactText } from '../../../src/common/redact';
import {
  TRIAGE_MASK,
  buildTriageVocabulary,
  loadTriageVocabulary,
  maskForTriage,
} from '../../../src/hizir/hizir-triage';

// The vocabulary Hızır's own knowledge base and training questions make (config/), built once.
const vocabulary = loadTriageVocabulary();
const mask = (text: string) => maskForTriage(redactText(text), vocabulary);
const words = (text: string) => text.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);

describe('triage vocabulary', () => {
  it('keeps words written in lower case in enough documents, never a proper noun or a number', () => {
    const v = buildTriageVocabulary(
      [
        'My passport was stolen in Berlin, said Anna.',
        'passport lost, anna in berlin has it',
        'Lost passport near Berlin: Anna helped, 2024',
        'a lost passport, 2024',
      ],
      2,
    );
    expect(v.words.has('passport')).toBe(true);
    expect(v.words.has('lost')).toBe(true);
    // Capitalised within a sentence more often than written in lower case: a proper noun.
    expect(v.words.has('berlin')).toBe(false);
    expect(v.words.has('anna')).toBe(false);
    // In lower case in one document only.
    expect(v.words.has('stolen')).toBe(false);
    expect(v.words.has('2024')).toBe(false);
  });

  it('built from config/, holds consular words and no common name or city', () => {
    for (const w of ['passport', 'pasaport', 'arrested', 'lost', 'vize', 'cenaze', 'kayip'])
      expect(vocabulary.words.has(w), w).toBe(true);
    const names = `mehmet ahmet ali ayse fatma emine hatice mustafa huseyin hasan ibrahim ismail
      osman yusuf murat omer ramazan halil suleyman abdullah mahmut emre cem ozge elif zeynep
      merve esra yilmaz kaya demir sahin celik yildiz yildirim ozturk aydin ozdemir arslan kilic
      aslan cetin kara koc kurt ozkan simsek polat korkmaz karl heinzmann john james mary smith
      jones brown miller anna maria thomas peter michael david sarah laura paul mark jane doe
      berlin istanbul ankara izmir paris london munich hamburg koln frankfurt bursa antalya adana
      konya`.split(/\s+/);
    expect(names.filter((n) => vocabulary.words.has(n))).toEqual([]);
  });
});

describe('maskForTriage', () => {
  it.each([
    ['Karl Heinzmann arrested yesterday', ['Karl', 'Heinzmann'], ['arrested', 'yesterday']],
    ['kardeşim Mehmet Yılmazoğlu tutuklandı', ['Mehmet', 'Yılmazoğlu'], []],
    ["Mehmet'in pasaportu çalındı, ne yapmalıyım?", ['Mehmet', 'in'], ['pasaportu', 'ne']],
    ['kardesim mehmet yilmazoglu dun tutuklandi', ['mehmet', 'yilmazoglu'], ['dun']],
    ['My brother Can was arrested in Munich yesterday', ['Can', 'Munich'], ['brother', 'arrested']],
    ['Can Yılmaz was arrested in Berlin', ['Can', 'Yılmaz', 'Berlin'], ['was', 'arrested']],
    [
      "Babam Ahmet Kaya 12.03.2024 tarihinde Hamburg'da vefat etti, cenaze nasıl Türkiye'ye gönderilir?",
      ['Ahmet', 'Kaya', '12', '03', '2024', 'Hamburg', 'da'],
      ['cenaze', 'vefat'],
    ],
    ['PASAPORTUMU KAYBETTIM AYSE DEMIR', ['AYSE', 'DEMIR'], ['PASAPORTUMU']],
    [
      'lost passport of jane doe, flat 4b, 221 Baker Street',
      ['jane', 'doe', '4b', '221', 'Baker'],
      ['lost', 'passport'],
    ],
  ])('%s', (question, gone, kept) => {
    const masked = mask(question);
    const left = words(masked);
    for (const w of gone) expect(left, `${w} in ${masked}`).not.toContain(w);
    for (const w of kept) expect(left, `${w} in ${masked}`).toContain(w);
    expect(masked).toContain(TRIAGE_MASK);
  });

  it('masks a run of unknown words once and redactText marks too', () => {
    expect(mask('Karl Heinzmann arrested yesterday')).toBe(`${TRIAGE_MASK} arrested yesterday`);
    const masked = mask('lost passport, mail john.doe@example.com or +49 30 1234567');
    expect(masked).not.toMatch(/redacted|john|example|49/);
    // A letter with a combining mark (s + U+0327 for ş) does not split a name into pieces.
    expect(mask('Ays\u0327e Demir lost her passport')).toBe(`${TRIAGE_MASK} lost her passport`);
  });

  it('without a vocabulary keeps only function words', () => {
    expect(maskForTriage('my brother Karl was arrested', { words: new Set() })).toBe(
      `my ${TRIAGE_MASK} was ${TRIAGE_MASK}`,
    );
  });
});
