import { hashString, mixKey } from './rng';

/**
 * The per-customer random decisions both engines make, keyed by who the customer
 * is (source, seed, arrival number) and what is being decided (class/step and
 * purpose). The kernel and the BullMQ workers use these same keys, so a customer
 * gets the same service times and routing under either engine.
 */

/** Salt for "does the customer visit this step?" */
export const SALT_VISIT = 0x5bd1e995;
/** Salt for "does the customer leave after this step?" */
export const SALT_EXIT = 0x2545f491;
/** Salt for "which class is this arrival?" (per customer, so arms with other class mixes stay in step). */
export const SALT_CLASS = 0x1b873593;
/** Salt for "how many jobs does the customer bring to this step?" */
export const SALT_JOBS = 0x68e31da4;

/** Salt for "does the customer balk at the queue it finds at this step?" (station balking). */
export const SALT_BALK = 0x7feb352d;

/**
 * Salt for "does the customer, turned away at this step's station, come back, and after how
 * long?" (station retrials: the decision, then the delay, from one keyed stream).
 */
export const SALT_RETRY = 0x4cf5ad43;

/**
 * The key of a customer's `attempt`-th try at a step's station (0: its first arrival there,
 * whose key is the customer's own): a decision it makes again when it comes back (balking, and
 * whether to come back again) is drawn afresh at each attempt, keyed by who and which attempt.
 */
export function attemptKey(key: number, attempt: number): number {
  return attempt === 0 ? key : mixKey(key, attempt);
}

/** Salt of a step's service-time draws. */
export function stepSalt(classId: string, stepId: string): number {
  return hashString(`${classId}/${stepId}`);
}

export function patienceSalt(classId: string): number {
  return hashString(`${classId}/patience`);
}

/** Base of the customer keys of one source in one replication. */
export function sourceKeyBase(sourceId: string, seed: number): number {
  return mixKey(hashString(sourceId), seed | 0);
}

/** Key of the n-th customer (1-based) of a source. */
export function customerKey(base: number, arrivalNumber: number): number {
  return mixKey(base, arrivalNumber);
}

/** A route step whose station is bound per source: `@mission` → the source's `bind.mission`. */
export function isBoundStation(station: string): boolean {
  return station.startsWith('@');
}
