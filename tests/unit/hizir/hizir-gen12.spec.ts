import { beforeAll, describe, expect, it } from 'vitest';
import { statedAges, statesAdultAgesOnly } from '../../../src/hizir/hizir-age';
import { HizirEngine } from '../../../src/hizir/hizir.engine';
import { namesForeignVisa } from '../../../src/hizir/hizir-scope';
import { passportGone, personLost, sensitiveSituation } from '../../../src/hizir/hizir-sensitive';
import { foldTurkish, turkishLower } from '../../../src/hizir/turkish-text';

const CONFIG = `${__dirname}/../../../config`;
const fold = (text: string): string => foldTurkish(turkishLower(text));

// Known misses of round 12 (reported, and probe-gen12-judge, frozen before the rules were read):
// another country's visa for a Turk living abroad, a robbery with the passport gone, an
// appointment slot, a misspelt area name, an adult son, "I'm lost". The phrasings here are not
// the set's own.
describe('Hızır: generalisation round 12', () => {
  let engine: HizirEngine;
  beforeAll(() => {
    engine = HizirEngine.fromConfig(CONFIG);
  });
  const ask = (text: string) => engine.answer(text);

  it("hands off a Turk's visa to another country, named as where one goes, as out of scope", () => {
    for (const text of [
      'Turkish citizen living in Spain needs a visa to Japan',
      'I live in Belgium as a Turk, do I need a visa to travel to Canada?',
      'Hollandada yaşıyorum, Japonya’ya vize gerekiyor mu',
      'kanadaya vize nasil alinir',
    ]) {
      expect(namesForeignVisa(text), text).toBe(true);
      expect(ask(text).handoffReason, text).toBe('out-of-scope');
    }
    // A visa to come to Türkiye, whoever asks and wherever they live, stays the mission's.
    for (const text of [
      'I live in Spain, my Moroccan mother needs a visa to visit us',
      'do Japanese citizens need a visa for Turkey',
      'visa for US citizens',
      'can I use a visa sticker from another trip',
    ])
      expect(namesForeignVisa(text), text).toBe(false);
    expect(ask('do Japanese citizens need a visa for Turkey').handoffReason).not.toBe(
      'out-of-scope',
    );
  });

  it('gives a robbed citizen whose passport is gone a travel document, with an officer', () => {
    for (const text of [
      'robbed, no passport',
      'got mugged and they took my passport',
      'soyuldum, pasaportum da gitti',
    ]) {
      expect(passportGone(fold(text)), text).toBe(true);
      const a = ask(text);
      expect(a.handoffReason, text).toBe('sensitive');
      expect(['travel-document-emergency-passport', 'passport-lost-stolen'], text).toContain(
        a.operationId,
      );
    }
    // A passport not gone, and a robbery without the passport, are not this rule's.
    expect(passportGone(fold('passport renewal after a robbery scare'))).toBe(false);
    expect(passportGone(fold('renew my passport'))).toBe(false);
  });

  it('answers a full appointment calendar with the appointments entry, not out of scope', () => {
    for (const text of [
      'no free appointment slot',
      'there is no free appointment slot',
      'cannot find any open slot for an appointment',
    ]) {
      const a = ask(text);
      expect(a.handoff, text).toBe(false);
      expect(
        a.sources.some((s) => s.endsWith('#general.appointment')),
        text,
      ).toBe(true);
    }
  });

  it('asks which passport matter a misspelt "pasport" alone means', () => {
    for (const text of ['pasport', 'Pasport?']) {
      const a = ask(text);
      expect(a.area, text).toBe('passport');
      expect(a.clarify?.options.length ?? 0, text).toBeGreaterThan(1);
    }
  });

  it('reads a son or daughter of stated adult age as an adult, not a minor', () => {
    expect(statedAges(fold('my 20 year old son and his 3-year-old girl'))).toEqual([20, 3]);
    expect(statesAdultAgesOnly(fold('oğlum 19 yaşında'))).toBe(true);
    expect(statesAdultAgesOnly(fold('my daughter is 22'))).toBe(true);
    expect(statesAdultAgesOnly(fold('passport for my 10 year old son'))).toBe(false);
    expect(statesAdultAgesOnly(fold('18 yaşından küçük çocuk pasaportu'))).toBe(false);
    expect(statesAdultAgesOnly(fold('my son is 20 months old'))).toBe(false);
    for (const text of [
      'my 20 year old son wants to renew his passport',
      'oğlum 21 yaşında, pasaportunu yenilemesi lazım',
      'my 20 year old son needs a passport',
    ]) {
      const a = ask(text);
      expect(a.area, text).toBe('passport');
      expect(a.operationId, text).not.toBe('passport-minor');
      for (const option of a.clarify?.options ?? []) expect(option, text).not.toMatch(/minor|18/);
    }
    expect(ask('passport for my 10 year old son').operationId).toBe('passport-minor');
  });

  it('reads "I\'m lost" in a foreign city as distress, not a lost identity card', () => {
    for (const text of ["I'm lost", 'im lost in a foreign city', 'we got lost in the old town']) {
      expect(sensitiveSituation(text), text).toBe('distress');
      expect(personLost(fold(text)), text).toBe(true);
      const a = ask(text);
      expect(a.handoffReason, text).toBe('sensitive');
      expect(a.operationId, text).toBe('repatriation-customs-distress-assistance');
    }
    // Confused, or a document lost: not a person lost.
    for (const text of ["I'm lost with these forms", 'I lost my passport', "I'm lost, my ID too"])
      expect(personLost(fold(text)), text).toBe(false);
    expect(sensitiveSituation('I lost my passport')).toBeNull();
  });
});
