import { afterAll, beforeAll, vi } from 'vitest';

/**
 * Setup file of the files that share a process (vitest.config.mts, isolate: false): a file must
 * leave the process as it found it, or the next file in the same worker runs under its changes.
 * Fails the file that left an environment variable set, changed or removed, or fake timers on.
 */
let before: Record<string, string | undefined> = {};

beforeAll(() => {
  before = { ...process.env };
});

afterAll(() => {
  const changed = new Set([...Object.keys(before), ...Object.keys(process.env)]);
  const left = [...changed].filter((k) => before[k] !== process.env[k]).sort();
  if (left.length > 0)
    throw new Error(
      `this file left process.env changed (${left.join(', ')}): restore it in afterAll or finally, as the next file in this worker shares the process`,
    );
  if (vi.isFakeTimers())
    throw new Error('this file left fake timers on: call vi.useRealTimers() in afterEach');
});
