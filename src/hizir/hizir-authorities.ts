import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readYaml } from './hizir-kb';
import { WordMemo } from './hizir-memo';
import { foldTurkish, tokenize, type HizirLang } from './turkish-text';

/**
 * Turkish authorities at home that citizens abroad take for the consulate's business (YÖK's
 * diploma equivalence, an identity card at the nüfus müdürlüğü, an e-Devlet password, the tax
 * office), from config/hizir/authorities.yaml. The list does not decide whether a question is
 * out of scope: after Hızır has handed a question off as out of scope, a rule that matches the
 * message adds a short pointer to the authority that handles it. A rule may also name the
 * knowledge-base entries it overrules ("how do I get my diploma recognised by YÖK" is not the
 * legalisation of a diploma): a message it matches that the model answers with one of those is
 * handed off as out of scope with the pointer. A rule that overrules any entry also
 * turns an unsure hand-off into the out-of-scope one (the unsure guess is no consular matter:
 * "my iphone stopped charging" had gone to an officer as an identity card's update); a rule that
 * overrules nothing only adds its pointer. Rules are deliberately narrow: a wrong pointer is worse than none.
 */
export interface HomeAuthority {
  id: string;
  /**
   * Alternatives; each is a list of terms that must all occur in the message. A term is one or
   * more words separated by spaces, matched as prefixes of consecutive words of the message
   * (folded: "sifre" matches "şifremi"); `a|b` is either; a word written `=yök` must occur
   * exactly so, Turkish letters included ("YÖK", not the word "yok").
   */
  when: string[][];
  /** Terms any of which in the message silences the rule. */
  unless: string[];
  /** Entry ids (operation or general) the rule overrules. */
  overrules: string[];
  pointer: Record<HizirLang, string>;
}

/** One word pattern: a folded prefix, or an exact unfolded word. */
interface WordPattern {
  exact: boolean;
  text: string;
}

/** A term compiled: alternatives, each a run of consecutive word patterns. */
type Term = WordPattern[][];

export interface CompiledAuthority extends HomeAuthority {
  whenTerms: Term[][];
  unlessTerms: Term[];
}

function compileTerm(term: string, where: string): Term {
  const alternatives = term.split('|').map((alt) =>
    alt
      .trim()
      .split(/\s+/)
      .filter((w) => w.length > 0)
      .map((w): WordPattern => {
        const exact = w.startsWith('=');
        const body = exact ? w.slice(1) : w;
        // The same tokenisation as the message's, so "e-devlet" is the two words "e devlet".
        const words = tokenize(body);
        if (words.length !== 1) throw new Error(`${where}: '${w}' must be a single word`);
        return { exact, text: exact ? words[0]! : foldTurkish(words[0]!) };
      }),
  );
  if (alternatives.some((a) => a.length === 0)) throw new Error(`${where}: an empty alternative`);
  return alternatives;
}

/**
 * A message's words, folded and as written, with where each word stands that begins a term's
 * run: a term is looked for only there (worked out once per message, not once per term and word).
 */
interface MessageWords {
  folded: readonly string[];
  lower: readonly string[];
  /** A run's first folded prefix → the words it begins (ascending). */
  prefixAt: Map<string, number[]>;
  /** A run's first exact word → the words it is (ascending). */
  exactAt: Map<string, number[]>;
}

/** The first word patterns of every term's runs: what messageWords looks for. */
interface FirstWords {
  prefixes: Set<string>;
  /** The prefixes' lengths, ascending. */
  lengths: number[];
  exact: Set<string>;
  /**
   * A first word pattern of a run of some alternative's first term (a folded prefix, or an exact
   * word) → the rules (their indexes) it may let match: a rule none of whose alternatives' first
   * terms can start in the message matches no message, and is not read.
   */
  rulesByPrefix: Map<string, number[]>;
  rulesByExact: Map<string, number[]>;
  /** A folded word → the prefixes of it that begin a run (once per word: the engine's own words
   * kept, bounded, any other for one answer; hizir-memo.ts). */
  prefixesOf: WordMemo<readonly string[]>;
}

/** Most words FirstWords.prefixesOf keeps. Assumption: 20,000, as the engine's word caches. */
const PREFIX_CACHE_LIMIT = 20_000;

const firstWordsOf = new WeakMap<readonly CompiledAuthority[], FirstWords>();

function firstWords(rules: readonly CompiledAuthority[]): FirstWords {
  const known = firstWordsOf.get(rules);
  if (known) return known;
  const prefixes = new Set<string>();
  const exact = new Set<string>();
  const rulesByPrefix = new Map<string, number[]>();
  const rulesByExact = new Map<string, number[]>();
  rules.forEach((rule, r) => {
    for (const term of [...rule.whenTerms.flat(), ...rule.unlessTerms])
      for (const run of term) (run[0]!.exact ? exact : prefixes).add(run[0]!.text);
    for (const alt of rule.whenTerms)
      for (const run of alt[0] ?? []) {
        const by = run[0]!.exact ? rulesByExact : rulesByPrefix;
        const list = by.get(run[0]!.text) ?? [];
        if (list[list.length - 1] !== r) list.push(r);
        by.set(run[0]!.text, list);
      }
  });
  const lengths = [...new Set([...prefixes].map((p) => p.length))].sort((a, b) => a - b);
  const first = {
    prefixes,
    lengths,
    exact,
    rulesByPrefix,
    rulesByExact,
    prefixesOf: new WordMemo<readonly string[]>('authorityPrefixes', PREFIX_CACHE_LIMIT),
  };
  firstWordsOf.set(rules, first);
  return first;
}

function at(map: Map<string, number[]>, key: string, i: number): void {
  const list = map.get(key);
  if (list) list.push(i);
  else map.set(key, [i]);
}

function prefixesOf(word: string, first: FirstWords): readonly string[] {
  let found = first.prefixesOf.get(word);
  if (found === undefined) {
    const prefixes: string[] = [];
    for (const n of first.lengths) {
      if (n > word.length) break;
      const prefix = word.slice(0, n);
      if (first.prefixes.has(prefix)) prefixes.push(prefix);
    }
    first.prefixesOf.set(word, prefixes);
    found = prefixes;
  }
  return found;
}

function messageWords(lower: readonly string[], first: FirstWords): MessageWords {
  const folded = lower.map(foldTurkish);
  const prefixAt = new Map<string, number[]>();
  const exactAt = new Map<string, number[]>();
  folded.forEach((w, i) => {
    for (const prefix of prefixesOf(w, first)) at(prefixAt, prefix, i);
    if (first.exact.has(lower[i]!)) at(exactAt, lower[i]!, i);
  });
  return { folded, lower, prefixAt, exactAt };
}

function termOccurs(term: Term, m: MessageWords): boolean {
  const { folded, lower } = m;
  return term.some((run) => {
    const first = run[0]!;
    const starts = (first.exact ? m.exactAt : m.prefixAt).get(first.text) ?? [];
    for (const i of starts) {
      if (i + run.length > folded.length) break;
      if (
        run.every((p, j) => (p.exact ? lower[i + j] === p.text : folded[i + j]!.startsWith(p.text)))
      )
        return true;
    }
    return false;
  });
}

function stringList(v: unknown, where: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string' || s.trim() === ''))
    throw new Error(`${where}: must be a list of non-empty strings`);
  return v as string[];
}

/** Reads and checks config/hizir/authorities.yaml (none: no pointers). */
export function loadHomeAuthorities(configDir: string): CompiledAuthority[] {
  const path = join(configDir, 'hizir', 'authorities.yaml');
  if (!existsSync(path)) return [];
  const doc = (readYaml(path) ?? {}) as { authorities?: unknown };
  if (!Array.isArray(doc.authorities))
    throw new Error('config/hizir/authorities.yaml: authorities: must be a list');
  return compileHomeAuthorities(doc.authorities, 'config/hizir/authorities.yaml');
}

/** Checks and compiles raw rules (as read from the YAML). */
export function compileHomeAuthorities(raw: unknown[], file: string): CompiledAuthority[] {
  return raw.map((r, i) => {
    const a = (r ?? {}) as Record<string, unknown>;
    const where = `${file}: authorities[${i}]`;
    if (typeof a.id !== 'string' || a.id === '') throw new Error(`${where}.id: must be a string`);
    if (!Array.isArray(a.when) || a.when.length === 0)
      throw new Error(`${where}.when: must be a non-empty list of lists of terms`);
    const when = a.when.map((alt, j) => {
      const terms = stringList(alt, `${where}.when[${j}]`);
      if (terms.length === 0) throw new Error(`${where}.when[${j}]: must name at least one term`);
      return terms;
    });
    const unless = stringList(a.unless, `${where}.unless`);
    const overrules = stringList(a.overrules, `${where}.overrules`);
    const p = (a.pointer ?? {}) as Record<string, unknown>;
    for (const lang of ['tr', 'en'] as const) {
      if (typeof p[lang] !== 'string' || (p[lang] as string).trim() === '')
        throw new Error(`${where}.pointer.${lang}: must be a non-empty string`);
    }
    return {
      id: a.id,
      when,
      unless,
      overrules,
      pointer: { tr: (p.tr as string).trim(), en: (p.en as string).trim() },
      whenTerms: when.map((alt, j) => alt.map((t) => compileTerm(t, `${where}.when[${j}]`))),
      unlessTerms: unless.map((t) => compileTerm(t, `${where}.unless`)),
    };
  });
}

/** The first rule that matches the message, or null. */
export function homeAuthorityFor(
  text: string,
  rules: readonly CompiledAuthority[],
): CompiledAuthority | null {
  if (rules.length === 0) return null;
  const first = firstWords(rules);
  const m = messageWords(tokenize(text), first);
  // Only the rules one of whose alternatives' first terms can start here (in the rules' order).
  const candidates = new Set<number>();
  for (const p of m.prefixAt.keys())
    for (const r of first.rulesByPrefix.get(p) ?? []) candidates.add(r);
  for (const w of m.exactAt.keys())
    for (const r of first.rulesByExact.get(w) ?? []) candidates.add(r);
  for (const r of [...candidates].sort((a, b) => a - b)) {
    const rule = rules[r]!;
    if (!rule.whenTerms.some((alt) => alt.every((t) => termOccurs(t, m)))) continue;
    if (rule.unlessTerms.some((t) => termOccurs(t, m))) continue;
    return rule;
  }
  return null;
}
