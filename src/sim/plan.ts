import { createArrivals } from './arrivals';
import { Calendar } from './calendar';
import { createSampler, WeightedChoice, type Sampler } from './distributions';
import type { NetworkModel } from './model';
import { KeyedRng, RngStreams } from './rng';
import {
  customerKey,
  isBoundStation,
  patienceSalt,
  SALT_CLASS,
  SALT_EXIT,
  SALT_JOBS,
  SALT_VISIT,
  sourceKeyBase,
  stepSalt,
} from './routing';

/**
 * A network model's per-customer decisions as plain functions, for engines that
 * move customers themselves (the BullMQ workers). They reproduce the kernel's
 * draws exactly: the same arrivals in the same order with the same classes, and
 * for each customer the same routing, jobs, service times and patience.
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

interface PlanStep {
  id: string;
  station: string;
  service: Sampler;
  jobs: Sampler | null;
  probability: number;
  exitProbability: number;
  exitOutcome: string;
  salt: number;
}

export class ModelPlan {
  private readonly keyed = new KeyedRng();
  private readonly steps = new Map<string, PlanStep[]>();
  private readonly patience = new Map<string, Sampler | null>();
  private readonly binds = new Map<string, Record<string, string>>();

  constructor(
    readonly model: NetworkModel,
    readonly seed: number,
    readonly until: number,
  ) {
    for (const c of model.classes) {
      this.steps.set(
        c.id,
        c.route.map((r) => ({
          id: r.id,
          station: r.station,
          service: createSampler(r.service),
          jobs: r.jobs ? createSampler(r.jobs) : null,
          probability: r.probability ?? 1,
          exitProbability: r.exit?.probability ?? 0,
          exitOutcome: r.exit?.outcome ?? 'completed',
          salt: stepSalt(c.id, r.id),
        })),
      );
      this.patience.set(c.id, c.patience ? createSampler(c.patience) : null);
    }
    for (const s of model.sources) this.binds.set(s.id, s.bind ?? {});
  }

  /** Every arrival up to `until`, in time order (ties: by source order). */
  arrivals(): PlannedArrival[] {
    const calendar = new Calendar(this.model.calendar, this.until);
    const streams = new RngStreams(this.seed);
    const out: PlannedArrival[] = [];
    for (const src of this.model.sources) {
      const mix = typeof src.class === 'string' ? { [src.class]: 1 } : src.class;
      const ids = Object.keys(mix);
      const choice = ids.length > 1 ? new WeightedChoice(ids.map((id) => mix[id])) : null;
      const rng = streams.stream(`source:${src.id}`);
      const firstStations = ids.map((id) => this.stationOf(id, 0, src.id));
      const closedDay = (d: number) =>
        calendar.holiday[d] === 1 || calendar.isClosedForAny(d, firstStations);
      const process = createArrivals(src.arrivals, calendar, this.until, closedDay);
      const base = sourceKeyBase(src.id, this.seed);
      const limit = src.limit ?? Infinity;
      let t = process.next(0, rng);
      let n = 0;
      while (t <= this.until && n < limit) {
        n++;
        const key = customerKey(base, n);
        const classId = choice ? ids[choice.pick(this.keyed.reseed(key, SALT_CLASS))] : ids[0];
        out.push({ time: t, source: src.id, number: n, classId, key });
        t = n < limit ? process.next(t, rng) : Infinity;
      }
    }
    const order = new Map(this.model.sources.map((s, i) => [s.id, i]));
    return out.sort(
      (a, b) =>
        a.time - b.time ||
        (order.get(a.source) ?? 0) - (order.get(b.source) ?? 0) ||
        a.number - b.number,
    );
  }

  /** Index of the first step at or after `from` that the customer visits, or -1 when done. */
  nextStep(classId: string, from: number, key: number): number {
    const steps = this.stepsOf(classId);
    for (let s = from; s < steps.length; s++) {
      const p = steps[s].probability;
      if (p >= 1 || this.keyed.reseed(key, steps[s].salt ^ SALT_VISIT).next() < p) return s;
    }
    return -1;
  }

  /** Station of a step for a customer of a source (resolving `@name` bindings). */
  stationOf(classId: string, step: number, source: string): string {
    const station = this.stepsOf(classId)[step].station;
    if (!isBoundStation(station)) return station;
    const bound = this.binds.get(source)?.[station.slice(1)];
    if (!bound) throw new Error(`source '${source}' does not bind ${station}`);
    return bound;
  }

  /** Jobs and total service time of a customer at a step. */
  service(classId: string, step: number, key: number): { jobs: number; duration: number } {
    const s = this.stepsOf(classId)[step];
    if (!s.jobs) return { jobs: 1, duration: s.service.sample(this.keyed.reseed(key, s.salt)) };
    const jobs = Math.max(1, Math.round(s.jobs.sample(this.keyed.reseed(key, s.salt ^ SALT_JOBS))));
    const rng = this.keyed.reseed(key, s.salt);
    let duration = 0;
    for (let j = 0; j < jobs; j++) duration += s.service.sample(rng);
    return { jobs, duration };
  }

  /** The outcome if the customer leaves after this step, else null. */
  exitAfter(classId: string, step: number, key: number): string | null {
    const s = this.stepsOf(classId)[step];
    if (
      s.exitProbability > 0 &&
      this.keyed.reseed(key, s.salt ^ SALT_EXIT).next() < s.exitProbability
    )
      return s.exitOutcome;
    return null;
  }

  /** How long the customer waits at this step before reneging (Infinity: never). */
  patienceAt(classId: string, step: number, key: number): number {
    const p = this.patience.get(classId);
    return p ? p.sample(this.keyed.reseed(key, patienceSalt(classId) ^ step)) : Infinity;
  }

  stepIds(classId: string): string[] {
    return this.stepsOf(classId).map((s) => s.id);
  }

  private stepsOf(classId: string): PlanStep[] {
    const steps = this.steps.get(classId);
    if (!steps) throw new Error(`unknown class '${classId}'`);
    return steps;
  }
}
