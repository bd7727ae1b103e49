/**
 * The printable-text rule of the API's text fields, in a file of its own without class-validator,
 * so `consular-sim ask` applies the rule of POST /hizir/messages (hizir-limits.ts) without loading
 * Nest's validation libraries, and the scenario loader (and so the Lab, which runs it in the
 * browser) refuses the same characters. field-rules.ts re-exports it for the DTOs' @PrintableText.
 */

/**
 * Where a text goes, which decides the few characters it may hold that a name may not: a `line`
 * (a name, a subject, an id, a key of a scenario) holds none of them; a `text` of the API (a
 * question to Hızır, a request's body) may hold tabs and line breaks, CR and CRLF as a browser's
 * text area sends them, and the line and paragraph separators; a `scenario-text` (a title, a
 * description) tabs and line breaks but no CR, which alone sends the terminal back to the start
 * of the line to print over what was written (YAML reads a file's CRLF line ends as line feeds).
 */
export type TextKind = 'line' | 'text' | 'scenario-text';

const BREAKS_ALLOWED: Record<TextKind, string> = {
  line: '',
  text: '\t\n\r\u2028\u2029',
  'scenario-text': '\t\n\u2028\u2029',
};

/**
 * Characters no person's name, question or scenario text needs, which make text lie when it is
 * shown, by Unicode general category:
 * - Cc, controls (C0 with NUL, ESC, CR, LF; DEL; C1 with CSI): they move the cursor, run terminal
 *   escapes, end the line.
 * - Cf, format characters: the bidirectional controls (U+061C, U+200E/F, U+202A-U+202E,
 *   U+2066-U+2069) turn a line around; the zero-width space U+200B, the word joiner and the
 *   invisible operators U+2060-U+2064, the byte-order mark U+FEFF, the soft hyphen U+00AD and the
 *   Mongolian vowel separator U+180E draw nothing, so two names that show the same differ;
 *   the interlinear annotation characters U+FFF9-U+FFFB hide the text between them in a page or
 *   a report; the tags U+E0001 and U+E0020-U+E007F spell ASCII no one sees (text hidden from a
 *   reader, not from a chatbot). All but two are refused: the zero-width non-joiner U+200C and
 *   joiner U+200D, which Persian, Kurdish and the Indic scripts write inside words and names
 *   ("مهسا\u200cنوری", "क्\u200dष"); text of only them has nothing visible and is refused as blank.
 * - Co, private use: each font draws its own glyph there (U+F8FF is an Apple logo on one machine
 *   and a box on the next), so what a consular officer reads is not what the applicant typed.
 * - Cs, a lone surrogate half: no character at all (JSON's `"\ud800"`, YAML's `"\ud800"`), which
 *   a UTF-8 encoder writes as U+FFFD or refuses.
 * - Zl, Zp, the line and paragraph separators U+2028, U+2029: they break a line as LF does
 *   (JavaScript, browsers and log viewers end the line there), so "Jane\u2028Doe" showed on two
 *   lines; a text of several lines may hold them as it holds LF (BREAKS_ALLOWED).
 * - Noncharacters (U+FDD0-U+FDEF, U+FFFE, U+FFFF and the last two of every plane): kept for a
 *   program's own use, never for text exchanged.
 * - Cn, unassigned, only where it is also default-ignorable (U+2065, U+FFF0-U+FFF8, the unused
 *   tags U+E0000-U+E0FFF): a font draws them as nothing. Other unassigned code points are let
 *   through: which are unassigned depends on the Unicode version of the Node.js that runs the
 *   check (process.versions.unicode), and a name in a script added after it must not be refused.
 */
const UNPRINTABLE_ANY =
  /[\p{Cc}\p{Co}\p{Cs}\p{Zl}\p{Zp}\p{Noncharacter_Code_Point}]|(?![\u200c\u200d])\p{Cf}|(?=\p{Cn})\p{Default_Ignorable_Code_Point}/gu;

/** The bidirectional controls among the format characters, named so in a message. */
const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** The first character of `s` a text of `kind` may not hold (UNPRINTABLE_ANY), or undefined. */
export function firstUnprintable(s: string, kind: TextKind): string | undefined {
  for (const [c] of s.matchAll(UNPRINTABLE_ANY)) if (!BREAKS_ALLOWED[kind].includes(c)) return c;
  return undefined;
}

/** Whether `s` holds a character a text of `kind` may not hold (firstUnprintable). */
export function hasUnprintable(s: string, kind: TextKind): boolean {
  return firstUnprintable(s, kind) !== undefined;
}

/** A code point as Unicode writes it: U+FFF9, U+E0041 (a lone surrogate half as itself). */
export function codePointName(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The kinds of character firstUnprintable finds, as a message says them (the Lab translates each). */
export const UNPRINTABLE_KINDS = {
  control: 'a control character',
  surrogate: 'a lone surrogate half, not a character',
  privateUse: 'a private-use character, which each font draws its own way',
  separator: 'a line or paragraph separator',
  noncharacter: 'a noncharacter',
  bidi: 'a bidirectional control',
  format: 'an invisible format character',
  unassigned: 'an unassigned code point that shows nothing',
} as const;

/** What kind of character `c` (one firstUnprintable found) is, in words. */
function kindOf(c: string): string {
  const k = UNPRINTABLE_KINDS;
  if (/\p{Cc}/u.test(c)) return k.control;
  if (/\p{Cs}/u.test(c)) return k.surrogate;
  if (/\p{Co}/u.test(c)) return k.privateUse;
  if (/[\p{Zl}\p{Zp}]/u.test(c)) return k.separator;
  if (/\p{Noncharacter_Code_Point}/u.test(c)) return k.noncharacter;
  if (BIDI_CONTROL.test(c)) return k.bidi;
  if (/\p{Cf}/u.test(c)) return k.format;
  return k.unassigned;
}

/**
 * The unprintable character of `s` said to a user, `it holds U+FFF9 (an invisible format
 * character)`, or undefined when it holds none: what a message adds after its rule.
 */
export function unprintableNote(s: string, kind: TextKind): string | undefined {
  const c = firstUnprintable(s, kind);
  return c === undefined ? undefined : `it holds ${codePointName(c)} (${kindOf(c)})`;
}

/** Whether `s` is well-formed UTF-16 (no lone surrogate halves). */
export function wellFormed(s: string): boolean {
  return (s as string & { isWellFormed(): boolean }).isWellFormed();
}

/**
 * A character that shows: a letter, digit, punctuation mark or symbol, except the ones that
 * draw nothing. trim() only knows white space, so a name of a zero-width space (U+200B, a
 * format character) or of the blank Braille pattern (U+2800, a symbol) had passed as text.
 * Unicode's Default_Ignorable_Code_Point covers the letters that render as nothing (the Hangul
 * fillers U+115F, U+1160, U+3164, U+FFA0) and the format characters (U+00AD, U+200B-U+200F,
 * U+2060-U+2064, tags); U+2800 is named here. Combining marks (\p{M}) and spaces (\p{Z}) are
 * not in the classes, so text of only them has nothing visible either.
 */
const VISIBLE = /(?![\p{Default_Ignorable_Code_Point}\u2800])[\p{L}\p{N}\p{P}\p{S}]/u;

/** Whether `s` has at least one character that shows (VISIBLE). */
export function hasVisibleCharacter(s: string): boolean {
  return VISIBLE.test(s);
}

/**
 * The unprintable characters that make text that shows nothing more than blank: a control but
 * the tab and line breaks, a bidirectional control, the byte-order mark. A line of zero-width
 * spaces or tags is blank (and still refused as a question, UNPRINTABLE_ANY).
 */
const SHOWS_AS_SOMETHING =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

/**
 * Whether `s` is blank: nothing in it shows and nothing in it changes what shows
 * (SHOWS_AS_SOMETHING), so it is empty or
 * only spaces, tabs, no-break spaces and characters that draw nothing (a zero-width space, a
 * Hangul filler...). trim() knew only white space: a line of zero-width spaces was not blank,
 * and it took the byte-order mark for white space, so "\ufeffpassport" trimmed passed a rule
 * the API applies to the text as sent.
 */
export function isBlankText(s: string): boolean {
  return !hasVisibleCharacter(s) && !SHOWS_AS_SOMETHING.test(s) && wellFormed(s);
}

export function isPrintableText(value: unknown, multiline = false): boolean {
  return (
    typeof value === 'string' &&
    wellFormed(value) &&
    !hasUnprintable(value, multiline ? 'text' : 'line') &&
    hasVisibleCharacter(value)
  );
}

/**
 * The printable-text rule as said to a user, after the field's name (`text must be printable
 * text...`): the message of the DTOs' @PrintableText and of `consular-sim ask`. Given the value
 * refused, it ends with the first character that breaks it (`; it holds U+FFF9 (...)`).
 */
export function printableTextRule(multiline = false, value?: unknown): string {
  const allowed = multiline ? ' (tabs and line breaks are allowed)' : '';
  const breaks = multiline ? '' : ', line separators (U+2028)';
  const rule = `must be printable text with at least one visible character (not only spaces or invisible characters): no control characters (NUL, ESC, CR/LF...)${breaks}, bidirectional overrides or other invisible format characters (U+200B, U+FFF9-U+FFFB, tags..., but the joiners U+200C and U+200D are allowed), private-use characters or lone surrogates${allowed}`;
  const note =
    typeof value === 'string' ? unprintableNote(value, multiline ? 'text' : 'line') : undefined;
  return note ? `${rule}; ${note}` : rule;
}
