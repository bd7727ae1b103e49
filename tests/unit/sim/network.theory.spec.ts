import { describe, expect, it } from 'vitest';
import type { DistributionSpec } from '../../../src/sim/distributions';
import { runNetwork, type NetworkModel, type RunSummary } from '../../../src/sim/network';
import { replicationSeed } from '../../../src/sim/rng';
import { confidenceInterval } from '../../../src/sim/stats';
import { erlangB, erlangC, replicate as replicateR, theoryCheck } from '../../helpers/theory';

/**
 * Textbook queueing results the simulator has not been tuned to: Pollaczek-Khinchine for M/G/1
 * with seven service distributions, M/M/c/K, Erlang B and its insensitivity, Erlang A (Palm),
 * Jackson networks with feedback, Cobham's priority formula for M/G/1 and M/M/c, the M/M/c
 * wait quantiles and the abandonment identity. Every theoretical value is computed here, from
 * the formula or a birth-death chain, never from the simulator's own code (not even
 * src/sim/erlang.ts).
 *
 * Tolerance: each check asks the theory to lie inside a Student-t interval of R independent
 * replications (seeds from replicationSeed) at the level that makes the file's checks a
 * family: Bonferroni over CHECKS of them, so that with a correct simulator all pass together
 * with probability at least 95% (at 99% each, a few of them missed by noise alone; run 40
 * replications and they fall back inside). The half-widths are about 2-4.5% of a mean wait
 * (the larger for the heavy-tailed services and the lowest priority), so a bias of 10% fails
 * whatever the seeds. Runs start empty and drop a warm-up of at least 40 mean service times.
 */
const R = 10;
/** The statistical checks in this file (expectTheory calls, each it.each case counted). */
const CHECKS = 99;

const exp = (mean: number): DistributionSpec => ({ dist: 'exponential', mean });

const LEVEL = 1 - 0.05 / CHECKS;
const expectTheory = theoryCheck(CHECKS);

/** R replications of a model, each over `customers / lambda` after a warm-up. */
function replicate(model: NetworkModel, warmup: number, observed: number, seed: number) {
  return replicateR(model, warmup, observed, seed, R);
}

/** One station, one class, Poisson arrivals at `rate`. */
function station(
  service: DistributionSpec,
  rate: number,
  servers: number,
  extra: {
    queueLimit?: number;
    patience?: DistributionSpec;
    jobs?: DistributionSpec;
  } = {},
): NetworkModel {
  return {
    name: 'theory',
    stations: [{ id: 'desk', servers, queueLimit: extra.queueLimit }],
    classes: [
      {
        id: 'citizen',
        patience: extra.patience,
        route: [{ id: 'serve', station: 'desk', service, jobs: extra.jobs }],
      },
    ],
    sources: [{ id: 'walk-ins', class: 'citizen', arrivals: { kind: 'poisson', rate } }],
  };
}

/** Stationary probabilities of a birth-death chain on 0..n (birth rate lambda, death rate death(k)). */
function birthDeath(lambda: number, death: (k: number) => number, n: number): number[] {
  const p = [1];
  for (let k = 1; k <= n; k++) p.push((p[k - 1] * lambda) / death(k));
  const total = p.reduce((s, x) => s + x, 0);
  return p.map((x) => x / total);
}

/** Mean number at an M/M/c station with arrival rate lambda and mean service `mean`. */
function mmcL(lambda: number, mean: number, servers: number): number {
  const a = lambda * mean;
  const rho = a / servers;
  return (erlangC(servers, a) * rho) / (1 - rho) + a;
}

const desk = (r: RunSummary) => r.stations.desk;

describe('M/G/1: Pollaczek-Khinchine mean wait, Wq = lambda E[S^2] / (2 (1 - rho))', () => {
  // lambda 0.7, mean service 1 (rho 0.7), 200,000 time units (~140,000 customers) a replication.
  const lambda = 0.7;
  // [name, service, squared coefficient of variation of the service time]
  const cases: [string, DistributionSpec, number][] = [
    ['deterministic', { dist: 'constant', value: 1 }, 0],
    ['uniform(0, 2)', { dist: 'uniform', min: 0, max: 2 }, 1 / 3],
    ['triangular(0, 1, 2)', { dist: 'triangular', min: 0, mode: 1, max: 2 }, 1 / 6],
    ['erlang k = 4', { dist: 'erlang', k: 4, mean: 1 }, 1 / 4],
    ['gamma cv 0.5', { dist: 'gamma', mean: 1, cv: 0.5 }, 0.25],
    ['lognormal cv 1.5', { dist: 'lognormal', mean: 1, cv: 1.5 }, 2.25],
    // Hyperexponential H2: 0.9 x Exp(mean 0.5) + 0.1 x Exp(mean 5.5); E[S^2] = 0.9·2·0.25 +
    // 0.1·2·30.25 = 6.5, so cs^2 = 5.5.
    [
      'hyperexponential (mixture of two exponentials)',
      {
        dist: 'mixture',
        weights: [0.9, 0.1],
        components: [exp(0.5), exp(5.5)],
      },
      5.5,
    ],
  ];
  it.each(cases)('%s: Wq, Lq, utilisation and sojourn', (_name, service, cs2) => {
    const wq = (lambda * (1 + cs2)) / (2 * (1 - lambda));
    const runs = replicate(station(service, lambda, 1), 2_000, 200_000, 71);
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
      runs.map((r) => desk(r).utilisation),
      lambda,
      'utilisation',
    );
    expectTheory(
      runs.map((r) => desk(r).sojourn.mean),
      wq + 1,
      'W',
    );
  });

  it('jobs: a visit of 1 or 2 jobs (3:1) of Exp(0.5) each is one service of their sum', () => {
    // S = X1 + ... + XN: E[S] = E[N] E[X] = 0.625, E[S^2] = E[N] Var X + E[N^2] E[X]^2 = 0.75.
    const lam = 0.9;
    const meanS = 1.25 * 0.5;
    const meanS2 = 1.25 * 0.25 + 1.75 * 0.25;
    const rho = lam * meanS;
    const runs = replicate(
      station(exp(0.5), lam, 1, {
        jobs: { dist: 'discrete', values: [1, 2], weights: [3, 1] },
      }),
      2_000,
      150_000,
      72,
    );
    expectTheory(
      runs.map((r) => desk(r).wait.mean),
      (lam * meanS2) / (2 * (1 - rho)),
      'Wq',
    );
    expectTheory(
      runs.map((r) => desk(r).utilisation),
      rho,
      'utilisation',
    );
    expectTheory(
      runs.map((r) => desk(r).jobs / desk(r).served),
      1.25,
      'jobs per visit',
    );
  });
});

describe('finite queues and losses', () => {
  it('M/M/3/7 (queueLimit 4): blocking P_K, Lq, L and the mean wait of those admitted', () => {
    const lambda = 2.5;
    const c = 3;
    const K = 7;
    const p = birthDeath(lambda, (k) => Math.min(k, c), K);
    const Lq = p.reduce((s, x, k) => s + x * Math.max(0, k - c), 0);
    const L = p.reduce((s, x, k) => s + x * k, 0);
    const runs = replicate(station(exp(1), lambda, c, { queueLimit: K - c }), 200, 40_000, 73);
    expectTheory(
      runs.map((r) => desk(r).balked / desk(r).arrivals),
      p[K],
      'P(blocked)',
    );
    expectTheory(
      runs.map((r) => desk(r).meanQueue),
      Lq,
      'Lq',
    );
    expectTheory(
      runs.map((r) => desk(r).meanInStation),
      L,
      'L',
    );
    // Little's law on the admitted: Wq = Lq / (lambda (1 - P_K)).
    expectTheory(
      runs.map((r) => desk(r).wait.mean),
      Lq / (lambda * (1 - p[K])),
      'Wq',
    );
    // The blocked never queued: their time in the queue is 0, one entry each.
    for (const r of runs) {
      expect(desk(r).lostWait.count).toBe(desk(r).balked);
      expect(desk(r).lostWait.max).toBe(0);
    }
  });

  it.each([
    ['exponential', exp(1)],
    ['deterministic', { dist: 'constant', value: 1 } as DistributionSpec],
    ['lognormal cv 2', { dist: 'lognormal', mean: 1, cv: 2 } as DistributionSpec],
  ])(
    'Erlang B (M/G/5/5, queueLimit 0) with %s service: blocking is insensitive to the distribution',
    (_name, service) => {
      const a = 4;
      const runs = replicate(station(service, a, 5, { queueLimit: 0 }), 50, 40_000, 74);
      const b = erlangB(5, a);
      expectTheory(
        runs.map((r) => desk(r).balked / desk(r).arrivals),
        b,
        'P(blocked)',
      );
      // Carried load: the mean number of busy servers is a (1 - B).
      expectTheory(
        runs.map((r) => desk(r).meanBusy),
        a * (1 - b),
        'carried load',
      );
      for (const r of runs) expect(desk(r).wait.max).toBe(0);
    },
  );
});

describe('Erlang A (M/M/c+M, exponential patience): Palm', () => {
  // lambda 4.5, mu 1, c 5, patience mean 2 (theta 0.5): a birth-death chain with death rate
  // min(k, c) mu + max(0, k - c) theta.
  const lambda = 4.5;
  const c = 5;
  const theta = 0.5;
  const N = 300;
  const p = birthDeath(lambda, (k) => Math.min(k, c) + Math.max(0, k - c) * theta, N);
  const Lq = p.reduce((s, x, k) => s + x * Math.max(0, k - c), 0);
  // An arrival finding j waiting ahead (PASTA) moves up at rate c mu + k theta with k ahead and
  // gives up at rate theta: it is served with probability prod (c + k theta) / (c + (k+1) theta)
  // after a wait whose mean, given that, is sum 1 / (c + (k+1) theta) over k = j..0.
  let served = 0;
  let servedWait = 0;
  for (let n = 0; n < N; n++) {
    if (n < c) {
      served += p[n];
      continue;
    }
    let survive = 1;
    let wait = 0;
    for (let k = n - c; k >= 0; k--) {
      const rate = c + (k + 1) * theta;
      survive *= (c + k * theta) / rate;
      wait += 1 / rate;
    }
    served += p[n] * survive;
    servedWait += p[n] * survive * wait;
  }
  const runs = replicate(station(exp(1), lambda, c, { patience: exp(1 / theta) }), 100, 40_000, 75);

  it('abandonment share theta Lq / lambda, and the same from the chain', () => {
    expect(Math.abs(theta * Lq - lambda * (1 - served))).toBeLessThan(1e-9);
    expectTheory(
      runs.map((r) => desk(r).reneged / desk(r).arrivals),
      (theta * Lq) / lambda,
      'P(abandon)',
    );
    expectTheory(
      runs.map((r) => desk(r).meanQueue),
      Lq,
      'Lq',
    );
  });

  it('the rate of abandonment is theta times the mean queue (reported figures only)', () => {
    // Everyone waiting gives up at rate theta, so reneged per unit time = theta x meanQueue:
    // an identity between two reported figures, whatever the chain.
    expectTheory(
      runs.map((r) => desk(r).reneged / r.observed - theta * desk(r).meanQueue),
      0,
      'reneged rate - theta Lq',
    );
  });

  it('wait.mean is the mean wait of the customers served, not of every arrival', () => {
    const wqServed = servedWait / served;
    const wqAll = Lq / lambda;
    expectTheory(
      runs.map((r) => desk(r).wait.mean),
      wqServed,
      'wait of the served',
    );
    // The two differ by far more than the noise: the figure is the served customers'.
    const ci = confidenceInterval(
      runs.map((r) => desk(r).wait.mean),
      LEVEL,
    );
    expect(wqAll - ci.mean).toBeGreaterThan(2 * ci.halfWidth);
    // The class's waitTime counts the same customers (one station on the route).
    expectTheory(
      runs.map((r) => r.classes.citizen.waitTime.mean),
      wqServed,
      'class waitTime',
    );
    // Little's law on the servers holds for the served alone: meanBusy = served rate x E[S].
    expectTheory(
      runs.map((r) => desk(r).meanBusy - (desk(r).served / r.observed) * 1),
      0,
      'busy servers - served rate x E[S]',
    );
  });

  it("lostWait closes Little's law on the queue, and gives Palm's mean wait of every arrival", () => {
    // Everyone who left the queue is in wait (served) or lostWait (reneged): their waits add up
    // to the area under the queue, so meanQueue x T = served x wait + lost x lostWait (up to
    // those queued at the two ends of the observed period).
    const waitedInAll = (r: RunSummary) =>
      desk(r).wait.count * desk(r).wait.mean + desk(r).lostWait.count * desk(r).lostWait.mean;
    expectTheory(
      runs.map((r) => desk(r).meanQueue - waitedInAll(r) / r.observed),
      0,
      'Lq - (served wait + lost wait) / T',
    );
    for (const r of runs) expect(desk(r).lostWait.count).toBe(desk(r).reneged);
    // Palm: the mean wait of every arrival, served or not, is Lq / lambda ...
    expectTheory(
      runs.map((r) => waitedInAll(r) / (desk(r).wait.count + desk(r).lostWait.count)),
      Lq / lambda,
      'mean wait of every arrival',
    );
    // ... and those who give up waited, on average, what is left of it over their share.
    expectTheory(
      runs.map((r) => desk(r).lostWait.mean),
      (Lq / lambda - servedWait) / (1 - served),
      'mean time to abandon',
    );
  });
});

describe('open Jackson networks: product form, per station L of an M/M/c at its total rate', () => {
  it('M/M/1 with Bernoulli feedback (30% come back): L = rho / (1 - rho), rho = lambda / (0.7 mu)', () => {
    // Forty visits in a row to one desk, each left for good with probability 0.7: the route
    // stands for a feedback loop (0.3^40 of customers would need a 41st).
    const route = Array.from({ length: 40 }, (_, i) => ({
      id: `visit-${i}`,
      station: 'desk',
      service: exp(1),
      exit: { probability: 0.7, outcome: 'done' },
    }));
    const model: NetworkModel = {
      name: 'feedback',
      stations: [{ id: 'desk', servers: 1 }],
      classes: [{ id: 'citizen', route }],
      sources: [{ id: 'walk-ins', class: 'citizen', arrivals: { kind: 'poisson', rate: 0.5 } }],
    };
    const rho = 0.5 / 0.7;
    const runs = replicate(model, 1_000, 100_000, 76);
    expectTheory(
      runs.map((r) => desk(r).meanInStation),
      rho / (1 - rho),
      'L',
    );
    expectTheory(
      runs.map((r) => desk(r).arrivals / r.observed),
      0.5 / 0.7,
      'visit rate',
    );
    // Little's law for the whole system: W = L / lambda.
    expectTheory(
      runs.map((r) => r.classes.citizen.systemTime.mean),
      rho / (1 - rho) / 0.5,
      'time in system',
    );
  });

  it('three stations, two classes, probabilistic routing and a return visit', () => {
    // Class x (rate 0.45): A, then B with probability 0.6, then A again with probability 0.5,
    // then C. Class y (rate 0.15): C, then A. Service is exponential with one mean per station
    // whatever the class (Kelly's condition): A 0.8 (1 server), B 2 (2), C 3 (3).
    const model: NetworkModel = {
      name: 'jackson',
      stations: [
        { id: 'A', servers: 1 },
        { id: 'B', servers: 2 },
        { id: 'C', servers: 3 },
      ],
      classes: [
        {
          id: 'x',
          route: [
            { id: 'a1', station: 'A', service: exp(0.8) },
            { id: 'b', station: 'B', service: exp(2), probability: 0.6 },
            { id: 'a2', station: 'A', service: exp(0.8), probability: 0.5 },
            { id: 'c', station: 'C', service: exp(3) },
          ],
        },
        {
          id: 'y',
          route: [
            { id: 'c', station: 'C', service: exp(3) },
            { id: 'a', station: 'A', service: exp(0.8) },
          ],
        },
      ],
      sources: [
        { id: 'walk-ins', class: { x: 3, y: 1 }, arrivals: { kind: 'poisson', rate: 0.6 } },
      ],
    };
    const rates = { A: 0.45 * 1.5 + 0.15, B: 0.45 * 0.6, C: 0.6 };
    const theory = { A: mmcL(rates.A, 0.8, 1), B: mmcL(rates.B, 2, 2), C: mmcL(rates.C, 3, 3) };
    const runs = replicate(model, 1_000, 60_000, 77);
    for (const id of ['A', 'B', 'C'] as const) {
      expectTheory(
        runs.map((r) => r.stations[id].arrivals / r.observed),
        rates[id],
        `${id} rate`,
      );
      expectTheory(
        runs.map((r) => r.stations[id].meanInStation),
        theory[id],
        `${id} L`,
      );
    }
    // Little's law for the whole network (nobody is lost): sum of L = lambda x W.
    expectTheory(
      runs.map(
        (r) =>
          (r.classes.x.systemTime.mean * r.classes.x.completed +
            r.classes.y.systemTime.mean * r.classes.y.completed) /
          r.observed,
      ),
      theory.A + theory.B + theory.C,
      'network L',
    );
  });
});

describe("non-preemptive priority: Cobham's formula per class", () => {
  it('M/G/1, three classes with their own service distributions', () => {
    // W_k = W0 / ((1 - sigma_{k-1}) (1 - sigma_k)), W0 = sum lambda_i E[S_i^2] / 2.
    const classes = [
      { id: 'urgent', lambda: 0.2, service: { dist: 'constant', value: 1 }, m1: 1, m2: 1 },
      {
        id: 'normal',
        lambda: 0.3,
        service: { dist: 'uniform', min: 0, max: 1.2 },
        m1: 0.6,
        m2: 0.48,
      },
      { id: 'routine', lambda: 0.1, service: { dist: 'lognormal', mean: 2, cv: 1 }, m1: 2, m2: 8 },
    ] as const;
    const model: NetworkModel = {
      name: 'cobham',
      stations: [{ id: 'desk', servers: 1, discipline: 'priority' }],
      classes: classes.map((c, i) => ({
        id: c.id,
        priority: i,
        route: [{ id: 'serve', station: 'desk', service: c.service as DistributionSpec }],
      })),
      sources: [
        {
          id: 'walk-ins',
          class: Object.fromEntries(classes.map((c) => [c.id, c.lambda])),
          arrivals: { kind: 'poisson', rate: 0.6 },
        },
      ],
    };
    const w0 = classes.reduce((s, c) => s + (c.lambda * c.m2) / 2, 0);
    const runs = replicate(model, 2_000, 200_000, 78);
    let sigma = 0;
    for (const c of classes) {
      const before = sigma;
      sigma += c.lambda * c.m1;
      expectTheory(
        runs.map((r) => r.classes[c.id].waitTime.mean),
        w0 / ((1 - before) * (1 - sigma)),
        c.id,
      );
    }
  });

  it('M/M/3, three classes: W_k = C(3, a) / (3 mu) / ((1 - sigma_{k-1}) (1 - sigma_k))', () => {
    const lambdas = [0.8, 0.9, 0.8];
    const a = 2.5;
    const model: NetworkModel = {
      name: 'cobham-mmc',
      stations: [{ id: 'desk', servers: 3, discipline: 'priority' }],
      classes: lambdas.map((_, i) => ({
        id: `p${i}`,
        priority: i,
        route: [{ id: 'serve', station: 'desk', service: exp(1) }],
      })),
      sources: [
        {
          id: 'walk-ins',
          class: Object.fromEntries(lambdas.map((l, i) => [`p${i}`, l])),
          arrivals: { kind: 'poisson', rate: a },
        },
      ],
    };
    const w0 = erlangC(3, a) / 3;
    const runs = replicate(model, 500, 100_000, 79);
    let sigma = 0;
    lambdas.forEach((l, i) => {
      const before = sigma;
      sigma += l / 3;
      expectTheory(
        runs.map((r) => r.classes[`p${i}`].waitTime.mean),
        w0 / ((1 - before) * (1 - sigma)),
        `p${i}`,
      );
    });
  });
});

describe('M/M/c wait distribution: P(W > t) = C(c, a) e^{-(c mu - lambda) t}', () => {
  it('M/M/2 at rho 0.85: P(wait), p50, p90, p95 and p99 (the sketch is within 1%)', () => {
    const lambda = 1.7;
    const C = erlangC(2, lambda);
    const quantile = (q: number) => Math.max(0, Math.log(C / (1 - q)) / (2 - lambda));
    const runs = replicate(station(exp(1), lambda, 2), 500, 100_000, 80);
    expectTheory(
      runs.map((r) => desk(r).waitedShare),
      C,
      'P(wait)',
    );
    for (const [key, q] of [
      ['p50', 0.5],
      ['p90', 0.9],
      ['p95', 0.95],
      ['p99', 0.99],
    ] as const) {
      // The sketch's 1% relative accuracy adds to the interval: a quantile can be that far off.
      const ci = confidenceInterval(
        runs.map((r) => desk(r).wait[key]),
        LEVEL,
      );
      expect(Math.abs(ci.mean - quantile(q)), key).toBeLessThanOrEqual(
        ci.halfWidth + 0.01 * quantile(q),
      );
    }
  });
});

describe('time-varying arrivals: M(t)/M/infinity, the busy servers follow the rate', () => {
  it("hour by hour, the mean busy servers are the periodic solution of m' = lambda(t) - m / tau", () => {
    // A profile of 2,400 a day by hour, Exp(45 min) service and servers enough never to queue:
    // the number in service is Poisson with mean m(t). Within an hour of rate lambda,
    // m(t) = lambda tau + (m0 - lambda tau) e^(-t / tau); its hour average follows.
    const hourOfDay = [
      1, 1, 1, 1, 1, 1, 2, 4, 8, 12, 12, 10, 8, 10, 12, 10, 8, 6, 4, 3, 2, 2, 1, 1,
    ];
    const perDay = 2400;
    const tau = 45;
    const weight = hourOfDay.reduce((s, w) => s + w, 0);
    const rate = hourOfDay.map((w) => (perDay * w) / weight / 60);
    const decay = Math.exp(-60 / tau);
    let m = 0;
    for (let day = 0; day < 50; day++) for (const l of rate) m = l * tau + (m - l * tau) * decay;
    const hourAverage = rate.map((l) => {
      const average = l * tau + (m - l * tau) * (tau / 60) * (1 - decay);
      m = l * tau + (m - l * tau) * decay;
      return average;
    });
    const model: NetworkModel = {
      name: 'mt-infinity',
      calendar: { start: '2024-01-01' },
      stations: [{ id: 'desk', servers: 2000 }],
      classes: [{ id: 'citizen', route: [{ id: 'serve', station: 'desk', service: exp(tau) }] }],
      sources: [
        { id: 'walk-ins', class: 'citizen', arrivals: { kind: 'profile', perDay, hourOfDay } },
      ],
    };
    // Days 3-15 of each replication (two days of warm-up for the periodic regime).
    const days = 13;
    const perHour = Array.from({ length: R }, (_, r) => {
      const run = runNetwork(model, {
        seed: replicationSeed(81, r),
        until: 15 * 1440,
        interval: 60,
      });
      const busy = run.timeseries?.stations.desk.busy ?? [];
      const sums = new Array<number>(24).fill(0);
      for (let i = 48; i < busy.length; i++) sums[i % 24] += busy[i] / days;
      return sums;
    });
    for (let h = 0; h < 24; h++)
      expectTheory(
        perHour.map((sums) => sums[h]),
        hourAverage[h],
        `hour ${h}`,
      );
  });
});

describe("Little's law with a warm-up, reneging and balking: per station and for the whole system", () => {
  it('the areas under the queues and in the system are the waits and times of everyone who left', () => {
    // Intake (2 servers) then a desk (1 server, at most 3 waiting); everyone gives up after an
    // exponential patience of mean 2 in either queue. L = lambda W holds for everyone who
    // passes, the lost included: area = time of the finished + time of the lost, up to the
    // customers present at the two ends of the observed period.
    const model: NetworkModel = {
      name: 'little-lost',
      stations: [
        { id: 'intake', servers: 2 },
        { id: 'desk', servers: 1, queueLimit: 3 },
      ],
      classes: [
        {
          id: 'citizen',
          patience: exp(2),
          route: [
            { id: 'intake', station: 'intake', service: exp(1) },
            { id: 'desk', station: 'desk', service: { dist: 'gamma', mean: 0.6, cv: 0.7 } },
          ],
        },
      ],
      sources: [{ id: 'walk-ins', class: 'citizen', arrivals: { kind: 'poisson', rate: 1.8 } }],
    };
    const runs = replicate(model, 500, 50_000, 82);
    for (const r of runs) expect(r.totals.lost).toBeGreaterThan(1_000);
    for (const id of ['intake', 'desk']) {
      const st = (r: RunSummary) => r.stations[id];
      expectTheory(
        runs.map(
          (r) =>
            st(r).meanQueue -
            (st(r).wait.count * st(r).wait.mean + st(r).lostWait.count * st(r).lostWait.mean) /
              r.observed,
        ),
        0,
        `${id}: Lq - (served wait + lost wait) / T`,
      );
    }
    const citizen = (r: RunSummary) => r.classes.citizen;
    expectTheory(
      runs.map(
        (r) =>
          r.stations.intake.meanInStation +
          r.stations.desk.meanInStation -
          (citizen(r).completed * citizen(r).systemTime.mean +
            citizen(r).lost * citizen(r).lostTime.mean) /
            r.observed,
      ),
      0,
      'system L - (finished time + lost time) / T',
    );
  });
});
