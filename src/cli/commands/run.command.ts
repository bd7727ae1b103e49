import type { Command } from 'commander';
import { resolve } from 'node:path';
import { progressBar } from '../../report/format';
import {
  action,
  parseNumberOption,
  UsageError,
  parseReplicationsOption,
  parseSeedOption,
  collectSet,
} from '../errors';
import { executorFor, WORKER_TIMEOUT_HELP, WORKERS_HELP } from './workers-option';
import { outputDir } from '../out-dir';

/** `--base-url`'s default: a serve started with the default port on this machine. */
const DEFAULT_BASE_URL = 'http://127.0.0.1:3000';

interface RunOptions {
  seed?: number;
  replications?: number;
  set: string[];
  out?: string;
  threads?: number;
  engine: string;
  speed: string;
  via: 'queue' | 'http';
  redisUrl?: string;
  baseUrl: string;
  json?: boolean;
  workers?: string;
  workerTimeout?: number;
  quiet?: boolean;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .summary('run a scenario and print a summary')
    .description(
      'Run a scenario file on the embedded discrete-event engine (virtual time, deterministic), ' +
        'with R independent replications and 95% confidence intervals.',
    )
    .argument('<scenario>', 'scenario YAML file (see scenarios/)')
    .option(
      '--seed <n>',
      'base random seed (replication r uses a seed derived from it)',
      parseSeedOption(),
    )
    .option('--replications <r>', 'number of independent replications', parseReplicationsOption())
    .option(
      '--set <path=value>',
      'override a scenario key, e.g. --set stations.desk.servers=12 (repeatable)',
      collectSet,
      [],
    )
    .option(
      '--out <dir>',
      'write summary.json, timeseries.csv (per interval) and report.html into this directory',
    )
    .option(
      '--threads <n>',
      'worker threads for replications (0 = none; default one per core)',
      parseNumberOption('--threads', 'integer'),
    )
    .option(
      '--engine <engine>',
      'kernel (virtual time, default) or bullmq (live replay through real queues on Redis)',
      'kernel',
    )
    .option('--speed <F>', 'bullmq engine: model minutes per wall minute, or max', 'max')
    .option(
      '--via <path>',
      'bullmq engine: queue (enqueue directly) or http (through a running serve)',
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
      'print the full result as JSON instead of the summary (every figure is named and explained in the README, "What run --json prints"; waits are those of the customers served)',
    )
    .option('--quiet', 'no progress on stderr')
    .addHelpText(
      'after',
      '\nExamples:\n  consular-sim run scenarios/teaching-mmc.yaml\n  consular-sim run scenarios/teaching-mmc.yaml --replications 20 --set stations.desk.servers=11 --out out/mmc11\n' +
        '  consular-sim run scenarios/teaching-mmc.yaml --engine bullmq --set horizon=2d --set warmup=2h --speed max',
    )
    .action(
      action(async (file: string, opts: RunOptions) => {
        if (opts.engine !== 'kernel' && opts.engine !== 'bullmq') {
          throw new UsageError(`--engine: must be kernel or bullmq (got '${opts.engine}')`);
        }
        if (opts.via !== 'queue' && opts.via !== 'http')
          throw new UsageError(`--via: must be queue or http (got '${opts.via}')`);
        // The scenario schema, the engines and the report load only when a run starts, not for --help.
        const { loadScenario } = await import('../../scenario/scenario.loader');
        const scenario = loadScenario(resolve(file), { set: opts.set });
        const outDir = opts.out && opts.engine !== 'bullmq' ? outputDir(opts.out) : undefined;
        if (opts.engine === 'bullmq') {
          const { checkLiveServices, parseBaseUrl, parseSpeed, renderLive, runLive } =
            await import('./live-run');
          const liveOptions = {
            speed: parseSpeed(opts.speed),
            via: opts.via,
            redisUrl: opts.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
            seed: opts.seed,
            baseUrl: parseBaseUrl(opts.baseUrl),
            adminToken: process.env.ADMIN_TOKEN,
          };
          await checkLiveServices(liveOptions);
          const liveBar = progressBar(
            `replaying ${scenario.name} on BullMQ`,
            !opts.json && !opts.quiet,
          );
          const live = await runLive(scenario, {
            ...liveOptions,
            onProgress: (arm, jobs, customers) =>
              liveBar.note(
                `${arm === 'main' ? '' : `arm ${arm}: `}${jobs.toLocaleString('en-US')} jobs done, ${customers.toLocaleString('en-US')} customers planned`,
              ),
          });
          liveBar.end();
          process.stdout.write(
            opts.json
              ? JSON.stringify(live) + '\n'
              : renderLive(scenario, live, opts.seed ?? scenario.seed) + '\n',
          );
          return;
        }
        const { runScenario } = await import('../../experiment/scenario.runner');
        const { writeReport } = await import('../../report/html-report');
        const { renderSummary, writeRunFiles } = await import('../../report/summary.report');
        const bar = progressBar(`running ${scenario.name}`, !opts.json && !opts.quiet);
        let result;
        if (opts.workers) {
          // Replications as jobs on the experiments queue; assembled as a local run is.
          const { runScenarioSet } = await import('../../experiment/experiment');
          const executor = await executorFor(opts.workers, opts.workerTimeout);
          try {
            [result] = await runScenarioSet([scenario], {
              seed: opts.seed,
              replications: opts.replications,
              executor,
              onProgress: (d, t) => bar.update(d, t),
            });
          } finally {
            bar.end();
            await executor.close();
          }
        } else
          result = await runScenario(scenario, {
            seed: opts.seed,
            replications: opts.replications,
            threads: opts.threads,
            onProgress: (d, t) => bar.update(d, t),
          });
        bar.end();
        const files = outDir ? writeRunFiles(result, outDir) : [];
        if (outDir) files.push(writeReport(outDir, { result }));
        if (opts.json) {
          const { timeseries: _ts, ...rest } = result;
          process.stdout.write(JSON.stringify(rest) + '\n');
        } else {
          process.stdout.write(renderSummary(result) + '\n');
          for (const f of files) process.stdout.write(`wrote ${f}\n`);
        }
      }),
    );
}
