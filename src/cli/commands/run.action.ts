import { resolve } from 'node:path';
import type { Command } from 'commander';
import { progressBar } from '../../report/format';
import { notOneOf, UsageError } from '../errors';
import { interruptedOr, interruptOnSignal } from '../interrupt';
import { checkWorkerTimeout, executorFor } from './workers-option';
import { outputDir, refuseOtherCommandOutput, writeOutputs } from '../out-dir';
import { ENGINES, VIAS } from './run-choices';

export interface RunOptions {
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
  /** The summary lists every station, not the busiest few. */
  allStations?: boolean;
}

/**
 * An option of one engine given to the other is refused, not ignored: a kernel run does not
 * touch Redis whatever `--redis-url` says, and the live replay (the kernel's replication 1,
 * printed) writes no `--out` files and runs no more replications than one.
 */
function checkEngineOptions(opts: RunOptions, given: (key: string) => boolean): void {
  if (opts.engine === 'bullmq') {
    const kernelOnly: [keyof RunOptions, string, string][] = [
      ['out', '--out', 'prints its summary (--json for all of it) and writes no files'],
      ['replications', '--replications', "replays one replication, the kernel's first"],
      ['threads', '--threads', 'is worked by the queue workers'],
      ['workers', '--workers', 'is worked by the queue workers'],
      ['workerTimeout', '--worker-timeout', 'is worked by the queue workers'],
    ];
    for (const [key, flag, why] of kernelOnly)
      if (opts[key] !== undefined)
        throw new UsageError(
          `${flag}: not with --engine bullmq (the live replay ${why}): drop ${flag}, or run without --engine bullmq`,
        );
    if (given('baseUrl') && opts.via !== 'http')
      throw new UsageError('--base-url: only with --via http (a serve to post the arrivals to)');
    return;
  }
  for (const [key, flag] of [
    ['speed', '--speed'],
    ['via', '--via'],
    ['redisUrl', '--redis-url'],
    ['baseUrl', '--base-url'],
  ] as const)
    if (given(key))
      throw new UsageError(
        `${flag}: only with --engine bullmq (the live replay on Redis); this run is on the kernel, in virtual time`,
      );
  checkWorkerTimeout(opts);
}

/** What `consular-sim run` does; its options and help text are in run.command.ts. */
export async function runAction(
  file: string,
  opts: RunOptions,
  cmd?: Pick<Command, 'getOptionValueSource'>,
) {
  // run.command.ts's parsers refuse these already; a caller of runAction may not have used them.
  if (opts.engine !== 'kernel' && opts.engine !== 'bullmq')
    throw new UsageError(notOneOf('--engine', opts.engine, ENGINES));
  if (opts.via !== 'queue' && opts.via !== 'http')
    throw new UsageError(notOneOf('--via', opts.via, VIAS));
  // An option counts as given when it came from the command line, not from its default.
  checkEngineOptions(opts, (key) => cmd?.getOptionValueSource(key) === 'cli');
  // The scenario schema, the engines and the report load only when a run starts, not for --help.
  const { loadScenario } = await import('../../scenario/scenario.loader');
  const scenario = loadScenario(resolve(file), { set: opts.set });
  const outDir =
    opts.out !== undefined && opts.engine !== 'bullmq' ? outputDir(opts.out) : undefined;
  // Not into another command's output, whose report.html this would replace: before the run.
  if (outDir)
    refuseOtherCommandOutput(outDir, opts.out as string, 'summary.json', '--out', [
      'timeseries.csv',
    ]);
  if (opts.engine === 'bullmq') {
    const {
      checkLiveServices,
      liveJson,
      parseBaseUrl,
      parseRedisUrl,
      parseSpeed,
      renderLive,
      runLive,
    } = await import('./live-run');
    const liveOptions = {
      speed: parseSpeed(opts.speed),
      via: opts.via,
      redisUrl:
        opts.redisUrl !== undefined
          ? parseRedisUrl(opts.redisUrl, '--redis-url')
          : parseRedisUrl(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 'REDIS_URL'),
      seed: opts.seed,
      baseUrl: parseBaseUrl(opts.baseUrl),
      adminToken: process.env.ADMIN_TOKEN,
    };
    // The scenario is refused as a kernel run refuses it (its params, a demand over the
    // ceiling) before Redis is reached, let alone a job added.
    const { prepareArms } = await import('../../experiment/scenario.runner');
    prepareArms(scenario);
    await checkLiveServices(liveOptions);
    const liveBar = progressBar(`replaying ${scenario.name} on BullMQ`, !opts.json && !opts.quiet);
    // Ctrl+C (or SIGTERM) stops the replay through its clean-up, which removes its queues and
    // jobs from Redis; Node's default exit on the signal had left them there for ever.
    const interrupted = interruptOnSignal();
    let live;
    try {
      live = await runLive(scenario, {
        ...liveOptions,
        signal: interrupted.signal,
        onProgress: (arm, jobs, customers) =>
          liveBar.note(
            `${arm === 'main' ? '' : `arm ${arm}: `}${jobs.toLocaleString('en-US')} jobs done, ${customers.toLocaleString('en-US')} customers planned`,
          ),
      });
    } catch (err) {
      liveBar.end();
      throw interruptedOr(
        interrupted,
        err,
        (signal) => `the live replay stopped at ${signal} and its queues were removed from Redis`,
      );
    } finally {
      interrupted.dispose();
    }
    liveBar.end();
    process.stdout.write(
      opts.json
        ? // The kernel's --json for its replication 1, and how the replay ran (`live`).
          JSON.stringify(liveJson(scenario, live, opts.seed ?? scenario.seed)) + '\n'
        : renderLive(scenario, live, opts.seed ?? scenario.seed, opts.allStations) + '\n',
    );
    return;
  }
  const { runScenario } = await import('../../experiment/scenario.runner');
  const { writeReport } = await import('../../report/html-report');
  const { renderSummary, writeRunFiles } = await import('../../report/summary.report');
  const bar = progressBar(`running ${scenario.name}`, !opts.json && !opts.quiet);
  let result;
  if (opts.workers !== undefined) {
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
  const files = outDir
    ? writeOutputs(() => [
        ...writeRunFiles(result, outDir),
        writeReport(outDir, { result, overrides: opts.set }),
      ])
    : [];
  if (opts.json) {
    const { timeseries: _ts, ...rest } = result;
    process.stdout.write(JSON.stringify(rest) + '\n');
  } else {
    process.stdout.write(
      renderSummary(result, { allStations: opts.allStations, overrides: opts.set }) + '\n',
    );
    for (const f of files) process.stdout.write(`wrote ${f}\n`);
  }
}
