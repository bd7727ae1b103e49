import { isPrintableText, printableTextRule } from '../common/printable-text';

/**
 * The longest question Hızır takes, in characters (an assumption: a long paragraph; longer text
 * goes to e-mail): the API's rule and the CLI's. In a file of its
 * own, without the DTO's decorators, so `consular-sim ask` reads it without loading Nest's
 * OpenAPI and validation libraries (hundreds of milliseconds of start-up).
 */
export const HIZIR_MAX_TEXT_LENGTH = 1000;

const isSelector = (c: number) => c === 0xfe0e || c === 0xfe0f;

/**
 * A question's length in characters as the API counts it: the DTO's `@Length` (class-validator,
 * by validator.js's isLength) takes UTF-16 units, less one for each surrogate pair (an emoji is
 * one character) and one for each text or emoji presentation selector (U+FE0E, U+FE0F) after
 * anything but such a selector ("❤️" is one). The CLI had counted code points, so a question
 * the API takes ("❤️" 1,000 times) was too long for `ask`.
 *
 * Fed piece by piece (a line read from a pipe in chunks), it counts as for the whole text, and it
 * keeps none of it. Each unit adds 0 or 1, so once past a limit the text stays past it.
 */
export class QuestionLength {
  /** Characters so far. */
  count = 0;
  /** The last UTF-16 unit added, or -1 before the first. */
  private last = -1;

  add(piece: string): void {
    let n = piece.length;
    let last = this.last;
    for (let i = 0; i < piece.length; i++) {
      const c = piece.charCodeAt(i);
      if (isSelector(c)) {
        if (last !== -1 && !isSelector(last)) n--;
      } else if (c >= 0xdc00 && c <= 0xdfff && last >= 0xd800 && last <= 0xdbff) n--;
      last = c;
    }
    this.last = last;
    this.count += n;
  }
}

/** `text`'s length in characters as the API counts it (QuestionLength). */
export function questionLength(text: string): number {
  const l = new QuestionLength();
  l.add(text);
  return l.count;
}

/** The API's length rule for a question (HizirMessageDto's @Length), as `ask` says it. */
export const QUESTION_LENGTH_RULE = `at most ${HIZIR_MAX_TEXT_LENGTH} characters, as in the API`;

/**
 * Why POST /hizir/messages would refuse `text` as a question, or null: the rules of
 * HizirMessageDto's `text` — 1 to HIZIR_MAX_TEXT_LENGTH characters (questionLength) and, when not
 * empty, printable multi-line text (isPrintableText, the function of the DTO's @PrintableText:
 * well-formed UTF-16, no control characters but tab and line breaks, no bidirectional controls or
 * other invisible format characters, no private use, something visible; the first character that
 * breaks it is named). `consular-sim ask` applies it to each question, so it refuses what the API
 * refuses; tests/unit/cli/commands/ask.action.spec.ts checks the two agree.
 */
export function questionTextRule(text: string): string | null {
  const n = questionLength(text);
  if (n > HIZIR_MAX_TEXT_LENGTH) return `${QUESTION_LENGTH_RULE} (got ${n})`;
  if (n === 0) return 'is empty';
  return isPrintableText(text, true) ? null : printableTextRule(true, text);
}
