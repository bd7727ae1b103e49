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
 */

/** One entry of config/hizir/synonyms.yaml `abbreviations`. */
export interface Abbreviation {
  written: string[];
  means: string;
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

function escape(ch: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch;
}

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
    const forms = [...a.written].sort((x, y) => y.length - x.length).map(formSource);
    return {
      where,
      pattern: new RegExp(`(?<![\\p{L}\\p{N}])(?:${forms.join('|')})(?![\\p{L}\\p{N}])`, 'gu'),
      means: a.means.trim(),
    };
  });
  const expand = (text: string): string => {
    let out = text;
    for (const r of rules) {
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
