import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { questionLines, type QuestionLine } from '../../../src/cli/question-lines';

// `ask` reads questions from a pipe with questionLines instead of node:readline, which held each
// line whole (a line longer than V8's longest string ended in an internal error). Lines must
// still be split and numbered as readline split them.

async function collect(chunks: (Buffer | string)[], max = 1000): Promise<QuestionLine[]> {
  const out: QuestionLine[] = [];
  for await (const line of questionLines(Readable.from(chunks), max)) out.push(line);
  return out;
}

async function readlineLines(chunks: Buffer[]): Promise<string[]> {
  const out: string[] = [];
  const rl = createInterface({ input: Readable.from(chunks), crlfDelay: Infinity });
  for await (const line of rl) out.push(line);
  return out;
}

/** `text` as UTF-8, cut into chunks at the given byte offsets. */
function cut(text: string, at: number[]): Buffer[] {
  const bytes = Buffer.from(text, 'utf8');
  const ends = [...at.filter((a) => a > 0 && a < bytes.length), bytes.length];
  let from = 0;
  return ends.map((end) => {
    const c = bytes.subarray(from, end);
    from = end;
    return c;
  });
}

describe('questionLines', () => {
  const texts = [
    'pasaportumu kaybettim\nhow do I renew my passport\n',
    'a\r\nb\rc\n\n\nd',
    '\r\n\r\n',
    '\n',
    '',
    'son satır sonsuz',
    'ğüşiöç\r\r\nx\n\r',
    '  \n\t\n',
  ];

  it('splits and numbers lines as readline does, wherever the chunks are cut', async () => {
    for (const text of texts) {
      const size = Buffer.byteLength(text);
      // Whole, then cut at every byte (a \r\n and a two-byte ğ split between chunks among them).
      for (const at of [[], Array.from({ length: size }, (_, i) => i)]) {
        const chunks = cut(text, at);
        const expected = await readlineLines(chunks);
        const got = await collect(chunks);
        expect(
          got.map((l) => ('text' in l ? l.text : null)),
          JSON.stringify(text),
        ).toEqual(expected);
        expect(got.map((l) => l.n)).toEqual(expected.map((_, i) => i + 1));
      }
    }
  });

  it('gives a line as too long once it passes the limit, before the rest of it is read', async () => {
    let seen = false;
    async function* input() {
      yield 'first\n';
      yield 'x'.repeat(11);
      // The line is told too long before its end is asked for.
      if (!seen) throw new Error('the line was held until its end');
      yield 'x'.repeat(100_000);
      yield 'x\nnext\n';
    }
    const out: QuestionLine[] = [];
    for await (const line of questionLines(input(), 10)) {
      if ('tooLong' in line) seen = true;
      out.push(line);
    }
    expect(out).toEqual([
      { n: 1, text: 'first' },
      { n: 2, tooLong: true },
      { n: 3, text: 'next' },
    ]);
  });

  it('takes a line at the limit, counted as the API counts (an emoji and a ❤️ are one each)', async () => {
    const out = await collect(['x'.repeat(10), '\n', '😀❤️'.repeat(5), '\n', 'x'.repeat(11)], 10);
    expect(out).toEqual([
      { n: 1, text: 'x'.repeat(10) },
      { n: 2, text: '😀❤️'.repeat(5) },
      { n: 3, tooLong: true },
    ]);
  });
});
