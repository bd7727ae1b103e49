import {
  OUTCOME_BALKED,
  OUTCOME_RENEGED,
  OUTCOME_TURNED_AWAY,
  type CompiledRetrial,
  type CompiledStation,
} from './compile';
import { AWAY, IN_SERVICE, WAITING, type Customers } from './customers';
import { QuantileSketch, Tally, TimeWeighted } from './stats';
import type { StationSummary, TimeSeries } from './summary';
import { grown } from './typed-arrays';

/**
 * What runs a station: its clock and the rest of the network. The kernel (network.ts) is one
 * host, in virtual time; the live replay (one host per station, fed by queue workers) is the
 * other. A host keeps the events; the station keeps the queueing rules.
 *
 * The time is not an argument: the host keeps it in a one-element Float64Array (its clock,
 * given to the station) and sets it before it calls the station. Integers are the only
 * arguments between station and host, so no call on the hot path boxes a double.
 */
export interface StationHost {
  /**
   * Customer c starts a service now: draw it (jobs into customers.jobs[c]) and call
   * station.depart(c) when it ends.
   */
  startService(station: Station, c: number): void;
  /**
   * Customer c joined the queue now with `token`: draw its patience and, unless it never
   * runs out, call station.renege(c, token) when it does.
   */
  queued(station: Station, c: number, token: number): void;
  /**
   * Customer c's service ended: route it on (or out). True when it comes straight back to
   * this station but arrives later (through a queue): the freed server waits for it.
   */
  departed(station: Station, c: number): boolean;
  /** Customer c left unserved (balked, reneged, turned away: compile.ts OUTCOME_*). */
  lost(station: Station, c: number, outcome: number): void;
  /**
   * The uniform customer c draws now for balking by choice at its current step on its
   * `attempt`-th try there (Decisions.balkUniform); asked only at a station with a balking rule.
   */
  balkUniform(station: Station, c: number, attempt: number): number;
  /**
   * Customer c was turned away now on its `attempt`-th try at its current step (0 the first):
   * whether it comes back (Decisions.retrialDelay). If it does, call station.comeBack(c) after
   * the delay drawn and return true; asked only at a station with a retrial rule.
   */
  retry(station: Station, c: number, attempt: number): boolean;
  /**
   * Customer c was turned away now because this station is full (its queue limit) and goes on
   * to station `to` (StationModel.overflow): it arrives there at this instant, after that
   * station's ends of service and reneging, in customer order as a routed customer does, for the
   * same step. Asked only at a station with an overflow.
   */
  overflowed(station: Station, c: number, to: number): void;
}

/** A host's clock: element 0 is the current time. */
export type Clock = Float64Array;

/** A FIFO ring of (customer, token) pairs; entries whose token is stale are skipped lazily. */
class Ring {
  ids = new Int32Array(64);
  tokens = new Int32Array(64);
  head = 0;
  tail = 0;
  mask = 63;
  push(id: number, token: number): void {
    if (this.tail - this.head > this.mask) this.grow();
    const i = this.tail++ & this.mask;
    this.ids[i] = id;
    this.tokens[i] = token;
  }
  private grow(): void {
    // Unwrap into the doubled arrays so that head = 0 again.
    const n = (this.mask + 1) * 2;
    const start = this.head & this.mask;
    const ids = grown(this.ids.subarray(start), n);
    const tokens = grown(this.tokens.subarray(start), n);
    ids.set(this.ids.subarray(0, start), this.mask + 1 - start);
    tokens.set(this.tokens.subarray(0, start), this.mask + 1 - start);
    this.tail -= this.head;
    this.head = 0;
    this.ids = ids;
    this.tokens = tokens;
    this.mask = n - 1;
  }
}

/**
 * One station: a pool of servers with a queue (FIFO, or by class priority, non-preemptive),
 * balking at a queue limit (or overflow to another station there) or by choice (a probability
 * by the queue an arrival finds), reneging, capacity that changes over time (closing with carry-over
 * or turn-away), and its statistics. Customers live in a shared Customers table.
 */
export class Station {
  readonly id: string;
  readonly index: number;
  capacity = 0;
  busy = 0;
  waiting = 0;
  private readonly rings: Ring[];
  private readonly levelOfClass: Int32Array;
  private readonly queueLimit: number;
  /** Balking probability by the number waiting an arrival finds (the last beyond), or null. */
  private readonly balking: Float64Array | null;
  /** Retrials of those who balk here, or null. */
  private readonly retrial: CompiledRetrial | null;
  /** Index of the station that takes those turned away at the queue limit, or -1. */
  private readonly overflowTo: number;
  /** Customers turned away here who will come back (never reset: they are state). */
  private orbit = 0;
  private readonly turnAway: boolean;
  /** StationModel.staff: whether its servers are people, whose busy time is officer time. */
  private readonly staff: boolean;
  /** A server freed for a customer who comes straight back: fill after its arrival. */
  private fillPending = false;

  // statistics
  arrivals = 0;
  served = 0;
  jobs = 0;
  balked = 0;
  /** Of the balked, those who chose to leave (the balking rule), not sent away by the queue limit. */
  balkedByChoice = 0;
  /** Arrivals who balked (at the limit or by choice), those who come back later included. */
  balkedAttempts = 0;
  /** Returns of customers turned away before (counted in arrivals too). */
  retrials = 0;
  /** Of the balked, those who had come back at least once before they gave up. */
  gaveUpAfterRetrial = 0;
  /** Arrivals turned away at the queue limit and sent on to the overflow station (not balked). */
  overflowed = 0;
  reneged = 0;
  turnedAway = 0;
  readonly wait = new Tally();
  readonly waitSketch = new QuantileSketch();
  readonly sojourn = new Tally();
  /** Time in the queue of the customers lost here (0 for those who balked or were turned away). */
  readonly lostWait = new Tally();
  readonly queueTw = new TimeWeighted();
  readonly busyTw = new TimeWeighted();
  readonly capacityTw = new TimeWeighted();
  readonly busyByClass: Float64Array;
  readonly servedByClass: Float64Array;

  constructor(
    spec: CompiledStation,
    private readonly customers: Customers,
    private readonly host: StationHost,
    /** The host's clock (element 0 is now), read at every call. */
    private readonly clock: Clock,
  ) {
    this.id = spec.id;
    this.index = spec.index;
    this.rings = Array.from({ length: spec.levels }, () => new Ring());
    this.levelOfClass = spec.levelOfClass;
    this.queueLimit = spec.queueLimit;
    this.balking = spec.balking;
    this.retrial = spec.retrial;
    this.overflowTo = spec.overflow;
    this.turnAway = spec.turnAway;
    this.staff = spec.staff !== false;
    this.busyByClass = new Float64Array(spec.levelOfClass.length);
    this.servedByClass = new Float64Array(spec.levelOfClass.length);
    this.capacity = spec.timeline.values[0] ?? 0;
    this.capacityTw.set(0, this.capacity);
  }

  /** Customer c arrives now: it starts at once, is turned away (closed door), balks, or queues. */
  arrive(c: number): void {
    if (this.retrial !== null) this.customers.retries[c] = 0;
    this.admit(c);
    if (this.fillPending) {
      this.fillPending = false;
      this.fill();
    }
  }

  /** Customer c, turned away here before, comes back now: an arrival like any other. */
  comeBack(c: number): void {
    this.orbit--;
    this.retrials++;
    this.admit(c);
    if (this.fillPending) {
      this.fillPending = false;
      this.fill();
    }
  }

  private admit(c: number): void {
    const now = this.clock[0];
    const cu = this.customers;
    cu.stationArrival[c] = now;
    this.arrivals++;
    if (this.busy < this.capacity && this.waiting === 0) {
      this.start(c);
      return;
    }
    // A closed door: under turn-away nobody queues while the station is closed.
    if (this.capacity === 0 && this.turnAway) return this.refuse(c, OUTCOME_TURNED_AWAY, false);
    if (this.waiting >= this.queueLimit) return this.refuse(c, OUTCOME_BALKED, false);
    if (this.balking !== null && this.balksByChoice(c)) return this.refuse(c, OUTCOME_BALKED, true);
    const token = cu.queueToken(c);
    this.rings[this.levelOfClass[cu.cls[c]]].push(c, token);
    this.queueTw.set(now, ++this.waiting);
    this.host.queued(this, c, token);
  }

  /**
   * Whether customer c, who would queue behind `waiting` others, balks by choice: its keyed
   * uniform (the host's) below the probability for that queue. No draw where it is 0.
   */
  private balksByChoice(c: number): boolean {
    const ps = this.balking!;
    const p = ps[Math.min(this.waiting, ps.length - 1)];
    const attempt = this.retrial !== null ? this.customers.retries[c] : 0;
    return p > 0 && this.host.balkUniform(this, c, attempt) < p;
  }

  /**
   * Customer c is sent away on arrival (turned away, or balked: by choice or at the limit). One
   * who balks at a station with a retrial rule may come back instead of leaving; one turned away
   * at the limit of a station with an overflow goes on to that station. Kept out of admit(): the
   * rare paths would make the common one too big for V8 to inline where it is called.
   */
  private refuse(c: number, outcome: number, byChoice: boolean): void {
    const cu = this.customers;
    cu.state[c] = AWAY;
    if (this.overflowTo >= 0 && outcome === OUTCOME_BALKED && !byChoice) {
      this.overflowed++;
      this.host.overflowed(this, c, this.overflowTo);
      return;
    }
    if (outcome === OUTCOME_TURNED_AWAY) this.turnedAway++;
    else {
      this.balkedAttempts++;
      if (this.retrial !== null) {
        const attempt = cu.retries[c];
        if (attempt < this.retrial.maxRetries && this.host.retry(this, c, attempt)) {
          cu.retries[c] = attempt + 1;
          this.orbit++;
          return;
        }
        if (attempt > 0) this.gaveUpAfterRetrial++;
      }
      this.balked++;
      if (byChoice) this.balkedByChoice++;
    }
    this.lostWait.add(0);
    this.host.lost(this, c, outcome);
  }

  private start(c: number): void {
    const now = this.clock[0];
    const cu = this.customers;
    const waited = now - cu.stationArrival[c];
    this.wait.add(waited);
    this.waitSketch.add(waited);
    cu.waited[c] += waited;
    cu.state[c] = IN_SERVICE;
    cu.serviceStart[c] = now;
    this.busyTw.set(now, ++this.busy);
    this.host.startService(this, c);
  }

  /** Customer c's service ends now: the host routes it on, then waiting customers fill the server. */
  depart(c: number): void {
    const now = this.clock[0];
    const cu = this.customers;
    const cls = cu.cls[c];
    this.busyTw.set(now, --this.busy);
    this.served++;
    this.jobs += cu.jobs[c];
    this.sojourn.add(now - cu.stationArrival[c]);
    // Busy time is credited at completion, so a service spanning the warm-up end
    // counts whole in the later period (one add per service, negligible bias).
    this.busyByClass[cls] += now - cu.serviceStart[c];
    this.servedByClass[cls]++;
    if (this.host.departed(this, c)) this.fillPending = true;
    else this.fill();
  }

  /** Customer c's patience ran out; nothing happens unless it is still queued with `token`. */
  renege(c: number, token: number): void {
    const cu = this.customers;
    if (cu.state[c] !== WAITING || cu.token[c] !== token) return;
    const now = this.clock[0];
    this.queueTw.set(now, --this.waiting);
    this.reneged++;
    this.lostWait.add(now - cu.stationArrival[c]);
    cu.waited[c] += now - cu.stationArrival[c];
    cu.state[c] = AWAY;
    this.host.lost(this, c, OUTCOME_RENEGED);
  }

  /** Servers on duty from now on. Work in progress is never cut; at 0 a turn-away station sends its queue home. */
  setCapacity(capacity: number): void {
    const now = this.clock[0];
    this.capacity = capacity;
    this.capacityTw.set(now, capacity);
    if (capacity === 0 && this.turnAway) {
      const cu = this.customers;
      for (let c = this.popWaiting(); c >= 0; c = this.popWaiting()) {
        this.queueTw.set(now, --this.waiting);
        this.turnedAway++;
        this.lostWait.add(now - cu.stationArrival[c]);
        cu.waited[c] += now - cu.stationArrival[c];
        this.host.lost(this, c, OUTCOME_TURNED_AWAY);
      }
    }
    this.fill();
  }

  /** Starts waiting customers while servers are free. */
  private fill(): void {
    const now = this.clock[0];
    while (this.busy < this.capacity && this.waiting > 0) {
      const c = this.popWaiting();
      if (c < 0) break;
      this.queueTw.set(now, --this.waiting);
      this.start(c);
    }
  }

  /** The first customer still queued at the most urgent level (stale entries skipped), or -1. */
  private popWaiting(): number {
    const cu = this.customers;
    const rings = this.rings;
    // An index loop, not for-of: the iterator protocol's bytecode would keep fill() from inlining.
    for (let level = 0; level < rings.length; level++) {
      const ring = rings[level];
      while (ring.head < ring.tail) {
        const i = ring.head++ & ring.mask;
        const c = ring.ids[i];
        if (cu.state[c] === WAITING && cu.token[c] === ring.tokens[i]) {
          cu.state[c] = AWAY;
          return c;
        }
      }
    }
    return -1;
  }

  /** Forgets the statistics so far (warm-up deletion); the state carries on. */
  resetStatistics(now: number): void {
    this.arrivals = this.served = this.jobs = this.balked = this.reneged = this.turnedAway = 0;
    this.balkedByChoice = this.balkedAttempts = this.retrials = this.gaveUpAfterRetrial = 0;
    this.overflowed = 0;
    this.wait.reset();
    this.waitSketch.reset();
    this.sojourn.reset();
    this.lostWait.reset();
    this.queueTw.reset(now);
    this.busyTw.reset(now);
    this.capacityTw.reset(now);
    this.busyByClass.fill(0);
    this.servedByClass.fill(0);
  }

  /** The station's summary at time `now` (the end of the run). */
  summary(now: number, classIds: string[]): StationSummary {
    const capacityTime = this.capacityTw.areaAt(now);
    const busyTime = this.busyTw.areaAt(now);
    const p99 = this.waitSketch.quantile(0.99);
    const edges = histogramEdges(p99 > 0 ? p99 * 1.25 : 1, 30);
    return {
      arrivals: this.arrivals,
      served: this.served,
      jobs: this.jobs,
      balked: this.balked,
      // Only at a station with a balking rule: elsewhere every balk is at the queue limit.
      ...(this.balking !== null && { balkedByChoice: this.balkedByChoice }),
      // Only at a station with a retrial rule: elsewhere every balk is a customer lost.
      ...(this.retrial !== null && {
        balkedAttempts: this.balkedAttempts,
        retrials: this.retrials,
        gaveUpAfterRetrial: this.gaveUpAfterRetrial,
        retryingAtEnd: this.orbit,
      }),
      // Only at a station with an overflow: elsewhere nobody is sent on.
      ...(this.overflowTo >= 0 && { overflowed: this.overflowed }),
      // Only where its servers are not people (StationModel.staff): not officer time.
      ...(!this.staff && { staff: false as const }),
      reneged: this.reneged,
      turnedAway: this.turnedAway,
      wait: { ...this.wait.toJSON(), ...this.waitSketch.percentiles() },
      waitedShare: this.waitSketch.count ? 1 - this.waitSketch.zeros / this.waitSketch.count : 0,
      sojourn: this.sojourn.toJSON(),
      lostWait: this.lostWait.toJSON(),
      meanQueue: this.queueTw.mean(now),
      maxQueue: this.queueTw.max,
      meanBusy: this.busyTw.mean(now),
      meanInStation: this.queueTw.mean(now) + this.busyTw.mean(now),
      meanCapacity: this.capacityTw.mean(now),
      utilisation: capacityTime > 0 ? busyTime / capacityTime : 0,
      busyTime,
      busyTimeByClass: Object.fromEntries(classIds.map((id, i) => [id, this.busyByClass[i]])),
      servedByClass: Object.fromEntries(classIds.map((id, i) => [id, this.servedByClass[i]])),
      capacityTime,
      waitingAtEnd: this.waiting,
      inServiceAtEnd: this.busy,
      waitHistogram: { edges, counts: this.waitSketch.histogram(edges) },
    };
  }
}

/** One station's rows of a run's time series. */
export type StationSeriesRows = TimeSeries['stations'][string];

/**
 * A station's time series as its host samples it: per bucket the time-averaged queue, busy
 * servers and servers on duty, from the station's areas. The kernel and the live replay record
 * through this one class, so their series are the same to the bit.
 */
export class StationSeries {
  readonly rows: StationSeriesRows = { queue: [], busy: [], capacity: [] };
  /** The areas (busy, queue, capacity) at the last sample: where the next bucket starts. */
  private readonly marks = new Float64Array(3);

  constructor(private readonly station: Station) {}

  /**
   * Records the bucket that ends at `now` and whose statistics began `width` before it (the
   * whole bucket, or the part after a warm-up end inside it); a bucket of no width records the
   * current values.
   */
  record(now: number, width: number): void {
    const st = this.station;
    const marks = this.marks;
    const average = (area: number, mark: number, current: number) =>
      width > 0 ? (area - mark) / width : current;
    const busy = st.busyTw.areaAt(now);
    const queue = st.queueTw.areaAt(now);
    const capacity = st.capacityTw.areaAt(now);
    this.rows.queue.push(average(queue, marks[1], st.waiting));
    this.rows.busy.push(average(busy, marks[0], st.busy));
    this.rows.capacity.push(average(capacity, marks[2], st.capacity));
    marks[0] = busy;
    marks[1] = queue;
    marks[2] = capacity;
  }

  /** The station's statistics were reset (warm-up end): its areas start again from 0. */
  reset(): void {
    this.marks.fill(0);
  }
}

function histogramEdges(max: number, bins: number): number[] {
  const raw = max / bins;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const width = [1, 2, 2.5, 5, 10].map((f) => f * mag).find((w) => w >= raw) ?? raw;
  return Array.from({ length: bins }, (_, i) => i * width);
}
