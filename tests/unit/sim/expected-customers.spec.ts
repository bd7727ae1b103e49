import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { prepareArms } from '../../../src/experiment/scenario.runner';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { expectedCustomers } from '../../../src/sim/compile';
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
