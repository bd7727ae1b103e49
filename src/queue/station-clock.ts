/**
 * The virtual clock of one station in the live replay: when each customer starts and ends
 * service, in model minutes, for a first-come-first-served station with c(t) servers.
 *
 * Customers are admitted in the order they reach the station (the BullMQ queue's order), so
 * customer n starts at the earliest t ≥ max(arrival_n, start_{n-1}) with fewer than c(t)
 * customers in service (the Kiefer–Wolfowitz recursion, extended to capacity that changes
 * with staff schedules; servers finish the customer in hand when capacity drops, as in the
 * kernel). Given the kernel's per-customer draws (ModelPlan) this reproduces the kernel's
 * times exactly, whatever the wall clock did: the wall clock only paces the replay.
 */
export type Admission =
  | { kind: 'served'; start: number; end: number }
  | { kind: 'balked' }
  | { kind: 'reneged'; at: number }
  /** Not started by the end of the run (still waiting at the horizon). */
  | { kind: 'waiting-at-end' };

export interface CapacityTimeline {
  times: number[];
  values: number[];
}

export class StationClock {
  /** End times of customers in service (a binary min-heap). */
  private readonly ends: number[] = [];
  private lastStart = 0;
  /** When each customer now queued leaves the queue (start or renege), for balking. */
  private queued: number[] = [];

  constructor(
    private readonly timeline: CapacityTimeline,
    private readonly until: number,
    private readonly queueLimit = Infinity,
  ) {}

  capacityAt(t: number): number {
    const { times, values } = this.timeline;
    let lo = 0;
    let hi = times.length - 1;
    if (hi < 0 || t < times[0]) return values[0] ?? 0;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (times[mid] <= t) lo = mid;
      else hi = mid - 1;
    }
    return values[lo];
  }

  private nextChangeAfter(t: number): number {
    const { times } = this.timeline;
    let lo = 0;
    let hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (times[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo < times.length ? times[lo] : Infinity;
  }

  /** Admits the next customer in queue order: arrival time, service duration, patience (minutes). */
  admit(arrival: number, duration: number, patience = Infinity): Admission {
    if (this.queueLimit < Infinity) {
      this.queued = this.queued.filter((leave) => leave > arrival);
      if (this.queued.length >= this.queueLimit) return { kind: 'balked' };
    }
    let t = Math.max(arrival, this.lastStart);
    for (;;) {
      while (this.ends.length && this.ends[0] <= t) this.pop();
      if (this.ends.length < this.capacityAt(t)) break;
      const next = Math.min(this.ends.length ? this.ends[0] : Infinity, this.nextChangeAfter(t));
      if (next > this.until || next === Infinity) {
        t = Infinity;
        break;
      }
      t = next;
    }
    const renegeAt = arrival + patience;
    if (t > renegeAt && renegeAt <= this.until) {
      if (this.queueLimit < Infinity) this.queued.push(renegeAt);
      return { kind: 'reneged', at: renegeAt };
    }
    if (t > this.until) return { kind: 'waiting-at-end' };
    if (this.queueLimit < Infinity && t > arrival) this.queued.push(t);
    this.lastStart = t;
    this.push(t + duration);
    return { kind: 'served', start: t, end: t + duration };
  }

  private push(x: number): void {
    const h = this.ends;
    h.push(x);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p] <= h[i]) break;
      [h[p], h[i]] = [h[i], h[p]];
      i = p;
    }
  }

  private pop(): void {
    const h = this.ends;
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
