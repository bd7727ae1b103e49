import { describe, expect, it } from 'vitest';
import type { DistributionSpec } from '../../../src/sim/distributions';
import { runNetwork, type NetworkModel, type RunSummary } from '../../../src/sim/network';
import { replicationSeed } from '../../../src/sim/rng';
import { erlangB, erlangC, replicate as replicateR, theoryCheck } from '../../helpers/theory';

/**
 * Held-out queueing results, beside those of network.theory.spec.ts: Erlang A with a
 * deterministic or a uniform patience (M/M/c+G, from the offered-wait density), M/M/1/K,
 * M/M/2/5 with balking and reneging, a tandem whose second station sees Poisson arrivals
 * (Burke), FCFS stations shared by classes with different services (M/G/1 and M/M/3: every
 * class waits as the aggregate), loss systems M/G/8/8 with services not yet tried,
 * M/G/infinity (mean and the variance of the occupancy), M/D/1 and M/E_2/1 at loads not yet
 * tried, D/M/1 from a trace, `@name` steps bound per source, and time-weighted queues after a
 * warm-up that must drop a burst. Every theoretical value is computed here from the formula,
 * never from the simulator's code.
 *
 * Tolerance: the theory must lie inside the Student-t interval of R replications at the
 * Bonferroni level over the CHECKS statistical checks of this file (family-wise 95%), as in
 * network.theory.spec.ts. Runs start empty and drop a warm-up of at least 100 mean services.
 */
const R = 10;
/** The statistical checks in this file (expectTheory calls, each it.each case counted). */
const CHECKS = 45;
const expectTheory = theoryCheck(CHECKS);

const exp = (mean: number): DistributionSpec => ({ dist: 'exponential', mean });

function replicate(model: NetworkModel, warmup: number, observed: number, seed: number) {
  return replicateR(model, warmup, observed, seed, R);
}

/** One station, one class, Poisson arrivals at `rate`. */
function station(
  service: DistributionSpec,
  rate: number,
  servers: number,
  extra: { queueLimit?: number; patience?: DistributionSpec } = {},
): NetworkModel {
  return {
    name: 'heldout',
    stations: [{ id: 'desk', servers, queueLimit: extra.queueLimit }],
    classes: [
      {
        id: 'citizen',
        patience: extra.patience,
        route: [{ id: 'serve', station: 'desk', service }],
      },
    ],
    sources: [{ id: 'walk-ins', class: 'citizen', arrivals: { kind: 'poisson', rate } }],
  };
}

/** M/M/c mean wait in queue: C(c, a) / (c mu - lambda). */
function mmcWq(lambda: number, mean: number, servers: number): number {
  return erlangC(servers, lambda * mean) / (servers / mean - lambda);
}

/** Composite Simpson's rule on [a, b] with n (even) panels. */
function simpson(f: (x: number) => number, a: number, b: number, n = 2000): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

const desk = (r: RunSummary) => r.stations.desk;
const sampleVariance = (xs: number[]) => {
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
};

describe('Erlang A with a deterministic patience (M/M/c+D)', () => {
  /**
   * The offered wait V (the wait of a customer who would never give up) has, with n servers of
   * rate mu and a patience CDF G, the density f(x) = lambda p_{n-1} exp(lambda H(x) - n mu x) on
   * x > 0, H(x) = integral of 1 - G over [0, x], and p_j = p_0 a^j / j! for j < n busy servers
   * with V = 0 (level crossing on V). With a patience tau, H(x) = min(x, tau): an arrival
   * abandons when V > tau (PASTA), waits V when served, and tau when it abandons.
   */
  function mmcD(lambda: number, mu: number, n: number, tau: number) {
    const a = lambda / mu;
    const terms = [1];
    for (let j = 1; j < n; j++) terms.push((terms[j - 1] * a) / j);
    const f0 = (x: number) => lambda * Math.exp(lambda * Math.min(x, tau) - n * mu * x);
    // Unnormalised (p_0 = 1): the mass below and above tau of the density's part.
    const below = simpson(f0, 0, tau);
    const above = (lambda * Math.exp((lambda - n * mu) * tau)) / (n * mu);
    const p0 = 1 / (terms.reduce((s, x) => s + x, 0) + terms[n - 1] * (below + above));
    const pn1 = p0 * terms[n - 1];
    const abandon = pn1 * above;
    const servedWaitSum = pn1 * simpson((x) => x * f0(x), 0, tau);
    return {
      abandon,
      /** Mean wait of the customers served. */
      wq: servedWaitSum / (1 - abandon),
      /** Little on the queue: everybody's time in it. */
      lq: lambda * (servedWaitSum + tau * abandon),
    };
  }

  it.each([
    // [lambda, servers, tau]: mu = 1; the second is overloaded (a = 1.2 on one server).
    [4.5, 5, 0.5],
    [1.2, 1, 2],
  ])(
    'lambda %d, %d servers, patience %d: abandonment, wait of the served, Lq',
    (lambda, n, tau) => {
      const theory = mmcD(lambda, 1, n, tau);
      const runs = replicate(
        station(exp(1), lambda, n, { patience: { dist: 'constant', value: tau } }),
        200,
        30_000,
        301 + n,
      );
      expectTheory(
        runs.map((r) => desk(r).reneged / desk(r).arrivals),
        theory.abandon,
        'P(abandon)',
      );
      expectTheory(
        runs.map((r) => desk(r).wait.mean),
        theory.wq,
        'Wq of the served',
      );
      expectTheory(
        runs.map((r) => desk(r).meanQueue),
        theory.lq,
        'Lq',
      );
      // Everyone who gave up waited exactly tau; nobody served waited longer.
      for (const r of runs) {
        expect(desk(r).lostWait.min).toBeCloseTo(tau, 9);
        expect(desk(r).lostWait.max).toBeCloseTo(tau, 9);
        expect(desk(r).wait.max).toBeLessThanOrEqual(tau + 1e-9);
      }
    },
  );
});

describe('M/M/1/K (queueLimit K - 1): the time in the station of those admitted', () => {
  it('lambda 0.9, mu 1, K 5: P_K, L and W = L / (lambda (1 - P_K))', () => {
    const lambda = 0.9;
    const K = 5;
    const rho = lambda;
    const norm = (1 - rho ** (K + 1)) / (1 - rho);
    const p = Array.from({ length: K + 1 }, (_, k) => rho ** k / norm);
    const L = p.reduce((s, x, k) => s + k * x, 0);
    const runs = replicate(station(exp(1), lambda, 1, { queueLimit: K - 1 }), 200, 40_000, 311);
    expectTheory(
      runs.map((r) => desk(r).balked / desk(r).arrivals),
      p[K],
      'P_K',
    );
    expectTheory(
      runs.map((r) => desk(r).meanInStation),
      L,
      'L',
    );
    expectTheory(
      runs.map((r) => desk(r).sojourn.mean),
      L / (lambda * (1 - p[K])),
      'W of the admitted',
    );
  });
});

describe('tandem M/M/1 then M/M/2 (Burke: the second station sees Poisson arrivals)', () => {
  it('each station waits as alone, the class sums them', () => {
    const lambda = 0.7;
    const model: NetworkModel = {
      name: 'tandem',
      stations: [
        { id: 'a', servers: 1 },
        { id: 'b', servers: 2 },
      ],
      classes: [
        {
          id: 'citizen',
          route: [
            { id: 'first', station: 'a', service: exp(1) },
            { id: 'second', station: 'b', service: exp(2.2) },
          ],
        },
      ],
      sources: [{ id: 'walk-ins', class: 'citizen', arrivals: { kind: 'poisson', rate: lambda } }],
    };
    const runs = replicate(model, 500, 100_000, 321);
    const wa = mmcWq(lambda, 1, 1);
    const wb = mmcWq(lambda, 2.2, 2);
    expectTheory(
      runs.map((r) => r.stations.a.wait.mean),
      wa,
      'Wq at a (M/M/1)',
    );
    expectTheory(
      runs.map((r) => r.stations.b.wait.mean),
      wb,
      'Wq at b (M/M/2)',
    );
    expectTheory(
      runs.map((r) => r.stations.b.meanQueue),
      lambda * wb,
      'Lq at b',
    );
    expectTheory(
      runs.map((r) => r.classes.citizen.systemTime.mean),
      wa + 1 + wb + 2.2,
      'time in the system',
    );
  });
});

describe('M/M/2 time-weighted statistics after a warm-up', () => {
  it('rho 0.75 after a burst of 1,000 at the start: Lq, L, Wq and utilisation of the observed period only', () => {
    const lambda = 1.5;
    const wq = mmcWq(lambda, 1, 2);
    // 1,000 customers in the first 10 time units drain at about c mu - lambda = 0.5 a unit,
    // in some 2,000: the warm-up of 10,000 must drop their queue (some 1,000,000 customer-units
    // of waiting, 25 a unit over the 40,000 observed) from the time-weighted means and the waits.
    const base = station(exp(1), lambda, 2);
    const burst = Array.from({ length: 1_000 }, (_, i) => (i + 1) / 100);
    const model: NetworkModel = {
      ...base,
      sources: [
        ...base.sources,
        { id: 'burst', class: 'citizen', arrivals: { kind: 'trace', times: burst } },
      ],
    };
    const runs = replicate(model, 10_000, 40_000, 331);
    for (const r of runs) expect(r.observed).toBe(40_000);
    expectTheory(
      runs.map((r) => desk(r).meanQueue),
      lambda * wq,
      'Lq',
    );
    expectTheory(
      runs.map((r) => desk(r).meanInStation),
      lambda * wq + lambda,
      'L',
    );
    expectTheory(
      runs.map((r) => desk(r).utilisation),
      lambda / 2,
      'utilisation',
    );
    expectTheory(
      runs.map((r) => desk(r).wait.mean),
      wq,
      'Wq',
    );
  });
});

describe('FCFS stations shared by classes: every class waits as the aggregate', () => {
  it('M/G/1, three classes with their own services: Pollaczek-Khinchine on the mix', () => {
    // [class, rate, service, E[S], E[S^2]]
    const classes: [string, number, DistributionSpec, number, number][] = [
      ['a', 0.3, exp(1), 1, 2],
      ['b', 0.2, { dist: 'constant', value: 1.5 }, 1.5, 2.25],
      ['c', 0.1, { dist: 'lognormal', mean: 0.5, cv: 2 }, 0.5, 0.25 * (1 + 4)],
    ];
    const rho = classes.reduce((s, [, l, , m]) => s + l * m, 0);
    const wq = classes.reduce((s, [, l, , , m2]) => s + l * m2, 0) / (2 * (1 - rho));
    const model: NetworkModel = {
      name: 'fcfs-mix',
      stations: [{ id: 'desk', servers: 1 }],
      classes: classes.map(([id, , service]) => ({
        id,
        route: [{ id: 'serve', station: 'desk', service }],
      })),
      sources: classes.map(([id, rate]) => ({
        id: `src-${id}`,
        class: id,
        arrivals: { kind: 'poisson', rate },
      })),
    };
    const runs = replicate(model, 500, 150_000, 341);
    for (const [id] of classes)
      expectTheory(
        runs.map((r) => r.classes[id].waitTime.mean),
        wq,
        `Wq of class ${id}`,
      );
    expectTheory(
      runs.map((r) => desk(r).utilisation),
      rho,
      'utilisation',
    );
  });

  it('M/M/3 with two classes (2:1 from one source) sharing one service', () => {
    const lambda = 2.4;
    const wq = mmcWq(lambda, 1, 3);
    const model: NetworkModel = {
      name: 'mmc-two-classes',
      stations: [{ id: 'desk', servers: 3 }],
      classes: ['x', 'y'].map((id) => ({
        id,
        route: [{ id: 'serve', station: 'desk', service: exp(1) }],
      })),
      sources: [
        { id: 'walk-ins', class: { x: 2, y: 1 }, arrivals: { kind: 'poisson', rate: lambda } },
      ],
    };
    const runs = replicate(model, 300, 40_000, 351);
    expectTheory(
      runs.map((r) => r.classes.x.waitTime.mean),
      wq,
      'Wq of x',
    );
    expectTheory(
      runs.map((r) => r.classes.y.waitTime.mean),
      wq,
      'Wq of y',
    );
    expectTheory(
      runs.map((r) => r.classes.x.arrivals / (r.classes.x.arrivals + r.classes.y.arrivals)),
      2 / 3,
      'share of x',
    );
  });
});

describe('Erlang B (M/G/8/8): insensitivity with services not tried elsewhere', () => {
  it.each([
    ['gamma cv 0.3', { dist: 'gamma', mean: 1, cv: 0.3 } as DistributionSpec],
    [
      'hyperexponential',
      { dist: 'mixture', weights: [0.8, 0.2], components: [exp(0.25), exp(4)] } as DistributionSpec,
    ],
  ])('%s: blocking B(8, 6) and carried load', (_name, service) => {
    const a = 6;
    const b = erlangB(8, a);
    const runs = replicate(station(service, a, 8, { queueLimit: 0 }), 100, 20_000, 361);
    expectTheory(
      runs.map((r) => desk(r).balked / desk(r).arrivals),
      b,
      'P(blocked)',
    );
    expectTheory(
      runs.map((r) => desk(r).meanBusy),
      a * (1 - b),
      'carried load',
    );
  });
});

describe('M/G/infinity (60 servers at a load of 20: nobody waits)', () => {
  it('lognormal cv 1.5 service: mean busy lambda E[S]', () => {
    const runs = replicate(
      station({ dist: 'lognormal', mean: 2, cv: 1.5 }, 10, 60),
      200,
      5_000,
      371,
    );
    expectTheory(
      runs.map((r) => desk(r).meanBusy),
      20,
      'mean busy',
    );
    for (const r of runs) expect(desk(r).wait.max).toBe(0);
  });

  it('deterministic service: the occupancy is Poisson (variance of short time averages)', () => {
    // Stationary M/G/inf: Cov(N(0), N(s)) = a P(S_e > s), S_e the equilibrium residual; for a
    // constant D that is a (1 - s / D). The average over a bucket of width d <= D has variance
    // (2 / d^2) integral_0^d (d - s) a (1 - s / D) ds = a (1 - d / (3 D)). The sample variance
    // of a run's 20,000 buckets is low by the variance of their mean, about 2 a D / 2,000 = 0.02,
    // far inside the interval (about 0.65).
    const a = 20;
    const D = 1;
    const d = 0.1;
    const warmup = 50;
    const model = station({ dist: 'constant', value: D }, a, 60);
    const runs = Array.from({ length: R }, (_, i) =>
      runNetwork(model, {
        seed: replicationSeed(381, i),
        until: warmup + 2_000,
        warmup,
        interval: d,
      }),
    );
    // The buckets after the warm-up (t is each bucket's end).
    const observed = (r: RunSummary) => {
      const ts = r.timeseries!;
      return ts.stations.desk.busy.filter((_, j) => ts.t[j] > warmup + 1e-9);
    };
    expectTheory(
      runs.map((r) => sampleVariance(observed(r))),
      a * (1 - d / (3 * D)),
      'variance of the busy servers over buckets of 0.1',
    );
    expectTheory(
      runs.map((r) => desk(r).meanBusy),
      a,
      'mean busy',
    );
  });
});

describe('Pollaczek-Khinchine at loads not tried elsewhere', () => {
  it.each([
    ['M/D/1 at rho 0.85', { dist: 'constant', value: 1 } as DistributionSpec, 0.85, 0],
    ['M/E_2/1 at rho 0.5', { dist: 'erlang', k: 2, mean: 1 } as DistributionSpec, 0.5, 0.5],
  ])('%s: Wq and Lq', (_name, service, lambda, cs2) => {
    const wq = (lambda * (1 + cs2)) / (2 * (1 - lambda));
    const runs = replicate(station(service, lambda, 1), 1_000, 150_000, 391);
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
  });
});

describe('M/M/2/5+M: balking at the queue limit and reneging together', () => {
  it('a birth-death chain: P(balk) = p_K, P(renege) = theta Lq / lambda, Lq', () => {
    // lambda 3, mu 1, 2 servers, at most 3 waiting, patience Exp(mean 2): death rate
    // min(k, 2) + max(0, k - 2) / 2 on states 0..5.
    const lambda = 3;
    const c = 2;
    const K = 5;
    const theta = 0.5;
    const w = [1];
    for (let k = 1; k <= K; k++)
      w.push((w[k - 1] * lambda) / (Math.min(k, c) + Math.max(0, k - c) * theta));
    const total = w.reduce((s, x) => s + x, 0);
    const p = w.map((x) => x / total);
    const lq = p.reduce((s, x, k) => s + x * Math.max(0, k - c), 0);
    const runs = replicate(
      station(exp(1), lambda, c, { queueLimit: K - c, patience: exp(1 / theta) }),
      200,
      30_000,
      401,
    );
    expectTheory(
      runs.map((r) => desk(r).balked / desk(r).arrivals),
      p[K],
      'P(balk)',
    );
    expectTheory(
      runs.map((r) => desk(r).reneged / desk(r).arrivals),
      (theta * lq) / lambda,
      'P(renege)',
    );
    expectTheory(
      runs.map((r) => desk(r).meanQueue),
      lq,
      'Lq',
    );
  });
});

describe('D/M/1 from a trace of evenly spaced arrivals (GI/M/1)', () => {
  it('arrivals every 1.25, mu 1: Wq = sigma / (mu (1 - sigma)), sigma = exp(-mu T (1 - sigma))', () => {
    const T = 1.25;
    // The root in (0, 1) of sigma = A*(mu (1 - sigma)), A*(s) = exp(-s T), by fixed-point iteration.
    let sigma = 0.5;
    for (let i = 0; i < 500; i++) sigma = Math.exp(-T * (1 - sigma));
    const wq = sigma / (1 - sigma);
    const horizon = 101_000;
    const times = Array.from({ length: Math.floor(horizon / T) }, (_, i) => (i + 1) * T);
    const model: NetworkModel = {
      ...station(exp(1), 1, 1),
      sources: [{ id: 'trace', class: 'citizen', arrivals: { kind: 'trace', times } }],
    };
    const runs = replicate(model, 1_000, 100_000, 411);
    expectTheory(
      runs.map((r) => desk(r).wait.mean),
      wq,
      'Wq',
    );
    expectTheory(
      runs.map((r) => desk(r).waitedShare),
      sigma,
      'P(wait)',
    );
  });
});

describe('Erlang A with a uniform patience (M/M/c+G)', () => {
  it('overloaded M/M/2 (a = 2.5), patience U(0.5, 2.5): abandonment, wait of the served, Lq', () => {
    // The offered-wait density of the M/M/c+D case above with a general patience CDF G:
    // f(x) = lambda p_{n-1} exp(lambda H(x) - n mu x). An arrival offered V = x abandons with
    // probability G(x), is served after x otherwise, and spends min(x, patience) in the queue
    // (mean H(x)): P(abandon) = E[G(V)], E[wait; served] = E[V (1 - G(V))], Lq = lambda E[H(V)].
    const lambda = 2.5;
    const n = 2;
    const lo = 0.5;
    const hi = 2.5;
    const G = (x: number) => Math.min(1, Math.max(0, (x - lo) / (hi - lo)));
    const H = (x: number) =>
      x <= lo
        ? x
        : x <= hi
          ? lo + ((hi - lo) ** 2 - (hi - x) ** 2) / (2 * (hi - lo))
          : (lo + hi) / 2;
    const f0 = (x: number) => lambda * Math.exp(lambda * H(x) - n * x);
    // Over [0, hi] in two smooth pieces, and past hi in closed form (G = 1, H = its mean there).
    const integral = (g: (x: number) => number) =>
      simpson((x) => f0(x) * g(x), 0, lo) + simpson((x) => f0(x) * g(x), lo, hi);
    const tail = (lambda * Math.exp(lambda * H(hi) - n * hi)) / n;
    // p_j = p_0 a^j / j! for j < n busy (mu = 1: a = lambda).
    const terms = [1];
    for (let j = 1; j < n; j++) terms.push((terms[j - 1] * lambda) / j);
    const sum = terms.reduce((acc, x) => acc + x, 0);
    const pn1 = terms[n - 1] / (sum + terms[n - 1] * (integral(() => 1) + tail));
    const abandon = pn1 * (integral(G) + tail);
    const wq = (pn1 * integral((x) => x * (1 - G(x)))) / (1 - abandon);
    const lq = lambda * pn1 * (integral(H) + tail * H(hi));
    const runs = replicate(
      station(exp(1), lambda, n, { patience: { dist: 'uniform', min: lo, max: hi } }),
      200,
      30_000,
      421,
    );
    expectTheory(
      runs.map((r) => desk(r).reneged / desk(r).arrivals),
      abandon,
      'P(abandon)',
    );
    expectTheory(
      runs.map((r) => desk(r).wait.mean),
      wq,
      'Wq of the served',
    );
    expectTheory(
      runs.map((r) => desk(r).meanQueue),
      lq,
      'Lq',
    );
  });
});

describe('a step at @desk bound by each source to its own station', () => {
  it('two sources, two M/M/1 stations: each waits at its own rate', () => {
    const model: NetworkModel = {
      name: 'bound',
      stations: [
        { id: 'east', servers: 1 },
        { id: 'west', servers: 1 },
      ],
      classes: [{ id: 'citizen', route: [{ id: 'serve', station: '@desk', service: exp(1) }] }],
      sources: [
        {
          id: 'a',
          class: 'citizen',
          arrivals: { kind: 'poisson', rate: 0.5 },
          bind: { desk: 'east' },
        },
        {
          id: 'b',
          class: 'citizen',
          arrivals: { kind: 'poisson', rate: 0.7 },
          bind: { desk: 'west' },
        },
      ],
    };
    const runs = replicate(model, 500, 60_000, 431);
    expectTheory(
      runs.map((r) => r.stations.east.wait.mean),
      mmcWq(0.5, 1, 1),
      'Wq at east',
    );
    expectTheory(
      runs.map((r) => r.stations.west.wait.mean),
      mmcWq(0.7, 1, 1),
      'Wq at west',
    );
  });
});
