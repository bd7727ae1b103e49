import { expect } from 'vitest';
import { runNetwork, type NetworkModel } from '../../src/sim/network';
import { replicationSeed } from '../../src/sim/rng';
import { confidenceInterval } from '../../src/sim/stats';

/**
 * The check of a file of theory tests: the simulated mean is within the Student-t interval of
 * its replications at a Bonferroni level over the file's `checks`, so that with a correct
 * simulator all of them pass together with probability at least 95%.
 */
export function theoryCheck(checks: number) {
  const level = 1 - 0.05 / checks;
  return (samples: number[], theory: number, label: string): void => {
    const ci = confidenceInterval(samples, level);
    expect(
      Math.abs(ci.mean - theory),
      `${label}: simulated ${ci.mean} ± ${ci.halfWidth} (Bonferroni CI), theory ${theory}`,
    ).toBeLessThanOrEqual(ci.halfWidth);
  };
}

/** `r` replications of a model, each observed for `observed` after a warm-up of `warmup`. */
export function replicate(
  model: NetworkModel,
  warmup: number,
  observed: number,
  seed: number,
  r: number,
) {
  return Array.from({ length: r }, (_, i) =>
    runNetwork(model, { seed: replicationSeed(seed, i), until: warmup + observed, warmup }),
  );
}

/**
 * Erlang's loss formula B(c, a) by its recursion: written here, apart from src/sim/erlang.ts,
 * so that the theory tests do not take the simulator's own code for the truth.
 */
export function erlangB(servers: number, load: number): number {
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (load * b) / (k + load * b);
  return b;
}

/** Erlang C from Erlang B: the probability an M/M/c arrival waits. */
export function erlangC(servers: number, load: number): number {
  const b = erlangB(servers, load);
  const rho = load / servers;
  return b / (1 - rho + rho * b);
}
