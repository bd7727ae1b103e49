import type { LatenessHistogram } from '../queue/live-lateness';
import { UserError } from '../common/user-error';
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { prepareArms } from './scenario.runner';
import type { Scenario } from '../scenario/scenario.loader';
import type { NetworkModel } from '../sim/model';
import { ModelPlan } from '../sim/plan';
import type { RunSummary } from '../sim/summary';
import { replicationSeed } from '../sim/rng';
import { LiveCoordinator, type LiveJob } from '../queue/live-coordinator';
import {
  LIVE_RUN_REFRESH_MS,
  liveStationQueue,
  postReplayArrivals,
  registerLiveRun,
  REPLAY_BATCH_MAX,
  unregisterLiveRun,
} from '../queue/live-http';
import { LIVE_JOB, livePrefix } from '../queue/queue-names';
import { workerRedisOptions } from '../queue/redis-connections';
import { retryWhileRedisDown } from '../queue/redis-retry';
import { redactUrl } from '../common/redact';

/**
 * Real-time replay of a scenario through real BullMQ queues: one queue per station, one job
 * per customer-step (a customer's arrival at a station), one worker per station.
 *
 * Time: the virtual clock maps model minutes to wall time, wall ms = minutes × 60000 / speed,
 * from the start of the replay. Arrivals are added when their wall time comes; each
 * station's virtual clock (LiveStation) starts and ends services in model time with the
 * kernel's rules and draws (ModelPlan), and the coordinator holds a station until nothing
 * earlier can still reach it (see live-coordinator.ts), so the replay makes the kernel's
 * decisions in the kernel's order whatever Redis and the wall clock did. The wall clock only
 * paces the replay; replays that fall behind are counted (late arrivals, late starts).
 * speed = Infinity ("max") compresses time entirely: jobs flow as fast as Redis takes them.
 *
 * A model with several arms (say, the e-visa digital arm and the desk arm) replays each arm in
 * turn with the replication-1 seed the kernel gives every arm, each under its own queue prefix.
 */
export interface LiveOptions {
  /** Model minutes per wall minute (Infinity: as fast as possible). */
  speed: number;
  /** queue: the replay adds arrivals itself; http: it posts them to a running serve (POST /replay/arrivals). */
  via: 'queue' | 'http';
  redisUrl: string;
  /** Base seed (default: the scenario's); replication 1's seed is derived from it as the kernel does. */
  seed?: number;
  /** --via http: the serve to post to (default http://127.0.0.1:3000). */
  baseUrl?: string;
  /** --via http: ADMIN_TOKEN of that serve, when it has one. */
  adminToken?: string;
  /** Late by more than this (wall ms) counts as not on time. */
  lateToleranceMs?: number;
  /** Only these arms (default: all). */
  arms?: string[];
  /** Called about once a second while an arm runs: jobs done so far, customers planned. */
  onProgress?: (arm: string, jobsDone: number, customers: number) => void;
  /** How long Redis may not answer before the replay stops (ms; default REDIS_GONE_AFTER_MS). */
  redisGoneAfterMs?: number;
  /**
   * Stops the replay (the CLI's SIGINT/SIGTERM): it ends as a failed run does, removing its
   * queues and marker from Redis, and rejects with the signal's reason.
   */
  signal?: AbortSignal;
}

export interface LiveArmResult {
  /** The kernel's summary shape, from the live replay (no time series). */
  run: RunSummary;
  wallSeconds: number;
  /** BullMQ jobs run (customer-steps). */
  jobs: number;
  jobsPerSecond: number;
  /** Arrivals taken later than their wall time (+ tolerance): the replay fell behind. */
  lateArrivals: number;
  /** Services started later than their wall time (+ tolerance). */
  lateStarts: number;
  /** Lateness histograms of arrivals taken and services started (paced replays; bench:pacing). */
  lateness: { arrivals: LatenessHistogram; starts: LatenessHistogram };
  /** Jobs taken after a job with a later model time at the same station (the clock put them back in order). */
  reordered: number;
  /** Times a station's next event was held for upstream stations or jobs in flight. */
  held: number;
  /** Copies of jobs already taken (re-sent after a serve or Redis restart), each ignored. */
  duplicates: number;
}

export interface LiveResult {
  model: string;
  engine: 'bullmq';
  via: 'queue' | 'http';
  seed: number;
  until: number;
  warmup: number;
  speed: number;
  wallSeconds: number;
  jobs: number;
  jobsPerSecond: number;
  lateArrivals: number;
  lateStarts: number;
  reordered: number;
  /** Summed over arms. */
  totals: RunSummary['totals'];
  arms: Record<string, LiveArmResult>;
}

/** Arrivals added per round trip (addBulk): large enough to amortise, small enough to pace. */
const ADD_BATCH = 500;
/** Worker concurrency: taking a job only hands it to the station's clock, so lanes just hide Redis round trips. */
const MAX_SPEED_CONCURRENCY = 32;
const PACED_CONCURRENCY = 8;
const DEFAULT_LATE_TOLERANCE_MS = 100;
/** Station workers' job lock and stalled-job check (ms). */
const LOCK_MS = 3000;
/** How far ahead of their wall time paced arrivals are enqueued (see the pacer in runLiveArm). */
export const SEND_AHEAD_MS = 250;
export const DEFAULT_BASE_URL = 'http://127.0.0.1:3000';
/** How long the workers may take to close once Redis is gone (ms). */
const CLOSE_GONE_MS = 2000;
/** Longest pause of the pacer before it looks again whether the replay has stopped (ms). */
const PACER_STEP_MS = 250;
/** How often a replay asks Redis whether it still holds the replay (ms). */
const REDIS_CHECK_MS = 1000;
/**
 * How long Redis may not answer before a replay stops with a user error (ms): a restart takes
 * seconds; the replay's own Redis calls (retryWhileRedisDown) wait a minute as well.
 */
export const REDIS_GONE_AFTER_MS = 60_000;

/**
 * Watches a replay's Redis while the replay runs: Redis is asked every REDIS_CHECK_MS whether it
 * still holds the replay's marker key (written when the replay starts). A replay's jobs live only
 * in Redis, and its connection waits for Redis for ever: a Redis restarted without persistence,
 * or flushed, had lost the jobs in flight, and a Redis that stayed down held every call; either
 * way the replay waited for ever for jobs that would never come. Now it stops with a user error
 * naming the cause: the marker gone (the data lost), or no answer for `goneAfterMs`.
 */
function watchRedis(
  connection: Redis,
  marker: string,
  url: string,
  goneAfterMs: number,
  lastError: () => (Error & { code?: string }) | undefined,
  fail: (err: Error, unreachable: boolean) => void,
): () => void {
  let answeredAt = Date.now();
  let asking = false;
  const shown = redactUrl(url);
  const timer = setInterval(() => {
    if (asking) {
      if (Date.now() - answeredAt > goneAfterMs) {
        const why = lastError()?.code ?? lastError()?.message ?? 'no answer';
        fail(
          new UserError(
            undefined,
            '--engine bullmq',
            `${shown}: lost the connection to Redis with the replay under way (${why}; no answer for ${Math.round(goneAfterMs / 1000)} s); bring Redis back and run the command again`,
          ),
          true,
        );
      }
      return;
    }
    asking = true;
    connection.exists(marker).then(
      (n) => {
        asking = false;
        answeredAt = Date.now();
        if (n === 0)
          fail(
            new UserError(
              undefined,
              '--engine bullmq',
              `${shown}: Redis no longer holds this replay (its queued jobs are lost): was Redis restarted without persistence, or flushed? Run the command again`,
            ),
            false,
          );
      },
      () => {
        asking = false;
      },
    );
  }, REDIS_CHECK_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * The networks a scenario builds, one per arm, as the kernel runs them, refused as the kernel
 * refuses them (prepareArms): a demand over MAX_ARRIVALS_PER_REPLICATION had been planned in
 * full, arrival by arrival, before anything was added to Redis.
 */
export function liveArms(scenario: Scenario): Record<string, NetworkModel> {
  return prepareArms(scenario).arms;
}

/** The one network of a single-arm scenario. */
export function liveNetwork(scenario: Scenario): NetworkModel {
  const arms = liveArms(scenario);
  const names = Object.keys(arms);
  if (names.length !== 1)
    throw new RangeError(
      `model '${scenario.model}' builds ${names.length} arms (${names.join(', ')})`,
    );
  return arms[names[0]];
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Jobs per second a paced replay can keep on the development machine (2 cores, shared): the
 * record day at --speed max moved about 1,300 jobs/s there with other work running
 * (`npm run bench:queue` measured 8,055 jobs/s on a quiet machine). Above it, arrivals and
 * service starts fall behind their wall time; the summary is still exact.
 */
export const PACED_JOBS_PER_SECOND = 1000;

/**
 * The warning `run --engine bullmq --speed F` prints at start when F asks for more jobs per
 * second than PACED_JOBS_PER_SECOND (each planned arrival counted once per step of its route,
 * an upper bound), or null when it should keep pace.
 */
export function pacingWarning(scenario: Scenario, speed: number, seed?: number): string | null {
  if (!Number.isFinite(speed)) return null;
  let jobs = 0;
  let wallSeconds = 0;
  for (const model of Object.values(liveArms(scenario))) {
    const steps = new Map(model.classes.map((c) => [c.id, c.route.length]));
    const plan = new ModelPlan(model, replicationSeed(seed ?? scenario.seed, 0), scenario.horizon);
    for (const a of plan.arrivals()) jobs += steps.get(a.classId) ?? 1;
    wallSeconds += (scenario.horizon * 60) / speed;
  }
  const needed = jobs / Math.max(wallSeconds, 1e-9);
  if (needed <= PACED_JOBS_PER_SECOND) return null;
  const keep = Math.max(1, Math.floor((speed * PACED_JOBS_PER_SECOND) / needed));
  return (
    `warning: --speed ${speed} asks for about ${Math.round(needed).toLocaleString('en-US')} jobs/s; ` +
    `a paced replay keeps up to about ${PACED_JOBS_PER_SECOND.toLocaleString('en-US')} jobs/s here ` +
    `(npm run bench:pacing), so arrivals and service starts will fall behind their wall time. ` +
    `The summary stays exact; for real-time pacing use --speed ${keep} or less, or --speed max to go as fast as Redis allows.`
  );
}

export async function runLive(scenario: Scenario, options: LiveOptions): Promise<LiveResult> {
  if (!(options.speed > 0))
    throw new UserError(undefined, '--speed', 'must be a number greater than 0, or max');
  if (options.via !== 'queue' && options.via !== 'http')
    throw new UserError(undefined, '--via', `must be queue or http (got '${String(options.via)}')`);
  const all = liveArms(scenario);
  const names = options.arms ?? Object.keys(all);
  for (const n of names)
    if (!all[n])
      throw new UserError(
        undefined,
        '--arm',
        `model '${scenario.model}' has no arm '${n}' (arms: ${Object.keys(all).join(', ')})`,
      );
  // Every arm of replication 1 runs on the same seed (common random numbers), as in the kernel.
  const seed = replicationSeed(options.seed ?? scenario.seed, 0);
  const arms: Record<string, LiveArmResult> = {};
  for (const name of names) {
    options.signal?.throwIfAborted();
    arms[name] = await runLiveArm(all[name], {
      ...options,
      onProgress: options.onProgress && ((_arm, d, c) => options.onProgress!(name, d, c)),
      seed,
      until: scenario.horizon,
      warmup: scenario.warmup,
      interval: scenario.interval,
    });
  }
  const list = Object.values(arms);
  const sum = (f: (a: LiveArmResult) => number) => list.reduce((s, a) => s + f(a), 0);
  const wallSeconds = sum((a) => a.wallSeconds);
  const jobs = sum((a) => a.jobs);
  return {
    model: scenario.model,
    engine: 'bullmq',
    via: options.via,
    seed,
    until: scenario.horizon,
    warmup: scenario.warmup,
    speed: options.speed,
    wallSeconds,
    jobs,
    jobsPerSecond: jobs / Math.max(wallSeconds, 1e-9),
    lateArrivals: sum((a) => a.lateArrivals),
    lateStarts: sum((a) => a.lateStarts),
    reordered: sum((a) => a.reordered),
    totals: {
      arrivals: sum((a) => a.run.totals.arrivals),
      completed: sum((a) => a.run.totals.completed),
      lost: sum((a) => a.run.totals.lost),
      lostBy: {
        balked: sum((a) => a.run.totals.lostBy.balked),
        reneged: sum((a) => a.run.totals.lostBy.reneged),
        turnedAway: sum((a) => a.run.totals.lostBy.turnedAway),
      },
      inSystemAtEnd: sum((a) => a.run.totals.inSystemAtEnd),
    },
    arms,
  };
}

export interface LiveArmOptions extends Omit<LiveOptions, 'seed' | 'arms'> {
  /** The replication's seed (already derived). */
  seed: number;
  until: number;
  warmup: number;
  /** Width of the time-series buckets, as the kernel's replication 1 keeps them; 0 or absent: none. */
  interval?: number;
}

/** Why an aborted replay stopped: the signal's reason when it is an error. */
function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error('live replay: interrupted');
}

/** Replays one network through its own queues (a fresh prefix) and returns the kernel-shaped summary. */
export async function runLiveArm(
  model: NetworkModel,
  options: LiveArmOptions,
): Promise<LiveArmResult> {
  const maxSpeed = !Number.isFinite(options.speed);
  const runId = randomBytes(4).toString('hex');
  const prefix = livePrefix(runId);
  const connection = new Redis(workerRedisOptions(options.redisUrl));
  let lastError: (Error & { code?: string }) | undefined;
  connection.on('error', (e: Error) => (lastError = e));
  // Set once Redis is found gone for good: the clean-up then sends Redis nothing it would wait for.
  let redisGone = false;
  let stopped = false;
  const queues = new Map<string, Queue<LiveJob>>();
  const queueOf = (station: string) => {
    let q = queues.get(station);
    if (!q) {
      q = new Queue<LiveJob>(liveStationQueue(station), { connection, prefix });
      q.on('error', () => undefined);
      queues.set(station, q);
    }
    return q;
  };
  // addBulk is a Redis transaction: one cut short by a Redis restart is sent again (the
  // coordinator takes a copy of a job once, so a batch that did land before the cut is harmless).
  const addJobs = (station: string, jobs: LiveJob[]) =>
    retryWhileRedisDown(() =>
      // Once the replay has stopped, a batch cut short is not sent again.
      stopped
        ? Promise.reject(new Error('live replay: stopped'))
        : queueOf(station).addBulk(
            jobs.map((data) => ({
              name: LIVE_JOB,
              data,
              opts: { removeOnComplete: true, removeOnFail: 1000 },
            })),
          ),
    );

  // Next-step jobs are buffered and added in bulk once per tick, in the order services ended.
  const pending = new Map<string, LiveJob[]>();
  let flushScheduled = false;
  const flush = async () => {
    flushScheduled = false;
    const batches = [...pending.entries()];
    pending.clear();
    await Promise.all(batches.map(([st, jobs]) => addJobs(st, jobs)));
  };
  const coord: LiveCoordinator = new LiveCoordinator(
    model,
    {
      send(station, job) {
        const list = pending.get(station) ?? [];
        list.push(job);
        pending.set(station, list);
        if (!flushScheduled) {
          flushScheduled = true;
          setImmediate(() => void flush().catch((err: Error) => coord.fail(err)));
        }
      },
    },
    {
      seed: options.seed,
      until: options.until,
      warmup: options.warmup,
      interval: options.interval,
      speed: options.speed,
      lateToleranceMs: options.lateToleranceMs ?? DEFAULT_LATE_TOLERANCE_MS,
    },
  );

  // --via http: the serve adds arrivals only to a registered run's stations; the registration
  // expires unless refreshed, so a replay that dies leaves none behind for long.
  const register =
    options.via === 'http'
      ? () =>
          registerLiveRun(
            connection,
            runId,
            coord.stations.map((st) => st.id),
          )
      : undefined;
  let refresher: NodeJS.Timeout | undefined;
  if (register) {
    try {
      await retryWhileRedisDown(register);
    } catch (err) {
      connection.disconnect();
      throw err;
    }
    refresher = setInterval(() => void register().catch(() => undefined), LIVE_RUN_REFRESH_MS);
    refresher.unref();
  }

  const workers: Worker<LiveJob>[] = [];
  for (const st of coord.stations) {
    queueOf(st.id);
    const w = new Worker<LiveJob>(
      liveStationQueue(st.id),
      async (job: Job<LiveJob>) => coord.deliver(st.id, job.data),
      {
        // A shared connection for commands; BullMQ opens each worker's blocking connection itself.
        connection,
        prefix,
        concurrency: maxSpeed ? MAX_SPEED_CONCURRENCY : PACED_CONCURRENCY,
        // A job is handed to the station clock at once, so a short lock is safe; a job whose
        // fetch was lost when Redis restarted comes back in seconds (the default 30 s lock and
        // 30 s check held the whole replay up to a minute), and a copy is taken once.
        lockDuration: LOCK_MS,
        stalledInterval: LOCK_MS,
        maxStalledCount: 1000,
      },
    );
    w.on('failed', (_job, err) => coord.fail(err));
    w.on('error', () => undefined);
    workers.push(w);
  }
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  // The replay's marker: while Redis holds it, Redis holds the replay's jobs (watchRedis).
  const marker = `${prefix}:replay`;
  await retryWhileRedisDown(() => connection.set(marker, runId));
  const unwatch = watchRedis(
    connection,
    marker,
    options.redisUrl,
    options.redisGoneAfterMs ?? REDIS_GONE_AFTER_MS,
    () => lastError,
    (err, unreachable) => {
      redisGone ||= unreachable;
      coord.fail(err);
    },
  );
  // Interrupted (Ctrl+C): the replay fails, and the clean-up below removes its queues, its
  // jobs and its marker from Redis, which would otherwise stay there for ever.
  const interrupt = () => coord.fail(abortReason(options.signal!));
  if (options.signal?.aborted) interrupt();
  else options.signal?.addEventListener('abort', interrupt, { once: true });
  const t0 = Date.now();
  coord.start(t0);
  const first = coord.firstJobs;
  const ticker = options.onProgress
    ? setInterval(() => options.onProgress!('', coord.jobsDelivered, first.length), 1000)
    : undefined;
  ticker?.unref();
  // ---- arrivals, paced by the virtual clock (all at once at max speed)
  const pacer = (async () => {
    let i = 0;
    while (i < first.length && !stopped) {
      if (!maxSpeed) {
        const wait = coord.wallOf(coord.arrivals[i].time) - SEND_AHEAD_MS - Date.now();
        // In steps, so that a replay that stopped (its Redis lost) is not held to the next arrival.
        if (wait > 0) {
          await sleep(Math.min(wait, PACER_STEP_MS));
          continue;
        }
      }
      // Sent SEND_AHEAD_MS before they are due: a job takes a Redis round trip and a worker's
      // fetch to reach its station (tens of ms on a busy machine), and sent at its due time it
      // arrived late by that much. Early is harmless: the station clock holds it until its time.
      const now = Date.now() + SEND_AHEAD_MS;
      const batch: { station: string; job: LiveJob }[] = [];
      const limit = options.via === 'http' ? REPLAY_BATCH_MAX : ADD_BATCH;
      while (
        i < first.length &&
        batch.length < limit &&
        (maxSpeed || coord.wallOf(coord.arrivals[i].time) <= now)
      ) {
        const f = first[i++];
        if (f) batch.push(f);
      }
      if (!batch.length) continue;
      if (options.via === 'http') {
        await postReplayArrivals(
          options.baseUrl ?? DEFAULT_BASE_URL,
          { run: runId, arrivals: batch.map((b) => ({ station: b.station, ...b.job })) },
          options.adminToken,
        );
        continue;
      }
      const byStation = new Map<string, LiveJob[]>();
      for (const b of batch) byStation.set(b.station, [...(byStation.get(b.station) ?? []), b.job]);
      await Promise.all([...byStation].map(([station, jobs]) => addJobs(station, jobs)));
    }
  })().catch((err: Error) => coord.fail(err));

  try {
    await coord.done;
  } finally {
    if (ticker) clearInterval(ticker);
    if (refresher) clearInterval(refresher);
    unwatch();
    options.signal?.removeEventListener('abort', interrupt);
    stopped = true;
    if (redisGone) {
      // Redis is gone: a command sent to it waits for it for ever (the connection queues it),
      // and so would the clean-up. Nothing is left in Redis to clean; the workers and the
      // connection are closed without a word to it, within a bound.
      connection.disconnect();
      await Promise.race([Promise.all(workers.map((w) => w.close(true))), sleep(CLOSE_GONE_MS)]);
    } else {
      await pacer;
      if (register) await unregisterLiveRun(connection, runId).catch(() => undefined);
      await connection.del(marker).catch(() => undefined);
      // Forced: the coordinator has settled, so no job in hand matters, and a graceful close
      // could wait for ever after Redis restarted (the replay then hung instead of exiting).
      await Promise.all(workers.map((w) => w.close(true)));
      for (const q of queues.values()) {
        await q.obliterate({ force: true }).catch(() => undefined);
        await q.close();
      }
    }
    connection.disconnect();
  }
  const wallSeconds = (Date.now() - t0) / 1000;
  return {
    run: coord.summary(wallSeconds),
    wallSeconds,
    jobs: coord.jobsDelivered,
    jobsPerSecond: coord.jobsDelivered / Math.max(wallSeconds, 1e-9),
    lateArrivals: coord.lateArrivals,
    lateStarts: coord.lateStarts,
    reordered: coord.reordered,
    held: coord.held,
    duplicates: coord.duplicates,
    lateness: { arrivals: coord.arrivalLateness, starts: coord.startLateness },
  };
}
