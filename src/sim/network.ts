import type { ArrivalProcess } from './arrivals';
import {
  compileNetwork,
  OUTCOME_COMPLETED,
  OUTCOME_TURNED_AWAY,
  sourceArrivals,
  type CompiledClass,
  type CompiledNetwork,
} from './compile';
import { Customers } from './customers';
import { Decisions, ROUTE_DONE, ROUTE_EXIT } from './decisions';
import { Kernel, type EventDispatcher } from './kernel';
import { ModelError, type NetworkModel } from './model';
import { RngStreams, type Rng } from './rng';
import { customerKey, sourceKeyBase } from './routing';
import { Station, StationSeries, type StationHost } from './station';
import { ClassStats, summariseClasses, type RunSummary, type TimeSeries } from './summary';
import type { SketchCounts } from './stats';

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
  /** Customers in the system at once beyond which the run stops with a user error (default MAX_IN_SYSTEM). */
  maxInSystem?: number;
  /** Hand back the percentiles' sketches (RunSummary.sketches); the figures are the same. */
  sketches?: boolean;
}

/**
 * Customers in the system at once beyond which a run stops (2^24): their rows, queue entries
 * and events take about 1.3 GB there (peak RSS). Only demand far beyond capacity comes near it, and such a
 * run would otherwise grow until the process runs out of memory and dies without a word.
 */
export const MAX_IN_SYSTEM = 16_777_216;

// Event kinds, dispatched by one switch.
const ARRIVAL = 0;
const DEPARTURE = 1;
const RENEGE = 2;
const CAPACITY = 3;
const SAMPLE = 4;
const WARMUP = 5;
const ROUTED = 6;
const RETRY = 7;

/**
 * The order of events at one instant, whatever order they were scheduled in: capacity changes
 * (a shift that ends at 17:00 starts no service at 17:00; one that starts at 09:00 serves a 09:00
 * arrival), ends of service, reneging (a customer whose patience runs out as a server frees is
 * served), arrivals (a server freed at the instant takes the queue's head before a newcomer joins,
 * and a full queue has room again), then the time-series sample and the warm-up end, so that the
 * bucket ending at the warm-up end is recorded before the statistics are reset. Arrivals are
 * taken in the order the customers first came: those routed on from another step (AT_ROUTED, by
 * their number of arrival), then new ones (AT_ARRIVAL, in the order they were scheduled, which
 * is the order they come in). The live replay's stations keep the same order
 * (src/queue/live-station.ts: arrivals by customer number). It matters only where times can tie:
 * constant, discrete or empirical times, or a trace's minutes on a shift boundary. The order of
 * scheduling had decided before 5 December 2026, and a routed customer arrived within the
 * departure that sent it until 6 December 2026, so such ties went either way.
 */
const AT_CAPACITY = 0;
const AT_DEPARTURE = 1;
const AT_RENEGE = 2;
const AT_ROUTED = 3;
const AT_ARRIVAL = 4;
const AT_SAMPLE = 5;
const AT_WARMUP = 6;

interface Source {
  process: ArrivalProcess;
  rng: Rng;
  limit: number;
  count: number;
  /** Base of its customers' keys. The seed is part of it: replications must not share service times. */
  keyBase: number;
}

/** Runs a network model in virtual time: the kernel as the host of every station. One instance runs once. */
export class NetworkSimulation implements StationHost, EventDispatcher {
  readonly kernel = new Kernel(this);
  /** The kernel's clock (element 0 is now): read where the time is needed, never passed on. */
  private readonly clock = this.kernel.clock;
  readonly net: CompiledNetwork;
  private readonly customers = new Customers();
  private readonly decisions: Decisions;
  private readonly stations: Station[];
  private readonly classes: CompiledClass[];
  private readonly classStats: ClassStats[];
  private readonly sources: Source[];
  private readonly timelineIndex: Int32Array;
  private readonly routeTable: Int32Array;
  private readonly routeStart: Int32Array;
  private readonly warmup: number;
  private readonly until: number;
  private readonly maxInSystem: number;
  private inSystem = 0;
  private totalArrivals = 0;
  private totalCompletions = 0;
  /** Arrivals so far, never reset: the next customer's ordinal. */
  private arrivalNumber = 0;
  private series: TimeSeries | undefined;
  /** Each station's time series, by station index (series.stations holds their rows by id). */
  private stationSeries: StationSeries[] = [];
  private seriesArrivalMark = 0;
  private seriesCompletionMark = 0;
  /**
   * Where the current time-series interval's statistics start: its first instant, or the
   * warm-up end when that falls inside it (the areas were reset there).
   */
  private seriesSince = 0;

  constructor(
    readonly model: NetworkModel,
    private readonly options: RunOptions,
  ) {
    this.until = options.until;
    this.warmup = options.warmup ?? 0;
    this.maxInSystem = options.maxInSystem ?? MAX_IN_SYSTEM;
    if (!(this.until > 0)) throw new ModelError('until', 'must be greater than 0');
    if (!(this.warmup >= 0 && this.warmup < this.until))
      throw new ModelError('warmup', 'must be at least 0 and less than until');
    const net = (this.net = compileNetwork(model, this.until));
    this.decisions = new Decisions(net);
    this.stations = net.stations.map((spec) => new Station(spec, this.customers, this, this.clock));
    this.classes = net.classes;
    this.routeTable = net.routeTable;
    this.routeStart = net.routeStart;
    this.classStats = net.classes.map((c) => new ClassStats(c.id, net.outcomes.length));
    const streams = new RngStreams(options.seed);
    this.sources = net.sources.map((src) => ({
      process: sourceArrivals(net, src),
      rng: streams.stream(`source:${src.id}`),
      limit: src.spec.limit ?? Infinity,
      count: 0,
      keyBase: sourceKeyBase(src.id, options.seed),
    }));
    this.timelineIndex = new Int32Array(this.stations.length);
  }

  run(): RunSummary {
    // performance.now(): a timer that exists in Node and in browsers alike.
    const started = performance.now();
    const k = this.kernel;
    this.sources.forEach((src, i) => this.scheduleNextArrival(src, i));
    for (const st of this.stations) this.scheduleCapacityChange(st);
    // After the time-series sample of the same instant (AT_SAMPLE): the interval that ends at
    // the warm-up end is recorded before the statistics are reset, not as a row of zeros.
    if (this.warmup > 0) k.at(this.warmup, WARMUP, 0, 0, AT_WARMUP);
    const interval = this.options.interval ?? 0;
    if (interval > 0) {
      this.stationSeries = this.stations.map((st) => new StationSeries(st));
      this.series = {
        interval,
        t: [],
        arrivals: [],
        completions: [],
        stations: Object.fromEntries(
          this.stationSeries.map((s, i) => [this.stations[i].id, s.rows]),
        ),
      };
      // An interval longer than the run is one short bucket ending at the horizon, as the last
      // bucket of any run is: the series had been left empty (no row, no chart).
      k.at(Math.min(interval, this.until), SAMPLE, 0, 0, AT_SAMPLE);
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

  dispatch(kind: number, a: number, b: number): void {
    switch (kind) {
      case ARRIVAL:
        return this.onArrival(a);
      case DEPARTURE:
        return this.stations[b].depart(a);
      case RENEGE:
        return this.stations[this.customers.station[a]].renege(a, b);
      case CAPACITY:
        return this.scheduleCapacityChange(this.stations[a]);
      case ROUTED:
        return this.stations[this.customers.station[a]].arrive(a);
      case RETRY:
        return this.stations[this.customers.station[a]].comeBack(a);
      case SAMPLE:
        return this.onSample();
      default:
        return this.resetStatistics();
    }
  }

  // ---- arrivals and routing -------------------------------------------------

  private scheduleNextArrival(src: Source, index: number): void {
    if (src.count >= src.limit) return;
    const t = src.process.next(this.clock[0], src.rng);
    if (t <= this.until) this.kernel.post(t, ARRIVAL, index, 0, AT_ARRIVAL);
  }

  private onArrival(sourceIndex: number): void {
    const src = this.sources[sourceIndex];
    const now = this.clock[0];
    src.count++;
    this.scheduleNextArrival(src, sourceIndex);
    const key = customerKey(src.keyBase, src.count);
    const cls = this.decisions.classOfSource(sourceIndex, key);
    // Before the row is taken: the arrival that trips the limit must not double the table first
    // (from 2^24 rows to 2^25, 2.3 GB more, for a run that is stopping).
    if (this.inSystem >= this.maxInSystem) this.overflow();
    const cu = this.customers;
    const c = cu.allocate();
    cu.cls[c] = cls;
    cu.source[c] = sourceIndex;
    cu.route[c] = this.routeStart[sourceIndex * this.classes.length + cls];
    cu.key[c] = key;
    cu.arrival[c] = now;
    cu.waited[c] = 0;
    cu.ordinal[c] = this.arrivalNumber++;
    this.classStats[cls].arrivals++;
    this.totalArrivals++;
    this.inSystem++;
    this.moveTo(c, this.decisions.visit(this.classes[cls], 0, key));
  }

  /** Too many customers at once: the run stops, naming the station with the longest queue. */
  private overflow(): never {
    const st = this.stations.reduce((a, b) => (b.waiting > a.waiting ? b : a));
    throw new ModelError(
      `stations.${st.id}`,
      `${count(st.waiting)} customers are waiting here and more than ${count(this.maxInSystem)} are in the system at once, at minute ${count(Math.round(this.clock[0]))}: demand far exceeds capacity (shorten the horizon, add servers or lower the arrivals)`,
    );
  }

  /** Sends customer c to step `step` (a step index, or ROUTE_DONE / ROUTE_EXIT: it leaves). */
  private moveTo(c: number, step: number): void {
    const cu = this.customers;
    if (step === ROUTE_DONE) {
      this.leave(c, OUTCOME_COMPLETED);
      return;
    }
    if (step === ROUTE_EXIT) {
      this.leave(c, this.classes[cu.cls[c]].steps[cu.step[c]].exitOutcome);
      return;
    }
    cu.step[c] = step;
    const station = this.routeTable[cu.route[c] + step];
    cu.station[c] = station;
    this.stations[station].arrive(c);
  }

  private leave(c: number, outcome: number): void {
    const cu = this.customers;
    this.classStats[cu.cls[c]].left(outcome, this.clock[0] - cu.arrival[c], cu.waited[c]);
    if (outcome === OUTCOME_COMPLETED || outcome > OUTCOME_TURNED_AWAY) this.totalCompletions++;
    this.inSystem--;
    cu.release(c);
  }

  // ---- StationHost: the kernel's clock for the stations ------------------------

  startService(station: Station, c: number): void {
    const cu = this.customers;
    const step = this.classes[cu.cls[c]].steps[cu.step[c]];
    const key = cu.key[c];
    const jobs = (cu.jobs[c] = this.decisions.jobs(step, key));
    this.kernel.post(
      this.clock[0] + this.decisions.serviceTime(step, key, jobs),
      DEPARTURE,
      c,
      station.index,
      AT_DEPARTURE,
    );
  }

  queued(_station: Station, c: number, token: number): void {
    const cu = this.customers;
    const cls = this.classes[cu.cls[c]];
    if (cls.steps[cu.step[c]].patience)
      this.kernel.at(
        this.clock[0] + this.decisions.patience(cls, cu.step[c], cu.key[c]),
        RENEGE,
        c,
        token,
        AT_RENEGE,
      );
  }

  departed(station: Station, c: number): boolean {
    const cu = this.customers;
    const cls = this.classes[cu.cls[c]];
    this.classStats[cls.index].jobs += cu.jobs[c];
    const step = this.decisions.after(cls, cu.step[c], cu.key[c]);
    // Alone at this instant, a customer routed on arrives at once, which is the same as after
    // the instant's other events (a customer that comes back here queues before the freed
    // server is filled). Not when this station has a queue: the freed server starts the next
    // customer, and a service of no time would send that one on at this instant too.
    if (step >= 0 && (station.waiting > 0 || this.kernel.hasOtherNow()))
      return this.routeAfterInstant(station, c, step);
    this.moveTo(c, step);
    return false;
  }

  /**
   * With other events at this instant, a customer routed on to `step` arrives after those its
   * order puts first (AT_ROUTED): the next station's own ends of service and reneging. Coming
   * back to this station, it takes its turn when it arrives: the freed server waits for it.
   * Kept out of departed(), which V8 then inlines where a station calls it.
   */
  private routeAfterInstant(station: Station, c: number, step: number): boolean {
    const cu = this.customers;
    cu.step[c] = step;
    const next = this.routeTable[cu.route[c] + step];
    cu.station[c] = next;
    this.kernel.postOrdered(this.clock[0], ROUTED, c, 0, AT_ROUTED, cu.ordinal[c]);
    return next === station.index;
  }

  lost(_station: Station, c: number, outcome: number): void {
    this.leave(c, outcome);
  }

  balkUniform(_station: Station, c: number, attempt: number): number {
    const cu = this.customers;
    const step = this.classes[cu.cls[c]].steps[cu.step[c]];
    return this.decisions.balkUniform(step, cu.key[c], attempt);
  }

  /**
   * A customer turned away comes back, if it does, as a routed arrival (AT_ROUTED, by its
   * number of arrival): at one instant, after the station's ends of service and reneging.
   */
  retry(station: Station, c: number, attempt: number): boolean {
    const cu = this.customers;
    const step = this.classes[cu.cls[c]].steps[cu.step[c]];
    const rule = this.net.stations[station.index].retrial!;
    const delay = this.decisions.retrialDelay(step, cu.key[c], attempt, rule);
    if (delay < 0) return false;
    this.kernel.postOrdered(this.clock[0] + delay, RETRY, c, 0, AT_ROUTED, cu.ordinal[c]);
    return true;
  }

  /**
   * A customer turned away at a full station goes on to its overflow station as a routed
   * arrival (AT_ROUTED, by its number of arrival): at this instant, after that station's ends of
   * service and reneging, for the same step.
   */
  overflowed(_station: Station, c: number, to: number): void {
    const cu = this.customers;
    cu.station[c] = to;
    this.kernel.postOrdered(this.clock[0], ROUTED, c, 0, AT_ROUTED, cu.ordinal[c]);
  }

  // ---- capacity -----------------------------------------------------------

  private scheduleCapacityChange(st: Station): void {
    const tl = this.net.stations[st.index].timeline;
    const now = this.kernel.now;
    let i = this.timelineIndex[st.index];
    while (i < tl.times.length && tl.times[i] <= now) st.setCapacity(tl.values[i++]);
    this.timelineIndex[st.index] = i;
    if (i < tl.times.length && tl.times[i] <= this.until)
      this.kernel.at(tl.times[i], CAPACITY, st.index, 0, AT_CAPACITY);
  }

  // ---- statistics ---------------------------------------------------------

  private resetStatistics(): void {
    const now = this.kernel.now;
    for (const st of this.stations) st.resetStatistics(now);
    for (const c of this.classStats) c.reset();
    // The time-series marks follow the reset counters and areas, so the interval that
    // contains the warm-up end counts only what came after it.
    this.seriesArrivalMark = 0;
    this.seriesCompletionMark = 0;
    for (const s of this.stationSeries) s.reset();
    this.seriesSince = now;
    this.totalArrivals = 0;
    this.totalCompletions = 0;
  }

  private onSample(): void {
    const now = this.kernel.now;
    const series = this.series;
    if (!series) return;
    // The areas of the interval that holds the warm-up end start there: average over that part.
    const width = now - this.seriesSince;
    this.seriesSince = now;
    series.t.push(now);
    series.arrivals.push(this.totalArrivals - this.seriesArrivalMark);
    series.completions.push(this.totalCompletions - this.seriesCompletionMark);
    this.seriesArrivalMark = this.totalArrivals;
    this.seriesCompletionMark = this.totalCompletions;
    for (const s of this.stationSeries) s.record(now, width);
    // The last bucket may be shorter: it ends at the end of the run.
    if (now < this.until)
      this.kernel.at(Math.min(now + series.interval, this.until), SAMPLE, 0, 0, AT_SAMPLE);
  }

  private summarise(wallSeconds: number): RunSummary {
    const now = this.kernel.now;
    const classIds = this.classes.map((c) => c.id);
    const stations = Object.fromEntries(
      this.stations.map((st) => [st.id, st.summary(now, classIds)]),
    );
    const { totals, classes } = summariseClasses(
      this.classStats,
      this.net.outcomes,
      this.totalArrivals,
      this.inSystem,
    );
    return {
      model: this.model.name,
      seed: this.options.seed,
      until: this.until,
      warmup: this.warmup,
      observed: this.until - this.warmup,
      events: this.kernel.eventsProcessed,
      wallSeconds,
      totals,
      stations,
      classes,
      timeseries: this.series,
      ...(this.options.sketches && { sketches: this.sketches() }),
    };
  }

  /** The sketches of the percentiles in the summary (RunSummary.sketches). */
  private sketches(): Record<string, SketchCounts> {
    const out: Record<string, SketchCounts> = {};
    for (const st of this.stations) out[`stations.${st.id}.wait`] = st.waitSketch.toCounts();
    for (const c of this.classStats) out[`classes.${c.id}.systemTime`] = c.systemSketch.toCounts();
    return out;
  }
}

/** A count with thousands separators, as in the rest of the output (16,777,216). */
function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** Runs one replication of a model. */
export function runNetwork(model: NetworkModel, options: RunOptions): RunSummary {
  return new NetworkSimulation(model, options).run();
}
