import 'reflect-metadata';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { freezeModel } from '../../../src/sim/compile';
import { runNetwork } from '../../../src/sim/network';
import { replicationSeed } from '../../../src/sim/rng';
import { replicate, theoryCheck } from '../../helpers/theory';

/**
 * Erlang's overflow: Poisson arrivals at rate lambda to a primary group of c servers with no
 * waiting room (M/M/c/c), whose customers turned away because every server is busy overflow to
 * a secondary group with servers enough for all (StationModel.overflow), the same exponential
 * service (mean 1/mu) at both. With A = lambda / mu offered to the primary:
 * - the overflow rate is lambda B(c, A), Erlang's loss formula B, which this file computes by
 *   its recursion (not from src/sim/erlang.ts);
 * - the number busy at the secondary has mean M = A B(c, A) (each overflowed customer holds a
 *   server for a mean 1/mu) and variance V = M (1 - M + A / (c + 1 + M - A)) (Riordan's
 *   formula: Wilkinson 1956, "Theories for toll traffic engineering in the USA"; Cooper,
 *   Introduction to Queueing Theory, 1981, section 4.6). The overflow process is not Poisson: V
 *   exceeds M (its "peakedness" V / M > 1), which is why Wilkinson's method dimensions the
 *   secondary with V and not M alone.
 * Every number is an assumption of the test, written before the first run: c = 5, A = 4
 * Erlang (lambda 4 a minute, mean service 1 minute), a secondary of 100 servers (more than the
 * overflow ever holds: its number busy has mean 0.8 and variance 1.3, so 100 busy has a
 * probability far below 1e-50), in the fixture tests/fixtures/scenarios/theory/overflow.yaml,
 * which the live replay runs too.
 * - The rate and the time-averaged mean busy: 20 replications of 20,000 minutes after a
 *   warm-up of 50 (50 mean services from empty).
 * - The variance: the number busy at the secondary at one instant, 40 minutes after an empty
 *   start (the chain forgets its start at a rate of at least mu, e^-40), in 20,000 independent
 *   replications: if the simulator is right (N - M)^2 has mean V, so V lies within the interval
 *   of those squares; and N has mean M.
 * Tolerance: the theory lies within the Student-t interval at the Bonferroni level over the
 * CHECKS checks of this file (family-wise 95%).
 */
const CHECKS = 4;

const expectTheory = theoryCheck(CHECKS);

const C = 5;
const LAMBDA = 4;
const MEAN_SERVICE = 1;
const A = LAMBDA * MEAN_SERVICE;

/** Erlang B by its recursion B(k) = A B(k-1) / (k + A B(k-1)), B(0) = 1. */
function erlangLoss(servers: number, load: number): number {
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (load * b) / (k + load * b);
  return b;
}

const FIXTURE = join(__dirname, '../../fixtures/scenarios/theory/overflow.yaml');
const scenario = loadScenario(FIXTURE);
const model = freezeModel(scenario.network!);

describe("Erlang's overflow: M/M/5/5 overflowing to an infinite-server group", () => {
  const B = erlangLoss(C, A);
  const M = A * B;
  const V = M * (1 - M + A / (C + 1 + M - A));

  it('the fixture is the model of the theory', () => {
    expect(model.stations).toMatchObject([
      { id: 'primary', servers: C, queueLimit: 0, overflow: 'secondary' },
      { id: 'secondary', servers: 100 },
    ]);
    expect(model.classes[0].route[0].service).toEqual({ dist: 'exponential', mean: MEAN_SERVICE });
    expect(model.sources[0].arrivals).toEqual({ kind: 'poisson', rate: LAMBDA });
  });

  it('the recursion is Erlang B (closed form at c = 1 and c = 2)', () => {
    expect(erlangLoss(1, 4)).toBeCloseTo(4 / 5, 12);
    expect(erlangLoss(2, 4)).toBeCloseTo(8 / (1 + 4 + 8), 12);
    // The overflow is peaked: more variable than Poisson traffic of the same mean.
    expect(V / M).toBeGreaterThan(1.5);
  });

  it('overflow rate lambda B(c, A) and mean busy A B(c, A) at the secondary', () => {
    const warmup = 50;
    const observed = 20_000;
    const runs = replicate(model, warmup, observed, scenario.seed, scenario.replications);
    expectTheory(
      runs.map((r) => r.stations.primary.overflowed! / observed),
      LAMBDA * B,
      'overflow rate',
    );
    expectTheory(
      runs.map((r) => r.stations.secondary.meanBusy),
      M,
      'secondary mean busy',
    );
    for (const r of runs) {
      // Nobody is lost: every customer the primary turns away is served at the secondary.
      expect(r.totals.lost).toBe(0);
      expect(r.stations.primary.balked).toBe(0);
      expect(r.stations.secondary.arrivals).toBe(r.stations.primary.overflowed);
    }
  });

  it("the number busy at the secondary: mean M and Riordan's variance", () => {
    const until = 40;
    const busy = Array.from(
      { length: 20_000 },
      (_, i) =>
        runNetwork(model, { seed: replicationSeed(35_002, i), until }).stations.secondary
          .inServiceAtEnd,
    );
    expectTheory(busy, M, 'secondary busy at an instant, mean');
    expectTheory(
      busy.map((n) => (n - M) ** 2),
      V,
      'secondary busy at an instant, variance (Riordan)',
    );
  });
});
