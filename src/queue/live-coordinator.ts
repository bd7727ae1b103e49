import { LatenessHistogram } from './live-lateness';
import {
  OUTCOME_COMPLETED,
  OUTCOME_TURNED_AWAY,
  stationOfStep,
  type CompiledNetwork,
} from '../sim/compile';
import { Customers } from '../sim/customers';
import { ROUTE_DONE, ROUTE_EXIT, type Decisions } from '../sim/decisions';
import { EventList } from '../sim/event-list';
import type { NetworkModel } from '../sim/model';
import { ModelPlan, type PlannedArrival } from '../sim/plan';
import { ClassStats, summariseClasses, type RunSummary, type TimeSeries } from '../sim/summary';
import { LiveStation, type LiveCustomers } from './live-station';

/**
 * Runs one network model's replay over a transport (BullMQ queues, HTTP, or memory in unit
 * tests) and keeps the kernel's model-time order exactly, whatever order and speed the
 * transport delivers in.
 *
 * A job is a customer's arrival at a station ({c, s, t}: customer, step, model time). Each
 * station's virtual clock (LiveStation) processes its events in model-time order, and may
 * process an event at time τ only when no arrival at or before τ can still reach it — a
 * conservative (Chandy–Misra style) rule, with the lower bounds read from shared memory:
 *   - no job for the station with t ≤ τ is in flight (added but not yet taken by its worker;
 *     every planned source arrival counts as in flight from the start), and
 *   - every upstream station V (one that some route leads from, directly or not) has neither
 *     an unprocessed event nor a job in flight before τ: whatever V does later happens at
 *     or after that, and so does every customer it sends on; and, for customer c's arrival at
 *     τ, nothing at τ still to process that could send on at τ a customer before c (arrivals
 *     at one instant are taken in customer order).
 * The global earliest event always satisfies the rule, so the replay cannot deadlock, even on
 * routes that come back to a station. At a finite speed an event is also held until its wall
 * time (wall ms = minutes × 60000 / speed), which paces services in real time.
 */
export interface LiveJob {
  /** Customer: index into the planned arrivals. */
  c: number;
  /** Step of the class's route. */
  s: number;
  /** Arrival at the station, model minutes. */
  t: number;
  /**
   * Its return after being turned away at this step (a retrial): the how-manieth, from 1;
   * absent on the first arrival.
   */
  a?: number;
  /**
   * Its arrival at an overflow station for this step, sent on by a full station
   * (StationModel.overflow): the how-manieth station of the chain, from 1; absent at the step's
   * own station.
   */
  o?: number;
}

export interface LiveTransport {
  /** Carries a job to a station's worker, which hands it to deliver(). */
  send(station: string, job: LiveJob): void;
}

export interface LiveCoordinatorOptions {
  seed: number;
  until: number;
  warmup: number;
  /** Width of the time-series buckets (the kernel's `interval`); 0 or absent: no time series. */
  interval?: number;
  /** Model minutes per wall minute; Infinity: as fast as the transport goes. */
  speed: number;
  /** Late by more than this (wall ms) counts as not on time. */
  lateToleranceMs: number;
  /** Wall clock (ms); tests may pass a fake one. */
  now?: () => number;
}

/** A multiset of model times (jobs in flight to one station) with its minimum; removal is lazy. */
class InFlight {
  private readonly times = new EventList(16);
  private readonly taken = new Map<number, number>();
  add(t: number): void {
    this.times.push(t, 0, 0, 0, 0);
  }
  remove(t: number): void {
    this.taken.set(t, (this.taken.get(t) ?? 0) + 1);
  }
  min(): number {
    const times = this.times;
    while (times.size) {
      const t = times.peekTime();
      const n = this.taken.get(t);
      if (!n) return t;
      if (n === 1) this.taken.delete(t);
      else this.taken.set(t, n - 1);
      times.pop();
    }
    return Infinity;
  }
}

export class LiveCoordinator implements LiveCustomers {
  readonly plan: ModelPlan;
  readonly arrivals: PlannedArrival[];
  /** The first job of each planned arrival (null: it visits no step), for the pacer to send. */
  readonly firstJobs: ({ station: string; job: LiveJob } | null)[];
  readonly stations: LiveStation[] = [];
  private readonly byId = new Map<string, LiveStation>();
  private readonly inflight: InFlight[] = [];
  /** Stations a customer can come from to reach each station (transitively, itself excluded). */
  private readonly upstream: number[][] = [];
  private readonly downstream: number[][] = [];
  private readonly net: CompiledNetwork;
  private readonly decisions: Decisions;
  private readonly classes: ClassStats[];
  /** One row per planned arrival (its index). */
  private readonly customers: Customers;
  private readonly maxDelivered: Float64Array;
  /**
   * The last step of each customer taken by a station (-1: none yet), its station on the
   * step's overflow chain (0 the step's own) and its attempt there.
   */
  private readonly lastStep: Int32Array;
  private readonly lastOverflow: Int32Array;
  private readonly lastAttempt: Int32Array;
  /** Each customer's overflows at its current step so far: the hop of its next overflow job. */
  private readonly overflowHops: Int32Array;
  private readonly timers = new Map<number, { at: number; timer: NodeJS.Timeout }>();
  private readonly dirty = new Set<number>();
  private readonly clock: () => number;
  private readonly maxSpeed: boolean;
  private readonly msPerMinute: number;
  private pumpScheduled = false;
  private inFlightTotal = 0;
  private inSystem = 0;
  private totalArrivals = 0;
  /** Ends of the time-series buckets (as the kernel samples them); empty without an interval. */
  readonly sampleTimes: number[] = [];
  /** Model times of the customers who left completed, for the time series. */
  private readonly completionTimes: number[] = [];
  private t0 = 0;
  private resolveDone: () => void = () => undefined;
  private rejectDone: (err: Error) => void = () => undefined;
  private settled = false;
  /** Resolves when every event up to the horizon has been processed. */
  readonly done: Promise<void>;

  // live figures
  jobsDelivered = 0;
  lateArrivals = 0;
  lateStarts = 0;
  /** Lateness of every arrival taken and every service started (paced replays only). */
  readonly arrivalLateness = new LatenessHistogram();
  readonly startLateness = new LatenessHistogram();
  /** Jobs taken by a station's worker after a job with a later model time: queue order is not model order, the clock reorders them. */
  reordered = 0;
  /** Times a station had an event ready but was held for upstream stations or jobs in flight. */
  held = 0;
  /** Copies of jobs already taken (at-least-once delivery), ignored. */
  duplicates = 0;

  constructor(
    readonly model: NetworkModel,
    private readonly transport: LiveTransport,
    private readonly options: LiveCoordinatorOptions,
  ) {
    const { seed, until, warmup } = options;
    const interval = options.interval ?? 0;
    if (interval > 0) {
      // The kernel's samples: the first at the interval (or the horizon), then one interval on,
      // the last bucket ending at the horizon.
      let t = Math.min(interval, until);
      this.sampleTimes.push(t);
      while (t < until) this.sampleTimes.push((t = Math.min(t + interval, until)));
    }
    this.clock = options.now ?? Date.now;
    this.maxSpeed = !Number.isFinite(options.speed);
    this.msPerMinute = this.maxSpeed ? 0 : 60_000 / options.speed;
    this.plan = new ModelPlan(model, seed, until);
    this.arrivals = this.plan.arrivals();
    this.done = new Promise<void>((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
    const net = (this.net = this.plan.net);
    this.decisions = this.plan.decisions;
    this.classes = net.classes.map((c) => new ClassStats(c.id, net.outcomes.length));
    const n = this.arrivals.length;
    this.customers = new Customers(Math.max(1, n));
    for (const spec of net.stations) {
      const st = new LiveStation(spec, this.customers, this, until, warmup, this.sampleTimes);
      this.stations.push(st);
      this.byId.set(spec.id, st);
      this.inflight.push(new InFlight());
    }
    this.linkStations();
    this.lastStep = new Int32Array(this.arrivals.length).fill(-1);
    this.lastOverflow = new Int32Array(this.arrivals.length);
    this.lastAttempt = new Int32Array(this.arrivals.length);
    this.overflowHops = new Int32Array(this.arrivals.length);
    this.maxDelivered = new Float64Array(this.stations.length).fill(-Infinity);
    const cu = this.customers;
    this.firstJobs = this.arrivals.map((a, c) => {
      const source = net.sourceIndex.get(a.source) as number;
      const cls = net.classIndex.get(a.classId) as number;
      cu.cls[c] = cls;
      cu.source[c] = source;
      cu.key[c] = a.key;
      cu.arrival[c] = a.time;
      this.inSystem++;
      if (this.counts(a.time)) {
        this.totalArrivals++;
        this.classes[cls].arrivals++;
      }
      const first = this.decisions.visit(net.classes[cls], 0, a.key);
      if (first === ROUTE_DONE) {
        this.leave(c, OUTCOME_COMPLETED, a.time);
        return null;
      }
      cu.step[c] = first;
      const station = this.stations[stationOfStep(net, source, cls, first)];
      this.inflight[station.index].add(a.time);
      this.inFlightTotal++;
      return { station: station.id, job: { c, s: first, t: a.time } };
    });
  }

  /** Edges of the routes (a step to every later step, since steps may be skipped), closed transitively. */
  private linkStations(): void {
    const n = this.stations.length;
    const next: Set<number>[] = Array.from({ length: n }, () => new Set());
    const overflow = this.net.stations.map((st) => st.overflow);
    for (const src of this.net.sources) {
      for (const cls of src.classes) {
        const at = src.routes[cls];
        for (let i = 0; i < at.length; i++) {
          // A customer turned away at a full station goes on along its overflow chain (which
          // ends: compile.ts refuses a cycle), and from any station of it to the later steps.
          for (let v = at[i]; v >= 0; v = overflow[v]) {
            if (overflow[v] >= 0) next[v].add(overflow[v]);
            for (let j = i + 1; j < at.length; j++) next[v].add(at[j]);
          }
        }
      }
    }
    const reach = (from: number, edges: Set<number>[]) => {
      const seen = new Set<number>();
      const stack = [...edges[from]];
      while (stack.length) {
        const v = stack.pop() as number;
        if (seen.has(v)) continue;
        seen.add(v);
        stack.push(...edges[v]);
      }
      seen.delete(from);
      return [...seen];
    };
    const prev: Set<number>[] = Array.from({ length: n }, () => new Set());
    next.forEach((to, from) => to.forEach((t) => prev[t].add(from)));
    for (let i = 0; i < n; i++) {
      this.downstream.push(reach(i, next));
      this.upstream.push(reach(i, prev));
    }
  }

  private station(id: string): LiveStation {
    const st = this.byId.get(id);
    if (!st) throw new Error(`unknown station '${id}'`);
    return st;
  }

  /** Statistics count events after the warm-up (the kernel resets them at the warm-up). */
  private counts(t: number): boolean {
    return this.options.warmup <= 0 || t > this.options.warmup;
  }

  wallOf(minutes: number): number {
    return this.t0 + minutes * this.msPerMinute;
  }

  /** Starts the clock: wall time 0 of the replay. */
  start(t0 = this.clock()): void {
    this.t0 = t0;
    for (let i = 0; i < this.stations.length; i++) this.dirty.add(i);
    this.schedulePump();
  }

  private inflightAdd(station: number, t: number): void {
    this.inflight[station].add(t);
    this.inFlightTotal++;
  }

  /** A station's worker took a job. */
  deliver(station: string, job: LiveJob): void {
    if (this.settled) return;
    const st = this.station(station);
    const { c, s, t } = job;
    const a = job.a ?? 0;
    const o = job.o ?? 0;
    // Transports deliver at least once (a batch re-sent after a serve or Redis restart, a job
    // run again after its lock expired): a customer's steps come in route order, the stations
    // of a step's overflow chain in turn, and its returns to one station in turn, so a (step,
    // overflow, return) at or before the last one taken is a copy, taken once.
    const lastS = this.lastStep[c];
    const lastO = this.lastOverflow[c];
    if (s < lastS || (s === lastS && (o < lastO || (o === lastO && a <= this.lastAttempt[c])))) {
      this.duplicates++;
      return;
    }
    this.lastStep[c] = s;
    this.lastOverflow[c] = o;
    this.lastAttempt[c] = a;
    if (
      this.customers.step[c] !== s ||
      o !== this.overflowHops[c] ||
      (a > 0 && this.customers.retries[c] !== a)
    ) {
      this.fail(
        new Error(
          `live replay: job for customer ${c} at step ${s} (overflow ${o}, return ${a}), expected step ${this.customers.step[c]} (overflow ${this.overflowHops[c]}, return ${this.customers.retries[c]})`,
        ),
      );
      return;
    }
    this.jobsDelivered++;
    if (!this.maxSpeed) {
      const late = this.clock() - this.wallOf(t);
      this.arrivalLateness.add(late);
      if (late > this.options.lateToleranceMs) this.lateArrivals++;
    }
    if (t < this.maxDelivered[st.index]) this.reordered++;
    else this.maxDelivered[st.index] = t;
    this.inflight[st.index].remove(t);
    this.inFlightTotal--;
    st.deliver(c, t, a > 0);
    this.dirty.add(st.index);
    // A job no longer in flight may free an arrival downstream (safe() reads inflight upstream).
    for (const d of this.downstream[st.index]) this.dirty.add(d);
    this.schedulePump();
  }

  fail(err: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.clearTimers();
    this.rejectDone(err);
  }

  private schedulePump(): void {
    if (this.pumpScheduled || this.settled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      try {
        this.pump();
      } catch (err) {
        this.fail(err as Error);
      }
    });
  }

  /**
   * Whether no arrival at or before τ can still reach station i. Customer c's arrival at τ also
   * waits for what upstream can still send on at τ ahead of it (mayPrecede): arrivals at one
   * instant are taken in customer order, as the kernel takes them, after i's own departures
   * and reneging at τ, which need not wait.
   */
  private safe(i: number, tau: number): boolean {
    if (this.inflight[i].min() <= tau) return false;
    const c = this.stations[i].nextArrival();
    for (const v of this.upstream[i]) {
      const up = this.stations[v];
      if (up.nextTime() < tau || this.inflight[v].min() < tau) return false;
      if (c >= 0 && (this.inflight[v].min() === tau || up.mayPrecede(tau, c))) return false;
    }
    return true;
  }

  private pump(): void {
    const until = this.options.until;
    while (this.dirty.size && !this.settled) {
      const i = this.dirty.values().next().value as number;
      this.dirty.delete(i);
      const st = this.stations[i];
      let progressed = false;
      for (;;) {
        const tau = st.nextTime();
        if (tau > until) break;
        if (!this.safe(i, tau)) {
          this.held++;
          break;
        }
        if (!this.maxSpeed) {
          const wall = this.wallOf(tau);
          if (wall > this.clock()) {
            this.armTimer(i, wall);
            break;
          }
        }
        st.step();
        progressed = true;
      }
      if (progressed) for (const d of this.downstream[i]) this.dirty.add(d);
    }
    if (
      !this.settled &&
      this.inFlightTotal === 0 &&
      this.stations.every((s) => s.nextTime() > until)
    ) {
      this.settled = true;
      this.clearTimers();
      this.resolveDone();
    }
  }

  private armTimer(i: number, wall: number): void {
    const t = this.timers.get(i);
    if (t && t.at <= wall) return;
    if (t) clearTimeout(t.timer);
    const timer = setTimeout(
      () => {
        this.timers.delete(i);
        this.dirty.add(i);
        this.schedulePump();
      },
      Math.max(0, wall - this.clock()),
    );
    this.timers.set(i, { at: wall, timer });
  }

  private clearTimers(): void {
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  // ---- LiveCustomers: the kernel's per-customer decisions (decisions.ts)

  serviceTime(c: number, now: number): number {
    if (!this.maxSpeed) {
      const late = this.clock() - this.wallOf(now);
      this.startLateness.add(late);
      if (late > this.options.lateToleranceMs) this.lateStarts++;
    }
    const cu = this.customers;
    const step = this.net.classes[cu.cls[c]].steps[cu.step[c]];
    const jobs = (cu.jobs[c] = this.decisions.jobs(step, cu.key[c]));
    return this.decisions.serviceTime(step, cu.key[c], jobs);
  }

  patience(c: number): number {
    const cu = this.customers;
    return this.decisions.patience(this.net.classes[cu.cls[c]], cu.step[c], cu.key[c]);
  }

  balkUniform(c: number, attempt: number): number {
    const cu = this.customers;
    const step = this.net.classes[cu.cls[c]].steps[cu.step[c]];
    return this.decisions.balkUniform(step, cu.key[c], attempt);
  }

  retry(c: number, station: number, attempt: number, at: number): boolean {
    const cu = this.customers;
    const step = this.net.classes[cu.cls[c]].steps[cu.step[c]];
    const rule = this.net.stations[station].retrial!;
    const delay = this.decisions.retrialDelay(step, cu.key[c], attempt, rule);
    if (delay < 0) return false;
    const t = at + delay;
    // As in the kernel, a return after the horizon never comes: the customer is still in the
    // system at the end (the station's retryingAtEnd), and no job is sent for it.
    if (t > this.options.until) return true;
    const st = this.stations[station];
    this.inflightAdd(st.index, t);
    const o = this.overflowHops[c];
    this.transport.send(st.id, { c, s: cu.step[c], t, ...(o > 0 && { o }), a: attempt + 1 });
    return true;
  }

  overflowed(c: number, to: number, at: number): void {
    const o = ++this.overflowHops[c];
    const st = this.stations[to];
    this.inflightAdd(st.index, at);
    this.transport.send(st.id, { c, s: this.customers.step[c], t: at, o });
  }

  departed(c: number, at: number): number {
    const cu = this.customers;
    const cls = this.net.classes[cu.cls[c]];
    if (this.counts(at)) this.classes[cls.index].jobs += cu.jobs[c];
    const next = this.decisions.after(cls, cu.step[c], cu.key[c]);
    if (next === ROUTE_DONE || next === ROUTE_EXIT) {
      this.leave(
        c,
        next === ROUTE_EXIT ? cls.steps[cu.step[c]].exitOutcome : OUTCOME_COMPLETED,
        at,
      );
      return -1;
    }
    cu.step[c] = next;
    this.overflowHops[c] = 0;
    const station = this.stations[stationOfStep(this.net, cu.source[c], cls.index, next)];
    this.inflightAdd(station.index, at);
    this.transport.send(station.id, { c, s: next, t: at });
    return station.index;
  }

  lost(c: number, outcome: number, at: number): void {
    this.leave(c, outcome, at);
  }

  private leave(c: number, outcome: number, at: number): void {
    this.inSystem--;
    if (this.sampleTimes.length && (outcome === OUTCOME_COMPLETED || outcome > OUTCOME_TURNED_AWAY))
      this.completionTimes.push(at);
    if (!this.counts(at)) return;
    const cu = this.customers;
    this.classes[cu.cls[c]].left(outcome, at - cu.arrival[c], cu.waited[c]);
  }

  /**
   * The kernel's time series: per bucket (t[i-1], t[i]] the arrivals and completions, the bucket
   * that holds the warm-up end counting only those after it, as the kernel's reset does.
   */
  private timeSeries(): TimeSeries | undefined {
    const t = this.sampleTimes;
    if (!t.length) return undefined;
    const warmup = this.options.warmup;
    const bucket = (times: Iterable<number>) => {
      const counts = new Array<number>(t.length).fill(0);
      for (const x of times) {
        let lo = 0;
        let hi = t.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (t[mid] < x) lo = mid + 1;
          else hi = mid;
        }
        if (lo === t.length || (x <= warmup && t[lo] > warmup)) continue;
        counts[lo]++;
      }
      return counts;
    };
    return {
      interval: this.options.interval as number,
      t: [...t],
      arrivals: bucket(this.arrivals.map((a) => a.time)),
      completions: bucket(this.completionTimes),
      stations: Object.fromEntries(this.stations.map((s) => [s.id, s.series])),
    };
  }

  /** The kernel's RunSummary of this replay, with its time series when there is an interval. */
  summary(wallSeconds: number): RunSummary {
    const classIds = this.net.classes.map((c) => c.id);
    const stations = Object.fromEntries(this.stations.map((s) => [s.id, s.summary(classIds)]));
    const timeseries = this.timeSeries();
    const { totals, classes } = summariseClasses(
      this.classes,
      this.net.outcomes,
      this.totalArrivals,
      this.inSystem,
    );
    const { until, warmup, seed } = this.options;
    return {
      model: this.model.name,
      seed,
      until,
      warmup,
      observed: until - warmup,
      events: this.stations.reduce((s, st) => s + st.events, 0),
      wallSeconds,
      totals,
      stations,
      classes,
      ...(timeseries ? { timeseries } : {}),
    };
  }
}
