import { beforeAll, describe, expect, it } from 'vitest';
import { asksVisaToTurkiye } from '../../../src/hizir/hizir-scope';
import { messageForms } from '../../../src/hizir/hizir-segments';
import { HizirEngine } from '../../../src/hizir/hizir.engine';

const CONFIG = `${__dirname}/../../../config`;

describe('HizirEngine: within-area confusions settled by a configured pair’s cues', () => {
  let engine: HizirEngine;
  beforeAll(() => {
    engine = HizirEngine.fromConfig(CONFIG, { snapshotFile: null });
  });

  it('answers a divorce as a divorce even when the registry still shows the marriage', () => {
    const a = engine.answer('we divorced in Denmark but the registry still lists me as married');
    expect(a.operationId).toBe('civil-registry-divorce');
    expect(a.handoff).toBe(false);
  });

  it('states the pair’s confidence, not the model’s for the other option', () => {
    // The model's own best for this one is the renunciation; the cue ("tekrar") picks the
    // reacquisition, which is right as often as the cue rule is (84 of 84 on train and dev).
    const a = engine.answer('Türk vatandaşlığından çıkmıştım, tekrar vatandaş olabilir miyim?');
    expect(a.confidence).toBeGreaterThanOrEqual(0.95);
  });
});

describe('HizirEngine: an e-visa refund is the e-visa system’s, not the mission’s', () => {
  let engine: HizirEngine;
  beforeAll(() => {
    engine = HizirEngine.fromConfig(CONFIG, { snapshotFile: null });
  });

  it('hands off a double charge with a pointer to the e-visa site', () => {
    const a = engine.answer('I was charged twice for the e-visa, can I have a refund?');
    expect(a.handoffReason).toBe('out-of-scope');
    expect(a.answer).toContain('www.evisa.gov.tr');
  });

  it('hands off "give my money back" in Turkish with the pointer (geri ver)', () => {
    const a = engine.answer('e-vize aldım ama gidemedim, parayı geri verecekler mi');
    expect(a.handoffReason).toBe('out-of-scope');
    expect(a.answer).toContain('www.evisa.gov.tr');
  });

  it('still answers how to get an e-visa', () => {
    expect(engine.answer('how do I get an e-visa for Turkey').sources.join()).toContain(
      'general.evisa',
    );
  });
});

describe('HizirEngine: a foreigner’s visa to Türkiye is the mission’s', () => {
  it('does not hand off a business visa as out of scope because a nationality is named', () => {
    const engine = HizirEngine.fromConfig(CONFIG, { snapshotFile: null });
    const a = engine.answer(
      "I'm a Japanese sales engineer meeting customers in Istanbul next month, which visa do I need?",
    );
    expect(a.handoffReason).not.toBe('out-of-scope');
    expect(a.area).toBe('visa');
  });
});

describe('asksVisaToTurkiye', () => {
  const asks = (t: string): boolean => asksVisaToTurkiye(messageForms(t).folded);

  it('holds for a foreigner’s visa to a place in Türkiye, also with a nationality named', () => {
    expect(asks("I'm a Peruvian chemist going to a congress in Ankara, which visa?")).toBe(true);
    expect(asks('Vietnamlı müşterimiz İzmir’e gelecek, vize lazım mı')).toBe(true);
    expect(asks('transit visa at Istanbul airport on my way to Canada?')).toBe(true);
  });

  it('does not hold for another country’s visa, a stay in Türkiye or no Turkish place', () => {
    expect(asks('uk visa for my mum who lives in Izmir')).toBe(false);
    expect(asks('I am in Istanbul, how do I extend my visa')).toBe(false);
    expect(asks('visa for thailand as a turkish citizen')).toBe(false);
    expect(asks('e-visa refund for my trip to Antalya')).toBe(false);
  });
});
