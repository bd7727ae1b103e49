import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { heldKeys } from '../../../src/hizir/hizir-memo';
import { HizirEngine } from '../../../src/hizir/hizir.engine';
import { foldTurkish, stemCaches, turkishLower } from '../../../src/hizir/turkish-text';

const CONFIG = join(__dirname, '..', '..', '..', 'config');

/**
 * Hızır remembers what it works out while it answers (a text's words, a word's stems and
 * features), but a citizen's message, and the words of it that are not the engine's own (a name,
 * a passport number, a misspelling), must not stay in the process once the answer is given: the
 * last 512 whole messages, and every word's stems and features, had been kept (before 7 December
 * 2026). Words of the knowledge base are kept across answers, as before.
 */
describe('What Hızır keeps of a message after answering it', () => {
  const message =
    'Merhaba, ben Zülfikarqx Vomberglund. Pasaportumu kaybettim, numarası U9Q7731ZX; ' +
    'yeni pasaprotqz için ne yapmalıyım? Adresim Qwertzstraße 17.';
  const own = ['zülfikarqx', 'vomberglund', 'u9q7731zx', 'pasaprotqz', 'qwertzstraße'];

  it('keeps neither the message nor its unknown words, and keeps the knowledge base words', () => {
    const engine = HizirEngine.fromConfig(CONFIG);
    const first = engine.answer(message);
    expect(first.area).toBe('passport');
    // A clarifying question's follow-up reads the message again: it lets it go as well.
    engine.pendingFor(message, first);
    const marks = own.flatMap((w) => [w, foldTurkish(w)]);
    const held = heldKeys().filter(({ key }) => {
      const k = foldTurkish(turkishLower(key));
      return key === message || marks.some((m) => k.includes(m));
    });
    expect(held).toEqual([]);
    const stems = stemCaches();
    for (const w of own) {
      expect(stems.tr[w]).toBeUndefined();
      expect(stems.en[w]).toBeUndefined();
    }
    // The knowledge base's own words are kept: "pasaportumu" is worked out once.
    expect(heldKeys().some(({ memo, key }) => memo === 'stemTurkish' && key === 'pasaport')).toBe(
      true,
    );
    // And the same answer comes back, worked out again from nothing.
    expect(engine.answer(message)).toEqual(first);
  });

  it("keeps the training questions' words, and never a word with a digit", () => {
    const engine = HizirEngine.fromConfig(CONFIG);
    // "acilen" is in the training questions (config/hizir/questions/train.jsonl), not in the
    // knowledge base; "12345" is in the training questions too, but has digits.
    const words = HizirEngine.trainingWords(CONFIG);
    expect(words).toContain('acilen');
    expect(words).toContain('12345');
    engine.answer('Pasaportumu acilen yenilemem gerek, başvuru numaram 12345');
    const held = heldKeys();
    expect(held.some(({ memo, key }) => memo === 'stemTurkish' && key === 'acilen')).toBe(true);
    expect(held.filter(({ key }) => /\d/.test(key))).toEqual([]);
  });
});
