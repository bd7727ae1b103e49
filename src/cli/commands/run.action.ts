import { resolve } from 'node:path';
import { progressBar } from '../../report/format';
import { UsageError } from '../errors';
import { executorFor } from './workers-option';
import { outputDir } from '../out-dir';

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

/** What `consular-sim run` does; its options and help text are in run.command.ts. */
export async function runAction(file: string, opts: RunOptions) {
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
    const liveBar = progressBar(`replaying ${scenario.name} on BullMQ`, !opts.json && !opts.quiet);
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
        : renderLive(scenario, live, opts.seed ?? scenario.seed, opts.allStations) + '\n',
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
    process.stdout.write(renderSummary(result, { allStations: opts.allStations }) + '\n');
    for (const f of files) process.stdout.write(`wrote ${f}\n`);
  }
}
