import type { Command } from 'commander';
import { QUEUE_NAMES, type QueueName } from '../../queue/queue-names';
import { action, parseNumberOption, UsageError } from '../errors';
import { redact } from './redact';

/** `a,b` → queue names, all when absent; unknown names are a usage error. */
export function parseQueues(list: string | undefined): QueueName[] {
  if (!list) return [...QUEUE_NAMES];
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(QUEUE_NAMES as readonly string[]).includes(n));
  if (unknown.length || !names.length)
    throw new UsageError(
      `--queues: unknown queue ${unknown.map((u) => `'${u}'`).join(', ') || "''"}; known: ${QUEUE_NAMES.join(', ')}`,
    );
  return names as QueueName[];
}

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .summary('work queue jobs (run many, on many machines, against one Redis)')
    .description(
      "Start BullMQ workers for the services' queues on REDIS_URL; no HTTP. On SIGINT/SIGTERM it stops taking jobs, lets the jobs in hand finish and exits; after SHUTDOWN_GRACE_SECONDS (default 10) it exits anyway (Redis down), leaving unfinished jobs to stalled-job recovery.",
    )
    .option(
      '--queues <list>',
      `comma-separated queues to work (default all: ${QUEUE_NAMES.join(',')})`,
    )
    .option(
      '--concurrency <n>',
      'jobs in parallel per queue (default: WORKER_CONCURRENCY or 10)',
      parseNumberOption('--concurrency', 'positive-integer'),
    )
    .action(
      action(async (opts: { queues?: string; concurrency?: number }) => {
        const queues = parseQueues(opts.queues);
        // Nest and BullMQ load only when the command runs (seconds), not for --help.
        const { loadAppConfig } = await import('../../config/app-config');
        const { createWorkerContext } = await import('../../app/bootstrap');
        const { exitOnSignal } = await import('../../app/shutdown');
        const config = loadAppConfig(process.env, { WORKER_CONCURRENCY: opts.concurrency });
        // The workers' Redis connections keep the process alive; on SIGINT/SIGTERM exitOnSignal
        // closes them (jobs in hand finish) and exits within SHUTDOWN_GRACE_SECONDS regardless.
        const ctx = await createWorkerContext(config, queues, config.WORKER_CONCURRENCY);
        exitOnSignal(ctx, config.SHUTDOWN_GRACE_SECONDS, 'worker');
        process.stdout.write(
          `consular-sim worker on ${queues.join(', ')} (concurrency ${config.WORKER_CONCURRENCY}, Redis ${redact(config.REDIS_URL)})\n`,
        );
      }),
    );
}
