import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  RAW_ANSWER_LOG_WINDOW_MS,
  RAW_ROUTES,
  RawAnswerReport,
  type RawAnswerLogLine,
} from '../../../src/app/raw-answer-report';

/**
 * The answers written before any middleware (the per-client cap's 503, a malformed request's
 * 400, a timeout's 408...) are counted one by one and logged at most twice per kind and window: a
 * client flooding the server must not be able to fill the log at its connection rate.
 */
const CAP = RAW_ROUTES.overCap;
const total = (lines: RawAnswerLogLine[]) =>
  lines.reduce((n, l) => n + ('count' in l ? l.count : 1), 0);

describe('RawAnswerReport', () => {
  let lines: RawAnswerLogLine[];
  let observed: string[];
  let report: RawAnswerReport;
  beforeEach(() => {
    vi.useFakeTimers();
    lines = [];
    observed = [];
    report = new RawAnswerReport({
      log: (line) => lines.push(line),
      observe: (method, route, status) => observed.push(`${method} ${route} ${status}`),
    });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('counts every answer, logs the first at once and the rest of the window as one line', () => {
    for (let i = 0; i < 1000; i++) report.answered(i % 4 ? 'GET' : 'POST', CAP, 503, 0.001);
    expect(observed).toHaveLength(1000);
    expect(observed[0]).toBe(`POST ${CAP} 503`);
    expect(lines).toEqual([{ event: 'http', method: 'POST', route: CAP, status: 503, ms: 1 }]);
    vi.advanceTimersByTime(RAW_ANSWER_LOG_WINDOW_MS);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toEqual({
      event: 'http',
      route: CAP,
      status: 503,
      count: 999,
      methods: { GET: 750, POST: 249 },
      windowMs: RAW_ANSWER_LOG_WINDOW_MS,
    });
  });

  it('each kind (route and status) gets its own first line', () => {
    report.answered('GET', CAP, 503, 0);
    report.answered('unknown', RAW_ROUTES.malformed, 400, 0);
    report.answered('unknown', RAW_ROUTES.malformed, 431, 0);
    report.answered('unknown', RAW_ROUTES.malformed, 431, 0);
    expect(lines.map((l) => `${l.route} ${l.status}`)).toEqual([
      `${CAP} 503`,
      `${RAW_ROUTES.malformed} 400`,
      `${RAW_ROUTES.malformed} 431`,
    ]);
    vi.advanceTimersByTime(RAW_ANSWER_LOG_WINDOW_MS);
    expect(lines.at(-1)).toMatchObject({ route: RAW_ROUTES.malformed, status: 431, count: 1 });
  });

  it('writes one line per window while a flood lasts, and logs at once after a quiet window', () => {
    // 100 answers a second for a minute.
    for (let s = 0; s < 60; s++) {
      for (let i = 0; i < 100; i++) report.answered('GET', CAP, 503, 0);
      vi.advanceTimersByTime(1000);
    }
    expect(lines.length).toBeLessThanOrEqual(60_000 / RAW_ANSWER_LOG_WINDOW_MS + 1);
    vi.advanceTimersByTime(RAW_ANSWER_LOG_WINDOW_MS);
    expect(total(lines)).toBe(6000);
    // Quiet for a whole window: the next answer is its own line, at once.
    vi.advanceTimersByTime(RAW_ANSWER_LOG_WINDOW_MS * 2);
    const before = lines.length;
    report.answered('DELETE', CAP, 503, 0);
    expect(lines).toHaveLength(before + 1);
    expect(lines.at(-1)).toMatchObject({ method: 'DELETE', status: 503 });
  });

  it('writes the window counts when flushed (the server closing)', () => {
    report.answered('GET', CAP, 503, 0);
    report.answered('GET', CAP, 503, 0);
    report.flush();
    expect(lines.at(-1)).toMatchObject({ count: 1, methods: { GET: 1 } });
    report.flush();
    expect(lines).toHaveLength(2);
  });
});
