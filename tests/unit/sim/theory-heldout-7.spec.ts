import 'reflect-metadata';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import type { DistributionSpec } from '../../../src/sim/distributions';
import { runNetwork, type NetworkModel, type RunSummary } from '../../../src/sim/network';
import { replicationSeed, Rng } from '../../../src/sim/rng';
import { confidenceInterval, QUANTILE_RELATIVE_ACCURACY } from '../../../src/sim/stats';
import { replicate, theoryCheck } from '../../helpers/theory';

/**
 * A seventh set of held-out results, written apart from the other theory files and never tuned
 * on, each combining rules that no other theory file puts together:
 * - GI/M/3+M: renewal arrivals that are not Poisson (hyperexponential gaps with a squared
 *   coefficient of variation of 4, given to the kernel as a trace generated here) at three
 *   exponential officers with exponential patience. The arrival phase and the number present
 *   make a Markov chain (a quasi-birth-death process); what an arrival sees is its
 *   arrival-epoch law, and a FIFO customer's fate after it joins depends only on those ahead
 *   (each stage ends at rate c mu + k theta, its own patience at rate theta), which gives the
 *   share who give up, the mean wait of those served, the share of them who waited and the
 *   90th percentile of their wait (a mixture of hypoexponentials, by uniformisation);
 * - a retrial queue whose station also has balking by choice, a queue limit and reneging: the
 *   chain on (in the station, in orbit) with every kind of loss at once, each counted apart;
 * - non-preemptive priority on three levels (priorities out of order and with gaps, from two
 *   sources) with a class patience, a step patience that replaces another, a class that never
 *   gives up and a queue limit over every class: a finite chain solved exactly (fixture
 *   priority-three-levels.yaml);
 * - a desk whose officers go 1 -> 3 -> 1 every hour, serving two impatient classes by priority,
 *   where a service under way outlasts the officers' leaving: the periodic law of the chain on
 *   (busy, urgent waiting, routine waiting), by uniformisation hour by hour, against the
 *   kernel's hourly series (queue and busy in the lean hours and in the full ones) and each
 *   class's losses and mean queue.
 * Every theoretical value is computed here, never from the simulator's code.
 *
 * Tolerance: the theory must lie inside the Student-t interval of the replications at the
 * Bonferroni level over the CHECKS statistical checks of this file (family-wise 95%); a quantile
 * adds the sketch's relative accuracy (QUANTILE_RELATIVE_ACCURACY, 1%).
 */
const CHECKS = 31;
const LEVEL = 1 - 0.05 / CHECKS;
const expectTheory = theoryCheck(CHECKS);

const exp = (mean: number): DistributionSpec => ({ dist: 'exponential', mean });
function sum(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s;
}

/**
 * A finite continuous-time Markov chain given by its transitions, and its stationary law by
 * Gauss-Seidel on the balance equations pi_j q_j = sum_i pi_i q_ij (Stewart, Introduction to
 * the Numerical Solution of Markov Chains, 1994, chapter 3), with the residual of the balance
 * equations returned so that a test can see the solve converged.
 */
class Chain {
  private readonly edges: [number, number, number][] = [];
  constructor(readonly size: number) {}

  add(from: number, to: number, rate: number): void {
    if (rate > 0 && from !== to) this.edges.push([from, to, rate]);
  }

  stationary(): { pi: Float64Array; residual: number } {
    const n = this.size;
    const out = new Float64Array(n);
    const start = new Int32Array(n + 1);
    for (const [from, to, rate] of this.edges) {
      out[from] += rate;
      start[to + 1]++;
    }
    for (let j = 0; j < n; j++) start[j + 1] += start[j];
    const fill = start.slice(0, n);
    const src = new Int32Array(this.edges.length);
    const rates = new Float64Array(this.edges.length);
    for (const [from, to, rate] of this.edges) {
      const k = fill[to]++;
      src[k] = from;
      rates[k] = rate;
    }
    const inflow = (pi: Float64Array, j: number) => {
      let s = 0;
      for (let k = start[j]; k < start[j + 1]; k++) s += pi[src[k]] * rates[k];
      return s;
    };
    const pi = new Float64Array(n).fill(1 / n);
    for (let sweep = 0; sweep < 100_000; sweep++) {
      let change = 0;
      for (let j = 0; j < n; j++) {
        const next = inflow(pi, j) / out[j];
        change = Math.max(change, Math.abs(next - pi[j]) / Math.max(next, 1e-300));
        pi[j] = next;
      }
      const total = sum(pi);
      for (let j = 0; j < n; j++) pi[j] /= total;
      if (change < 1e-13) break;
    }
    let residual = 0;
    for (let j = 0; j < n; j++)
      residual = Math.max(residual, Math.abs(inflow(pi, j) - pi[j] * out[j]));
    return { pi, residual };
  }
}

/**
 * A FIFO customer who joins the queue of an M/M/c+M-like station behind `ahead` others, with
 * every officer busy: each stage (k ahead) ends at rate c mu + k theta (an officer frees and
 * the head starts, or one ahead gives up), and the customer's own patience runs at theta. By
 * competing exponentials (Palm's argument for Erlang A; Garnett, Mandelbaum and Reiman,
 * "Designing a call center with impatient customers", MSOM 4 (2002), section 3), it is served
 * with probability prod_k (c mu + k theta) / (c mu + (k + 1) theta), and then its wait is the
 * sum of independent Exp(c mu + (k + 1) theta), k = 0..ahead: its mean and its law. What
 * comes after it (the arrival process) does not matter.
 */
function tagged(c: number, mu: number, theta: number, maxAhead: number) {
  const rate = Array.from({ length: maxAhead + 1 }, (_, k) => c * mu + (k + 1) * theta);
  const served: number[] = [];
  const meanWait: number[] = [];
  let p = 1;
  let w = 0;
  for (let j = 0; j <= maxAhead; j++) {
    p *= (c * mu + j * theta) / rate[j];
    w += 1 / rate[j];
    served.push(p);
    meanWait.push(w);
  }
  return { rate, served, meanWait };
}

/**
 * P(H > t) for a mixture of hypoexponentials: weight[j] on the sum of Exp(rate[k]), k = 0..j,
 * by uniformisation (Tijms, A First Course in Stochastic Models, 2003, section 4.5): the
 * pure-death chain from stage j down through 0 to absorption, at the uniform rate L = max rate.
 */
function hypoSurvival(weight: number[], rate: number[], t: number): number {
  const L = Math.max(...rate);
  // e^{-L t} must not underflow: the tests ask for t with L t well below 700.
  if (!(L * t < 700)) throw new Error(`uniformisation at L t = ${L * t}`);
  let v = weight.slice();
  let poisson = Math.exp(-L * t);
  let total = 0;
  // Beyond the mean of the Poisson count plus 12 of its standard deviations, nothing is left.
  const terms = L * t + 12 * Math.sqrt(L * t) + 30;
  for (let n = 0; n < terms; n++) {
    total += poisson * sum(v);
    const next = new Array<number>(v.length).fill(0);
    for (let k = 0; k < v.length; k++) {
      const move = rate[k] / L;
      next[k] += v[k] * (1 - move);
      if (k > 0) next[k - 1] += v[k] * move;
    }
    v = next;
    poisson *= (L * t) / (n + 1);
  }
  return total;
}

/** Root of a decreasing f on [lo, hi] by bisection. */
function rootDecreasing(f: (t: number) => number, lo: number, hi: number): number {
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

describe('GI/M/3+M: hyperexponential arrivals from a trace, three officers, exponential patience', () => {
  // Gaps between arrivals: Exp(nu1) with probability p, else Exp(nu2), with balanced means
  // (the two-moment fit of Tijms, A First Course in Stochastic Models, 2003, appendix B:
  // p = (1 + sqrt((s - 1) / (s + 1))) / 2, nu1 = 2 p / m,
  // nu2 = 2 (1 - p) / m), mean m = 1 minute and squared coefficient of variation s = 4. Service
  // Exp(mean 2.5) at 3 officers (a load of 2.5, rho 0.83); patience Exp(mean 10).
  const m = 1;
  const scv = 4;
  const p = (1 + Math.sqrt((scv - 1) / (scv + 1))) / 2;
  const nu = [(2 * p) / m, (2 * (1 - p)) / m];
  const phase = [p, 1 - p];
  const c = 3;
  const mu = 1 / 2.5;
  const theta = 1 / 10;
  const N = 160;

  /**
   * The chain on (phase of the gap under way, number present), cut at N: a gap in phase j ends
   * at rate nu_j with an arrival, and the next gap's phase is drawn afresh.
   */
  function theory() {
    const idx = (j: number, n: number) => j * (N + 1) + n;
    const chain = new Chain(2 * (N + 1));
    for (let j = 0; j < 2; j++)
      for (let n = 0; n <= N; n++) {
        for (let k = 0; k < 2; k++)
          chain.add(idx(j, n), idx(k, Math.min(n + 1, N)), nu[j] * phase[k]);
        if (n > 0)
          chain.add(idx(j, n), idx(j, n - 1), Math.min(n, c) * mu + Math.max(n - c, 0) * theta);
      }
    const { pi, residual } = chain.stationary();
    expect(residual).toBeLessThan(1e-12);
    const atN = pi[idx(0, N)] + pi[idx(1, N)];
    expect(atN).toBeLessThan(1e-14);
    const present = (n: number) => pi[idx(0, n)] + pi[idx(1, n)];
    const lambda = nu[0] * sum(pi.subarray(0, N + 1)) + nu[1] * sum(pi.subarray(N + 1));
    // The renewal rate is 1 / m: the chain's phases hold the gap's law.
    expect(lambda).toBeCloseTo(1 / m, 10);
    // What an arrival finds: a_n, weighted by the rate of arrivals from each phase.
    const seen = Array.from(
      { length: N + 1 },
      (_, n) => (nu[0] * pi[idx(0, n)] + nu[1] * pi[idx(1, n)]) / lambda,
    );
    const lq = Array.from({ length: N + 1 }, (_, n) => Math.max(n - c, 0) * present(n)).reduce(
      (s, x) => s + x,
      0,
    );
    const busy = Array.from({ length: N + 1 }, (_, n) => Math.min(n, c) * present(n)).reduce(
      (s, x) => s + x,
      0,
    );
    const t = tagged(c, mu, theta, N - c);
    let served = 0;
    let waitedAndServed = 0;
    let waitOfServed = 0;
    const weight: number[] = [];
    for (let n = 0; n <= N; n++) {
      if (n < c) {
        served += seen[n];
        continue;
      }
      const j = n - c;
      served += seen[n] * t.served[j];
      waitedAndServed += seen[n] * t.served[j];
      waitOfServed += seen[n] * t.served[j] * t.meanWait[j];
      weight.push(seen[n] * t.served[j]);
    }
    // Two roads to the share who give up: the tagged customer's, and Little on the queue
    // (those who give up per minute are theta Lq).
    expect(1 - served).toBeCloseTo((theta * lq) / lambda, 9);
    // Served per minute: the busy officers' rate.
    expect(lambda * served).toBeCloseTo(busy * mu, 9);
    const cond = weight.map((w) => w / served);
    const survival = (x: number) => hypoSurvival(cond, t.rate, x);
    expect(survival(0)).toBeCloseTo(waitedAndServed / served, 9);
    expect(survival(30)).toBeLessThan(0.1);
    return {
      abandon: 1 - served,
      lq,
      busy,
      waitMean: waitOfServed / served,
      waitedShare: waitedAndServed / served,
      p90: rootDecreasing((x) => survival(x) - 0.1, 0, 30),
    };
  }

  /** A hyperexponential trace to `until`, from its own stream (replication i). */
  function trace(i: number, until: number): number[] {
    const rng = new Rng(replicationSeed(7101, i), 'h2-gaps');
    const times: number[] = [];
    for (let t = 0; ;) {
      const j = rng.next() < p ? 0 : 1;
      t -= Math.log(rng.nextOpen()) / nu[j];
      if (t > until) return times;
      times.push(t);
    }
  }

  it('gaps with scv 4 (p 0.887): Lq, busy officers, give up, mean wait of the served, P(wait), p90', () => {
    const th = theory();
    // Far from the answers with Poisson arrivals (Erlang A at the same load), which bursts
    // of arrivals make worse.
    const poisson = (() => {
      const pr = [1];
      for (let n = 1; n <= N; n++)
        pr.push((pr[n - 1] * (1 / m)) / (Math.min(n, c) * mu + Math.max(n - c, 0) * theta));
      const total = pr.reduce((s, x) => s + x, 0);
      return pr.reduce((s, x, n) => s + (x / total) * Math.max(n - c, 0), 0);
    })();
    expect(th.lq).toBeGreaterThan(1.5 * poisson);

    const warmup = 2_000;
    const observed = 200_000;
    const runs = Array.from({ length: 20 }, (_, i) => {
      const model: NetworkModel = {
        name: 'h2-m-3-m',
        stations: [{ id: 'desk', servers: c }],
        classes: [
          {
            id: 'citizen',
            patience: exp(1 / theta),
            route: [{ id: 'serve', station: 'desk', service: exp(1 / mu) }],
          },
        ],
        sources: [
          {
            id: 'trace',
            class: 'citizen',
            arrivals: { kind: 'trace', times: trace(i, warmup + observed) },
          },
        ],
      };
      return runNetwork(model, {
        seed: replicationSeed(7102, i),
        until: warmup + observed,
        warmup,
      });
    });
    const desk = (r: RunSummary) => r.stations.desk;
    expectTheory(
      runs.map((r) => desk(r).meanQueue),
      th.lq,
      'GI/M/3+M: Lq',
    );
    expectTheory(
      runs.map((r) => desk(r).meanBusy),
      th.busy,
      'GI/M/3+M: busy officers',
    );
    expectTheory(
      runs.map((r) => desk(r).reneged / desk(r).arrivals),
      th.abandon,
      'GI/M/3+M: give up',
    );
    expectTheory(
      runs.map((r) => desk(r).wait.mean),
      th.waitMean,
      'GI/M/3+M: mean wait of the served',
    );
    expectTheory(
      runs.map((r) => desk(r).waitedShare),
      th.waitedShare,
      'GI/M/3+M: share of the served who waited',
    );
    const ci = confidenceInterval(
      runs.map((r) => desk(r).wait.p90),
      LEVEL,
    );
    expect(
      Math.abs(ci.mean - th.p90),
      `GI/M/3+M: p90 of the wait of the served: simulated ${ci.mean} ± ${ci.halfWidth}, theory ${th.p90}`,
    ).toBeLessThanOrEqual(ci.halfWidth + QUANTILE_RELATIVE_ACCURACY * th.p90);
  });
});

describe('retrials, balking by choice, a queue limit and reneging at one station', () => {
  // 2 officers, Exp(mean 4) each; room for 3 waiting; an arrival who finds both busy and w
  // waiting balks with probability [0, 0.25, 0.5][w] (everyone at 3: the limit); one turned
  // away either way comes back with probability 0.75 after Exp(mean 12), and decides afresh each
  // time; one who waits gives up after Exp(mean 8) and does not come back. Poisson 0.55 a minute
  // (a load of 2.2 on 2 officers). The state (n in the station, m in orbit) is a Markov chain
  // (Falin and Templeton, Retrial Queues, 1997, chapter 1, with balking and reneging added
  // to the station's moves), cut at M in orbit.
  const q = {
    lambda: 0.55,
    mu: 1 / 4,
    c: 2,
    limit: 3,
    balk: [0, 0.25, 0.5],
    p: 0.75,
    alpha: 1 / 12,
    theta: 1 / 8,
  };
  const K = q.c + q.limit;

  function theory(M: number) {
    const { lambda, mu, c, balk, p, alpha, theta } = q;
    const idx = (n: number, m: number) => m * (K + 1) + n;
    const choice = (n: number) => (n >= c && n < K ? balk[Math.min(n - c, balk.length - 1)] : 0);
    const turned = (n: number) => (n >= K ? 1 : choice(n));
    const chain = new Chain((K + 1) * (M + 1));
    for (let m = 0; m <= M; m++)
      for (let n = 0; n <= K; n++) {
        const i = idx(n, m);
        const b = turned(n);
        if (n < K) chain.add(i, idx(n + 1, m), lambda * (1 - b));
        if (m < M) chain.add(i, idx(n, m + 1), lambda * b * p);
        if (m > 0) {
          if (n < K) chain.add(i, idx(n + 1, m - 1), m * alpha * (1 - b));
          chain.add(i, idx(n, m - 1), m * alpha * b * (1 - p));
        }
        if (n > 0) chain.add(i, idx(n - 1, m), Math.min(n, c) * mu + Math.max(n - c, 0) * theta);
      }
    const { pi, residual } = chain.stationary();
    expect(residual).toBeLessThan(1e-12);
    const E = (f: (n: number, m: number) => number) => {
      let s = 0;
      for (let m = 0; m <= M; m++) for (let n = 0; n <= K; n++) s += pi[idx(n, m)] * f(n, m);
      return s;
    };
    const t = tagged(c, mu, theta, q.limit);
    const attempts = (m: number) => lambda + m * alpha;
    const lq = E((n) => Math.max(n - c, 0));
    const throughput = E((n) => Math.min(n, c) * mu);
    const turnedAway = E((n, m) => attempts(m) * turned(n));
    const lost = (1 - p) * turnedAway;
    const r = {
      tail: E((_n, m) => (m === M ? 1 : 0)),
      turnedAwayShare: turnedAway / (lambda + alpha * E((_n, m) => m)),
      retrials: (alpha * E((_n, m) => m)) / lambda,
      balked: lost / lambda,
      byChoice: ((1 - p) * E((n, m) => attempts(m) * choice(n))) / lambda,
      gaveUp: ((1 - p) * E((n, m) => m * alpha * turned(n))) / lambda,
      reneged: (theta * lq) / lambda,
      throughput,
      lq,
      // Those who join behind n - c others (arrivals and returns alike), each served with the
      // tagged customer's probability after its mean wait.
      waitOfServed:
        E((n, m) =>
          n >= c && n < K ? attempts(m) * (1 - turned(n)) * t.served[n - c] * t.meanWait[n - c] : 0,
        ) / throughput,
    };
    // Everyone who comes is served, lost at the door for good, or gives up in the queue.
    expect(r.throughput / lambda + r.balked + r.reneged).toBeCloseTo(1, 9);
    return r;
  }

  it('the share of attempts turned away, returns, lost by each cause, throughput, Lq and Wq', () => {
    // The orbit holds about 1.4 on average: a cut at 40 loses nothing that shows.
    const th = theory(40);
    const wider = theory(80);
    expect(th.tail).toBeLessThan(1e-13);
    for (const key of ['turnedAwayShare', 'retrials', 'lq', 'waitOfServed'] as const)
      expect(Math.abs(th[key] - wider[key])).toBeLessThan(1e-10);
    expect(th.byChoice).toBeGreaterThan(0.02);
    expect(th.gaveUp).toBeGreaterThan(0.01);
    expect(th.reneged).toBeGreaterThan(0.02);

    const model: NetworkModel = {
      name: 'retrial-balking-reneging',
      stations: [
        {
          id: 'desk',
          servers: q.c,
          queueLimit: q.limit,
          balking: { probabilities: q.balk },
          retrial: { probability: q.p, meanDelayMinutes: 1 / q.alpha },
        },
      ],
      classes: [
        {
          id: 'citizen',
          patience: exp(1 / q.theta),
          route: [{ id: 'visit', station: 'desk', service: exp(1 / q.mu) }],
        },
      ],
      sources: [
        { id: 'walk-ins', class: 'citizen', arrivals: { kind: 'poisson', rate: q.lambda } },
      ],
    };
    const observed = 200_000;
    const runs = replicate(model, 3_000, observed, 7201, 20);
    const at = (r: RunSummary) => r.stations.desk;
    const fresh = (r: RunSummary) => at(r).arrivals - at(r).retrials!;
    expectTheory(
      runs.map((r) => at(r).balkedAttempts! / at(r).arrivals),
      th.turnedAwayShare,
      'retrial+: attempts turned away',
    );
    expectTheory(
      runs.map((r) => at(r).retrials! / fresh(r)),
      th.retrials,
      'retrial+: returns per customer',
    );
    expectTheory(
      runs.map((r) => at(r).balked / fresh(r)),
      th.balked,
      'retrial+: lost at the door',
    );
    expectTheory(
      runs.map((r) => at(r).balkedByChoice! / fresh(r)),
      th.byChoice,
      'retrial+: of them by choice',
    );
    expectTheory(
      runs.map((r) => at(r).gaveUpAfterRetrial! / fresh(r)),
      th.gaveUp,
      'retrial+: gave up after a return',
    );
    expectTheory(
      runs.map((r) => at(r).reneged / fresh(r)),
      th.reneged,
      'retrial+: gave up waiting',
    );
    expectTheory(
      runs.map((r) => at(r).served / observed),
      th.throughput,
      'retrial+: throughput',
    );
    expectTheory(
      runs.map((r) => at(r).meanQueue),
      th.lq,
      'retrial+: Lq',
    );
    expectTheory(
      runs.map((r) => at(r).wait.mean),
      th.waitOfServed,
      'retrial+: mean wait of the served',
    );
  });
});

describe('non-preemptive priority on three levels with patience and a queue limit over every class', () => {
  it('vip (never gives up), standard (step patience 6), late (20): M/M/2, room for 8 (fixture priority-three-levels.yaml)', () => {
    const sc = loadScenario(
      join(__dirname, '../../fixtures/scenarios/theory/priority-three-levels.yaml'),
    );
    // By level (the priorities 1, 3, 5): vip, standard, late. Rates a minute.
    const lambda = [(24 / 60) * 0.25, (24 / 60) * 0.75, 21 / 60];
    const theta = [0, 1 / 6, 1 / 20];
    const mu = 1 / 3;
    const c = 2;
    const L = 8;
    // States: b < c officers busy and nobody waiting (0..c-1), then both busy and (q0, q1, q2)
    // waiting with q0 + q1 + q2 <= L: a finite chain, no cut.
    const index = new Map<string, number>();
    const queues: [number, number, number][] = [];
    for (let a = 0; a <= L; a++)
      for (let b = 0; a + b <= L; b++)
        for (let d = 0; a + b + d <= L; d++) {
          index.set(`${a},${b},${d}`, c + queues.length);
          queues.push([a, b, d]);
        }
    const at = (v: number[]) => index.get(v.join(','))!;
    const chain = new Chain(c + queues.length);
    const total = lambda[0] + lambda[1] + lambda[2];
    for (let b = 0; b < c; b++) {
      chain.add(b, b + 1 < c ? b + 1 : at([0, 0, 0]), total);
      if (b > 0) chain.add(b, b - 1, b * mu);
    }
    for (const qs of queues) {
      const i = at(qs);
      const waiting = qs[0] + qs[1] + qs[2];
      for (let k = 0; k < 3; k++) {
        if (waiting < L) chain.add(i, at(qs.map((x, l) => (l === k ? x + 1 : x))), lambda[k]);
        if (qs[k] > 0) chain.add(i, at(qs.map((x, l) => (l === k ? x - 1 : x))), qs[k] * theta[k]);
      }
      // An officer frees: the most urgent level with someone waiting starts, else one idles.
      const first = qs.findIndex((x) => x > 0);
      chain.add(i, first < 0 ? c - 1 : at(qs.map((x, l) => (l === first ? x - 1 : x))), c * mu);
    }
    const { pi, residual } = chain.stationary();
    expect(residual).toBeLessThan(1e-12);
    const lq = [0, 1, 2].map((k) => queues.reduce((s, qs) => s + qs[k] * pi[at(qs)], 0));
    const full = queues.reduce((s, qs) => s + (qs[0] + qs[1] + qs[2] === L ? pi[at(qs)] : 0), 0);
    let busy = c * queues.reduce((s, qs) => s + pi[at(qs)], 0);
    for (let b = 1; b < c; b++) busy += b * pi[b];
    // PASTA: every class finds the queue full with the same probability; by Little on each
    // class's queue it gives up with probability theta_k Lq_k / lambda_k.
    const lostShare = [0, 1, 2].map((k) => full + (theta[k] * lq[k]) / lambda[k]);
    expect(total * (1 - full)).toBeCloseTo(busy * mu + theta[1] * lq[1] + theta[2] * lq[2], 10);
    // The order matters: the late class waits far longer than the standard one.
    expect(lq[2]).toBeGreaterThan(3 * lq[1]);

    const warmup = 2_000;
    const observed = 500_000;
    const runs = Array.from({ length: 10 }, (_, i) =>
      runNetwork(sc.network!, {
        seed: replicationSeed(sc.seed, i),
        until: warmup + observed,
        warmup,
      }),
    );
    const ids = ['vip', 'standard', 'late'] as const;
    ids.forEach((id, k) => {
      const cls = (r: RunSummary) => r.classes[id];
      expectTheory(
        runs.map((r) => cls(r).lost / cls(r).arrivals),
        lostShare[k],
        `3 levels: ${id} lost`,
      );
      // The time the class's citizens spent waiting (served or gone; 0 for those who balked)
      // over the time: its mean queue, by Little.
      expectTheory(
        runs.map(
          (r) =>
            (cls(r).completed * cls(r).waitTime.mean + cls(r).lost * cls(r).lostTime.mean) /
            observed,
        ),
        lq[k],
        `3 levels: ${id} waiting`,
      );
    });
    expectTheory(
      runs.map((r) => r.stations.desk.meanBusy),
      busy,
      '3 levels: busy officers',
    );
    expectTheory(
      runs.map((r) => r.stations.desk.balked / r.stations.desk.arrivals),
      full,
      '3 levels: turned away at the limit',
    );
    for (const r of runs) {
      // A vip citizen is lost only at the limit; the other classes also by reneging.
      expect(r.classes.vip.outcomes.reneged ?? 0).toBe(0);
      expect(r.totals.lostBy.balked + r.totals.lostBy.reneged).toBe(r.totals.lost);
    }
  });
});

describe('a desk whose officers alternate 1 and 3 by the hour, serving two classes by priority, both impatient', () => {
  it('against the periodic transient of its chain by uniformisation: hour by hour, lost, queues, busy', () => {
    // Every number is an assumption of the test: Exp(mean 6) services; urgent 0.1 a minute
    // (patience Exp(15)) before routine 0.25 a minute (patience Exp(30)), non-preemptive; one
    // officer in even hours (00:00-01:00, 02:00-03:00, ...) and three in odd ones, so 2 on
    // average against a load of 2.1: the queue builds in the lean hours and drains in the
    // others. A service under way when two officers leave is finished (work in progress is
    // never cut), so in a lean hour up to 3 may still be busy.
    const mu = 1 / 6;
    const lambda = [0.1, 0.25];
    const theta = [1 / 15, 1 / 30];
    const Q = [15, 35];
    const B = 3;
    const H = 60;
    const idx = (b: number, q1: number, q2: number) => (b * (Q[0] + 1) + q1) * (Q[1] + 1) + q2;
    const size = (B + 1) * (Q[0] + 1) * (Q[1] + 1);
    /**
     * The chain on (busy, urgent waiting, routine waiting) with s officers on duty, cut at Q:
     * an officer who frees starts the most urgent waiting only while busy stays within s.
     */
    function generator(s: number) {
      const edges: [number, number, number][] = [];
      const out = new Float64Array(size);
      const add = (from: number, to: number, rate: number) => {
        if (rate > 0 && from !== to) {
          edges.push([from, to, rate]);
          out[from] += rate;
        }
      };
      for (let b = 0; b <= B; b++)
        for (let q1 = 0; q1 <= Q[0]; q1++)
          for (let q2 = 0; q2 <= Q[1]; q2++) {
            const i = idx(b, q1, q2);
            if (b < s) add(i, idx(b + 1, q1, q2), lambda[0] + lambda[1]);
            else {
              add(i, idx(b, Math.min(q1 + 1, Q[0]), q2), lambda[0]);
              add(i, idx(b, q1, Math.min(q2 + 1, Q[1])), lambda[1]);
            }
            if (b > 0) {
              if (b <= s && q1 > 0) add(i, idx(b, q1 - 1, q2), b * mu);
              else if (b <= s && q2 > 0) add(i, idx(b, q1, q2 - 1), b * mu);
              else add(i, idx(b - 1, q1, q2), b * mu);
            }
            if (q1 > 0) add(i, idx(b, q1 - 1, q2), q1 * theta[0]);
            if (q2 > 0) add(i, idx(b, q1, q2 - 1), q2 * theta[1]);
          }
      return { edges, out, rate: Math.max(...out) };
    }
    /** At the hour officers come on duty: the waiting start, most urgent first, up to s busy. */
    function onDuty(p: Float64Array, s: number): Float64Array {
      const next = new Float64Array(size);
      for (let b = 0; b <= B; b++)
        for (let q1 = 0; q1 <= Q[0]; q1++)
          for (let q2 = 0; q2 <= Q[1]; q2++) {
            let [bb, a1, a2] = [b, q1, q2];
            while (bb < s && a1 + a2 > 0) {
              if (a1 > 0) a1--;
              else a2--;
              bb++;
            }
            next[idx(bb, a1, a2)] += p[idx(b, q1, q2)];
          }
      return next;
    }
    /**
     * An hour under one generator from the law p, by uniformisation (Tijms 2003, section
     * 4.5): the law at its end and the integral of the law over it,
     * sum_n P(N(Lh) > n) / L v P^n.
     */
    function hour(p: Float64Array, g: ReturnType<typeof generator>) {
      const L = g.rate;
      let v = p;
      let poisson = Math.exp(-L * H);
      let cdf = poisson;
      const end = new Float64Array(size);
      const integral = new Float64Array(size);
      const terms = L * H + 12 * Math.sqrt(L * H) + 30;
      for (let n = 0; n < terms; n++) {
        for (let i = 0; i < size; i++) {
          end[i] += poisson * v[i];
          integral[i] += (v[i] * (1 - cdf)) / L;
        }
        const next = new Float64Array(size);
        for (let i = 0; i < size; i++) next[i] = v[i] * (1 - g.out[i] / L);
        for (const [from, to, rate] of g.edges) next[to] += (v[from] * rate) / L;
        v = next;
        poisson *= (L * H) / (n + 1);
        cdf += poisson;
      }
      return { end, integral };
    }
    const lean = generator(1);
    const full = generator(3);
    // The periodic law at the start of a lean hour: iterate the two-hour map from empty.
    let p = new Float64Array(size);
    p[idx(0, 0, 0)] = 1;
    let leanHour!: ReturnType<typeof hour>;
    let fullHour!: ReturnType<typeof hour>;
    let change = Infinity;
    for (let period = 0; period < 200 && change >= 1e-13; period++) {
      leanHour = hour(p, lean);
      fullHour = hour(onDuty(leanHour.end, 3), full);
      change = 0;
      for (let i = 0; i < size; i++) change = Math.max(change, Math.abs(fullHour.end[i] - p[i]));
      p = fullHour.end;
    }
    expect(change).toBeLessThan(1e-13);
    const averages = (integral: Float64Array) => {
      const a = { q1: 0, q2: 0, busy: 0, cut: 0 };
      for (let b = 0; b <= B; b++)
        for (let q1 = 0; q1 <= Q[0]; q1++)
          for (let q2 = 0; q2 <= Q[1]; q2++) {
            const x = integral[idx(b, q1, q2)] / H;
            a.q1 += q1 * x;
            a.q2 += q2 * x;
            a.busy += b * x;
            if (q1 === Q[0] || q2 === Q[1]) a.cut += x;
          }
      return a;
    };
    const low = averages(leanHour.integral);
    const high = averages(fullHour.integral);
    expect(low.cut + high.cut).toBeLessThan(1e-12);
    const lq = [(low.q1 + high.q1) / 2, (low.q2 + high.q2) / 2];
    const lostShare = [0, 1].map((k) => (theta[k] * lq[k]) / lambda[k]);
    // Work in progress outlasts the change: more than one busy on average in a lean hour.
    expect(low.busy).toBeGreaterThan(1);

    const everyDay = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
    const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
    const model: NetworkModel = {
      name: 'alternating officers',
      stations: [
        {
          id: 'desk',
          discipline: 'priority',
          schedule: [
            { days: [...everyDay], from: '00:00', to: '24:00', servers: 1 },
            ...Array.from({ length: 12 }, (_, k) => ({
              days: [...everyDay],
              from: hh(2 * k + 1),
              to: hh(2 * k + 2),
              servers: 2,
            })),
          ],
        },
      ],
      classes: [
        {
          id: 'urgent',
          priority: 0,
          patience: exp(15),
          route: [{ id: 'serve', station: 'desk', service: exp(6) }],
        },
        {
          id: 'routine',
          priority: 1,
          patience: exp(30),
          route: [{ id: 'serve', station: 'desk', service: exp(6) }],
        },
      ],
      sources: [
        {
          id: 'walk-ins',
          class: { urgent: 0.1, routine: 0.25 },
          arrivals: { kind: 'poisson', rate: 0.35 },
        },
      ],
    };
    const warmup = 1_440;
    const observed = 300 * 1_440;
    const runs = Array.from({ length: 10 }, (_, i) =>
      runNetwork(model, {
        seed: replicationSeed(7401, i),
        until: warmup + observed,
        warmup,
        interval: H,
      }),
    );
    /** A run's mean of an hourly series over the lean (one officer) or the full hours. */
    const byHour = (r: RunSummary, series: 'queue' | 'busy', lean: boolean) => {
      const rows = r.timeseries!.stations.desk;
      const t = r.timeseries!.t;
      // The hours after the warm-up, each ending at t[k].
      const picked = rows[series].filter((_, k) => t[k] > warmup && rows.capacity[k] < 2 === lean);
      expect(picked.length).toBe(observed / H / 2);
      return picked.reduce((s, x) => s + x, 0) / picked.length;
    };
    expectTheory(
      runs.map((r) => byHour(r, 'queue', true)),
      low.q1 + low.q2,
      'alternating: queue in lean hours',
    );
    expectTheory(
      runs.map((r) => byHour(r, 'queue', false)),
      high.q1 + high.q2,
      'alternating: queue in full hours',
    );
    expectTheory(
      runs.map((r) => byHour(r, 'busy', true)),
      low.busy,
      'alternating: busy in lean hours',
    );
    expectTheory(
      runs.map((r) => byHour(r, 'busy', false)),
      high.busy,
      'alternating: busy in full hours',
    );
    (['urgent', 'routine'] as const).forEach((id, k) => {
      const cls = (r: RunSummary) => r.classes[id];
      expectTheory(
        runs.map((r) => cls(r).lost / cls(r).arrivals),
        lostShare[k],
        `alternating: ${id} lost`,
      );
      expectTheory(
        runs.map(
          (r) =>
            (cls(r).completed * cls(r).waitTime.mean + cls(r).lost * cls(r).lostTime.mean) /
            observed,
        ),
        lq[k],
        `alternating: ${id} waiting`,
      );
    });
  });
});
