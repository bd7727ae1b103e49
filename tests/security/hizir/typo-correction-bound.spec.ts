import { beforeAll, describe, expect, it, vi } from 'vitest';
import { HizirEngine } from '../../../src/hizir/hizir.engine';

const CONFIG = `${__dirname}/../../../config`;

/** Words nobody has written before: each is unknown to the knowledge base and long enough to correct. */
function madeUpWords(count: number, tag: string): string {
  return Array.from({ length: count }, (_, i) => `qz${tag}${i.toString(36)}wvk`).join(' ');
}

/**
 * Hızır typo-corrects a word it does not know by scanning the vocabulary of that word's length.
 * A message of made-up words (1,000 characters: about 115 of them) made it scan for every one,
 * 20 ms of CPU per message against about 1 ms for a question, whether or not the message was
 * then answered or refused: a cheap way to load the API. Corrections are bounded per question.
 */
describe("Hızır's typo correction on a message of made-up words", () => {
  let engine: HizirEngine;
  beforeAll(() => {
    engine = HizirEngine.fromConfig(CONFIG);
  });

  it('corrects a bounded number of words per message, however many it does not know', () => {
    const proto = Object.getPrototypeOf(engine) as { corrected: (t: string) => unknown };
    const spy = vi.spyOn(proto, 'corrected');
    try {
      const junk = madeUpWords(150, 'a').slice(0, 1000);
      engine.answer(junk);
      const oneMessage = spy.mock.calls.length;
      expect(junk.split(' ').length).toBeGreaterThan(100);
      expect(oneMessage).toBeGreaterThan(0);
      expect(oneMessage).toBeLessThanOrEqual(32 * 4);
      // Ten times as many words do not cost ten times as many corrections.
      spy.mockClear();
      engine.answer(madeUpWords(1_000, 'b'));
      expect(spy.mock.calls.length).toBeLessThanOrEqual(oneMessage);
    } finally {
      spy.mockRestore();
    }
  });

  it('still corrects the typos of an ordinary question', () => {
    const right = engine.answer('I lost my passport abroad, what should I do?');
    const typed = engine.answer('I lost my pasport abraod, what should I do?');
    expect(typed.operationId).toBe(right.operationId);
    expect(typed.area).toBe('passport');
  });

  it('gives the same answer to a long message whether its words were seen before or not', () => {
    const text = `${madeUpWords(60, 'c')} pasaprot kaybettim`;
    const cold = HizirEngine.fromConfig(CONFIG).answer(text);
    engine.answer(text);
    const warm = engine.answer(text);
    expect(warm).toEqual(cold);
  });
});
