import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { tooLong } from '../../../../src/cli/commands/ask.action';
import { questionTextRule } from '../../../../src/hizir/hizir-limits';
import { HizirMessageDto } from '../../../../src/hizir/dto/hizir-message.dto';

// `ask` reads questions from a pipe one line at a time, and a line over the API's 1,000
// characters gets {"error"} in its place. Counting a line's characters had built a list of
// them: a line of 200 million characters (a file with no line breaks piped in) ran out of memory,
// a fatal V8 error with its native stack trace.

describe('ask: a line too long to be a question', () => {
  it('counts characters as code points: an emoji is one, a lone surrogate one', () => {
    expect(tooLong('😀'.repeat(1000))).toBeNull();
    expect(tooLong('😀'.repeat(1001))).toBe('at most 1000 characters, as in the API (got 1001)');
    expect(tooLong('\ud800'.repeat(1000))).toBeNull();
    expect(tooLong('a'.repeat(999) + '\ud83d')).toBeNull();
    expect(tooLong('\udc00\ud800' + 'a'.repeat(999))).toBe(
      'at most 1000 characters, as in the API (got 1001)',
    );
  });

  it('counts a line of 50 million characters without a list of them (it took over 400 MB)', () => {
    const line = 'a'.repeat(50_000_000);
    const before = process.memoryUsage().heapUsed;
    const rule = tooLong(line);
    // A list of the line's characters, once built, is still on the heap here (no full collection
    // has run in between); nothing else is built.
    const grown = process.memoryUsage().heapUsed - before;
    expect(rule).toBe('at most 1000 characters, as in the API (got 50000000)');
    expect(grown).toBeLessThan(100_000_000);
  });
});

describe('ask: the same length rule as the API', () => {
  /** Whether POST /hizir/messages refuses `text` for its length (its DTO's @Length). */
  const apiRefuses = (text: string): boolean =>
    validateSync(plainToInstance(HizirMessageDto, { text })).some(
      (e) => e.property === 'text' && e.constraints?.isLength !== undefined,
    );

  it('refuses a question exactly when the API does, counting characters as it does', () => {
    // The CLI had counted code points: a heart with its emoji selector ("❤️") was two, so 1,000
    // of them, which the API takes, were too long for `ask`.
    const pieces = [
      'x',
      'ğ',
      '😀',
      '❤️',
      '❤\ufe0e',
      '😀\ufe0f',
      '\ufe0f',
      '\ud800',
      '\udc00',
      '\n',
    ];
    let refused = 0;
    for (const a of pieces)
      for (const b of pieces)
        for (const n of [499, 500, 501, 999, 1000, 1001])
          for (const text of [a.repeat(n) + b, b + a.repeat(n), (a + b).repeat(n / 2)]) {
            const api = apiRefuses(text);
            expect(tooLong(text) !== null, JSON.stringify([a, b, n, text.length])).toBe(api);
            if (api) refused++;
          }
    // Both sides of the limit were tried.
    expect(refused).toBeGreaterThan(100);
    expect(tooLong('❤️'.repeat(1000))).toBeNull();
    expect(tooLong('❤️'.repeat(1001))).toBe('at most 1000 characters, as in the API (got 1001)');
  });
});

describe('ask: all the API rules for a question, through the same function', () => {
  // `ask` checked a question's length only: text with an ESC sequence, a NUL, a bidirectional
  // override or nothing visible was answered, though POST /hizir/messages refuses it (its DTO's
  // @PrintableText). The CLI now asks questionTextRule, which calls the DTO's own predicate.
  /** The DTO's messages for `text`, or [] when the API takes it. */
  const apiMessages = (text: string): string[] =>
    validateSync(plainToInstance(HizirMessageDto, { text }))
      .filter((e) => e.property === 'text')
      .flatMap((e) => Object.values(e.constraints ?? {}));

  const cases: [string, string][] = [
    ['plain', 'pasaportumu kaybettim'],
    ['Turkish letters', 'ğüşıöç İĞÜŞ'],
    ['emoji', '😀 passport'],
    ['lines and tabs', 'lost passport\n\tin Berlin\r\nwhat now'],
    ['empty', ''],
    ['a space', ' '],
    ['a tab', '\t'],
    ['ESC sequence', '\u001b[31mpassport'],
    ['NUL', 'pass\u0000port'],
    ['vertical tab', 'a\u000bb'],
    ['form feed', 'a\u000cb'],
    ['DEL', 'passport\u007f'],
    ['C1 control (NEL)', 'a\u0085b'],
    ['right-to-left override', 'passport \u202egnol'],
    ['isolate', 'a\u2066b'],
    ['Arabic letter mark', 'a\u061cb'],
    ['byte-order mark', '\ufeffpassport'],
    ['zero-width space only', '\u200b'],
    ['blank Braille only', '\u2800'],
    ['combining mark only', '\u0301'],
    ['Hangul filler only', '\u3164'],
    ['lone high surrogate', 'passport \ud800'],
    ['lone low surrogate', '\udc00passport'],
    ['1000 characters', 'x'.repeat(1000)],
    ['1001 characters', 'x'.repeat(1001)],
    ['1000 hearts with selector', '❤️'.repeat(1000)],
    ['too long and a NUL', 'x'.repeat(1001) + '\u0000'],
    ['999 characters and a NUL', 'x'.repeat(999) + '\u0000'],
  ];

  it.each(cases)('%s: refused by ask exactly when the API refuses it', (_, text) => {
    const api = apiMessages(text);
    const cli = questionTextRule(text);
    expect(cli !== null).toBe(api.length > 0);
    // A printable-text refusal says what the API says, after the field's name.
    if (cli?.startsWith('must be printable')) expect(api).toContain(`text ${cli}`);
  });

  it('the table has both sides of each rule', () => {
    const refused = cases.filter(([, t]) => apiMessages(t).length > 0).length;
    expect(refused).toBeGreaterThan(15);
    expect(cases.length - refused).toBeGreaterThan(4);
  });
});
