import { LatenessHistogram } from './live-lateness';
import { Calendar } from '../sim/calendar';
import type { NetworkModel, StationModel } from '../sim/model';
import type { ClassSummary, RunSummary } from '../sim/summary';
import { ModelPlan, type PlannedArrival } from '../sim/plan';
import { QuantileSketch, Tally } from '../sim/stats';
import { LiveStation, type LiveCustomers } from './live-station';
import { stationTimeline } from './live-timeline';

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
 *     or after that, and so does every customer it sends on.
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
}

export interface LiveTransport {
  /** Carries a job to a station's worker, which hands it to deliver(). */
  send(station: string, job: LiveJob): void;
}

export interface LiveCoordinatorOptions {
  seed: number;
  until: number;
  warmup: number;
  /** Model minutes per wall minute; Infinity: as fast as the transport goes. */
  speed: number;
  /** Late by more than this (wall ms) counts as not on time. */
  lateToleranceMs: number;
  /** Wall clock (ms); tests may pass a fake one. */
  now?: () => number;
}

const LOST = new Set(['balked', 'reneged', 'turned-away']);
const BUILT_IN_OUTCOMES = ['completed', 'balked', 'reneged', 'turned-away'];

/** A multiset of model times (jobs in flight to one station) with its minimum. */
class InFlight {
  private readonly heap: number[] = [];
  private readonly taken = new Map<number, number>();
  size = 0;
  add(t: number): void {
    const h = this.heap;
    h.push(t);
    this.size++;
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p] <= h[i]) break;
      [h[p], h[i]] = [h[i], h[p]];
      i = p;
    }
  }
  remove(t: number): void {
    this.taken.set(t, (this.taken.get(t) ?? 0) + 1);
    this.size--;
  }
  min(): number {
    const h = this.heap;
    while (h.length) {
      const n = this.taken.get(h[0]);
      if (!n) return h[0];
      if (n === 1) this.taken.delete(h[0]);
      else this.taken.set(h[0], n - 1);
      this.popTop();
    }
    return Infinity;
  }
  private popTop(): void {
    const h = this.heap;
    const last = h.pop() as number;
    if (!h.length) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && h[l] < h[m]) m = l;
      if (r < h.length && h[r] < h[m]) m = r;
      if (m === i) break;
      [h[m], h[i]] = [h[i], h[m]];
      i = m;
    }
  }
}

interface ClassState {
  id: string;
  priority: number;
  arrivals: number;
  jobs: number;
  outcomes: Map<string, number>;
  systemTime: Tally;
  systemSketch: QuantileSketch;
  waitTime: Tally;
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
  private readonly classes: ClassState[] = [];
  private readonly classIndex = new Map<string, number>();
  private readonly outcomes: string[] = [...BUILT_IN_OUTCOMES];
  private readonly levels: Int32Array[] = [];
  private readonly custClass: Int32Array;
  private readonly custStep: Int32Array;
  private readonly waited: Float64Array;
  private readonly maxDelivered: Float64Array;
  /** The last step of each customer taken by a station (-1: none yet). */
  private readonly lastStep: Int32Array;
  private readonly timers = new Map<number, { at: number; timer: NodeJS.Timeout }>();
  private readonly dirty = new Set<number>();
  private readonly clock: () => number;
  private readonly maxSpeed: boolean;
  private readonly msPerMinute: number;
  private pumpScheduled = false;
  private inFlightTotal = 0;
  private inSystem = 0;
  private totalArrivals = 0;
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
    this.clock = options.now ?? Date.now;
    this.maxSpeed = !Number.isFinite(options.speed);
    this.msPerMinute = this.maxSpeed ? 0 : 60_000 / options.speed;
    this.plan = new ModelPlan(model, seed, until);
    this.arrivals = this.plan.arrivals();
    this.done = new Promise<void>((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
    const priorities = [...new Set(model.classes.map((c) => c.priority ?? 0))].sort(
      (a, b) => a - b,
    );
    model.classes.forEach((c, i) => {
      this.classIndex.set(c.id, i);
      for (const step of c.route)
        if (step.exit && !this.outcomes.includes(step.exit.outcome))
          this.outcomes.push(step.exit.outcome);
      this.classes.push({
        id: c.id,
        priority: c.priority ?? 0,
        arrivals: 0,
        jobs: 0,
        outcomes: new Map(),
        systemTime: new Tally(),
        systemSketch: new QuantileSketch(),
        waitTime: new Tally(),
      });
    });
    const calendar = new Calendar(model.calendar, until);
    const classIds = model.classes.map((c) => c.id);
    model.stations.forEach((spec: StationModel, i) => {
      const priority = spec.discipline === 'priority';
      this.levels.push(
        Int32Array.from(this.classes, (c) => (priority ? priorities.indexOf(c.priority) : 0)),
      );
      const st = new LiveStation(
        spec.id,
        i,
        spec,
        stationTimeline(spec, calendar, until),
        priority ? priorities.length : 1,
        classIds.length,
        (c) => this.custClass[c],
        this,
        until,
        warmup,
      );
      this.stations.push(st);
      this.byId.set(spec.id, st);
      this.inflight.push(new InFlight());
    });
    this.linkStations();
    const n = this.arrivals.length;
    this.custClass = new Int32Array(n);
    this.custStep = new Int32Array(n);
    this.lastStep = new Int32Array(n).fill(-1);
    this.waited = new Float64Array(n);
    this.maxDelivered = new Float64Array(this.stations.length).fill(-Infinity);
    this.firstJobs = this.arrivals.map((a, c) => {
      const cls = this.classIndex.get(a.classId) as number;
      this.custClass[c] = cls;
      this.inSystem++;
      if (this.counts(a.time)) {
        this.totalArrivals++;
        this.classes[cls].arrivals++;
      }
      const first = this.plan.nextStep(a.classId, 0, a.key);
      if (first < 0) {
        this.leave(c, 'completed', a.time);
        return null;
      }
      this.custStep[c] = first;
      const station = this.plan.stationOf(a.classId, first, a.source);
      this.inflightAdd(station, a.time);
      return { station, job: { c, s: first, t: a.time } };
    });
  }

  /** Edges of the routes (a step to every later step, since steps may be skipped), closed transitively. */
  private linkStations(): void {
    const n = this.stations.length;
    const next: Set<number>[] = Array.from({ length: n }, () => new Set());
    for (const src of this.model.sources) {
      const mix = typeof src.class === 'string' ? [src.class] : Object.keys(src.class);
      for (const cls of mix) {
        const route = this.model.classes[this.classIndex.get(cls) as number].route;
        const at = route.map((_, i) => this.station(this.plan.stationOf(cls, i, src.id)).index);
        for (let i = 0; i < at.length; i++)
          for (let j = i + 1; j < at.length; j++) next[at[i]].add(at[j]);
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

  private inflightAdd(station: string, t: number): void {
    this.inflight[this.station(station).index].add(t);
    this.inFlightTotal++;
  }

  /** A station's worker took a job. */
  deliver(station: string, job: LiveJob): void {
    if (this.settled) return;
    const st = this.station(station);
    const { c, s, t } = job;
    // Transports deliver at least once (a batch re-sent after a serve or Redis restart, a job
    // run again after its lock expired): a customer's steps come in route order, so a step at
    // or before the last one taken is a copy, taken once.
    if (s <= this.lastStep[c]) {
      this.duplicates++;
      return;
    }
    this.lastStep[c] = s;
    if (this.custStep[c] !== s) {
      this.fail(
        new Error(
          `live replay: job for customer ${c} at step ${s}, expected step ${this.custStep[c]}`,
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
    st.deliver(c, t);
    this.dirty.add(st.index);
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

  /** Whether no arrival at or before τ can still reach station i. */
  private safe(i: number, tau: number): boolean {
    if (this.inflight[i].min() <= tau) return false;
    for (const v of this.upstream[i]) {
      if (this.stations[v].nextTime() < tau || this.inflight[v].min() < tau) return false;
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

  // ---- LiveCustomers: the kernel's per-customer decisions, through ModelPlan

  level(c: number, station: LiveStation): number {
    return this.levels[station.index][this.custClass[c]];
  }

  service(c: number): { jobs: number; duration: number } {
    const a = this.arrivals[c];
    return this.plan.service(a.classId, this.custStep[c], a.key);
  }

  patience(c: number): number {
    const a = this.arrivals[c];
    return this.plan.patienceAt(a.classId, this.custStep[c], a.key);
  }

  addWait(c: number, minutes: number): void {
    this.waited[c] += minutes;
  }

  started(_c: number, _station: LiveStation, at: number): void {
    if (!this.maxSpeed) {
      const late = this.clock() - this.wallOf(at);
      this.startLateness.add(late);
      if (late > this.options.lateToleranceMs) this.lateStarts++;
    }
  }

  departed(c: number, _station: LiveStation, at: number, jobs: number): string | null {
    const a = this.arrivals[c];
    const s = this.custStep[c];
    if (this.counts(at)) this.classes[this.custClass[c]].jobs += jobs;
    const exit = this.plan.exitAfter(a.classId, s, a.key);
    const next = exit ? -1 : this.plan.nextStep(a.classId, s + 1, a.key);
    if (next < 0) {
      this.leave(c, exit ?? 'completed', at);
      return null;
    }
    this.custStep[c] = next;
    const station = this.plan.stationOf(a.classId, next, a.source);
    this.inflightAdd(station, at);
    this.transport.send(station, { c, s: next, t: at });
    return station;
  }

  lost(c: number, outcome: 'balked' | 'reneged' | 'turned-away', at: number): void {
    this.leave(c, outcome, at);
  }

  private leave(c: number, outcome: string, at: number): void {
    this.inSystem--;
    if (!this.counts(at)) return;
    const cls = this.classes[this.custClass[c]];
    cls.outcomes.set(outcome, (cls.outcomes.get(outcome) ?? 0) + 1);
    if (!LOST.has(outcome)) {
      const time = at - this.arrivals[c].time;
      cls.systemTime.add(time);
      cls.systemSketch.add(time);
      cls.waitTime.add(this.waited[c]);
    }
  }

  /** The kernel's RunSummary of this replay (no time series). */
  summary(wallSeconds: number): RunSummary {
    const classIds = this.classes.map((c) => c.id);
    const stations = Object.fromEntries(this.stations.map((s) => [s.id, s.summary(classIds)]));
    const classes: Record<string, ClassSummary> = {};
    let completed = 0;
    let lost = 0;
    for (const c of this.classes) {
      const outcomes = Object.fromEntries(this.outcomes.map((o) => [o, c.outcomes.get(o) ?? 0]));
      const lostHere = outcomes.balked + outcomes.reneged + outcomes['turned-away'];
      const done = Object.values(outcomes).reduce((s, x) => s + x, 0) - lostHere;
      completed += done;
      lost += lostHere;
      classes[c.id] = {
        arrivals: c.arrivals,
        completed: done,
        jobs: c.jobs,
        outcomes,
        lost: lostHere,
        systemTime: { ...c.systemTime.toJSON(), ...c.systemSketch.percentiles() },
        waitTime: c.waitTime.toJSON(),
      };
    }
    const { until, warmup, seed } = this.options;
    return {
      model: this.model.name,
      seed,
      until,
      warmup,
      observed: until - warmup,
      events: this.stations.reduce((s, st) => s + st.events, 0),
      wallSeconds,
      totals: { arrivals: this.totalArrivals, completed, lost, inSystemAtEnd: this.inSystem },
      stations,
      classes,
    };
  }
}
