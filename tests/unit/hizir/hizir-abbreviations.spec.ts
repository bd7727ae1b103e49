import { beforeAll, describe, expect, it } from 'vitest';
import { compileAbbreviations } from '../../../src/hizir/hizir-abbreviations';
import { HizirEngine } from '../../../src/hizir/hizir.engine';

const CONFIG = `${__dirname}/../../../config`;

describe('compileAbbreviations', () => {
  const expand = compileAbbreviations([
    { written: ['pp', 'psp'], means: 'pasaport passport' },
    { written: ['nüfus kağıd*'], means: 'nüfus cüzdanı' },
    { written: ['e devlet'], means: 'e-Devlet' },
  ]);

  it('replaces whole words in any case, keeping the rest of the message and its punctuation', () => {
    expect(expand('PP yenileme?')).toBe('pasaport passport yenileme?');
    expect(expand("pp'mi kaybettim, yarın uçuşum var")).toBe(
      "pasaport passport'mi kaybettim, yarın uçuşum var",
    );
    expect(expand('app ppm ppt')).toBe('app ppm ppt');
  });

  it('matches with or without Turkish letters, and a starred form with its suffix', () => {
    expect(expand('nufus kagidimi kaybettim')).toBe('nüfus cüzdanı kaybettim');
    expect(expand('Nüfus Kağıdı yenileme')).toBe('nüfus cüzdanı yenileme');
    expect(expand('edevlet e-devlet e devlet')).toBe('edevlet e-Devlet e-Devlet');
  });

  it('is idempotent, and refuses an entry whose meaning holds a form of its own', () => {
    const once = expand('pp ve nüfus kağıdı');
    expect(expand(once)).toBe(once);
    expect(() => compileAbbreviations([{ written: ['id'], means: 'ID card' }])).toThrow(
      /abbreviations\[0\]: means/,
    );
    expect(() => compileAbbreviations([{ written: [], means: 'x' }])).toThrow(
      /abbreviations\[0\]: written/,
    );
  });
});

describe('compileAbbreviations: an entry that applies next to a word only', () => {
  const expand = compileAbbreviations([
    { written: ['chewed', 'ripped'], means: 'damaged', with: ['passport*'] },
  ]);

  it('rewrites only when the message also holds one of the `with` words', () => {
    expect(expand('my dog chewed my passport')).toBe('my dog damaged my passport');
    expect(expand('Passports RIPPED?')).toBe('Passports damaged?');
    expect(expand('my birth certificate is ripped')).toBe('my birth certificate is ripped');
  });

  it('refuses an empty or malformed `with`, naming the entry', () => {
    expect(() => compileAbbreviations([{ written: ['x'], means: 'y', with: [] }])).toThrow(
      /abbreviations\[0\]: with/,
    );
    expect(() =>
      compileAbbreviations([{ written: ['x'], means: 'y', with: [''] as string[] }]),
    ).toThrow(/abbreviations\[0\]: with/);
  });
});

describe('HizirEngine: everyday damage words next to a passport', () => {
  let engine: HizirEngine;
  beforeAll(() => {
    engine = HizirEngine.fromConfig(CONFIG, { snapshotFile: null });
  });

  it('reads a chewed, torn or soaked passport as a damaged one, in both languages', () => {
    for (const t of [
      'the cat chewed up my passport, what do I do',
      'pasaportum çamaşır makinesinde yıkandı, sayfaları yapıştı',
      'pasaportumun kapağı yirtildi',
    ])
      expect(engine.answer(t).operationId, t).toBe('passport-damaged');
  });

  it('leaves the same words about another document alone', () => {
    for (const t of ['my birth certificate got ripped', 'nüfus cüzdanım ıslandı'])
      expect(engine.answer(t).operationId, t).not.toBe('passport-damaged');
  });
});

describe('HizirEngine: short forms citizens write', () => {
  let engine: HizirEngine;
  beforeAll(() => {
    engine = HizirEngine.fromConfig(CONFIG);
  });

  it('reads "pp" as a passport and "nüfus kağıdı" as the identity booklet', () => {
    expect(engine.answer('pp yenileme').operationId).toBe('passport-renewal');
    expect(engine.answer('pp kayboldu yarın uçuşum var').operationId).toBe(
      'travel-document-emergency-passport',
    );
    expect(engine.answer('nüfus kağıdı').area).toBe('identity-card');
  });
});

describe('compileAbbreviations: a written form with a hyphen', () => {
  it('compiles and matches it as written', () => {
    const expand = compileAbbreviations([{ written: ['new-born'], means: 'baby' }]);
    expect(expand('a passport for our New-born son')).toBe('a passport for our baby son');
    expect(expand('renewal-born')).toBe('renewal-born');
  });
});

describe('HizirEngine: everyday words for a business trip, a revocation and a newborn', () => {
  let engine: HizirEngine;
  beforeAll(() => {
    engine = HizirEngine.fromConfig(CONFIG, { snapshotFile: null });
  });

  it('reads suppliers, meetings, an expo or a fair next to a visa as a business visit', () => {
    for (const t of [
      'We are meeting suppliers in Izmir in May, which visa do our engineers need?',
      'Our sales team comes to an expo in Istanbul, what visa do they need?',
    ]) {
      const a = engine.answer(t);
      expect(a.operationId, t).toBe('visa-business');
      expect(a.handoff, t).toBe(false);
    }
    expect(
      engine.answer('İzmir fuarına katılacak Mısırlı ortaklarımız için vize').operationId,
    ).toBe('visa-business');
  });

  it('leaves the same words without a visa alone', () => {
    expect(engine.answer('İstanbul fuarı ne zaman').handoffReason).toBe('out-of-scope');
  });

  it('reads taking back a power of attorney as its revocation, in both languages', () => {
    for (const t of [
      'my old partner still has my vekaletname, make it void',
      'abime verdiğim vekaletnameyi geri çekmek istiyorum',
    ])
      expect(engine.answer(t).operationId, t).toBe('notary-poa-revocation');
  });

  it("reads a newborn's passport as a child's, not a first one", () => {
    expect(engine.answer('yeni doğan oğlumuza pasaport yaptırmak istiyoruz').operationId).toBe(
      'passport-minor',
    );
  });
});
