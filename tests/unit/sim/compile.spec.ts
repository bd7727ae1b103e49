import { describe, expect, it } from 'vitest';
import { MAX_HORIZON_MINUTES } from '../../../src/sim/calendar';
import { compileNetwork, freezeModel, sourceArrivals } from '../../../src/sim/compile';
import { classesWithIdlePriority, ModelError } from '../../../src/sim/model';
import { runNetwork, type NetworkModel } from '../../../src/sim/network';
import { Rng } from '../../../src/sim/rng';

function model(servers: number): NetworkModel {
  return {
    name: 'desk',
    calendar: { start: '2020-01-06', holidays: ['2020-01-08'] },
    stations: [
      {
        id: 'desk',
        schedule: [
          { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00', servers },
        ],
      },
    ],
    classes: [
      {
        id: 'citizen',
        patience: { dist: 'lognormal', mean: 60, cv: 0.5 },
        route: [{ id: 's', station: 'desk', service: { dist: 'lognormal', mean: 9, cv: 0.6 } }],
      },
    ],
    sources: [
      {
        id: 'walk-ins',
        class: 'citizen',
        arrivals: {
          kind: 'daily',
          total: 600,
          window: { from: '09:00', to: '16:00' },
          closedOnHolidays: true,
        },
      },
    ],
  };
}

const UNTIL = 14 * 1440;

describe('the longest run', () => {
  it('a run of 1,000 years compiles, with a calendar day for each of its days', () => {
    const net = compileNetwork(model(2), MAX_HORIZON_MINUTES);
    expect(net.calendar.days).toBe(365_250 + 1);
  });

  const RULE = 'until: must be at most 1,000 years (525,960,000 minutes)';

  it.each([MAX_HORIZON_MINUTES + 1, 1e308, Infinity])(
    'compiling a run up to %d is a user error naming until',
    (until) => {
      expect(() => compileNetwork(model(2), until)).toThrow(ModelError);
      expect(() => compileNetwork(model(2), until)).toThrow(RULE);
    },
  );

  it('so is running one: the error comes before any calendar is laid out', () => {
    expect(() => runNetwork(model(2), { seed: 1, until: 1e308 })).toThrow(ModelError);
    expect(() => runNetwork(model(2), { seed: 1, until: 1e308 })).toThrow(RULE);
  });
});

describe('arrivals of a model built in code', () => {
  const withArrivals = (arrivals: unknown): NetworkModel => ({
    ...model(2),
    sources: [{ id: 'walk-ins', class: 'citizen', arrivals: arrivals as never }],
  });

  it.each([
    [{ kind: 'poisson' }, 'sources[0].arrivals.rate: must be a number, 0 or more'],
    [{ kind: 'poisson', rate: -1 }, 'sources[0].arrivals.rate: must be a number, 0 or more'],
    [{ kind: 'poisson', rate: NaN }, 'sources[0].arrivals.rate: must be a number, 0 or more'],
    [
      { kind: 'profile', perDay: Infinity },
      'sources[0].arrivals.perDay: must be a number, 0 or more',
    ],
    [{ kind: 'daily', total: -5 }, 'sources[0].arrivals.total: must be a number, 0 or more'],
    [
      { kind: 'daily', byYear: { 2020: 'many' } },
      'sources[0].arrivals.byYear.2020: must be a number, 0 or more',
    ],
    [{ kind: 'daily' }, 'sources[0].arrivals: daily arrivals need perDay, total or byYear'],
    [
      { kind: 'trace', times: [5, 3] },
      'sources[0].arrivals.times: must be times from 0 on, in ascending order',
    ],
    [
      { kind: 'weekly', rate: 1 },
      'sources[0].arrivals.kind: must be poisson, profile, daily or trace',
    ],
    [undefined, 'sources[0].arrivals.kind: must be poisson, profile, daily or trace'],
  ])(
    '%j is a user error naming the field, not a source that never arrives',
    (arrivals, message) => {
      expect(() => compileNetwork(withArrivals(arrivals), UNTIL)).toThrow(ModelError);
      expect(() => compileNetwork(withArrivals(arrivals), UNTIL)).toThrow(message);
    },
  );

  it('a rate of 0 is allowed: a source that is switched off', () => {
    const run = runNetwork(withArrivals({ kind: 'poisson', rate: 0 }), { seed: 1, until: UNTIL });
    expect(run.totals.arrivals).toBe(0);
  });
});

describe('exits', () => {
  const withExit = (outcome: string): NetworkModel => {
    const m = model(2);
    m.classes[0].route[0].exit = { probability: 0.5, outcome };
    return m;
  };

  it.each(['balked', 'reneged', 'turned-away'])(
    "an exit after a service may not be called '%s': a served customer is not lost",
    (outcome) => {
      let error: unknown;
      try {
        compileNetwork(withExit(outcome), 7 * 1440);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ModelError);
      expect((error as ModelError).path).toBe('classes[0].route[0].exit.outcome');
      expect((error as ModelError).message).toContain('kept for customers lost unserved');
    },
  );

  it('an outcome of its own counts as a finished visit, not as lost; completed is allowed', () => {
    const run = runNetwork(withExit('refused'), { seed: 1, until: 7 * 1440 });
    expect(run.classes.citizen.outcomes.refused).toBeGreaterThan(0);
    expect(run.totals.lost).toBe(
      run.classes.citizen.outcomes.balked +
        run.classes.citizen.outcomes.reneged +
        run.classes.citizen.outcomes['turned-away'],
    );
    expect(() => compileNetwork(withExit('completed'), 7 * 1440)).not.toThrow();
  });
});

describe('steps of one class', () => {
  it('two steps of one id are refused, naming the second: they would draw the same numbers', () => {
    const m = model(2);
    const first = m.classes[0].route[0];
    m.classes[0].route.push({ ...first, service: { dist: 'exponential', mean: 5 } });
    let error: unknown;
    try {
      compileNetwork(m, 7 * 1440);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).path).toBe('classes[0].route[1].id');
    expect((error as ModelError).message).toContain("duplicate step id 's' in class 'citizen'");
    // The same step id in another class is another stream: allowed.
    const two = model(2);
    two.classes.push({ ...two.classes[0], id: 'visitor' });
    expect(() => compileNetwork(two, 7 * 1440)).not.toThrow();
  });
});

describe('compiled networks of frozen models', () => {
  it('a frozen model compiles once per horizon; one that is not, at every run', () => {
    const frozen = freezeModel(model(2));
    expect(compileNetwork(frozen, UNTIL)).toBe(compileNetwork(frozen, UNTIL));
    expect(compileNetwork(frozen, UNTIL / 2)).not.toBe(compileNetwork(frozen, UNTIL));
    const open = model(2);
    expect(compileNetwork(open, UNTIL)).not.toBe(compileNetwork(open, UNTIL));
  });

  it('freezing is deep: the model can no longer be changed under its compiled network', () => {
    const frozen = freezeModel(model(2));
    expect(() => {
      (frozen.stations[0].schedule as { servers: number }[])[0].servers = 5;
    }).toThrow(TypeError);
    expect(() => frozen.sources.push(frozen.sources[0])).toThrow(TypeError);
  });

  it('runs of a frozen model, in any order, equal runs of a fresh copy seed for seed', () => {
    const frozen = freezeModel(model(2));
    const seeds = [3, 1, 3, 2];
    const shared = seeds.map((seed) => runNetwork(frozen, { seed, until: UNTIL }));
    const fresh = seeds.map((seed) => runNetwork(model(2), { seed, until: UNTIL }));
    const strip = (r: ReturnType<typeof runNetwork>) => ({ ...r, wallSeconds: 0 });
    expect(shared.map(strip)).toEqual(fresh.map(strip));
    // The first and third runs had the same seed after other runs in between.
    expect(strip(shared[2])).toEqual(strip(shared[0]));
    expect(shared[0].totals.arrivals).toBe(600);
  });

  it('each run gets its own arrival process: equal streams give equal times', () => {
    const net = compileNetwork(freezeModel(model(2)), UNTIL);
    const a = sourceArrivals(net, net.sources[0]);
    const b = sourceArrivals(net, net.sources[0]);
    expect(a).not.toBe(b);
    const ra = new Rng(9, 'arrivals');
    const rb = new Rng(9, 'arrivals');
    // Interleaved: drawing from one must not move the other on.
    let ta = 0;
    let tb = 0;
    for (let i = 0; i < 200; i++) {
      ta = a.next(ta, ra);
      tb = b.next(tb, rb);
      expect(tb).toBe(ta);
    }
    expect(ta).toBeGreaterThan(1440);
  });
});

describe('classesWithIdlePriority', () => {
  const service = { dist: 'exponential' as const, mean: 5 };
  /** A class at `@mission`, sent by the sources given with the station each binds it to. */
  const bound = (binds: Record<string, string>): NetworkModel => ({
    name: 'missions',
    stations: [
      { id: 'berlin', servers: 1, discipline: 'priority' },
      { id: 'paris', servers: 1 },
    ],
    classes: [
      { id: 'urgent', priority: 0, route: [{ id: 'counter', station: '@mission', service }] },
      { id: 'plain', route: [{ id: 'counter', station: '@mission', service }] },
    ],
    sources: Object.entries(binds).map(([id, station]) => ({
      id,
      class: { urgent: 1, plain: 3 },
      arrivals: { kind: 'poisson', rate: 0.1 },
      bind: { mission: station },
    })),
  });

  it('resolves an @name step to the station each source that sends the class binds', () => {
    expect(classesWithIdlePriority(bound({ de: 'berlin', fr: 'paris' }))).toEqual([]);
    expect(classesWithIdlePriority(bound({ de: 'berlin' }))).toEqual([]);
    expect(classesWithIdlePriority(bound({ fr: 'paris' }))).toEqual(['urgent']);
  });

  it('names only classes that give a priority, at stations that all serve first come first served', () => {
    const m = bound({ fr: 'paris' });
    m.classes[1].priority = 1;
    m.classes[0].route = [{ id: 'counter', station: 'berlin', service }];
    expect(classesWithIdlePriority(m)).toEqual(['plain']);
  });
});

describe('a model built in code that brings nobody, or lists a weekday twice', () => {
  const week = 7 * 1440;
  const withArrivals = (arrivals: NetworkModel['sources'][number]['arrivals']): NetworkModel => ({
    ...model(2),
    sources: [{ id: 'walk-ins', class: 'citizen', arrivals }],
  });
  const faultOf = (m: NetworkModel) => {
    try {
      compileNetwork(m, week);
    } catch (err) {
      return err as ModelError;
    }
    return undefined;
  };

  it('daily byYear with no year and a trace with no time are refused, naming the key', () => {
    const byYear = faultOf(withArrivals({ kind: 'daily', byYear: {} }));
    expect(byYear).toBeInstanceOf(ModelError);
    expect(byYear?.path).toBe('sources[0].arrivals.byYear');
    const trace = faultOf(withArrivals({ kind: 'trace', times: [] }));
    expect(trace?.path).toBe('sources[0].arrivals.times');
    expect(faultOf(withArrivals({ kind: 'trace', times: [5] }))).toBeUndefined();
  });

  it("a weekday listed twice is refused: it had doubled that day's servers", () => {
    const twice = model(2);
    twice.stations[0].schedule = [{ days: ['mon', 'mon'], from: '09:00', to: '17:00', servers: 2 }];
    const fault = faultOf(twice);
    expect(fault?.path).toBe('stations.desk.schedule[0].days[1]');
    expect(fault?.rule).toMatch(/^lists mon again/);
  });
});
