/**
 * The future event list: a binary min-heap ordered by (time, priority, sequence),
 * held in typed arrays so that scheduling allocates nothing. The heap holds each event's time
 * and the slot of its other fields, so a sift moves two numbers, not six.
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
  /** The heap: times, and the slot holding each event's other fields. */
  private time: Float64Array;
  private slotAt: Int32Array;
  /** Per slot: the tie-break key, the kind and the two payloads. */
  private key: Float64Array;
  private kind: Int32Array;
  private a: Int32Array;
  private b: Int32Array;
  /** Slots of events that have run, for reuse. */
  private free: Int32Array;
  private freeTop = 0;
  private slotsUsed = 0;
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
    this.slotAt = new Int32Array(initialCapacity);
    this.key = new Float64Array(initialCapacity);
    this.kind = new Int32Array(initialCapacity);
    this.a = new Int32Array(initialCapacity);
    this.b = new Int32Array(initialCapacity);
    this.free = new Int32Array(initialCapacity);
  }

  get size(): number {
    return this.rootTaken ? this.n - 1 : this.n;
  }

  /** Time of the next event, or Infinity when the list is empty. */
  peekTime(): number {
    if (this.rootTaken) this.removeRoot();
    return this.n > 0 ? this.time[0] : Infinity;
  }

  /** Kind of the next event (-1 when the list is empty). */
  peekKind(): number {
    if (this.rootTaken) this.removeRoot();
    return this.n > 0 ? this.kind[this.slotAt[0]] : -1;
  }

  /** First payload of the next event (0 when the list is empty). */
  peekA(): number {
    if (this.rootTaken) this.removeRoot();
    return this.n > 0 ? this.a[this.slotAt[0]] : 0;
  }

  /**
   * Whether an event other than the one being run (the last popped) is due at `time` or before.
   * It reads the heap as it is: a popped root stays in place (rootTaken), so its children hold
   * the next events.
   */
  hasOtherBy(time: number): boolean {
    const n = this.n;
    if (!this.rootTaken) return n > 0 && this.time[0] <= time;
    return (n > 1 && this.time[1] <= time) || (n > 2 && this.time[2] <= time);
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

  private insert(time: number, k: number, kind: number, a: number, b: number): void {
    if (this.rootTaken) {
      // The popped event's slot is free: the new event takes it and the root's place.
      this.rootTaken = false;
      const s = this.slotAt[0];
      this.fillSlot(s, k, kind, a, b);
      this.siftDown(time, s, k);
      return;
    }
    if (this.n === this.time.length) this.grow();
    const s = this.freeTop > 0 ? this.free[--this.freeTop] : this.slotsUsed++;
    this.fillSlot(s, k, kind, a, b);
    const time_ = this.time;
    const slotAt = this.slotAt;
    const key_ = this.key;
    // Sift up: move parents down into the hole until the new event fits.
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = time_[p];
      if (pt < time || (pt === time && key_[slotAt[p]] < k)) break;
      time_[i] = pt;
      slotAt[i] = slotAt[p];
      i = p;
    }
    time_[i] = time;
    slotAt[i] = s;
  }

  private fillSlot(s: number, k: number, kind: number, a: number, b: number): void {
    this.key[s] = k;
    this.kind[s] = kind;
    this.a[s] = a;
    this.b[s] = b;
  }

  /** Removes the first event; its fields are left in popped*. Returns false when empty. */
  pop(): boolean {
    return this.popUntil(Infinity);
  }

  /** Removes the first event if its time is at most `until` (fields in popped*); else false. */
  popUntil(until: number): boolean {
    if (this.rootTaken) this.removeRoot();
    if (this.n === 0 || this.time[0] > until) return false;
    const s = this.slotAt[0];
    this.poppedTime = this.time[0];
    this.poppedKind = this.kind[s];
    this.poppedA = this.a[s];
    this.poppedB = this.b[s];
    this.rootTaken = true;
    return true;
  }

  /** Removes the popped root: its slot is freed and the last event moves into its place. */
  private removeRoot(): void {
    this.rootTaken = false;
    this.free[this.freeTop++] = this.slotAt[0];
    const last = --this.n;
    if (last === 0) return;
    const s = this.slotAt[last];
    this.siftDown(this.time[last], s, this.key[s]);
  }

  /** Places event (time t, slot s, key k) at the root's free place and sifts it down among the first n. */
  private siftDown(t: number, s: number, k: number): void {
    const time_ = this.time;
    const slotAt = this.slotAt;
    const key_ = this.key;
    const n = this.n;
    const half = n >> 1;
    let i = 0;
    while (i < half) {
      let c = 2 * i + 1;
      const r = c + 1;
      if (r < n) {
        const rt = time_[r];
        const lt = time_[c];
        if (rt < lt || (rt === lt && key_[slotAt[r]] < key_[slotAt[c]])) c = r;
      }
      const ct = time_[c];
      if (t < ct || (t === ct && k < key_[slotAt[c]])) break;
      time_[i] = ct;
      slotAt[i] = slotAt[c];
      i = c;
    }
    time_[i] = t;
    slotAt[i] = s;
  }

  clear(): void {
    this.n = 0;
    this.rootTaken = false;
    this.freeTop = 0;
    this.slotsUsed = 0;
  }

  private grow(): void {
    // Every slot is in use when the heap is full (n events, n slots).
    const size = this.time.length * 2;
    this.time = grown(this.time, size);
    this.slotAt = grown(this.slotAt, size);
    this.key = grown(this.key, size);
    this.kind = grown(this.kind, size);
    this.a = grown(this.a, size);
    this.b = grown(this.b, size);
    this.free = grown(this.free, size);
  }
}
