import type { CompiledStation } from '../sim/compile';
import type { Customers } from '../sim/customers';
import { EventList } from '../sim/event-list';
import { Station, StationSeries, type StationHost, type StationSeriesRows } from '../sim/station';
import type { StationSummary } from '../sim/summary';

/**
 * The virtual clock of one station in the live replay: the kernel's station (src/sim/station.ts)
 * run on the station's own event list, fed by the arrivals its BullMQ worker takes. Given every
 * arrival up to a model time (the coordinator holds the station until then) it makes the
 * kernel's decisions in the kernel's order. What it adds for real time is only the order of
 * its events: at one time capacity changes, departures, reneges, then arrivals by customer
 * number, so the order in which the queue delivers arrivals never matters.
 *
 * Customers' draws and routing live in the coordinator; the station reaches them through
 * LiveCustomers.
 */
export interface LiveCustomers {
  /** Jobs (into customers.jobs) and service time of customer c at its current step; `now` for lateness. */
  serviceTime(c: number, now: number): number;
  /** Patience of customer c at its current step (Infinity: never reneges). */
  patience(c: number): number;
  /** A service ended: the coordinator routes the customer on; returns the next station's index, or -1 when it left. */
  departed(c: number, at: number): number;
  /** The customer left unserved here (compile.ts OUTCOME_BALKED, _RENEGED, _TURNED_AWAY). */
  lost(c: number, outcome: number, at: number): void;
  /** The uniform customer c draws for balking by choice at its current step (Decisions.balkUniform). */
  balkUniform(c: number, attempt: number): number;
  /**
   * Customer c was turned away at `at` on its `attempt`-th try at its current step, at the
   * station of index `station`: whether it comes back (Decisions.retrialDelay); if it does, the
   * coordinator sends its return (`attempt` + 1) to that station's queue, due after the delay.
   */
  retry(c: number, station: number, attempt: number, at: number): boolean;
  /**
   * Customer c was turned away at `at` because its station is full and goes on to the station
   * of index `to` (StationModel.overflow): the coordinator sends its arrival there, at `at`,
   * for the same step.
   */
  overflowed(c: number, to: number, at: number): void;
}

// Event kinds, which are also their order at one time.
const CAPACITY = 0;
const DEPARTURE = 1;
const RENEGE = 2;
const ARRIVAL = 3;

export class LiveStation implements StationHost {
  readonly station: Station;
  /** Model time of the last event processed: element 0 (the station's clock). */
  private readonly clock = new Float64Array(1);
  /** Events processed (arrivals, departures, reneges, capacity changes). */
  events = 0;
  private readonly heap = new EventList(64);
  /** Capacity from each change point of the timeline on (events carry the index). */
  private readonly capacities: number[];
  private seq = 0;
  private resetDone: boolean;
  /** The station's time series, recorded as the kernel records it (StationSeries). */
  private readonly timeSeries: StationSeries;
  /** Index of the next bucket end (sampleTimes) to record. */
  private nextSample = 0;
  /** Start of the current bucket's statistics (its first instant, or the warm-up end in it). */
  private seriesSince = 0;

  /** The station's rows of the time series (time-averaged waiting, busy and on duty per bucket). */
  get series(): StationSeriesRows {
    return this.timeSeries.rows;
  }

  /** The station's id and index in the compiled network. */
  get id(): string {
    return this.station.id;
  }
  get index(): number {
    return this.station.index;
  }

  constructor(
    spec: CompiledStation,
    customers: Customers,
    private readonly customerDecisions: LiveCustomers,
    private readonly until: number,
    private readonly warmup: number,
    /** Ends of the time-series buckets, ascending, the last at `until` (empty: no series). */
    private readonly sampleTimes: readonly number[] = [],
  ) {
    this.station = new Station(spec, customers, this, this.clock);
    this.timeSeries = new StationSeries(this.station);
    this.resetDone = warmup <= 0;
    // Entries at or before 0 apply at the start (as the kernel's first capacity change does).
    const { times, values } = spec.timeline;
    let k = 0;
    for (; k < times.length && times[k] <= 0; k++) this.station.setCapacity(values[k]);
    for (; k < times.length && times[k] <= until; k++) this.push(times[k], CAPACITY, k, 0);
    this.capacities = values;
  }

  private push(time: number, kind: number, a: number, b: number): void {
    this.heap.pushOrdered(time, kind, this.seq++, kind, a, b);
  }

  /**
   * A customer's arrival at this station at model time t (as the worker takes its job); a
   * `comingBack` one was turned away here before (a retrial).
   */
  deliver(c: number, t: number, comingBack = false): void {
    this.heap.pushOrdered(t, ARRIVAL, c, ARRIVAL, c, comingBack ? 1 : 0);
  }

  /** Time of the next event (Infinity when none). */
  nextTime(): number {
    return this.heap.peekTime();
  }

  /**
   * Whether something still to happen here at instant `t` could send a customer on at `t` ahead
   * of customer c's arrival at `t` downstream: any event but an arrival (a departure, or what
   * comes before one), or the arrival of an earlier customer (a service of no time sends it on
   * at once). Arrivals at one instant are taken in customer order everywhere, so a later
   * customer's arrival here cannot overtake c's.
   */
  mayPrecede(t: number, c: number): boolean {
    const heap = this.heap;
    return heap.peekTime() === t && (heap.peekKind() !== ARRIVAL || heap.peekA() < c);
  }

  /** The customer of the next event when it is an arrival, else -1. */
  nextArrival(): number {
    return this.heap.peekKind() === ARRIVAL ? this.heap.peekA() : -1;
  }

  /** Processes the next event; the caller has checked that nothing earlier can still arrive. */
  step(): void {
    const ev = this.heap;
    if (!ev.pop()) return;
    const t = ev.poppedTime;
    // The kernel records a bucket after the events at its end (samples have a later priority).
    this.sampleBefore(t);
    if (!this.resetDone && t > this.warmup) this.resetStatistics();
    this.clock[0] = t;
    this.events++;
    switch (ev.poppedKind) {
      case ARRIVAL:
        if (ev.poppedB === 1) return this.station.comeBack(ev.poppedA);
        return this.station.arrive(ev.poppedA);
      case DEPARTURE:
        return this.station.depart(ev.poppedA);
      case RENEGE:
        return this.station.renege(ev.poppedA, ev.poppedB);
      default:
        return this.station.setCapacity(this.capacities[ev.poppedA]);
    }
  }

  // ---- StationHost: this station's events, the coordinator's customers

  /** Model time of the last event processed. */
  get now(): number {
    return this.clock[0];
  }

  startService(_station: Station, c: number): void {
    const now = this.clock[0];
    this.push(now + this.customerDecisions.serviceTime(c, now), DEPARTURE, c, 0);
  }

  queued(_station: Station, c: number, token: number): void {
    const patience = this.customerDecisions.patience(c);
    if (patience < Infinity) this.push(this.clock[0] + patience, RENEGE, c, token);
  }

  departed(_station: Station, c: number): boolean {
    return this.customerDecisions.departed(c, this.clock[0]) === this.index;
  }

  lost(_station: Station, c: number, outcome: number): void {
    this.customerDecisions.lost(c, outcome, this.clock[0]);
  }

  balkUniform(_station: Station, c: number, attempt: number): number {
    return this.customerDecisions.balkUniform(c, attempt);
  }

  retry(_station: Station, c: number, attempt: number): boolean {
    return this.customerDecisions.retry(c, this.index, attempt, this.clock[0]);
  }

  overflowed(_station: Station, c: number, to: number): void {
    this.customerDecisions.overflowed(c, to, this.clock[0]);
  }

  private resetStatistics(): void {
    this.resetDone = true;
    this.station.resetStatistics(this.warmup);
    // As the kernel: the bucket that holds the warm-up end averages over the part after it.
    this.timeSeries.reset();
    this.seriesSince = this.warmup;
  }

  /** Records the buckets that end before model time t, as the kernel's samples do (network.ts). */
  private sampleBefore(t: number): void {
    const times = this.sampleTimes;
    while (this.nextSample < times.length && times[this.nextSample] < t) {
      const now = times[this.nextSample++];
      // The warm-up end comes after a sample at the same time (the kernel's AT_SAMPLE, AT_WARMUP).
      if (!this.resetDone && now > this.warmup) this.resetStatistics();
      this.timeSeries.record(now, now - this.seriesSince);
      this.seriesSince = now;
    }
  }

  /** The kernel's StationSummary at the end of the run (`now` = until). */
  summary(classIds: string[]): StationSummary {
    this.sampleBefore(Infinity);
    if (!this.resetDone) this.resetStatistics();
    return this.station.summary(this.until, classIds);
  }
}
