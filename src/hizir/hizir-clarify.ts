import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readYaml } from './hizir-kb';
import type { HizirLang } from './turkish-text';

/**
 * Clarifying questions for pairs of answers that people's words do not tell apart (a lost
 * passport: a replacement at leisure, or an emergency document to travel in the next days?),
 * from config/hizir/clarify.yaml. Pairs not listed there get a generic "which of these?".
 */
export interface ClarifyOption {
  /** Operation or general entry id. */
  entry: string;
  label: Record<HizirLang, string>;
  /** Short replies that pick this option ("evet", "yes, tomorrow"): every word must appear. */
  replies: string[];
  /** Word beginnings that, in a question, already say this option is meant. */
  cues: string[];
  /** Word beginnings that, in a question, keep the cues from saying so (a car sold, for the
   * title-deed option's "sell"); absent: none. */
  unless: string[];
}

export interface ClarifyPair {
  question: Record<HizirLang, string>;
  options: ClarifyOption[];
}

function text(v: unknown, where: string): string {
  if (typeof v !== 'string' || v.trim() === '') throw new Error(`${where}: must be a text`);
  return v;
}

/** Reads config/hizir/clarify.yaml (none: no configured pairs). */
export function loadClarifications(configDir: string): ClarifyPair[] {
  const path = join(configDir, 'hizir', 'clarify.yaml');
  if (!existsSync(path)) return [];
  const doc = (readYaml(path) ?? {}) as { pairs?: unknown[] };
  return (doc.pairs ?? []).map((raw, i) => {
    const p = raw as Record<string, unknown>;
    const where = `config/hizir/clarify.yaml: pairs[${i}]`;
    const options = (Array.isArray(p.options) ? p.options : []) as Record<string, unknown>[];
    if (options.length !== 2) throw new Error(`${where}.options: needs two options`);
    return {
      question: {
        tr: text(p.question_tr, `${where}.question_tr`),
        en: text(p.question_en, `${where}.question_en`),
      },
      options: options.map((o, j) => ({
        entry: text(o.entry, `${where}.options[${j}].entry`),
        label: {
          tr: text(o.label_tr, `${where}.options[${j}].label_tr`),
          en: text(o.label_en, `${where}.options[${j}].label_en`),
        },
        replies: Array.isArray(o.replies) ? o.replies.map((r) => String(r)) : [],
        cues: Array.isArray(o.cues) ? o.cues.map((r) => String(r)) : [],
        unless: Array.isArray(o.unless) ? o.unless.map((r) => String(r)) : [],
      })),
    };
  });
}

/**
 * A cue's words, lower-cased, worked out once per cue: the cues are the configured ones, read for
 * every question (bounded all the same, as hasCue is exported).
 */
const cueWords = new Map<string, readonly string[]>();
const CUE_CACHE_LIMIT = 10_000;

function cueParts(cue: string): readonly string[] {
  let parts = cueWords.get(cue);
  if (parts === undefined) {
    parts = cue
      .toLocaleLowerCase('tr')
      .split(/\s+/)
      .filter((p) => p.length > 0 && p !== '$');
    if (cueWords.size >= CUE_CACHE_LIMIT) cueWords.clear();
    cueWords.set(cue, parts);
  }
  return parts;
}

/** True when every word of `cue` begins some word of the (folded) question, in order of appearance
 * not required: "gun sonra" matches "2 gün sonra uçacağım". A cue word ending in `$` must be a
 * whole word: "car$" matches "car" and not "card" or "career". */
export function hasCue(foldedWords: readonly string[], cue: string): boolean {
  const parts = cueParts(cue);
  return (
    parts.length > 0 &&
    parts.every((p) =>
      p.endsWith('$')
        ? foldedWords.includes(p.slice(0, -1))
        : foldedWords.some((w) => w.startsWith(p)),
    )
  );
}

/** True when the (folded) question holds one of the option's cues and none of its `unless`. */
export function optionCued(
  option: ClarifyOption,
  foldedWords: readonly string[],
  fold: (s: string) => string,
): boolean {
  const has = (cue: string) => hasCue(foldedWords, fold(cue));
  return option.cues.some(has) && !option.unless.some(has);
}
