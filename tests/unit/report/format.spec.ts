import { afterEach, describe, expect, it, vi } from 'vitest';
import { progressBar, TIME_LEFT_AFTER, timeLeftText } from '../../../src/report/format';

/** A stand-in for stderr that records what is written. */
function stream(isTTY: boolean) {
  const writes: string[] = [];
  return {
    writes,
    s: {
      isTTY,
      columns: 80,
      write: (t: string) => writes.push(t),
    } as unknown as NodeJS.WriteStream,
  };
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

describe('progressBar: wherever a person waits', () => {
  it('on a terminal, redraws one live line and clears it at the end', () => {
    const t = stream(true);
    const bar = progressBar('reproduce', true, t.s);
    bar.update(1, 4, 'paper-evisa');
    bar.update(2, 4, 'paper-hizir');
    bar.end();
    expect(t.writes[0]).toBe('\r\x1b[Kreproduce [#####...............] 1/4 paper-evisa (0 s)');
    expect(t.writes[1]).toContain('2/4 paper-hizir');
    expect(t.writes.at(-1)).toBe('\r\x1b[K');
  });

  it('not on a terminal, nothing in the first 2 s, then plain lines at most every 10 s', () => {
    vi.useFakeTimers();
    const t = stream(false);
    const bar = progressBar('bench', true, t.s);
    bar.note('timing 10,000,000 customers');
    expect(t.writes).toEqual([]);
    vi.advanceTimersByTime(2500);
    bar.note('timing 10,000,000 customers');
    expect(t.writes).toEqual(['bench: timing 10,000,000 customers (3 s)\n']);
    bar.note('timing 10,000,000 customers');
    vi.advanceTimersByTime(7000); // 9.5 s: less than 10 s since the last line
    expect(t.writes).toHaveLength(1);
    vi.advanceTimersByTime(11_000); // the timer repeats the line while the step runs
    expect(t.writes).toEqual([
      'bench: timing 10,000,000 customers (3 s)\n',
      'bench: timing 10,000,000 customers (20 s)\n',
    ]);
    bar.end();
    vi.advanceTimersByTime(30_000);
    expect(t.writes).toHaveLength(2);
    expect(t.writes.every((w) => !w.includes('\r'))).toBe(true);
  });

  it('prints nothing when disabled (--json, --quiet)', () => {
    vi.useFakeTimers();
    for (const tty of [true, false]) {
      const t = stream(tty);
      const bar = progressBar('run', false, t.s);
      bar.update(1, 2);
      vi.advanceTimersByTime(60_000);
      bar.end();
      expect(t.writes).toEqual([]);
    }
  });
});

describe('timeLeftText: the time left at the mean pace so far', () => {
  it('is the steps left times the mean wall time per finished step, in a plain unit', () => {
    // 975 runs in 22 s: 399,025 left at 22/975 s each.
    const seconds = (399_025 * 22) / 975;
    expect(timeLeftText(975, 399_025, 22_000)).toBe(`about ${(seconds / 3600).toFixed(1)} h left`);
    expect(timeLeftText(10, 5, 20_000)).toBe('about 10 s left');
    expect(timeLeftText(10, 100, 20_000)).toBe('about 3 min left'); // 200 s
    expect(timeLeftText(4, 1, 1)).toBe('about 1 s left'); // never 0 s while a step is left
    expect(timeLeftText(10, 3 * 86_400, 10_000)).toBe('about 3 days left');
  });

  it('says nothing before a few steps finished, or when none is left', () => {
    expect(timeLeftText(TIME_LEFT_AFTER - 1, 100, 5_000)).toBe('');
    expect(timeLeftText(TIME_LEFT_AFTER, 100, 5_000)).not.toBe('');
    expect(timeLeftText(100, 0, 5_000)).toBe('');
  });

  it('progressBar shows it after the elapsed time only when asked (sweep, audit)', () => {
    vi.useFakeTimers();
    const asked = stream(true);
    const bar = progressBar('sweeping', true, asked.s, { timeLeft: true });
    vi.advanceTimersByTime(20_000);
    bar.update(10, 110);
    bar.end();
    expect(asked.writes[0]).toMatch(/ 10\/110 \(20 s, about 3 min left\)$/);
    const plain = stream(true);
    const other = progressBar('running', true, plain.s);
    vi.advanceTimersByTime(20_000);
    other.update(10, 110);
    other.end();
    expect(plain.writes[0]).toMatch(/ 10\/110 \(20 s\)$/);
  });
});

describe('sharePct', () => {
  it('writes a share as pct does, except that one not all or none never reads 100% or 0%', async () => {
    const { pct, sharePct } = await import('../../../src/report/format');
    for (const x of [0, 1, 0.5, 0.123, 0.9994, 0.0006]) expect(sharePct(x)).toBe(pct(x));
    expect(sharePct(0.99999)).toBe('>99.9%');
    expect(sharePct(0.00001)).toBe('<0.1%');
    expect(sharePct(0.999999, 2)).toBe('>99.99%');
    expect(sharePct(0.000001, 2)).toBe('<0.01%');
    expect(sharePct(0.999, 0)).toBe('>99%');
  });
});
