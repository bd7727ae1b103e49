import { describe, expect, it } from 'vitest';
import type { DistributionSpec } from '../../../src/sim/distributions';
import type { NetworkModel, RunSummary } from '../../../src/sim/network';
import { replicate as replicateR, theoryCheck } from '../../helpers/theory';

/**
 * Patience given by a route step (in place of the class's in that queue) and patience and
 * queue limits under a priority discipline, against Erlang A (Palm) and M/M/c/K, computed here
 * from birth-death chains:
 *
 * - Burke's theorem: the departures of an M/M/1 (or of servers that never queue) are Poisson,
 *   so a second station behind it is an M/M/c of its own, here an Erlang A by its step's
 *   patience; a class patience that leaked into that queue would give up sooner.
 * - With one exponential service and one exponential patience for every class, the number at a
 *   station is the same birth-death chain whatever order the queue is served in: a priority
 *   station loses Erlang A's share in all, and balks M/M/c/K's; each class's share comes from
 *   the chain of the two queues.
 *
 * Tolerance: Student-t intervals of R replications at a Bonferroni level over the file's
 * CHECKS checks (all pass together with probability at least 95% if the simulator is right).
 */
const R = 10;
const CHECKS = 12;

const exp = (mean: number): DistributionSpec => ({ dist: 'exponential', mean });

const expectTheory = theoryCheck(CHECKS);

function replicate(model: NetworkModel, warmup: number, observed: number, seed: number) {
  return replicateR(model, warmup, observed, seed, R);
}

/** Stationary probabilities of a birth-death chain on 0..n. */
function birthDeath(lambda: number, death: (k: number) => number, n: number): number[] {
  const p = [1];
  for (let k = 1; k <= n; k++) p.push((p[k - 1] * lambda) / death(k));
  const total = p.reduce((s, x) => s + x, 0);
  return p.map((x) => x / total);
}

/**
 * M/M/c+M (Erlang A): the share of arrivals who give up (theta Lq / lambda) and the mean wait of
 * those served. An arrival finding k >= c is (k - c + 1)th in line; in position j the next
 * event comes at rate c mu + j theta and is its own abandonment with probability theta over
 * that, so it is served with probability prod (c mu + (j-1) theta) / (c mu + j theta) after
 * a wait whose mean, given that, is sum 1 / (c mu + j theta).
 */
function erlangA(lambda: number, mu: number, c: number, theta: number) {
  const N = 400;
  const p = birthDeath(lambda, (k) => Math.min(k, c) * mu + Math.max(0, k - c) * theta, N);
  const lq = p.reduce((s, x, k) => s + x * Math.max(0, k - c), 0);
  let served = 0;
  let servedWait = 0;
  for (let n = 0; n <= N; n++) {
    let survive = 1;
    let wait = 0;
    for (let j = n - c + 1; j >= 1; j--) {
      const rate = c * mu + j * theta;
      survive *= (rate - theta) / rate;
      wait += 1 / rate;
    }
    served += p[n] * survive;
    servedWait += p[n] * survive * wait;
  }
  return { abandon: (theta * lq) / lambda, servedWait: servedWait / served, lq };
}

/**
 * Non-preemptive priority M/M/c+M with two classes, one service rate and one patience: the
 * chain of (urgent waiting, others waiting) while every server is busy, and of the busy servers
 * below c with nobody waiting. A freed server takes an urgent customer first. Its stationary
 * distribution by power iteration on the uniformised chain (queues truncated at 40, where
 * giving up at rate 8 against arrivals at 2.2 leaves nothing); each class's share who give up
 * is theta E[q_k] / lambda_k.
 */
function priorityAbandonment(l1: number, l2: number, mu: number, c: number, theta: number) {
  const M = 40;
  const n = c + (M + 1) * (M + 1);
  const queues = (q1: number, q2: number) => c + q1 * (M + 1) + q2;
  const from: number[] = [];
  const to: number[] = [];
  const rate: number[] = [];
  const go = (a: number, b: number, r: number) => {
    from.push(a);
    to.push(b);
    rate.push(r);
  };
  for (let b = 0; b < c; b++) {
    go(b, b + 1 < c ? b + 1 : queues(0, 0), l1 + l2);
    if (b > 0) go(b, b - 1, b * mu);
  }
  for (let q1 = 0; q1 <= M; q1++)
    for (let q2 = 0; q2 <= M; q2++) {
      const s = queues(q1, q2);
      if (q1 < M) go(s, queues(q1 + 1, q2), l1);
      if (q2 < M) go(s, queues(q1, q2 + 1), l2);
      if (q1 > 0) go(s, queues(q1 - 1, q2), c * mu + q1 * theta);
      else if (q2 > 0) go(s, queues(q1, q2 - 1), c * mu);
      else go(s, c - 1, c * mu);
      if (q2 > 0) go(s, queues(q1, q2 - 1), q2 * theta);
    }
  const out = new Float64Array(n);
  for (let t = 0; t < from.length; t++) out[from[t]] += rate[t];
  const uniform = Math.max(...out) * 1.01;
  let p = new Float64Array(n).fill(1 / n);
  for (let it = 0; it < 100_000; it++) {
    const next = new Float64Array(n);
    for (let s = 0; s < n; s++) next[s] = p[s] * (1 - out[s] / uniform);
    for (let t = 0; t < from.length; t++) next[to[t]] += (p[from[t]] * rate[t]) / uniform;
    let change = 0;
    for (let s = 0; s < n; s++) change += Math.abs(next[s] - p[s]);
    p = next;
    if (change < 1e-14) break;
  }
  let q1Mean = 0;
  let q2Mean = 0;
  for (let q1 = 0; q1 <= M; q1++)
    for (let q2 = 0; q2 <= M; q2++) {
      q1Mean += p[queues(q1, q2)] * q1;
      q2Mean += p[queues(q1, q2)] * q2;
    }
  return { urgent: (theta * q1Mean) / l1, citizen: (theta * q2Mean) / l2 };
}

const lost = (r: RunSummary, id: string) =>
  r.stations[id].balked + r.stations[id].reneged + r.stations[id].turnedAway;
const lostShare = (r: RunSummary, id: string) => lost(r, id) / r.stations[id].arrivals;

describe("a step's own patience, behind a station whose departures are Poisson", () => {
  // lambda 0.5 a minute; station B has 4 officers, Exp(8) service, and its
  // step's patience is Exp(15): an Erlang A with a = 4 (load 1).
  const b = erlangA(0.5, 1 / 8, 4, 1 / 15); // abandon 0.16593, served wait 2.3105, Lq 1.2445
  const tandem = (first: { servers: number; classPatience?: DistributionSpec }): NetworkModel => ({
    name: 'tandem-step-patience',
    stations: [
      { id: 'A', servers: first.servers },
      { id: 'B', servers: 4 },
    ],
    classes: [
      {
        id: 'citizen',
        patience: first.classPatience,
        route: [
          { id: 'a', station: 'A', service: exp(1) },
          { id: 'b', station: 'B', service: exp(8), patience: exp(15) },
        ],
      },
    ],
    sources: [{ id: 'walk-ins', class: 'citizen', arrivals: { kind: 'poisson', rate: 0.5 } }],
  });

  it('no class patience: nobody gives up at the M/M/1 before it, and B is Erlang A', () => {
    const runs = replicate(tandem({ servers: 1 }), 2_000, 300_000, 911);
    for (const r of runs) expect(lost(r, 'A')).toBe(0);
    // M/M/1 at rho 0.5: Wq = rho / (mu - lambda) = 1.
    expectTheory(
      runs.map((r) => r.stations.A.wait.mean),
      1,
      'A: Wq',
    );
    expectTheory(
      runs.map((r) => lostShare(r, 'B')),
      b.abandon,
      'B: P(abandon)',
    );
    expectTheory(
      runs.map((r) => r.stations.B.wait.mean),
      b.servedWait,
      'B: mean wait of those served',
    );
    expectTheory(
      runs.map((r) => r.stations.B.meanQueue),
      b.lq,
      'B: Lq',
    );
  });

  it("a class patience of 1 minute is replaced in B's queue by the step's 15", () => {
    // A has servers enough that nobody waits there (its departures are those of an
    // M/M/infinity: Poisson), so the class's short patience has no queue to act in but B's.
    // Were it B's, P(abandon) there would be Erlang A's with theta = 1, 0.276.
    const runs = replicate(tandem({ servers: 30, classPatience: exp(1) }), 2_000, 300_000, 912);
    for (const r of runs) expect(lost(r, 'A')).toBe(0);
    expectTheory(
      runs.map((r) => lostShare(r, 'B')),
      b.abandon,
      'B: P(abandon), class patience 1, step 15',
    );
    expectTheory(
      runs.map((r) => r.stations.B.wait.mean),
      b.servedWait,
      'B: mean wait of those served, class patience 1, step 15',
    );
  });
});

describe('a priority station whose classes share one service and one patience', () => {
  // Two classes (30% urgent, priority 0), Exp(1) service, 2 officers, lambda 2.2 (load 1.1).
  const priority = (patience: 'class' | 'step', queueLimit?: number): NetworkModel => ({
    name: 'priority-shared',
    stations: [{ id: 'desk', servers: 2, discipline: 'priority', queueLimit }],
    classes: ['urgent', 'citizen'].map((id, level) => ({
      id,
      priority: level,
      patience: patience === 'class' && queueLimit === undefined ? exp(5) : undefined,
      route: [
        {
          id: 'serve',
          station: 'desk',
          service: exp(1),
          patience: patience === 'step' && queueLimit === undefined ? exp(5) : undefined,
        },
      ],
    })),
    sources: [
      {
        id: 'walk-ins',
        class: { urgent: 0.3, citizen: 0.7 },
        arrivals: { kind: 'poisson', rate: 2.2 },
      },
    ],
  });

  it('patience Exp(5) for both: Erlang A in all, and the steps giving it run the same to the number', () => {
    const a = erlangA(2.2, 1, 2, 0.2); // abandon 0.20613, Lq 2.2674
    const runs = replicate(priority('class'), 500, 100_000, 913);
    expectTheory(
      runs.map((r) => r.totals.lost / r.totals.arrivals),
      a.abandon,
      'P(abandon), all classes',
    );
    expectTheory(
      runs.map((r) => r.stations.desk.meanQueue),
      a.lq,
      'Lq',
    );
    // Each class's share: theta E[q_k] / lambda_k from the chain of both queues.
    const share = priorityAbandonment(2.2 * 0.3, 2.2 * 0.7, 1, 2, 0.2); // 0.09621, 0.25324
    expectTheory(
      runs.map((r) => r.classes.urgent.lost / r.classes.urgent.arrivals),
      share.urgent,
      'P(abandon), urgent',
    );
    expectTheory(
      runs.map((r) => r.classes.citizen.lost / r.classes.citizen.arrivals),
      share.citizen,
      'P(abandon), citizen',
    );
    const bySteps = replicate(priority('step'), 500, 100_000, 913);
    bySteps.forEach((r, i) => {
      expect(r.totals).toEqual(runs[i].totals);
      expect(r.stations.desk.wait).toEqual(runs[i].stations.desk.wait);
    });
  });

  it('at most 4 waiting, no patience: M/M/2/6 blocking, whatever the order', () => {
    const p = birthDeath(2.2, (k) => Math.min(k, 2), 6);
    const lq = p.reduce((s, x, k) => s + x * Math.max(0, k - 2), 0);
    const runs = replicate(priority('class', 4), 500, 100_000, 914);
    expectTheory(
      runs.map((r) => r.totals.lostBy.balked / r.totals.arrivals),
      p[6],
      'P(block)',
    );
    expectTheory(
      runs.map((r) => r.stations.desk.meanQueue),
      lq,
      'Lq',
    );
  });
});
