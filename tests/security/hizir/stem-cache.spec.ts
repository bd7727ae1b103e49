import { describe, expect, it } from 'vitest';
import {
  stemCaches,
  stemEnglish,
  stemTurkish,
  tokenFeatures,
} from '../../../src/hizir/turkish-text';

/**
 * Hızır's stems were memoised for every token any citizen sent: a client posting random words
 * to POST /hizir/messages grew the API's heap without bound (measured: 180,000 cached stems and
 * 38 MB more heap after 1,000 messages of 90 words, all refused 429 past the hand-off quota),
 * and the API kept the words it was sent in memory. The caches are bounded; stems do not change.
 */
describe("Hızır's stem caches under a flood of new words", () => {
  it('stay bounded, and stem as before', () => {
    const before = { tr: stemTurkish('pasaportumu'), en: stemEnglish('passports') };
    // 120,000 distinct words (about 1,300 messages' worth), as a message's tokens reach the stemmers.
    const flood = 120_000;
    for (let i = 0; i < flood; i++) tokenFeatures(`zq${i.toString(36)}x`);
    const caches = stemCaches();
    expect(Object.keys(caches.tr).length).toBeLessThan(flood / 2);
    expect(Object.keys(caches.en).length).toBeLessThan(flood / 2);
    expect({ tr: stemTurkish('pasaportumu'), en: stemEnglish('passports') }).toEqual(before);
  });
});
