import { beforeAll, describe, expect, it } from 'vitest';
import { HizirConversation } from '../../../src/hizir/hizir-conversation';
import { contrastOf, intentParts } from '../../../src/hizir/hizir-segments';
import { HizirEngine } from '../../../src/hizir/hizir.engine';

const CONFIG = `${__dirname}/../../../config`;

describe('contrastOf', () => {
  it('sets aside the clause ending in "değil", with or without Turkish letters', () => {
    expect(contrastOf('Vize değil, oturma belgesi soruyorum')).toEqual({
      dropped: 'vize',
      kept: 'oturma belgesi soruyorum',
    });
    expect(contrastOf('vize degil ama oturma belgesi soruyorum')?.kept).toBe(
      'oturma belgesi soruyorum',
    );
  });

  it('sets aside "not X, Y" and "I don\'t want X, Y" in English', () => {
    expect(contrastOf('Not the visa, the residence certificate please')?.kept).toBe(
      'the residence certificate please',
    );
    expect(contrastOf("We don't want a visa, we want a residence certificate")?.kept).toBe(
      'we want a residence certificate',
    );
  });

  it('finds nothing when only a negation is said, or nothing follows it', () => {
    expect(contrastOf('acil değil')).toBeNull();
    expect(contrastOf('pasaportum geçerli değil')).toBeNull();
    expect(contrastOf('my passport is not valid')).toBeNull();
    expect(contrastOf('how do I renew my passport')).toBeNull();
  });
});

describe('intentParts', () => {
  it('splits where a second question is joined on, in both languages', () => {
    expect(intentParts('Ehliyetimi sordum, ayrıca askerlik durumumu öğrenmek istiyorum')).toEqual([
      'ehliyetimi sordum',
      'askerlik durumumu öğrenmek istiyorum',
    ]);
    expect(intentParts('kimlik kartim bir de noter').length).toBe(2);
    expect(intentParts('What is the fee? Also, where do I vote').length).toBe(2);
  });

  it('does not split at a bare "and" or "ve", which mostly joins parts of one matter', () => {
    expect(intentParts('fingerprints and signature for the ID card')).toHaveLength(1);
    expect(intentParts('parmak izi ve imza gerekiyor mu')).toHaveLength(1);
  });
});

describe('HizirEngine: what a message sets aside, and two questions in one', () => {
  let engine: HizirEngine;
  beforeAll(() => {
    engine = HizirEngine.fromConfig(CONFIG);
  });

  it('answers what the message asks for, not the matter it sets aside', () => {
    const set = engine.answer('askerlik tecili değil bedelli askerlik hakkında soruyorum');
    expect(set.operationId).toBe('military-service-paid-exemption');
    expect(set.handoff).toBe(false);
  });

  it('keeps a negation that only describes the matter ("no longer valid: renew")', () => {
    expect(engine.answer('pasaportum artık geçerli değil, yenilemem lazım').operationId).toBe(
      'passport-renewal',
    );
  });

  it('answers one of two joined questions and offers the other, which a reply picks', async () => {
    const c = new HizirConversation(engine);
    for (const text of [
      'Nüfus cüzdanımı kaybettim, ayrıca vekaletname çıkarmak istiyorum',
      'Nufus cuzdanimi kaybettim, ayrica vekaletname cikarmak istiyorum',
    ]) {
      const a = await c.reply(text, { sessionId: text });
      const ids = ['identity-card-lost', 'notary-poa-general'];
      expect(ids).toContain(a.operationId);
      expect(a.clarify?.options).toHaveLength(2);
      const other = ids.find((id) => id !== a.operationId)!;
      const title = engine.kbEntries.find((e) => e.operationId === other)!.title[a.lang];
      const i = a.clarify!.options.indexOf(title);
      expect(i).toBeGreaterThanOrEqual(0);
      expect((await c.reply(String(i + 1), { sessionId: text })).operationId).toBe(other);
    }
  });

  it('does not offer a second answer when the message asks one thing', () => {
    const a = engine.answer('do I need fingerprints and a signature for the passport renewal');
    expect(a.operationId).toBe('passport-renewal');
    expect(a.clarify).toBeUndefined();
  });
});
