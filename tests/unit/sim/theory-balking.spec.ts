import 'reflect-metadata';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import type { DistributionSpec } from '../../../src/sim/distributions';
import { runNetwork, type NetworkModel, type RunSummary } from '../../../src/sim/network';
import { replicate, theoryCheck } from '../../helpers/theory';

/**
 * Balking by choice (a station's `balking.probabilities`) against theory: an M/M/c queue whose
 * arrivals, finding every server busy and n waiting, leave with probability b(n) is a
 * birth-death chain on the number in the station, k: births lambda for k < c and
 * lambda (1 - b(k - c)) from there, deaths min(k, c) mu. Its stationary distribution, computed
 * here and never from the simulator's code, gives by PASTA the share of arrivals who balk
 * (sum of pi_k b(k - c)), the mean queue Lq, the throughput (sum of pi_k min(k, c) mu) and by
 * Little's law the mean wait of those who join, Lq / throughput. With a queueLimit L as well the
 * chain stops at c + L, where everyone balks without a draw: the two kinds of balking apart.
 *
 * Tolerance: the theory must lie inside the Student-t interval of the replications at the
 * Bonferroni level over the CHECKS checks of this file (family-wise 95%), fixed seeds.
 */
const CHECKS = 9;
const expectTheory = theoryCheck(CHECKS);

const exp = (mean: number): DistributionSpec => ({ dist: 'exponential', mean });

/** Stationary probabilities of a birth-death chain on 0..K (birth(k) from k, death(k) into k - 1). */
function birthDeath(birth: (k: number) => number, death: (k: number) => number, K: number) {
  const p = [1];
  for (let k = 1; k <= K; k++) p.push((p[k - 1] * birth(k - 1)) / death(k));
  const total = p.reduce((s, x) => s + x, 0);
  return p.map((x) => x / total);
}

/** The M/M/c chain with balking probabilities b (by the number waiting, the last beyond). */
function balkingChain(lambda: number, mu: number, c: number, b: number[], limit = Infinity) {
  const balk = (k: number) => (k < c ? 0 : b[Math.min(k - c, b.length - 1)]);
  // Without a limit the tail past the list is geometric with ratio lambda (1 - b_last) / (c mu):
  // cut where what is left is far below the simulation's resolution (checked below).
  const K = Number.isFinite(limit) ? c + limit : c + 400;
  const p = birthDeath(
    (k) => (k >= c + limit ? 0 : lambda * (1 - balk(k))),
    (k) => Math.min(k, c) * mu,
    K,
  );
  const sum = (f: (k: number) => number) => p.reduce((s, x, k) => s + x * f(k), 0);
  const atLimit = Number.isFinite(limit) ? p[K] : 0;
  const byChoice = sum((k) => (k >= c + limit ? 0 : balk(k)));
  const lq = sum((k) => Math.max(k - c, 0));
  const throughput = sum((k) => Math.min(k, c) * mu);
  return { p, atLimit, byChoice, lq, throughput, wq: lq / throughput, tail: p[K] };
}

function desk(servers: number, balking: number[], queueLimit?: number): NetworkModel {
  return {
    name: 'balking desk',
    stations: [
      {
        id: 'desk',
        servers,
        balking: { probabilities: balking },
        ...(queueLimit !== undefined && { queueLimit }),
      },
    ],
    classes: [{ id: 'citizen', route: [{ id: 'visit', station: 'desk', service: exp(10) }] }],
    sources: [{ id: 'walk-ins', class: 'citizen', arrivals: { kind: 'poisson', rate: 0.36 } }],
  };
}

const FIXTURE = join(__dirname, '../../fixtures/scenarios/theory/balking.yaml');
const LAMBDA = 0.36;
const MU = 0.1;
const C = 3;
const WARMUP = 2_000;
const OBSERVED = 20_000;
const at = (r: RunSummary) => r.stations.desk;

describe('balking by choice: M/M/3 with state-dependent balking as a birth-death chain', () => {
  it('overloaded without balking (rho 1.2), kept stable by it: P(balk), Lq, Wq and throughput', () => {
    // Arrivals 0.36 a minute at 3 officers of mean 10 minutes: 20% more than they serve. A
    // citizen who finds n waiting balks with 0, 0.2, 0.4, 0.6, 0.8, then 0.9 beyond.
    const b = [0, 0.2, 0.4, 0.6, 0.8, 0.9];
    const theory = balkingChain(LAMBDA, MU, C, b);
    expect(theory.tail).toBeLessThan(1e-100);
    // Far from the answers of a slip: balking at the queue length one off, or never.
    const shifted = balkingChain(LAMBDA, MU, C, [0, ...b]);
    expect(Math.abs(shifted.byChoice - theory.byChoice)).toBeGreaterThan(0.015);
    expect(theory.byChoice).toBeGreaterThan(0.2);

    const runs = replicate(desk(C, b), WARMUP, OBSERVED, 9101, 20);
    for (const r of runs) {
      // Every balk here is by choice, and a balk is the outcome `balked`.
      expect(at(r).balkedByChoice).toBe(at(r).balked);
      expect(r.totals.lostBy.balked).toBe(at(r).balked);
    }
    expectTheory(
      runs.map((r) => at(r).balked / at(r).arrivals),
      theory.byChoice,
      'balking: share of arrivals who balk',
    );
    expectTheory(
      runs.map((r) => at(r).meanQueue),
      theory.lq,
      'balking: mean queue Lq',
    );
    expectTheory(
      runs.map((r) => at(r).wait.mean),
      theory.wq,
      'balking: mean wait of those who join (Little)',
    );
    expectTheory(
      runs.map((r) => at(r).served / OBSERVED),
      theory.throughput,
      'balking: throughput',
    );
  });

  it('with a queueLimit: balking by choice below the limit, everyone at it, apart', () => {
    // The fixture the live replay runs (tests/integration/experiment/theory-balking.live.spec.ts):
    // its network, observed far longer than its day.
    const sc = loadScenario(FIXTURE);
    const b = [0.1, 0.3, 0.5];
    const limit = 4;
    expect(sc.network!.stations[0]).toMatchObject({
      servers: C,
      queueLimit: limit,
      balking: { probabilities: b },
    });
    const theory = balkingChain(LAMBDA, MU, C, b, limit);
    expect(theory.atLimit).toBeGreaterThan(0.02);
    const runs = replicate(sc.network!, WARMUP, OBSERVED, sc.seed, sc.replications);
    for (const r of runs) expect(at(r).balked).toBeGreaterThan(at(r).balkedByChoice!);
    expectTheory(
      runs.map((r) => at(r).balkedByChoice! / at(r).arrivals),
      theory.byChoice,
      'balking and a limit: share who balk by choice',
    );
    expectTheory(
      runs.map((r) => (at(r).balked - at(r).balkedByChoice!) / at(r).arrivals),
      theory.atLimit,
      'balking and a limit: share who find the queue at its limit',
    );
    expectTheory(
      runs.map((r) => at(r).meanQueue),
      theory.lq,
      'balking and a limit: mean queue Lq',
    );
    expectTheory(
      runs.map((r) => at(r).wait.mean),
      theory.wq,
      'balking and a limit: mean wait of those who join',
    );
    expectTheory(
      runs.map((r) => at(r).served / OBSERVED),
      theory.throughput,
      'balking and a limit: throughput',
    );
  });

  it('a model built in code meets the rules of a scenario file (ModelError naming the path)', () => {
    const run = (probabilities: unknown) =>
      runNetwork(
        {
          ...desk(1, []),
          stations: [{ id: 'desk', servers: 1, balking: { probabilities } }],
        } as NetworkModel,
        { seed: 1, until: 10 },
      );
    expect(() => run([])).toThrow(
      /stations\[0\]\.balking\.probabilities: must be a list of 1 to 1,000/,
    );
    expect(() => run(new Array(1001).fill(0))).toThrow(/balking\.probabilities: must be a list/);
    expect(() => run([0, 1.01])).toThrow(
      /stations\[0\]\.balking\.probabilities\[1\]: must be a number between 0 and 1/,
    );
    expect(() => run([0, Number.NaN])).toThrow(/probabilities\[1\]/);
    // Everyone who finds a queue balks: nobody ever waits.
    const edge = run([1]).stations.desk;
    expect(edge.balkedByChoice).toBe(edge.balked);
    expect(edge.maxQueue).toBe(0);
  });
});
