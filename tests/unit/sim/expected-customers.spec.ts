import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { prepareArms } from '../../../src/experiment/scenario.runner';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { arrivalsUpperBound, type ArrivalSpec } from '../../../src/sim/arrivals';
import { demandOverCeiling, expectedBySource, expectedCustomers } from '../../../src/sim/compile';
import { runNetwork, type NetworkModel } from '../../../src/sim/network';

/**
 * The customers a run is expected to bring, worked out from the arrival specs without running
 * (the Lab's estimate of a run's size), against the customers runs do bring.
 */
const arrivalsOf = (model: NetworkModel, until: number, seed: number) =>
  runNetwork(model, { seed, until }).totals.arrivals;

function desk(arrivals: NetworkModel['sources'][number]['arrivals'], limit?: number): NetworkModel {
  return {
    name: 'desk',
    calendar: { start: '2024-01-01', holidays: ['2024-01-03'] },
    stations: [
      {
        id: 'desk',
        schedule: [
          { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00', servers: 5 },
        ],
      },
    ],
    classes: [
      { id: 'c', route: [{ id: 's', station: 'desk', service: { dist: 'exponential', mean: 5 } }] },
    ],
    sources: [{ id: 'in', class: 'c', arrivals, limit }],
  };
}

describe('expectedCustomers', () => {
  const week = 7 * 1440;

  it('daily counts and traces: exactly what a run brings, closed days and the horizon included', () => {
    const daily = desk({
      kind: 'daily',
      perDay: 100,
      dayOfWeek: [1, 1, 1, 1, 1, 0, 0],
      closedOnHolidays: true,
    });
    // Four weekdays open (the holiday is a Wednesday) at 140 each, the weights normalised to mean 1.
    expect(expectedCustomers(daily, week)).toBe(arrivalsOf(daily, week, 1));
    expect(expectedCustomers(daily, week)).toBe(560);
    const trace = desk({ kind: 'trace', times: [1, 2, 3, week + 1] });
    expect(expectedCustomers(trace, week)).toBe(3);
    // A source's limit caps it.
    expect(expectedCustomers(desk({ kind: 'daily', perDay: 100 }, 250), week)).toBe(250);
  });

  it('Poisson and profile arrivals: the mean of what runs bring', () => {
    for (const arrivals of [
      { kind: 'poisson' as const, rate: 0.5 },
      {
        kind: 'profile' as const,
        perDay: 720,
        hourOfDay: Array.from({ length: 24 }, (_, h) => (h >= 9 && h < 17 ? 1 : 0)),
        dayOfWeek: [1, 1, 1, 1, 1, 0.5, 0.5],
      },
    ]) {
      const model = desk(arrivals);
      const expected = expectedCustomers(model, week);
      const runs = Array.from({ length: 20 }, (_, seed) => arrivalsOf(model, week, seed + 1));
      const mean = runs.reduce((a, b) => a + b, 0) / runs.length;
      // Poisson counts: the mean of 20 runs is within 4 standard errors of the expectation.
      expect(Math.abs(mean - expected)).toBeLessThan(4 * Math.sqrt(expected / runs.length));
    }
  });

  it('a model scenario: every arm, as the runs of its arms bring', () => {
    const scenario = loadScenario('scenarios/paper-diplomatic-portal.yaml');
    const { arms } = prepareArms(scenario);
    for (const arm of Object.values(arms))
      expect(expectedCustomers(arm, scenario.horizon)).toBe(
        runNetwork(arm, { seed: 1, until: scenario.horizon }).totals.arrivals,
      );
  });
});

describe('demandOverCeiling: the size of a replication, judged before it runs', () => {
  const week = 7 * 1440;
  const specs: ArrivalSpec[] = [
    { kind: 'poisson', rate: 0.5 },
    {
      kind: 'profile',
      perDay: 720,
      dayOfWeek: [3, 1, 1, 1, 1, 0, 0],
      month: [2, ...Array(11).fill(1)],
    },
    {
      kind: 'daily',
      perDay: 100.4,
      dayOfWeek: [1, 1, 1, 1, 1, 0, 0],
      periods: [{ from: '2024-01-02', to: '2024-01-04', factor: 3 }],
      closedOnHolidays: true,
    },
    { kind: 'daily', total: 1000 },
    { kind: 'daily', byYear: { '2023': 50, '2024': 500 } },
    { kind: 'trace', times: [1, 2, 3, week + 1] },
  ];

  it('the bound from a spec alone is never under what the spec brings', () => {
    for (const spec of specs)
      for (const until of [90, 1440, week, 3 * week])
        expect(arrivalsUpperBound(spec, until), JSON.stringify(spec)).toBeGreaterThanOrEqual(
          expectedCustomers(desk(spec), until),
        );
  });

  it('daily counts past 2^31 a day are counted, not wrapped', () => {
    expect(expectedCustomers(desk({ kind: 'daily', perDay: 1e10 }), week)).toBe(7e10);
    expect(expectedCustomers(desk({ kind: 'daily', total: 3e10 }), week)).toBe(3e10);
  });

  it('null under the ceiling; over it, every source of every arm, the largest first', () => {
    const two: NetworkModel = {
      ...desk({ kind: 'poisson', rate: 1 }),
      sources: [
        { id: 'few', class: 'c', arrivals: { kind: 'daily', perDay: 10 } },
        { id: 'many', class: 'c', arrivals: { kind: 'poisson', rate: 1 } },
      ],
    };
    const total = expectedCustomers(two, week);
    expect(demandOverCeiling({ a: two }, week, total)).toBeNull();
    const over = demandOverCeiling({ a: two, b: two }, week, total);
    expect(over?.total).toBe(2 * total);
    expect(over?.sources.map((s) => [s.arm, s.id])).toEqual([
      ['a', 'many'],
      ['b', 'many'],
      ['a', 'few'],
      ['b', 'few'],
    ]);
    expect(over?.sources[0].expected).toBe(expectedBySource(two, week)[1]);
    // A limit caps a source however fast it comes.
    const capped = desk({ kind: 'poisson', rate: 1e12 }, 1000);
    expect(demandOverCeiling({ a: capped }, week, 1000)).toBeNull();
  });
});
