import { beforeAll, describe, expect, it } from 'vitest';
import { HizirEngine } from '../../../src/hizir/hizir.engine';
import { sensitiveSituation } from '../../../src/hizir/hizir-sensitive';
import { namesForeignDocument, withoutResidenceAbroad } from '../../../src/hizir/hizir-scope';

const CONFIG = `${__dirname}/../../../config`;

// Generalisation failures of probe-gen10-judge (7 December 2026): "help" with a matter that is no
// consulate's, a person held against their will, another country's passport with "my", and a
// question saying where abroad the one asking lives. The phrasings here are not the set's own,
// except the three known misses it shares with probe-gen9-judge.
describe('Hızır: generalisation round 10', () => {
  let engine: HizirEngine;
  beforeAll(() => {
    engine = HizirEngine.fromConfig(CONFIG);
  });
  const ask = (text: string) => engine.answer(text);

  it('hands off "help" with a matter that is no consulate\'s as out of scope, not as distress', () => {
    for (const text of [
      'need help choosing a laptop',
      'i need help finding an apartment in munich',
      'help, my printer is not working',
      'yardım lazım laptopum çöktü',
      'help me find a good dentist',
      'can you help me plan a birthday party',
    ])
      expect(ask(text).handoffReason, text).toBe('out-of-scope');
    // "yardım lazım telefonum açılmıyor" (a phone fault) is out of scope since round 11
    // (hizir-gen11.spec.ts).
    // Distress, and help with a consular matter, are read as before.
    expect(ask('help').handoffReason).toBe('sensitive');
    expect(
      ask("I've been scammed out of all my money on holiday. Can the embassy help me get home?")
        .handoffReason,
    ).toBe('sensitive');
    expect(ask('I need help with passport stuff').area).toBe('passport');
    expect(ask('askerlikle ilgili yardım lazım').area).toBe('military-service');
  });

  it("reads being held against one's will as distress, not a lent passport", () => {
    for (const text of [
      'my husband will not let me leave the apartment',
      'my employer confiscated my passport',
      'they are forcing me to marry a man I do not know',
      'kocam evden çıkmama izin vermiyor',
      'patronum pasaportumu elimden aldı vermiyor',
    ])
      expect(sensitiveSituation(text), text).toBe('distress');
    for (const text of [
      'my mum took my passport to the post office',
      'let me go to the appointment',
    ])
      expect(sensitiveSituation(text), text).toBeNull();
    const a = ask('please help, my boyfriend locked me in and took my passport');
    expect(a.handoffReason).toBe('sensitive');
    expect(a.operationId).toBe('repatriation-customs-distress-assistance');
  });

  it('reads a country\'s name before "pasaportum"/"kimliğim" as that country\'s document, unless lost', () => {
    expect(namesForeignDocument('Hollanda pasaportumu nasıl yenilerim')).toBe(true);
    expect(namesForeignDocument('kanada kimliğimi yenilemek istiyorum')).toBe(true);
    expect(ask('Belçika pasaportumun süresi doldu ne yapmalıyım').handoffReason).toBe(
      'out-of-scope',
    );
    // A loss may be "in Germany": left to the model, which answers it as a Turkish passport's.
    expect(namesForeignDocument('Almanya pasaportumu kaybettim')).toBe(false);
    expect(ask('Almanya pasaportumu kaybettim').area).toBe('passport');
  });

  it('answers a passport question that says where abroad the one asking lives', () => {
    expect(
      withoutResidenceAbroad('how can I obtain a Turkish passport while living in Spain'),
    ).toBe('how can I obtain a Turkish passport');
    expect(withoutResidenceAbroad("İspanya'da yaşıyorum, pasaport nasıl alırım")).toBe(
      ', pasaport nasıl alırım',
    );
    expect(withoutResidenceAbroad('I live in Istanbul, how do i get a new passport')).toBeNull();
    expect(withoutResidenceAbroad('how do i get a passport')).toBeNull();
    for (const text of [
      'how can I obtain a Turkish passport while living in Spain',
      'how do I get a turkish passport, I am living in Italy',
    ]) {
      const a = ask(text);
      expect(a.handoff, text).toBe(false);
      expect(a.area, text).toBe('passport');
    }
    // Living in Türkiye is still a Turkish authority's matter; another country's permit is out.
    expect(ask('I live in Istanbul, how do i get a new passport').handoffReason).toBe(
      'out-of-scope',
    );
    expect(ask('I live in Germany, how do I extend my residence permit').handoffReason).toBe(
      'out-of-scope',
    );
  });
});
