import type { KbEntry } from './hizir-kb';
import { WordMemo } from './hizir-memo';
import { foldTurkish, isDomainWord, isStopword, tokenFeatures, tokenize } from './turkish-text';

/**
 * Messages that name an area of consular services and no operation of it ("info about visas
 * please", "askerlik işlemleri", "noterlik işlemleri hakkında bilgi"): a consular question that
 * cannot be answered as asked, so the engine asks which of the area's operations is meant.
 *
 * What names an area comes from the catalogue, not from a list of phrases: the words of each
 * area's Turkish and English name (config/konsolosluk/areas.yaml) without the words every
 * heading has ("İşlemleri", "services"), and the members of a synonyms.yaml group that holds such
 * a whole name ("kimlik kartı" → "ID", "identity", "nüfus cüzdanı"; "askerlik" → "military",
 * "conscription"). A name is named when all its words are there ("civil registry", "sosyal
 * güvenlik"; "civil engineering" is not); every other word of the message must be one of the
 * area's words, a function word, a word of the consular domain ("consulate", "Turkish") or a word
 * of asking (below) — any other word ("renew", "Canada", "insurance") may say which operation or
 * that it is not Hızır's, and the rule stays out. So does a message holding an operation's name
 * or keyword that is more than area words ("get a passport" is a first application; "ID card",
 * all area words, names no operation).
 */

/** Words of an area's heading that every heading has: they name no area. Folded. */
const HEADING_WORDS = /^(?:islem\w*|services?|hizmet\w*)$/;
/**
 * Words of asking about a topic, folded, that say nothing about which operation ("bilgi",
 * "hakkında", "question", "info", "help"); with `yurt dışı` (abroad, as "abroad" is a domain word).
 * By judgement, from how the labelled questions ask; not the test phrases.
 */
const ASKING_WORDS =
  /^(?:bilgi\w*|soru\w*|sormak|sorabilir\w*|sorucam|soracag\w*|hakkinda\w*|hk|ilgili|ilgil\w*|konusunda|konusu\w*|yardim\w*|verir|verebilir\w*|miyim|misin|olacakti|yurt|disi|disinda\w*|islem\w*|hizmet\w*|info|infos|information|informations|details?|questions?|ask|asking|regarding|concerning|re|help|matters?|stuff|things?|topics?|services?|general|pls|plz|like|anything|something|give|enquir\w*|inquir\w*)$/;

/** True for a word of asking about a topic (folded or not): it says nothing about which operation. */
export function isAskingWord(token: string): boolean {
  return ASKING_WORDS.test(foldTurkish(token));
}

/**
 * The one operation a message consists of the name or keyword of, with nothing else but function
 * words, words of the consular domain and words of asking ("how do I get a passport": "get a
 * passport" is the first application's keyword; "kimlik kartı başvurusu nasıl yapılır"), or null.
 * Any other word ("student id card", "a passport in Germany") leaves the message to the model, as
 * does a message naming two operations. `phrases` are the operations' names and keywords of two
 * words or more, folded (hizir.engine.ts).
 */
export function operationOnly<T>(
  text: string,
  phrases: readonly { entry: T; phrase: string }[],
): T | null {
  const tokens = tokenize(text).map(foldTurkish);
  const covered = tokens.map(() => false);
  const found: { entry: T; from: number; to: number }[] = [];
  const { byFirst, single } = phraseIndex(phrases);
  const at = (words: readonly string[], i: number): boolean =>
    // The last word may carry a suffix ("geçici pasaportun", "kimlik kartı başvurusu").
    words.every((w, k) =>
      k === words.length - 1 ? tokens[i + k]!.startsWith(w) : tokens[i + k] === w,
    );
  const add = (entry: T, words: readonly string[], i: number): void => {
    found.push({ entry, from: i, to: i + words.length });
    covered.fill(true, i, i + words.length);
  };
  // The order phrases are found in does not matter: only what they cover and which entries
  // they name (a set) decide.
  for (let i = 0; i < tokens.length; i++) {
    for (const { entry, words } of byFirst.get(tokens[i]!) ?? [])
      if (i + words.length <= tokens.length && at(words, i)) add(entry, words, i);
    for (const { entry, words } of single) if (at(words, i)) add(entry, words, i);
  }
  if (found.length === 0) return null;
  // Türkiye is a domain word, but as a place it may say the matter is at home ("a passport in
  // Turkey"): the model judges such a message.
  const neutral = (t: string): boolean =>
    t.length < 2 ||
    isStopword(t) ||
    isAskingWord(t) ||
    (isDomainWord(t) && !/^turk(?:ey|iy)/.test(t));
  if (!tokens.every((t, i) => covered[i] || neutral(t))) return null;
  // A name inside another operation's longer one is that longer name's ("travel document" in
  // "emergency travel document").
  const kept = new Set(
    found
      .filter(
        (f) =>
          !found.some(
            (g) =>
              g.entry !== f.entry &&
              g.from <= f.from &&
              g.to >= f.to &&
              g.to - g.from > f.to - f.from,
          ),
      )
      .map((f) => f.entry),
  );
  return kept.size === 1 ? [...kept][0]! : null;
}

interface PhraseIndex<T> {
  /** Phrases of two words or more by their first word, which must be a message word as it is. */
  byFirst: Map<string, { entry: T; words: string[] }[]>;
  /** Phrases of one word (a prefix of a message word). */
  single: { entry: T; words: string[] }[];
}

/**
 * operationOnly's phrases split into words and indexed by their first word, once per list (the
 * engine passes the same list to every answer), so a message is not matched against every
 * phrase at every word.
 */
const phraseIndexes = new WeakMap<object, PhraseIndex<unknown>>();

function phraseIndex<T>(phrases: readonly { entry: T; phrase: string }[]): PhraseIndex<T> {
  const known = phraseIndexes.get(phrases) as PhraseIndex<T> | undefined;
  if (known) return known;
  const index: PhraseIndex<T> = { byFirst: new Map(), single: [] };
  for (const { entry, phrase } of phrases) {
    const words = phrase.split(' ');
    if (words.length === 1) {
      index.single.push({ entry, words });
      continue;
    }
    const list = index.byFirst.get(words[0]!);
    if (list) list.push({ entry, words });
    else index.byFirst.set(words[0]!, [{ entry, words }]);
  }
  phraseIndexes.set(phrases, index as PhraseIndex<unknown>);
  return index;
}

export interface AreaVocabulary {
  area: string;
  name: { tr: string; en: string };
  /** Each a set of words (their features) that, all present, name the area. */
  names: string[][][];
  /** Features of every word of the area's names and aliases. */
  words: Set<string>;
}

/** Letters of the prefix feature (turkish-text.ts: PREFIX_STEM_LENGTH). */
const PREFIX_LETTERS = 5;

/**
 * A word's features (stems, prefix), as the knowledge base indexes it, and its prefix feature
 * also when it is the whole word: "noter" has no prefix feature of its own there, so it did not
 * meet "noterlik" ("noter işlemleri"), nor "kartı" "kartımla".
 */
function features(word: string): readonly string[] {
  let out = featureCache.get(word);
  if (out === undefined) {
    const found = tokenFeatures(word);
    const folded = foldTurkish(word);
    if (folded.length === PREFIX_LETTERS) found.push(`~${folded}`);
    featureCache.set(word, found);
    out = found;
  }
  return out;
}

/**
 * features() of each word met, worked out once per word (the same words recur in message after
 * message): the engine's own words kept, any other for one answer (hizir-memo.ts). Bounded as
 * the stem memos are (turkish-text.ts). Assumption: 20,000 words, as the engine's word memos.
 */
const FEATURE_CACHE_LIMIT = 20_000;
const featureCache = new WordMemo<readonly string[]>('areaFeatures', FEATURE_CACHE_LIMIT);

/** The content words of a name or phrase: no function word, no heading word. */
function nameWords(text: string): string[] {
  return tokenize(text).filter(
    (t) => t.length >= 2 && !isStopword(t) && !HEADING_WORDS.test(foldTurkish(t)),
  );
}

function sameWords(a: string[], b: string[]): boolean {
  const fa = a.map(foldTurkish).sort();
  const fb = b.map(foldTurkish).sort();
  return fa.length === fb.length && fa.every((w, i) => w === fb[i]);
}

/** Each area's vocabulary, from its operations' area names and the synonym groups. */
export function areaVocabularies(
  entries: readonly KbEntry[],
  synonyms: string[][],
): AreaVocabulary[] {
  const byArea = new Map<string, { tr: string; en: string }>();
  for (const e of entries)
    if (e.kind === 'operation' && e.area && e.areaName && !byArea.has(e.area))
      byArea.set(e.area, e.areaName);
  return [...byArea].map(([area, name]) => {
    const full = [nameWords(name.tr), nameWords(name.en)].filter((n) => n.length > 0);
    const phrases = [...full];
    for (const group of synonyms) {
      const members = group.map(nameWords).filter((m) => m.length > 0);
      if (members.some((m) => full.some((f) => sameWords(m, f)))) phrases.push(...members);
    }
    const names = phrases.map((p) => p.map((w) => [...features(w)]));
    const words = new Set(names.flat(2));
    return { area, name, names, words };
  });
}

/** Whether a message word is the name word `w` (they share a feature). */
function matches(word: readonly string[], w: readonly string[]): boolean {
  return word.some((f) => w.includes(f));
}

/**
 * The area a message names with no operation of it, or null. `phrases` are the operations' and
 * general entries' names and keywords, folded (hizir.engine.ts).
 */
export function areaOnly(
  text: string,
  vocabularies: readonly AreaVocabulary[],
  phrases: readonly string[],
): AreaVocabulary | null {
  const tokens = tokenize(text);
  // A letter glued to a word changes it ("e-visa", "e-Devlet"): the rule stays out.
  if (tokens.some((t) => t.length === 1 && !isStopword(t) && /\p{L}/u.test(t))) return null;
  const content = tokens
    .filter((t) => t.length >= 2 && !isStopword(t) && !isDomainWord(t))
    .filter((t) => !ASKING_WORDS.test(foldTurkish(t)));
  if (content.length === 0) return null;
  const words = content.map(features);
  let found: { v: AreaVocabulary; size: number } | null = null;
  let tie = false;
  for (const v of vocabularies) {
    if (!words.every((w) => w.some((f) => v.words.has(f)))) continue;
    const named = v.names.filter((n) => n.every((nw) => words.some((w) => matches(w, nw))));
    if (named.length === 0) continue;
    const size = Math.max(...named.map((n) => n.length));
    if (found && size === found.size) tie = true;
    if (!found || size > found.size) {
      found = { v, size };
      tie = false;
    }
  }
  if (!found || tie) return null;
  // An operation's name or keyword in the message that is more than the area's words.
  const folded = ` ${tokens.map(foldTurkish).join(' ')} `;
  for (const phrase of phrases) {
    const i = folded.indexOf(` ${phrase}`);
    if (i < 0) continue;
    const onlyArea = phrase
      .split(' ')
      .filter((t) => !isDomainWord(t))
      .every((t) => features(t).some((f) => found!.v.words.has(f)));
    if (!onlyArea) return null;
  }
  return found.v;
}
