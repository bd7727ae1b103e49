/**
 * The printable-text rule of the API's text fields, in a file of its own without class-validator,
 * so `consular-sim ask` applies the rule of POST /hizir/messages (hizir-limits.ts) without loading
 * Nest's validation libraries. field-rules.ts re-exports it for the DTOs' @PrintableText.
 */

/**
 * Characters no person's name or question contains, which make text lie when it is shown:
 * C0 and C1 controls (NUL, ESC, CR, LF...), DEL, bidirectional controls (U+061C, U+200E/F,
 * U+202A-U+202E, U+2066-U+2069) and the byte-order mark. A line of text (a name, a subject) also
 * no line or paragraph separator (U+2028, U+2029): they break a line as LF does (JavaScript,
 * browsers and log viewers end the line there) though they are no control character, so
 * "Jane\u2028Doe" was taken as one name while it showed on two lines. Multi-line text may hold
 * tabs and line breaks.
 */
export const UNPRINTABLE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;
const UNPRINTABLE_MULTILINE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

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
 * Whether `s` is blank: nothing in it shows and nothing in it is unprintable, so it is empty or
 * only spaces, tabs, no-break spaces and characters that draw nothing (a zero-width space, a
 * Hangul filler...). trim() knew only white space: a line of zero-width spaces was not blank,
 * and it took the byte-order mark for white space, so "\ufeffpassport" trimmed passed a rule
 * the API applies to the text as sent.
 */
export function isBlankText(s: string): boolean {
  return !hasVisibleCharacter(s) && !UNPRINTABLE_MULTILINE.test(s) && wellFormed(s);
}

export function isPrintableText(value: unknown, multiline = false): boolean {
  return (
    typeof value === 'string' &&
    wellFormed(value) &&
    !(multiline ? UNPRINTABLE_MULTILINE : UNPRINTABLE).test(value) &&
    hasVisibleCharacter(value)
  );
}

/**
 * The printable-text rule as said to a user, after the field's name (`text must be printable
 * text...`): the message of the DTOs' @PrintableText and of `consular-sim ask`.
 */
export function printableTextRule(multiline = false): string {
  const allowed = multiline ? ' (tabs and line breaks are allowed)' : '';
  const breaks = multiline ? '' : ' or line separators (U+2028)';
  return `must be printable text with at least one visible character (not only spaces or invisible characters): no control characters (NUL, ESC, CR/LF...)${breaks} or bidirectional overrides${allowed}`;
}
