import { beforeAll, describe, expect, it } from 'vitest';
import { namesMinor, statedAges } from '../../../src/hizir/hizir-age';
import { homeAuthorityFor, loadHomeAuthorities } from '../../../src/hizir/hizir-authorities';
import { HizirEngine } from '../../../src/hizir/hizir.engine';
import { namesForeignDocument, namesForeignVisa } from '../../../src/hizir/hizir-scope';
import { goesHome, passportGone } from '../../../src/hizir/hizir-sensitive';
import { foldTurkish, turkishLower } from '../../../src/hizir/turkish-text';

const CONFIG = `${__dirname}/../../../config`;
const fold = (text: string): string => foldTurkish(turkishLower(text));

// Known misses of round 13 (probe-gen13-judge, frozen before the rules were read, and round 12's
// leftovers): an identity card answered as a passport's operation, a child's document with no
// child named, another country's consulate or passport, look-alikes the model was unsure of, a
// robbed tourist who wants to go home. The phrasings here are not the set's own.
describe('Hızır: generalisation round 13', () => {
  let engine: HizirEngine;
  beforeAll(() => {
    engine = HizirEngine.fromConfig(CONFIG);
  });
  const ask = (text: string) => engine.answer(text);

  it("answers a message that names the identity card only with the card's operation, not the passport's", () => {
    const cases: [string, string][] = [
      [
        'my 12 year old daughter needs her first Turkish ID card, does she come along',
        'identity-card-minor',
      ],
      ['can my 6-year-old get a chip ID card, do both parents have to come', 'identity-card-minor'],
      [
        'I changed my surname after the wedding, does my ID card have to be changed too',
        'identity-card-info-update',
      ],
      ['my ID card still has my maiden name', 'identity-card-info-update'],
    ];
    for (const [text, operation] of cases) expect(ask(text).operationId, text).toBe(operation);
    // The passport named: the passport's operation stays.
    expect(ask('my 9 year old son needs a Turkish passport').operationId).toBe('passport-minor');
  });

  it("sets a child's operation aside when the message names no child, or the writer's adult age", () => {
    expect(statedAges(fold('25 yaşındayım'))).toEqual([25]);
    expect(statedAges(fold("I'm 41 and never had one"))).toEqual([41]);
    expect(statedAges(fold("I'm 10 minutes from the consulate"))).toEqual([]);
    for (const text of ['my daughter', 'çocuğum için', 'under 18', 'a two-year-old', 'I am 15'])
      expect(namesMinor(fold(text)), text).toBe(true);
    for (const text of ['kızlık soyadım', 'öğleden sonra randevu', 'passport photo rules'])
      expect(namesMinor(fold(text)), text).toBe(false);
    for (const text of [
      'never had a Turkish ID card, I am 27, how do I apply',
      'daha önce kimlik kartı almadım, 35 yaşındayım, başvuru nasıl',
      'pasaportt',
    ]) {
      const a = ask(text);
      expect(a.operationId, text).not.toMatch(/-minor$/);
    }
    expect(ask('kızım 6 yaşında, pasaport çıkartmak istiyoruz').operationId).toBe('passport-minor');
  });

  it("hands off another country's consulate asked for a visa, and a foreign passport of a dual citizen, as out of scope", () => {
    for (const text of [
      'can the italian consulate in antalya issue a schengen visa quickly',
      'Alman konsolosluğu İstanbul vize randevusu ne zaman',
    ]) {
      expect(namesForeignVisa(fold(text)), text).toBe(true);
      expect(ask(text).handoffReason, text).toBe('out-of-scope');
    }
    // A Turkish mission in another country, and a visa to come to Türkiye, stay in scope.
    expect(namesForeignVisa(fold('visa to Turkey from the Turkish consulate in Milan'))).toBe(
      false,
    );
    expect(namesForeignVisa(fold('does my Italian wife need a visa for Istanbul'))).toBe(false);

    const dual = 'I am Turkish-Dutch, how do I renew my Dutch passport';
    expect(namesForeignDocument(dual)).toBe(true);
    expect(ask(dual).handoffReason).toBe('out-of-scope');
    expect(namesForeignDocument('I am dual Turkish-Dutch, renew my Turkish passport')).toBe(false);
  });

  it('hands off a look-alike the model is unsure of as out of scope, with the pointer', () => {
    const rules = loadHomeAuthorities(CONFIG);
    const cases: [string, string][] = [
      ["my macbook won't turn on after the update", 'device-fault'],
      ['yabancı eşimin göç idaresi başvurusu reddedildi ne yapabiliriz', 'goc-idaresi'],
      [
        'where do I get a certificate of enrolment from my Turkish university',
        'student-certificate',
      ],
      ['üniversiteden öğrenci belgesi nasıl alırım', 'student-certificate'],
    ];
    for (const [text, rule] of cases) {
      expect(homeAuthorityFor(text, rules)?.id, text).toBe(rule);
      expect(ask(text).handoffReason, text).toBe('out-of-scope');
    }
    // A residence certificate for the Turkish tax office is the mission's (legalisation).
    expect(
      homeAuthorityFor('the tax office in Turkey needs proof that I live in Canada', rules),
    ).toBeNull();
  });

  it('gives a robbed tourist who wants to go home the one-way travel document, with an officer', () => {
    for (const text of [
      'got mugged in Rome, they took my bag with wallet and passport, I need to fly home to Turkey',
      'Barselona’da soyuldum, çantamı çaldılar içinde pasaportum vardı, Türkiye’ye dönmem lazım',
    ]) {
      expect(passportGone(fold(text)), text).toBe(true);
      expect(goesHome(fold(text)), text).toBe(true);
      const a = ask(text);
      expect(a.handoffReason, text).toBe('sensitive');
      expect(a.operationId, text).toBe('travel-document-return-certificate');
    }
    // Detained: the passport is the authorities' to keep; not the way home.
    expect(goesHome(fold('my brother was arrested and wants to go home to Turkey'))).toBe(false);
  });
});
