import { describe, expect, it } from 'vitest';
import type { DistributionSpec } from '../../../src/sim/distributions';
import { runNetwork, type NetworkModel, type RunSummary } from '../../../src/sim/network';
import { replicationSeed } from '../../../src/sim/rng';
import { confidenceInterval } from '../../../src/sim/stats';
import { theoryCheck } from '../../helpers/theory';

/**
 * Runs that are not in steady state, against the exact transient of their Markov chain: an
 * M/M/1 started empty (what a warm-up removes), and a desk whose officers and arrivals change
 * through the day (shifts, closing with turn-away, a queue limit, patience). The expectations
 * are worked out here by integrating the chain's forward equations (Kolmogorov, p' = p Q) with
 * fourth-order Runge-Kutta, never from the simulator's code.
 *
 * Tolerance: Student-t intervals of independent replications at a Bonferroni level over the
 * file's CHECKS checks, so that with a correct simulator all pass together with probability at
 * least 95%.
 */
const CHECKS = 11;

const exp = (mean: number): DistributionSpec => ({ dist: 'exponential', mean });

const LEVEL = 1 - 0.05 / CHECKS;
const expectTheory = theoryCheck(CHECKS);

/** A continuous-time Markov chain on states 0..n-1, as its transitions (from, to, rate). */
interface Chain {
  n: number;
  from: number[];
  to: number[];
  rate: number[];
}

/** The chain on 0..n-1 whose state s goes to `to` at `rate` for each go(to, rate) that each(s) calls. */
function chain(n: number, each: (state: number, go: (to: number, rate: number) => void) => void) {
  const c: Chain = { n, from: [], to: [], rate: [] };
  for (let s = 0; s < n; s++)
    each(s, (to, rate) => {
      if (!(rate > 0)) return;
      c.from.push(s);
      c.to.push(to);
      c.rate.push(rate);
    });
  return c;
}

/**
 * The distribution after `time` from `p`, and the expected time spent in each state meanwhile
 * (the integral of p(t)), by RK4 on p' = p Q with step `dt`.
 */
function evolve(c: Chain, p: Float64Array, time: number, dt = 0.05) {
  const n = c.n;
  const occupancy = new Float64Array(n);
  const derivative = (x: Float64Array, out: Float64Array) => {
    out.fill(0);
    for (let t = 0; t < c.from.length; t++) {
      const flow = x[c.from[t]] * c.rate[t];
      out[c.from[t]] -= flow;
      out[c.to[t]] += flow;
    }
  };
  const k1 = new Float64Array(n);
  const k2 = new Float64Array(n);
  const k3 = new Float64Array(n);
  const k4 = new Float64Array(n);
  const x = new Float64Array(n);
  let cur = Float64Array.from(p);
  const steps = Math.round(time / dt);
  for (let s = 0; s < steps; s++) {
    derivative(cur, k1);
    for (let i = 0; i < n; i++) x[i] = cur[i] + (dt / 2) * k1[i];
    derivative(x, k2);
    for (let i = 0; i < n; i++) x[i] = cur[i] + (dt / 2) * k2[i];
    derivative(x, k3);
    for (let i = 0; i < n; i++) x[i] = cur[i] + dt * k3[i];
    derivative(x, k4);
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      // The integral of p over the step by the same stages (p at 0, dt/2 twice, dt).
      occupancy[i] +=
        (dt / 6) * (6 * cur[i] + (dt / 2) * k1[i] * 2 + (dt / 2) * k2[i] * 2 + dt * k3[i]);
      next[i] = cur[i] + (dt / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
    }
    cur = next;
  }
  return { p: cur, occupancy };
}

const dot = (a: Float64Array, f: (state: number) => number) =>
  a.reduce((s, x, i) => s + x * f(i), 0);

describe('warm-up: an M/M/1 at rho 0.9 started empty, against its exact transient', () => {
  it('without a warm-up the mean queue is the transient average (below Lq = 8.1); a warm-up drops the first half', () => {
    // lambda 0.9, mu 1, 1,000 minutes from empty. Steady state: Lq = rho^2 / (1 - rho) = 8.1.
    // From empty, the expected time average of the queue over [w, 1000] is the integral of
    // E[Q(t)] over it (the chain truncated at 300 customers, which it does not reach).
    const N = 300;
    const mm1 = chain(N + 1, (k, go) => {
      if (k < N) go(k + 1, 0.9);
      if (k > 0) go(k - 1, 1);
    });
    const empty = new Float64Array(N + 1);
    empty[0] = 1;
    const queue = (k: number) => Math.max(k - 1, 0);
    const whole = evolve(mm1, empty, 1_000);
    const firstHalf = evolve(mm1, empty, 500);
    const secondHalf = evolve(mm1, firstHalf.p, 500);
    const lqWhole = dot(whole.occupancy, queue) / 1_000; // 7.2217 (scipy expm: 7.22170)
    const lqSecond = dot(secondHalf.occupancy, queue) / 500; // 7.9661 (scipy expm: 7.96608)
    const lWhole = dot(whole.occupancy, (k) => k) / 1_000; // 8.1127
    const model: NetworkModel = {
      name: 'mm1-from-empty',
      stations: [{ id: 'desk', servers: 1 }],
      classes: [{ id: 'citizen', route: [{ id: 'serve', station: 'desk', service: exp(1) }] }],
      sources: [{ id: 'walk-ins', class: 'citizen', arrivals: { kind: 'poisson', rate: 0.9 } }],
    };
    const R = 2_000;
    const runs = (warmup: number, seed: number) =>
      Array.from({ length: R }, (_, r) =>
        runNetwork(model, { seed: replicationSeed(seed, r), until: 1_000, warmup }),
      );
    const cold = runs(0, 901);
    expectTheory(
      cold.map((r) => r.stations.desk.meanQueue),
      lqWhole,
      'no warm-up: mean queue',
    );
    expectTheory(
      cold.map((r) => r.stations.desk.meanInStation),
      lWhole,
      'no warm-up: mean number at the desk',
    );
    // The bias is real and this many replications see it: the steady-state Lq lies outside.
    const coldCi = confidenceInterval(
      cold.map((r) => r.stations.desk.meanQueue),
      LEVEL,
    );
    expect(coldCi.ci95[1]).toBeLessThan(8.1);
    const warm = runs(500, 902);
    expectTheory(
      warm.map((r) => r.stations.desk.meanQueue),
      lqSecond,
      'warm-up 500: mean queue',
    );
    // Counts start at the warm-up's end: the arrivals are those of the last 500 minutes.
    expectTheory(
      warm.map((r) => r.totals.arrivals),
      0.9 * 500,
      'warm-up 500: arrivals',
    );
  });
});

describe('a desk on shifts, against its exact chain hour by hour', () => {
  // Weekdays: 2 officers 09:00-17:00 and 2 more 10:00-14:00; at 17:00 the queue is sent home
  // and nobody queues while it is closed (turn-away); at most 15 waiting; exponential service
  // of 12 minutes and patience of 40. Arrivals by the hour of day from 08:00 to 18:00 (those
  // before 09:00 and after 17:00 are turned away at the door). Officers finish the citizen in
  // hand after a shift ends (4 busy at 14:00 stay busy until they finish).
  const hourOfDay = [0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 3, 2, 2, 3, 3, 2, 1, 0, 0, 0, 0, 0, 0];
  const model: NetworkModel = {
    name: 'desk-on-shifts',
    calendar: { start: '2024-01-01' },
    stations: [
      {
        id: 'desk',
        schedule: [
          { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00', servers: 2 },
          { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '10:00', to: '14:00', servers: 2 },
        ],
        queueLimit: 15,
        closePolicy: 'turn-away',
      },
    ],
    classes: [
      {
        id: 'citizen',
        patience: exp(40),
        route: [{ id: 'serve', station: 'desk', service: exp(12) }],
      },
    ],
    sources: [
      {
        id: 'walk-ins',
        class: 'citizen',
        arrivals: { kind: 'profile', perDay: 100, hourOfDay, dayOfWeek: [1, 1, 1, 1, 1, 0, 0] },
      },
    ],
  };

  /** One weekday from empty: expected served, reneged, balked, turned away and areas. */
  function weekday() {
    const QL = 15;
    const B = 4;
    const mu = 1 / 12;
    const theta = 1 / 40;
    const n = (QL + 1) * (B + 1);
    const id = (q: number, b: number) => q * (B + 1) + b;
    const qOf = (s: number) => Math.floor(s / (B + 1));
    const bOf = (s: number) => s % (B + 1);
    const servers = (h: number) => (h >= 10 && h < 14 ? 4 : h >= 9 && h < 17 ? 2 : 0);
    // perDay 100 over weekdays only: 140 a weekday (dayOfWeek normalised to a mean of 1).
    const weight = hourOfDay.reduce((s, w) => s + w, 0);
    const totals = { served: 0, reneged: 0, balked: 0, turnedAway: 0, queue: 0, busy: 0 };
    let p = new Float64Array(n);
    p[id(0, 0)] = 1;
    for (let h = 8; h < 24; h++) {
      const lambda = (140 * hourOfDay[h]) / weight / 60;
      const c = servers(h);
      if (h === 10 || h === 17) {
        // 10:00, two more officers: they take the first two in line. 17:00: the queue goes home.
        const moved = new Float64Array(n);
        for (let s = 0; s < n; s++) {
          const q = qOf(s);
          const b = bOf(s);
          if (h === 17) {
            totals.turnedAway += p[s] * q;
            moved[id(0, b)] += p[s];
          } else {
            const start = Math.min(q, Math.max(c - b, 0));
            moved[id(q - start, b + start)] += p[s];
          }
        }
        p = moved;
      }
      const hour = chain(n, (s, go) => {
        const q = qOf(s);
        const b = bOf(s);
        if (c > 0) {
          if (b < c && q === 0) go(id(0, b + 1), lambda);
          else if (q < QL) go(id(q + 1, b), lambda);
        }
        // A service ends; the freed officer takes the next in line if still on duty.
        if (b > 0) go(q > 0 && b - 1 < c ? id(q - 1, b) : id(q, b - 1), b * mu);
        if (q > 0) go(id(q - 1, b), q * theta);
      });
      const { p: next, occupancy } = evolve(hour, p, 60);
      totals.queue += dot(occupancy, qOf);
      totals.busy += dot(occupancy, bOf);
      totals.served += dot(occupancy, (s) => bOf(s) * mu);
      totals.reneged += dot(occupancy, (s) => qOf(s) * theta);
      if (c === 0) totals.turnedAway += lambda * 60;
      else totals.balked += lambda * dot(occupancy, (s) => (bOf(s) >= c && qOf(s) >= QL ? 1 : 0));
      p = next;
    }
    // The desk is empty again by midnight (every officer has finished).
    expect(p[id(0, 0)]).toBeCloseTo(1, 9);
    return totals;
  }

  it('served, reneged, balked, turned away, mean queue, busy officers and utilisation', () => {
    const day = weekday();
    // Warm-up of 3 days (to Thursday 00:00, the desk empty), 6 weeks: 27 weekdays observed
    // over 39 days; on-duty officer time 27 x (2 x 8 + 2 x 4) hours.
    const weekdays = 27;
    const observed = 39 * 1440;
    const runs: RunSummary[] = Array.from({ length: 200 }, (_, r) =>
      runNetwork(model, { seed: replicationSeed(903, r), until: 42 * 1440, warmup: 3 * 1440 }),
    );
    const desk = (r: RunSummary) => r.stations.desk;
    expectTheory(
      runs.map((r) => desk(r).served),
      weekdays * day.served,
      'served',
    );
    expectTheory(
      runs.map((r) => desk(r).reneged),
      weekdays * day.reneged,
      'reneged',
    );
    expectTheory(
      runs.map((r) => desk(r).balked),
      weekdays * day.balked,
      'balked',
    );
    expectTheory(
      runs.map((r) => desk(r).turnedAway),
      weekdays * day.turnedAway,
      'turned away',
    );
    expectTheory(
      runs.map((r) => desk(r).meanQueue),
      (weekdays * day.queue) / observed,
      'mean queue',
    );
    expectTheory(
      runs.map((r) => desk(r).meanBusy),
      (weekdays * day.busy) / observed,
      'mean busy officers',
    );
    expectTheory(
      runs.map((r) => desk(r).utilisation),
      day.busy / (24 * 60),
      'utilisation',
    );
    // Every arrival is accounted for, at the desk and in the totals (the desk is empty when
    // the warm-up ends and at the horizon), and the causes add up to the lost.
    for (const r of runs) {
      const d = desk(r);
      const t = r.totals;
      expect(d.arrivals).toBe(d.served + d.balked + d.reneged + d.turnedAway);
      expect(t.arrivals).toBe(t.completed + t.lost + t.inSystemAtEnd);
      expect(t.lostBy.balked + t.lostBy.reneged + t.lostBy.turnedAway).toBe(t.lost);
      expect([t.lostBy.balked, t.lostBy.reneged, t.lostBy.turnedAway]).toEqual([
        d.balked,
        d.reneged,
        d.turnedAway,
      ]);
    }
  });
});
