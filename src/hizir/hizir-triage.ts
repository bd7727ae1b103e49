import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defaultConfigDir, loadKnowledgeBase, type KnowledgeBase } from './hizir-kb';
import { readLabelledQuestions, readSplit } from './hizir-questions';
import { readSnapshot } from './hizir-snapshot';
import { foldTurkish, isStopword, turkishLower } from './turkish-text';

/**
 * The triage text of an officer task: a question Hızır hands to an officer, with every word
 * that is not common consular vocabulary replaced by TRIAGE_MASK. An allow-list, not a
 * deny-list: a name, a place, a number or a rare word is masked because it is not known to be
 * safe, whatever its shape ("Karl Heinzmann arrested yesterday" → "[…] arrested yesterday").
 * The full question is only ever sealed (konsolosluk.service.ts).
 */
export const TRIAGE_MASK = '[…]';

/**
 * Distinct documents (knowledge-base entries and training questions) a word must be written in
 * lower case in to be common vocabulary. Assumption: 2, measured on config/ (96 entries, 1,377
 * training questions): a one-off word (a typo, a rare word, a name typed once in lower case) is
 * left out, and 2 keeps about 1,950 words, "arrested", "robbed" and "yesterday" among them,
 * which 3 (about 1,300 words) masks. Names are kept out by the casing rule, not by this count:
 * the training questions write "Mehmet", "Yılmaz" and "Ayşe" two or three times, always
 * capitalised. tests/unit/hizir/hizir-triage.spec.ts checks that no common first name,
 * surname or city of a list is in the vocabulary built from config/.
 */
export const TRIAGE_MIN_DOCS = 2;

/** Words kept in an officer task's triage text (folded, Turkish lower case). */
export interface TriageVocabulary {
  readonly words: ReadonlySet<string>;
}

// A word, with its apostrophe suffix ("Mehmet'in", "Türkiye'de"); the suffix goes with the word.
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’`´]\p{L}+)?/gu;
const APOSTROPHE = /['’`´]/;
const SENTENCE_END = /[.!?;:\n]/;
const CAPITALISED = /^\p{Lu}\p{Ll}/u;
// A word of two or more letters written all in capitals ("CAN", "YILMAZ", "DENİZ'İN"): how a
// surname, or a whole name, is typed on forms and in passports.
const ALL_CAPITALS = /^\p{Lu}[\p{Lu}\p{M}]*\p{Lu}[\p{M}]*(?:['’`´][\p{Lu}\p{M}]+)?$/u;
/** Written as a name is: Capitalised, or all in capitals. */
const nameCased = (word: string): boolean => CAPITALISED.test(word) || ALL_CAPITALS.test(word);
const HAS_DIGIT = /\p{N}/u;
const RUN_GAP = /^[\s[\]().\-/:@+]*$/;

function keyOf(word: string): string {
  return foldTurkish(turkishLower(word.split(APOSTROPHE)[0]!));
}

/**
 * The common vocabulary of a corpus: a word is common when it is written in lower case in at
 * least `minDocs` distinct documents and in lower case more often than capitalised within a
 * sentence. The second rule takes out proper nouns the corpus does use often ("Istanbul",
 * "Ankara", "Türkiye": capitalised where a sentence does not start, lower-cased only in
 * questions typed all in lower case); the first, rare words and the names in example
 * questions. Words with a digit are never common (ages, dates, document numbers). Pure.
 */
export function buildTriageVocabulary(
  documents: Iterable<string>,
  minDocs = TRIAGE_MIN_DOCS,
): TriageVocabulary {
  const lowerDocs = new Map<string, number>();
  const lowerUses = new Map<string, number>();
  const capitalisedUses = new Map<string, number>();
  for (const doc of documents) {
    const seen = new Set<string>();
    let sentenceStart = true;
    let last = 0;
    for (const m of doc.matchAll(WORD)) {
      if (SENTENCE_END.test(doc.slice(last, m.index))) sentenceStart = true;
      last = m.index + m[0].length;
      const word = m[0];
      const key = keyOf(word);
      const first = sentenceStart;
      sentenceStart = false;
      if (HAS_DIGIT.test(key)) continue;
      if (word === turkishLower(word)) {
        lowerUses.set(key, (lowerUses.get(key) ?? 0) + 1);
        if (!seen.has(key)) {
          seen.add(key);
          lowerDocs.set(key, (lowerDocs.get(key) ?? 0) + 1);
        }
      } else if (!first && CAPITALISED.test(word)) {
        capitalisedUses.set(key, (capitalisedUses.get(key) ?? 0) + 1);
      }
    }
  }
  const words = new Set<string>();
  for (const [key, docs] of lowerDocs)
    if (docs >= minDocs && (lowerUses.get(key) ?? 0) > (capitalisedUses.get(key) ?? 0))
      words.add(key);
  return { words };
}

/** The documents the triage vocabulary is learned from: each knowledge-base entry (all its
 * fields) and each training question (never the dev or test questions). */
export function triageDocuments(kb: KnowledgeBase, configDir: string): string[] {
  const questions = [
    ...readSplit(configDir, 'train'),
    ...[
      join(configDir, 'hizir', 'questions', 'train-extra.jsonl'),
      join(configDir, 'hizir', 'training.jsonl'),
    ]
      .filter((p) => existsSync(p))
      .flatMap((p) => readLabelledQuestions(p)),
  ];
  return [
    ...kb.entries.map((e) => e.fields.map((f) => f.text).join(' .\n')),
    ...questions.map((q) => q.text),
  ];
}

/**
 * The triage vocabulary of a config directory (default: ./config), built once at start: from
 * the build's snapshot of the knowledge base when it matches these config files (parsing the
 * YAML again took about 0.6 s), else from the YAML.
 */
export function loadTriageVocabulary(configDir = defaultConfigDir()): TriageVocabulary {
  const kb = readSnapshot(configDir)?.kb ?? loadKnowledgeBase(configDir);
  return buildTriageVocabulary(triageDocuments(kb, configDir));
}

/**
 * The question with every word that is not common vocabulary or a function word replaced by
 * TRIAGE_MASK, runs of masked words (a first name and a surname) by one. Apply after
 * redactText: its `[redacted]` marks are masked as well. Casing is read only where it says
 * something: a word capitalised, or written all in capitals, within a sentence is read as a name
 * and masked even when it is a common word ("my brother Can", "my brother CAN", "Bay Kaya"; an
 * acronym such as "ID" goes too), and such a word that starts a sentence is masked when the next
 * word is a masked one written so ("Can Yılmaz was arrested", "CAN YILMAZ was arrested"). Before
 * 8 December 2026 only Capitalised words were read as names, so "my brother CAN YILMAZ was
 * arrested" kept "CAN" in clear. In a text mostly capitalised (all capitals, Title Case) casing
 * says nothing and only the vocabulary decides. Pure.
 */
export function maskForTriage(text: string, vocabulary: TriageVocabulary): string {
  const tokens: { start: number; end: number; word: string; first: boolean }[] = [];
  let last = 0;
  let sentenceStart = true;
  for (const m of text.matchAll(WORD)) {
    if (SENTENCE_END.test(text.slice(last, m.index))) sentenceStart = true;
    tokens.push({ start: m.index, end: m.index + m[0].length, word: m[0], first: sentenceStart });
    sentenceStart = false;
    last = m.index + m[0].length;
  }
  const lettered = tokens.filter((t) => /\p{L}/u.test(t.word));
  const capitalised = lettered.filter((t) => CAPITALISED.test(t.word)).length;
  const capitals = lettered.filter((t) => ALL_CAPITALS.test(t.word)).length;
  const upper = lettered.filter((t) => t.word !== turkishLower(t.word)).length;
  // Casing is evidence only where most words are written in lower case.
  const casingSays = upper * 2 <= lettered.length;
  const known = (w: string): boolean => {
    const key = keyOf(w);
    if (HAS_DIGIT.test(key)) return false;
    return isStopword(key) || vocabulary.words.has(key);
  };
  const masked = tokens.map((t) => {
    if (!known(t.word)) return true;
    return casingSays && !t.first && nameCased(t.word);
  });
  if (casingSays && capitalised + capitals > 0)
    tokens.forEach((t, i) => {
      const next = tokens[i + 1];
      if (
        t.first &&
        !masked[i] &&
        nameCased(t.word) &&
        next &&
        masked[i + 1] &&
        nameCased(next.word) &&
        /^\s+$/.test(text.slice(t.end, next.start))
      )
        masked[i] = true;
    });
  let out = '';
  let pos = 0;
  let open = false;
  tokens.forEach((t, i) => {
    const gap = text.slice(pos, t.start);
    if (masked[i]) {
      // A masked word joined to the last one by blanks, brackets (`[redacted]`) or the
      // punctuation inside a date or an address is the same run.
      if (!(open && RUN_GAP.test(gap))) out += gap.replace(/\[$/, '') + TRIAGE_MASK;
      open = true;
      pos = t.end;
      if (text[pos] === ']') pos++;
    } else {
      out += gap + t.word;
      open = false;
      pos = t.end;
    }
  });
  return out + text.slice(pos);
}
