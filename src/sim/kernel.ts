import { EventList, MAX_PRIORITY } from './event-list';

/**
 * The discrete-event kernel: a virtual clock and an event list. Events carry a small integer
 * kind and two integer payloads, and go to one dispatcher: an engine that switches on the
 * kind itself (the network: one call site, one target, no closure per kind), or handlers
 * registered per kind. Models keep their own state in typed arrays, so the hot loop
 * allocates nothing.
 */
export type EventHandler = (a: number, b: number) => void;

/** Receives every event: `kind` says what it is. */
export interface EventDispatcher {
  dispatch(kind: number, a: number, b: number): void;
}

/** The dispatcher of a kernel built without one: a handler per kind, registered in order. */
class HandlerTable implements EventDispatcher {
  readonly handlers: EventHandler[] = [];
  dispatch(kind: number, a: number, b: number): void {
    this.handlers[kind](a, b);
  }
}

export class Kernel {
  /**
   * The virtual clock: element 0 is the current time. An array, not a field, so that engine
   * code reads the time where it needs it instead of passing it on as an argument (a double
   * passed to a call that is not inlined is boxed on the heap).
   */
  readonly clock = new Float64Array(1);
  /** Events processed so far. */
  eventsProcessed = 0;
  private readonly events = new EventList();
  private readonly dispatcher: EventDispatcher;
  private readonly table: HandlerTable | null;
  private stopped = false;

  /** Current virtual time. */
  get now(): number {
    return this.clock[0];
  }

  constructor(dispatcher?: EventDispatcher) {
    this.table = dispatcher ? null : new HandlerTable();
    this.dispatcher = dispatcher ?? (this.table as HandlerTable);
  }

  /** Registers a handler and returns the kind number to schedule it with. */
  register(handler: EventHandler): number {
    if (!this.table) throw new Error('this kernel dispatches every event to its engine');
    return this.table.handlers.push(handler) - 1;
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
   * time >= now (a time computed as now plus a non-negative duration) and a priority from 0 to
   * MAX_PRIORITY.
   */
  post(time: number, kind: number, a: number, b = 0, priority = 0): void {
    this.events.push(time, priority, kind, a, b);
  }

  /**
   * Schedules, unchecked as post() does, an event that runs among those of its time and
   * priority by `order` (a number below 2^40) instead of by the order of scheduling. Events of
   * one priority are either all ordered or all not.
   */
  postOrdered(
    time: number,
    kind: number,
    a: number,
    b: number,
    priority: number,
    order: number,
  ): void {
    this.events.pushOrdered(time, priority, order, kind, a, b);
  }

  /** Whether another event than the one running is due now (one at the same instant). */
  hasOtherNow(): boolean {
    return this.events.hasOtherBy(this.clock[0]);
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
    this.clock[0] = ev.poppedTime;
    this.eventsProcessed++;
    this.dispatcher.dispatch(ev.poppedKind, ev.poppedA, ev.poppedB);
    return true;
  }

  /**
   * Runs events while their time is at most `until` (default: until the list is
   * empty or stop() is called). The clock ends at `until` when it is finite.
   */
  run(until = Infinity): void {
    this.stopped = false;
    const ev = this.events;
    const dispatcher = this.dispatcher;
    const clock = this.clock;
    while (!this.stopped && ev.popUntil(until)) {
      clock[0] = ev.poppedTime;
      this.eventsProcessed++;
      dispatcher.dispatch(ev.poppedKind, ev.poppedA, ev.poppedB);
    }
    if (!this.stopped && Number.isFinite(until) && until > clock[0]) clock[0] = until;
  }

  /** Ends run() after the current event. */
  stop(): void {
    this.stopped = true;
  }
}
