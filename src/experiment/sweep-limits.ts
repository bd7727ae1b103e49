/**
 * Model runs one sweep may ask for (configurations × replications), as an audit may
 * (MAX_AUDIT_RUNS): 400 configurations of 1,000 replications had been taken, 400,000 runs,
 * hours of the M/M/10 desk and days of the pandemic year's, with nothing but the progress
 * count to say so. Apart from the sweep so that the CLI's help text, which names it, does not
 * load the scenario loader and the simulator.
 */
export const MAX_SWEEP_RUNS = 100_000;
