import 'reflect-metadata';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import type { DistributionSpec } from '../../../src/sim/distributions';
import { runNetwork, type NetworkModel, type RunSummary } from '../../../src/sim/network';
import { replicationSeed } from '../../../src/sim/rng';
import { replicate, theoryCheck } from '../../helpers/theory';

/**
 * A sixth set of held-out results, written apart from the other theory files and never tuned
 * on:
 * - a finite population (the machine-repairman model M/M/c//N): N citizens who each come back
 *   to the desk an exponential time after leaving it, written as a closed loop (a source that
 *   brings N and stops, a route of many rounds); the birth-death chain gives the mean queue and
 *   the throughput, and the arrival theorem for closed networks (an arrival sees the chain of
 *   N - 1) gives P(wait) and the mean wait, which the time averages (the chain of N) do not;
 * - a priority desk whose two classes renege at their own rates (non-preemptive priority,
 *   M/M/3+M with class patience): the chain on (busy officers, urgent waiting, routine waiting)
 *   solved exactly, each class's abandonment share and mean queue;
 * - the variance of the number served over the observed period, across replications: Poisson
 *   (lambda T) at an M/M/1 by Burke's theorem, and the exact variance of the departures of an
 *   M/M/1/1 (a two-state Markovian arrival process), which is about half its mean.
 * Every theoretical value is computed here, never from the simulator's code.
 *
 * Tolerance: the theory must lie inside the Student-t interval of the replications at the
 * Bonferroni level over the CHECKS statistical checks of this file (family-wise 95%); a
 * variance lies inside the chi-square interval of the sample variance at the same level.
 */
const CHECKS = 15;
const ALPHA = 0.05 / CHECKS;
const expectTheory = theoryCheck(CHECKS);

const exp = (mean: number): DistributionSpec => ({ dist: 'exponential', mean });

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const sampleVariance = (xs: number[]) => {
  const m = mean(xs);
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
};

/** Stationary probabilities of a birth-death chain on 0..K (birth(k) from k, death(k) into k - 1). */
function birthDeath(birth: (k: number) => number, death: (k: number) => number, K: number) {
  const p = [1];
  for (let k = 1; k <= K; k++) p.push((p[k - 1] * birth(k - 1)) / death(k));
  const total = p.reduce((s, x) => s + x, 0);
  return p.map((x) => x / total);
}

/** The standard normal CDF, by the complementary error function (Numerical Recipes' erfcc). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}

function normalQuantile(p: number): number {
  let lo = -12;
  let hi = 12;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** The p-quantile of chi-square with k degrees of freedom (Wilson-Hilferty; k here is 299+). */
function chiSquareQuantile(p: number, k: number): number {
  const h = 2 / (9 * k);
  return k * (1 - h + normalQuantile(p) * Math.sqrt(h)) ** 3;
}

/**
 * The sample variance of the replications against a theoretical variance: inside the two-sided
 * chi-square interval at the file's Bonferroni level (the counts are near normal: their means
 * are in the hundreds).
 */
function expectVariance(samples: number[], theory: number, label: string): void {
  const df = samples.length - 1;
  const s2 = sampleVariance(samples);
  const lo = (df * s2) / chiSquareQuantile(1 - ALPHA / 2, df);
  const hi = (df * s2) / chiSquareQuantile(ALPHA / 2, df);
  expect(
    theory >= lo && theory <= hi,
    `${label}: sample variance ${s2}, interval [${lo}, ${hi}], theory ${theory}`,
  ).toBe(true);
}

describe('a finite population: the machine-repairman model M/M/2//12', () => {
  it('12 citizens, away Exp(20), served Exp(3) by 2: Lq, throughput, P(wait) and Wq by the arrival theorem', () => {
    // Each of N citizens is away for an exponential time (mean 20: a station of N servers, where
    // nobody waits), then at the desk (2 officers, mean 3), then away again, for ever: a closed
    // network. "For ever" is a route of ROUNDS rounds, far more than a horizon holds (a round
    // takes 23 minutes and more, so 1,200 rounds take about 28,000, with an sd of about 700:
    // the 21,000 minutes run end long before anyone leaves). The source brings the N at once
    // (100 a minute, then its limit) and the warm-up forgets that start.
    const N = 12;
    const away = 20;
    const service = 3;
    const c = 2;
    const ROUNDS = 1_200;
    const route = Array.from({ length: ROUNDS }, (_, i) => [
      { id: `away${i}`, station: 'away', service: exp(away) },
      { id: `desk${i}`, station: 'desk', service: exp(service) },
    ]).flat();
    const model: NetworkModel = {
      name: 'machine-repairman',
      stations: [
        { id: 'away', servers: N },
        { id: 'desk', servers: c },
      ],
      classes: [{ id: 'citizen', route }],
      sources: [
        {
          id: 'population',
          class: 'citizen',
          arrivals: { kind: 'poisson', rate: 100 },
          limit: N,
        },
      ],
    };
    // The number at the desk is a birth-death chain: birth (N - n) / away, death min(n, c) / S.
    const chain = (n: number) =>
      birthDeath(
        (k) => (n - k) / away,
        (k) => Math.min(k, c) / service,
        n,
      );
    const pN = chain(N);
    const lq = pN.reduce((s, p, n) => s + Math.max(n - c, 0) * p, 0);
    const l = pN.reduce((s, p, n) => s + n * p, 0);
    const throughput = pN.reduce((s, p, n) => s + (Math.min(n, c) / service) * p, 0);
    // Arrival theorem (Sevcik and Mitrani 1981; Lavenberg and Reiser 1980): a citizen coming to
    // the desk sees the chain with N - 1 citizens; one who finds n >= c waits for n - c + 1
    // services at rate c / S.
    const pArrival = chain(N - 1);
    const pWait = pArrival.reduce((s, p, n) => s + (n >= c ? p : 0), 0);
    const wq = pArrival.reduce((s, p, n) => s + (n >= c ? (p * (n - c + 1) * service) / c : 0), 0);
    const pWaitTimeAverage = pN.reduce((s, p, n) => s + (n >= c ? p : 0), 0);
    // The two are far apart (0.532 against 0.600): a test that took the time average for the
    // arrivals' would fail.
    expect(pWaitTimeAverage - pWait).toBeGreaterThan(0.05);
    expect(wq).toBeCloseTo(lq / throughput, 10); // Little at the queue, from the two chains

    const observed = 20_000;
    const runs = replicate(model, 1_000, observed, 4602, 10);
    // Nobody leaves: everyone is still in the loop at the end (the route is long enough).
    for (const r of runs) expect(r.totals.inSystemAtEnd).toBe(N);
    const desk = (r: RunSummary) => r.stations.desk;
    expectTheory(
      runs.map((r) => desk(r).meanQueue),
      lq,
      'machine repairman: Lq at the desk',
    );
    expectTheory(
      runs.map((r) => desk(r).served / observed),
      throughput,
      'machine repairman: throughput of the desk',
    );
    expectTheory(
      runs.map((r) => desk(r).waitedShare),
      pWait,
      'machine repairman: P(wait) of an arrival (the chain of N - 1)',
    );
    expectTheory(
      runs.map((r) => desk(r).wait.mean),
      wq,
      'machine repairman: mean wait at the desk',
    );
    expectTheory(
      runs.map((r) => r.stations.away.meanBusy),
      N - l,
      'machine repairman: citizens away (N - L)',
    );
  });
});

/**
 * Non-preemptive priority with reneging by class at c exponential servers of one rate: the
 * chain on (b, 0, 0) for b < c busy and (c, q1, q2) once all are busy. A freed server takes
 * an urgent citizen if one waits, else a routine one; each waiting citizen of class k gives up
 * at rate theta_k. Solved by Gauss-Seidel on queues cut at Q (the mass at the cut is checked).
 */
function priorityReneging(
  lambda: [number, number],
  mu: number,
  c: number,
  theta: [number, number],
  Q: number,
) {
  const idx = (q1: number, q2: number) => c + q1 * (Q + 1) + q2;
  const size = c + (Q + 1) * (Q + 1);
  const out = new Float64Array(size);
  const into: [number, number][][] = Array.from({ length: size }, () => []);
  const add = (from: number, to: number, rate: number) => {
    out[from] += rate;
    into[to].push([from, rate]);
  };
  const arrive = lambda[0] + lambda[1];
  for (let b = 0; b < c; b++) {
    if (b > 0) add(b, b - 1, b * mu);
    add(b, b + 1 < c ? b + 1 : idx(0, 0), arrive);
  }
  for (let q1 = 0; q1 <= Q; q1++)
    for (let q2 = 0; q2 <= Q; q2++) {
      const i = idx(q1, q2);
      if (q1 < Q) add(i, idx(q1 + 1, q2), lambda[0]);
      if (q2 < Q) add(i, idx(q1, q2 + 1), lambda[1]);
      if (q1 > 0) add(i, idx(q1 - 1, q2), c * mu);
      else if (q2 > 0) add(i, idx(0, q2 - 1), c * mu);
      else add(i, c - 1, c * mu);
      if (q1 > 0) add(i, idx(q1 - 1, q2), q1 * theta[0]);
      if (q2 > 0) add(i, idx(q1, q2 - 1), q2 * theta[1]);
    }
  const p = new Float64Array(size).fill(1 / size);
  for (let it = 0; it < 50_000; it++) {
    let change = 0;
    for (let j = 0; j < size; j++) {
      let s = 0;
      for (const [i, r] of into[j]) s += p[i] * r;
      const v = s / out[j];
      change = Math.max(change, Math.abs(v - p[j]));
      p[j] = v;
    }
    const total = p.reduce((s, x) => s + x, 0);
    for (let j = 0; j < size; j++) p[j] /= total;
    if (change < 1e-14) break;
  }
  let q1Mean = 0;
  let q2Mean = 0;
  let busy = 0;
  let cut = 0;
  for (let b = 0; b < c; b++) busy += b * p[b];
  for (let q1 = 0; q1 <= Q; q1++)
    for (let q2 = 0; q2 <= Q; q2++) {
      const x = p[idx(q1, q2)];
      q1Mean += q1 * x;
      q2Mean += q2 * x;
      busy += c * x;
      if (q1 === Q || q2 === Q) cut += x;
    }
  return { q1Mean, q2Mean, busy, cut };
}

describe('non-preemptive priority with a patience per class (M/M/3+M, two levels)', () => {
  it('urgent 7.2/h patience Exp(10), routine 14.4/h patience Exp(50), Exp(10) at 3 (fixture priority-patience.yaml)', () => {
    const sc = loadScenario(
      join(__dirname, '../../fixtures/scenarios/theory/priority-patience.yaml'),
    );
    const lambda: [number, number] = [7.2 / 60, 14.4 / 60];
    const theta: [number, number] = [1 / 10, 1 / 50];
    const { q1Mean, q2Mean, busy, cut } = priorityReneging(lambda, 1 / 10, 3, theta, 80);
    expect(cut).toBeLessThan(1e-20);
    // By Little on each class's queue, a class-k arrival waits q_k / lambda_k on average
    // (served or not), and gives up with probability theta_k q_k / lambda_k.
    const abandon = [(theta[0] * q1Mean) / lambda[0], (theta[1] * q2Mean) / lambda[1]];
    // Flow balance of the chain: those who give up are those who come less those served.
    expect(lambda[0] * abandon[0] + lambda[1] * abandon[1]).toBeCloseTo(
      lambda[0] + lambda[1] - busy / 10,
      10,
    );

    const warmup = 2_000;
    const observed = 200_000;
    const runs = Array.from({ length: 10 }, (_, i) =>
      runNetwork(sc.network!, {
        seed: replicationSeed(sc.seed, i),
        until: warmup + observed,
        warmup,
      }),
    );
    const cls = (r: RunSummary, id: 'urgent' | 'routine') => r.classes[id];
    const share = (r: RunSummary, id: 'urgent' | 'routine') =>
      cls(r, id).lost / cls(r, id).arrivals;
    // The time all of a class's citizens spent waiting (served or gone) over the time: its
    // mean queue, by Little.
    const queueOf = (r: RunSummary, id: 'urgent' | 'routine') => {
      const k = cls(r, id);
      return (k.completed * k.waitTime.mean + k.lost * k.lostTime.mean) / observed;
    };
    expectTheory(
      runs.map((r) => share(r, 'urgent')),
      abandon[0],
      'priority+M: urgent give up',
    );
    expectTheory(
      runs.map((r) => share(r, 'routine')),
      abandon[1],
      'priority+M: routine give up',
    );
    expectTheory(
      runs.map((r) => queueOf(r, 'urgent')),
      q1Mean,
      'priority+M: urgent waiting',
    );
    expectTheory(
      runs.map((r) => queueOf(r, 'routine')),
      q2Mean,
      'priority+M: routine waiting',
    );
    expectTheory(
      runs.map((r) => r.stations.desk.meanQueue),
      q1Mean + q2Mean,
      'priority+M: Lq',
    );
    expectTheory(
      runs.map((r) => r.stations.desk.meanBusy),
      busy,
      'priority+M: busy officers',
    );
    // Every loss is a reneging: the desk has no queue limit and never closes.
    for (const r of runs) expect(r.totals.lostBy.reneged).toBe(r.totals.lost);
  });
});

describe('the number served over the observed period: its variance across replications', () => {
  const desk = (mean: number, rate: number, queueLimit?: number): NetworkModel => ({
    name: 'served-variance',
    stations: [{ id: 'desk', servers: 1, queueLimit }],
    classes: [{ id: 'citizen', route: [{ id: 'serve', station: 'desk', service: exp(mean) }] }],
    sources: [{ id: 'walk-ins', class: 'citizen', arrivals: { kind: 'poisson', rate } }],
  });

  it('M/M/1 at rho 0.9: the departures are Poisson (Burke), variance lambda T, however busy', () => {
    // After a warm-up of 13 relaxation times (1 / (mu (1 - sqrt rho))^2 = 380), the queue is
    // stationary, and by Burke's theorem its departures in any window of T form a Poisson count.
    const lambda = 0.9;
    const T = 2_000;
    const runs = replicate(desk(1, lambda), 5_000, T, 4603, 300);
    const served = runs.map((r) => r.stations.desk.served);
    expectTheory(served, lambda * T, 'M/M/1: mean served');
    expectVariance(served, lambda * T, 'M/M/1: variance of the number served (Burke)');
  });

  it('M/M/1/1 (no queue): departures a two-state MAP, Var N(T) = (l - 2 l^2 / r) T + 2 l^2 (1 - e^{-rT}) / r^2', () => {
    // lambda 1, mu 1.25: the desk is idle (Exp(lambda)) then busy (Exp(mu)) in turn, a
    // departure at each end of service; with r = lambda + mu the departure rate is
    // l = lambda mu / r, and the variance of the count from the stationary start is the MAP
    // formula of Narayana and Neuts (1992) worked out for two states (its slope is sigma^2 / m^3
    // of the renewal cycle, 0.281 a minute against a mean rate of 0.556).
    const lambda = 1;
    const mu = 1.25;
    const r = lambda + mu;
    const l = (lambda * mu) / r;
    const T = 500;
    const variance = (l - (2 * l * l) / r) * T + (2 * l * l * (1 - Math.exp(-r * T))) / (r * r);
    const cycle = 1 / lambda + 1 / mu;
    expect(variance / T).toBeCloseTo((1 / lambda ** 2 + 1 / mu ** 2) / cycle ** 3, 3);
    const runs = replicate(desk(1 / mu, lambda, 0), 50, T, 4604, 400);
    const served = runs.map((x) => x.stations.desk.served);
    expectTheory(served, l * T, 'M/M/1/1: mean served');
    expectVariance(served, variance, 'M/M/1/1: variance of the number served');
  });
});
