/**
 * The future event list: a binary min-heap ordered by (time, priority, sequence),
 * held in typed arrays so that scheduling allocates nothing.
 *
 * The sequence number is the insertion order, so events at the same time and
 * priority run first-in-first-out and a run is fully determined by its seed.
 * Priority and sequence share one float key: priority * 2^40 + sequence, exact
 * below 2^53 for priorities under 4096 and 10^12 events.
 */

import { grown } from './typed-arrays';

const SEQUENCE_SPAN = 1099511627776; // 2^40
export const MAX_PRIORITY = 4095;

export class EventList {
  private time: Float64Array;
  private key: Float64Array;
  private kind: Int32Array;
  private a: Int32Array;
  private b: Int32Array;
  private n = 0;
  private sequence = 0;
  /**
   * The first event was popped but is still at the root: the next push takes its place with
   * one sift-down (a handler usually schedules an event: pop and push cost one pass, not two);
   * any other operation removes it first.
   */
  private rootTaken = false;

  /** Fields of the event most recently removed by pop(). */
  poppedTime = 0;
  poppedKind = 0;
  poppedA = 0;
  poppedB = 0;

  constructor(initialCapacity = 1024) {
    this.time = new Float64Array(initialCapacity);
    this.key = new Float64Array(initialCapacity);
    this.kind = new Int32Array(initialCapacity);
    this.a = new Int32Array(initialCapacity);
    this.b = new Int32Array(initialCapacity);
  }

  get size(): number {
    return this.rootTaken ? this.n - 1 : this.n;
  }

  /** Time of the next event, or Infinity when the list is empty. */
  peekTime(): number {
    if (this.rootTaken) this.removeRoot();
    return this.n > 0 ? this.time[0] : Infinity;
  }

  push(time: number, priority: number, kind: number, a: number, b: number): void {
    this.insert(time, priority * SEQUENCE_SPAN + this.sequence++, kind, a, b);
  }

  /**
   * Pushes with a caller's tie-break `order` (0 <= order < 2^40) in place of the insertion
   * sequence: events at one (time, priority) run by `order` (the live replay orders arrivals
   * by customer, so the order in which a queue delivers them never matters).
   */
  pushOrdered(
    time: number,
    priority: number,
    order: number,
    kind: number,
    a: number,
    b: number,
  ): void {
    this.insert(time, priority * SEQUENCE_SPAN + order, kind, a, b);
  }

  private insert(time: number, key: number, kind: number, a: number, b: number): void {
    if (this.rootTaken) {
      this.rootTaken = false;
      this.siftDown(time, key, kind, a, b);
      return;
    }
    if (this.n === this.time.length) this.grow();
    const time_ = this.time;
    const key_ = this.key;
    // Sift up: move parents down into the hole until the new event fits.
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = time_[p];
      if (pt < time || (pt === time && key_[p] < key)) break;
      this.move(p, i);
      i = p;
    }
    this.place(i, time, key, kind, a, b);
  }

  /** Removes the first event; its fields are left in popped*. Returns false when empty. */
  pop(): boolean {
    return this.popUntil(Infinity);
  }

  /** Removes the first event if its time is at most `until` (fields in popped*); else false. */
  popUntil(until: number): boolean {
    if (this.rootTaken) this.removeRoot();
    if (this.n === 0 || this.time[0] > until) return false;
    this.poppedTime = this.time[0];
    this.poppedKind = this.kind[0];
    this.poppedA = this.a[0];
    this.poppedB = this.b[0];
    this.rootTaken = true;
    return true;
  }

  /** Removes the popped root: the last event moves into its place. */
  private removeRoot(): void {
    this.rootTaken = false;
    const last = --this.n;
    if (last === 0) return;
    this.siftDown(this.time[last], this.key[last], this.kind[last], this.a[last], this.b[last]);
  }

  /** Places an event at the root's free slot and sifts it down among the first n events. */
  private siftDown(t: number, k: number, kind: number, a: number, b: number): void {
    const time_ = this.time;
    const key_ = this.key;
    const n = this.n;
    const half = n >> 1;
    let i = 0;
    while (i < half) {
      let c = 2 * i + 1;
      const r = c + 1;
      if (r < n && (time_[r] < time_[c] || (time_[r] === time_[c] && key_[r] < key_[c]))) c = r;
      const ct = time_[c];
      if (t < ct || (t === ct && k < key_[c])) break;
      this.move(c, i);
      i = c;
    }
    this.place(i, t, k, kind, a, b);
  }

  clear(): void {
    this.n = 0;
    this.rootTaken = false;
  }

  private place(i: number, t: number, k: number, kind: number, a: number, b: number): void {
    this.time[i] = t;
    this.key[i] = k;
    this.kind[i] = kind;
    this.a[i] = a;
    this.b[i] = b;
  }

  private move(from: number, to: number): void {
    this.time[to] = this.time[from];
    this.key[to] = this.key[from];
    this.kind[to] = this.kind[from];
    this.a[to] = this.a[from];
    this.b[to] = this.b[from];
  }

  private grow(): void {
    const size = this.time.length * 2;
    this.time = grown(this.time, size);
    this.key = grown(this.key, size);
    this.kind = grown(this.kind, size);
    this.a = grown(this.a, size);
    this.b = grown(this.b, size);
  }
}
