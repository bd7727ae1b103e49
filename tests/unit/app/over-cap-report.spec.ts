import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  OVER_CAP_LOG_WINDOW_MS,
  OVER_CAP_ROUTE,
  OverCapReport,
  type OverCapLogLine,
} from '../../../src/app/over-cap-report';

/**
 * The per-client cap's 503s are counted one by one and logged at most once per window: a client
 * flooding the server with connections must not be able to fill the log at its connection rate.
 */
describe('OverCapReport', () => {
  let lines: OverCapLogLine[];
  let observed: string[];
  let report: OverCapReport;
  beforeEach(() => {
    vi.useFakeTimers();
    lines = [];
    observed = [];
    report = new OverCapReport({
      log: (line) => lines.push(line),
      observe: (method, route, status) => observed.push(`${method} ${route} ${status}`),
    });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('counts every answer, logs the first at once and the rest of the window as one line', () => {
    for (let i = 0; i < 1000; i++) report.answered(i % 4 ? 'GET' : 'POST', 0.001);
    expect(observed).toHaveLength(1000);
    expect(observed[0]).toBe(`POST ${OVER_CAP_ROUTE} 503`);
    expect(lines).toEqual([
      { event: 'http', method: 'POST', route: OVER_CAP_ROUTE, status: 503, ms: 1 },
    ]);
    vi.advanceTimersByTime(OVER_CAP_LOG_WINDOW_MS);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toEqual({
      event: 'http',
      route: OVER_CAP_ROUTE,
      status: 503,
      count: 999,
      methods: { GET: 750, POST: 249 },
      windowMs: OVER_CAP_LOG_WINDOW_MS,
    });
  });

  it('writes one line per window while the flood lasts, and logs at once after a quiet window', () => {
    // A flood of 10 s windows: 100 answers a second for a minute.
    for (let s = 0; s < 60; s++) {
      for (let i = 0; i < 100; i++) report.answered('GET', 0);
      vi.advanceTimersByTime(1000);
    }
    expect(lines.length).toBeLessThanOrEqual(60_000 / OVER_CAP_LOG_WINDOW_MS + 1);
    const counted = lines.reduce((n, l) => n + ('count' in l ? l.count : 1), 0);
    vi.advanceTimersByTime(OVER_CAP_LOG_WINDOW_MS);
    const all = lines.reduce((n, l) => n + ('count' in l ? l.count : 1), 0);
    expect(all).toBe(6000);
    expect(counted).toBeLessThanOrEqual(all);
    // Quiet for a whole window: the next answer is its own line, at once.
    vi.advanceTimersByTime(OVER_CAP_LOG_WINDOW_MS * 2);
    const before = lines.length;
    report.answered('DELETE', 0);
    expect(lines).toHaveLength(before + 1);
    expect(lines.at(-1)).toMatchObject({ method: 'DELETE', status: 503 });
  });

  it('writes the window count when flushed (the server closing)', () => {
    report.answered('GET', 0);
    report.answered('GET', 0);
    report.flush();
    expect(lines.at(-1)).toMatchObject({ count: 1, methods: { GET: 1 } });
    report.flush();
    expect(lines).toHaveLength(2);
  });
});
