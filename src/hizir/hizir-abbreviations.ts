/**
 * Short forms and slang that citizens write for a word the knowledge base spells out ("pp" for a
 * passport, "nüfus kağıdı" for the old identity booklet, "appt" for an appointment), from
 * config/hizir/synonyms.yaml (`abbreviations`). The classifier learns words it has seen; a short
 * form nobody wrote in its training questions is noise to it ("pp yenileme" was answered as an
 * ID card renewal), so Hızır reads the question with each short form replaced by what it means.
 *
 * Matching is on whole words, in any case, with or without Turkish letters ("nufus kagidi");
 * a form ending in `*` may go on with a suffix ("nüfus kağıd*": kağıdı, kağıdımı, kagidimi).
 * The replacement leaves the rest of the message as it was, punctuation included, because the
 * rules that read sentences (hizir-segments.ts, hizir-sensitive.ts) need it.
 *
 * An entry with `with` applies only to a message that also holds one of those words (same
 * matching): everyday words for damage ("chewed", "yırtıldı") mean a damaged document only next
 * to the document's name, so "my dog chewed my passport" reads as a damaged passport while "my
 * birth certificate is ripped" is left as written.
 */

/** One entry of config/hizir/synonyms.yaml `abbreviations`. */
export interface Abbreviation {
  written: string[];
  means: string;
  /** Words one of which the message must also hold for the entry to apply; absent: always. */
  with?: string[];
}

// Each folded letter matches itself with or without its Turkish mark, in either case.
const LETTER_CLASS: Record<string, string> = {
  a: 'aâAÂ',
  c: 'cçCÇ',
  g: 'gğGĞ',
  i: 'iıİIîÎ',
  o: 'oöOÖ',
  s: 'sşSŞ',
  u: 'uüUÜûÛ',
};
const FOLD: Record<string, string> = {
  â: 'a',
  ç: 'c',
  ğ: 'g',
  ı: 'i',
  î: 'i',
  ö: 'o',
  ş: 's',
  ü: 'u',
  û: 'u',
};

// A hyphen is literal outside a character class, and escaping it is a syntax error under the
// `u` flag: a written form with a hyphen ("new-born") must not stop the knowledge base loading.
function escape(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

/**
 * An age written short, with its number: "10yo", "10 y/o", "10yrs", "10-year-old", "3 yr old".
 * Read as "10 year old", the words the training questions use ("id card for my 10 year old son"
 * was a child's card, "id card for my 10yo boy" a renewal). Built in, not in synonyms.yaml: a
 * written form there is a whole word, and "yo" alone is a greeting.
 */
const AGE_WRITTEN =
  /(?<![\p{L}\p{N}])(\d{1,2})\s*-?\s*(?:yrs?[\s-]+old|years?-old|yo|y\/o|y\.o\.?|yrs?)(?![\p{L}\p{N}])/giu;

/** The pattern source of one written form. */
function formSource(form: string): string {
  const lower = form.normalize('NFC').toLocaleLowerCase('tr').trim();
  const open = lower.endsWith('*');
  const body = open ? lower.slice(0, -1) : lower;
  let src = '';
  for (const raw of body) {
    const ch = FOLD[raw] ?? raw;
    if (/\s/.test(ch)) src += '[\\s\\-]+';
    else if (LETTER_CLASS[ch]) src += `[${LETTER_CLASS[ch]}]`;
    else if (/\p{L}/u.test(ch)) src += `[${ch}${ch.toLocaleUpperCase('en')}]`;
    else src += escape(ch);
  }
  return open ? `${src}\\p{L}*` : src;
}

/** A pattern matching any of the written forms as whole words. */
function wordsPattern(forms: readonly string[], flags: string): RegExp {
  const sources = [...forms].sort((x, y) => y.length - x.length).map(formSource);
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${sources.join('|')})(?![\\p{L}\\p{N}])`, flags);
}

/**
 * A function that rewrites a message with every short form replaced by its meaning. Throws when
 * an entry is malformed or its meaning would itself be rewritten (the rewrite must be idempotent:
 * the engine may read a message twice).
 */
export function compileAbbreviations(list: readonly Abbreviation[]): (text: string) => string {
  const rules = list.map((a, i) => {
    const where = `config/hizir/synonyms.yaml: abbreviations[${i}]`;
    if (!Array.isArray(a?.written) || a.written.length === 0)
      throw new Error(`${where}: written must be a non-empty list of words`);
    if (typeof a.means !== 'string' || a.means.trim().length === 0)
      throw new Error(`${where}: means must be a non-empty text`);
    if (
      a.with !== undefined &&
      (!Array.isArray(a.with) ||
        a.with.length === 0 ||
        a.with.some((w) => typeof w !== 'string' || w.trim().length === 0))
    )
      throw new Error(`${where}: with must be a non-empty list of words when given`);
    return {
      where,
      pattern: wordsPattern(a.written, 'gu'),
      context: a.with ? wordsPattern(a.with, 'u') : null,
      means: a.means.trim(),
    };
  });
  // Every rule's written forms in one pattern: it matches a text exactly when one rule's pattern
  // does (the same forms, the same word edges), so a text it does not match is left as it is
  // without reading it once per rule, and one it matches goes through the rules as before.
  const anyWritten =
    rules.length > 0
      ? wordsPattern(
          list.flatMap((a) => a.written),
          'u',
        )
      : null;
  const expand = (text: string): string => {
    let out = text.replace(AGE_WRITTEN, '$1 year old');
    if (anyWritten === null || !anyWritten.test(out)) return out;
    for (const r of rules) {
      if (r.context && !r.context.test(out)) continue;
      r.pattern.lastIndex = 0;
      if (r.pattern.test(out)) {
        r.pattern.lastIndex = 0;
        out = out.replace(r.pattern, r.means);
      }
    }
    return out;
  };
  for (const r of rules) {
    if (expand(r.means) !== r.means)
      throw new Error(`${r.where}: means ("${r.means}") contains a written form of its own`);
  }
  return expand;
}
