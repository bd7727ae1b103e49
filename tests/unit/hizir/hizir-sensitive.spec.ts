import { beforeAll, describe, expect, it } from 'vitest';
import { HizirConversation } from '../../../src/hizir/hizir-conversation';
import { sensitiveSituation } from '../../../src/hizir/hizir-sensitive';
import { HizirEngine } from '../../../src/hizir/hizir.engine';

const CONFIG = `${__dirname}/../../../config`;

describe('sensitiveSituation', () => {
  it('recognises arrests, custody, hospital stays, accidents, assaults and missing people, in both languages', () => {
    for (const t of [
      'the police detained my nephew at the border',
      'my sister has been in custody since Friday',
      'we were mugged last night near the station',
      'my uncle is in intensive care after a fall',
      'Kuzenim iki gündür nezarethanede tutuluyor',
      'Kuzenim iki gundur nezarethanede tutuluyor',
      'eşim trafik kazası geçirdi, yoğun bakımda',
      'esim trafik kazasi gecirdi, yogun bakimda',
      'havalimanında mahsur kaldık',
      'abimden üç gündür haber alamıyoruz',
      'annem hastanede',
      'babam dün hastaneye kaldırıldı',
    ]) {
      expect(sensitiveSituation(t), t).toBe('distress');
    }
  });

  it('recognises a death, including the Turkish verb whose folded form means "it happened"', () => {
    for (const t of [
      'my grandmother passed away last night in Lyon',
      'our late father lived in Brussels',
      'dedem dün gece vefat etti',
      'dedem dun gece vefat etti',
      'amcam Paris’te öldü',
    ]) {
      expect(sensitiveSituation(t), t).toBe('death');
    }
  });

  it('calls "went missing" without a person only possibly sensitive', () => {
    expect(sensitiveSituation('my passport went missing at the airport')).toBe('missing');
    expect(sensitiveSituation('my son went missing at the airport')).toBe('missing-person');
    expect(sensitiveSituation('kizim kayip')).toBe('missing-person');
    expect(sensitiveSituation('our daughter went missing during a school trip')).toBe(
      'missing-person',
    );
  });

  it('leaves documents, births and past paperwork alone', () => {
    for (const t of [
      'my passport is missing',
      'pasaportum kayboldu',
      'our baby was born in the hospital in Lyon',
      'bebeğimiz hastanede doğdu',
      'oğlum hastanede doğdu',
      'how do I register a death that happened in 2019',
      'başvuruma ne oldu',
      'basvuruma ne oldu',
      'uçağımı kaçırdım',
      'I filed a police report for my stolen wallet',
      'karakola gidip tutanak tutturdum',
      // A hospital as the place of a birth, or one the family has left, is a story, not distress.
      "Oğlum Almanya'da doğdu, hastanede ikinci gün çıktık, şimdi nüfusa nasıl kaydettiririm",
      'bebek doğdu, hastaneden çıktık, nüfus kaydı nasıl yapılır',
      'our son was born in Amsterdam, we left the hospital after two days',
    ]) {
      expect(sensitiveSituation(t), t).toBeNull();
    }
  });

  it('still reads a hospital stay told in a birth story as distress', () => {
    for (const t of [
      'oğlum doğdu ama annesi hastanede yatıyor, nüfus kaydı nasıl yapılır',
      'bebeğimiz doğdu, yoğun bakımda, nüfusa nasıl kaydettiririm',
      'our baby was born last week and is in intensive care, how do we register her',
      'my wife gave birth and was taken to hospital again yesterday',
    ]) {
      expect(sensitiveSituation(t), t).toBe('distress');
    }
  });
});

describe('HizirEngine: sensitive situations', () => {
  let engine: HizirEngine;
  beforeAll(() => {
    engine = HizirEngine.fromConfig(CONFIG);
  });

  it('never calls an arrest or a hospital stay out of scope: an officer gets it, routed to assistance', () => {
    for (const t of [
      'they detained my cousin in Munich, please help',
      'kuzenim Münih’te gözaltına alındı',
      'my wife is in hospital in Lisbon after a road accident',
    ]) {
      const a = engine.answer(t);
      expect(a.handoff, t).toBe(true);
      expect(a.handoffReason, t).toBe('sensitive');
      expect(a.operationId, t).toBe('repatriation-customs-distress-assistance');
      expect(a.sources[0], t).toContain('#repatriation-customs-distress-assistance');
    }
  });

  it('hands a death to an officer, with the knowledge base’s text on registering it or bringing the deceased home', () => {
    for (const t of ['my grandmother passed away last night in Lyon', 'dedem Lyon’da vefat etti']) {
      const a = engine.answer(t);
      expect(a.handoffReason, t).toBe('sensitive');
      expect(['civil-registry-death', 'repatriation-customs-funeral-transfer']).toContain(
        a.operationId,
      );
      const entry = engine.kbEntries.find((e) => e.operationId === a.operationId)!;
      expect(a.answer).toContain(entry.answer[a.lang]);
    }
  });

  it('still asks whether to register the death or bring the deceased home, while the officer has it', async () => {
    const c = new HizirConversation(engine);
    const q = await c.reply('my grandmother passed away last night in Lyon', { sessionId: 's' });
    expect(q.handoffReason).toBe('sensitive');
    expect(q.clarify).toBeDefined();
    const i = q.clarify!.options.findIndex((o) => /register/i.test(o));
    const a = await c.reply(String(i + 1), { sessionId: 's' });
    expect(a.operationId).toBe('civil-registry-death');
  });

  it('answers a death-related question about another matter as usual', () => {
    const a = engine.answer(
      'My husband passed away; how do I apply for a widow’s pension from SGK?',
    );
    expect(a.operationId).toBe('social-security-survivor-pension');
    expect(a.handoffReason).not.toBe('sensitive');
  });

  it('hands someone missing, in hospital or arrested to an officer even when the model is sure of another matter', () => {
    // "kızım kayıp" was answered as a lost identity card, and an arrest with a lawyer's power of
    // attorney as the power of attorney alone, with no officer.
    for (const t of [
      'kızım kayıp',
      'annem hastanede',
      'my son was arrested and needs a power of attorney for his lawyer',
    ]) {
      expect(engine.answer(t).handoffReason, t).toBe('sensitive');
    }
    expect(engine.answer('my passport went missing at the airport').handoffReason).not.toBe(
      'sensitive',
    );
    // A missing person gets assistance's text meanwhile, not a lost document's.
    expect(engine.answer('kızım kayıp').operationId).toBe(
      'repatriation-customs-distress-assistance',
    );
  });

  it('states the rule’s confidence, not the model’s, when the rule routes against the model', () => {
    const a = engine.answer('Oğlum Belçika’da gözaltına alındı, ne yapabiliriz?');
    expect(a.handoffReason).toBe('sensitive');
    expect(a.operationId).toBe('repatriation-customs-distress-assistance');
    expect(a.confidence).toBeGreaterThanOrEqual(0.85);
  });

  it('does not route everyday consular questions to an officer as sensitive', () => {
    for (const t of [
      'my passport is missing',
      'how do I renew my passport',
      'pasaportumu kaybettim',
    ]) {
      expect(engine.answer(t).handoffReason, t).not.toBe('sensitive');
    }
  });
});
