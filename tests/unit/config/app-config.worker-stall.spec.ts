import { describe, expect, it } from 'vitest';
import { AppConfigError, loadAppConfig } from '../../../src/config/app-config';
import { stalledRecoveryBoundMs } from '../../../src/queue/worker-options';

/** Each stall setting, with its rule as the start-up error states it. */
const RULES = {
  WORKER_LOCK_MS: 'must be a whole number of milliseconds from 1000 to 600000',
  WORKER_STALLED_INTERVAL_MS: 'must be a whole number of milliseconds from 500 to 600000',
  WORKER_MAX_STALLED_COUNT: 'must be a whole number from 1 to 1000',
} as const;

function errorOf(env: Record<string, string>): unknown {
  try {
    loadAppConfig(env);
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('stalled-job recovery settings', () => {
  it('take whole numbers within their range', () => {
    const c = loadAppConfig({
      WORKER_LOCK_MS: '600000',
      WORKER_STALLED_INTERVAL_MS: ' 500 ',
      WORKER_MAX_STALLED_COUNT: '1000',
    });
    expect([c.WORKER_LOCK_MS, c.WORKER_STALLED_INTERVAL_MS, c.WORKER_MAX_STALLED_COUNT]).toEqual([
      600_000, 500, 1000,
    ]);
  });

  it('refuse anything else at start, naming the key and the rule', () => {
    const bad: Record<keyof typeof RULES, string[]> = {
      // 600001 and up: a lock of more than ten minutes keeps a dead worker's jobs that long
      // (a typed extra zero, or seconds multiplied twice).
      WORKER_LOCK_MS: ['999', '600001', '5s', '1.5', '-1'],
      WORKER_STALLED_INTERVAL_MS: ['499', '600001', '2s', '0'],
      WORKER_MAX_STALLED_COUNT: ['0', '1001', 'many', '2.5'],
    };
    for (const [key, values] of Object.entries(bad) as [keyof typeof RULES, string[]][])
      for (const value of values) {
        const err = errorOf({ [key]: value });
        expect(err, `${key}=${value}`).toBeInstanceOf(AppConfigError);
        expect((err as AppConfigError).key).toBe(key);
        expect((err as Error).message).toBe(`configuration: ${key}: ${RULES[key]}`);
      }
  });

  it('bound the recovery by the lock, then two check intervals for the mark and one for the move', () => {
    // The lock dominates: a check marks the job before its lock runs out.
    expect(stalledRecoveryBoundMs({ WORKER_LOCK_MS: 5000, WORKER_STALLED_INTERVAL_MS: 2000 })).toBe(
      7000,
    );
    // The checks dominate: the mark may come two intervals after the death.
    expect(stalledRecoveryBoundMs({ WORKER_LOCK_MS: 1000, WORKER_STALLED_INTERVAL_MS: 2000 })).toBe(
      6000,
    );
  });
});
