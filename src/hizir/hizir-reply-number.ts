/**
 * Which option a reply to a clarifying question numbers, when the whole reply is a way of saying
 * a number: digits (`2`, in any script's digits: Arabic-Indic `٢`, Devanagari `२`...), a number
 * word (`two`, `iki`), an ordinal (`second`, `2nd`, `the 2nd one`, `ikinci`, `ikincisi`, `2.`,
 * `2. seçenek`), or a number after or before a word for "option" (`option 2`, `number two`,
 * `no. 2`, `#2`, `seçenek 2`, `2 numara`). Deterministic, on the whole reply only: a sentence
 * that has a number in it ("one of my children", "2 passports") is not a choice by number.
 *
 * A reply written as a number that is no whole number in digits (`2.0`, `1e0`, `0x2`, `-1`) is
 * not how a citizen writes an option's number: it is read as no option (`notWhole`), and the
 * question is asked again, as after a number that is no option ("9" after five). Before 8
 * December 2026 `1e0` picked option 1 (JavaScript's Number read it as 1), and `2.0` was answered
 * as a message without words, losing the question.
 */

import { foldTurkish, plainForm, turkishLower } from './turkish-text';

/** What a reply numbers: the option's number as said (1-based, maybe out of range), or none. */
export type ReplyNumber =
  { kind: 'number'; n: number; written: string } | { kind: 'notWhole'; written: string } | null;

// Number words, folded (foldTurkish): "üç" is "uc". English first, then Turkish; "zero"/"sıfır"
// are read so that they are answered as no option, as "0" is.
const CARDINALS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  sifir: 0,
  bir: 1,
  iki: 2,
  uc: 3,
  dort: 4,
  bes: 5,
  alti: 6,
  yedi: 7,
  sekiz: 8,
  dokuz: 9,
  on: 10,
};

const ORDINALS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  birinci: 1,
  ilk: 1,
  ikinci: 2,
  ucuncu: 3,
  dorduncu: 4,
  besinci: 5,
  altinci: 6,
  yedinci: 7,
  sekizinci: 8,
  dokuzuncu: 9,
  onuncu: 10,
};

const CARDINAL = `(\\d+|${Object.keys(CARDINALS).join('|')})`;
// Turkish ordinals take the possessive ("ikincisi", "üçüncüsü", "ilki"): the second one.
const ORDINAL_WORD = `(${Object.keys(ORDINALS).join('|')})(?:s?[iu])?`;
// "2nd", "3rd", "10th"; Turkish writes an ordinal as digits and a full stop ("2.", "2.si", "2'si").
const ORDINAL_DIGITS = `(\\d+)(?:st|nd|rd|th|\\s?\\.\\s?(?:'?s?[iu])?|'s?[iu])`;
const PLEASE = `(?:\\s*,?\\s*(?:please|pls|lutfen))?`;

/** The shapes a reply takes when it is an option's number; group 1 holds the number. */
const SHAPES: RegExp[] = [
  // 2, two, iki; "2 please"
  `${CARDINAL}`,
  // the second, 2nd, the 2nd one, second option, ikinci, ikincisi, 2., 2. seçenek, ikinci seçenek
  `(?:the\\s+)?${ORDINAL_WORD}(?:\\s+(?:one|option|choice))?`,
  `(?:the\\s+)?${ORDINAL_DIGITS}(?:\\s*(?:one|option|choice))?`,
  `${ORDINAL_WORD}\\s*(?:secenek|secenegi|sik|sikki|olan)`,
  `${ORDINAL_DIGITS}\\s*(?:secenek|secenegi|sik|sikki|olan)`,
  // option 2, option #2, number two, no. 2, #2, choice 2, seçenek 2, numara 2
  `(?:the\\s+)?(?:option|choice|number|num\\.?|nr\\.?|no\\.|secenek|numara)\\s*(?:#|no\\.?)?\\s*${CARDINAL}`,
  // "no 2" (a bare "no" only before digits: "no" and "no one" are no choice by number)
  `(?:no|#)\\s*(\\d+)`,
  // 2 numara, 2 numaralı seçenek, 2 nolu, 2 no'lu seçenek
  `${CARDINAL}\\s*(?:numara|numarali|nolu|no'?lu)(?:\\s*(?:secenek|secenegi))?`,
].map((s) => new RegExp(`^${s}${PLEASE}$`, 'u'));

/** A number written as no whole number in digits: a decimal, an exponent, hex, a sign. */
const NOT_WHOLE =
  /^(?:[+-]\s*\d+(?:\.\d+)?|\d+\.\d+(?:e[+-]?\d+)?|\d*\.?\d+e[+-]?\d+|0x[0-9a-f]+|0b[01]+|0o[0-7]+)$/u;

const DECIMAL_DIGIT = /\p{Nd}/u;
const DECIMAL_DIGITS = /\p{Nd}/gu;

/**
 * A decimal digit of any script as its ASCII digit. Unicode assigns decimal digits (`Nd`) only in
 * runs of ten, 0 to 9 in order, so a digit's value is its distance from the start of its run of
 * digits, modulo ten (runs sit side by side, as the mathematical digits do).
 */
function asciiDigit(digit: string): string {
  let start = digit.codePointAt(0)!;
  if (start <= 0x39) return digit;
  const cp = start;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start--;
  return String((cp - start) % 10);
}

/** The reply as the shapes read it: plain, lower-cased, folded, in ASCII digits, trimmed. */
function replyForm(reply: string): string {
  return foldTurkish(turkishLower(plainForm(reply).replace(DECIMAL_DIGITS, asciiDigit)))
    .replace(/[’`´]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[\s"'(]+|[\s!?…,;:)"]+$/g, '')
    .replace(/(\D)\.+$/, '$1');
}

/**
 * The option a reply numbers (see the file comment), or null when the reply is not a number's
 * shape; `written` is the reply as the citizen wrote it, trimmed, for a sentence that quotes it.
 */
export function replyNumber(reply: string): ReplyNumber {
  const form = replyForm(reply);
  if (form.length === 0 || form.length > 40) return null;
  const written = reply.trim();
  if (NOT_WHOLE.test(form)) return { kind: 'notWhole', written };
  for (const shape of SHAPES) {
    const m = shape.exec(form);
    if (!m) continue;
    const said = m.slice(1).find((g) => g !== undefined)!;
    const n = /^\d+$/.test(said) ? Number(said) : (CARDINALS[said] ?? ORDINALS[said]!);
    return { kind: 'number', n, written };
  }
  return null;
}
