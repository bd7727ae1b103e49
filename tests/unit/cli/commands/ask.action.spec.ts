import { describe, expect, it } from 'vitest';
import { tooLong } from '../../../../src/cli/commands/ask.action';

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
