import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readYaml } from './hizir-kb';
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

function termOccurs(term: Term, folded: readonly string[], lower: readonly string[]): boolean {
  return term.some((run) => {
    for (let i = 0; i + run.length <= folded.length; i++) {
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
  const lower = tokenize(text);
  const folded = lower.map(foldTurkish);
  for (const rule of rules) {
    if (!rule.whenTerms.some((alt) => alt.every((t) => termOccurs(t, folded, lower)))) continue;
    if (rule.unlessTerms.some((t) => termOccurs(t, folded, lower))) continue;
    return rule;
  }
  return null;
}
