import { describe, expect, it, vi } from 'vitest';
import type { ArrivalSpec } from '../../../src/sim/arrivals';
import type { CalendarSpec, ShiftSpec } from '../../../src/sim/calendar';
import type { DistributionSpec } from '../../../src/sim/distributions';
import { mmc } from '../../../src/sim/erlang';
import { Customers } from '../../../src/sim/customers';
import { ModelError } from '../../../src/sim/model';
import {
  runNetwork,
  type NetworkModel,
  type RunSummary,
  type StationModel,
} from '../../../src/sim/network';
import { replicationSeed } from '../../../src/sim/rng';
import { confidenceInterval } from '../../../src/sim/stats';

const exp = (mean: number): DistributionSpec => ({ dist: 'exponential', mean });
const constant = (value: number): DistributionSpec => ({ dist: 'constant', value });

/** One station, one class, one source. */
function singleStation(
  station: Omit<StationModel, 'id'>,
  service: DistributionSpec,
  arrivals: ArrivalSpec,
  extra: { patience?: DistributionSpec; calendar?: CalendarSpec; limit?: number } = {},
): NetworkModel {
  return {
    name: 'single',
    calendar: extra.calendar,
    stations: [{ id: 'desk', ...station }],
    classes: [
      {
        id: 'citizen',
        patience: extra.patience,
        route: [{ id: 'serve', station: 'desk', service }],
      },
    ],
    sources: [{ id: 'walk-ins', class: 'citizen', arrivals, limit: extra.limit }],
  };
}

/** The assertion used for every statistical comparison: theory inside the CI widened by `widen`. */
function expectInCi(samples: number[], theory: number, widen: number, label: string): void {
  const ci = confidenceInterval(samples);
  const allowed = widen * ci.halfWidth;
  expect(
    Math.abs(ci.mean - theory),
    `${label}: mean ${ci.mean} ± ${ci.halfWidth} vs theory ${theory}`,
  ).toBeLessThanOrEqual(allowed);
}

function withoutWallClock(run: RunSummary): Omit<RunSummary, 'wallSeconds'> {
  const { wallSeconds: _wall, ...rest } = run;
  return rest;
}

// Minutes in a calendar week; 2024-01-01 is a Monday, so t = 0 is Monday 00:00.
const MONDAY = '2024-01-01';
const DAY = 1440;
const WEEK = 7 * DAY;
const WEEKDAYS_9_TO_5 = (servers: number): ShiftSpec[] => [
  { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00', servers },
];

describe('runNetwork: M/M/c against Erlang C', () => {
  // R = 10 independent replications (seeds from replicationSeed), 200k customers
  // each after a 5% warm-up from empty. Each of the 16 checks compares theory with
  // the 95% t-interval over replications widened by 1.5x: the widening keeps the
  // family of 16 checks from failing by chance (1.5 x t(0.975, 9) = 3.39 t-units, a
  // per-check miss rate under 1%) and absorbs the residual start-up bias of runs
  // that begin empty. It is not wide enough to hide a 2% bias in Wq at rho 0.9,
  // where the CI half-width is about 2.5% of the mean.
  const R = 10;
  const CUSTOMERS = 200_000;
  const WIDEN = 1.5;
  it.each([
    [0.5, 1, 1],
    [2.4, 1, 3],
    [9, 1, 10],
    [19, 1, 20],
  ])('lambda %f, mu %f, c %i: Wq, Lq, P(wait) and utilisation', (lambda, mu, c) => {
    const theory = mmc(lambda, mu, c);
    const observed = CUSTOMERS / lambda;
    const warmup = observed * 0.05;
    const model = singleStation({ servers: c }, exp(1 / mu), { kind: 'poisson', rate: lambda });
    const runs = Array.from(
      { length: R },
      (_, r) =>
        runNetwork(model, { seed: replicationSeed(31, r), until: warmup + observed, warmup })
          .stations.desk,
    );
    expectInCi(
      runs.map((s) => s.wait.mean),
      theory.Wq,
      WIDEN,
      'Wq',
    );
    expectInCi(
      runs.map((s) => s.meanQueue),
      theory.Lq,
      WIDEN,
      'Lq',
    );
    expectInCi(
      runs.map((s) => s.waitedShare),
      theory.Pwait,
      WIDEN,
      'P(wait)',
    );
    expectInCi(
      runs.map((s) => s.utilisation),
      theory.rho,
      WIDEN,
      'utilisation',
    );
    // Mean busy servers is lambda/mu (offered load); meanInStation = Lq + a.
    expectInCi(
      runs.map((s) => s.meanBusy),
      lambda / mu,
      WIDEN,
      'meanBusy',
    );
    expectInCi(
      runs.map((s) => s.meanInStation),
      theory.L,
      WIDEN,
      'L',
    );
  });
});

describe("runNetwork: Little's law on a three-station network", () => {
  it('meanInStation = (arrivals / observed time) x mean sojourn at every station, within 2%', () => {
    // Intake (2 servers) sends 20% home at once; 60% of the rest visit the
    // document check; everyone left goes to the cashier (3 servers). A second
    // class joins at the document check.
    const model: NetworkModel = {
      name: 'little',
      stations: [
        { id: 'intake', servers: 2 },
        { id: 'documents', servers: 1 },
        { id: 'cashier', servers: 3 },
      ],
      classes: [
        {
          id: 'visa',
          route: [
            {
              id: 'intake',
              station: 'intake',
              service: exp(1.5),
              exit: { probability: 0.2, outcome: 'refused' },
            },
            {
              id: 'documents',
              station: 'documents',
              service: { dist: 'gamma', mean: 0.8, cv: 0.5 },
              probability: 0.6,
            },
            { id: 'pay', station: 'cashier', service: { dist: 'lognormal', mean: 2, cv: 1 } },
          ],
        },
        {
          id: 'passport',
          route: [
            {
              id: 'documents',
              station: 'documents',
              service: { dist: 'uniform', min: 0.5, max: 1.5 },
            },
            { id: 'pay', station: 'cashier', service: exp(1) },
          ],
        },
      ],
      sources: [
        {
          id: 'walk-ins',
          class: { visa: 4, passport: 1 },
          arrivals: { kind: 'poisson', rate: 1.1 },
        },
      ],
    };
    const until = 200_000;
    const warmup = 2_000;
    const run = runNetwork(model, { seed: 8, until, warmup });
    for (const [id, st] of Object.entries(run.stations)) {
      const littleL = (st.arrivals / run.observed) * st.sojourn.mean;
      expect(Math.abs(st.meanInStation - littleL) / littleL, id).toBeLessThan(0.02);
      expect(st.served).toBeGreaterThan(10_000);
    }
    // Routing probabilities: binomial counts within 4 standard errors.
    const visa = run.classes.visa;
    const refused = visa.outcomes.refused;
    const n = run.stations.intake.served;
    expect(Math.abs(refused - 0.2 * n)).toBeLessThan(4 * Math.sqrt(n * 0.2 * 0.8) + 10);
    const stayed = n - refused;
    const visaAtDocuments = run.stations.documents.arrivals - run.classes.passport.arrivals;
    expect(Math.abs(visaAtDocuments - 0.6 * stayed)).toBeLessThan(
      4 * Math.sqrt(stayed * 0.6 * 0.4) + 10,
    );
    // Every arrival is accounted for.
    expect(
      run.totals.completed + run.totals.lost + run.totals.inSystemAtEnd,
    ).toBeGreaterThanOrEqual(run.totals.arrivals);
  });
});

describe('runNetwork: determinism and independence', () => {
  const model = singleStation(
    { servers: 3 },
    { dist: 'lognormal', mean: 1, cv: 1.2 },
    { kind: 'poisson', rate: 2.4 },
  );
  const options = { until: 20_000, warmup: 500, interval: 1000 };

  it('the same seed gives an identical summary (apart from wall-clock time)', () => {
    const a = runNetwork(model, { seed: 17, ...options });
    const b = runNetwork(model, { seed: 17, ...options });
    expect(withoutWallClock(b)).toEqual(withoutWallClock(a));
  });

  it('another seed gives a different summary', () => {
    const a = runNetwork(model, { seed: 17, ...options });
    const b = runNetwork(model, { seed: 18, ...options });
    expect(b.stations.desk.wait.mean).not.toBe(a.stations.desk.wait.mean);
    expect(b.totals.arrivals).not.toBe(a.totals.arrivals);
  });

  it('replications do not share service times, even with the same arrival trace', () => {
    // Identical arrivals in both runs, so any difference comes from the service times.
    const times = Array.from({ length: 2000 }, (_, i) => i * 0.5);
    const traced = singleStation({ servers: 2 }, exp(0.9), { kind: 'trace', times });
    const [a, b] = [0, 1].map(
      (r) => runNetwork(traced, { seed: replicationSeed(1, r), until: 100_000 }).stations.desk,
    );
    expect(a.served).toBe(2000);
    expect(b.served).toBe(2000);
    expect(a.busyTime).not.toBe(b.busyTime);
    expect(a.wait.mean).not.toBe(b.wait.mean);
  });
});

describe('runNetwork: common random numbers', () => {
  it('one more server, same seed: every customer keeps its service time, and waits fall', () => {
    // A fixed population (limit) and a horizon long enough for all to finish, so
    // busy time is exactly the sum of all service times.
    const base = (servers: number) =>
      singleStation(
        { servers },
        { dist: 'gamma', mean: 1, cv: 0.8 },
        { kind: 'poisson', rate: 1.8 },
        { limit: 5000 },
      );
    const two = runNetwork(base(2), { seed: 99, until: 1e6 }).stations.desk;
    const three = runNetwork(base(3), { seed: 99, until: 1e6 }).stations.desk;
    expect(two.served).toBe(5000);
    expect(three.served).toBe(5000);
    expect(Math.abs(two.busyTime - three.busyTime) / two.busyTime).toBeLessThan(1e-9);
    expect(
      Math.abs(two.busyTimeByClass.citizen - three.busyTimeByClass.citizen) / two.busyTime,
    ).toBeLessThan(1e-9);
    // Sojourn = wait + service per customer, so the summed service times agree too.
    const serviceSum = (s: typeof two) => s.sojourn.mean * s.served - s.wait.mean * s.served;
    expect(Math.abs(serviceSum(two) - serviceSum(three)) / serviceSum(two)).toBeLessThan(1e-9);
    expect(three.wait.mean).toBeLessThan(two.wait.mean);
    expect(three.wait.max).toBeLessThanOrEqual(two.wait.max);
  });

  it('adding an unrelated station and class does not change what the first station sees', () => {
    const base = singleStation({ servers: 2 }, exp(1), { kind: 'poisson', rate: 1.5 });
    const bigger: NetworkModel = {
      ...base,
      stations: [...base.stations, { id: 'phone', servers: 1 }],
      classes: [
        ...base.classes,
        { id: 'caller', route: [{ id: 'call', station: 'phone', service: exp(0.5) }] },
      ],
      sources: [
        ...base.sources,
        { id: 'calls', class: 'caller', arrivals: { kind: 'poisson', rate: 1 } },
      ],
    };
    const a = runNetwork(base, { seed: 5, until: 10_000 }).stations.desk;
    const b = runNetwork(bigger, { seed: 5, until: 10_000 }).stations.desk;
    // The bigger model lists the new class in the per-class figures (with 0 here).
    expect(b.busyTimeByClass.caller).toBe(0);
    expect(b.servedByClass.caller).toBe(0);
    expect({
      ...b,
      busyTimeByClass: { citizen: b.busyTimeByClass.citizen },
      servedByClass: { citizen: b.servedByClass.citizen },
    }).toEqual(a);
  });
});

describe('runNetwork: priority discipline', () => {
  // M/M/1, two classes each at lambda 0.4, mu 1 (rho 0.8). Non-preemptive priority
  // (Cobham): W0 = sum lambda_i E[S²]/2 = 0.8; Wq(urgent) = W0/(1 - rho_0) = 4/3,
  // Wq(routine) = W0/((1 - rho_0)(1 - rho)) = 20/3. FIFO: Wq = rho/(mu - lambda) = 4.
  const R = 8;
  const until = 100_000;
  const warmup = 2_000;
  const model = (discipline: 'fifo' | 'priority'): NetworkModel => ({
    name: 'priority',
    stations: [{ id: 'desk', servers: 1, discipline }],
    classes: [
      { id: 'urgent', priority: 0, route: [{ id: 'serve', station: 'desk', service: exp(1) }] },
      { id: 'routine', priority: 1, route: [{ id: 'serve', station: 'desk', service: exp(1) }] },
    ],
    sources: [
      {
        id: 'walk-ins',
        class: { urgent: 1, routine: 1 },
        arrivals: { kind: 'poisson', rate: 0.8 },
      },
    ],
  });
  const runs = (discipline: 'fifo' | 'priority') =>
    Array.from({ length: R }, (_, r) =>
      runNetwork(model(discipline), { seed: replicationSeed(404, r), until, warmup }),
    );

  it('priority: the urgent class waits less, as Cobham predicts', () => {
    const rs = runs('priority');
    for (const r of rs)
      expect(r.classes.urgent.waitTime.mean).toBeLessThan(r.classes.routine.waitTime.mean);
    // Widened 1.5x for the same reasons as the Erlang-C checks (several checks, start-up bias).
    expectInCi(
      rs.map((r) => r.classes.urgent.waitTime.mean),
      4 / 3,
      1.5,
      'urgent',
    );
    expectInCi(
      rs.map((r) => r.classes.routine.waitTime.mean),
      20 / 3,
      1.5,
      'routine',
    );
    // Work conservation: the overall mean wait is the FIFO one.
    expectInCi(
      rs.map((r) => r.stations.desk.wait.mean),
      4,
      1.5,
      'overall',
    );
  });

  it('fifo: both classes wait the same (paired difference CI covers 0)', () => {
    const rs = runs('fifo');
    expectInCi(
      rs.map((r) => r.classes.urgent.waitTime.mean - r.classes.routine.waitTime.mean),
      0,
      1.5,
      'difference',
    );
    expectInCi(
      rs.map((r) => r.classes.urgent.waitTime.mean),
      4,
      1.5,
      'urgent',
    );
    expectInCi(
      rs.map((r) => r.classes.routine.waitTime.mean),
      4,
      1.5,
      'routine',
    );
  });
});

describe('runNetwork: schedules, holidays and closing time', () => {
  it('mon-fri 09:00-17:00 with 2 servers: mean capacity over a week is 2 x 40 / 168', () => {
    const model = singleStation(
      { schedule: WEEKDAYS_9_TO_5(2) },
      constant(10),
      { kind: 'trace', times: [600] },
      { calendar: { start: MONDAY } },
    );
    const st = runNetwork(model, { seed: 1, until: WEEK }).stations.desk;
    expect(st.meanCapacity).toBeCloseTo((2 * 40) / 168, 12);
    expect(st.capacityTime).toBe(2 * 40 * 60);
  });

  it('an overnight shift (mon 22:00-06:00) gives 8 server-hours a week', () => {
    const model = singleStation(
      { schedule: [{ days: ['mon'], from: '22:00', to: '06:00', servers: 1 }] },
      constant(10),
      { kind: 'trace', times: [0] },
      { calendar: { start: MONDAY } },
    );
    const st = runNetwork(model, { seed: 1, until: WEEK }).stations.desk;
    expect(st.capacityTime).toBe(8 * 60);
    // The customer who came at Monday 00:00 is served when the shift opens at 22:00.
    expect(st.wait.mean).toBe(22 * 60);
  });

  it('overlapping shifts add up', () => {
    const schedule: ShiftSpec[] = [
      ...WEEKDAYS_9_TO_5(2),
      { days: ['mon'], from: '12:00', to: '14:00', servers: 3 },
    ];
    const model = singleStation(
      { schedule },
      constant(10),
      { kind: 'trace', times: [0] },
      { calendar: { start: MONDAY } },
    );
    const st = runNetwork(model, { seed: 1, until: WEEK }).stations.desk;
    expect(st.capacityTime).toBe((2 * 40 + 3 * 2) * 60);
  });

  it('a holiday closes the station for the day', () => {
    const model = singleStation(
      { schedule: WEEKDAYS_9_TO_5(2) },
      constant(10),
      { kind: 'trace', times: [600] },
      { calendar: { start: MONDAY, holidays: ['2024-01-02'] } },
    );
    const st = runNetwork(model, { seed: 1, until: WEEK }).stations.desk;
    expect(st.meanCapacity).toBeCloseTo((2 * 32) / 168, 12);
    const ignoring = runNetwork(
      { ...model, stations: [{ ...model.stations[0], honoursHolidays: false }] },
      { seed: 1, until: WEEK },
    ).stations.desk;
    expect(ignoring.meanCapacity).toBeCloseTo((2 * 40) / 168, 12);
  });

  it('starts no service outside opening hours (hand-computed waits with trace arrivals)', () => {
    // Mon 08:00 waits for 09:00 (60); Mon 16:50 starts at once (0) and runs past 17:00;
    // Mon 20:00 waits for Tue 09:00 (13 h = 780); Fri 18:00 waits for Mon 09:00 (63 h = 3780).
    const times = [8 * 60, 16 * 60 + 50, 20 * 60, 4 * DAY + 18 * 60];
    const model = singleStation(
      { schedule: WEEKDAYS_9_TO_5(2) },
      constant(30),
      { kind: 'trace', times },
      { calendar: { start: MONDAY } },
    );
    const st = runNetwork(model, { seed: 1, until: 2 * WEEK }).stations.desk;
    expect(st.served).toBe(4);
    expect(st.wait.mean).toBeCloseTo((60 + 0 + 780 + 3780) / 4, 9);
    expect(st.wait.max).toBe(3780);
    expect(st.wait.min).toBe(0);
    expect(st.waitedShare).toBe(0.75);
  });

  it('a holiday pushes the wait to the next open day', () => {
    // Mon 20:00 with Tuesday a holiday: served Wednesday 09:00, a wait of 37 h.
    const model = singleStation(
      { schedule: WEEKDAYS_9_TO_5(1) },
      constant(30),
      { kind: 'trace', times: [20 * 60] },
      { calendar: { start: MONDAY, holidays: ['2024-01-02'] } },
    );
    const st = runNetwork(model, { seed: 1, until: WEEK }).stations.desk;
    expect(st.served).toBe(1);
    expect(st.wait.mean).toBe(37 * 60);
  });

  it('a closure closes the named station only', () => {
    const model: NetworkModel = {
      name: 'closure',
      calendar: {
        start: MONDAY,
        closures: [{ from: '2024-01-01', to: '2024-01-01', stations: ['desk'] }],
      },
      stations: [
        { id: 'desk', schedule: WEEKDAYS_9_TO_5(1) },
        { id: 'window', schedule: WEEKDAYS_9_TO_5(1) },
      ],
      classes: [
        { id: 'a', route: [{ id: 's', station: 'desk', service: constant(10) }] },
        { id: 'b', route: [{ id: 's', station: 'window', service: constant(10) }] },
      ],
      sources: [
        { id: 'sa', class: 'a', arrivals: { kind: 'trace', times: [10 * 60] } },
        { id: 'sb', class: 'b', arrivals: { kind: 'trace', times: [10 * 60] } },
      ],
    };
    const run = runNetwork(model, { seed: 1, until: WEEK });
    expect(run.stations.window.wait.mean).toBe(0);
    expect(run.stations.desk.wait.mean).toBe(DAY - 60); // Monday 10:00 → Tuesday 09:00
  });

  it('work in progress at shift end completes: a 60-min service started at 16:30 ends at 17:30 and counts', () => {
    const model = singleStation(
      { schedule: WEEKDAYS_9_TO_5(1) },
      constant(60),
      { kind: 'trace', times: [16 * 60 + 30] },
      { calendar: { start: MONDAY } },
    );
    const st = runNetwork(model, { seed: 1, until: DAY }).stations.desk;
    expect(st.served).toBe(1);
    expect(st.sojourn.mean).toBe(60);
    expect(st.busyTime).toBe(60);
    expect(st.capacityTime).toBe(8 * 60);
    // Cut off at 17:10 the customer is still in service, not lost.
    const early = runNetwork(model, { seed: 1, until: 17 * 60 + 10 }).stations.desk;
    expect(early.served).toBe(0);
    expect(early.inServiceAtEnd).toBe(1);
  });

  it('queues build overnight and no one is served while closed (hourly time series)', () => {
    // Constant 20-minute services: work in progress ends by 17:20, so the hours
    // 17:00-18:00 may show service, no hour from 18:00 to 09:00 or at weekends may.
    const model = singleStation(
      { schedule: WEEKDAYS_9_TO_5(2) },
      constant(20),
      { kind: 'poisson', rate: 1 / 30 },
      { calendar: { start: MONDAY } },
    );
    const run = runNetwork(model, { seed: 3, until: 2 * WEEK, interval: 60 });
    const ts = run.timeseries;
    expect(ts).toBeDefined();
    const busy = ts?.stations.desk.busy ?? [];
    expect(busy.length).toBe(2 * 7 * 24);
    let busyWhileClosed = 0;
    let busyWhileOpen = 0;
    busy.forEach((b, i) => {
      const hour = i % 24;
      const weekday = Math.floor(i / 24) % 7;
      const open = weekday < 5 && hour >= 9 && hour < 17;
      const spill = weekday < 5 && hour === 17;
      if (!open && !spill) busyWhileClosed += b;
      if (open) busyWhileOpen += b;
      expect(b).toBeLessThanOrEqual(2 + 1e-9);
    });
    expect(busyWhileClosed).toBe(0);
    expect(busyWhileOpen).toBeGreaterThan(0);
    // Overnight arrivals wait: at 09:00 on a weekday the queue is not empty.
    const queue = ts?.stations.desk.queue ?? [];
    expect(queue[24 + 8]).toBeGreaterThan(0); // sample at Tue 09:00
  });
});

describe('runNetwork: closing policies', () => {
  // One server 09:00-17:00; constant 60-minute services. Arrivals Mon 15:50, 15:55,
  // 16:40, 16:45: the first runs 15:50-16:50, the second 16:50-17:50 (work in
  // progress), and the last two are waiting at 17:00.
  const times = [950, 955, 1000, 1005];
  const model = (closePolicy: 'carry-over' | 'turn-away') =>
    singleStation(
      { schedule: WEEKDAYS_9_TO_5(1), closePolicy },
      constant(60),
      { kind: 'trace', times },
      { calendar: { start: MONDAY } },
    );

  it('turn-away: customers waiting at closing are sent home and counted', () => {
    const run = runNetwork(model('turn-away'), { seed: 1, until: 3 * DAY });
    const st = run.stations.desk;
    expect(st.turnedAway).toBe(2);
    expect(st.served).toBe(2);
    expect(st.wait.mean).toBe((0 + 55) / 2);
    expect(run.classes.citizen.outcomes['turned-away']).toBe(2);
    expect(run.classes.citizen.lost).toBe(2);
    expect(run.totals.lost).toBe(2);
  });

  it('carry-over: they are served from 09:00 next morning, in order', () => {
    const run = runNetwork(model('carry-over'), { seed: 1, until: 3 * DAY });
    const st = run.stations.desk;
    expect(st.turnedAway).toBe(0);
    expect(st.served).toBe(4);
    // Tue 09:00 = 1980: 16:40 waits 980, 16:45 starts at 2040 and waits 1035.
    expect(st.wait.mean).toBeCloseTo((0 + 55 + 980 + 1035) / 4, 9);
    expect(st.wait.max).toBe(1035);
    expect(run.totals.lost).toBe(0);
  });
});

describe('runNetwork: reneging and balking', () => {
  it('constant patience 10 behind a 60-minute job: exactly the hand-computed customers renege', () => {
    // 0 is served 0-60. 5 and 20 give up at 15 and 30. 55 starts at 60 (waited 5) and
    // runs to 120; 58 gives up at 68; 115 starts at 120 (waited 5).
    const model = singleStation(
      { servers: 1 },
      constant(60),
      { kind: 'trace', times: [0, 5, 20, 55, 58, 115] },
      { patience: constant(10) },
    );
    const run = runNetwork(model, { seed: 1, until: 1000 });
    const st = run.stations.desk;
    expect(st.reneged).toBe(3);
    expect(st.served).toBe(3);
    expect(st.wait.mean).toBeCloseTo(10 / 3, 12);
    expect(run.classes.citizen.outcomes.reneged).toBe(3);
    expect(run.classes.citizen.completed).toBe(3);
  });

  it('a step’s own patience: the same as the class’s gives the same run to the number', () => {
    const ofClass = singleStation(
      { servers: 2 },
      exp(10),
      { kind: 'poisson', rate: 0.25 },
      {
        patience: exp(15),
      },
    );
    const ofStep = singleStation({ servers: 2 }, exp(10), { kind: 'poisson', rate: 0.25 });
    ofStep.classes[0].route[0].patience = exp(15);
    const a = runNetwork(ofClass, { seed: 3, until: 20 * DAY });
    const b = runNetwork(ofStep, { seed: 3, until: 20 * DAY });
    expect(a.stations.desk.reneged).toBeGreaterThan(100);
    expect(withoutWallClock(b)).toEqual(withoutWallClock(a));
  });

  it('a step’s own patience holds in its queue only, and replaces the class’s there', () => {
    // Two desks in a row, each 1 server at 75% load: many queue at both, nobody for a day.
    const model: NetworkModel = {
      name: 'two-queues',
      stations: [
        { id: 'counter', servers: 1 },
        { id: 'cashier', servers: 1 },
      ],
      classes: [
        {
          id: 'citizen',
          route: [
            { id: 'counter', station: 'counter', service: exp(5) },
            { id: 'cashier', station: 'cashier', service: exp(5), patience: constant(1) },
          ],
        },
      ],
      sources: [{ id: 'walk-ins', class: 'citizen', arrivals: { kind: 'poisson', rate: 0.15 } }],
    };
    const run = runNetwork(model, { seed: 5, until: 10 * DAY });
    expect(run.stations.counter.wait.max).toBeGreaterThan(1);
    expect(run.stations.counter.wait.max).toBeLessThan(DAY);
    // No patience at the counter (the class has none): nobody gives up there.
    expect(run.stations.counter.reneged).toBe(0);
    expect(run.stations.cashier.reneged).toBeGreaterThan(0);
    // Nobody waits more than a minute at the cashier and is then served.
    expect(run.stations.cashier.wait.max).toBeLessThanOrEqual(1);
    // A class patience of a day (longer than any wait at the counter) is replaced at the
    // cashier, not added to: the same customers give up there.
    model.classes[0].patience = constant(DAY);
    const withClass = runNetwork(model, { seed: 5, until: 10 * DAY });
    expect(withClass.stations.cashier.wait.max).toBeLessThanOrEqual(1);
    expect(withClass.stations.cashier.reneged).toBe(run.stations.cashier.reneged);
  });

  it('queueLimit 2: the 4th of four simultaneous arrivals balks', () => {
    const model = singleStation({ servers: 1, queueLimit: 2 }, constant(10), {
      kind: 'trace',
      times: [0, 0, 0, 0],
    });
    const run = runNetwork(model, { seed: 1, until: 100 });
    const st = run.stations.desk;
    expect(st.arrivals).toBe(4);
    expect(st.balked).toBe(1);
    expect(st.served).toBe(3);
    expect(st.wait.mean).toBe((0 + 10 + 20) / 3);
    expect(st.maxQueue).toBe(2);
    expect(run.classes.citizen.outcomes.balked).toBe(1);
  });

  it('queueLimit 0: nobody waits, arrivals finding all servers busy balk', () => {
    const model = singleStation({ servers: 2, queueLimit: 0 }, constant(10), {
      kind: 'trace',
      times: [0, 1, 2, 11, 12],
    });
    const st = runNetwork(model, { seed: 1, until: 100 }).stations.desk;
    expect(st.balked).toBe(1); // 2 finds both busy; 11 and 12 find them free
    expect(st.served).toBe(4);
    expect(st.wait.max).toBe(0);
  });
});

describe('runNetwork: arrival processes', () => {
  it('daily total is exact over the horizon, and closed holidays get none', () => {
    const model = singleStation(
      { servers: 50 },
      constant(1),
      {
        kind: 'daily',
        total: 1000,
        hourOfDay: [0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 3, 2, 2, 3, 3, 2, 1, 0, 0, 0, 0, 0, 0],
        dayOfWeek: [1, 1, 1, 1, 2, 0.5, 0.5],
        closedOnHolidays: true,
      },
      { calendar: { start: MONDAY, holidays: ['2024-01-03'] } },
    );
    const run = runNetwork(model, { seed: 12, until: 10 * DAY, interval: 60 });
    expect(run.totals.arrivals).toBe(1000);
    const arrivals = run.timeseries?.arrivals ?? [];
    const perDay = Array.from({ length: 10 }, (_, d) =>
      arrivals.slice(d * 24, d * 24 + 24).reduce((s, x) => s + x, 0),
    );
    expect(perDay[2]).toBe(0); // Wednesday 2024-01-03 is a holiday
    // Friday's weight is twice Monday's (largest-remainder rounding moves at most one).
    expect(Math.abs(perDay[4] - 2 * perDay[0])).toBeLessThanOrEqual(2);
    // Hours with weight 0 get no arrivals.
    const outside = arrivals
      .filter((_, i) => i % 24 < 8 || i % 24 >= 18)
      .reduce((s, x) => s + x, 0);
    expect(outside).toBe(0);
  });

  it('time-series arrivals and completions add up to the totals', () => {
    const model = singleStation({ servers: 3 }, exp(2), { kind: 'poisson', rate: 1 });
    const run = runNetwork(model, { seed: 2, until: 6000, interval: 60 });
    const ts = run.timeseries;
    expect(ts?.t).toEqual(Array.from({ length: 100 }, (_, i) => (i + 1) * 60));
    expect(ts?.arrivals.reduce((s, x) => s + x, 0)).toBe(run.totals.arrivals);
    expect(ts?.completions.reduce((s, x) => s + x, 0)).toBe(run.totals.completed);
    // Mean of the hourly busy averages is the run's time-averaged busy servers.
    const busy = ts?.stations.desk.busy ?? [];
    expect(busy.reduce((s, x) => s + x, 0) / busy.length).toBeCloseTo(
      run.stations.desk.meanBusy,
      9,
    );
  });

  it('daily perDay gives exactly that many every day', () => {
    const model = singleStation(
      { servers: 50 },
      constant(1),
      { kind: 'daily', perDay: 37 },
      { calendar: { start: MONDAY } },
    );
    const run = runNetwork(model, { seed: 4, until: 7 * DAY, interval: DAY });
    expect(run.timeseries?.arrivals).toEqual(new Array(7).fill(37));
  });

  it('profile perDay: the mean count per replication agrees with perDay x days (CI)', () => {
    const perDay = 150;
    const days = 7;
    const model = singleStation(
      { servers: 50 },
      constant(1),
      { kind: 'profile', perDay },
      { calendar: { start: MONDAY } },
    );
    const counts = Array.from(
      { length: 12 },
      (_, r) =>
        runNetwork(model, { seed: replicationSeed(77, r), until: days * DAY }).totals.arrivals,
    );
    // Widened 1.5x: one of several statistical checks in this file (see Erlang C).
    expectInCi(counts, perDay * days, 1.5, 'arrivals');
    // Poisson counts: the variance is the mean (a loose check on the sample sd).
    const ci = confidenceInterval(counts);
    expect(ci.sd).toBeGreaterThan(0.4 * Math.sqrt(perDay * days));
    expect(ci.sd).toBeLessThan(2 * Math.sqrt(perDay * days));
  });

  it('profile by thinning concentrates arrivals in the weighted hours', () => {
    // Weights only 09:00-17:00, hour 10 three times the others (3 of 10 shares).
    const hourOfDay = new Array<number>(24).fill(0);
    for (let h = 9; h < 17; h++) hourOfDay[h] = 1;
    hourOfDay[10] = 3;
    const model = singleStation(
      { servers: 50 },
      constant(1),
      { kind: 'profile', perDay: 200, hourOfDay },
      { calendar: { start: MONDAY } },
    );
    const run = runNetwork(model, { seed: 21, until: 28 * DAY, interval: 60 });
    const arrivals = run.timeseries?.arrivals ?? [];
    const byHour = new Array<number>(24).fill(0);
    arrivals.forEach((n, i) => (byHour[i % 24] += n));
    const total = byHour.reduce((s, x) => s + x, 0);
    expect(byHour.filter((_, h) => h < 9 || h >= 17).every((n) => n === 0)).toBe(true);
    // Share in hour 10: binomial, 4 standard errors.
    const share = byHour[10] / total;
    expect(Math.abs(share - 0.3)).toBeLessThan(4 * Math.sqrt((0.3 * 0.7) / total));
    // Total is Poisson(200 x 28): 4 standard deviations.
    expect(Math.abs(total - 5600)).toBeLessThan(4 * Math.sqrt(5600));
  });

  it('poisson rate: the count over a long horizon is within 4 sd of rate x time', () => {
    const model = singleStation({ servers: 5 }, exp(1), { kind: 'poisson', rate: 2 });
    const run = runNetwork(model, { seed: 6, until: 50_000 });
    expect(Math.abs(run.totals.arrivals - 100_000)).toBeLessThan(4 * Math.sqrt(100_000));
  });

  it('a source limit stops arrivals', () => {
    const model = singleStation(
      { servers: 1 },
      constant(0.1),
      { kind: 'poisson', rate: 1 },
      { limit: 25 },
    );
    expect(runNetwork(model, { seed: 1, until: 10_000 }).totals.arrivals).toBe(25);
  });
});

describe('runNetwork: invalid models', () => {
  it('reports the path of the problem', () => {
    const ok = singleStation({ servers: 1 }, exp(1), { kind: 'poisson', rate: 1 });
    expect(() =>
      runNetwork({ ...ok, stations: [{ id: 'desk', servers: -1 }] }, { seed: 1, until: 10 }),
    ).toThrow('stations[0].servers: must be a whole number, 0 or more');
    expect(() =>
      runNetwork(
        {
          ...ok,
          classes: [{ id: 'c', route: [{ id: 's', station: 'nowhere', service: exp(1) }] }],
          sources: [{ id: 'x', class: 'c', arrivals: { kind: 'poisson', rate: 1 } }],
        },
        { seed: 1, until: 10 },
      ),
    ).toThrow("classes[0].route[0].station: unknown station 'nowhere'");
    expect(() =>
      runNetwork(
        {
          ...ok,
          classes: [
            {
              id: 'citizen',
              route: [
                { id: 's', station: 'desk', service: { dist: 'lognormal', mean: -1, cv: 1 } },
              ],
            },
          ],
        },
        { seed: 1, until: 10 },
      ),
    ).toThrow('classes[0].route[0].service.mean: must be greater than 0');
    expect(() => runNetwork(ok, { seed: 1, until: 10, warmup: 10 })).toThrow('warmup');
  });
});

describe('a run whose demand far exceeds capacity', () => {
  // 10 arrivals a minute at one server taking 100 minutes each: the queue only grows.
  const flooded = singleStation({ servers: 1 }, exp(100), { kind: 'poisson', rate: 10 });

  it('stops with a user error naming the station, once more than maxInSystem are in it', () => {
    let err: unknown;
    try {
      runNetwork(flooded, { seed: 1, until: 1000, maxInSystem: 2000 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ModelError);
    expect((err as ModelError).path).toBe('stations.desk');
    expect((err as Error).message).toMatch(
      /^stations\.desk: [\d,]+ customers are waiting here and more than 2,000 are in the system at once, at minute [\d,]+: demand far exceeds capacity/,
    );
  });

  it('stops before the arrival that trips the limit grows the customer table', () => {
    // The table starts at 1,024 rows and doubles when full: with the limit at 1,024 a run that
    // stops in time never grows it (at the default limit, 2^24, a growth is 2.3 GB).
    const grow = vi.spyOn(Customers.prototype as unknown as { grow: () => void }, 'grow');
    try {
      expect(() => runNetwork(flooded, { seed: 1, until: 1000, maxInSystem: 1024 })).toThrow(
        /more than 1,024 are in the system at once/,
      );
      expect(grow).not.toHaveBeenCalled();
    } finally {
      grow.mockRestore();
    }
  });

  it('a stable queue under the same limit runs to its end, its results untouched', () => {
    const stable = singleStation({ servers: 1 }, exp(1), { kind: 'poisson', rate: 0.5 });
    const limited = runNetwork(stable, { seed: 3, until: 20_000, maxInSystem: 2000 });
    const unlimited = runNetwork(stable, { seed: 3, until: 20_000 });
    expect(withoutWallClock(limited)).toEqual(withoutWallClock(unlimited));
    expect(limited.totals.completed).toBeGreaterThan(9000);
  });
});
