import type { NetworkModel } from '../../../src/sim/model';
import type { RunSummary } from '../../../src/sim/summary';
import { expect } from 'vitest';

/**
 * Two stations, an exit after the first and an optional second step (the case that used to drift
 * at max speed); the station ids may be chosen (ids that once broke the live engine).
 */
export function twoStationNetwork(first = 'a', second = 'b'): NetworkModel {
  return {
    name: 'two-stage',
    stations: [
      { id: first, servers: 3 },
      { id: second, servers: 2 },
    ],
    classes: [
      {
        id: 'x',
        route: [
          {
            id: 's1',
            station: first,
            service: { dist: 'exponential', mean: 15 },
            exit: { probability: 0.2, outcome: 'refused' },
          },
          {
            id: 's2',
            station: second,
            service: { dist: 'exponential', mean: 10 },
            probability: 0.5,
          },
        ],
      },
    ],
    sources: [{ id: 'src', class: 'x', arrivals: { kind: 'poisson', rate: 0.15 } }],
  };
}

/**
 * Everything the live engine has to get right at once: priority classes, reneging, a queue
 * limit, a schedule with turn-away closing, a route that comes back to the same station and
 * feeds a second one, @name stations bound per source, and several jobs per step.
 */
export function hardNetwork(): NetworkModel {
  const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
  return {
    name: 'hard',
    calendar: { start: '2020-01-06' },
    stations: [
      {
        id: 'desk-1',
        schedule: [{ days: [...weekdays], from: '09:00', to: '17:00', servers: 2 }],
        discipline: 'priority',
        closePolicy: 'turn-away',
        queueLimit: 12,
      },
      {
        id: 'desk-2',
        schedule: [{ days: [...weekdays], from: '08:00', to: '12:00', servers: 1 }],
        discipline: 'priority',
        closePolicy: 'carry-over',
      },
      { id: 'cashier', servers: 1, discipline: 'fifo' },
    ],
    classes: [
      {
        id: 'vip',
        priority: 0,
        route: [
          {
            id: 'counter',
            station: '@desk',
            service: { dist: 'exponential', mean: 6 },
            jobs: { dist: 'discrete', values: [1, 2, 3], weights: [3, 2, 1] },
          },
          {
            id: 'again',
            station: '@desk',
            service: { dist: 'exponential', mean: 3 },
            probability: 0.3,
          },
          {
            id: 'pay',
            station: 'cashier',
            service: { dist: 'triangular', min: 1, mode: 2, max: 4 },
            probability: 0.6,
          },
        ],
      },
      {
        id: 'walk-in',
        priority: 1,
        patience: { dist: 'lognormal', mean: 40, cv: 0.5 },
        route: [
          {
            id: 'counter',
            station: '@desk',
            service: { dist: 'exponential', mean: 8 },
            exit: { probability: 0.1, outcome: 'refused' },
          },
          {
            id: 'pay',
            station: 'cashier',
            service: { dist: 'triangular', min: 1, mode: 2, max: 4 },
          },
        ],
      },
    ],
    sources: [
      {
        id: 'north',
        class: { vip: 0.3, 'walk-in': 0.7 },
        bind: { desk: 'desk-1' },
        arrivals: { kind: 'poisson', rate: 14 / 60 },
      },
      {
        id: 'south',
        class: { vip: 0.5, 'walk-in': 0.5 },
        bind: { desk: 'desk-2' },
        arrivals: { kind: 'poisson', rate: 6 / 60 },
      },
    ],
  };
}

/**
 * Two trace sources whose timestamps, written to the minute, repeat within each source and
 * between the two (a customer of each, several of one, at one minute), with continuous service
 * and patience: only arrivals coincide. The kernel takes a source's next arrival when its last
 * is taken, so at one minute the sources alternate; the replay once took them source by source.
 */
export function sharedMinuteTraceNetwork(): NetworkModel {
  const minutes = (n: number, every: number, copies: number) =>
    Array.from({ length: n }, (_, i) => Math.floor(i / copies) * every);
  return {
    name: 'shared-minutes',
    stations: [
      { id: 'desk', servers: 2, discipline: 'priority', queueLimit: 4 },
      { id: 'b', servers: 1 },
    ],
    classes: [
      {
        id: 'a',
        priority: 1,
        patience: { dist: 'lognormal', mean: 10, cv: 0.5 },
        route: [
          { id: 's1', station: 'desk', service: { dist: 'exponential', mean: 4 } },
          { id: 's2', station: 'b', service: { dist: 'exponential', mean: 2 }, probability: 0.5 },
        ],
      },
      {
        id: 'c',
        priority: 0,
        patience: { dist: 'lognormal', mean: 5, cv: 0.5 },
        route: [{ id: 's1', station: 'desk', service: { dist: 'exponential', mean: 3 } }],
      },
    ],
    sources: [
      { id: 'x', class: { a: 2, c: 1 }, arrivals: { kind: 'trace', times: minutes(900, 7, 3) } },
      { id: 'y', class: 'c', arrivals: { kind: 'trace', times: minutes(600, 10, 2) } },
    ],
  };
}

/**
 * Events of different kinds at one station at the same minute, which only constant times and a
 * trace written to the minute produce: a shift that ends (3 servers to 1, at 09:00) as two services
 * end; a patience that runs out (8 min) as the server frees; a newcomer at the minute a service
 * ends, at a queue at its limit. Each station keeps its own tie; no customer moves between them.
 */
export function coincidingEventsNetwork(days = 3): NetworkModel {
  const daily = (minutes: number[]) =>
    Array.from({ length: days }, (_, d) => minutes.map((m) => d * 1440 + m)).flat();
  const all = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
  return {
    name: 'coinciding-events',
    calendar: { start: '2024-01-08' },
    stations: [
      {
        id: 'shifted',
        schedule: [
          { days: [...all], from: '00:00', to: '08:00', servers: 2 },
          { days: [...all], from: '08:00', to: '09:00', servers: 3 },
          { days: [...all], from: '09:00', to: '24:00', servers: 1 },
        ],
      },
      { id: 'single', servers: 1 },
      { id: 'capped', servers: 1, queueLimit: 1 },
    ],
    classes: [
      {
        id: 'long',
        route: [{ id: 's', station: 'shifted', service: { dist: 'constant', value: 180 } }],
      },
      {
        id: 'patient',
        patience: { dist: 'constant', value: 8 },
        route: [{ id: 's', station: 'single', service: { dist: 'constant', value: 5 } }],
      },
      {
        id: 'short',
        route: [{ id: 's', station: 'capped', service: { dist: 'constant', value: 10 } }],
      },
    ],
    sources: [
      {
        id: 'morning',
        class: 'long',
        arrivals: { kind: 'trace', times: daily([360, 360, 360, 510, 510]) },
      },
      {
        id: 'three',
        class: 'patient',
        arrivals: { kind: 'trace', times: daily([0, 1, 2, 600, 601, 602]) },
      },
      {
        id: 'pairs',
        class: 'short',
        arrivals: { kind: 'trace', times: daily([0, 0, 10, 10, 20, 20, 30]) },
      },
    ],
  };
}

/**
 * A customer routed on from one station at the very minute the next station has events of its
 * own, which only constant times produce. Each day: a two-step customer starts at `front` at
 * 00:00 (20 min) and goes on to `back` at 00:20, where a walk-in who came at 00:10 (10 min) ends
 * at 00:20 too, with no room to wait; at 01:00 a second walk-in waits at `back` behind a third
 * (01:00-01:30) with 20 minutes' patience, running out at 01:20 as a second two-step customer,
 * who came at 01:00, comes on from `front` to a queue with one place.
 */
export function routedTieNetwork(days = 3): NetworkModel {
  const daily = (minutes: number[]) =>
    Array.from({ length: days }, (_, d) => minutes.map((m) => d * 1440 + m)).flat();
  return {
    name: 'routed-tie',
    stations: [
      { id: 'front', servers: 1 },
      { id: 'back', servers: 1, queueLimit: 0 },
      { id: 'counter', servers: 1, queueLimit: 1 },
    ],
    classes: [
      {
        id: 'two-step',
        route: [
          { id: 'first', station: 'front', service: { dist: 'constant', value: 20 } },
          { id: 'second', station: 'back', service: { dist: 'constant', value: 5 } },
        ],
      },
      {
        id: 'walk-in',
        route: [{ id: 's', station: 'back', service: { dist: 'constant', value: 10 } }],
      },
      {
        id: 'on-to-counter',
        route: [
          { id: 'first', station: 'front', service: { dist: 'constant', value: 20 } },
          { id: 'second', station: 'counter', service: { dist: 'constant', value: 5 } },
        ],
      },
      {
        id: 'waiting',
        patience: { dist: 'constant', value: 20 },
        route: [{ id: 's', station: 'counter', service: { dist: 'constant', value: 30 } }],
      },
    ],
    sources: [
      { id: 'two-step', class: 'two-step', arrivals: { kind: 'trace', times: daily([0]) } },
      { id: 'walk-ins', class: 'walk-in', arrivals: { kind: 'trace', times: daily([10]) } },
      { id: 'onward', class: 'on-to-counter', arrivals: { kind: 'trace', times: daily([60]) } },
      { id: 'waiting', class: 'waiting', arrivals: { kind: 'trace', times: daily([60, 60]) } },
    ],
  };
}

/**
 * Overflow (StationModel.overflow) as both engines must run it alike: a front desk full at its
 * queue limit sends customers on to a back office, full in turn to a mission (a chain of two),
 * whose turned away come back later (retrials at the chain's end); a cashier full sends its
 * customers to the front desk, so a chain starts at a later step too. Customers served at an
 * overflow station go on with their route (to the cashier), with the step's patience there; a
 * priority desk; Poisson arrivals, and a trace at whole minutes with constant services, so that
 * overflows tie with ends of service, reneging and other arrivals at one minute.
 */
export function overflowNetwork(days = 3): NetworkModel {
  const daily = (minutes: number[]) =>
    Array.from({ length: days }, (_, d) => minutes.map((m) => d * 1440 + m)).flat();
  return {
    name: 'overflow',
    stations: [
      { id: 'front', servers: 2, queueLimit: 1, overflow: 'back', discipline: 'priority' },
      { id: 'back', servers: 1, queueLimit: 1, overflow: 'mission' },
      {
        id: 'mission',
        servers: 1,
        queueLimit: 0,
        retrial: { probability: 0.6, meanDelayMinutes: 15, maxRetries: 2 },
      },
      { id: 'cashier', servers: 1, queueLimit: 1, overflow: 'front' },
    ],
    classes: [
      {
        id: 'walk-in',
        priority: 1,
        patience: { dist: 'exponential', mean: 25 },
        route: [
          { id: 'serve', station: 'front', service: { dist: 'exponential', mean: 14 } },
          {
            id: 'pay',
            station: 'cashier',
            probability: 0.7,
            service: { dist: 'exponential', mean: 4 },
          },
        ],
      },
      {
        id: 'urgent',
        priority: 0,
        route: [
          { id: 'serve', station: 'front', service: { dist: 'constant', value: 10 } },
          { id: 'pay', station: 'cashier', service: { dist: 'constant', value: 5 } },
        ],
      },
      {
        id: 'payer',
        route: [{ id: 'pay', station: 'cashier', service: { dist: 'constant', value: 5 } }],
      },
    ],
    sources: [
      { id: 'walk-ins', class: 'walk-in', arrivals: { kind: 'poisson', rate: 0.2 } },
      {
        id: 'urgent',
        class: 'urgent',
        arrivals: { kind: 'trace', times: daily([600, 600, 600, 600, 605, 610, 610, 615]) },
      },
      {
        id: 'payers',
        class: 'payer',
        arrivals: { kind: 'trace', times: daily([610, 610, 615, 615, 620, 620, 620]) },
      },
    ],
  };
}

/** The live replay's summary equals the kernel's: counts exactly, station means exactly, class means to rounding (they sum across stations in another order). */
export function expectSameRun(live: RunSummary, kernel: RunSummary): void {
  expect(live.totals).toEqual(kernel.totals);
  for (const [id, k] of Object.entries(kernel.stations)) {
    const l = live.stations[id];
    expect({ id, ...pick(l) }).toEqual({ id, ...pick(k) });
  }
  for (const [id, k] of Object.entries(kernel.classes)) {
    const l = live.classes[id];
    expect({ id, arrivals: l.arrivals, outcomes: l.outcomes, jobs: l.jobs }).toEqual({
      id,
      arrivals: k.arrivals,
      outcomes: k.outcomes,
      jobs: k.jobs,
    });
    expect(l.waitTime.count).toBe(k.waitTime.count);
    expect(l.waitTime.mean).toBeCloseTo(k.waitTime.mean, 9);
    expect(l.systemTime.mean).toBeCloseTo(k.systemTime.mean, 9);
  }
}

function pick(s: RunSummary['stations'][string]) {
  return {
    arrivals: s.arrivals,
    served: s.served,
    jobs: s.jobs,
    balked: s.balked,
    reneged: s.reneged,
    turnedAway: s.turnedAway,
    waitMean: s.wait.mean,
    waitP90: s.wait.p90,
    waitingAtEnd: s.waitingAtEnd,
    inServiceAtEnd: s.inServiceAtEnd,
    utilisation: s.utilisation,
    meanQueue: s.meanQueue,
    busyTimeByClass: s.busyTimeByClass,
  };
}
