import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../../src/cli/errors';
import { parseQueues, parseWorkerQueues } from '../../../../src/cli/commands/worker.action';
import { EXPERIMENTS_QUEUE, QUEUE_NAMES } from '../../../../src/queue/queue-names';

/** The UsageError message `f` throws (the test fails when it throws none or another kind). */
function refusal(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error('expected a UsageError, got none');
}

describe('worker --queues and serve --with-workers: the queues to work', () => {
  it('absent: every service queue; a list: those queues, in its order', () => {
    expect(parseWorkerQueues(undefined)).toEqual([...QUEUE_NAMES]);
    expect(parseQueues(undefined, '--with-workers')).toEqual([...QUEUE_NAMES]);
    expect(parseWorkerQueues(`payments, ${EXPERIMENTS_QUEUE}`)).toEqual([
      'payments',
      EXPERIMENTS_QUEUE,
    ]);
  });

  it('refuses an empty list (an unset shell variable), which had meant every queue', () => {
    for (const list of ['', ' ', ',,']) {
      expect(refusal(() => parseWorkerQueues(list))).toMatch(/^--queues: no queue named in /);
      expect(refusal(() => parseQueues(list, '--with-workers'))).toMatch(
        /^--with-workers: no queue named in /,
      );
    }
  });

  it('refuses a queue named twice, which had started two workers on it', () => {
    expect(refusal(() => parseWorkerQueues('evisa,payments,evisa'))).toBe(
      "--queues: queue 'evisa' is named twice: name each queue once",
    );
    expect(refusal(() => parseQueues('payments, payments', '--with-workers'))).toBe(
      "--with-workers: queue 'payments' is named twice: name each queue once",
    );
  });

  it("names the option the list came in: serve's is --with-workers, not --queues", () => {
    expect(refusal(() => parseQueues('nope', '--with-workers'))).toMatch(
      /^--with-workers: unknown queue 'nope'/,
    );
    expect(refusal(() => parseQueues(EXPERIMENTS_QUEUE, '--with-workers'))).toMatch(
      new RegExp(`^--with-workers: '${EXPERIMENTS_QUEUE}' is worked by`),
    );
  });
});
