import { availableParallelism } from 'node:os';
import { EXPERIMENTS_QUEUE, QUEUE_NAMES, type QueueName } from '../../queue/queue-names';
import { UsageError } from '../errors';
import { didYouMean } from '../../scenario/suggest';
import { redact } from './redact';
import { redisWarning } from './redis-warning';

const KNOWN_QUEUES = [...QUEUE_NAMES, EXPERIMENTS_QUEUE];

/**
 * `a,b` → service queue names, all when absent; unknown names are a usage error. `option` is
 * the option the list came in (`serve --with-workers`), named in the error.
 */
export function parseQueues(list: string | undefined, option = '--queues'): QueueName[] {
  const names = parseWorkerQueues(list, option);
  if (names.includes(EXPERIMENTS_QUEUE))
    throw new UsageError(
      `${option}: '${EXPERIMENTS_QUEUE}' is worked by 'consular-sim worker --queues ${EXPERIMENTS_QUEUE}'; known here: ${QUEUE_NAMES.join(', ')}`,
    );
  return names as QueueName[];
}

/**
 * As parseQueues, and the experiments queue too (the worker command). Only an absent list means
 * every queue: an empty one (`--queues ""`, as from an unset shell variable) names none and is
 * refused, as is a queue named twice, which had started two workers on it (twice the
 * concurrency the banner gave).
 */
export function parseWorkerQueues(
  list: string | undefined,
  option = '--queues',
): (QueueName | typeof EXPERIMENTS_QUEUE)[] {
  if (list === undefined) return [...QUEUE_NAMES];
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !KNOWN_QUEUES.includes(n));
  if (unknown.length || !names.length)
    throw new UsageError(
      `${option}: ${names.length ? 'unknown queue' : 'no queue named'} ${unknown.map((u) => `'${u}'${didYouMean(u, KNOWN_QUEUES)}`).join(', ') || `in '${list}'`}; known: ${KNOWN_QUEUES.join(', ')}`,
    );
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined)
    throw new UsageError(`${option}: queue '${twice}' is named twice: name each queue once`);
  return names as (QueueName | typeof EXPERIMENTS_QUEUE)[];
}

/** What `consular-sim worker` does; its options and help text are in worker.command.ts. */
export async function workerAction(opts: { queues?: string; concurrency?: number }) {
  const queues = parseWorkerQueues(opts.queues);
  const services = queues.filter((q): q is QueueName => q !== EXPERIMENTS_QUEUE);
  // Nest and BullMQ load only when the command runs (seconds), not for --help.
  const { loadAppConfig } = await import('../../config/app-config');
  const { createWorkerContext } = await import('../../app/bootstrap');
  const { startExperimentsWorker } = await import('../../experiment/experiments-queue');
  const { exitOnSignal } = await import('../../app/shutdown');
  const config = loadAppConfig(process.env, { WORKER_CONCURRENCY: opts.concurrency });
  // The workers' Redis connections keep the process alive; on SIGINT/SIGTERM exitOnSignal
  // closes them (jobs in hand finish) and exits within SHUTDOWN_GRACE_SECONDS regardless.
  const closers: { close(): Promise<void> }[] = [];
  if (services.length)
    closers.push(await createWorkerContext(config, services, config.WORKER_CONCURRENCY));
  // Asked once the service workers have started (a start-up busy compiling their models would
  // not read a prompt answer in time), and warned of as soon as it is known: the workers take
  // jobs when Redis comes up, and the experiments worker's start, with the banner, waits for it.
  const { redisUnanswered } = await import('../../queue/redis-connections');
  void redisUnanswered(config.REDIS_URL).then((unanswered) => {
    if (unanswered) process.stderr.write(redisWarning(config.REDIS_URL, unanswered, 'worker'));
  });
  if (queues.includes(EXPERIMENTS_QUEUE)) {
    const { Logger } = await import('@nestjs/common');
    const experimentsLogger = new Logger(`Worker:${EXPERIMENTS_QUEUE}`);
    // createWorkerContext checks REDIS_URL's database and sets the JSON logger; without service
    // queues, do both here (the shutdown lines had come out in Nest's coloured console format).
    if (!services.length) {
      const { JsonLogger, logLevelsFrom } = await import('../../app/json-logger');
      Logger.overrideLogger(new JsonLogger(logLevelsFrom(config.LOG_LEVEL)));
      const { assertRedisDatabase } = await import('../../queue/redis-connections');
      await assertRedisDatabase(config.REDIS_URL);
    }
    // Simulations are CPU-bound: one job per core unless --concurrency says otherwise.
    closers.push(
      await startExperimentsWorker({
        redisUrl: config.REDIS_URL,
        prefix: config.QUEUE_PREFIX,
        concurrency: opts.concurrency ?? availableParallelism(),
        lockDuration: config.WORKER_LOCK_MS,
        stalledInterval: config.WORKER_STALLED_INTERVAL_MS,
        maxStalledCount: config.WORKER_MAX_STALLED_COUNT,
        // Logged as the service workers log theirs: without it, an unreachable Redis left the
        // command silent until it came up.
        onError: (err) => experimentsLogger.warn(`worker: ${err.message}`),
      }),
    );
  }
  exitOnSignal(
    { close: async () => void (await Promise.all(closers.map((c) => c.close()))) },
    config.SHUTDOWN_GRACE_SECONDS,
    'worker',
  );
  process.stdout.write(
    `consular-sim worker on ${queues.join(', ')} (concurrency ${queues.includes(EXPERIMENTS_QUEUE) && !services.length ? (opts.concurrency ?? availableParallelism()) : config.WORKER_CONCURRENCY}, Redis ${redact(config.REDIS_URL)})\n`,
  );
}
