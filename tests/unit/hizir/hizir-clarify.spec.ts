import { beforeAll, describe, expect, it } from 'vitest';
import { HizirEngine } from '../../../src/hizir/hizir.engine';
import { hasCue } from '../../../src/hizir/hizir-clarify';

const CONFIG = `${__dirname}/../../../config`;

describe('HizirEngine: a message that already says which option of a pair it wants', () => {
  let engine: HizirEngine;
  beforeAll(() => {
    engine = HizirEngine.fromConfig(CONFIG, { snapshotFile: null });
  });

  it('answers a lost passport’s replacement without asking when the message asks for one', () => {
    for (const q of [
      'cüzdanımla pasaportum çalındı, yenisini almak istiyorum',
      "my passport got stolen on the metro, I'd like a replacement",
      'lost my passport at the beach, how do i get a new passport',
    ]) {
      const a = engine.answer(q);
      expect(a.operationId, q).toBe('passport-lost-stolen');
      expect(a.clarify, q).toBeUndefined();
    }
  });

  it('answers the emergency document when the message says it is urgent', () => {
    const a = engine.answer('pasaportumu kaybettim, yarın uçağım var');
    expect(a.operationId).toBe('travel-document-emergency-passport');
    expect(a.clarify).toBeUndefined();
  });

  it('still asks when the message says neither', () => {
    for (const q of ['pasaportumu kaybettim', 'someone stole my passport']) {
      const a = engine.answer(q);
      expect(a.clarify, q).toBeDefined();
      expect(a.clarify!.options.length, q).toBe(2);
    }
  });
  // Sentences written for this test, not taken from a probe set: the sale or purchase of real
  // estate needs the title-deed power of attorney, which the model took for the general one.
  it('answers the title-deed power of attorney when the message is about selling or buying property', () => {
    for (const q of [
      "Antalya'daki arsamı satacağım, ablama vekalet vermem lazım",
      'I need a power of attorney so my sister can sell our house in Bursa',
      'vekaletname ile annem benim yerime daire satin alabilir mi',
    ]) {
      const a = engine.answer(q);
      expect(a.operationId, q).toBe('notary-poa-property');
    }
  });

  it('answers a child’s identity card when the message names the child', () => {
    for (const q of [
      '7 yaşındaki oğluma çipli kimlik kartı çıkarmak istiyorum',
      'kizimiz icin kimlik karti basvurusu yapmak istiyoruz, 4 yasinda',
    ]) {
      const a = engine.answer(q);
      expect(a.operationId, q).toBe('identity-card-minor');
    }
  });

  it('keeps the general power of attorney when the message is about banks and offices', () => {
    const a = engine.answer('bankadaki işlerim için kardeşime genel vekaletname vermek istiyorum');
    expect(a.operationId).toBe('notary-poa-general');
  });

  // probe-gen5-dev: "sell" is the title-deed option's cue, but a car is sold at a notary, so a
  // vehicle named keeps it from choosing; the identity card named decides a renewal the model
  // reads as a passport's ("renew it at the consulate").
  it('answers a power of attorney to sell a car as a general one, a house still as property', () => {
    for (const q of [
      'power of attorney so my cousin can sell my car in turkey',
      'aracimi satmak icin babama vekalet vercem',
      'arabamı satması için kardeşime vekaletname',
    ]) {
      const a = engine.answer(q);
      expect(a.operationId, q).toBe('notary-poa-general');
      expect(a.clarify, q).toBeUndefined();
    }
    for (const q of ['evimi satmak için vekalet', 'sell my flat in izmir power of attorney'])
      expect(engine.answer(q).operationId, q).toBe('notary-poa-property');
  });

  it('reads "car" as a whole word: a card or a career is no vehicle', () => {
    expect(hasCue(['sell', 'my', 'car'], 'car$')).toBe(true);
    expect(hasCue(['my', 'card'], 'car$')).toBe(false);
    expect(hasCue(['my', 'card'], 'car')).toBe(true);
    for (const q of [
      'power of attorney to sell my flat, I will pay the fee by card',
      'sell my house in antalya power of attorney, my career keeps me abroad',
    ])
      expect(engine.answer(q).operationId, q).toBe('notary-poa-property');
  });

  it('renews the document the message names', () => {
    for (const q of [
      'my turkish ID card expired, can I renew it at the consulate',
      'my identity card expired, can I renew it at the consulate',
    ])
      expect(engine.answer(q).operationId, q).toBe('identity-card-renewal');
    expect(engine.answer('my passport expired, can I renew it at the consulate').operationId).toBe(
      'passport-renewal',
    );
  });
});
