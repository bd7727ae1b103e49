/**
 * Experiments as tasks: one task is one replication of one design point (a scenario
 * document after every override). Tasks are pure functions of their data, so they give the
 * same numbers wherever they run — in this thread, on worker threads, or as BullMQ jobs on
 * other machines (src/experiment/experiments-queue.ts) — and results are put together in one
 * place (assembleResult), keyed by design point and replication.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { runNetwork, type RunSummary } from '../sim/network';
import { exactOfferedLoadsOfArms } from '../sim/offered-load';
import { inFile, reviveError, type SerializedError } from '../common/user-error';
import { options as replicationOptions, THREAD_ERRORS } from './replications';
import { displayPath, fromDocument, type Scenario } from '../scenario/scenario.loader';
import {
  assembleResult,
  flattenRuns,
  flattenSketches,
  prepareArms,
  withoutSketches,
  type ScenarioResult,
} from './scenario.runner';
import type { SketchCounts } from '../sim/stats';

export interface ExperimentTask {
  /** Design point (index into the experiment's points) and replication (0-based). */
  point: number;
  replication: number;
  /** The scenario file (for messages and relative paths) and its document as run. */
  file: string;
  document: Record<string, unknown>;
  /** The document's horizon was given by an override (a run cut short): Scenario.horizonFromSet. */
  horizonFromSet?: boolean;
  seed: number;
  /** Keep this replication's per-arm detail (stations, histograms, time series). */
  detail: boolean;
  /** Keep only these metrics (all when absent): audits need a few, not thousands. */
  metrics?: string[];
}

export interface ExperimentOutput {
  point: number;
  replication: number;
  metrics: Record<string, number>;
  /** The replication's percentile sketches (flattenSketches), for sectioning: estimate.ts. */
  sketches?: Record<string, SketchCounts>;
  detail?: Record<string, RunSummary>;
}

/** Runs one task: the replication's arms under the replication's seed, flattened as runScenario does. */
export function runTask(task: ExperimentTask): ExperimentOutput {
  const scenario = fromDocument(task.document, task.file, undefined, {
    horizonFromSet: task.horizonFromSet ?? false,
  });
  const { model, params, arms } = prepareArms(scenario);
  // A model that derives figures from the time series needs it in every replication.
  const series = model.usesTimeseries?.(params as never) ?? false;
  const opts = replicationOptions(
    {
      seed: task.seed,
      until: scenario.horizon,
      warmup: scenario.warmup,
      interval: task.detail || series ? scenario.interval : 0,
      seriesEveryReplication: series,
    },
    task.replication,
  );
  let runs: Record<string, RunSummary>;
  try {
    runs = Object.fromEntries(
      Object.entries(arms).map(([arm, net]) => [arm, runNetwork(net, opts)]),
    );
  } catch (err) {
    throw inFile(err, displayPath(task.file));
  }
  const all = flattenRuns(runs, model.derive ? model.derive(params as never, runs, scenario) : {});
  const metrics = task.metrics
    ? Object.fromEntries(task.metrics.filter((m) => m in all).map((m) => [m, all[m]]))
    : all;
  // The sketches of the percentiles kept (all of them when every metric is).
  const sketches = flattenSketches(runs);
  const kept = task.metrics
    ? Object.fromEntries(
        Object.entries(sketches).filter(([k]) => task.metrics!.some((m) => m.startsWith(`${k}.p`))),
      )
    : sketches;
  return {
    point: task.point,
    replication: task.replication,
    metrics,
    ...(Object.keys(kept).length > 0 && { sketches: kept }),
    detail: task.detail
      ? Object.fromEntries(Object.entries(runs).map(([arm, run]) => [arm, withoutSketches(run)]))
      : undefined,
  };
}

/** Runs tasks somewhere and returns their outputs in task order. */
export interface Executor {
  readonly description: string;
  run(
    tasks: ExperimentTask[],
    onDone?: (done: number, total: number) => void,
  ): Promise<ExperimentOutput[]>;
  close(): Promise<void>;
}

const WORKER_FILE = join(__dirname, 'experiment.worker.js');

/**
 * Tasks on local worker threads (one per core by default; 0 or 1 runs them in this thread).
 * Under the TypeScript sources (tests) there is no compiled worker file: tasks run inline.
 */
export function localExecutor(threads?: number): Executor {
  const canThread = existsSync(WORKER_FILE);
  const n = threads ?? (canThread ? availableParallelism() : 0);
  return {
    description: n > 1 && canThread ? `${n} local threads` : 'this thread',
    async run(tasks, onDone) {
      const count = Math.min(n, tasks.length);
      if (count <= 1 || !canThread) {
        const out: ExperimentOutput[] = [];
        for (const t of tasks) {
          out.push(runTask(t));
          onDone?.(out.length, tasks.length);
          // Let timers (progress, signals) run between tasks.
          await new Promise((res) => setImmediate(res));
        }
        return out;
      }
      return runOnThreads(tasks, count, onDone);
    },
    close: async () => undefined,
  };
}

export function runOnThreads(
  tasks: ExperimentTask[],
  threads: number,
  onDone?: (done: number, total: number) => void,
): Promise<ExperimentOutput[]> {
  return new Promise((resolve, reject) => {
    const out: ExperimentOutput[] = new Array(tasks.length);
    const workers: Worker[] = [];
    let next = 0;
    let done = 0;
    let failed = false;
    const finish = (err?: Error) => {
      for (const w of workers) void w.terminate();
      if (err) reject(err);
      else resolve(out);
    };
    const feed = (w: Worker) => {
      if (next >= tasks.length) return;
      w.postMessage({ index: next, task: tasks[next] });
      next++;
    };
    for (let i = 0; i < threads; i++) {
      const w = new Worker(WORKER_FILE);
      workers.push(w);
      w.on(
        'message',
        (msg: { index: number; output?: ExperimentOutput; error?: SerializedError }) => {
          if (failed) return;
          if (msg.error || !msg.output) {
            failed = true;
            finish(threadError(msg.error));
            return;
          }
          out[msg.index] = msg.output;
          done++;
          onDone?.(done, tasks.length);
          if (done === tasks.length) finish();
          else feed(w);
        },
      );
      w.on('error', (err) => {
        if (!failed) {
          failed = true;
          finish(err);
        }
      });
      feed(w);
    }
  });
}

/** A task's error rebuilt on this side of a thread boundary, with its class (user errors stay user errors). */
export function threadError(data: SerializedError | undefined): Error {
  return data
    ? reviveError(data, THREAD_ERRORS)
    : new Error('experiment task: the thread sent no result');
}

export interface ScenarioSetOptions {
  seed?: number;
  replications?: number;
  executor: Executor;
  onProgress?: (done: number, total: number) => void;
  /**
   * Called with the metrics of the first point's first replication, which runs alone before
   * the others: a check that throws (a sweep's --target naming no metric of the run) stops the
   * batch before the rest of it runs. Each task's seed is its own, so the numbers are the same.
   */
  checkFirst?: (metrics: Record<string, number>) => void;
  /**
   * What to throw when a point's scenario is refused (its params, its demand over the ceiling):
   * a sweep names the configuration. Every point is checked before any task runs or is queued.
   */
  refused?: (point: number, err: unknown) => unknown;
}

/**
 * Runs several scenarios (design points) with their replications as one batch of tasks —
 * so points run in parallel — and assembles each result exactly as runScenario does.
 * Every point uses the same seed: common random numbers across points.
 */
export async function runScenarioSet(
  scenarios: Scenario[],
  options: ScenarioSetOptions,
): Promise<ScenarioResult[]> {
  const started = process.hrtime.bigint();
  // Every point's scenario as its tasks will build it, checked before the first task runs: the
  // ninth of nine points refused after eight had run (minutes) had lost their work.
  const prepared = scenarios.map((s, point) => {
    try {
      const { model, params, arms } = prepareArms(s);
      return { model, params, arms: Object.keys(arms), exact: exactOfferedLoadsOfArms(arms) };
    } catch (err) {
      throw options.refused ? options.refused(point, err) : err;
    }
  });
  const tasks: ExperimentTask[] = [];
  scenarios.forEach((s, point) => {
    const seed = options.seed ?? s.seed;
    const replications = options.replications ?? s.replications;
    for (let r = 0; r < replications; r++)
      tasks.push({
        point,
        replication: r,
        file: s.file,
        document: s.document,
        ...(s.horizonFromSet && { horizonFromSet: true }),
        seed,
        detail: r === 0,
      });
  });
  let outputs: ExperimentOutput[];
  if (options.checkFirst && tasks.length > 0) {
    const total = tasks.length;
    const progress = options.onProgress;
    const [first] = await options.executor.run(
      tasks.slice(0, 1),
      progress && ((done) => progress(done, total)),
    );
    options.checkFirst(first.metrics);
    const rest =
      total > 1
        ? await options.executor.run(
            tasks.slice(1),
            progress && ((done) => progress(done + 1, total)),
          )
        : [];
    outputs = [first, ...rest];
  } else outputs = await options.executor.run(tasks, options.onProgress);
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  return scenarios.map((s, point) => {
    const mine = outputs
      .filter((o) => o.point === point)
      .sort((a, b) => a.replication - b.replication);
    const { model, params, arms, exact } = prepared[point];
    return assembleResult(
      s,
      model,
      params,
      arms,
      options.seed ?? s.seed,
      mine.map((o) => o.metrics),
      mine[0]?.detail ?? {},
      elapsed,
      exact,
      mine.map((o) => o.sketches),
    );
  });
}

/**
 * A persistent pool of task threads for a long-lived process (a queue worker): the event
 * loop stays free while a task runs, so the worker keeps renewing its job locks. Without a
 * compiled worker file (TypeScript sources) tasks run inline.
 */
export interface TaskPool {
  run(task: ExperimentTask): Promise<ExperimentOutput>;
  close(): Promise<void>;
}

export function createTaskPool(size: number): TaskPool {
  if (!existsSync(WORKER_FILE) || size < 1) {
    return {
      run: async (task) => runTask(task),
      close: async () => undefined,
    };
  }
  const idle: Worker[] = [];
  const all: Worker[] = [];
  const waiting: ((w: Worker) => void)[] = [];
  let seq = 0;
  const acquire = (): Promise<Worker> => {
    const w = idle.pop();
    if (w) return Promise.resolve(w);
    if (all.length < size) {
      const fresh = new Worker(WORKER_FILE);
      fresh.setMaxListeners(0);
      all.push(fresh);
      return Promise.resolve(fresh);
    }
    return new Promise((res) => waiting.push(res));
  };
  const release = (w: Worker) => {
    const next = waiting.shift();
    if (next) next(w);
    else idle.push(w);
  };
  return {
    async run(task) {
      const w = await acquire();
      const index = seq++;
      try {
        return await new Promise<ExperimentOutput>((resolve, reject) => {
          const onMessage = (msg: {
            index: number;
            output?: ExperimentOutput;
            error?: SerializedError;
          }) => {
            if (msg.index !== index) return;
            w.off('message', onMessage);
            w.off('error', onError);
            if (msg.output) resolve(msg.output);
            else reject(threadError(msg.error));
          };
          const onError = (err: Error) => {
            w.off('message', onMessage);
            reject(err);
          };
          w.on('message', onMessage);
          w.once('error', onError);
          w.postMessage({ index, task });
        });
      } finally {
        release(w);
      }
    },
    async close() {
      await Promise.all(all.map((w) => w.terminate()));
    },
  };
}
