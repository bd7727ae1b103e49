import { beforeAll, describe, expect, it } from 'vitest';
import { deathSettled, sensitiveSituation } from '../../../src/hizir/hizir-sensitive';
import { HizirEngine } from '../../../src/hizir/hizir.engine';
import { foldTurkish, turkishLower } from '../../../src/hizir/turkish-text';

const CONFIG = `${__dirname}/../../../config`;
const fold = (text: string): string => foldTurkish(turkishLower(text));

// Round 17's causes of in-scope hand-offs (probe-gen17-judge, frozen before any change): a death
// told as settled handed to an officer as if it had just happened, and a colloquial name of the
// criminal record certificate the model did not know. Every phrasing here is new (none is the
// set's own).
describe('Hızır: generalisation round 17', () => {
  let engine: HizirEngine;
  beforeAll(() => {
    engine = HizirEngine.fromConfig(CONFIG);
  });

  it('reads a death already buried, or a year or more ago, as settled; one just now is not', () => {
    for (const text of [
      'My mother died in Lyon last spring and we buried her there. How is her death recorded in Turkey?',
      "Dedem üç yıl önce Hamburg'da vefat etti, ölümü hâlâ nüfusa işlenmemiş.",
      'Annem geçen sene öldü, Viyana’da toprağa verdik.',
    ]) {
      expect(deathSettled(fold(text)), text).toBe(true);
      expect(sensitiveSituation(text), text).toBeNull();
    }
    for (const text of [
      'My brother passed away last night in Madrid, we want to bury him in Izmir.',
      'Babam dün vefat etti, geçen yıl emekli olmuştu.',
      "Annem geçen ay Paris'te vefat etti, ne yapmalıyız?",
    ]) {
      expect(deathSettled(fold(text)), text).toBe(false);
      expect(sensitiveSituation(text), text).toBe('death');
    }
  });

  it('answers the registration of a settled death without handing it to an officer', () => {
    const a = engine.answer(
      "Dedem üç yıl önce Hamburg'da vefat etti ve oraya defnettik. Türkiye'deki nüfus kaydında hâlâ yaşıyor görünüyor, ölümünü nasıl bildiririz?",
    );
    expect(a.handoff).toBe(false);
    expect(a.operationId).toBe('civil-registry-death');
  });

  it('still hands a death just now to an officer', () => {
    const a = engine.answer(
      'My brother passed away last night in Madrid and we want to bury him in Izmir. What do we do?',
    );
    expect(a.handoffReason).toBe('sensitive');
  });

  it('reads "temiz kağıdı" as the criminal record certificate', () => {
    for (const text of [
      'Hollanda’da yeni işim için Türkiye’den temiz kağıdı istediler, konsolosluk verebilir mi?',
      'sabıka kağıdımı buradan alabilir miyim',
    ]) {
      const a = engine.answer(text);
      expect(a.operationId, text).toBe('legalization-criminal-record');
      expect(a.handoff, text).toBe(false);
    }
  });
});
