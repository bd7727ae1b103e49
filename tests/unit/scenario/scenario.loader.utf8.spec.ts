import 'reflect-metadata';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/common/user-error';
import { utf8Text } from '../../../src/common/yaml-errors';
import { scenarioLoadError as errorOf } from '../../helpers/scenario-problems';

// A scenario file is UTF-8 text. Bytes that are not (a file saved in Latin-1 or Windows-1254,
// a stray binary byte) were read as U+FFFD without a word, so a station's label or a title ran
// with � in it; they are a user error naming the line and column of the first such byte.

const GOOD = 'tests/fixtures/scenarios/good.yaml';
const dir = mkdtempSync(join(tmpdir(), 'scenario-utf8-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** good.yaml with `bytes` appended as a comment line after its last line. */
function withLine(name: string, bytes: number[]): { file: string; line: number } {
  const good = readFileSync(GOOD);
  const text = good.toString('utf8');
  const body = text.endsWith('\n') ? good : Buffer.concat([good, Buffer.from('\n')]);
  const line = body.toString('utf8').split('\n').length;
  const file = join(dir, name);
  writeFileSync(
    file,
    Buffer.concat([body, Buffer.from('# Consul'), Buffer.from(bytes), Buffer.from('r\n')]),
  );
  return { file, line };
}

describe('a scenario file that is not UTF-8', () => {
  it.each([
    ['Latin-1 é (0xE9, a lead byte without its continuation)', [0xe9], 'E9'],
    ['a lone continuation byte', [0x80], '80'],
    ['0xFF', [0xff], 'FF'],
    ['an overlong encoding of /', [0xc0, 0xaf], 'C0'],
    ['the UTF-8 form of a lone surrogate', [0xed, 0xa0, 0x80], 'ED'],
  ])('%s: a user error at its line and column, naming the byte', (_, bytes, hex) => {
    const { file, line } = withLine(`bad-${hex}.yaml`, bytes);
    const err = errorOf(file);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toBe(
      `${file}: line ${line}, column 9: is not UTF-8 text (the byte 0x${hex} here starts no UTF-8 character, or one cut short): save the file as UTF-8`,
    );
  });

  it('a character cut short at the end of the file is named too', () => {
    const file = join(dir, 'cut.yaml');
    writeFileSync(file, Buffer.concat([readFileSync(GOOD), Buffer.from([0xc3])]));
    expect((errorOf(file) as UserError).rule).toMatch(/^is not UTF-8 text \(the byte 0xC3 /);
  });

  it('UTF-8 text loads as before: Turkish letters, a U+FFFD the file holds itself, a byte order mark', () => {
    const { file } = withLine('fine.yaml', [...Buffer.from('ığüşöç \ufffd İ')]);
    expect(errorOf(file)).toBeUndefined();
    const bom = join(dir, 'bom.yaml');
    writeFileSync(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(GOOD)]));
    expect(errorOf(bom)).toBeUndefined();
  });
});

describe('utf8Text', () => {
  it('finds the first bad byte after a U+FFFD the text holds, counting columns in characters', () => {
    const bytes = Buffer.concat([Buffer.from('a: 1\nb: \ufffd😀é'), Buffer.from([0xff, 0x41])]);
    expect(utf8Text(bytes)).toEqual({
      where: 'line 2, column 7',
      rule: 'is not UTF-8 text (the byte 0xFF here starts no UTF-8 character, or one cut short): save the file as UTF-8',
    });
  });

  it('takes text as it is (the Lab reads its bundled files as text)', () => {
    expect(utf8Text('x: \ufffd')).toBe('x: \ufffd');
    expect(utf8Text(Buffer.from('\ufeffx: ş'))).toBe('\ufeffx: ş');
  });
});
