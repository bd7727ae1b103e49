import { StringDecoder } from 'node:string_decoder';
import { QuestionLength } from '../hizir/hizir-limits';

/** Line `n` of the input (from 1): its text, or `tooLong` once it has passed the limit. */
export type QuestionLine = { n: number; text: string } | { n: number; tooLong: true };

const LINE_END = /[\r\n]/g;

/**
 * The lines of a stream of UTF-8 text, as node:readline splits them (at \n, \r\n or a lone \r,
 * a \r\n split between two chunks being one end; a last line without an end if it is not
 * empty), with no line held longer than `max` characters (QuestionLength: as the API counts
 * them). readline holds a whole line as one string before giving it: a question file piped with
 * no line breaks had to fit in memory, and a line of over 2^29 − 24 characters (V8's longest
 * string) ended `ask` with an internal error. Here a line is given as `{ n, tooLong: true }` as
 * soon as it passes `max`, before its end has arrived; what is left of it is read and dropped,
 * and the next line is given as usual.
 */
export async function* questionLines(
  input: AsyncIterable<Buffer | string>,
  max: number,
): AsyncGenerator<QuestionLine> {
  const decoder = new StringDecoder('utf8');
  let n = 1;
  let parts: string[] = [];
  let length = new QuestionLength();
  // The line has text (a last line without an end is given only then, as readline does).
  let any = false;
  // The line passed `max`: said so, and the rest of it is dropped.
  let over = false;
  // The last chunk ended with \r: a \n first in the next one ends no second line.
  let afterReturn = false;

  function* take(s: string): Generator<QuestionLine> {
    let i = 0;
    if (afterReturn && s.length > 0) {
      if (s.charCodeAt(0) === 10) i = 1;
      afterReturn = false;
    }
    for (;;) {
      LINE_END.lastIndex = i;
      const end = LINE_END.exec(s)?.index ?? s.length;
      if (end > i) {
        any = true;
        if (!over) {
          const piece = s.slice(i, end);
          length.add(piece);
          if (length.count > max) {
            over = true;
            parts = [];
            yield { n, tooLong: true };
          } else parts.push(piece);
        }
      }
      if (end === s.length) return;
      if (!over) yield { n, text: parts.join('') };
      n++;
      parts = [];
      length = new QuestionLength();
      any = false;
      over = false;
      i = end + 1;
      if (s.charCodeAt(end) === 13) {
        if (i === s.length) afterReturn = true;
        else if (s.charCodeAt(i) === 10) i++;
      }
    }
  }

  // A byte-order mark first in the input marks the text as UTF-8 (Windows editors save one), as
  // TextDecoder takes it; it is no character of the first question. Kept, that question broke
  // the API's rule (no byte-order mark in a question) for a character nobody typed.
  let atStart = true;
  const text = (s: string): string => {
    if (!atStart || s.length === 0) return s;
    atStart = false;
    return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
  };
  for await (const chunk of input)
    yield* take(text(typeof chunk === 'string' ? chunk : decoder.write(chunk)));
  yield* take(text(decoder.end()));
  if (any && !over) yield { n, text: parts.join('') };
}
