import { EventList, MAX_PRIORITY } from './event-list';

/**
 * The discrete-event kernel: a virtual clock and an event list. Handlers are
 * registered per event kind and receive two integer payloads; models keep their
 * own state in typed arrays, so the hot loop allocates nothing.
 */
export type EventHandler = (a: number, b: number) => void;

export class Kernel {
  /** Current virtual time. */
  now = 0;
  /** Events processed so far. */
  eventsProcessed = 0;
  private readonly events = new EventList();
  private readonly handlers: EventHandler[] = [];
  private stopped = false;

  /** Registers a handler and returns the kind number to schedule it with. */
  register(handler: EventHandler): number {
    this.handlers.push(handler);
    return this.handlers.length - 1;
  }

  /** Schedules an event `delay` time units from now. */
  schedule(delay: number, kind: number, a = 0, b = 0, priority = 0): void {
    this.at(this.now + delay, kind, a, b, priority);
  }

  /** Schedules an event at an absolute time, not earlier than now. */
  at(time: number, kind: number, a = 0, b = 0, priority = 0): void {
    if (!(time >= this.now)) {
      throw new RangeError(`cannot schedule at ${time}: the clock is already at ${this.now}`);
    }
    if (priority < 0 || priority > MAX_PRIORITY || !Number.isInteger(priority)) {
      throw new RangeError(`event priority must be an integer from 0 to ${MAX_PRIORITY}`);
    }
    this.events.push(time, priority, kind, a, b);
  }

  /**
   * Schedules without argument checks, for engine code that guarantees
   * time >= now (a time computed as now plus a non-negative duration).
   */
  post(time: number, kind: number, a: number, b = 0): void {
    this.events.push(time, 0, kind, a, b);
  }

  get pending(): number {
    return this.events.size;
  }

  peek(): number {
    return this.events.peekTime();
  }

  /** Runs the next event. Returns false when there is none. */
  step(): boolean {
    const ev = this.events;
    if (!ev.pop()) return false;
    this.now = ev.poppedTime;
    this.eventsProcessed++;
    this.handlers[ev.poppedKind](ev.poppedA, ev.poppedB);
    return true;
  }

  /**
   * Runs events while their time is at most `until` (default: until the list is
   * empty or stop() is called). The clock ends at `until` when it is finite.
   */
  run(until = Infinity): void {
    this.stopped = false;
    const ev = this.events;
    const handlers = this.handlers;
    while (!this.stopped && ev.size > 0 && ev.peekTime() <= until) {
      ev.pop();
      this.now = ev.poppedTime;
      this.eventsProcessed++;
      handlers[ev.poppedKind](ev.poppedA, ev.poppedB);
    }
    if (!this.stopped && Number.isFinite(until) && until > this.now) this.now = until;
  }

  /** Ends run() after the current event. */
  stop(): void {
    this.stopped = true;
  }
}
