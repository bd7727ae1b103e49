import { beforeAll, describe, expect, it } from 'vitest';
import { namesForeignDocument } from '../../../src/hizir/hizir-scope';
import { HizirEngine } from '../../../src/hizir/hizir.engine';

const CONFIG = `${__dirname}/../../../config`;

describe('namesForeignDocument', () => {
  it('recognises another nationality’s passport or ID card, in both languages', () => {
    for (const t of [
      'my Irish passport is full',
      'lost our Swiss ID',
      'İspanyol pasaportumu yenilemek istiyorum',
      'ispanyol pasaportumu yenilemek istiyorum',
      'Avusturya pasaportu başvurusu',
    ]) {
      expect(namesForeignDocument(t), t).toBe(true);
    }
  });

  it('leaves where something happened, and Turkish documents, to the model', () => {
    for (const t of [
      'İspanya’da pasaportumu kaybettim',
      'ispanyada pasaport yenileme',
      'I have an Irish passport, do I need a visa for Turkey?',
      'my daughter has a Swiss passport and needs a Turkish one too',
      'T.C. kimlik kartımı Avusturya’da kaybettim',
      'T.C. kimliğim ve Avusturya pasaportum var',
      'tc kimligim ve avusturya pasaportu',
    ]) {
      expect(namesForeignDocument(t), t).toBe(false);
    }
  });
});

describe('HizirEngine: another country’s documents', () => {
  let engine: HizirEngine;
  beforeAll(() => {
    engine = HizirEngine.fromConfig(CONFIG);
  });

  it('hands another country’s passport or ID card off as out of scope, not as a Turkish one', () => {
    for (const t of ['how to renew an Irish passport', 'İspanyol kimlik kartımı kaybettim']) {
      const a = engine.answer(t);
      expect(a.handoffReason, t).toBe('out-of-scope');
      expect(a.operationId, t).toBeNull();
    }
  });

  it('still answers a Turkish passport lost in another country', () => {
    expect(engine.answer('İspanya’da pasaportumu kaybettim').handoffReason).not.toBe(
      'out-of-scope',
    );
  });
});
