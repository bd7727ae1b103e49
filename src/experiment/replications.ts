import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { freezeModel } from '../sim/compile';
import { runNetwork, type NetworkModel, type RunOptions, type RunSummary } from '../sim/network';
import { DistributionError } from '../sim/distributions';
import { ModelError } from '../sim/model';
import { replicationSeed } from '../sim/rng';
import { reviveError, UserError, type SerializedError } from '../common/user-error';
import { ScenarioError } from '../scenario/scenario-error';

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
  /** Threads shared with other plans (then `threads` is not used). */
  pool?: ReplicationPool;
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
    // Every replication hands back its percentiles' sketches: the runner merges them to read
    // each percentile of all replications' observations (sectioning, estimate.ts).
    sketches: true,
  };
}

/**
 * Runs R independent replications (each with its own seed; arms within one
 * replication share it). Results are identical whether run in threads or not, and
 * whether the threads are this plan's own or a pool shared with other plans.
 */
export async function runReplications(plan: ReplicationPlan): Promise<ReplicationRuns> {
  if (plan.pool) return plan.pool.run(plan);
  const canThread = existsSync(WORKER_FILE);
  const threads = Math.min(
    plan.replications,
    plan.threads ?? (canThread ? availableParallelism() : 0),
  );
  if (threads <= 1 || !canThread) return runInline(plan);
  const pool = new ReplicationPool(threads);
  try {
    return await pool.run(plan);
  } finally {
    await pool.close();
  }
}

/** Threads for a pool: `threads` when given, else one per core; 0 or 1 means none. */
export function poolThreads(threads?: number): number {
  if (!existsSync(WORKER_FILE)) return 0;
  const n = threads ?? availableParallelism();
  return n > 1 ? n : 0;
}

function runInline(plan: ReplicationPlan): ReplicationRuns {
  const out: ReplicationRuns = [];
  // Several replications run a frozen copy of each arm, compiled once (the caller's models stay
  // as they are: the caller may change them later).
  const arms =
    plan.replications > 1
      ? Object.fromEntries(
          Object.entries(plan.arms).map(([arm, model]) => [
            arm,
            freezeModel(structuredClone(model)),
          ]),
        )
      : plan.arms;
  for (let r = 0; r < plan.replications; r++) {
    const opts = options(plan, r);
    out.push(
      Object.fromEntries(
        Object.entries(arms).map(([arm, model]) => [arm, runNetwork(model, opts)]),
      ),
    );
    plan.onReplicationDone?.(r + 1, plan.replications);
  }
  return out;
}

interface PoolPlan {
  id: number;
  plan: ReplicationPlan;
  out: ReplicationRuns;
  done: number;
  settled: boolean;
  /** Threads that hold this plan's arms. */
  holders: Set<PoolThread>;
  /** Milliseconds its first replication took (-1: not measured yet). */
  cost: number;
  /** Replications of this plan running now. */
  running: number;
  resolve: (runs: ReplicationRuns) => void;
  reject: (err: Error) => void;
}

interface PoolThread {
  worker: Worker;
  busy: boolean;
  /** When its current replication was handed over (ms). */
  since: number;
}

/**
 * Worker threads shared by several plans (reproduce's scenarios): the replications of every
 * plan handed to `run` wait in one queue, so a thread that finishes one scenario's last
 * replication starts on the next scenario's instead of idling, and threads start (and warm up)
 * once for the whole command. A plan's first replication is timed; after it, the longest
 * replications go first, so the short ones fill in at the end and the threads finish together. A plan's arms are copied to a thread once,
 * with its first replication there. Each replication keeps its own seed, so the results are
 * those of `runReplications` in this thread. `close` ends the threads.
 */
export class ReplicationPool {
  private readonly threads: PoolThread[] = [];
  private readonly queue: { plan: PoolPlan; r: number }[] = [];
  private readonly plans = new Map<number, PoolPlan>();
  private nextPlan = 0;
  private broken: Error | null = null;
  private closing = false;

  constructor(readonly size: number) {
    if (!(Number.isInteger(size) && size >= 1))
      throw new RangeError(`a replication pool needs at least one thread; got ${size}`);
  }

  run(plan: ReplicationPlan): Promise<ReplicationRuns> {
    if (this.broken) return Promise.reject(this.broken);
    if (plan.replications <= 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      const p: PoolPlan = {
        id: this.nextPlan++,
        plan,
        out: new Array<Record<string, RunSummary>>(plan.replications),
        done: 0,
        settled: false,
        holders: new Set(),
        cost: -1,
        running: 0,
        resolve,
        reject,
      };
      this.plans.set(p.id, p);
      for (let r = 0; r < plan.replications; r++) this.queue.push({ plan: p, r });
      this.start();
      this.dispatch();
    });
  }

  /** Ends the threads (pending plans fail). */
  async close(): Promise<void> {
    this.closing = true;
    this.fail(new Error('the replication pool was closed'));
    await Promise.all(this.threads.splice(0).map((t) => t.worker.terminate()));
  }

  /** Starts the threads (before the first plan arrives, so that they are ready for it). */
  start(): this {
    if (this.broken) return this;
    while (this.threads.length < this.size) {
      const t: PoolThread = { worker: new Worker(WORKER_FILE), busy: false, since: 0 };
      t.worker.on('message', (msg: ThreadResult) => this.onResult(t, msg));
      t.worker.on('error', (err) => this.fail(err));
      t.worker.on('exit', (code) => {
        if (!this.closing) this.fail(new Error(`a replication thread stopped (exit code ${code})`));
      });
      this.threads.push(t);
    }
    return this;
  }

  private dispatch(): void {
    for (const t of this.threads) {
      if (t.busy) continue;
      const job = this.take();
      if (!job) return;
      const { plan: p, r } = job;
      if (!p.holders.has(t)) {
        t.worker.postMessage({ type: 'arms', plan: p.id, arms: p.plan.arms });
        p.holders.add(t);
      }
      t.worker.postMessage({ type: 'run', plan: p.id, id: r, options: options(p.plan, r) });
      t.busy = true;
      t.since = performance.now();
      p.running++;
    }
  }

  /**
   * The next replication to run: a plan's first (to time it) while its cost is unknown, then
   * the one whose plan's replications take longest; among equals, the first queued.
   */
  private take(): { plan: PoolPlan; r: number } | undefined {
    // (A settled plan's replications have left the queue.)
    let best = -1;
    for (let i = 0; i < this.queue.length; i++) {
      const p = this.queue[i].plan;
      if (p.cost < 0) {
        if (p.running > 0) continue;
        best = i;
        break;
      }
      if (best < 0 || p.cost > this.queue[best].plan.cost) best = i;
    }
    // Only replications of plans being timed are left (or none): take the first of them.
    if (best < 0) best = 0;
    return this.queue.splice(best, 1)[0];
  }

  private onResult(t: PoolThread, msg: ThreadResult): void {
    t.busy = false;
    const p = this.plans.get(msg.plan);
    if (p) {
      p.running--;
      if (p.cost < 0) p.cost = performance.now() - t.since;
    }
    if (p && !p.settled) {
      if (msg.error || !msg.runs) {
        this.settle(p);
        p.reject(
          msg.error
            ? reviveError(msg.error, THREAD_ERRORS)
            : new Error(`replication ${msg.id + 1}: the worker thread sent no result`),
        );
      } else {
        p.out[msg.id] = msg.runs;
        p.done++;
        p.plan.onReplicationDone?.(p.done, p.plan.replications);
        if (p.done === p.plan.replications) {
          this.settle(p);
          p.resolve(p.out);
        }
      }
    }
    this.dispatch();
  }

  /** A plan is over: its threads free its arms. */
  private settle(p: PoolPlan): void {
    p.settled = true;
    this.plans.delete(p.id);
    for (let i = this.queue.length - 1; i >= 0; i--)
      if (this.queue[i].plan === p) this.queue.splice(i, 1);
    for (const t of p.holders) t.worker.postMessage({ type: 'drop', plan: p.id });
    p.holders.clear();
  }

  /** A thread died (or the pool closed): every pending plan fails with the error. */
  private fail(err: Error): void {
    this.broken = this.broken ?? err;
    this.queue.length = 0;
    for (const p of [...this.plans.values()]) {
      this.settle(p);
      p.reject(err);
    }
  }
}

interface ThreadResult {
  plan: number;
  id: number;
  runs?: Record<string, RunSummary>;
  error?: SerializedError;
}
