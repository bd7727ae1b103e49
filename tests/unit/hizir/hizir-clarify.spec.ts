import { beforeAll, describe, expect, it } from 'vitest';
import { HizirEngine } from '../../../src/hizir/hizir.engine';

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
});
