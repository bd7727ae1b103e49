import { describe, expect, it } from 'vitest';
import type { NetworkModel, StationModel } from '../../../src/sim/model';
import { exactOfferedLoads } from '../../../src/sim/offered-load';

/**
 * A small two-class network made up for this test (not a model of the paper): visa and passport
 * applicants through a reception, a desk and a cashier, from two Poisson sources, with a class
 * mix, a step that some skip, an exit after a step, and jobs. Rates are per minute, times in
 * minutes. Hand-computed loads:
 * - arrival rates: visa 0.5 × 3/4 = 0.375; passport 0.5 × 1/4 + 0.2 = 0.325.
 * - reception (2 servers): visa 0.375 × 2 + passport 0.325 × 2 (triangular 1, 2, 3: mean 2) =
 *   1.4; ÷ 2 = 0.7.
 * - desk (3 servers): visa reaches it at 0.375 × (1 − 0.2) = 0.3 (20% leave after reception)
 *   and half of them visit, 0.15, each with 2 jobs on average (1 or 3) of 4 minutes: 1.2;
 *   passport 0.325 × 6 = 1.95; (1.2 + 1.95) ÷ 3 = 1.05.
 * - cashier (1 server): every visa applicant who reached the desk, visited or not, 0.3 × 2
 *   (uniform 1 to 3) = 0.6; passport a quarter of 0.325, × 1 = 0.08125; 0.68125.
 */
function clinic(): NetworkModel {
  return {
    name: 'two-class clinic',
    stations: [
      { id: 'reception', servers: 2 },
      { id: 'desk', servers: 3 },
      { id: 'cashier', servers: 1 },
    ],
    classes: [
      {
        id: 'visa',
        route: [
          {
            id: 'in',
            station: 'reception',
            service: { dist: 'exponential', mean: 2 },
            exit: { probability: 0.2, outcome: 'refused' },
          },
          {
            id: 'interview',
            station: 'desk',
            service: { dist: 'constant', value: 4 },
            probability: 0.5,
            jobs: { dist: 'discrete', values: [1, 3], weights: [1, 1] },
          },
          { id: 'pay', station: 'cashier', service: { dist: 'uniform', min: 1, max: 3 } },
        ],
      },
      {
        id: 'passport',
        route: [
          {
            id: 'in',
            station: 'reception',
            service: { dist: 'triangular', min: 1, mode: 2, max: 3 },
          },
          { id: 'photo', station: 'desk', service: { dist: 'gamma', mean: 6, cv: 0.5 } },
          {
            id: 'pay',
            station: 'cashier',
            service: { dist: 'exponential', mean: 1 },
            probability: 0.25,
          },
        ],
      },
    ],
    sources: [
      {
        id: 'walk-ins',
        class: { visa: 3, passport: 1 },
        arrivals: { kind: 'poisson', rate: 0.5 },
      },
      { id: 'referrals', class: 'passport', arrivals: { kind: 'poisson', rate: 0.2 } },
    ],
  };
}

/** The clinic with `change` made to a copy of it. */
function changed(change: (m: NetworkModel) => void): NetworkModel {
  const m = structuredClone(clinic());
  change(m);
  return m;
}

function station(m: NetworkModel, id: string): StationModel {
  return m.stations.find((s) => s.id === id)!;
}

describe('exactOfferedLoads: ρ = λ × E[S] ÷ c from the model’s numbers', () => {
  it('gives each station of a two-class routed network its hand-computed load', () => {
    const loads = exactOfferedLoads(clinic());
    expect(Object.keys(loads).sort()).toEqual(['cashier', 'desk', 'reception']);
    expect(loads.reception).toBeCloseTo(0.7, 12);
    expect(loads.desk).toBeCloseTo(1.05, 12);
    expect(loads.cashier).toBeCloseTo(0.68125, 12);
  });

  it('resolves a step bound per source (@name) to the station the source names', () => {
    const m = changed((m) => {
      m.stations.push({ id: 'desk-2', servers: 3 });
      m.classes[1].route[1].station = '@counter';
      m.sources[0].bind = { counter: 'desk' };
      m.sources[1].bind = { counter: 'desk-2' };
    });
    const loads = exactOfferedLoads(m);
    // walk-ins' passport applicants (0.125 a minute) at desk, referrals' (0.2) at desk-2.
    expect(loads.desk).toBeCloseTo((1.2 + 0.125 * 6) / 3, 12);
    expect(loads['desk-2']).toBeCloseTo((0.2 * 6) / 3, 12);
  });

  it('gives a station nobody visits a load of 0', () => {
    const loads = exactOfferedLoads(changed((m) => m.stations.push({ id: 'idle', servers: 4 })));
    expect(loads.idle).toBe(0);
  });

  // Each of these changes what reaches the station, or its servers, in a way the parameters
  // alone do not give: it is left out, and the run's samples judge it.
  const refusals: [string, (m: NetworkModel) => void, string[], string[]][] = [
    [
      'a queue limit',
      (m) => (station(m, 'desk').queueLimit = 20),
      ['desk', 'cashier'],
      ['reception'],
    ],
    [
      'balking',
      (m) => (station(m, 'desk').balking = { probabilities: [0, 0.1] }),
      ['desk', 'cashier'],
      ['reception'],
    ],
    [
      'retrials',
      (m) => (station(m, 'desk').retrial = { probability: 0.5, meanDelayMinutes: 30 }),
      ['desk', 'cashier'],
      ['reception'],
    ],
    [
      'an overflow (at the station and at the one it sends on to)',
      (m) => (station(m, 'reception').overflow = 'desk'),
      ['reception', 'desk', 'cashier'],
      [],
    ],
    [
      "a class's patience (reneging at every step of the class)",
      (m) => (m.classes[0].patience = { dist: 'exponential', mean: 30 }),
      ['reception', 'desk', 'cashier'],
      [],
    ],
    [
      "a step's patience",
      (m) => (m.classes[1].route[1].patience = { dist: 'exponential', mean: 30 }),
      ['desk', 'cashier'],
      ['reception'],
    ],
    [
      'a schedule of shifts',
      (m) => {
        const desk = station(m, 'desk');
        delete desk.servers;
        desk.schedule = [
          { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00', servers: 3 },
        ];
      },
      ['desk', 'cashier'],
      ['reception'],
    ],
    [
      'a closure of the station',
      (m) =>
        (m.calendar = {
          start: '2024-01-01',
          closures: [{ from: '2024-01-10', to: '2024-01-11', stations: ['cashier'] }],
        }),
      ['cashier'],
      ['reception', 'desk'],
    ],
    [
      'a closure of every station',
      (m) =>
        (m.calendar = {
          start: '2024-01-01',
          closures: [{ from: '2024-01-10', to: '2024-01-11' }],
        }),
      ['reception', 'desk', 'cashier'],
      [],
    ],
    ['no servers', (m) => (station(m, 'cashier').servers = 0), ['cashier'], ['reception', 'desk']],
    [
      'a source with a limit',
      (m) => (m.sources[1].limit = 100),
      ['reception', 'desk', 'cashier'],
      [],
    ],
    [
      'a source whose rate varies (a profile by hour of day)',
      (m) =>
        (m.sources[1].arrivals = {
          kind: 'profile',
          perDay: 288,
          hourOfDay: Array.from({ length: 24 }, (_, h) => (h >= 9 && h < 17 ? 1 : 0)),
        }),
      ['reception', 'desk', 'cashier'],
      [],
    ],
    [
      'jobs whose mean count is not the distribution’s mean (rounded draws)',
      (m) => (m.classes[0].route[1].jobs = { dist: 'exponential', mean: 2 }),
      ['desk'],
      ['reception', 'cashier'],
    ],
  ];

  it.each(refusals)('gives no load where there is %s', (_what, change, refused, kept) => {
    const base = exactOfferedLoads(clinic());
    const loads = exactOfferedLoads(changed(change));
    for (const id of refused) expect(loads, id).not.toHaveProperty(id);
    // Stations before it on the routes keep their loads.
    for (const id of kept) expect(loads[id], id).toBeCloseTo(base[id], 12);
  });
});
