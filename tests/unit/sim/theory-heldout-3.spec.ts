import { describe, expect, it } from 'vitest';
import type { DistributionSpec } from '../../../src/sim/distributions';
import type { NetworkModel, RunSummary } from '../../../src/sim/network';
import { confidenceInterval } from '../../../src/sim/stats';
import { erlangB, replicate as replicateR, theoryCheck } from '../../helpers/theory';

/**
 * A third set of held-out results, written by an outside review apart from the other theory
 * files and never tuned on: the whole wait distribution of M/D/1 (Erlang's formula, and
 * Takacs's second moment for its sd), a multi-server queue fed by evenly spaced arrivals
 * (D/M/2, from the embedded chain at arrival epochs and the GI/M/c geometric tail), and a loss
 * system shared by two classes whose services differ (one constant, one lognormal cv 2): each
 * class is blocked with the probability Erlang B gives for the total load, and carries its
 * own load times 1 - B. Every theoretical value is computed here from the formula or a
 * Markov chain, never from the simulator's code.
 *
 * Tolerance: the theory must lie inside the Student-t interval of R replications at the
 * Bonferroni level over the CHECKS statistical checks of this file (family-wise 95%), as in
 * network.theory.spec.ts; a quantile adds the sketch's 1% relative accuracy. Runs start empty
 * and drop a warm-up of at least 1,000 mean services.
 */
const R = 10;
/** The statistical checks in this file (expectTheory calls and quantile checks). */
const CHECKS = 16;
const LEVEL = 1 - 0.05 / CHECKS;
const expectTheory = theoryCheck(CHECKS);

function replicate(model: NetworkModel, warmup: number, observed: number, seed: number) {
  return replicateR(model, warmup, observed, seed, R);
}

function station(
  service: DistributionSpec,
  arrivals: NetworkModel['sources'][number]['arrivals'],
  servers: number,
): NetworkModel {
  return {
    name: 'heldout-3',
    stations: [{ id: 'desk', servers }],
    classes: [{ id: 'citizen', route: [{ id: 'serve', station: 'desk', service }] }],
    sources: [{ id: 'walk-ins', class: 'citizen', arrivals }],
  };
}

const desk = (r: RunSummary) => r.stations.desk;

/** Root of an increasing f on [lo, hi] by bisection. */
function bisect(f: (x: number) => number, lo: number, hi: number): number {
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

describe("M/D/1: the wait distribution by Erlang's formula", () => {
  it('rho 0.8, D = 1: P(wait), the mean and sd (Takacs), p50, p90, p95 and p99', () => {
    const lambda = 0.8;
    const rho = lambda;
    // Erlang (1909): P(W <= t) = (1 - rho) sum_{k=0}^{floor t} (lambda (k - t))^k / k! e^{-lambda (k - t)}
    // for D = 1. Its terms alternate and grow like e^{lambda t}, a loss of about 1e-11 at t = 12.
    const cdf = (t: number): number => {
      let sum = 0;
      let factorial = 1;
      for (let k = 0; k <= Math.floor(t); k++) {
        if (k > 0) factorial *= k;
        const x = lambda * (k - t);
        sum += (x ** k / factorial) * Math.exp(-x);
      }
      return (1 - rho) * sum;
    };
    // Pollaczek-Khinchine and Takacs: E[W] = lambda E[S^2] / (2 (1 - rho)),
    // E[W^2] = 2 E[W]^2 + lambda E[S^3] / (3 (1 - rho)), E[S^k] = 1.
    const wq = lambda / (2 * (1 - rho));
    const wq2 = 2 * wq ** 2 + lambda / (3 * (1 - rho));
    expect(cdf(0)).toBeCloseTo(1 - rho, 12);

    const runs = replicate(
      station({ dist: 'constant', value: 1 }, { kind: 'poisson', rate: lambda }, 1),
      2_000,
      150_000,
      3101,
    );
    expectTheory(
      runs.map((r) => desk(r).waitedShare),
      rho,
      'P(wait)',
    );
    expectTheory(
      runs.map((r) => desk(r).wait.mean),
      wq,
      'Wq',
    );
    expectTheory(
      runs.map((r) => desk(r).meanQueue),
      lambda * wq,
      'Lq',
    );
    expectTheory(
      runs.map((r) => desk(r).wait.sd),
      Math.sqrt(wq2 - wq ** 2),
      'sd of the wait',
    );
    for (const [key, q] of [
      ['p50', 0.5],
      ['p90', 0.9],
      ['p95', 0.95],
      ['p99', 0.99],
    ] as const) {
      const quantile = bisect((t) => cdf(t) - q, 0, 40);
      const ci = confidenceInterval(
        runs.map((r) => desk(r).wait[key]),
        LEVEL,
      );
      expect(
        Math.abs(ci.mean - quantile),
        `${key}: simulated ${ci.mean} ± ${ci.halfWidth}, theory ${quantile}`,
      ).toBeLessThanOrEqual(ci.halfWidth + 0.01 * quantile);
    }
  });
});

describe('D/M/2: evenly spaced arrivals at two exponential servers (GI/M/c)', () => {
  it('arrivals every 0.6, mu 1: Wq, P(wait) and Lq from the chain at arrival epochs', () => {
    const T = 0.6;
    const mu = 1;
    const c = 2;
    // The number an arrival finds, n, is a Markov chain: n + 1 in the system after it joins,
    // then T of pure deaths at rate min(k, c) mu. Uniformisation at rate c mu gives the
    // transition over T; truncated at N, where the geometric tail is below 1e-60.
    const N = 400;
    const q = c * mu;
    const step = (v: number[]): number[] => {
      // One jump of the uniformised chain: from k, a death with probability min(k, c) mu / q.
      const out = new Array<number>(N + 1).fill(0);
      for (let k = 0; k <= N; k++) {
        const death = Math.min(k, c) * (mu / q);
        out[k] += v[k] * (1 - death);
        if (k > 0) out[k - 1] += v[k] * death;
      }
      return out;
    };
    const afterT = (v: number[]): number[] => {
      let term = v;
      let weight = Math.exp(-q * T);
      const out = v.map((x) => x * weight);
      for (let j = 1; j < 80; j++) {
        term = step(term);
        weight *= (q * T) / j;
        for (let k = 0; k <= N; k++) out[k] += term[k] * weight;
      }
      return out;
    };
    let pi = new Array<number>(N + 1).fill(0);
    pi[0] = 1;
    for (let it = 0; it < 3_000; it++) {
      const joined = new Array<number>(N + 1).fill(0);
      for (let k = 0; k <= N; k++) joined[Math.min(k + 1, N)] += pi[k];
      pi = afterT(joined);
    }
    // GI/M/c: above c - 1 the arrival-epoch probabilities are geometric with the root of
    // sigma = A*(c mu (1 - sigma)), A*(s) = e^{-s T}; the chain must agree.
    let sigma = 0.5;
    for (let i = 0; i < 2_000; i++) sigma = Math.exp(-c * mu * T * (1 - sigma));
    expect(pi[c + 6] / pi[c + 5]).toBeCloseTo(sigma, 9);

    // An arrival who finds n >= c waits for n - c + 1 departures at rate c mu.
    let pWait = 0;
    let wq = 0;
    for (let n = c; n <= N; n++) {
      pWait += pi[n];
      wq += (pi[n] * (n - c + 1)) / q;
    }

    const horizon = 101_500;
    const times = Array.from({ length: Math.floor(horizon / T) }, (_, i) => (i + 1) * T);
    const runs = replicate(
      station({ dist: 'exponential', mean: 1 / mu }, { kind: 'trace', times }, c),
      1_000,
      100_000,
      3102,
    );
    expectTheory(
      runs.map((r) => desk(r).wait.mean),
      wq,
      'Wq',
    );
    expectTheory(
      runs.map((r) => desk(r).waitedShare),
      pWait,
      'P(wait)',
    );
    expectTheory(
      runs.map((r) => desk(r).meanQueue),
      wq / T,
      'Lq',
    );
  });
});

describe('Erlang B shared by two classes with different services (M/G/4/4)', () => {
  it('constant 2 at 1.5 a minute and lognormal (mean 5, cv 2) at 0.6: a = 6, each blocked B(4, 6)', () => {
    const classes = [
      {
        id: 'short',
        rate: 1.5,
        service: { dist: 'constant', value: 2 } as DistributionSpec,
        mean: 2,
      },
      {
        id: 'long',
        rate: 0.6,
        service: { dist: 'lognormal', mean: 5, cv: 2 } as DistributionSpec,
        mean: 5,
      },
    ];
    const model: NetworkModel = {
      name: 'heldout-3-loss',
      stations: [{ id: 'desk', servers: 4, queueLimit: 0 }],
      classes: classes.map((k) => ({
        id: k.id,
        route: [{ id: 'serve', station: 'desk', service: k.service }],
      })),
      sources: classes.map((k) => ({
        id: `${k.id}-walk-ins`,
        class: k.id,
        arrivals: { kind: 'poisson' as const, rate: k.rate },
      })),
    };
    // Insensitivity: the blocking depends on the services only through the total offered load,
    // and every class sees it (PASTA); each carries its own load times 1 - B.
    const a = classes.reduce((s, k) => s + k.rate * k.mean, 0);
    const b = erlangB(4, a);
    const runs = replicate(model, 1_000, 50_000, 3103);
    for (const k of classes) {
      expectTheory(
        runs.map((r) => r.classes[k.id].lost / r.classes[k.id].arrivals),
        b,
        `P(blocked) of ${k.id}`,
      );
      expectTheory(
        runs.map((r) => desk(r).busyTimeByClass[k.id] / r.observed),
        k.rate * k.mean * (1 - b),
        `load carried for ${k.id}`,
      );
    }
    expectTheory(
      runs.map((r) => desk(r).utilisation),
      (a * (1 - b)) / 4,
      'utilisation',
    );
  });
});
