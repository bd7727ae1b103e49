import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../../src/hizir/hizir-kb';
import { HizirEngine } from '../../../src/hizir/hizir.engine';

const CONFIG = `${__dirname}/../../../config`;

describe('HizirEngine', () => {
  let engine: HizirEngine;
  beforeAll(() => {
    engine = HizirEngine.fromConfig(CONFIG);
  });

  it('answers a Turkish question from the catalogue: documents, fee, channel, appointment', () => {
    const a = engine.answer('Pasaportumu kaybettim, ne yapmalıyım?');
    const op = loadCatalogue(CONFIG).operations.find((o) => o.id === 'passport-lost-stolen')!;
    expect(a.operationId).toBe('passport-lost-stolen');
    expect(a.area).toBe('passport');
    expect(a.lang).toBe('tr');
    expect(a.handoff).toBe(false);
    expect(a.answer).toContain('Gerekli belgeler');
    expect(a.answer).toContain(op.documents_tr[0]!);
    expect(a.answer).toContain(`${op.fee.amount} ${op.fee.currency}`);
    expect(a.answer).toContain('Randevu');
    expect(a.sources).toContain('config/konsolosluk/operations.yaml#passport-lost-stolen');
  });

  it('answers an English question in English', () => {
    const a = engine.answer('How do I give power of attorney to my sister in Turkey?');
    expect(a.operationId).toBe('notary-poa-general');
    expect(a.lang).toBe('en');
    expect(a.answer).toMatch(/Documents:/);
    expect(a.answer).toMatch(/Fee:/);
  });

  it('says when an operation is free', () => {
    const a = engine.answer('register the birth of my baby', { lang: 'en' });
    expect(a.operationId).toBe('civil-registry-birth');
    expect(a.answer).toContain('free of charge');
  });

  it('handles text without Turkish letters, in capitals, with typos', () => {
    expect(engine.answer('KIMLIGIMI KAYBETTIM').operationId).toBe('identity-card-lost');
    expect(engine.answer('pasaprot yenilme').operationId).toBe('passport-renewal');
    expect(engine.answer('dovizle askerlk ucreti').operationId).toBe(
      'military-service-paid-exemption',
    );
    expect(engine.answer('vekaletnmae vermek istiyom').operationId).toBe('notary-poa-general');
  });

  it('follows an explicit language', () => {
    const a = engine.answer('pasaport yenileme', { lang: 'en' });
    expect(a.lang).toBe('en');
    expect(a.answer).toMatch(/^Passport renewal/);
  });

  it('routes e-visa questions from foreigners to the visa area', () => {
    const a = engine.answer('how can a tourist get an e-visa for Turkey');
    expect(a.area).toBe('visa');
    expect(a.answer).toContain('evisa.gov.tr');
  });

  it('hands off out-of-scope questions politely, in the user language', () => {
    for (const q of [
      'Yarın hava yağmurlu mu?',
      'who will win the champions league',
      'bitcoin almalı mıyım',
    ]) {
      const a = engine.answer(q);
      expect(a.handoff, q).toBe(true);
      expect(a.handoffReason, q).toBe('out-of-scope');
      expect(a.area, q).toBeNull();
    }
    expect(engine.answer('Yarın hava yağmurlu mu?').answer).toMatch(/yalnızca konsolosluk/);
    expect(engine.answer('who will win the champions league').answer).toMatch(
      /consular services only/,
    );
  });

  it('welcomes a bare greeting instead of handing it off', () => {
    const tr = engine.answer('Merhaba!');
    expect(tr.handoff).toBe(false);
    expect(tr.lang).toBe('tr');
    expect(tr.answer).toMatch(/Hızır/);
    expect(engine.answer('hello there, thanks').lang).toBe('en');
    expect(engine.answer('merhaba pasaportumu kaybettim').operationId).toBe('passport-lost-stolen');
  });

  it('hands off empty or meaningless input', () => {
    const a = engine.answer('?!');
    expect(a.handoff).toBe(true);
    expect(a.confidence).toBe(0);
  });

  it('keeps confidence in [0, 1] and higher for clear questions than vague ones', () => {
    const clear = engine.answer('dövizle askerlik başvurusu').confidence;
    const vague = engine.answer('belge').confidence;
    expect(clear).toBeGreaterThan(vague);
    for (const c of [clear, vague]) {
      expect(c).toBeGreaterThanOrEqual(0);
      expect(c).toBeLessThanOrEqual(1);
    }
  });
});
