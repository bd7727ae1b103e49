import type { CompiledClass, CompiledNetwork, CompiledSource, CompiledStep } from './compile';
import { KeyedRng } from './rng';
import type { CompiledRetrial } from './compile';
import {
  attemptKey,
  SALT_BALK,
  SALT_CLASS,
  SALT_EXIT,
  SALT_JOBS,
  SALT_RETRY,
  SALT_VISIT,
} from './routing';

/** What follows a service: the customer is done (completed) or leaves by the step's exit. */
export const ROUTE_DONE = -1;
export const ROUTE_EXIT = -2;

/**
 * A customer's random decisions, each a pure function of the customer's key and what is
 * decided (see routing.ts): its class, the steps it visits, its jobs and service times, an
 * exit after a step, its patience. The kernel, the live replay and ModelPlan all decide
 * through these, so a customer makes the same choices under every engine.
 */
export class Decisions {
  private readonly keyed = new KeyedRng();

  constructor(readonly net: CompiledNetwork) {}

  /**
   * Class index of the customer with this key. Drawn from the key, not the arrival stream,
   * so arms with different class mixes still see the same arrival times.
   */
  classOf(source: CompiledSource, key: number): number {
    return this.classOfSource(source.index, key);
  }

  /**
   * classOf by the source's index: source.classChoice.pick() over the network's flat alias
   * tables (compile.ts classStart), the same draw with fewer objects to visit.
   */
  classOfSource(source: number, key: number): number {
    const net = this.net;
    const at = net.classStart[source];
    const n = net.classStart[source + 1] - at;
    if (n === 1) return net.classOwn[at];
    const u = this.keyed.uniform(key, SALT_CLASS) * n;
    const i = Math.floor(u);
    return net.classOwn[at + (u - i < net.classProb[at + i] ? i : net.classAlias[at + i])];
  }

  /** The first step at or after `from` that the customer visits, or ROUTE_DONE. */
  visit(cls: CompiledClass, from: number, key: number): number {
    const steps = cls.steps;
    for (let s = from; s < steps.length; s++) {
      const p = steps[s].probability;
      if (p >= 1 || this.keyed.uniform(key, steps[s].salt ^ SALT_VISIT) < p) return s;
    }
    return ROUTE_DONE;
  }

  /** After a service at step `s`: ROUTE_EXIT (the step's exit), or the next step visited, or ROUTE_DONE. */
  after(cls: CompiledClass, s: number, key: number): number {
    return this.exits(cls.steps[s], key) ? ROUTE_EXIT : this.visit(cls, s + 1, key);
  }

  /** Whether the customer leaves by the step's exit after its service there. */
  exits(step: CompiledStep, key: number): boolean {
    return (
      step.exitProbability > 0 &&
      this.keyed.uniform(key, step.salt ^ SALT_EXIT) < step.exitProbability
    );
  }

  /**
   * The uniform a customer draws for balking by choice at a step's station (Station.admit):
   * it balks when the uniform is below the station's probability for the queue it finds. One
   * keyed draw per customer, step and attempt (0 the first arrival; a customer who comes back
   * after being turned away, StationModel.retrial, draws afresh), as a visit or an exit, so arms
   * that change staffing or the probabilities keep it.
   */
  balkUniform(step: CompiledStep, key: number, attempt: number): number {
    return this.keyed.uniform(attemptKey(key, attempt), step.salt ^ SALT_BALK);
  }

  /**
   * Whether a customer turned away at a step's station on its `attempt`-th try (0 the first)
   * comes back, and after how long: the delay in minutes (exponential with the rule's mean), or
   * -1 when it gives up. Its own keyed stream per customer, step and attempt: the decision's
   * uniform, then the delay's, so an arm that changes the probability keeps the delays of
   * those who still come back.
   */
  retrialDelay(step: CompiledStep, key: number, attempt: number, rule: CompiledRetrial): number {
    const rng = this.keyed.reseed(attemptKey(key, attempt), step.salt ^ SALT_RETRY);
    if (!(rng.next() < rule.probability)) return -1;
    return -rule.meanDelay * Math.log(rng.nextOpen());
  }

  /** Jobs the customer brings to a step (at least 1). */
  jobs(step: CompiledStep, key: number): number {
    if (!step.jobs) return 1;
    return Math.max(1, Math.round(step.jobs.sample(this.keyed.reseed(key, step.salt ^ SALT_JOBS))));
  }

  /** Service time of `jobs` jobs at a step, served back to back. */
  serviceTime(step: CompiledStep, key: number, jobs: number): number {
    const rng = this.keyed.reseed(key, step.salt);
    if (jobs === 1) return step.service.sample(rng);
    let duration = 0;
    for (let j = 0; j < jobs; j++) duration += step.service.sample(rng);
    return duration;
  }

  /**
   * How long the customer waits at step `s` before reneging (Infinity: never): the step's
   * patience, else its class's. One draw per customer and step, whichever gives it, so an arm
   * that gives a step its own patience keeps the customers' other draws.
   */
  patience(cls: CompiledClass, s: number, key: number): number {
    const p = cls.steps[s].patience;
    return p ? p.sample(this.keyed.reseed(key, cls.patienceSalt ^ s)) : Infinity;
  }
}
