/**
 * Limits shared by scenario files and the command line, kept apart from the schema so that code
 * that only needs the numbers (the CLI's option parsers) does not load class-validator.
 */

/** Replications one run may ask for, in a scenario or with --replications. */
export const MAX_REPLICATIONS = 1000;
export const REPLICATIONS_RULE = `must be a whole number from 1 to ${MAX_REPLICATIONS}`;
