import { grown } from './typed-arrays';

/** Where a customer is at its current station. */
export const AWAY = 0;
export const WAITING = 1;
export const IN_SERVICE = 2;

/**
 * Customers as rows of a table of typed arrays (structure of arrays): a customer is an index,
 * so moving one through the network allocates nothing. The kernel reuses the rows of
 * customers who left; the live replay has one row per planned arrival.
 */
export class Customers {
  size: number;
  cls: Int32Array;
  source: Int32Array;
  step: Int32Array;
  /** Index of the station the customer is at (or last visited). */
  station: Int32Array;
  /** Where its route starts in the compiled network's routeTable (the kernel's customers). */
  route: Int32Array;
  /** The key every per-customer draw is made with (routing.ts). */
  key: Int32Array;
  /** Jobs of the service in progress. */
  jobs: Int32Array;
  /**
   * Times the customer has come back to its current station after being turned away there
   * (StationModel.retrial): its attempt there, 0 the first. Kept by stations with a retrial rule.
   */
  retries: Int32Array;
  /** Marks the customer's place in a queue; a reneging event with another token is stale. */
  token: Int32Array;
  state: Int8Array;
  arrival: Float64Array;
  stationArrival: Float64Array;
  serviceStart: Float64Array;
  /** Time spent waiting in queues so far. */
  waited: Float64Array;
  /**
   * Its number in the order of arrival, from 0 (the kernel's customers): the live replay's
   * customer index, by which routed arrivals at one instant are taken.
   */
  ordinal: Float64Array;
  private tokens = 0;
  private free: Int32Array;
  private freeTop = 0;
  private used = 0;

  constructor(size = 1024) {
    this.size = size;
    this.cls = new Int32Array(size);
    this.source = new Int32Array(size);
    this.step = new Int32Array(size);
    this.station = new Int32Array(size);
    this.route = new Int32Array(size);
    this.key = new Int32Array(size);
    this.jobs = new Int32Array(size);
    this.retries = new Int32Array(size);
    this.token = new Int32Array(size);
    this.state = new Int8Array(size);
    this.arrival = new Float64Array(size);
    this.stationArrival = new Float64Array(size);
    this.serviceStart = new Float64Array(size);
    this.waited = new Float64Array(size);
    this.ordinal = new Float64Array(size);
    this.free = new Int32Array(size);
  }

  /** A row for a new customer (a free one when there is). */
  allocate(): number {
    if (this.freeTop > 0) return this.free[--this.freeTop];
    if (this.used === this.size) this.grow();
    return this.used++;
  }

  release(c: number): void {
    this.state[c] = AWAY;
    this.free[this.freeTop++] = c;
  }

  /** A new queue token for customer c. */
  queueToken(c: number): number {
    const token = ++this.tokens | 0;
    this.token[c] = token;
    this.state[c] = WAITING;
    return token;
  }

  private grow(): void {
    const n = this.size * 2;
    this.cls = grown(this.cls, n);
    this.source = grown(this.source, n);
    this.step = grown(this.step, n);
    this.station = grown(this.station, n);
    this.route = grown(this.route, n);
    this.key = grown(this.key, n);
    this.jobs = grown(this.jobs, n);
    this.retries = grown(this.retries, n);
    this.token = grown(this.token, n);
    this.state = grown(this.state, n);
    this.arrival = grown(this.arrival, n);
    this.stationArrival = grown(this.stationArrival, n);
    this.serviceStart = grown(this.serviceStart, n);
    this.waited = grown(this.waited, n);
    this.ordinal = grown(this.ordinal, n);
    this.free = grown(this.free, n);
    this.size = n;
  }
}
