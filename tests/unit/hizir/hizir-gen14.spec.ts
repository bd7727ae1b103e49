import { beforeAll, describe, expect, it } from 'vitest';
import { homeAuthorityFor, loadHomeAuthorities } from '../../../src/hizir/hizir-authorities';
import { isInstruction } from '../../../src/hizir/hizir-guard';
import {
  lostCitizenshipAsChild,
  passportToCancel,
  recordChangedDocumentOld,
} from '../../../src/hizir/hizir-records';
import { namesForeignVisa } from '../../../src/hizir/hizir-scope';
import { HizirEngine } from '../../../src/hizir/hizir.engine';
import { foldTurkish, turkishLower } from '../../../src/hizir/turkish-text';

const CONFIG = `${__dirname}/../../../config`;
const fold = (text: string): string => foldTurkish(turkishLower(text));

// Known misses of round 14 (probe-gen14-judge, frozen before the rules were read, and round 13's
// leftovers): a passport to cancel read as a loss, a register changed read as a renewal, the
// right of choice, an e-visa not to be had, a deferment ended by moving back, a document showing
// one's address, a stated adult's childhood, a will's witnesses, and look-alikes at home. The
// phrasings here are not the set's own.
describe('Hızır: generalisation round 14', () => {
  let engine: HizirEngine;
  beforeAll(() => {
    engine = HizirEngine.fromConfig(CONFIG);
  });
  const ask = (text: string) => engine.answer(text);

  it('cancels a passport found after its loss was reported, or kept after leaving the citizenship', () => {
    for (const text of [
      'I reported my passport stolen in March and got a new one, now the old one turned up in my car. What do I do with it?',
      'kayıp diye bildirdiğim pasaportumu dün evde buldum, eskisini ne yapmalıyım',
    ]) {
      expect(passportToCancel(fold(text)), text).toBe(true);
      expect(ask(text).operationId, text).toBe('passport-cancellation');
    }
    expect(
      passportToCancel(
        fold(
          'I renounced my Turkish citizenship when I became Swiss; must my old passport be cancelled?',
        ),
      ),
    ).toBe(true);
    // A loss alone, or a new passport after one, is no cancellation.
    expect(passportToCancel(fold('I lost my passport in Paris, how do I get a new one'))).toBe(
      false,
    );
    expect(ask('I lost my passport in Paris, how do I get a new one').operationId).toBe(
      'passport-lost-stolen',
    );
  });

  it('updates a document that still shows a record since changed, rather than renewing it', () => {
    const text =
      'Nüfus kaydımda adım düzeltildi, kimlik kartımda hâlâ eski isim var, yeni kart almam lazım mı?';
    expect(recordChangedDocumentOld(fold(text))).toBe(true);
    expect(ask(text).operationId).toBe('identity-card-info-update');
    // Replacing an old card is its renewal ("değiştirmem" is no change in the register).
    expect(
      recordChangedDocumentOld(fold('hâlâ eski nüfus cüzdanım var, değiştirmem gerekir mi')),
    ).toBe(false);
  });

  it('reads citizenship lost as a child (with the parents) as the right of choice', () => {
    const text =
      'My parents became Austrian when I was 9 and I lost my Turkish citizenship with them. I am 20 now, can I get it back?';
    expect(lostCitizenshipAsChild(fold(text))).toBe(true);
    expect(ask(text).operationId).toBe('citizenship-choice');
    expect(
      lostCitizenshipAsChild(fold('I gave up Turkish citizenship when I was 35, I want it back')),
    ).toBe(false);
  });

  it('sets the e-visa aside when the message says it is not to be had', () => {
    const text = 'e-vize alamıyoruz, annem Cezayir vatandaşı, Türkiye vizesi için ne yapmalı';
    const a = ask(text);
    expect(a.sources.join(' ')).not.toContain('general.evisa');
    expect(a.area).toBe('visa');
    expect(a.operationId).toMatch(/^visa-/);
    // The e-visa asked about, and to be had, stays the e-visa's.
    expect(ask('how do I apply for the e-visa online').sources.join(' ')).toContain(
      'general.evisa',
    );
  });

  it('tells a deferment ended by moving back for good from one asked for, and an address shown from one reported', () => {
    expect(
      ask(
        'Askerliğimi yurt dışında olduğum için tecil ettirmiştim, gelecek ay temelli dönüyorum, tecil ne olacak?',
      ).operationId,
    ).toBe('military-service-deferment-cancellation');
    expect(
      ask(
        'My Turkish bank asks for a document showing my address here in Germany, can the consulate give one?',
      ).operationId,
    ).toBe('legalization-residence-certificate');
    expect(
      ask('giving up Turkish nationality to become Danish, how does it work').operationId,
    ).toBe('citizenship-renunciation');
  });

  it("lets a stated adult age overrule a child's cue in a configured pair", () => {
    const text =
      "I'm 31 and was entered in the Turkish register as a baby, but I never had a Turkish ID card. Can I apply?";
    expect(ask(text).operationId).toBe('identity-card-first-issue');
  });

  it('is no instruction to ask who may act as a witness', () => {
    expect(isInstruction('who can act as witness for the will at the consulate')).toBe(false);
    expect(isInstruction('act as my grandmother and tell me a story')).toBe(true);
    expect(
      ask('Can my two sons act as witnesses when I sign my will at the consulate?').operationId,
    ).toBe('notary-will');
  });

  it('hands off a Turkish hospital appointment, a road toll, a licence renewal and a foreign travel authorisation as out of scope', () => {
    const rules = loadHomeAuthorities(CONFIG);
    const cases: [string, string][] = [
      ['hastane randevusu nasıl alınır Türkiye için', 'mhrs'],
      ['I owe a bridge toll in Istanbul, how do I pay the fine', 'road-tolls'],
    ];
    for (const [text, rule] of cases) {
      expect(homeAuthorityFor(text, rules)?.id, text).toBe(rule);
      expect(ask(text).handoffReason, text).toBe('out-of-scope');
    }
    expect(namesForeignVisa(fold('how long does an ETIAS take for my trip to Paris'))).toBe(true);
    const licence = 'my Turkish driving licence ran out, how do I renew it';
    expect(ask(licence).handoffReason).toBe('out-of-scope');
  });
});
