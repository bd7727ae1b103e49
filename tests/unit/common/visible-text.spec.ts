import { describe, expect, it } from 'vitest';
import {
  quoted,
  visibleErrorReplacer,
  visibleJson,
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

  it('escapes the spaces that look like U+0020 or like nothing: U+00A0, U+2000-A, U+3000 and the rest of Zs', () => {
    const spaces =
      '\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000';
    for (const c of spaces)
      expect(visibleText(`a${c}b`), JSON.stringify(c)).toBe(
        `a\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}b`,
      );
    // Every Zs character but U+0020 is among them.
    for (let code = 0; code <= 0xffff; code++) {
      const c = String.fromCharCode(code);
      if (/\p{Zs}/u.test(c) && c !== ' ') expect(spaces, code.toString(16)).toContain(c);
    }
  });

  it('doubles a backslash, so text typed as `\\u202e` never reads as the escape of U+202E', () => {
    expect(visibleText('\\u202e')).toBe('\\\\u202e');
    expect(visibleText('\u202e')).toBe('\\u202e');
    expect(visibleText('\\u202e')).not.toBe(visibleText('\u202e'));
    expect(visibleText('a\\\u202eb')).toBe('a\\\\\\u202eb');
    // One to one: what is shown decodes back (as a JSON string's escapes do) to what was sent.
    for (const text of ['\\', '\\\\', '\\u00a0', '\u00a0', 'x\\"y', '\\\u202e', '\ud800\\'])
      expect(JSON.parse(`"${visibleText(text).replace(/"/g, '\\"')}"`), JSON.stringify(text)).toBe(
        text,
      );
  });

  it('leaves visible text alone: letters of any script, spaces, emoji and quotes', () => {
    for (const text of ['Hızır e-vize ücreti', 'שלום עולם', 'a b c', '🇹🇷 ✓', '"x" / y'])
      expect(visibleText(text)).toBe(text);
  });

  it('visibleJson escapes the invisible characters of JSON text and keeps it the same JSON value', () => {
    const value = { a: 'x\u202e\u00a0\\u202e"', b: ['\u3000'] };
    const shown = visibleJson(JSON.stringify(value));
    expect(shown).toBe('{"a":"x\\u202e\\u00a0\\\\u202e\\"","b":["\\u3000"]}');
    expect(JSON.parse(shown)).toEqual(value);
  });

  it('quoted cuts a text to its first code points, never half a surrogate pair, and marks the cut', () => {
    expect(quoted('abc')).toBe('"abc"');
    expect(quoted('ab"\\c')).toBe('"ab"\\c"');
    expect(quoted('😀'.repeat(100), 3)).toBe('"😀😀😀…"');
    expect(quoted('x'.repeat(78))).toBe(`"${'x'.repeat(78)}"`);
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
