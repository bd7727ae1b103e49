import { describe, expect, it } from 'vitest';
import type { DistributionSpec } from '../../../src/sim/distributions';
import type { NetworkModel, RunSummary } from '../../../src/sim/network';
import { replicate, theoryCheck } from '../../helpers/theory';

/**
 * Retrials with a limit (a station's `retrial.maxRetries`) against theory: the M/M/c/K retrial
 * queue of theory-retrial.spec.ts, whose customers come back at most R times per visit. c servers
 * and room for K - c waiting; Poisson arrivals lambda; a customer turned away (the queue full)
 * on its attempt a (0 the first arrival, a the a-th return) joins the orbit with probability p
 * while a < R, and comes back at rate theta; it leaves otherwise, and once a = R it leaves for
 * good. Those who leave after coming back at least once (a > 0) gave up after a retrial. The
 * orbit is split by returns used: m_j customers will come back as their j-th return, j = 1..R,
 * so the state (n in the station, m_1, ..., m_R) is a continuous-time Markov chain, 2-D for
 * R = 1 and 3-D for R = 2, solved here by Gauss-Seidel on 0..K x (0..M)^R with the cut checked
 * (the mass at M, and the answers at 2M). Without a limit the chain is the one-class chain of
 * theory-retrial.spec.ts, solved by the same code to show how far the limit moves each answer.
 * By PASTA (arrivals and, given m_j, the returns of class j are Poisson) it gives the share of
 * attempts turned away, the returns, the customers lost and those who gave up after a retrial,
 * per customer who arrived, the mean queue and by Little's law the mean wait of those served.
 *
 * Tolerance: the theory must lie inside the Student-t interval of the replications at the
 * Bonferroni level over the CHECKS checks of this file (family-wise 95%), fixed seeds.
 */
const CHECKS = 12;
const expectTheory = theoryCheck(CHECKS);

const exp = (mean: number): DistributionSpec => ({ dist: 'exponential', mean });

interface LimitedRetrialQueue {
  lambda: number;
  mu: number;
  c: number;
  /** Room in the queue: the station holds c + limit. */
  limit: number;
  theta: number;
  p: number;
  /** Most returns per customer: a whole number, or Infinity for none. */
  maxRetries: number;
}

/**
 * The stationary chain of an M/M/c/K retrial queue with at most `maxRetries` returns, each orbit
 * class cut at `orbitMax`, and its measures.
 */
function limitedRetrialChain(q: LimitedRetrialQueue, orbitMax: number) {
  const { lambda, mu, c, limit, theta, p, maxRetries } = q;
  const K = c + limit;
  const M = orbitMax;
  // Orbit classes: class j (from 0) holds those due back as their (j + 1)-th return. Without a
  // limit one class, whose members turned away again rejoin it.
  const unlimited = !Number.isFinite(maxRetries);
  const classes = unlimited ? 1 : maxRetries;
  // State index: n + (K + 1) (m_0 + (M + 1) (m_1 + ...)).
  const stride = [K + 1];
  for (let j = 0; j < classes; j++) stride.push(stride[j] * (M + 1));
  const size = stride[classes];
  const orbitOf = (i: number, j: number) => Math.floor(i / stride[j]) % (M + 1);
  // Of those due back as class j who find the queue full, the share who go for another return.
  const goesOn = (j: number) => (unlimited || j + 1 < classes ? p : 0);

  const into: [number, number][][] = Array.from({ length: size }, () => []);
  const out = new Float64Array(size);
  const edge = (from: number, to: number, rate: number) => {
    if (rate <= 0) return;
    into[to].push([from, rate]);
    out[from] += rate;
  };
  for (let i = 0; i < size; i++) {
    const n = i % (K + 1);
    if (n < K) edge(i, i + 1, lambda);
    // A fresh arrival who finds it full joins class 0 (the cut: not beyond M); R = 0 has none.
    else if (classes > 0 && orbitOf(i, 0) < M) edge(i, i + stride[0], lambda * p);
    if (n > 0) edge(i, i - 1, Math.min(n, c) * mu);
    for (let j = 0; j < classes; j++) {
      const m = orbitOf(i, j);
      if (m === 0) continue;
      const back = i - stride[j];
      if (n < K) {
        edge(i, back + 1, m * theta);
        continue;
      }
      // Turned away again: on to the next class (without a limit, back to the same one: a
      // self-loop, left out; at the cut, stays where it is), or gone.
      if (j + 1 < classes && orbitOf(i, j + 1) < M)
        edge(i, back + stride[j + 1], m * theta * goesOn(j));
      edge(i, back, m * theta * (1 - goesOn(j)));
    }
  }
  let pi = new Float64Array(size).fill(1 / size);
  for (let sweep = 0; sweep < 200_000; sweep++) {
    let change = 0;
    for (let j = 0; j < size; j++) {
      let inflow = 0;
      for (const [from, rate] of into[j]) inflow += pi[from] * rate;
      const next = inflow / out[j];
      change = Math.max(change, Math.abs(next - pi[j]));
      pi[j] = next;
    }
    const total = pi.reduce((s, x) => s + x, 0);
    pi = pi.map((x) => x / total);
    if (change < 1e-15) break;
  }
  const expect = (f: (i: number, n: number) => number) => {
    let s = 0;
    for (let i = 0; i < size; i++) s += pi[i] * f(i, i % (K + 1));
    return s;
  };
  const full = (n: number) => (n === K ? 1 : 0);
  const pFull = expect((_i, n) => full(n));
  let orbit = 0;
  let returnsTurnedAway = 0;
  let gaveUp = 0;
  for (let j = 0; j < classes; j++) {
    orbit += expect((i) => orbitOf(i, j));
    const turnedAway = theta * expect((i, n) => orbitOf(i, j) * full(n));
    returnsTurnedAway += turnedAway;
    gaveUp += turnedAway * (1 - goesOn(j));
  }
  // Fresh arrivals turned away who do not join the orbit (all of them when R = 0).
  const lostAtOnce = lambda * pFull * (classes > 0 ? 1 - p : 1);
  const throughput = expect((_i, n) => Math.min(n, c) * mu);
  const lq = expect((_i, n) => Math.max(n - c, 0));
  return {
    /** Mass at the cut of any class: what the truncation drops lies beyond it. */
    tail: expect((i) => {
      for (let j = 0; j < classes; j++) if (orbitOf(i, j) === M) return 1;
      return 0;
    }),
    /** Customers in, less those served and lost, per unit time: 0 in a stationary chain. */
    imbalance: lambda - throughput - lostAtOnce - gaveUp,
    /** Share of attempts (arrivals and returns) that find the queue full. */
    turnedAwayShare: (lambda * pFull + returnsTurnedAway) / (lambda + theta * orbit),
    /** Returns per customer who arrived. */
    retrialsPerCustomer: (theta * orbit) / lambda,
    /** Customers lost per customer who arrived. */
    lostPerCustomer: (lostAtOnce + gaveUp) / lambda,
    /** Those who came back at least once and then gave up, per customer who arrived. */
    gaveUpPerCustomer: gaveUp / lambda,
    throughput,
    lq,
    wq: lq / throughput,
  };
}

/** The chain's answers at a cut, checked against the answers at twice the cut. */
function solved(q: LimitedRetrialQueue, orbitMax: number) {
  const theory = limitedRetrialChain(q, orbitMax);
  const wider = limitedRetrialChain(q, 2 * orbitMax);
  expect(theory.tail).toBeLessThan(1e-12);
  expect(Math.abs(theory.imbalance)).toBeLessThan(1e-9);
  for (const key of ['turnedAwayShare', 'retrialsPerCustomer', 'lostPerCustomer', 'wq'] as const)
    expect(Math.abs(theory[key] - wider[key])).toBeLessThan(1e-9);
  return theory;
}

function desk(q: LimitedRetrialQueue): NetworkModel {
  return {
    name: 'retrial desk with a limit',
    stations: [
      {
        id: 'desk',
        servers: q.c,
        queueLimit: q.limit,
        retrial: { probability: q.p, meanDelayMinutes: 1 / q.theta, maxRetries: q.maxRetries },
      },
    ],
    classes: [{ id: 'citizen', route: [{ id: 'visit', station: 'desk', service: exp(1 / q.mu) }] }],
    sources: [{ id: 'walk-ins', class: 'citizen', arrivals: { kind: 'poisson', rate: q.lambda } }],
  };
}

const WARMUP = 3_000;
const OBSERVED = 40_000;
const at = (r: RunSummary) => r.stations.desk;
/** Customers who arrived at the station, not counting their returns. */
const fresh = (r: RunSummary) => at(r).arrivals - at(r).retrials!;

/** The six checks of one case against the replications. */
function checkAll(runs: RunSummary[], theory: ReturnType<typeof limitedRetrialChain>, tag: string) {
  expectTheory(
    runs.map((r) => at(r).balkedAttempts! / at(r).arrivals),
    theory.turnedAwayShare,
    `${tag}: share of attempts turned away`,
  );
  expectTheory(
    runs.map((r) => at(r).retrials! / fresh(r)),
    theory.retrialsPerCustomer,
    `${tag}: returns per customer`,
  );
  expectTheory(
    runs.map((r) => at(r).balked / fresh(r)),
    theory.lostPerCustomer,
    `${tag}: customers lost per customer`,
  );
  expectTheory(
    runs.map((r) => at(r).gaveUpAfterRetrial! / fresh(r)),
    theory.gaveUpPerCustomer,
    `${tag}: lost after coming back at least once, per customer`,
  );
  expectTheory(
    runs.map((r) => at(r).meanQueue),
    theory.lq,
    `${tag}: mean queue Lq`,
  );
  expectTheory(
    runs.map((r) => at(r).wait.mean),
    theory.wq,
    `${tag}: mean wait of those served (Little)`,
  );
}

describe('retrials with maxRetries: the M/M/c/K retrial queue with orbit classes by returns used', () => {
  it('maxRetries 1 (a 2-D chain): turned away on its one return, a customer leaves for good', () => {
    // 2 officers of mean 10 minutes, room for 1 waiting, 0.25 arrivals a minute (a load of 2.5:
    // overloaded); a citizen who finds the queue full comes back with probability 0.9 after 10
    // minutes on average, once. Assumptions of the test, chosen so that the limit moves every
    // answer far: without it the returns crowd the desk.
    const q: LimitedRetrialQueue = {
      lambda: 0.25,
      mu: 0.1,
      c: 2,
      limit: 1,
      theta: 0.1,
      p: 0.9,
      maxRetries: 1,
    };
    const theory = solved(q, 20);
    const unlimited = solved({ ...q, maxRetries: Infinity }, 60);
    expect(unlimited.retrialsPerCustomer - theory.retrialsPerCustomer).toBeGreaterThan(1);
    expect(unlimited.turnedAwayShare - theory.turnedAwayShare).toBeGreaterThan(0.2);
    expect(theory.gaveUpPerCustomer - unlimited.gaveUpPerCustomer).toBeGreaterThan(0.05);
    expect(theory.lostPerCustomer - unlimited.lostPerCustomer).toBeGreaterThan(0.05);

    const runs = replicate(desk(q), WARMUP, OBSERVED, 9301, 20);
    for (const r of runs) {
      // One return at most: those who came back are fewer than those who came; of the lost, some
      // gave up on their return and the rest (1 - p) left when first turned away.
      expect(at(r).retrials).toBeLessThan(fresh(r));
      expect(at(r).gaveUpAfterRetrial).toBeGreaterThan(0);
      expect(at(r).balked).toBeGreaterThan(at(r).gaveUpAfterRetrial!);
      expect(r.totals.lostBy.balked).toBe(at(r).balked);
    }
    checkAll(runs, theory, 'maxRetries 1');
  });

  it('maxRetries 2 (a 3-D chain): the probability again on the first return, none after the second', () => {
    // 3 officers of mean 10 minutes, room for 2 waiting, 0.36 arrivals a minute (a load of 3.6:
    // overloaded); a citizen turned away comes back with probability 0.9 after 10 minutes on
    // average, at most twice. Assumptions of the test, chosen so that one return more or less,
    // or no limit at all, moves the answers far.
    const q: LimitedRetrialQueue = {
      lambda: 0.36,
      mu: 0.1,
      c: 3,
      limit: 2,
      theta: 0.1,
      p: 0.9,
      maxRetries: 2,
    };
    const theory = solved(q, 24);
    // Three returns make a 4-D chain, solved only on a coarse cut: close enough to show how far
    // it lies, too coarse (and too slow at a finer cut) to check the simulation against.
    const threeReturns = limitedRetrialChain({ ...q, maxRetries: 3 }, 12);
    expect(threeReturns.tail).toBeLessThan(1e-4);
    for (const other of [
      solved({ ...q, maxRetries: 1 }, 24),
      threeReturns,
      solved({ ...q, maxRetries: Infinity }, 60),
    ]) {
      expect(Math.abs(other.retrialsPerCustomer - theory.retrialsPerCustomer)).toBeGreaterThan(0.2);
      expect(Math.abs(other.turnedAwayShare - theory.turnedAwayShare)).toBeGreaterThan(0.05);
    }

    const runs = replicate(desk(q), WARMUP, OBSERVED, 9302, 20);
    for (const r of runs) {
      expect(at(r).retrials).toBeLessThan(2 * fresh(r));
      expect(at(r).gaveUpAfterRetrial).toBeGreaterThan(0);
      expect(r.totals.lostBy.balked).toBe(at(r).balked);
    }
    checkAll(runs, theory, 'maxRetries 2');
  });

  it('the solver: R = 0 and p = 0 are the M/M/c/K loss system', () => {
    // Nobody comes back, so the chain is Erlang's loss system, whose share turned away is its
    // birth-death chain's mass at K (here 2 servers and room for 1, a load of 1.8).
    const q: LimitedRetrialQueue = {
      lambda: 0.18,
      mu: 0.1,
      c: 2,
      limit: 1,
      theta: 0.1,
      p: 0.8,
      maxRetries: 0,
    };
    const weights = [1];
    for (let n = 1; n <= 3; n++) weights.push((weights[n - 1] * 0.18) / (Math.min(n, 2) * 0.1));
    const erlang = weights[3] / weights.reduce((s, w) => s + w, 0);
    expect(limitedRetrialChain(q, 5).lostPerCustomer).toBeCloseTo(erlang, 12);
    expect(limitedRetrialChain({ ...q, p: 0, maxRetries: 2 }, 5).lostPerCustomer).toBeCloseTo(
      erlang,
      12,
    );
    expect(
      limitedRetrialChain({ ...q, p: 0, maxRetries: Infinity }, 5).turnedAwayShare,
    ).toBeCloseTo(erlang, 12);
  });
});
