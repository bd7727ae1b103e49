import type { DefaultJobOptions } from 'bullmq';

/**
 * Retention: completed jobs are kept for an hour (at most 10,000 per queue) for the dashboard,
 * failed jobs for a week (at most 50,000) for inspection. Bounded, so Redis memory stays flat
 * over a year-long replay; the record hashes, not the jobs, are the system of record.
 */
export const COMPLETED_RETENTION = { age: 3600, count: 10_000 };
export const FAILED_RETENTION = { age: 7 * 24 * 3600, count: 50_000 };

/** Transient failures (Redis blips) retry with exponential backoff: 1 s, 2 s, 4 s, 8 s. */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: COMPLETED_RETENTION,
  removeOnFail: FAILED_RETENTION,
};
