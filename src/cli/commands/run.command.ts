import type { Command } from 'commander';
import {
  parseNumberOption,
  parseReplicationsOption,
  parseSeedOption,
  collectSet,
  parseOneOf,
  parseThreadsOption,
} from '../errors';
import { lazyAction } from '../lazy-action';
import { ENGINES, VIAS } from './run-choices';
import { WORKER_TIMEOUT_HELP, WORKERS_HELP } from './workers-option';

/** `--base-url`'s default: a serve started with the default port on this machine. */
const DEFAULT_BASE_URL = 'http://127.0.0.1:3000';

export function registerRun(program: Command): void {
  program
    .command('run')
    .summary('run a scenario and print a summary')
    .description(
      "Run a scenario file on the embedded discrete-event engine (virtual time, deterministic: the same seed gives the same figures, all but the timings a model takes of this machine, such as Hızır's answer time), " +
        'with R independent replications and 95% confidence intervals (2 replications or more: one gives no interval, and --json writes halfWidth and ci95 as null).',
    )
    .argument('<scenario>', 'scenario YAML file (see scenarios/)')
    .option(
      '--seed <n>',
      "base random seed (replication r uses a seed derived from it; default the scenario's seed:, else 1)",
      parseSeedOption(),
    )
    .option(
      '--replications <r>',
      "number of independent replications (default the scenario's replications:, else 5)",
      parseReplicationsOption(),
    )
    .option(
      '--set <path=value>',
      'override a scenario key, e.g. --set stations.desk.servers=12 (repeatable)',
      collectSet,
      [],
    )
    .option(
      '--out <dir>',
      "write summary.json, timeseries.csv (replication 1, per interval and station; README says what a row holds) and report.html into this directory (made if missing), replacing an earlier run's output there and leaving other files as they are; refused before anything runs if it holds another command's file (sweep.json, audit.json, reproduce.json, comparison.json) or a summary.json, timeseries.csv or report.html not from an earlier run's output, which would be overwritten",
    )
    .option(
      '--threads <n>',
      'worker threads for replications (0 = none; default one per core)',
      parseThreadsOption,
    )
    .option(
      '--engine <engine>',
      'kernel (virtual time, default) or bullmq (live replay through real queues on Redis)',
      parseOneOf('--engine', ENGINES),
      'kernel',
    )
    .option('--speed <F>', 'bullmq engine: model minutes per wall minute, or max', 'max')
    .option(
      '--via <path>',
      'bullmq engine: queue (enqueue directly) or http (through a running serve)',
      parseOneOf('--via', VIAS),
      'queue',
    )
    .option(
      '--redis-url <url>',
      'bullmq engine: Redis to use (default: REDIS_URL or redis://127.0.0.1:6379)',
    )
    .option(
      '--base-url <url>',
      'bullmq engine, --via http: the running serve to post arrivals to (it must use the same Redis; ADMIN_TOKEN from the environment)',
      DEFAULT_BASE_URL,
    )
    .option('--workers <redis-url>', WORKERS_HELP)
    .option(
      '--worker-timeout <s>',
      WORKER_TIMEOUT_HELP,
      parseNumberOption('--worker-timeout', 'positive'),
    )
    .option(
      '--json',
      'print the full result as JSON instead of the summary (every figure is named and explained in the README, "What run --json prints"; waits are those of the customers served; with --engine bullmq the same keys, for replication 1, and live: how the replay ran)',
    )
    .option(
      '--all-stations',
      'the summary lists every station of each arm, not only the 10 busiest (by utilisation)',
    )
    .option('--quiet', 'no progress on stderr')
    .addHelpText(
      'after',
      '\nExamples:\n  consular-sim run scenarios/teaching-mmc.yaml\n  consular-sim run scenarios/teaching-mmc.yaml --replications 20 --set stations.desk.servers=11 --out out/mmc11\n' +
        '  consular-sim run scenarios/teaching-mmc.yaml --engine bullmq --set horizon=2d --set warmup=2h --speed max',
    )
    .action(lazyAction(async () => (await import('./run.action')).runAction));
}
