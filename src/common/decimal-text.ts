/**
 * Numbers typed as text (a command-line option, a sweep's --param, a trace's cell) read the way
 * people write them in decimal, not the way JavaScript's Number() reads them: Number() takes
 * `0x10` as 16, `0b11` as 3, `0o7` as 7, ` 7 ` as 7, `Infinity`, and `''` as 0, so a seed of
 * `0x10` had run as seed 16 without a word.
 */

/**
 * A decimal whole number: digits (`42`, `007`), with a power of ten if wished (`1e6`, as counts are
 * often written); no sign, point, negative exponent or space.
 */
const DECIMAL_INTEGER = /^[0-9]+(?:[eE]\+?[0-9]+)?$/;

/** A plain decimal number: an optional sign, digits with an optional point, an optional exponent. */
const DECIMAL_NUMBER = /^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$/;

/** `text` as a whole number when it is written in decimal digits (`1e6` too), else NaN. */
export function decimalInteger(text: string): number {
  return DECIMAL_INTEGER.test(text) ? Number(text) : NaN;
}

/** `text` as a number when it is written in decimal (`2.5`, `-1`, `1e3`, `.5`), else NaN. */
export function decimalNumber(text: string): number {
  return DECIMAL_NUMBER.test(text) ? Number(text) : NaN;
}
