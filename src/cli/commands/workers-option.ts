import { EXPERIMENTS_QUEUE } from '../../queue/queue-names';
import type { Executor } from '../../experiment/experiment';
import { UsageError } from '../errors';
import { interruptedOr, interruptOnSignal } from '../interrupt';

export const WORKERS_HELP = `run replications and design points as jobs on the '${EXPERIMENTS_QUEUE}' queue of this Redis (redis://host:port), worked by 'consular-sim worker --queues ${EXPERIMENTS_QUEUE}' on any number of machines; same numbers as a local run`;
export const WORKER_TIMEOUT_HELP =
  'with --workers: seconds to wait for a worker to appear before failing (default 30)';

/**
 * The executor for --workers <redis-url>; a malformed URL is a usage error. While it runs, Ctrl+C
 * or SIGTERM stops the run through its clean-up, which takes its jobs not yet run off the
 * queue (Node's default exit had left them to the workers, computed for nobody).
 */
export async function executorFor(url: string, timeoutSeconds?: number): Promise<Executor> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(
      `--workers: must be a Redis URL such as redis://127.0.0.1:6379 (got '${url}')`,
    );
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')
    throw new UsageError(`--workers: must be a redis:// or rediss:// URL (got '${url}')`);
  // BullMQ is loaded only when --workers is given.
  const { distributedExecutor } = await import('../../experiment/experiments-queue');
  const interrupt = interruptOnSignal();
  const executor = distributedExecutor({
    redisUrl: url,
    workerTimeoutMs: timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000,
    signal: interrupt.signal,
  });
  return {
    ...executor,
    run: (tasks, onDone) =>
      executor.run(tasks, onDone).catch((err: unknown) => {
        throw interruptedOr(
          interrupt,
          err,
          (signal) =>
            `stopped at ${signal}; this run's jobs not yet taken by a worker were removed from the '${EXPERIMENTS_QUEUE}' queue`,
        );
      }),
    close: async () => {
      interrupt.dispose();
      await executor.close();
    },
  };
}

/** `--worker-timeout` says how long to wait for a worker: without `--workers` it is refused, not ignored. */
export function checkWorkerTimeout(opts: { workers?: string; workerTimeout?: number }): void {
  if (opts.workerTimeout !== undefined && opts.workers === undefined)
    throw new UsageError(
      '--worker-timeout: only with --workers (how long to wait for a worker to appear)',
    );
}
