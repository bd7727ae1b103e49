import { describe, expect, it } from 'vitest';
import {
  visibleErrorReplacer,
  visibleMessage,
  visibleText,
} from '../../../src/common/visible-text';

describe('visibleText', () => {
  it('escapes controls, bidi controls and other invisible characters as \\uXXXX', () => {
    const cases: [string, string][] = [
      ['\u202e', '\\u202e'],
      ['a\u200eb\u200fc', 'a\\u200eb\\u200fc'],
      ['\u202a\u202b\u202c\u202d', '\\u202a\\u202b\\u202c\\u202d'],
      ['\u2066\u2067\u2068\u2069\u061c', '\\u2066\\u2067\\u2068\\u2069\\u061c'],
      ['\u0000\u0007\n\r\t\u001b\u007f', '\\u0000\\u0007\\u000a\\u000d\\u0009\\u001b\\u007f'],
      ['\u0080\u009b\u009f', '\\u0080\\u009b\\u009f'],
      ['\u200b\u200c\u200d\u2060\ufeff\u00ad', '\\u200b\\u200c\\u200d\\u2060\\ufeff\\u00ad'],
      ['\u2028\u2029', '\\u2028\\u2029'],
      ['\u3164\u115f', '\\u3164\\u115f'],
      // A tag character, outside the BMP: both of its UTF-16 units, as JSON writes them.
      ['\u{E0041}', '\\udb40\\udc41'],
      ['\ud800', '\\ud800'],
    ];
    for (const [text, shown] of cases) expect(visibleText(text), JSON.stringify(text)).toBe(shown);
  });

  it('leaves visible text alone: letters of any script, spaces, emoji, quotes and backslashes', () => {
    for (const text of ['Hızır e-vize ücreti', 'שלום עולם', 'a b\u00a0c', '🇹🇷 ✓', '"x" \\ y'])
      expect(visibleText(text)).toBe(text);
  });

  it('applies to a message list, and to the message of error bodies only', () => {
    expect(visibleMessage(['\u202ea', 1])).toEqual(['\\u202ea', 1]);
    const error = { statusCode: 400, error: 'Bad Request', message: ['unknown field "\u202e"'] };
    expect(JSON.parse(JSON.stringify(error, visibleErrorReplacer))).toEqual({
      ...error,
      message: ['unknown field "\\u202e"'],
    });
    for (const body of [
      { statusCode: 200, message: '\u202e' },
      { name: '\u202e', nested: { statusCode: 400, message: '\u202e' } },
      ['\u202e'],
    ])
      expect(JSON.parse(JSON.stringify(body, visibleErrorReplacer))).toEqual(body);
  });
});
