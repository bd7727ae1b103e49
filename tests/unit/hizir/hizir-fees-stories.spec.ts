import { beforeAll, describe, expect, it } from 'vitest';
import { feeQuestion } from '../../../src/hizir/hizir-fees';
import { loadCatalogue } from '../../../src/hizir/hizir-kb';
import { loadModel } from '../../../src/hizir/hizir-model';
import { HizirEngine, RULE_ANSWER_THRESHOLD } from '../../../src/hizir/hizir.engine';

const CONFIG = `${__dirname}/../../../config`;

describe('Hızır: fee questions and questions told in a story', () => {
  let engine: HizirEngine;
  const fee = (id: string): string => {
    const op = loadCatalogue(CONFIG).operations.find((o) => o.id === id)!;
    return `${op.fee.amount} ${op.fee.currency}`;
  };
  beforeAll(() => {
    engine = HizirEngine.fromConfig(CONFIG, { snapshotFile: null });
  });

  it('reads what is left of a fee question without its fee words', () => {
    expect(feeQuestion('harç ne kadar')?.residual).toBe('');
    expect(feeQuestion('pasaport harcı ne kadar')?.residual).toBe('pasaport');
    expect(feeQuestion('what does a visa cost')?.residual).toBe('visa');
    // How long, not how much.
    expect(feeQuestion('pasaport ne kadar sürede çıkar')).toBeNull();
    expect(feeQuestion('pasaportumu kaybettim')).toBeNull();
  });

  it('asks which operation a bare fee question means, offering common fee-bearing ones', () => {
    for (const [q, lang] of [
      ['harç ne kadar', 'tr'],
      ['harçlar kaç para', 'tr'],
      ['how much is the fee', 'en'],
      ['how much does it cost?', 'en'],
    ] as const) {
      const a = engine.answer(q);
      expect(a.handoff, q).toBe(false);
      expect(a.handoffReason, q).toBeNull();
      expect(a.lang, q).toBe(lang);
      expect(a.area, q).toBe('general');
      expect(a.clarify, q).toBeDefined();
      expect(a.clarify!.options.length, q).toBeGreaterThanOrEqual(2);
      // Each option names its fee, from the catalogue.
      expect(a.clarify!.options.join(' '), q).toContain(fee('passport-renewal'));
    }
  });

  it('reads how much and how to pay together as a bare fee question, paying alone as paying', () => {
    // "...and how is it paid" names no operation either: it was read as the question's subject,
    // which the model took for out of scope, and the question went to an officer as not consular.
    for (const q of [
      'harç ne kadar ve nasıl ödeniyor',
      'ücret ne kadar ve nereye ödeniyor',
      'harc ne kadar ve nasil odenir',
      'how much is the fee and how do I pay it',
    ]) {
      expect(feeQuestion(q)?.residual, q).toBe('');
      const a = engine.answer(q);
      expect(a.handoff, q).toBe(false);
      expect(a.clarify?.options.join(' '), q).toContain(fee('passport-renewal'));
      // Meanwhile, how fees are paid.
      expect(a.sources, q).toEqual(['config/hizir/faq.yaml#general.payment']);
    }
    expect(feeQuestion('pasaport harcı ne kadar ve nasıl ödenir')?.residual).toBe('pasaport');
    // No amount asked: a question about paying, answered as one, with no fee options.
    expect(feeQuestion('harç nasıl ödeniyor')?.residual).toBe('nasıl ödeniyor');
    const paying = engine.answer('harç nasıl ödeniyor');
    expect(paying.clarify).toBeUndefined();
    expect(paying.sources).toEqual(['config/hizir/faq.yaml#general.payment']);
  });

  it('takes a reply naming an operation the fee question did not list as a new question', () => {
    const q = 'harç ne kadar';
    const pending = engine.pendingFor(q, engine.answer(q))!;
    expect(pending.entries).not.toContain('notary-poa-general');
    expect(engine.resolveClarification(pending, 'pasaport')!.operationId).toBe('passport-renewal');
    // null: the caller answers it as a question of its own.
    expect(engine.resolveClarification(pending, 'vekaletname')).toBeNull();
    expect(engine.answer('vekaletname').operationId).toBe('notary-poa-general');
  });

  it('keeps the fee rule at its own cut-off, whatever answer threshold the model has', () => {
    // The rule steps in when the model is below RULE_ANSWER_THRESHOLD, not the answer threshold:
    // at 0.2 it had stopped asking which visa, and answered one visa's fee as every visa's.
    for (const answerThreshold of [0, 0.2, RULE_ANSWER_THRESHOLD]) {
      const model = loadModel(CONFIG)!;
      model.meta.answerThreshold = answerThreshold;
      const e = HizirEngine.withModel(CONFIG, model);
      for (const q of ['vize ücreti ne kadar', 'what does a visa cost']) {
        const a = e.answer(q);
        expect(a.handoff, `${q} @ ${answerThreshold}`).toBe(false);
        expect(a.clarify, `${q} @ ${answerThreshold}`).toBeDefined();
        expect(e.pendingFor(q, a)!.entries.every((id) => id.startsWith('visa-'))).toBe(true);
      }
    }
  });

  it('asks which visa a visa fee question means, and a reply picks one', () => {
    const q = 'vize ücreti ne kadar';
    const a = engine.answer(q);
    expect(a.handoff).toBe(false);
    expect(a.area).toBe('visa');
    expect(a.clarify!.options.length).toBeGreaterThanOrEqual(2);
    const pending = engine.pendingFor(q, a)!;
    expect(pending.entries.every((id) => id.startsWith('visa-'))).toBe(true);
    const picked = engine.resolveClarification(pending, '2')!;
    expect(picked.operationId).toBe(pending.entries[1]);
    expect(picked.answer).toContain(fee(pending.entries[1]!));
    const en = engine.answer('what does a visa cost');
    expect(en.area).toBe('visa');
    expect(en.handoff).toBe(false);
    expect(en.clarify).toBeDefined();
  });

  it('asks which operation a fee question naming only an area means, however sure the model is', () => {
    // A passport's fee depends on which passport (a child's, a lost one's, a renewal's): the area's
    // name alone had been answered as a renewal in Turkish and asked about in English, and
    // "citizenship fee" had been given the dual-citizenship notice, which is free.
    for (const [q, area] of [
      ['pasaport harcı ne kadar', 'passport'],
      ['how much is a passport', 'passport'],
      ['citizenship fee', 'citizenship'],
      ['vatandaşlık harcı ne kadar', 'citizenship'],
      ['gümrük işlemleri ücreti', 'repatriation-customs'],
    ] as const) {
      const a = engine.answer(q);
      expect(a.handoff, q).toBe(false);
      expect(a.clarify, q).toBeDefined();
      const pending = engine.pendingFor(q, a)!;
      expect(pending.entries.length, q).toBeGreaterThanOrEqual(2);
      for (const id of pending.entries) {
        const op = loadCatalogue(CONFIG).operations.find((o) => o.id === id)!;
        expect(op.area, `${q}: ${id}`).toBe(area);
        expect(op.fee.amount, `${q}: ${id}`).toBeGreaterThan(0);
      }
    }
  });

  it('still answers a fee question that names the operation, with its fee', () => {
    const a = engine.answer('pasaport yenileme harcı ne kadar');
    expect(a.operationId).toBe('passport-renewal');
    expect(a.clarify).toBeUndefined();
    expect(a.answer).toContain(`Ücret: ${fee('passport-renewal')}`);
    const b = engine.answer('kimlik kartı harcı ne kadar');
    expect(b.area).toBe('identity-card');
    expect(b.handoff).toBe(false);
    expect(b.answer).toContain(`Ücret: ${fee(b.operationId!)}`);
  });

  it('answers a fee question naming a document with that document’s own fee', () => {
    const emergency = 'travel-document-emergency-passport';
    const back = 'travel-document-return-certificate';
    for (const [q, id] of [
      ['geçici pasaportun harcı kaç euro?', emergency],
      ["what's the price of a temporary passport", emergency],
      ['dönüş belgesi için ne kadar ödüyorum', back],
      ['how much do I pay for the emergency travel document to go back home', back],
    ] as const) {
      const a = engine.answer(q);
      expect(a.handoff, q).toBe(false);
      expect(a.operationId, q).toBe(id);
      // The document was named: nothing to ask about.
      expect(a.clarify, q).toBeUndefined();
    }
    expect(engine.answer('geçici pasaportun harcı kaç euro?').answer).toContain(fee(emergency));
    expect(engine.answer('dönüş belgesi için ne kadar ödüyorum').answer).toContain('ücretsiz');
  });

  it('asks which document a name fitting two means, each offered with its own fee', () => {
    const q = 'acil seyahat belgesi ne kadar tutuyor';
    const a = engine.answer(q);
    expect(a.handoff).toBe(false);
    expect(a.clarify).toBeDefined();
    const pending = engine.pendingFor(q, a)!;
    expect([...pending.entries].sort()).toEqual([
      'travel-document-emergency-passport',
      'travel-document-return-certificate',
    ]);
    const catalogue = loadCatalogue(CONFIG).operations;
    pending.entries.forEach((id, i) => {
      const op = catalogue.find((o) => o.id === id)!;
      const label = a.clarify!.options[i]!;
      expect(label).toContain(op.name_tr);
      expect(label).toContain(op.fee.amount > 0 ? fee(id) : 'ücretsiz');
      // A reply picks that document, with its own fee.
      const picked = engine.resolveClarification(pending, String(i + 1))!;
      expect(picked.operationId).toBe(id);
    });
  });

  it('leaves fee questions about something else out of scope', () => {
    for (const q of ['Türkiye’de tapu harcı ne kadar, ev alacağım?', 'dolar kaç tl'])
      expect(engine.answer(q).handoffReason, q).toBe('out-of-scope');
    expect(engine.answer('how much does a divorce lawyer in istanbul cost').handoff).toBe(true);
  });

  it('answers a question told at the end of a story', () => {
    const a = engine.answer(
      "Oğlum Almanya'da doğdu, hastanede ikinci gün çıktık, şimdi nüfusa nasıl kaydettiririm",
    );
    expect(a.operationId).toBe('civil-registry-birth');
    expect(a.handoff).toBe(false);
    expect(a.confidence).toBeGreaterThanOrEqual(0.5);
  });

  it('does not read a story for its question when it says the person lives in Türkiye', () => {
    const a = engine.answer(
      'I live in Turkey. How much is the paid military service for residents?',
    );
    expect(a.handoff).toBe(true);
  });

  it('still hands a genuine emergency told in a story to an officer as sensitive', () => {
    for (const q of [
      'Babam iş için Polonya’ya gitmişti, dün trafik kazası geçirmiş, şu an hastanede yatıyor; konsolosluk yardım eder mi?',
      'Oğlum dün gece gözaltına alındı, telefonu kapalı, şimdi ne yapmam gerekiyor',
      'my wife was admitted to hospital in Prague after a fall, she is in intensive care. who can help us?',
      'Annem hastanede yatıyor, bu arada doğan oğlumu nüfusa nasıl kaydettiririm',
    ]) {
      const a = engine.answer(q);
      expect(a.handoff, q).toBe(true);
      expect(a.handoffReason, q).toBe('sensitive');
    }
  });
});
