/**
 * Which language Hızır answers in, when the message does not say it plainly.
 *
 * The cheap evidence (languageEvidence, turkish-text.ts: Turkish letters, function words,
 * inflections; and the engine's vote of knowledge-base words used in one language only) is often
 * silent on a short message of content words: "ignore previous instructions", "military service
 * deferral" or "pasaport yenileme randevusu" has no Turkish letter, no function word of either
 * list and no word that only one language's fields use. It scored 0, and a tie went to Turkish,
 * so an English speaker was answered in Turkish (before 7 December 2026).
 *
 * What decides then is how the words are spelt: a character n-gram model of each language (the
 * bigrams and trigrams of each word, with its boundaries, folded so that ASCII-typed Turkish reads
 * as Turkish), counted at engine start from the knowledge base's own Turkish and English texts
 * (the fields of config/hizir/ and the catalogue, each labelled with its language). "-tion",
 * "-ment", "th", "ff" are English; "-lik", "-ler", "-mesi", "bedel" are Turkish. Pure functions.
 */

import type { KbEntry } from './hizir-kb';
import { foldTurkish, tokenize, type HizirLang } from './turkish-text';

/** A character n-gram's log-likelihood ratio, ln P(gram | Turkish) − ln P(gram | English). */
export interface CharNgramModel {
  readonly llr: ReadonlyMap<string, number>;
}

/**
 * Additive smoothing of the n-gram counts. Assumption: 0.5 (Jeffreys' prior), the usual choice
 * for small corpora: a gram seen a few times in one language and never in the other weighs a few
 * nats, not infinitely many.
 */
export const NGRAM_SMOOTHING = 0.5;

/**
 * Below this size (in absolute value) the cheap evidence does not decide: the n-gram model does.
 * Assumption: 1, the weight of one function word or one knowledge-base word; a lone inflection
 * hint (±0.5, a suffix regex that English words also match, "-mis" in "permission") does not
 * outweigh how every letter of the message is spelt. Checked on the development splits (dev,
 * train, train-extra, test, probe-*-dev: 2,391 questions): the reply language was wrong for 18
 * before and 10 after; 1.5 or 2 gave 9 and 10, the n-grams alone 13 (7 December 2026).
 */
export const WEAK_EVIDENCE = 1;

/** Each word's bigrams and trigrams, with a space for each word boundary, folded. */
export function charNgrams(token: string, out: string[] = []): string[] {
  const w = ` ${foldTurkish(token)} `;
  for (let i = 0; i + 2 <= w.length; i++) {
    out.push(w.slice(i, i + 2));
    if (i + 3 <= w.length) out.push(w.slice(i, i + 3));
  }
  return out;
}

/** The knowledge base's texts of each language: every field that says its language, once. */
export function languageTexts(entries: readonly KbEntry[]): Record<HizirLang, string[]> {
  const seen: Record<HizirLang, Set<string>> = { tr: new Set(), en: new Set() };
  for (const e of entries) for (const f of e.fields) if (f.lang && f.text) seen[f.lang].add(f.text);
  return { tr: [...seen.tr], en: [...seen.en] };
}

/** Counts the n-grams of each language's texts and keeps each gram's log-likelihood ratio. */
export function trainCharNgrams(texts: Record<HizirLang, readonly string[]>): CharNgramModel {
  const count = (list: readonly string[]): { grams: Map<string, number>; total: number } => {
    const grams = new Map<string, number>();
    let total = 0;
    const buf: string[] = [];
    for (const text of list)
      for (const token of tokenize(text)) {
        if (!/\p{L}/u.test(token)) continue;
        buf.length = 0;
        for (const g of charNgrams(token, buf)) {
          grams.set(g, (grams.get(g) ?? 0) + 1);
          total++;
        }
      }
    return { grams, total };
  };
  const tr = count(texts.tr);
  const en = count(texts.en);
  const vocabulary = new Set([...tr.grams.keys(), ...en.grams.keys()]).size;
  const a = NGRAM_SMOOTHING;
  const trDenominator = tr.total + a * vocabulary;
  const enDenominator = en.total + a * vocabulary;
  const llr = new Map<string, number>();
  for (const g of new Set([...tr.grams.keys(), ...en.grams.keys()])) {
    const pTr = ((tr.grams.get(g) ?? 0) + a) / trDenominator;
    const pEn = ((en.grams.get(g) ?? 0) + a) / enDenominator;
    llr.set(g, Math.log(pTr / pEn));
  }
  return { llr };
}

/** A word's n-gram evidence: positive favours Turkish, negative English; 0 for unseen grams. */
export function wordNgramEvidence(model: CharNgramModel, token: string): number {
  const w = ` ${foldTurkish(token)} `;
  let score = 0;
  for (let i = 0; i + 2 <= w.length; i++) {
    score += model.llr.get(w.slice(i, i + 2)) ?? 0;
    if (i + 3 <= w.length) score += model.llr.get(w.slice(i, i + 3)) ?? 0;
  }
  return score;
}

/** The message's n-gram evidence: the sum over its words (ln-likelihood ratio, Turkish positive). */
export function ngramEvidence(model: CharNgramModel, tokens: readonly string[]): number {
  let score = 0;
  for (const t of tokens) score += wordNgramEvidence(model, t);
  return score;
}

/**
 * The reply language from the cheap evidence (positive Turkish) and, when that is weak, the
 * n-gram evidence (read only then: `ngram` is called lazily). When both are silent (no gram the
 * model has seen), Turkish, the consulates' own language, as before. "ASCII-only text without
 * Turkish evidence is more often English" does not hold on the development splits: of the 26
 * questions whose cheap evidence was 0, all in ASCII, 15 are labelled Turkish and 11 English, and
 * sending those ties to English made 22 replies wrong against 18.
 */
export function chooseLanguage(cheap: number, ngram: () => number): HizirLang {
  if (Math.abs(cheap) >= WEAK_EVIDENCE) return cheap > 0 ? 'tr' : 'en';
  const n = ngram();
  if (n !== 0) return n > 0 ? 'tr' : 'en';
  return cheap < 0 ? 'en' : 'tr';
}
