import { Queue, Worker, type ConnectionOptions, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { getServiceModel } from '../scenario/models';
import { modelParams } from '../scenario/scenario.runner';
import type { Scenario } from '../scenario/scenario.loader';
import { Calendar, capacityTimeline } from '../sim/calendar';
import type { NetworkModel, StationModel } from '../sim/network';
import { ModelPlan, type PlannedArrival } from '../sim/plan';
import { replicationSeed } from '../sim/rng';
import { Tally, type TallySummary } from '../sim/stats';
import { LIVE_JOB, liveQueueName, livePrefix } from './queue-names';
import { workerRedisOptions } from './redis-connections';
import { StationClock, type CapacityTimeline } from './station-clock';

/**
 * Real-time replay of a scenario through real BullMQ queues: one queue per station, one job
 * per customer-step, one worker per station whose concurrency follows the station's staff.
 *
 * Time: the virtual clock maps model minutes to wall time, wall ms = minutes × 60000 / speed,
 * from the start of the replay. Arrivals are added when their wall time comes; a worker that
 * takes a job waits until the wall time of the service's end. Start and end times in model
 * minutes come from each station's StationClock (queue order + the kernel's draws via
 * ModelPlan), so the statistics do not depend on wall-clock jitter; the wall clock only
 * paces the replay, and replays that fall behind are counted (late arrivals, late starts).
 * speed = Infinity ("max") compresses time entirely: jobs flow as fast as Redis takes them.
 */
export interface LiveOptions {
  /** Model minutes per wall minute (Infinity: as fast as possible). */
  speed: number;
  via: 'queue' | 'http';
  redisUrl: string;
  /** Base seed (default: the scenario's); replication 0's seed is derived from it as the kernel does. */
  seed?: number;
  baseUrl?: string;
  /** Late by more than this (wall ms) counts as not on time. */
  lateToleranceMs?: number;
  /** Called with (customers done, customers arrived so far) now and then. */
  onProgress?: (done: number, total: number) => void;
}

export interface LiveStationSummary {
  arrivals: number;
  served: number;
  jobs: number;
  balked: number;
  reneged: number;
  wait: TallySummary;
  utilisation: number;
  busyTime: number;
  capacityTime: number;
  waitingAtEnd: number;
  inServiceAtEnd: number;
  maxConcurrency: number;
}

export interface LiveClassSummary {
  arrivals: number;
  completed: number;
  lost: number;
  outcomes: Record<string, number>;
  systemTime: TallySummary;
  waitTime: TallySummary;
}

export interface LiveResult {
  model: string;
  engine: 'bullmq';
  seed: number;
  until: number;
  warmup: number;
  speed: number;
  wallSeconds: number;
  /** BullMQ jobs run (customer-steps). */
  jobs: number;
  jobsPerSecond: number;
  /** Arrivals added later than their wall time (+ tolerance): the replay fell behind. */
  lateArrivals: number;
  /** Services whose job was taken later than the wall time of their start (+ tolerance). */
  lateStarts: number;
  totals: { arrivals: number; completed: number; lost: number; inSystemAtEnd: number };
  stations: Record<string, LiveStationSummary>;
  classes: Record<string, LiveClassSummary>;
}

interface StepJob {
  /** Customer index (into the planned arrivals). */
  c: number;
  /** Step index in the class's route. */
  s: number;
  /** Arrival at the station, model minutes. */
  t: number;
}

const LOST = new Set(['balked', 'reneged', 'turned-away']);
/** Arrivals added per round trip (addBulk): large enough to amortise, small enough to pace. */
const ADD_BATCH = 500;
/** Concurrency of a station's worker at max speed: start order is kept by the StationClock, so more lanes only hide Redis round trips. */
const MAX_SPEED_CONCURRENCY = 64;
const DEFAULT_LATE_TOLERANCE_MS = 100;

/** The one network a scenario builds (service models with several arms are not replayed yet). */
export function liveNetwork(scenario: Scenario): NetworkModel {
  const arms = getServiceModel(scenario.model).build(modelParams(scenario) as never, scenario);
  const names = Object.keys(arms);
  if (names.length !== 1) {
    throw new RangeError(
      `--engine bullmq replays one network; model '${scenario.model}' builds ${names.length} arms (${names.join(', ')})`,
    );
  }
  const model = arms[names[0]];
  model.calendar = model.calendar ?? scenario.calendar;
  for (const st of model.stations) {
    if (st.discipline === 'priority')
      throw new RangeError(
        `--engine bullmq: station '${st.id}': priority discipline is not supported yet (fifo only)`,
      );
    if (st.closePolicy === 'turn-away')
      throw new RangeError(
        `--engine bullmq: station '${st.id}': closePolicy turn-away is not supported yet`,
      );
  }
  return model;
}

/** Capacity over the horizon exactly as the kernel builds it (closures apply to fixed servers too). */
export function stationTimeline(
  spec: StationModel,
  calendar: Calendar,
  until: number,
): CapacityTimeline {
  if (spec.schedule)
    return capacityTimeline(spec.schedule, calendar, spec.id, spec.honoursHolidays ?? true, until);
  const servers = spec.servers ?? 1;
  const tl = capacityTimeline(
    [
      {
        days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
        from: '00:00',
        to: '24:00',
        servers,
      },
    ],
    calendar,
    spec.id,
    false,
    until,
  );
  return tl.values.length <= 1 ? { times: [0], values: [servers] } : tl;
}

function overlap(a0: number, a1: number, b0: number, b1: number): number {
  return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
}

function timelineArea(tl: CapacityTimeline, from: number, to: number): number {
  let area = 0;
  for (let i = 0; i < tl.times.length; i++) {
    const t0 = tl.times[i];
    const t1 = i + 1 < tl.times.length ? tl.times[i + 1] : Infinity;
    area += tl.values[i] * overlap(t0, t1, from, to);
  }
  return area;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function runLive(scenario: Scenario, options: LiveOptions): Promise<LiveResult> {
  if (options.via !== 'queue')
    throw new RangeError(
      `--via ${options.via}: only 'queue' is implemented by the live engine so far`,
    );
  if (!(options.speed > 0))
    throw new RangeError('--speed: must be a number greater than 0, or max');
  const model = liveNetwork(scenario);
  const seed = replicationSeed(options.seed ?? scenario.seed, 0);
  const until = scenario.horizon;
  const warmup = scenario.warmup;
  const plan = new ModelPlan(model, seed, until);
  const arrivals: PlannedArrival[] = plan.arrivals();
  const calendar = new Calendar(model.calendar, until);
  const maxSpeed = !Number.isFinite(options.speed);
  const msPerMinute = maxSpeed ? 0 : 60_000 / options.speed;
  const tolerance = options.lateToleranceMs ?? DEFAULT_LATE_TOLERANCE_MS;

  // ---- statistics (model time; reset at warm-up like the kernel: only events at or after it count)
  const stations: Record<
    string,
    LiveStationSummary & { tally: Tally; timeline: CapacityTimeline; clock: StationClock }
  > = {};
  for (const spec of model.stations) {
    const timeline = stationTimeline(spec, calendar, until);
    stations[spec.id] = {
      arrivals: 0,
      served: 0,
      jobs: 0,
      balked: 0,
      reneged: 0,
      wait: new Tally().toJSON(),
      utilisation: 0,
      busyTime: 0,
      capacityTime: timelineArea(timeline, warmup, until),
      waitingAtEnd: 0,
      inServiceAtEnd: 0,
      maxConcurrency: Math.max(1, ...timeline.values),
      tally: new Tally(),
      timeline,
      clock: new StationClock(timeline, until, spec.queueLimit ?? Infinity),
    };
  }
  const classes: Record<
    string,
    { arrivals: number; outcomes: Record<string, number>; systemTime: Tally; waitTime: Tally }
  > = {};
  for (const c of model.classes)
    classes[c.id] = {
      arrivals: 0,
      outcomes: { completed: 0 },
      systemTime: new Tally(),
      waitTime: new Tally(),
    };
  const waited = new Float64Array(arrivals.length);
  let totalArrivals = 0;
  let inSystemAtEnd = 0;
  let jobsRun = 0;
  let lateArrivals = 0;
  let lateStarts = 0;
  let outstanding = 0;
  let dispatched = 0;
  let done = 0;
  let failure: Error | undefined;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((r) => (finish = r));
  const settle = () => {
    done++;
    outstanding--;
    if (options.onProgress && done % 1000 === 0) options.onProgress(done, arrivals.length);
    if (outstanding === 0 && dispatched === arrivals.length) finish();
  };
  const leave = (c: number, outcome: string, at: number) => {
    const a = arrivals[c];
    if (at >= warmup) {
      const cls = classes[a.classId];
      cls.outcomes[outcome] = (cls.outcomes[outcome] ?? 0) + 1;
      if (!LOST.has(outcome)) {
        cls.systemTime.add(at - a.time);
        cls.waitTime.add(waited[c]);
      }
    }
    settle();
  };
  const park = () => {
    inSystemAtEnd++;
    settle();
  };

  // ---- queues and workers
  const runId = randomBytes(4).toString('hex');
  const prefix = livePrefix(runId);
  const connection = new Redis(workerRedisOptions(options.redisUrl));
  connection.on('error', () => undefined);
  const queues = new Map<string, Queue<StepJob>>();
  for (const id of Object.keys(stations))
    queues.set(id, new Queue<StepJob>(liveQueueName(id), { connection, prefix }));
  // Next-step jobs are buffered and added in bulk once per tick, in the order services ended.
  const pending = new Map<string, StepJob[]>();
  let flushScheduled = false;
  const flush = async () => {
    flushScheduled = false;
    const batches = [...pending.entries()];
    pending.clear();
    await Promise.all(
      batches.map(([st, jobs]) =>
        (queues.get(st) as Queue<StepJob>).addBulk(
          jobs.map((data) => ({
            name: LIVE_JOB,
            data,
            opts: { removeOnComplete: true, removeOnFail: 1000 },
          })),
        ),
      ),
    );
  };
  const enqueue = (station: string, data: StepJob) => {
    const list = pending.get(station) ?? [];
    list.push(data);
    pending.set(station, list);
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(() => void flush().catch((err: Error) => fail(err)));
    }
  };
  const fail = (err: Error) => {
    failure = failure ?? err;
    finish();
  };

  const t0 = Date.now();
  const wallOf = (minutes: number) => t0 + minutes * msPerMinute;
  const process = async (station: string, job: Job<StepJob>): Promise<void> => {
    const { c, s, t } = job.data;
    const a = arrivals[c];
    const st = stations[station];
    const { duration, jobs } = plan.service(a.classId, s, a.key);
    // Admission happens synchronously as the job is taken: queue order is service order.
    const adm = st.clock.admit(t, duration, plan.patienceAt(a.classId, s, a.key));
    jobsRun++;
    if (t >= warmup) st.arrivals++;
    if (adm.kind === 'balked') {
      if (t >= warmup) st.balked++;
      return leave(c, 'balked', t);
    }
    if (adm.kind === 'reneged') {
      if (adm.at >= warmup) st.reneged++;
      waited[c] += adm.at - t;
      return leave(c, 'reneged', adm.at);
    }
    if (adm.kind === 'waiting-at-end') {
      st.waitingAtEnd++;
      return park();
    }
    const { start, end } = adm;
    if (start >= warmup) st.tally.add(start - t);
    waited[c] += start - t;
    st.busyTime += overlap(start, end, warmup, until);
    if (!maxSpeed) {
      if (Date.now() > wallOf(start) + tolerance) lateStarts++;
      const wait = wallOf(Math.min(end, until)) - Date.now();
      if (wait > 0) await sleep(wait);
    }
    if (end > until) {
      st.inServiceAtEnd++;
      return park();
    }
    if (end >= warmup) {
      st.served++;
      st.jobs += jobs;
    }
    const exit = plan.exitAfter(a.classId, s, a.key);
    if (exit) return leave(c, exit, end);
    const next = plan.nextStep(a.classId, s + 1, a.key);
    if (next < 0) return leave(c, 'completed', end);
    enqueue(plan.stationOf(a.classId, next, a.source), { c, s: next, t: end });
  };
  const workers: Worker<StepJob>[] = [];
  for (const id of Object.keys(stations)) {
    const concurrency = maxSpeed ? MAX_SPEED_CONCURRENCY : stations[id].maxConcurrency;
    const w = new Worker<StepJob>(liveQueueName(id), (job) => process(id, job), {
      connection: workerRedisOptions(options.redisUrl) as ConnectionOptions,
      prefix,
      concurrency,
    });
    w.on('failed', (_job, err) => fail(err));
    w.on('error', () => undefined);
    workers.push(w);
  }
  // Worker concurrency follows the staff schedule at finite speed (never below 1: BullMQ's minimum).
  const timers: NodeJS.Timeout[] = [];
  if (!maxSpeed) {
    Object.keys(stations).forEach((id, i) => {
      const tl = stations[id].timeline;
      tl.times.forEach((tm, k) =>
        timers.push(
          setTimeout(
            () => (workers[i].concurrency = Math.max(1, tl.values[k])),
            Math.max(0, tm * msPerMinute),
          ),
        ),
      );
    });
  }

  // ---- arrivals, paced by the virtual clock
  const pacer = (async () => {
    let i = 0;
    while (i < arrivals.length && !failure) {
      if (!maxSpeed) {
        const wait = wallOf(arrivals[i].time) - Date.now();
        if (wait > 0) await sleep(wait);
      }
      const now = Date.now();
      const batch: { station: string; data: StepJob }[] = [];
      while (
        i < arrivals.length &&
        batch.length < ADD_BATCH &&
        (maxSpeed || wallOf(arrivals[i].time) <= now)
      ) {
        const a = arrivals[i];
        if (!maxSpeed && now > wallOf(a.time) + tolerance) lateArrivals++;
        if (a.time >= warmup) {
          totalArrivals++;
          classes[a.classId].arrivals++;
        }
        outstanding++;
        const first = plan.nextStep(a.classId, 0, a.key);
        if (first < 0) {
          dispatched++;
          leave(i, 'completed', a.time);
        } else {
          batch.push({
            station: plan.stationOf(a.classId, first, a.source),
            data: { c: i, s: first, t: a.time },
          });
        }
        i++;
      }
      const byStation = new Map<string, StepJob[]>();
      for (const b of batch)
        byStation.set(b.station, [...(byStation.get(b.station) ?? []), b.data]);
      await Promise.all(
        [...byStation.entries()].map(([st, jobs]) =>
          (queues.get(st) as Queue<StepJob>).addBulk(
            jobs.map((data) => ({
              name: LIVE_JOB,
              data,
              opts: { removeOnComplete: true, removeOnFail: 1000 },
            })),
          ),
        ),
      );
      dispatched += batch.length;
      if (dispatched === arrivals.length && outstanding === 0) finish();
    }
  })().catch((err: Error) => fail(err));
  if (!arrivals.length) finish();

  try {
    await finished;
    await pacer;
    if (failure) throw failure;
  } finally {
    timers.forEach(clearTimeout);
    await Promise.all(workers.map((w) => w.close()));
    for (const q of queues.values()) {
      await q.obliterate({ force: true }).catch(() => undefined);
      await q.close();
    }
    connection.disconnect();
  }
  const wallSeconds = (Date.now() - t0) / 1000;

  const outStations: Record<string, LiveStationSummary> = {};
  for (const [id, st] of Object.entries(stations)) {
    const { tally, timeline: _tl, clock: _c, ...rest } = st;
    outStations[id] = {
      ...rest,
      wait: tally.toJSON(),
      utilisation: st.capacityTime > 0 ? st.busyTime / st.capacityTime : 0,
    };
  }
  let completed = 0;
  let lost = 0;
  const outClasses: Record<string, LiveClassSummary> = {};
  for (const [id, c] of Object.entries(classes)) {
    const l = [...LOST].reduce((s, o) => s + (c.outcomes[o] ?? 0), 0);
    const all = Object.values(c.outcomes).reduce((s, x) => s + x, 0);
    completed += all - l;
    lost += l;
    outClasses[id] = {
      arrivals: c.arrivals,
      completed: all - l,
      lost: l,
      outcomes: c.outcomes,
      systemTime: c.systemTime.toJSON(),
      waitTime: c.waitTime.toJSON(),
    };
  }
  return {
    model: model.name,
    engine: 'bullmq',
    seed,
    until,
    warmup,
    speed: options.speed,
    wallSeconds,
    jobs: jobsRun,
    jobsPerSecond: jobsRun / Math.max(wallSeconds, 1e-9),
    lateArrivals,
    lateStarts,
    totals: { arrivals: totalArrivals, completed, lost, inSystemAtEnd },
    stations: outStations,
    classes: outClasses,
  };
}
