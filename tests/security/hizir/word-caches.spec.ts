import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { featurize, wordFeatureCacheSize } from '../../../src/hizir/hizir-classifier';
import { HizirEngine } from '../../../src/hizir/hizir.engine';

const CONFIG = join(__dirname, '..', '..', '..', 'config');

/** n written in the letters a-z (a word with a digit in it is one "<num>" word to Hızır). */
function letters(n: number): string {
  let s = '';
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  } while (n > 0);
  return s;
}

/**
 * Hızır works out what a word adds to a question once and keeps it: the classifier's hashed
 * features of a word, and the ranking's view of a query word (its language vote and the
 * knowledge base's features of it). A client posting random words to POST /hizir/messages must
 * not grow those caches, and the API's heap, without bound, as the stem caches once did
 * (stem-cache.spec.ts); past their bound they start afresh and give the same answers.
 */
describe("Hızır's word caches under a flood of new words", () => {
  it('stay bounded, and answer as before', () => {
    const engine = HizirEngine.fromConfig(CONFIG);
    const question = 'pasaportumu kaybettim ne yapmalıyım';
    const before = { answer: engine.answer(question), x: featurize(question) };
    // 60,000 distinct words in messages of 60, as the API would pass them on: three times the
    // caches' bound (20,000), so an unbounded cache would hold them all and fail below.
    const flood = 60_000;
    const perMessage = 60;
    for (let m = 0; m < flood / perMessage; m++) {
      const words = Array.from(
        { length: perMessage },
        (_, i) => `zq${letters(m * perMessage + i)}x`,
      );
      const text = words.join(' ');
      featurize(text);
      engine.rank(text);
    }
    const queryWords = (engine as unknown as { wordCache: Map<string, unknown> }).wordCache;
    expect(wordFeatureCacheSize()).toBeLessThan(flood / 2);
    expect(queryWords.size).toBeLessThan(flood / 2);
    expect(engine.answer(question)).toEqual(before.answer);
    expect(featurize(question)).toEqual(before.x);
    // About 7 s alone; a CI run on a machine loaded five times over once took more than 60 s.
  }, 180_000);
});
