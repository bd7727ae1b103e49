/**
 * Experiments on many machines. The coordinator (`run`, `sweep` or `audit` with --workers)
 * puts one BullMQ job per task — a replication of a design point — on the `experiments`
 * queue; `consular-sim worker --queues experiments` processes run them on worker threads
 * and write each output into a Redis hash under the field `point-replication`. A retried
 * job (its worker died mid-job, its lock expired) writes the same field again, with the
 * same value, so it cannot count twice; the coordinator counts the hash's fields as
 * progress across the cluster and, when all are in, assembles them exactly as a local run.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { reviveError, serializeError, UserError } from '../common/user-error';
import { redactUrl } from '../common/redact';
import { THREAD_ERRORS } from './replications';
import {
  createTaskPool,
  type Executor,
  type ExperimentOutput,
  type ExperimentTask,
} from './experiment';
import {
  EXPERIMENT_ALIVE_SECONDS,
  EXPERIMENT_JOB,
  EXPERIMENT_KEYS,
  EXPERIMENT_RESULTS_TTL_SECONDS,
  EXPERIMENTS_QUEUE,
  QUEUE_PREFIX,
} from '../queue/queue-names';
import { redisOptionsFromUrl, workerRedisOptions } from '../queue/redis-connections';
import { closesAtOnce, countingJobsInHand, type JobsInHand } from '../queue/worker-close';
import { loadReferenceData } from '../config/reference-data';

interface ExperimentJobData {
  runId: string;
  task: ExperimentTask;
  /** The coordinator's runtimeFingerprint(): a worker with another one refuses the job. */
  fingerprint?: string;
}

let fingerprint: string | undefined;

/**
 * The compiled code (dist/ beside package.json, every .js file by its path but the Lab's), hashed: a worker
 * built from other code under the same version (before percentiles by sectioning, its outputs
 * carried no sketches and its percentiles came back as averages) would otherwise pass as this
 * one. The coordinator hashes the same dist/ under the TypeScript sources (tests), and without
 * a dist/ there is nothing to compare: 'unbuilt'.
 */
function codeHash(root: string): string {
  const dist = join(root, 'dist');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      // The Lab's bundle (dist/lab) runs in browsers, never in a worker: a machine that built
      // it and one that did not compute the same numbers.
      if (e.isDirectory()) {
        if (!(dir === dist && e.name === 'lab')) walk(path);
      } else if (e.name.endsWith('.js')) files.push(path);
    }
  };
  try {
    walk(dist);
  } catch {
    return 'unbuilt';
  }
  const hash = createHash('sha256');
  for (const f of files.sort()) hash.update(relative(dist, f)).update('\0').update(readFileSync(f));
  return hash.digest('hex').slice(0, 12);
}

/**
 * This process's consular-sim version, compiled code and reference data (config/, or
 * CONSULAR_SIM_CONFIG), hashed: what besides the job's scenario document decides a
 * replication's numbers.
 */
export function runtimeFingerprint(): string {
  if (fingerprint) return fingerprint;
  const root = join(__dirname, '../..');
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    version: string;
  };
  let ref: string;
  try {
    ref = JSON.stringify(loadReferenceData());
  } catch (err) {
    ref = `unreadable: ${(err as Error).message}`;
  }
  const hash = createHash('sha256').update(ref).digest('hex').slice(0, 12);
  fingerprint = `${version}/${codeHash(root)}/${hash}`;
  return fingerprint;
}

/** No experiments worker answered, or they all went away: a user-facing error (exit 2). */
export class WorkersUnavailableError extends UserError {
  constructor(rule: string) {
    super(undefined, '--workers', rule);
  }
}

/** JSON that keeps NaN, ±Infinity and -0 (plain JSON turns them into null and 0). */
export function encodeOutput(o: ExperimentOutput): string {
  return JSON.stringify(o, (_k, v: unknown) =>
    typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))
      ? { $n: Object.is(v, -0) ? '-0' : String(v) }
      : v,
  );
}

export function decodeOutput(text: string): ExperimentOutput {
  return JSON.parse(text, (_k, v: unknown) => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === '$n') return Number((v as { $n: string }).$n);
    }
    return v;
  }) as ExperimentOutput;
}

const fieldOf = (t: { point: number; replication: number }) => `${t.point}-${t.replication}`;

export interface DistributedOptions {
  redisUrl: string;
  prefix?: string;
  /** How long to wait for a worker to appear, and for any progress while none is there (ms). */
  workerTimeoutMs?: number;
  pollMs?: number;
  /**
   * Stops a run under way (the CLI's SIGINT/SIGTERM): it fails with the signal's reason, as a
   * failed run does, taking its jobs that have not run yet off the queue, where workers would
   * otherwise compute them for nobody, ahead of the next run's.
   */
  signal?: AbortSignal;
}

export const DEFAULT_WORKER_TIMEOUT_MS = 30_000;
/** How often, while no result comes in, the coordinator checks that its jobs are still queued (ms). */
const CHECK_MS = 2_000;

/** An error of the Redis client itself (the server gone, the connection closed), not of a command. */
function lostConnection(err: unknown): boolean {
  if (!(err instanceof Error) || err instanceof UserError) return false;
  const code = (err as Error & { code?: string }).code ?? '';
  return (
    err.name === 'MaxRetriesPerRequestError' ||
    err.message === 'Connection is closed.' ||
    /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EHOSTUNREACH)$/.test(code)
  );
}

/** An executor that runs tasks as jobs on the experiments queue. */
export function distributedExecutor(options: DistributedOptions): Executor {
  const prefix = options.prefix ?? process.env.QUEUE_PREFIX ?? QUEUE_PREFIX;
  const timeoutMs = options.workerTimeoutMs ?? DEFAULT_WORKER_TIMEOUT_MS;
  const pollMs = options.pollMs ?? 200;
  const redis = new Redis({
    ...redisOptionsFromUrl(options.redisUrl),
    maxRetriesPerRequest: 3,
    connectTimeout: 5000,
    lazyConnect: true,
  });
  let lastError: (Error & { code?: string }) | undefined;
  redis.on('error', (e: Error) => (lastError = e));
  const queue = new Queue<ExperimentJobData, unknown, string>(EXPERIMENTS_QUEUE, {
    connection: redis,
    prefix,
  });
  queue.on('error', () => undefined);
  const shown = redactUrl(options.redisUrl);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const waitForWorkers = async () => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      options.signal?.throwIfAborted();
      if ((await queue.getWorkersCount()) > 0) return;
      if (Date.now() >= deadline)
        throw new WorkersUnavailableError(
          `${shown}: no worker is processing the '${EXPERIMENTS_QUEUE}' queue after ${Math.round(timeoutMs / 1000)} s; start one or more with: REDIS_URL=${shown} consular-sim worker --queues ${EXPERIMENTS_QUEUE}`,
        );
      await sleep(pollMs);
    }
  };
  // Redis gone with the run under way: the operator's problem to fix, not a bug.
  const redisGone = (err: unknown) =>
    lostConnection(err)
      ? new WorkersUnavailableError(
          `${shown}: lost the connection to Redis with the run under way (${lastError?.code ?? lastError?.message ?? (err as Error).message}); bring Redis back and run the command again`,
        )
      : err;
  return {
    description: `queue workers via ${shown}`,
    async run(tasks, onDone) {
      try {
        await redis.connect().catch(() => undefined);
        await redis.ping();
      } catch (err) {
        // The connection's own error (ECONNREFUSED), not the client's retry count.
        throw new WorkersUnavailableError(
          `${shown}: cannot reach Redis (${lastError?.code ?? lastError?.message ?? (err as Error).message}). ` +
            'Start one where this machine and the workers can reach it (`redis-server`, or `docker compose up -d redis`), or correct the URL',
        );
      }
      await waitForWorkers().catch((err) => {
        throw redisGone(err);
      });
      const runId = randomUUID().replace(/-/g, '').slice(0, 16);
      const resultsKey = EXPERIMENT_KEYS.results(prefix, runId);
      const errorsKey = EXPERIMENT_KEYS.errors(prefix, runId);
      const jobId = (t: ExperimentTask) => `${runId}-${fieldOf(t)}`;
      const lost = (what: string) =>
        new WorkersUnavailableError(
          `${shown}: ${what}; was Redis restarted without persistence or flushed? Run the command again`,
        );
      /** The first job still without a result that Redis lost or that failed for good, if any. */
      const goneJob = async (): Promise<{ id: string; reason?: string } | undefined> => {
        const have = new Set(await redis.hkeys(resultsKey));
        const open = tasks.filter((t) => !have.has(fieldOf(t))).map(jobId);
        const p = redis.pipeline();
        for (const id of open)
          p.exists(queue.toKey(id))
            .zscore(queue.keys.failed, id)
            .hget(queue.toKey(id), 'failedReason');
        const res = (await p.exec()) ?? [];
        const suspects: { id: string; reason?: string }[] = [];
        open.forEach((id, i) => {
          const [err, exists] = res[3 * i] ?? [];
          if (err) throw err;
          if (exists === 0) suspects.push({ id });
          else if (res[3 * i + 1]?.[1] != null)
            suspects.push({ id, reason: String(res[3 * i + 2]?.[1] ?? 'failed') });
        });
        if (!suspects.length) return undefined;
        // A job that finished between the two reads has its result in by now.
        const late = new Set(await redis.hkeys(resultsKey));
        return suspects.find((s) => !late.has(s.id.slice(runId.length + 1)));
      };
      let cleanUp = true;
      // Redis full: the run cannot go on, and the same command would fill it again.
      const outOfMemory = (what: string) =>
        new WorkersUnavailableError(
          `${shown}: Redis is out of memory (its maxmemory) ${what}; it keeps every result of a run until the last is in, so running the command again fails the same way: raise Redis's maxmemory, or run fewer replications or design points per command`,
        );
      const aliveKey = EXPERIMENT_KEYS.alive(prefix, runId);
      let renewed = 0;
      const keepAlive = async () => {
        if (Date.now() - renewed < 5_000) return;
        renewed = Date.now();
        await redis.set(aliveKey, '1', 'EX', EXPERIMENT_ALIVE_SECONDS).catch((err: Error) => {
          throw /^OOM /.test(err.message ?? '') ? outOfMemory(`(${err.message})`) : err;
        });
      };
      try {
        for (let i = 0; i < tasks.length; i += 500) {
          options.signal?.throwIfAborted();
          await keepAlive();
          await queue.addBulk(
            tasks.slice(i, i + 500).map((task) => ({
              name: EXPERIMENT_JOB as string,
              data: { runId, task, fingerprint: runtimeFingerprint() },
              opts: {
                jobId: jobId(task),
                attempts: 5,
                backoff: { type: 'exponential', delay: 500 },
                removeOnComplete: true,
                removeOnFail: { age: 24 * 3600 },
              },
            })),
          );
        }
        const total = tasks.length;
        let done = -1;
        let lastProgress = Date.now();
        let lastCheck = Date.now();
        for (;;) {
          options.signal?.throwIfAborted();
          await keepAlive();
          const [n, failures] = await Promise.all([redis.hlen(resultsKey), redis.hlen(errorsKey)]);
          if (failures > 0) {
            const errors = await redis.hgetall(errorsKey);
            throw reviveError(JSON.parse(Object.values(errors)[0]), THREAD_ERRORS);
          }
          // Results only ever add up: fewer than before means Redis lost them.
          if (n < done) throw lost(`this run's results went from ${done} to ${n} of ${total}`);
          if (n !== done) {
            done = n;
            lastProgress = Date.now();
            onDone?.(n, total);
          }
          if (n >= total) break;
          if (Date.now() - lastProgress > timeoutMs && (await queue.getWorkersCount()) === 0)
            throw new WorkersUnavailableError(
              `${shown}: every '${EXPERIMENTS_QUEUE}' worker went away with ${total - n} of ${total} jobs left; start one with: consular-sim worker --queues ${EXPERIMENTS_QUEUE}`,
            );
          // While nothing comes in, check that every job still to come is still on the queue: a
          // job Redis lost, or one failed for good without a report (stalled too often), would
          // otherwise be waited for as long as a worker is there.
          if (Date.now() - lastProgress >= CHECK_MS && Date.now() - lastCheck >= CHECK_MS) {
            lastCheck = Date.now();
            const gone = await goneJob();
            if (gone) {
              const errors = await redis.hgetall(errorsKey);
              const first = Object.values(errors)[0];
              if (first !== undefined) throw reviveError(JSON.parse(first), THREAD_ERRORS);
              if (gone.reason && /^OOM /.test(gone.reason))
                throw outOfMemory(`with job ${gone.id}'s result to keep (${gone.reason})`);
              throw gone.reason
                ? new WorkersUnavailableError(
                    `${shown}: job ${gone.id} failed for good on a worker (${gone.reason}); run the command again`,
                  )
                : lost(`job ${gone.id} is no longer on the '${EXPERIMENTS_QUEUE}' queue`);
            }
          }
          await sleep(pollMs);
        }
        const raw = await redis.hgetall(resultsKey);
        const mine = runtimeFingerprint();
        return tasks.map((t) => {
          const text = raw[fieldOf(t)];
          if (text === undefined) throw lost(`experiment result ${fieldOf(t)} is missing`);
          // Each result names the build that computed it: one from a worker that did not check
          // the job's fingerprint (older than that check) would be assembled as this build's.
          const { fingerprint: theirs, ...output } = decodeOutput(text) as ExperimentOutput & {
            fingerprint?: string;
          };
          if (theirs !== mine)
            throw new WorkersUnavailableError(
              `${shown}: job ${jobId(t)} was run by a worker of another consular-sim build (worker ${theirs ?? 'older, unnamed'}, here ${mine}), so its numbers would differ; give every worker the same version, the same build ('npm run build' of the same code: a compiled file left in dist/ by older code counts too) and the same config/ files`,
            );
          return output;
        });
      } catch (err) {
        // With Redis gone there is nothing to tidy (each try would wait out the client's retries).
        if (lostConnection(err)) {
          cleanUp = false;
          throw redisGone(err);
        }
        // Any other write Redis refused for want of memory (adding the jobs to a full Redis).
        const refused =
          err instanceof Error && !(err instanceof UserError) && /^OOM /.test(err.message)
            ? outOfMemory(`(${err.message})`)
            : err;
        // Take our jobs that have not run yet off the queue (best effort); those a worker has in
        // hand find the run gone (its alive key deleted first) and write nothing.
        await redis.del(aliveKey).catch(() => 0);
        await Promise.all(tasks.map((t) => queue.remove(jobId(t)).catch(() => 0))).catch(() => 0);
        throw refused;
      } finally {
        // The run's jobs still in a worker's hand, or recovered from a dead one, are dropped.
        if (cleanUp) await redis.del(aliveKey, resultsKey, errorsKey).catch(() => 0);
      }
    },
    async close() {
      await queue.close().catch(() => undefined);
      redis.disconnect();
    },
  };
}

export interface ExperimentsWorkerOptions {
  redisUrl: string;
  prefix?: string;
  concurrency: number;
  lockDuration?: number;
  stalledInterval?: number;
  maxStalledCount?: number;
  /** Told of the worker's errors (Redis unreachable, say), as a service worker logs them; default: none. */
  onError?: (err: Error) => void;
}

/**
 * Writes a run's result or error field, with the hash's expiry renewed, only while the run's
 * coordinator waits for it (its alive key is there): one script, so that a run that ended
 * between the check and the write gets nothing. Says whether it wrote.
 */
async function keepFor(
  redis: Redis,
  alive: string,
  key: string,
  field: string,
  value: string,
): Promise<boolean> {
  const wrote = await redis.eval(
    "if redis.call('exists', KEYS[1]) == 0 then return 0 end " +
      "redis.call('hset', KEYS[2], ARGV[1], ARGV[2]) " +
      "redis.call('expire', KEYS[2], ARGV[3]) return 1",
    2,
    alive,
    key,
    field,
    value,
    EXPERIMENT_RESULTS_TTL_SECONDS,
  );
  return wrote === 1;
}

/**
 * A worker on the experiments queue: each job runs on a worker thread (the event loop stays
 * free to renew job locks), and its output is written under its design point and
 * replication. A task that fails by itself (a scenario error) fails at once and is reported
 * to the coordinator; anything else (Redis gone) is retried.
 */
export async function startExperimentsWorker(
  options: ExperimentsWorkerOptions,
): Promise<{ close(): Promise<void> }> {
  const prefix = options.prefix ?? QUEUE_PREFIX;
  const pool = createTaskPool(options.concurrency);
  const redis = new Redis(workerRedisOptions(options.redisUrl));
  redis.on('error', () => undefined);
  // A shared connection for commands; BullMQ opens the worker's blocking connection itself.
  const hand: JobsInHand = { jobs: 0 };
  const worker = new Worker<ExperimentJobData>(
    EXPERIMENTS_QUEUE,
    countingJobsInHand(async (job: Job<ExperimentJobData>) => {
      const { runId, task } = job.data;
      const alive = EXPERIMENT_KEYS.alive(prefix, runId);
      // A job of a run that ended (failed, interrupted, its coordinator killed) is dropped: it
      // was left by a dead worker and recovered as stalled, or was queued when the run ended.
      if ((await redis.exists(alive)) === 0) return 'dropped: its run has ended';
      let output: ExperimentOutput;
      try {
        const mine = runtimeFingerprint();
        if (job.data.fingerprint !== undefined && job.data.fingerprint !== mine)
          throw new WorkersUnavailableError(
            `a worker runs another consular-sim version, build or other reference data (config/) than this command (worker ${mine}, here ${job.data.fingerprint}), so its numbers would differ; give every worker the same version, the same build ('npm run build' of the same code: a compiled file left in dist/ by older code counts too) and the same config/ files`,
          );
        output = await pool.run(task);
      } catch (err) {
        // A user's mistake (a scenario error) fails the same way on every retry: report it at
        // once. Anything else is retried, and reported when the last attempt fails.
        const user = err instanceof UserError;
        if (user || job.attemptsMade + 1 >= (job.opts.attempts ?? 1))
          await keepFor(
            redis,
            alive,
            EXPERIMENT_KEYS.errors(prefix, runId),
            fieldOf(task),
            JSON.stringify(serializeError(err)),
          );
        if (user) throw new UnrecoverableError((err as Error).message);
        throw err;
      }
      const text = encodeOutput({
        ...output,
        fingerprint: runtimeFingerprint(),
      } as ExperimentOutput);
      try {
        await keepFor(redis, alive, EXPERIMENT_KEYS.results(prefix, runId), fieldOf(task), text);
      } catch (err) {
        // Redis full (maxmemory): every retry would compute the replication again to the same
        // refusal. Failed for good, with the result's size, for the coordinator to name.
        const message = (err as Error).message ?? '';
        if (/^OOM /.test(message))
          throw new UnrecoverableError(
            `${message.split('.')[0]}: a result of ${(Buffer.byteLength(text) / 1e6).toFixed(2)} MB`,
          );
        throw err;
      }
      return fieldOf(task);
    }, hand),
    {
      connection: redis,
      prefix,
      concurrency: options.concurrency,
      lockDuration: options.lockDuration,
      stalledInterval: options.stalledInterval,
      maxStalledCount: options.maxStalledCount,
    },
  );
  worker.on('error', (err) => options.onError?.(err));
  await worker.waitUntilReady();
  return {
    async close() {
      // At once when it holds no job and Redis is not connected (worker-close.ts).
      await worker.close(closesAtOnce(worker, hand));
      await pool.close();
      redis.disconnect();
    },
  };
}
