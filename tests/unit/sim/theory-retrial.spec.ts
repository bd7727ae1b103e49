import 'reflect-metadata';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import type { DistributionSpec } from '../../../src/sim/distributions';
import { runNetwork, type NetworkModel, type RunSummary } from '../../../src/sim/network';
import { replicate, theoryCheck } from '../../helpers/theory';

/**
 * Retrials (a station's `retrial`) against theory: the M/M/c/K retrial queue with the classical
 * policy. c servers and room for K - c waiting; Poisson arrivals lambda; an arrival who finds
 * the queue full joins the "orbit" with probability p (else it is lost), and every customer in
 * orbit comes back at rate theta (an exponential delay of its own, mean 1 / theta), finding the
 * queue full again with the same choice. The state (n in the station, m in orbit) is a
 * continuous-time Markov chain on 0..K x 0..M, M a truncation of the orbit, solved here by
 * Gauss-Seidel, never from the simulator's code, with its truncation checked (the mass at M,
 * and the answers at 2M). By PASTA (arrivals and, given m, retrials are Poisson) it gives the
 * share of attempts turned away, the returns and the customers lost per arrival, those who gave
 * up after coming back at least once, the throughput, the mean queue and by Little's law the
 * mean wait of those served.
 *
 * Tolerance: the theory must lie inside the Student-t interval of the replications at the
 * Bonferroni level over the CHECKS checks of this file (family-wise 95%), fixed seeds.
 */
const CHECKS = 12;
const expectTheory = theoryCheck(CHECKS);

const exp = (mean: number): DistributionSpec => ({ dist: 'exponential', mean });

interface RetrialQueue {
  lambda: number;
  mu: number;
  c: number;
  /** Room in the queue: the station holds c + limit. */
  limit: number;
  theta: number;
  p: number;
}

/** The stationary chain of an M/M/c/K retrial queue, orbit cut at `orbitMax`, and its measures. */
function retrialChain(q: RetrialQueue, orbitMax: number) {
  const { lambda, mu, c, limit, theta, p } = q;
  const K = c + limit;
  const M = orbitMax;
  const idx = (n: number, m: number) => m * (K + 1) + n;
  const size = (K + 1) * (M + 1);
  // Rates into each state (from, rate) and out of it (the diagonal); a self-loop (a retrial that
  // finds the queue full and goes back to the orbit) changes nothing and is left out.
  const into: [number, number][][] = Array.from({ length: size }, () => []);
  const out = new Float64Array(size);
  const edge = (from: number, to: number, rate: number) => {
    if (rate <= 0) return;
    into[to].push([from, rate]);
    out[from] += rate;
  };
  for (let m = 0; m <= M; m++)
    for (let n = 0; n <= K; n++) {
      const i = idx(n, m);
      if (n < K) edge(i, idx(n + 1, m), lambda);
      // A fresh arrival who finds it full joins the orbit (the cut: not beyond M).
      else if (m < M) edge(i, idx(K, m + 1), lambda * p);
      if (n > 0) edge(i, idx(n - 1, m), Math.min(n, c) * mu);
      if (m > 0) {
        if (n < K) edge(i, idx(n + 1, m - 1), m * theta);
        // A return that finds it full gives up with 1 - p.
        else edge(i, idx(K, m - 1), m * theta * (1 - p));
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
  const expect = (f: (n: number, m: number) => number) => {
    let s = 0;
    for (let m = 0; m <= M; m++) for (let n = 0; n <= K; n++) s += pi[idx(n, m)] * f(n, m);
    return s;
  };
  const full = (n: number) => (n === K ? 1 : 0);
  const orbit = expect((_n, m) => m);
  const attempts = lambda + theta * orbit;
  const turnedAway = lambda * expect(full) + theta * expect((n, m) => m * full(n));
  const throughput = expect((n) => Math.min(n, c) * mu);
  const lq = expect((n) => Math.max(n - c, 0));
  return {
    /** Mass at the cut: the orbit's distribution beyond it is what the truncation drops. */
    tail: expect((_n, m) => (m === M ? 1 : 0)),
    orbit,
    /** Share of attempts (arrivals and returns) that find the queue full. */
    turnedAwayShare: turnedAway / attempts,
    /** Returns per customer who arrived. */
    retrialsPerCustomer: (theta * orbit) / lambda,
    /** Customers lost per customer who arrived. */
    lostPerCustomer: ((1 - p) * turnedAway) / lambda,
    /** Those who came back at least once and then gave up, per customer who arrived. */
    gaveUpPerCustomer: ((1 - p) * theta * expect((n, m) => m * full(n))) / lambda,
    throughput,
    lq,
    wq: lq / throughput,
  };
}

function desk(q: RetrialQueue): NetworkModel {
  return {
    name: 'retrial desk',
    stations: [
      {
        id: 'desk',
        servers: q.c,
        queueLimit: q.limit,
        retrial: { probability: q.p, meanDelayMinutes: 1 / q.theta },
      },
    ],
    classes: [{ id: 'citizen', route: [{ id: 'visit', station: 'desk', service: exp(1 / q.mu) }] }],
    sources: [{ id: 'walk-ins', class: 'citizen', arrivals: { kind: 'poisson', rate: q.lambda } }],
  };
}

const FIXTURE = join(__dirname, '../../fixtures/scenarios/theory/retrial.yaml');
const WARMUP = 3_000;
const OBSERVED = 40_000;
const at = (r: RunSummary) => r.stations.desk;
/** Customers who arrived at the station, not counting their returns. */
const fresh = (r: RunSummary) => at(r).arrivals - at(r).retrials!;

/** The chain's answers at a cut, checked against the answers at twice the cut. */
function solved(q: RetrialQueue, orbitMax: number) {
  const theory = retrialChain(q, orbitMax);
  const wider = retrialChain(q, 2 * orbitMax);
  expect(theory.tail).toBeLessThan(1e-12);
  for (const key of ['turnedAwayShare', 'retrialsPerCustomer', 'throughput', 'wq'] as const)
    expect(Math.abs(theory[key] - wider[key])).toBeLessThan(1e-9);
  return theory;
}

describe('retrials: the M/M/c/K retrial queue (classical policy) as a two-dimensional chain', () => {
  it('fully persistent (p = 1): nobody is lost; share turned away, returns, throughput, Lq, Wq', () => {
    // 2 officers of mean 10 minutes, room for 1 waiting, 0.15 arrivals a minute (a load of 0.75):
    // a citizen who finds the queue full always comes back, after 15 minutes on average.
    const q: RetrialQueue = { lambda: 0.15, mu: 0.1, c: 2, limit: 1, theta: 1 / 15, p: 1 };
    const theory = solved(q, 120);
    // Far from the answer of a slip: those turned away lost (Erlang's loss system, no returns).
    const lossOnly = retrialChain({ ...q, p: 0 }, 40);
    expect(theory.turnedAwayShare - lossOnly.turnedAwayShare).toBeGreaterThan(0.05);
    expect(theory.retrialsPerCustomer).toBeGreaterThan(0.3);

    const runs = replicate(desk(q), WARMUP, OBSERVED, 9201, 20);
    for (const r of runs) {
      // Everyone persists: nobody balks for good, and the lost are none.
      expect(at(r).balked).toBe(0);
      expect(at(r).gaveUpAfterRetrial).toBe(0);
      expect(r.totals.lostBy.balked).toBe(0);
      expect(at(r).balkedAttempts).toBeGreaterThan(0);
    }
    expectTheory(
      runs.map((r) => at(r).balkedAttempts! / at(r).arrivals),
      theory.turnedAwayShare,
      'persistent: share of attempts turned away',
    );
    expectTheory(
      runs.map((r) => at(r).retrials! / fresh(r)),
      theory.retrialsPerCustomer,
      'persistent: returns per customer',
    );
    expectTheory(
      runs.map((r) => at(r).served / OBSERVED),
      theory.throughput,
      'persistent: throughput',
    );
    expectTheory(
      runs.map((r) => at(r).meanQueue),
      theory.lq,
      'persistent: mean queue Lq',
    );
    expectTheory(
      runs.map((r) => at(r).wait.mean),
      theory.wq,
      'persistent: mean wait of those served (Little)',
    );
  });

  it('persistence p = 0.6, overloaded: attempts turned away apart from customers lost', () => {
    // The fixture the live replay runs (tests/integration/experiment/theory-retrial.live.spec.ts):
    // its network, observed far longer than its day.
    const sc = loadScenario(FIXTURE);
    expect(sc.network!.stations[0]).toMatchObject({
      servers: 3,
      queueLimit: 2,
      retrial: { probability: 0.6, meanDelayMinutes: 20 },
    });
    const q: RetrialQueue = { lambda: 0.36, mu: 0.1, c: 3, limit: 2, theta: 1 / 20, p: 0.6 };
    const theory = solved(q, 100);
    // The two counts differ by far more than the simulation's resolution, and the lost are not
    // Erlang's M/M/3/5 loss share: the returns crowd the desk.
    expect(theory.turnedAwayShare - theory.lostPerCustomer).toBeGreaterThan(0.1);
    const loss = retrialChain({ ...q, p: 0 }, 40).turnedAwayShare;
    expect(Math.abs(theory.lostPerCustomer - loss)).toBeGreaterThan(0.02);
    // The solver checked on the chain with the orbit closed (p = 0): the M/M/3/5 loss system,
    // whose share turned away is its birth-death chain's mass at K.
    const weights = [1];
    for (let n = 1; n <= 5; n++) weights.push((weights[n - 1] * 0.36) / (Math.min(n, 3) * 0.1));
    expect(loss).toBeCloseTo(weights[5] / weights.reduce((s, w) => s + w, 0), 10);

    const runs = replicate(sc.network!, WARMUP, OBSERVED, sc.seed, sc.replications);
    for (const r of runs) {
      expect(at(r).balkedAttempts).toBeGreaterThan(at(r).balked);
      expect(r.totals.lostBy.balked).toBe(at(r).balked);
    }
    expectTheory(
      runs.map((r) => at(r).balkedAttempts! / at(r).arrivals),
      theory.turnedAwayShare,
      'p 0.6: share of attempts turned away',
    );
    expectTheory(
      runs.map((r) => at(r).retrials! / fresh(r)),
      theory.retrialsPerCustomer,
      'p 0.6: returns per customer',
    );
    expectTheory(
      runs.map((r) => at(r).balked / fresh(r)),
      theory.lostPerCustomer,
      'p 0.6: customers lost per customer',
    );
    expectTheory(
      runs.map((r) => at(r).gaveUpAfterRetrial! / fresh(r)),
      theory.gaveUpPerCustomer,
      'p 0.6: lost after coming back at least once, per customer',
    );
    expectTheory(
      runs.map((r) => at(r).served / OBSERVED),
      theory.throughput,
      'p 0.6: throughput',
    );
    expectTheory(
      runs.map((r) => at(r).meanQueue),
      theory.lq,
      'p 0.6: mean queue Lq',
    );
    expectTheory(
      runs.map((r) => at(r).wait.mean),
      theory.wq,
      'p 0.6: mean wait of those served (Little)',
    );
  });

  it('a model built in code meets the rules of a scenario file (ModelError naming the path)', () => {
    const q: RetrialQueue = { lambda: 0.1, mu: 0.1, c: 1, limit: 0, theta: 0.1, p: 1 };
    const run = (retrial: unknown) =>
      runNetwork(
        {
          ...desk(q),
          stations: [{ id: 'desk', servers: 1, queueLimit: 0, retrial }],
        } as NetworkModel,
        { seed: 1, until: 100 },
      );
    expect(() => run([])).toThrow(/stations\[0\]\.retrial: must be a mapping/);
    expect(() => run({ probability: 2, meanDelayMinutes: 1 })).toThrow(
      /stations\[0\]\.retrial\.probability: must be a number between 0 and 1/,
    );
    expect(() => run({ probability: 1, meanDelayMinutes: 0 })).toThrow(
      /stations\[0\]\.retrial\.meanDelayMinutes: must be a number of minutes from 1\/60 \(a second\)/,
    );
    // A model built in code meets the same floor: 1e-300 minutes never moved the clock, and
    // with no limit on retries this run did not end.
    expect(() => run({ probability: 1, meanDelayMinutes: 1e-300 })).toThrow(
      /stations\[0\]\.retrial\.meanDelayMinutes: must be a number of minutes from 1\/60/,
    );
    expect(
      run({ probability: 1, meanDelayMinutes: 1 / 60 }).stations.desk.retrials,
    ).toBeGreaterThan(0);
    expect(() => run({ probability: 1, meanDelayMinutes: 1, maxRetries: -1 })).toThrow(
      /stations\[0\]\.retrial\.maxRetries: must be a whole number/,
    );
    expect(() => run({ probability: 1, meanDelay: 1 })).toThrow(
      /stations\[0\]\.retrial\.meanDelay: is not a known key/,
    );
    // maxRetries: 0 lets nobody come back: every attempt turned away is a customer lost.
    const none = run({ probability: 1, meanDelayMinutes: 1, maxRetries: 0 }).stations.desk;
    expect(none.retrials).toBe(0);
    expect(none.balked).toBe(none.balkedAttempts);
    expect(none.balked).toBeGreaterThan(0);
  });
});
