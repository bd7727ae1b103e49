import { beforeAll, describe, expect, it } from 'vitest';
import { compileAbbreviations } from '../../../src/hizir/hizir-abbreviations';
import { HizirEngine } from '../../../src/hizir/hizir.engine';
import { namesForeignStatus } from '../../../src/hizir/hizir-scope';
import { sensitiveSituation } from '../../../src/hizir/hizir-sensitive';

const CONFIG = `${__dirname}/../../../config`;

// Generalisation failures of probe-gen11-judge (frozen before the rules were read) and the known
// misses of earlier rounds: another country's immigration status, a war or an evacuation, a
// phone fault or a bank card with words of help, an age written short, a misspelt word. The
// phrasings here are not the set's own.
describe('Hızır: generalisation round 11', () => {
  let engine: HizirEngine;
  beforeAll(() => {
    engine = HizirEngine.fromConfig(CONFIG);
  });
  const ask = (text: string) => engine.answer(text);

  it("reads another country's citizenship, Blue Card or permit as that country's business", () => {
    for (const text of [
      'EU blue card requirements',
      'canadian citizenship application',
      'how long does dutch citizenship take',
      'Avusturya vatandaşlık sınavı ne kadar zor',
      'US green card renewal',
      'residence permit extension in Vienna',
      'Ausländerbehörde termin bulamıyorum',
    ]) {
      expect(namesForeignStatus(text), text).toBe(true);
      expect(ask(text).handoffReason, text).toBe('out-of-scope');
    }
    // Holding the status already, or asking about the Turkish side: the citizenship operations.
    for (const text of [
      'I became a Canadian citizen, do I have to notify anyone',
      'Fransız vatandaşlığı aldım şimdi ne yapmalıyım',
      'mavi kart başvurusu, İsveç vatandaşı oldum',
      'german citizenship, can I keep my turkish one',
      'oturum izni için konsolosluktan adli sicil belgesi alabilir miyim',
    ])
      expect(namesForeignStatus(text), text).toBe(false);
    expect(ask('I became a Canadian citizen, do I have to notify anyone').area).toBe('citizenship');
  });

  it('reads a war, an evacuation, a robbery or being lost abroad as distress', () => {
    for (const text of [
      'we need to be evacuated from Beirut',
      'there is shooting outside our hotel',
      'war broke out here what do we do',
      'I was robbed last night in Lima',
      'çatışma çıktı buradan nasıl çıkarız',
      'tahliye uçağı olacak mı',
      'kaybolduk, telefonumuz da yok',
      'no money left and I cannot get back to the hotel',
      'param bitti eve dönemiyorum',
    ])
      expect(sensitiveSituation(text), text).toBe('distress');
    for (const text of [
      'pasaportum kayboldu',
      "Savaş'ın pasaportu yenilenecek",
      'ev sahibi evden tahliye edecekmiş',
      'the war veterans pension',
      'param yok harcı nasıl öderim',
    ])
      expect(sensitiveSituation(text), text).toBeNull();
    expect(ask('there is shooting outside our hotel, please help').handoffReason).toBe('sensitive');
  });

  it('hands off a phone fault or a copied bank card as out of scope, even with "help"', () => {
    for (const text of [
      'yardım lazım telefonum açılmıyor',
      'acil yardım bilgisayarım bozuldu',
      'help my laptop will not turn on',
      'banka kartım kopyalanmış',
      'my credit card was skimmed',
      "my landlord won't give back my deposit",
    ])
      expect(ask(text).handoffReason, text).toBe('out-of-scope');
    // The consulate's phone, and a stolen passport abroad, are the consulate's.
    expect(ask('konsolosluğun telefon numarası nedir').sources[0]).toMatch(/general\.contact$/);
    expect(ask('help my passport was stolen').area).not.toBeNull();
  });

  it('reads an age written short and a boy or girl beside a document as a child', () => {
    const expand = compileAbbreviations([]);
    expect(expand('my 10yo son')).toBe('my 10 year old son');
    expect(expand('a 7 y/o, a 12yrs old and a 3-year-old')).toBe(
      'a 7 year old, a 12 year old and a 3 year old',
    );
    expect(expand(expand('my 10yo son'))).toBe('my 10 year old son');
    expect(expand('room 101 yo')).toBe('room 101 yo');
    expect(ask('identity card for my 9yo girl').operationId).toBe('identity-card-minor');
    expect(ask('passport for my boy').operationId).toBe('passport-minor');
  });

  it('reads a misspelt word again as the one word it is a letter from, not a place', () => {
    const corrected = (text: string): string | null =>
      (engine as unknown as { typoCorrected(t: string): string | null }).typoCorrected(text);
    expect(corrected('millitary deferment')).toBe('military deferment');
    // A place, or a word whose first letter differs, is not a typo ("Japan" / "yapan").
    expect(corrected('visit Japan')).toBeNull();
    expect(corrected('visit japan next week')).toBeNull();
    expect(ask('millitary').area).toBe('military-service');
  });
});
