/**
 * The audit's methods and limits, apart from the audit itself so that the CLI's help text
 * (which names them) does not load the scenario loader and the simulator.
 */
export const AUDIT_METHODS = ['sobol', 'lhs', 'morris'] as const;
export type AuditMethod = (typeof AUDIT_METHODS)[number];

/**
 * Model runs one audit may ask for (design points × replications): about an hour of e-visa
 * runs on two cores (27 a second), half a day of the pandemic year's, and a design that fits in
 * memory. A Sobol audit of k = 10 assumptions at N = 4,096 is 49,152 runs.
 */
export const MAX_AUDIT_RUNS = 100_000;

export const DEFAULT_AUDIT_SAMPLES = 64;
