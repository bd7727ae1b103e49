import { beforeAll, describe, expect, it } from 'vitest';
import { HizirEngine } from '../../../src/hizir/hizir.engine';
import { namesForeignDocument, namesForeignVisa } from '../../../src/hizir/hizir-scope';

const CONFIG = `${__dirname}/../../../config`;

// Generalisation failures an outside tester found (6 December 2026): a generic "how do I get X",
// another country's passport or visa, the e-visa's fee, "help with X" that is no distress, and
// out-of-scope questions sharing a word with an area (a bank card, insurance, an online account,
// a pet's passport).
describe('Hızır: look-alikes and generic questions', () => {
  let engine: HizirEngine;
  beforeAll(() => {
    engine = HizirEngine.fromConfig(CONFIG);
  });
  const ask = (text: string) => engine.answer(text);
  const entryOf = (text: string) => {
    const a = ask(text);
    return a.handoff ? `handoff:${a.handoffReason}` : (a.operationId ?? a.sources[0] ?? a.area);
  };

  it('answers a message that is one operation\'s keyword and words of asking ("how do I get a passport")', () => {
    // It had been handed off as out of scope (0.947).
    expect(entryOf('how do I get a passport')).toBe('passport-first-issue');
    // Another word than asking ones leaves it to the model, which may well hand it off.
    expect(ask('lost my student id card').operationId).not.toBe('identity-card-first-issue');
  });

  it("hands off another country's passport or visa as out of scope", () => {
    expect(entryOf('US passport renewal')).toBe('handoff:out-of-scope');
    expect(entryOf('how much is a US tourist visa for turks')).toBe('handoff:out-of-scope');
    expect(entryOf('Amerika vizesi nasıl alınır')).toBe('handoff:out-of-scope');
    // A visa to come to Türkiye stays the mission's, whoever asks.
    expect(ask('how can my wife get a tourist visa for Turkey, she is Indian').area).toBe('visa');
  });

  it('reads "US" as a nationality only where it cannot be the pronoun', () => {
    expect(namesForeignDocument('US passport renewal')).toBe(true);
    expect(namesForeignDocument('my us passport expired')).toBe(true);
    expect(namesForeignDocument('can you send us passport copies')).toBe(false);
    expect(namesForeignVisa('Japanese visa for a Turkish citizen')).toBe(true);
    expect(namesForeignVisa('uk visitor visa for my mum')).toBe(true);
    expect(namesForeignVisa('can you give us visa information')).toBe(false);
    expect(namesForeignVisa('Indian citizen, tourist visa for Turkey')).toBe(false);
    expect(
      namesForeignVisa(
        'transit in Istanbul on the way to Canada, do I need a Turkish transit visa',
      ),
    ).toBe(false);
  });

  it("answers the e-visa's fee with the e-visa, not the sticker visas' fees", () => {
    const a = ask('how much is an e-visa');
    expect(a.sources.some((s) => s.endsWith('#general.evisa'))).toBe(true);
    expect(a.clarify).toBeUndefined();
    expect(entryOf('e-vize ücreti kaç dolar')).toBe('config/hizir/faq.yaml#general.evisa');
    // A visa's fee naming no kind is still asked about.
    expect(ask('vize ücreti ne kadar').clarify).toBeDefined();
  });

  it('reads "help with X" as X, and a story of need as distress', () => {
    const passport = ask('I need help with passport stuff');
    expect(passport.handoffReason).not.toBe('sensitive');
    expect(passport.area).toBe('passport');
    const military = ask('askerlikle ilgili yardım lazım');
    expect(military.handoffReason).not.toBe('sensitive');
    expect(military.area).toBe('military-service');
    expect(ask('help me write a cover letter for a job').handoffReason).toBe('out-of-scope');
    // Without "help with", a story of need stays the officer's.
    expect(
      ask(
        "I'm 19 and backpacking in Thailand, and I've been scammed out of all my money. Can the embassy help me get home?",
      ).handoffReason,
    ).toBe('sensitive');
    expect(ask('help').handoffReason).toBe('sensitive');
  });

  it('hands off a bank card, insurance, an online account or a pet passport as out of scope, with a pointer', () => {
    for (const text of [
      'visa card payment declined',
      'kredi kartım online ödemede reddediliyor',
      'travel insurance info',
      'forgot my apple id password',
      'pet passport for my cat to travel',
    ])
      expect(entryOf(text), text).toBe('handoff:out-of-scope');
    expect(ask('visa card payment declined').answer).toMatch(/bank/);
    // The consulate's own matters sharing those words are still answered.
    expect(entryOf('harç ödemesinde kartım reddedildi')).toBe(
      'config/hizir/faq.yaml#general.payment',
    );
    expect(entryOf('my dog chewed my passport')).toBe('passport-damaged');
    expect(ask('sosyal güvenlik sözleşmesi formu lazım sağlık sigortası için').area).toBe(
      'social-security',
    );
  });
});
