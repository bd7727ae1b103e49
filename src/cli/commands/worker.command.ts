import type { Command } from 'commander';
import { EXPERIMENTS_QUEUE, QUEUE_NAMES } from '../../queue/queue-names';
import { parseNumberOption } from '../errors';
import { lazyAction } from '../lazy-action';

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .summary('work queue jobs (run many, on many machines, against one Redis)')
    .description(
      "Start BullMQ workers for the services' queues on REDIS_URL; no HTTP. When Redis does not answer a PING at start, it warns on stderr (no job is taken until it does). On SIGINT/SIGTERM it stops taking jobs, lets the jobs in hand finish and exits; after SHUTDOWN_GRACE_SECONDS (default 10) it exits anyway (Redis down), leaving unfinished jobs to stalled-job recovery.",
    )
    .option(
      '--queues <list>',
      `comma-separated queues to work (default the services': ${QUEUE_NAMES.join(',')}; '${EXPERIMENTS_QUEUE}' runs the replications and design points of run/sweep/audit --workers)`,
    )
    .option(
      '--concurrency <n>',
      'jobs in parallel per queue (default: WORKER_CONCURRENCY or 10)',
      parseNumberOption('--concurrency', 'positive-integer'),
    )
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  consular-sim worker   # not run: needs a Redis (REDIS_URL); works until Ctrl+C\n' +
        '  consular-sim worker --queues experiments --concurrency 2   # not run: needs a Redis; the jobs of run/sweep/audit --workers',
    )
    .action(lazyAction(async () => (await import('./worker.action')).workerAction));
}
