import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { ScenarioErrors } from '../../../../src/scenario/scenario-error';
import { fromDocument, loadScenario } from '../../../../src/scenario/scenario.loader';
import { paperScenarioFiles } from '../../../../src/experiment/reproduce';
import { toValues } from '../../../../src/experiment/audit';
import { quantileOf, normalQuantile } from '../../../../src/scenario/audit/uncertain-dist';

const base = () => ({
  name: 'u',
  horizon: '1w',
  stations: { desk: { servers: 2 } },
  classes: {
    c: { route: [{ id: 's', station: 'desk', service: { dist: 'exponential', mean: 10 } }] },
  },
  sources: { w: { class: 'c', arrivals: { kind: 'poisson', perHour: 6 } } },
});

function messages(uncertain: unknown): string[] {
  try {
    fromDocument({ ...base(), uncertain }, 'x.yaml');
  } catch (err) {
    if (err instanceof ScenarioErrors) return err.errors.map((e) => e.message);
    throw err;
  }
  return [];
}

describe('uncertain: block', () => {
  it('loads a valid block with each distribution', () => {
    const s = fromDocument(
      {
        ...base(),
        uncertain: [
          {
            path: 'stations.desk.servers',
            dist: 'discrete',
            values: [1, 2, 3],
            source: 'guess, none published',
          },
          {
            path: 'classes.c.route[0].service.mean',
            dist: 'triangular',
            min: 5,
            mode: 10,
            max: 20,
            source: 'assumed',
          },
          {
            path: 'sources.w.arrivals.perHour',
            dist: 'lognormal',
            mean: 6,
            cv: 0.2,
            source: 'assumed',
          },
        ],
      },
      'x.yaml',
    );
    expect(s.uncertain.map((u) => u.path)).toEqual([
      'stations.desk.servers',
      'classes.c.route[0].service.mean',
      'sources.w.arrivals.perHour',
    ]);
  });

  it('reports mistakes as file: path: rule', () => {
    expect(messages({ path: 'x' })).toEqual([
      'x.yaml: uncertain: must be a list of {path, dist, ..., source}',
    ]);
    expect(
      messages([{ path: 'stations.desk.servers', dist: 'uniform', min: 1, max: 3 }]),
    ).toContain(
      'x.yaml: uncertain[0].source: is required (must say where the range comes from (text of 3 characters or more, e.g. "assumption"))',
    );
    // 'x' is text: the rule says what more it takes.
    expect(
      messages([{ path: 'stations.desk.servers', dist: 'uniform', min: 1, max: 3, source: 'x' }]),
    ).toEqual([
      'x.yaml: uncertain[0].source: must say where the range comes from (text of 3 characters or more, e.g. "assumption")',
    ]);
    expect(
      messages([{ path: 'stations.desk.servers', dist: 'uniform', min: 3, max: 1, source: 'why' }]),
    ).toEqual(['x.yaml: uncertain[0].max: must be greater than min']);
    expect(
      messages([{ path: 'stations.desk.servrs', dist: 'uniform', min: 1, max: 3, source: 'why' }]),
    ).toEqual([
      "x.yaml: uncertain[0].path: 'stations.desk.servrs' is not a key of this scenario (give the path of a number it sets; did you mean 'stations.desk.servers'?)",
    ]);
    // The nearest path of a number the scenario sets, a list item's included; none when none is near.
    expect(
      messages([
        { path: 'classes.c.route[0].service.maen', dist: 'uniform', min: 1, max: 3, source: 'why' },
      ]),
    ).toEqual([
      "x.yaml: uncertain[0].path: 'classes.c.route[0].service.maen' is not a key of this scenario (give the path of a number it sets; did you mean 'classes.c.route[0].service.mean'?)",
    ]);
    expect(
      messages([{ path: 'stations.desk.seats', dist: 'uniform', min: 1, max: 3, source: 'why' }]),
    ).toEqual([
      "x.yaml: uncertain[0].path: 'stations.desk.seats' is not a key of this scenario (give the path of a number it sets)",
    ]);
    expect(messages([{ path: 'stations.desk.servers', dist: 'beta', source: 'why' }])).toEqual([
      'x.yaml: uncertain[0].dist: must be one of uniform, triangular, normal, lognormal, discrete',
    ]);
    expect(
      messages([
        { path: 'stations.desk.servers', dist: 'triangular', min: 1, max: 3, source: 'why' },
      ]),
    ).toEqual(['x.yaml: uncertain[0].mode: is required for dist triangular']);
    // The key whose value breaks min <= mode <= max, min < max: a max below min is the max's.
    expect(
      messages([
        {
          path: 'stations.desk.servers',
          dist: 'triangular',
          min: 2,
          mode: 3,
          max: 0,
          source: 'why',
        },
      ]),
    ).toEqual([
      'x.yaml: uncertain[0].max: must be greater than min (a triangular takes min <= mode <= max with min < max)',
    ]);
    expect(
      messages([
        {
          path: 'stations.desk.servers',
          dist: 'triangular',
          min: 2,
          mode: 9,
          max: 4,
          source: 'why',
        },
      ]),
    ).toEqual([
      'x.yaml: uncertain[0].mode: must be at most max (a triangular takes min <= mode <= max with min < max)',
    ]);
    expect(
      messages([
        { path: 'stations.desk.servers', dist: 'uniform', min: 1, max: 3, mode: 2, source: 'why' },
      ]),
    ).toEqual(['x.yaml: uncertain[0].mode: does not apply to dist uniform']);
    expect(
      messages([
        {
          path: 'stations.desk.servers',
          dist: 'discrete',
          values: [1, 2],
          weights: [1],
          source: 'why',
        },
      ]),
    ).toEqual(['x.yaml: uncertain[0].weights: must have one weight per value (2)']);
    expect(
      messages([
        { path: 'stations.desk.servers', dist: 'uniform', min: 1, max: 3, source: 'why' },
        { path: 'stations.desk.servers', dist: 'uniform', min: 1, max: 3, source: 'why' },
      ]),
    ).toEqual(["x.yaml: uncertain[1].path: 'stations.desk.servers' is declared uncertain twice"]);
  });

  it('checks paths against the file as written; an override that removes one drops it', () => {
    const file = 'scenarios/paper-konsolosluk-2020.yaml';
    const all = loadScenario(file).uncertain.map((u) => u.path);
    expect(all.some((u) => u.startsWith('params.pandemic.'))).toBe(true);
    const without = loadScenario(file, { set: ['params.pandemic=null'] }).uncertain.map(
      (u) => u.path,
    );
    expect(without.length).toBeGreaterThan(0);
    expect(without).toEqual(all.filter((p) => !p.startsWith('params.pandemic.')));
  });

  it('every paper scenario that declares ranges gives each one a source and audits a figure', () => {
    for (const file of paperScenarioFiles()) {
      const s = loadScenario(file);
      for (const u of s.uncertain)
        expect(u.source.length, `${file}: ${u.path}`).toBeGreaterThan(20);
      if (s.uncertain.length)
        expect(
          s.reproduces.length + s.findings.length + s.audit.figures.length,
          file,
        ).toBeGreaterThan(0);
    }
  });
});

describe('quantile functions', () => {
  it('match the distributions’ known quantiles', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(quantileOf({ dist: 'uniform', min: 2, max: 4 }, 0.25)).toBe(2.5);
    expect(quantileOf({ dist: 'triangular', min: 0, mode: 1, max: 2 }, 0.5)).toBeCloseTo(1, 12);
    // Lognormal by mean and CV: the median is mean / sqrt(1 + cv^2).
    expect(quantileOf({ dist: 'lognormal', mean: 10, cv: 0.5 }, 0.5)).toBeCloseTo(
      10 / Math.sqrt(1.25),
      6,
    );
    expect(
      quantileOf({ dist: 'normal', mean: 10, cv: 0.1, min: 9, max: 11 }, 0.999),
    ).toBeLessThanOrEqual(11);
    expect(quantileOf({ dist: 'discrete', values: [1, 2], weights: [3, 1] }, 0.74)).toBe(1);
    expect(quantileOf({ dist: 'discrete', values: [1, 2], weights: [3, 1] }, 0.76)).toBe(2);
  });
});

describe('uncertain: whole-number parameters', () => {
  const servers = (dist: Record<string, unknown>) => ({
    path: 'stations.desk.servers',
    integer: true,
    source: 'why',
    ...dist,
  });

  it('a uniform one draws each whole number from min to max equally often, ends included', () => {
    const [p] = fromDocument(
      { ...base(), uncertain: [servers({ dist: 'uniform', min: 25, max: 60 })] },
      'x.yaml',
    ).uncertain;
    // An evenly spread column of 3,600 points: 36 whole numbers, 100 points each.
    const rows = Array.from({ length: 3600 }, (_, i) => [(i + 0.5) / 3600]);
    const counts = new Map<number, number>();
    for (const [v] of toValues(rows, [p])) counts.set(v, (counts.get(v) ?? 0) + 1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 36 }, (_, i) => 25 + i),
    );
    expect(new Set(counts.values())).toEqual(new Set([100]));
  });

  it('a uniform one needs a whole number in its range', () => {
    expect(messages([servers({ dist: 'uniform', min: 2.2, max: 2.8 })])).toEqual([
      'x.yaml: uncertain[0].integer: a whole-number uniform needs a whole number from min to max (2.2 to 2.8 has none)',
    ]);
  });
});
