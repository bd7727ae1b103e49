import { describe, expect, it } from 'vitest';
import { redactText } from '../../../src/common/redact';
import { loadTriageVocabulary, maskForTriage } from '../../../src/hizir/hizir-triage';

// The vocabulary Hızır's own knowledge base and training questions make (config/), built once.
const vocabulary = loadTriageVocabulary();
const mask = (text: string) => maskForTriage(redactText(text), vocabulary);
const words = (text: string) => text.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);

/**
 * An officer task's clear text (Redis, the dashboard) keeps a word only when it is common
 * vocabulary and not written as a name. Probed through POST /hizir/messages on 8 December
 * 2026: "my brother CAN YILMAZ was arrested yesterday" was stored as "my brother CAN […] was
 * arrested yesterday", since "can" and "will" are common English words and only a Capitalised
 * word was read as a name; a surname or a whole name is typed in capitals on forms and
 * passports.
 */
describe('a name written in capitals in an officer task', () => {
  it.each([
    ['my brother CAN YILMAZ was arrested yesterday', ['CAN', 'YILMAZ'], ['brother', 'arrested']],
    ['my son WILL was arrested in Berlin', ['WILL', 'Berlin'], ['son', 'arrested']],
    ['CAN YILMAZ was arrested in Berlin', ['CAN', 'YILMAZ'], ['was', 'arrested']],
    ["my passport was stolen, please help CAN'S family", ['CAN', 'S'], ['passport', 'stolen']],
  ])('%s', (question, gone, kept) => {
    // Each common word it hides is common vocabulary, so only its casing can tell the name.
    expect(mask(question.toLowerCase())).toContain(gone[0]!.toLowerCase());
    const left = words(mask(question));
    for (const w of gone) expect(left, `${w} in ${mask(question)}`).not.toContain(w);
    for (const w of kept) expect(left, `${w} in ${mask(question)}`).toContain(w);
  });
});
