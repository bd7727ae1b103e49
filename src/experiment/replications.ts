import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { runNetwork, type NetworkModel, type RunOptions, type RunSummary } from '../sim/network';
import { DistributionError } from '../sim/distributions';
import { ModelError } from '../sim/model';
import { replicationSeed } from '../sim/rng';
import { reviveError, UserError, type SerializedError } from '../sim/user-error';
import { ScenarioError } from '../scenario/scenario-error';
import type { ReplicationJob } from './replication.worker';

export interface ReplicationPlan {
  arms: Record<string, NetworkModel>;
  seed: number;
  replications: number;
  until: number;
  warmup: number;
  interval: number;
  /** Keep the time series of every replication (a model derives figures from it). */
  seriesEveryReplication?: boolean;
  /** Worker threads to use: 0 runs in this thread; default: one per core, at most R. */
  threads?: number;
  onReplicationDone?: (done: number, total: number) => void;
}

export type ReplicationRuns = Record<string, RunSummary>[];

const WORKER_FILE = join(__dirname, 'replication.worker.js');

/** Error classes a replication thread can throw, rebuilt as themselves on this side. */
export const THREAD_ERRORS = [
  ModelError,
  DistributionError,
  ScenarioError,
  UserError,
  RangeError,
  TypeError,
];

export function options(
  plan: Pick<ReplicationPlan, 'seed' | 'until' | 'warmup' | 'interval' | 'seriesEveryReplication'>,
  r: number,
): Omit<RunOptions, 'onProgress'> {
  // Only the first replication keeps a time series (reports plot one sample path),
  // unless the model derives figures from every replication's series.
  return {
    seed: replicationSeed(plan.seed, r),
    until: plan.until,
    warmup: plan.warmup,
    interval: r === 0 || plan.seriesEveryReplication ? plan.interval : 0,
  };
}

/**
 * Runs R independent replications (each with its own seed; arms within one
 * replication share it). Results are identical whether run in threads or not.
 */
export async function runReplications(plan: ReplicationPlan): Promise<ReplicationRuns> {
  const canThread = existsSync(WORKER_FILE);
  const threads = Math.min(
    plan.replications,
    plan.threads ?? (canThread ? availableParallelism() : 0),
  );
  if (threads <= 1 || !canThread) return runInline(plan);
  return runThreaded(plan, threads);
}

function runInline(plan: ReplicationPlan): ReplicationRuns {
  const out: ReplicationRuns = [];
  for (let r = 0; r < plan.replications; r++) {
    const opts = options(plan, r);
    out.push(
      Object.fromEntries(
        Object.entries(plan.arms).map(([arm, model]) => [arm, runNetwork(model, opts)]),
      ),
    );
    plan.onReplicationDone?.(r + 1, plan.replications);
  }
  return out;
}

function runThreaded(plan: ReplicationPlan, threads: number): Promise<ReplicationRuns> {
  return new Promise((resolve, reject) => {
    const out: ReplicationRuns = new Array(plan.replications);
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
      if (next >= plan.replications) return;
      const job: ReplicationJob = { id: next, arms: plan.arms, options: options(plan, next) };
      next++;
      w.postMessage(job);
    };
    for (let i = 0; i < threads; i++) {
      const w = new Worker(WORKER_FILE);
      workers.push(w);
      w.on(
        'message',
        (msg: { id: number; runs?: Record<string, RunSummary>; error?: SerializedError }) => {
          if (failed) return;
          if (msg.error || !msg.runs) {
            failed = true;
            finish(
              msg.error
                ? reviveError(msg.error, THREAD_ERRORS)
                : new Error(`replication ${msg.id + 1}: the worker thread sent no result`),
            );
            return;
          }
          out[msg.id] = msg.runs;
          done++;
          plan.onReplicationDone?.(done, plan.replications);
          if (done === plan.replications) finish();
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
