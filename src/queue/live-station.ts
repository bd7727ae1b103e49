import { type StationModel } from '../sim/model';
import { summariseStation, type StationSummary } from '../sim/summary';
import { QuantileSketch, Tally, TimeWeighted } from '../sim/stats';
import type { CapacityTimeline } from './live-timeline';

/**
 * The virtual clock of one station in the live replay: the kernel's station logic
 * (src/sim/network.ts `advance`, `startService`, `onDeparture`, `fill`, `onRenege`,
 * `applyCapacity`) run on the station's own event list, fed by the arrivals its BullMQ
 * worker takes. Given every arrival up to a model time (the coordinator holds the station
 * until then) it makes the kernel's decisions in the kernel's order: FIFO or priority
 * (lower class priority first, non-preemptive), balking, reneging, capacity that follows
 * the staff schedule, and turn-away closing (the queue goes home when capacity drops to 0;
 * nobody queues while closed).
 *
 * Customers' data (arrival times, accumulated waits, draws) live in the coordinator; the
 * station reaches them through LiveCustomers.
 */
export interface LiveCustomers {
  /** Priority level of customer c at this station (0 for FIFO). */
  level(c: number, station: LiveStation): number;
  /** Jobs and service time of customer c at its current step (the kernel's draws). */
  service(c: number): { jobs: number; duration: number };
  /** Patience of customer c at its current step (Infinity: never reneges). */
  patience(c: number): number;
  /** Adds to the customer's total wait. */
  addWait(c: number, minutes: number): void;
  /** A service started (for lateness counting). */
  started(c: number, station: LiveStation, at: number): void;
  /** A service ended: the coordinator routes the customer on (and counts class jobs); returns the next station's id, or null when the customer left. */
  departed(c: number, station: LiveStation, at: number, jobs: number): string | null;
  /** The customer left unserved here (balked, reneged, turned-away). */
  lost(c: number, outcome: 'balked' | 'reneged' | 'turned-away', at: number): void;
}

const CAPACITY = 0;
const DEPARTURE = 1;
const RENEGE = 2;
const ARRIVAL = 3;

/** An event on a station's list. Ties at one time: capacity, departures, reneges, arrivals; then `order`. */
interface StationEvent {
  time: number;
  kind: number;
  /** Customer (arrivals: also the tie-break, so delivery order never matters), or capacity value. */
  a: number;
  /** Renege token; capacity: unused. */
  b: number;
  order: number;
}

function before(x: StationEvent, y: StationEvent): boolean {
  return (
    x.time < y.time ||
    (x.time === y.time && (x.kind < y.kind || (x.kind === y.kind && x.order < y.order)))
  );
}

/** A binary min-heap of station events. */
class EventHeap {
  private readonly h: StationEvent[] = [];
  get size(): number {
    return this.h.length;
  }
  peek(): StationEvent | undefined {
    return this.h[0];
  }
  push(e: StationEvent): void {
    const h = this.h;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i], h[p])) break;
      [h[p], h[i]] = [h[i], h[p]];
      i = p;
    }
  }
  pop(): StationEvent | undefined {
    const h = this.h;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l], h[m])) m = l;
        if (r < h.length && before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
    return top;
  }
}

export class LiveStation {
  capacity: number;
  busy = 0;
  waiting = 0;
  /** Model time of the last event processed. */
  now = 0;
  /** Events processed (arrivals, departures, reneges, capacity changes). */
  events = 0;
  private readonly heap = new EventHeap();
  /** Waiting customers per priority level, FIFO within a level: [customer, token] pairs. */
  private readonly rings: number[][][];
  private readonly heads: number[];
  private readonly queueLimit: number;
  private readonly turnAway: boolean;
  private seq = 0;
  private tokens = new Map<number, number>();
  private stationArrival = new Map<number, number>();
  private serviceStart = new Map<number, number>();
  private serviceJobs = new Map<number, number>();
  private classOf: (c: number) => number;
  private resetDone: boolean;
  /** A customer ended a service here and comes straight back: the kernel queues it before the freed server is filled, so filling waits for its arrival. */
  private fillAfterReturn = false;

  // statistics, as the kernel keeps them
  arrivals = 0;
  served = 0;
  jobs = 0;
  balked = 0;
  reneged = 0;
  turnedAway = 0;
  readonly wait = new Tally();
  readonly waitSketch = new QuantileSketch();
  readonly sojourn = new Tally();
  readonly queueTw = new TimeWeighted();
  readonly busyTw = new TimeWeighted();
  readonly capacityTw = new TimeWeighted();
  busyByClass: Float64Array;
  servedByClass: Float64Array;

  constructor(
    readonly id: string,
    readonly index: number,
    spec: StationModel,
    timeline: CapacityTimeline,
    levels: number,
    classes: number,
    classOf: (c: number) => number,
    private readonly customers: LiveCustomers,
    private readonly until: number,
    private readonly warmup: number,
  ) {
    this.queueLimit = spec.queueLimit ?? Infinity;
    this.turnAway = spec.closePolicy === 'turn-away';
    this.rings = Array.from({ length: levels }, () => []);
    this.heads = new Array<number>(levels).fill(0);
    this.classOf = classOf;
    this.busyByClass = new Float64Array(classes);
    this.servedByClass = new Float64Array(classes);
    this.resetDone = warmup <= 0;
    // Entries at or before 0 apply at the start (as the kernel's first scheduleCapacityChange does).
    let k = 0;
    this.capacity = timeline.values[0] ?? 0;
    while (k < timeline.times.length && timeline.times[k] <= 0)
      this.capacity = timeline.values[k++];
    this.capacityTw.set(0, this.capacity);
    for (; k < timeline.times.length && timeline.times[k] <= until; k++)
      this.push(timeline.times[k], CAPACITY, timeline.values[k], 0);
  }

  private push(time: number, kind: number, a: number, b: number, order = this.seq++): void {
    this.heap.push({ time, kind, a, b, order });
  }

  /** A customer's arrival at this station at model time t (as the worker takes its job). */
  deliver(c: number, t: number): void {
    this.push(t, ARRIVAL, c, 0, c);
  }

  /** Time of the next event (Infinity when none). */
  nextTime(): number {
    return this.heap.peek()?.time ?? Infinity;
  }

  /** Processes the next event; the caller has checked that nothing earlier can still arrive. */
  step(): void {
    const ev = this.heap.pop();
    if (!ev) return;
    if (!this.resetDone && ev.time > this.warmup) this.resetStatistics();
    this.now = ev.time;
    this.events++;
    switch (ev.kind) {
      case ARRIVAL:
        return this.arrive(ev.a, ev.time);
      case DEPARTURE:
        return this.depart(ev.a, ev.time);
      case RENEGE:
        return this.renege(ev.a, ev.b, ev.time);
      default:
        return this.applyCapacity(ev.a, ev.time);
    }
  }

  private arrive(c: number, now: number): void {
    this.admit(c, now);
    if (this.fillAfterReturn) {
      this.fillAfterReturn = false;
      this.fill(now);
    }
  }

  /** The kernel's `advance` at this station: start, turn away, balk or queue. */
  private admit(c: number, now: number): void {
    this.stationArrival.set(c, now);
    this.arrivals++;
    if (this.busy < this.capacity && this.waiting === 0) return this.start(c, now);
    if (this.capacity === 0 && this.turnAway) {
      // A closed door: under turn-away nobody queues while the station is closed.
      this.turnedAway++;
      this.stationArrival.delete(c);
      return this.customers.lost(c, 'turned-away', now);
    }
    if (this.waiting >= this.queueLimit) {
      this.balked++;
      this.stationArrival.delete(c);
      return this.customers.lost(c, 'balked', now);
    }
    const token = this.seq++;
    this.tokens.set(c, token);
    this.rings[this.customers.level(c, this)].push([c, token]);
    this.queueTw.set(now, ++this.waiting);
    const patience = this.customers.patience(c);
    if (patience < Infinity) this.push(now + patience, RENEGE, c, token);
  }

  private start(c: number, now: number): void {
    const waited = now - (this.stationArrival.get(c) as number);
    this.wait.add(waited);
    this.waitSketch.add(waited);
    this.customers.addWait(c, waited);
    this.busyTw.set(now, ++this.busy);
    const { jobs, duration } = this.customers.service(c);
    this.serviceStart.set(c, now);
    this.serviceJobs.set(c, jobs);
    this.customers.started(c, this, now);
    this.push(now + duration, DEPARTURE, c, 0);
  }

  private depart(c: number, now: number): void {
    this.busyTw.set(now, --this.busy);
    const jobs = this.serviceJobs.get(c) as number;
    const cls = this.classOf(c);
    this.served++;
    this.jobs += jobs;
    this.sojourn.add(now - (this.stationArrival.get(c) as number));
    this.busyByClass[cls] += now - (this.serviceStart.get(c) as number);
    this.servedByClass[cls]++;
    this.stationArrival.delete(c);
    this.serviceStart.delete(c);
    this.serviceJobs.delete(c);
    if (this.customers.departed(c, this, now, jobs) === this.id) this.fillAfterReturn = true;
    else this.fill(now);
  }

  private renege(c: number, token: number, now: number): void {
    if (this.tokens.get(c) !== token) return;
    this.tokens.delete(c);
    this.queueTw.set(now, --this.waiting);
    this.reneged++;
    this.customers.addWait(c, now - (this.stationArrival.get(c) as number));
    this.stationArrival.delete(c);
    this.customers.lost(c, 'reneged', now);
  }

  private applyCapacity(capacity: number, now: number): void {
    this.capacity = capacity;
    this.capacityTw.set(now, capacity);
    if (capacity === 0 && this.turnAway) {
      for (let c = this.popWaiting(); c >= 0; c = this.popWaiting()) {
        this.queueTw.set(now, --this.waiting);
        this.turnedAway++;
        this.customers.addWait(c, now - (this.stationArrival.get(c) as number));
        this.stationArrival.delete(c);
        this.customers.lost(c, 'turned-away', now);
      }
    }
    this.fill(now);
  }

  private fill(now: number): void {
    while (this.busy < this.capacity && this.waiting > 0) {
      const c = this.popWaiting();
      if (c < 0) break;
      this.queueTw.set(now, --this.waiting);
      this.start(c, now);
    }
  }

  /** The first live waiting customer of the most urgent level (stale entries skipped). */
  private popWaiting(): number {
    for (let l = 0; l < this.rings.length; l++) {
      const ring = this.rings[l];
      while (this.heads[l] < ring.length) {
        const [c, token] = ring[this.heads[l]++];
        if (this.heads[l] > 1024 && this.heads[l] * 2 > ring.length) {
          ring.splice(0, this.heads[l]);
          this.heads[l] = 0;
        }
        if (this.tokens.get(c) === token) {
          this.tokens.delete(c);
          return c;
        }
      }
    }
    return -1;
  }

  private resetStatistics(): void {
    const now = this.warmup;
    this.resetDone = true;
    this.arrivals = this.served = this.jobs = this.balked = this.reneged = this.turnedAway = 0;
    this.wait.reset();
    this.waitSketch.reset();
    this.sojourn.reset();
    this.queueTw.reset(now);
    this.busyTw.reset(now);
    this.capacityTw.reset(now);
    this.busyByClass.fill(0);
    this.servedByClass.fill(0);
  }

  /** The kernel's StationSummary at the end of the run (`now` = until). */
  summary(classIds: string[]): StationSummary {
    if (!this.resetDone) this.resetStatistics();
    const now = this.until;
    return summariseStation(this, now, classIds);
  }
}
