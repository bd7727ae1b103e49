/**
 * What a run will cost, said before it starts: the customers it is expected to simulate (from
 * the arrival rates, src/sim/compile.ts expectedCustomers) over the kernel's speed on this
 * browser, measured by the last run of the same scenario here or, before any, by a short run of
 * a simple queue. An estimate, and said to be one: a customer of a long route or a crowded queue
 * costs more than one of the calibration's queue, and other work on the machine slows a run.
 */

/** Above this many seconds the Lab asks before it runs (a minute of a busy tab is a lot to lose). */
export const CONFIRM_SECONDS = 60;

/** Customers of the calibration run: long enough to time, short enough not to be noticed. */
export const CALIBRATION_CUSTOMERS = 40_000;

const STORE = 'consular-sim-lab:customers-per-second:';

export type RateBasis = 'scenario' | 'calibration';

export interface Estimate {
  /** Customers the whole run is expected to simulate (every replication, every arm). */
  customers: number;
  seconds: number;
  basis: RateBasis;
}

/**
 * Seconds for `replications` of `customersPerReplication` on `workers` workers at `rate`
 * customers a second each: the replications run side by side, a worker's share one after
 * another.
 */
export function estimateSeconds(
  customersPerReplication: number,
  replications: number,
  workers: number,
  rate: number,
): number {
  const rounds = Math.ceil(replications / Math.max(1, Math.min(workers, replications)));
  return (customersPerReplication * rounds) / rate;
}

/**
 * The speed a finished run showed, in customers a second per worker: the inverse of
 * estimateSeconds, so that the next estimate of the same run gives the time it took.
 */
export function measuredRate(
  customersPerReplication: number,
  replications: number,
  workers: number,
  elapsedSeconds: number,
): number {
  return estimateSeconds(customersPerReplication, replications, workers, 1) / elapsedSeconds;
}

/** The speed the last run of `scenario` showed in this browser, if there was one. */
export function storedRate(scenario: string): number | undefined {
  try {
    const v = Number(localStorage.getItem(STORE + scenario));
    return Number.isFinite(v) && v > 0 ? v : undefined;
  } catch {
    // Storage refused (a private window, a policy): no memory, the calibration stands in.
    return undefined;
  }
}

export function storeRate(scenario: string, rate: number): void {
  if (!(Number.isFinite(rate) && rate > 0)) return;
  try {
    localStorage.setItem(STORE + scenario, String(rate));
  } catch {
    // As above: the next estimate uses the calibration.
  }
}
