/**
 * Limits shared by scenario files and the command line, kept apart from the schema so that code
 * that only needs the numbers (the CLI's option parsers) does not load class-validator.
 */

/** Replications one run may ask for, in a scenario or with --replications. */
export const MAX_REPLICATIONS = 1000;
export const REPLICATIONS_RULE = `must be a whole number from 1 to ${MAX_REPLICATIONS}`;

/**
 * Seeds a run may use, in a scenario (`seed:`), on the command line (--seed, a swept seed) and
 * in a summary.json: whole numbers a double holds exactly. Above 2^53 − 1 neighbouring integers
 * share one double (9007199254740993 reads as …992), and replication seeds are built from the
 * seed's two 32-bit halves (src/sim/rng.ts), so a larger seed would alias a smaller one.
 */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;
export const SEED_RULE = `must be a whole number from 0 to ${MAX_SEED} (2^53 − 1)`;

export function isSeed(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= MAX_SEED;
}
