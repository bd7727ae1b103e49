import {
  compileNetwork,
  sourceArrivals,
  stationOfStep,
  type CompiledClass,
  type CompiledNetwork,
} from './compile';
import { Decisions, ROUTE_DONE } from './decisions';
import { EventList } from './event-list';
import type { NetworkModel } from './model';
import { RngStreams } from './rng';
import { customerKey, sourceKeyBase } from './routing';

/**
 * A network model's per-customer decisions by name, for engines that move customers
 * themselves (the BullMQ workers, the live services). They are the kernel's decisions
 * (decisions.ts over the compiled network): the same arrivals in the same order with the
 * same classes, and for each customer the same routing, jobs, service times and patience.
 */
export interface PlannedArrival {
  time: number;
  source: string;
  /** 1-based arrival number within the source. */
  number: number;
  classId: string;
  /** The customer key all later decisions are drawn with. */
  key: number;
}

export class ModelPlan {
  readonly net: CompiledNetwork;
  readonly decisions: Decisions;

  constructor(
    readonly model: NetworkModel,
    readonly seed: number,
    readonly until: number,
  ) {
    this.net = compileNetwork(model, until);
    this.decisions = new Decisions(this.net);
  }

  /**
   * Every arrival up to `until`, in the kernel's order: by time, and at one time as the kernel's
   * event list takes them (network.ts posts each source's first arrival in source order, then a
   * source's next one when its last is taken). Two trace sources with a timestamp each written
   * twice arrive x1, y1, x2, y2 there, not x1, x2, y1, y2 (source order), which is what this
   * gave until 5 December 2026: the live replay then served them in another order.
   */
  arrivals(): PlannedArrival[] {
    const streams = new RngStreams(this.seed);
    const out: PlannedArrival[] = [];
    const pending = new EventList(Math.max(16, this.net.sources.length));
    const state = this.net.sources.map((src) => ({
      src,
      rng: streams.stream(`source:${src.id}`),
      process: sourceArrivals(this.net, src),
      base: sourceKeyBase(src.id, this.seed),
      limit: src.spec.limit ?? Infinity,
      n: 0,
    }));
    // As the kernel posts arrivals: the next one of a source is drawn when its last is taken.
    const post = (i: number, from: number) => {
      const s = state[i];
      if (s.n >= s.limit) return;
      const t = s.process.next(from, s.rng);
      if (t <= this.until) pending.push(t, 0, 0, i, 0);
    };
    state.forEach((_, i) => post(i, 0));
    while (pending.pop()) {
      const t = pending.poppedTime;
      const i = pending.poppedA;
      const s = state[i];
      const n = ++s.n;
      post(i, t);
      const key = customerKey(s.base, n);
      const classId = this.net.classes[this.decisions.classOf(s.src, key)].id;
      out.push({ time: t, source: s.src.id, number: n, classId, key });
    }
    return out;
  }

  /** Index of the first step at or after `from` that the customer visits, or -1 when done. */
  nextStep(classId: string, from: number, key: number): number {
    const s = this.decisions.visit(this.classOf(classId), from, key);
    return s === ROUTE_DONE ? -1 : s;
  }

  /** Station of a step for a customer of a source (resolving `@name` bindings). */
  stationOf(classId: string, step: number, source: string): string {
    const src = this.net.sourceIndex.get(source);
    if (src === undefined) throw new Error(`unknown source '${source}'`);
    return this.net.stations[stationOfStep(this.net, src, this.classOf(classId).index, step)].id;
  }

  /** Jobs and total service time of a customer at a step. */
  service(classId: string, step: number, key: number): { jobs: number; duration: number } {
    const s = this.classOf(classId).steps[step];
    const jobs = this.decisions.jobs(s, key);
    return { jobs, duration: this.decisions.serviceTime(s, key, jobs) };
  }

  /** The outcome if the customer leaves after this step, else null. */
  exitAfter(classId: string, step: number, key: number): string | null {
    const s = this.classOf(classId).steps[step];
    return this.decisions.exits(s, key) ? this.net.outcomes[s.exitOutcome] : null;
  }

  /** How long the customer waits at this step before reneging (Infinity: never). */
  patienceAt(classId: string, step: number, key: number): number {
    return this.decisions.patience(this.classOf(classId), step, key);
  }

  stepIds(classId: string): string[] {
    return this.classOf(classId).steps.map((s) => s.id);
  }

  private classOf(classId: string): CompiledClass {
    const c = this.net.classIndex.get(classId);
    if (c === undefined) throw new Error(`unknown class '${classId}'`);
    return this.net.classes[c];
  }
}
