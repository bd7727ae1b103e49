import { describe, expect, it } from 'vitest';
import { StationClock } from '../../../src/queue/station-clock';
import { assertHandlers } from '../../../src/queue/handler-check';
import { QUEUES } from '../../../src/queue/queue-names';
import { loadAppConfig } from '../../../src/app/app-config';

describe('StationClock (no I/O)', () => {
  it('serves FIFO on c servers', () => {
    const c = new StationClock({ times: [0], values: [2] }, 1000);
    expect(c.admit(0, 10)).toEqual({ kind: 'served', start: 0, end: 10 });
    expect(c.admit(1, 10)).toEqual({ kind: 'served', start: 1, end: 11 });
    expect(c.admit(2, 10)).toEqual({ kind: 'served', start: 10, end: 20 });
    expect(c.admit(3, 1)).toEqual({ kind: 'served', start: 11, end: 12 });
  });

  it('waits for the next shift when closed, and reneges or runs past the horizon', () => {
    const c = new StationClock({ times: [0, 100, 200], values: [0, 1, 0] }, 300);
    expect(c.admit(10, 5)).toEqual({ kind: 'served', start: 100, end: 105 });
    expect(c.admit(20, 5, 30)).toEqual({ kind: 'reneged', at: 50 });
    expect(c.admit(199, 50)).toEqual({ kind: 'served', start: 199, end: 249 });
    expect(c.admit(201, 5)).toEqual({ kind: 'waiting-at-end' });
  });

  it('balks at the queue limit', () => {
    const c = new StationClock({ times: [0], values: [1] }, 1000, 1);
    c.admit(0, 100);
    expect(c.admit(1, 1).kind).toBe('served');
    expect(c.admit(2, 1)).toEqual({ kind: 'balked' });
  });
});

describe('start-up checks', () => {
  it('fails when a queue job has no handler', () => {
    expect(() => assertHandlers(QUEUES.evisa, { intake: () => 0 })).toThrow(
      /queue 'evisa': no handler for jobs 'screening'/,
    );
  });

  it('names the configuration key that is wrong', () => {
    expect(() => loadAppConfig({ REDIS_URL: 'http://x' })).toThrow(
      /REDIS_URL: must be a redis:\/\//,
    );
    expect(() => loadAppConfig({ PORT: '70000' })).toThrow(/PORT: must be a whole number/);
    expect(() => loadAppConfig({ QUEUE_PREFIX: 'consular' })).toThrow(
      /QUEUE_PREFIX: must contain a \{hash tag\}/,
    );
    expect(loadAppConfig({}).REDIS_URL).toBe('redis://127.0.0.1:6379');
  });
});
