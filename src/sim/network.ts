import { createArrivals, type ArrivalProcess } from './arrivals';
import { Calendar, capacityTimeline } from './calendar';
import {
  createSampler,
  WeightedChoice,
  type DistributionSpec,
  type Sampler,
} from './distributions';
import { Kernel } from './kernel';
import { KeyedRng, RngStreams, type Rng } from './rng';
import {
  customerKey,
  isBoundStation,
  patienceSalt,
  SALT_CLASS,
  SALT_EXIT,
  SALT_JOBS,
  SALT_VISIT,
  sourceKeyBase,
  stepSalt,
} from './routing';
import { ModelError, type NetworkModel } from './model';
import { QuantileSketch, Tally, TimeWeighted } from './stats';
import {
  summariseStation,
  type ClassSummary,
  type RunSummary,
  type StationSummary,
  type TimeSeries,
} from './summary';

// The model types and the run summaries live in model.ts and summary.ts; re-exported here for
// code that takes the engine and its types together.
export * from './model';
export * from './summary';

export interface RunOptions {
  seed: number;
  /** End of the run in model time units. */
  until: number;
  /** Statistics before this time are discarded. */
  warmup?: number;
  /** Width of the time-series buckets; 0 disables the time series. */
  interval?: number;
  /** Called now and then with the share of the run done. */
  onProgress?: (fraction: number) => void;
}

const WAITING = 1;
const IN_SERVICE = 2;

/** A FIFO ring of (entity, token) pairs; stale entries are skipped lazily. */
class Ring {
  ids = new Int32Array(64);
  tokens = new Int32Array(64);
  head = 0;
  tail = 0;
  mask = 63;
  get size(): number {
    return this.tail - this.head;
  }
  push(id: number, token: number): void {
    if (this.tail - this.head > this.mask) this.grow();
    const i = this.tail++ & this.mask;
    this.ids[i] = id;
    this.tokens[i] = token;
  }
  private grow(): void {
    const n = (this.mask + 1) * 2;
    const ids = new Int32Array(n);
    const tokens = new Int32Array(n);
    for (let k = this.head, j = 0; k < this.tail; k++, j++) {
      ids[j] = this.ids[k & this.mask];
      tokens[j] = this.tokens[k & this.mask];
    }
    this.tail -= this.head;
    this.head = 0;
    this.ids = ids;
    this.tokens = tokens;
    this.mask = n - 1;
  }
}

interface Station {
  id: string;
  index: number;
  capacity: number;
  busy: number;
  waiting: number;
  rings: Ring[];
  levelOfClass: Int32Array;
  queueLimit: number;
  turnAway: boolean;
  timeline: { times: number[]; values: number[] } | null;
  timelineIndex: number;
  // statistics
  arrivals: number;
  served: number;
  jobs: number;
  balked: number;
  reneged: number;
  turnedAway: number;
  wait: Tally;
  waitSketch: QuantileSketch;
  sojourn: Tally;
  queueTw: TimeWeighted;
  busyTw: TimeWeighted;
  capacityTw: TimeWeighted;
  busyByClass: Float64Array;
  servedByClass: Float64Array;
  // time-series marks
  busyAreaMark: number;
  queueAreaMark: number;
  capacityAreaMark: number;
}

interface Step {
  /** The station, or null when bound per source (see stationBySource). */
  station: Station | null;
  stationBySource: Station[] | null;
  bindName: string;
  sampler: Sampler;
  jobs: Sampler | null;
  probability: number;
  exitProbability: number;
  exitOutcome: number;
  salt: number;
}

interface CustomerClass {
  id: string;
  index: number;
  priority: number;
  patience: Sampler | null;
  steps: Step[];
  patienceSalt: number;
  // statistics
  arrivals: number;
  jobs: number;
  outcomes: Float64Array;
  systemTime: Tally;
  systemSketch: QuantileSketch;
  waitTime: Tally;
}

interface Source {
  id: string;
  process: ArrivalProcess;
  rng: Rng;
  classChoice: WeightedChoice | null;
  classes: CustomerClass[];
  limit: number;
  count: number;
  hash: number;
}

const OUTCOME_COMPLETED = 0;
const OUTCOME_BALKED = 1;
const OUTCOME_RENEGED = 2;
const OUTCOME_TURNED_AWAY = 3;
const LOST_OUTCOMES = 4;

/** Runs a network model in virtual time. One instance runs once. */
export class NetworkSimulation {
  readonly kernel = new Kernel();
  readonly calendar: Calendar;
  private readonly stations: Station[] = [];
  private readonly classes: CustomerClass[] = [];
  private readonly sources: Source[] = [];
  private readonly outcomes: string[] = ['completed', 'balked', 'reneged', 'turned-away'];
  private readonly keyed = new KeyedRng();
  private readonly warmup: number;
  private readonly until: number;

  // entity store (structure of arrays, grown on demand)
  private cap = 1024;
  private eClass = new Int32Array(this.cap);
  private eSource = new Int32Array(this.cap);
  private eJobs = new Int32Array(this.cap);
  private eStep = new Int32Array(this.cap);
  private eKey = new Int32Array(this.cap);
  private eState = new Int8Array(this.cap);
  private eToken = new Int32Array(this.cap);
  private eSysArrival = new Float64Array(this.cap);
  private eStationArrival = new Float64Array(this.cap);
  private eWaited = new Float64Array(this.cap);
  private eServiceStart = new Float64Array(this.cap);
  private free = new Int32Array(this.cap);
  private freeTop = 0;
  private nextEntity = 0;
  private tokenCounter = 0;
  private inSystem = 0;

  private readonly evArrival: number;
  private readonly evDeparture: number;
  private readonly evRenege: number;
  private readonly evCapacity: number;
  private readonly evSample: number;
  private readonly evWarmup: number;

  private totalArrivals = 0;
  private totalCompletions = 0;
  private series: TimeSeries | undefined;
  private seriesArrivalMark = 0;
  private seriesCompletionMark = 0;

  constructor(
    readonly model: NetworkModel,
    private readonly options: RunOptions,
  ) {
    this.until = options.until;
    this.warmup = options.warmup ?? 0;
    if (!(this.until > 0)) throw new ModelError('until', 'must be greater than 0');
    if (!(this.warmup >= 0 && this.warmup < this.until))
      throw new ModelError('warmup', 'must be at least 0 and less than until');
    const k = this.kernel;
    this.evArrival = k.register((s) => this.onArrival(s));
    this.evDeparture = k.register((e) => this.onDeparture(e));
    this.evRenege = k.register((e, token) => this.onRenege(e, token));
    this.evCapacity = k.register((s) => this.onCapacityChange(s));
    this.evSample = k.register(() => this.onSample());
    this.evWarmup = k.register(() => this.resetStatistics());
    this.calendar = new Calendar(model.calendar, this.until);
    this.build(new RngStreams(options.seed));
  }

  private build(streams: RngStreams): void {
    const m = this.model;
    if (!m.stations.length) throw new ModelError('stations', 'must list at least one station');
    if (!m.classes.length) throw new ModelError('classes', 'must list at least one class');
    if (!m.sources.length) throw new ModelError('sources', 'must list at least one source');
    const stationIndex = new Map<string, Station>();
    const priorities = [...new Set(m.classes.map((c) => c.priority ?? 0))].sort((a, b) => a - b);
    m.stations.forEach((spec, index) => {
      const path = `stations[${index}]`;
      if (stationIndex.has(spec.id))
        throw new ModelError(`${path}.id`, `duplicate station id '${spec.id}'`);
      const priority = spec.discipline === 'priority';
      const levels = priority ? priorities.length : 1;
      let timeline: Station['timeline'] = null;
      let capacity: number;
      if (spec.schedule) {
        timeline = capacityTimeline(
          spec.schedule,
          this.calendar,
          spec.id,
          spec.honoursHolidays ?? true,
          this.until,
        );
        capacity = timeline.values[0] ?? 0;
      } else {
        capacity = spec.servers ?? 1;
        if (!(Number.isInteger(capacity) && capacity >= 0))
          throw new ModelError(`${path}.servers`, 'must be a whole number, 0 or more');
        // Closures still apply to stations with a fixed number of servers.
        timeline = capacityTimeline(
          [
            {
              days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
              from: '00:00',
              to: '24:00',
              servers: capacity,
            },
          ],
          this.calendar,
          spec.id,
          false,
          this.until,
        );
        if (timeline.values.length <= 1) timeline = null;
      }
      const station: Station = {
        id: spec.id,
        index,
        capacity,
        busy: 0,
        waiting: 0,
        rings: Array.from({ length: levels }, () => new Ring()),
        levelOfClass: new Int32Array(m.classes.length),
        queueLimit: spec.queueLimit ?? Infinity,
        turnAway: spec.closePolicy === 'turn-away',
        timeline,
        timelineIndex: 0,
        arrivals: 0,
        served: 0,
        jobs: 0,
        balked: 0,
        reneged: 0,
        turnedAway: 0,
        wait: new Tally(),
        waitSketch: new QuantileSketch(),
        sojourn: new Tally(),
        queueTw: new TimeWeighted(),
        busyTw: new TimeWeighted(),
        capacityTw: new TimeWeighted(),
        busyByClass: new Float64Array(m.classes.length),
        servedByClass: new Float64Array(m.classes.length),
        busyAreaMark: 0,
        queueAreaMark: 0,
        capacityAreaMark: 0,
      };
      station.capacityTw.set(0, capacity);
      m.classes.forEach((c, ci) => {
        station.levelOfClass[ci] = priority ? priorities.indexOf(c.priority ?? 0) : 0;
      });
      stationIndex.set(spec.id, station);
      this.stations.push(station);
    });
    const classIndex = new Map<string, CustomerClass>();
    m.classes.forEach((spec, index) => {
      const path = `classes[${index}]`;
      if (classIndex.has(spec.id))
        throw new ModelError(`${path}.id`, `duplicate class id '${spec.id}'`);
      if (!spec.route?.length) throw new ModelError(`${path}.route`, 'must list at least one step');
      const steps = spec.route.map((step, si): Step => {
        const stepPath = `${path}.route[${si}]`;
        const bound = isBoundStation(step.station);
        const station = bound ? null : stationIndex.get(step.station);
        if (!bound && !station)
          throw new ModelError(`${stepPath}.station`, `unknown station '${step.station}'`);
        const probability = step.probability ?? 1;
        if (!(probability >= 0 && probability <= 1))
          throw new ModelError(`${stepPath}.probability`, 'must be between 0 and 1');
        const exitProbability = step.exit?.probability ?? 0;
        if (!(exitProbability >= 0 && exitProbability <= 1))
          throw new ModelError(`${stepPath}.exit.probability`, 'must be between 0 and 1');
        let exitOutcome = OUTCOME_COMPLETED;
        if (step.exit) {
          exitOutcome = this.outcomes.indexOf(step.exit.outcome);
          if (exitOutcome < 0) exitOutcome = this.outcomes.push(step.exit.outcome) - 1;
        }
        return {
          station: station ?? null,
          stationBySource: null,
          bindName: bound ? step.station.slice(1) : '',
          sampler: samplerAt(step.service, `${stepPath}.service`),
          jobs: step.jobs ? samplerAt(step.jobs, `${stepPath}.jobs`) : null,
          probability,
          exitProbability,
          exitOutcome,
          salt: stepSalt(spec.id, step.id),
        };
      });
      const cls: CustomerClass = {
        id: spec.id,
        index,
        priority: spec.priority ?? 0,
        patience: spec.patience ? samplerAt(spec.patience, `${path}.patience`) : null,
        steps,
        patienceSalt: patienceSalt(spec.id),
        arrivals: 0,
        jobs: 0,
        outcomes: new Float64Array(0),
        systemTime: new Tally(),
        systemSketch: new QuantileSketch(),
        waitTime: new Tally(),
      };
      classIndex.set(spec.id, cls);
      this.classes.push(cls);
    });
    for (const c of this.classes) c.outcomes = new Float64Array(this.outcomes.length);
    m.sources.forEach((spec, index) => {
      const path = `sources[${index}]`;
      const mix = typeof spec.class === 'string' ? { [spec.class]: 1 } : spec.class;
      const ids = Object.keys(mix ?? {});
      if (!ids.length)
        throw new ModelError(`${path}.class`, 'must name a class or give class weights');
      const classes = ids.map((id) => {
        const c = classIndex.get(id);
        if (!c) throw new ModelError(`${path}.class`, `unknown class '${id}'`);
        return c;
      });
      const stationOf = (step: Step, stepPath: string): Station => {
        if (step.station) return step.station;
        const id = spec.bind?.[step.bindName];
        const st = id === undefined ? undefined : stationIndex.get(id);
        if (!st)
          throw new ModelError(
            `${path}.bind.${step.bindName}`,
            `must name a station for the class steps at @${step.bindName} (${stepPath})`,
          );
        return st;
      };
      const fed = new Set<string>();
      for (const c of classes)
        c.steps.forEach((s, si) => fed.add(stationOf(s, `classes.${c.id}.route[${si}]`).id));
      const fedList = [...fed];
      // A source whose arrivals follow opening days sees a day closed when its first station is.
      const firstStations = classes.map(
        (c) => stationOf(c.steps[0], `classes.${c.id}.route[0]`).id,
      );
      for (const c of classes) {
        c.steps.forEach((s, si) => {
          if (s.station) return;
          s.stationBySource = s.stationBySource ?? [];
          s.stationBySource[index] = stationOf(s, `classes.${c.id}.route[${si}]`);
        });
      }
      const closedDay = (d: number) =>
        this.calendar.holiday[d] === 1 ||
        this.calendar.isClosedForAny(d, firstStations.length ? firstStations : fedList);
      this.sources.push({
        id: spec.id,
        process: createArrivals(spec.arrivals, this.calendar, this.until, closedDay),
        rng: streams.stream(`source:${spec.id}`),
        classChoice: classes.length > 1 ? new WeightedChoice(ids.map((id) => mix[id])) : null,
        classes,
        limit: spec.limit ?? Infinity,
        count: 0,
        // The seed is part of every customer key: replications must not share service times.
        hash: sourceKeyBase(spec.id, this.options.seed),
      });
    });
  }

  run(): RunSummary {
    // performance.now(): a timer that exists in Node and in browsers alike.
    const started = performance.now();
    const k = this.kernel;
    this.sources.forEach((src, i) => this.scheduleNextArrival(src, i, 0));
    for (const st of this.stations) this.scheduleCapacityChange(st);
    // After the time-series sample of the same instant (priority 2): the interval that ends at
    // the warm-up end is recorded before the statistics are reset, not as a row of zeros.
    if (this.warmup > 0) k.at(this.warmup, this.evWarmup, 0, 0, 3);
    const interval = this.options.interval ?? 0;
    if (interval > 0) {
      this.series = {
        interval,
        t: [],
        arrivals: [],
        completions: [],
        stations: Object.fromEntries(
          this.stations.map((s) => [s.id, { queue: [], busy: [], capacity: [] }]),
        ),
      };
      if (interval <= this.until) k.at(Math.min(interval, this.until), this.evSample, 0, 0, 2);
    }
    const progress = this.options.onProgress;
    if (progress) {
      const slices = 50;
      for (let i = 1; i <= slices; i++) {
        k.run((this.until * i) / slices);
        progress(i / slices);
      }
    } else {
      k.run(this.until);
    }
    const wallSeconds = (performance.now() - started) / 1e3;
    return this.summarise(wallSeconds);
  }

  // ---- arrivals -----------------------------------------------------------

  private scheduleNextArrival(src: Source, index: number, now: number): void {
    if (src.count >= src.limit) return;
    const t = src.process.next(now, src.rng);
    if (t <= this.until) this.kernel.post(t, this.evArrival, index);
  }

  private onArrival(sourceIndex: number): void {
    const src = this.sources[sourceIndex];
    const now = this.kernel.now;
    src.count++;
    this.scheduleNextArrival(src, sourceIndex, now);
    const key = customerKey(src.hash, src.count);
    // The class is drawn from the customer's key, not the arrival stream, so arms with
    // different class mixes still see the same arrival times.
    const cls = src.classChoice
      ? src.classes[src.classChoice.pick(this.keyed.reseed(key, SALT_CLASS))]
      : src.classes[0];
    const e = this.allocate();
    this.eClass[e] = cls.index;
    this.eSource[e] = sourceIndex;
    this.eKey[e] = key;
    this.eSysArrival[e] = now;
    this.eWaited[e] = 0;
    cls.arrivals++;
    this.totalArrivals++;
    this.inSystem++;
    this.advance(e, cls, 0, now);
  }

  /** Sends entity e to step `from` or the first later step it visits; leaves when none. */
  private advance(e: number, cls: CustomerClass, from: number, now: number): void {
    const steps = cls.steps;
    let s = from;
    while (
      s < steps.length &&
      steps[s].probability < 1 &&
      this.keyed.reseed(this.eKey[e], steps[s].salt ^ SALT_VISIT).next() >= steps[s].probability
    )
      s++;
    if (s >= steps.length) {
      this.leave(e, cls, OUTCOME_COMPLETED, now);
      return;
    }
    this.eStep[e] = s;
    this.eStationArrival[e] = now;
    const st = this.stationFor(e, steps[s]);
    st.arrivals++;
    if (st.busy < st.capacity && st.waiting === 0) {
      this.startService(e, cls, st, steps[s], now);
      return;
    }
    if (st.capacity === 0 && st.turnAway) {
      // A closed door: under turn-away nobody queues while the station is closed.
      st.turnedAway++;
      this.leave(e, cls, OUTCOME_TURNED_AWAY, now);
      return;
    }
    if (st.waiting >= st.queueLimit) {
      st.balked++;
      this.leave(e, cls, OUTCOME_BALKED, now);
      return;
    }
    const token = ++this.tokenCounter;
    this.eToken[e] = token;
    this.eState[e] = WAITING;
    st.rings[st.levelOfClass[cls.index]].push(e, token);
    st.queueTw.set(now, ++st.waiting);
    if (cls.patience) {
      const patience = cls.patience.sample(this.keyed.reseed(this.eKey[e], cls.patienceSalt ^ s));
      this.kernel.at(now + patience, this.evRenege, e, token);
    }
  }

  private startService(e: number, cls: CustomerClass, st: Station, step: Step, now: number): void {
    const waited = now - this.eStationArrival[e];
    st.wait.add(waited);
    st.waitSketch.add(waited);
    this.eWaited[e] += waited;
    this.eState[e] = IN_SERVICE;
    this.eServiceStart[e] = now;
    st.busyTw.set(now, ++st.busy);
    let duration: number;
    if (step.jobs) {
      const jobs = Math.max(
        1,
        Math.round(step.jobs.sample(this.keyed.reseed(this.eKey[e], step.salt ^ SALT_JOBS))),
      );
      this.eJobs[e] = jobs;
      const rng = this.keyed.reseed(this.eKey[e], step.salt);
      duration = 0;
      for (let j = 0; j < jobs; j++) duration += step.sampler.sample(rng);
    } else {
      this.eJobs[e] = 1;
      duration = step.sampler.sample(this.keyed.reseed(this.eKey[e], step.salt));
    }
    this.kernel.post(now + duration, this.evDeparture, e);
  }

  private onDeparture(e: number): void {
    const now = this.kernel.now;
    const cls = this.classes[this.eClass[e]];
    const s = this.eStep[e];
    const step = cls.steps[s];
    const st = this.stationFor(e, step);
    st.busyTw.set(now, --st.busy);
    st.served++;
    st.jobs += this.eJobs[e];
    cls.jobs += this.eJobs[e];
    st.sojourn.add(now - this.eStationArrival[e]);
    // Busy time is credited at completion, so a service spanning the warm-up end
    // counts whole in the later period (one add per service, negligible bias).
    st.busyByClass[cls.index] += now - this.eServiceStart[e];
    st.servedByClass[cls.index]++;
    if (
      step.exitProbability > 0 &&
      this.keyed.reseed(this.eKey[e], step.salt ^ SALT_EXIT).next() < step.exitProbability
    ) {
      this.leave(e, cls, step.exitOutcome, now);
    } else {
      this.advance(e, cls, s + 1, now);
    }
    this.fill(st, now);
  }

  private stationFor(e: number, step: Step): Station {
    return step.station ?? (step.stationBySource as Station[])[this.eSource[e]];
  }

  /** Starts waiting customers while servers are free. */
  private fill(st: Station, now: number): void {
    while (st.busy < st.capacity && st.waiting > 0) {
      const e = this.popWaiting(st);
      if (e < 0) break;
      st.queueTw.set(now, --st.waiting);
      const cls = this.classes[this.eClass[e]];
      this.startService(e, cls, st, cls.steps[this.eStep[e]], now);
    }
  }

  private popWaiting(st: Station): number {
    for (const ring of st.rings) {
      while (ring.head < ring.tail) {
        const i = ring.head++ & ring.mask;
        const e = ring.ids[i];
        if (this.eState[e] === WAITING && this.eToken[e] === ring.tokens[i]) return e;
      }
    }
    return -1;
  }

  private onRenege(e: number, token: number): void {
    if (this.eState[e] !== WAITING || this.eToken[e] !== token) return;
    const now = this.kernel.now;
    const cls = this.classes[this.eClass[e]];
    const st = this.stationFor(e, cls.steps[this.eStep[e]]);
    st.queueTw.set(now, --st.waiting);
    st.reneged++;
    const waited = now - this.eStationArrival[e];
    this.eWaited[e] += waited;
    this.eState[e] = 0;
    this.leave(e, cls, OUTCOME_RENEGED, now);
  }

  private leave(e: number, cls: CustomerClass, outcome: number, now: number): void {
    cls.outcomes[outcome]++;
    if (outcome >= LOST_OUTCOMES || outcome === OUTCOME_COMPLETED) {
      const time = now - this.eSysArrival[e];
      cls.systemTime.add(time);
      cls.systemSketch.add(time);
      cls.waitTime.add(this.eWaited[e]);
      this.totalCompletions++;
    }
    this.eState[e] = 0;
    this.inSystem--;
    this.free[this.freeTop++] = e;
  }

  // ---- capacity -----------------------------------------------------------

  private scheduleCapacityChange(st: Station): void {
    const tl = st.timeline;
    if (!tl) return;
    while (st.timelineIndex < tl.times.length && tl.times[st.timelineIndex] <= this.kernel.now) {
      this.applyCapacity(st, tl.values[st.timelineIndex], this.kernel.now);
      st.timelineIndex++;
    }
    if (st.timelineIndex < tl.times.length && tl.times[st.timelineIndex] <= this.until) {
      this.kernel.at(tl.times[st.timelineIndex], this.evCapacity, st.index);
    }
  }

  private onCapacityChange(stationIndex: number): void {
    this.scheduleCapacityChange(this.stations[stationIndex]);
  }

  private applyCapacity(st: Station, capacity: number, now: number): void {
    st.capacity = capacity;
    st.capacityTw.set(now, capacity);
    if (capacity === 0 && st.turnAway) {
      for (let e = this.popWaiting(st); e >= 0; e = this.popWaiting(st)) {
        st.queueTw.set(now, --st.waiting);
        st.turnedAway++;
        const cls = this.classes[this.eClass[e]];
        this.eWaited[e] += now - this.eStationArrival[e];
        this.leave(e, cls, OUTCOME_TURNED_AWAY, now);
      }
    }
    this.fill(st, now);
  }

  // ---- entities -----------------------------------------------------------

  private allocate(): number {
    if (this.freeTop > 0) return this.free[--this.freeTop];
    if (this.nextEntity === this.cap) this.growEntities();
    return this.nextEntity++;
  }

  private growEntities(): void {
    const n = this.cap * 2;
    const g32 = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    const g64 = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    this.eClass = g32(this.eClass);
    this.eSource = g32(this.eSource);
    this.eJobs = g32(this.eJobs);
    this.eStep = g32(this.eStep);
    this.eKey = g32(this.eKey);
    this.eToken = g32(this.eToken);
    const state = new Int8Array(n);
    state.set(this.eState);
    this.eState = state;
    this.eSysArrival = g64(this.eSysArrival);
    this.eStationArrival = g64(this.eStationArrival);
    this.eWaited = g64(this.eWaited);
    this.eServiceStart = g64(this.eServiceStart);
    this.free = g32(this.free);
    this.cap = n;
  }

  // ---- statistics ---------------------------------------------------------

  private resetStatistics(): void {
    const now = this.kernel.now;
    for (const st of this.stations) {
      st.arrivals = st.served = st.jobs = st.balked = st.reneged = st.turnedAway = 0;
      st.wait.reset();
      st.waitSketch.reset();
      st.sojourn.reset();
      st.queueTw.reset(now);
      st.busyTw.reset(now);
      st.capacityTw.reset(now);
      st.busyByClass.fill(0);
      st.servedByClass.fill(0);
    }
    for (const c of this.classes) {
      c.arrivals = 0;
      c.jobs = 0;
      c.outcomes.fill(0);
      c.systemTime.reset();
      c.systemSketch.reset();
      c.waitTime.reset();
    }
    // The time-series marks follow the reset counters and areas, so the interval that
    // contains the warm-up end counts only what came after it.
    this.seriesArrivalMark = 0;
    this.seriesCompletionMark = 0;
    for (const st of this.stations) st.busyAreaMark = st.queueAreaMark = st.capacityAreaMark = 0;
    this.totalArrivals = 0;
    this.totalCompletions = 0;
  }

  private onSample(): void {
    const now = this.kernel.now;
    const series = this.series;
    if (!series) return;
    const width = now - (series.t.length ? series.t[series.t.length - 1] : 0);
    series.t.push(now);
    series.arrivals.push(this.totalArrivals - this.seriesArrivalMark);
    series.completions.push(this.totalCompletions - this.seriesCompletionMark);
    this.seriesArrivalMark = this.totalArrivals;
    this.seriesCompletionMark = this.totalCompletions;
    const average = (area: number, mark: number, current: number) =>
      width > 0 ? (area - mark) / width : current;
    for (const st of this.stations) {
      const s = series.stations[st.id];
      const busy = st.busyTw.areaAt(now);
      const queue = st.queueTw.areaAt(now);
      const capacity = st.capacityTw.areaAt(now);
      s.queue.push(average(queue, st.queueAreaMark, st.waiting));
      s.busy.push(average(busy, st.busyAreaMark, st.busy));
      s.capacity.push(average(capacity, st.capacityAreaMark, st.capacity));
      st.busyAreaMark = busy;
      st.queueAreaMark = queue;
      st.capacityAreaMark = capacity;
    }
    // The last bucket may be shorter: it ends at the end of the run.
    if (now < this.until)
      this.kernel.at(Math.min(now + series.interval, this.until), this.evSample, 0, 0, 2);
  }

  private summarise(wallSeconds: number): RunSummary {
    const now = this.kernel.now;
    const stations: Record<string, StationSummary> = {};
    for (const st of this.stations) {
      stations[st.id] = summariseStation(
        st,
        now,
        this.classes.map((c) => c.id),
      );
    }
    const classes: Record<string, ClassSummary> = {};
    let completed = 0;
    let lost = 0;
    for (const c of this.classes) {
      const outcomes = Object.fromEntries(this.outcomes.map((o, i) => [o, c.outcomes[i]]));
      const lostHere =
        c.outcomes[OUTCOME_BALKED] + c.outcomes[OUTCOME_RENEGED] + c.outcomes[OUTCOME_TURNED_AWAY];
      const done = c.outcomes.reduce((s, x) => s + x, 0) - lostHere;
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
    return {
      model: this.model.name,
      seed: this.options.seed,
      until: this.until,
      warmup: this.warmup,
      observed: this.until - this.warmup,
      events: this.kernel.eventsProcessed,
      wallSeconds,
      totals: { arrivals: this.totalArrivals, completed, lost, inSystemAtEnd: this.inSystem },
      stations,
      classes,
      timeseries: this.series,
    };
  }
}

function samplerAt(spec: DistributionSpec, path: string): Sampler {
  try {
    return createSampler(spec);
  } catch (err) {
    const e = err as { path?: string; rule?: string; message: string };
    throw new ModelError(e.path ? `${path}.${e.path}` : path, e.rule ?? e.message);
  }
}

/** Runs one replication of a model. */
export function runNetwork(model: NetworkModel, options: RunOptions): RunSummary {
  return new NetworkSimulation(model, options).run();
}
