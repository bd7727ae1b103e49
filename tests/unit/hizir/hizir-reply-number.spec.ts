import { describe, expect, it } from 'vitest';
import { replyNumber } from '../../../src/hizir/hizir-reply-number';

describe('replyNumber: the option a reply to a clarifying question numbers', () => {
  it('reads digits of every script as their value', () => {
    // One digit of each of a few scripts' runs of ten, each checked against its Unicode value.
    for (const [zero, script] of [
      [0x30, 'ASCII'],
      [0x660, 'Arabic-Indic'],
      [0x6f0, 'Extended Arabic-Indic'],
      [0x966, 'Devanagari'],
      [0x9e6, 'Bengali'],
      [0xe50, 'Thai'],
      [0xff10, 'full-width'],
      [0x1d7ce, 'mathematical bold'],
      [0x1d7f6, 'mathematical monospace'],
    ] as const) {
      for (let d = 0; d <= 9; d++) {
        const digit = String.fromCodePoint(zero + d);
        expect(replyNumber(digit), `${script} ${d}`).toEqual({
          kind: 'number',
          n: d,
          written: digit,
        });
      }
    }
    expect(replyNumber('١٢')).toMatchObject({ kind: 'number', n: 12 });
  });

  it('reads number words, ordinals and "option N" shapes, in English and Turkish', () => {
    const cases: [string, number][] = [
      ['one', 1],
      ['TEN', 10],
      ['tenth', 10],
      ['the third one', 3],
      ['3rd', 3],
      ['no.2', 2],
      ['No 2', 2],
      ['num. 2', 2],
      ['choice 4', 4],
      ['option #2', 2],
      ['second please', 2],
      ['"2"', 2],
      ['2!', 2],
      ['İKİ', 2],
      ['Beş', 5],
      ['on', 10],
      ['onuncu', 10],
      ['Dördüncüsü', 4],
      ['altıncısı', 6],
      ['2.si', 2],
      ["3'sü", 3],
      ['2. şık', 2],
      ['2 nolu seçenek', 2],
      ['numara 3', 3],
      ['ikinci seçenek lütfen', 2],
      ['sıfır', 0],
    ];
    for (const [reply, n] of cases)
      expect(replyNumber(reply), reply).toEqual({ kind: 'number', n, written: reply });
  });

  it('calls a number written as no whole number in digits no option', () => {
    for (const reply of ['2.0', '1e0', '1E0', '.5e1', '1.5', '-1', '+2', '0x2', '２．０'])
      expect(replyNumber(reply), reply).toEqual({ kind: 'notWhole', written: reply });
  });

  it('leaves sentences, "no", yes/no words and "ikisi" (both) to the other readings', () => {
    for (const reply of [
      'no',
      'No.',
      'no one',
      'yes',
      'evet',
      'ikisi',
      'ikisi de',
      'one of my children',
      'I have 2 passports',
      '2 passports',
      '1,2',
      'the one about renewal',
      'eleven',
      '',
      '   ',
    ])
      expect(replyNumber(reply), reply).toBeNull();
  });
});
