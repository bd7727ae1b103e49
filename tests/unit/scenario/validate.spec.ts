import 'reflect-metadata';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { modelParams, runScenario } from '../../../src/experiment/scenario.runner';

// Names every JavaScript object inherits (constructor, toString, hasOwnProperty, __proto__) are
// names a user may type: as a station, class or source id they work like any other id; as a key
// the format does not have they are unknown keys; and __proto__, which no object can keep as a
// key, is refused by name. None of them may crash the loader or vanish silently.

const dir = mkdtempSync(join(tmpdir(), 'validate-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GOOD = readFileSync('tests/fixtures/scenarios/good.yaml', 'utf8');

/** good.yaml, edited, written to a temp file. */
function variant(name: string, edit: (yaml: string) => string): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, edit(GOOD));
  return file;
}

function messages(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    return (err as Error).message.split('\n');
  }
  throw new Error('expected an error, none was thrown');
}

describe('ids that every object inherits', () => {
  it.each(['constructor', 'hasOwnProperty', 'toString', 'valueOf'])(
    'a station, class and source named %s work like any other id',
    async (name) => {
      const file = variant(`ids-${name}`, (y) =>
        y
          .replace(/\bdesk\b/g, name)
          .replace(/\bcitizen\b/g, name)
          .replace(/\bwalk-ins\b/g, name),
      );
      const s = loadScenario(file);
      expect(s.network?.stations.map((st) => st.id)).toEqual([name]);
      expect(s.network?.classes.map((c) => c.id)).toEqual([name]);
      expect(s.network?.sources.map((c) => c.id)).toEqual([name]);
      const r = await runScenario(s, { replications: 1, threads: 0 });
      expect(r.metrics[`stations.${name}.served`].mean).toBeGreaterThan(0);
    },
  );

  it('a year named constructor under byYear is a bad year, not a crash', () => {
    const file = variant('byyear', (y) =>
      y.replace('{ kind: poisson, perHour: 6 }', '{ kind: daily, byYear: { constructor: 5 } }'),
    );
    expect(messages(() => loadScenario(file))).toContain(
      `${file}: sources.walk-ins.arrivals.byYear.constructor: must be a year such as 2019`,
    );
  });

  it.each(['constructor', 'toString', 'valueOf', 'hasOwnProperty'])(
    'a top-level key %s is not a known key, in the file and by --set',
    (key) => {
      const file = variant(`top-${key}`, (y) => `${y}${key}: 1\n`);
      expect(messages(() => loadScenario(file))).toContain(`${file}: ${key}: is not a known key`);
      if (key !== 'constructor')
        expect(
          messages(() => loadScenario('tests/fixtures/scenarios/good.yaml', { set: [`${key}=1`] })),
        ).toContain(
          `tests/fixtures/scenarios/good.yaml: ${key}: is not a known key; the value comes from --set ${key}=1, not from the file`,
        );
    },
  );

  it('a station key named like an inherited one is not a known key either', () => {
    const file = variant('station-key', (y) =>
      y.replace('servers: 2', 'servers: 2\n    toString: 1'),
    );
    expect(messages(() => loadScenario(file))).toContain(
      `${file}: stations.desk.toString: is not a known key`,
    );
  });

  it('a key inside a service model’s params is checked the same way', () => {
    const s = loadScenario('scenarios/paper-hizir.yaml', { set: ['params.valueOf=1'] });
    expect(messages(() => modelParams(s))).toContain(
      'scenarios/paper-hizir.yaml: params.valueOf: is not a known key; the value comes from --set params.valueOf=1, not from the file',
    );
  });

  it.each([
    [
      'a station beside desk',
      (y: string) => y.replace('stations:', 'stations:\n  __proto__:\n    servers: 1'),
      'stations.__proto__',
    ],
    [
      'a class',
      (y: string) => y.replace('classes:', 'classes:\n  __proto__:\n    route: []'),
      'classes.__proto__',
    ],
    [
      'a source',
      (y: string) => y.replace('sources:', 'sources:\n  __proto__: {}'),
      'sources.__proto__',
    ],
    ['a top-level key', (y: string) => `${y}__proto__: { seed: 99 }\n`, '__proto__'],
  ])('__proto__ as %s is refused by name, never dropped', (_, edit, path) => {
    const file = variant(`proto-${path}`, edit);
    expect(messages(() => loadScenario(file))).toContain(
      `${file}: ${path}: cannot be used as a name: JavaScript objects reserve '__proto__'`,
    );
  });
});

describe('list items', () => {
  it('are named as route[0] in messages', () => {
    expect(
      messages(() =>
        loadScenario('tests/fixtures/scenarios/good.yaml', {
          set: ['classes.citizen.route.0.statoin=desk'],
        }),
      ),
    ).toContain(
      "tests/fixtures/scenarios/good.yaml: classes.citizen.route[0].statoin: is not a known key (did you mean 'classes.citizen.route.0.station'?); the value comes from --set classes.citizen.route.0.statoin=desk, not from the file",
    );
  });

  it('--set past the end of a list names the index and the list’s size', () => {
    expect(
      messages(() =>
        loadScenario('tests/fixtures/scenarios/good.yaml', {
          set: ['classes.citizen.route.5.station=desk'],
        }),
      ),
    ).toEqual([
      'tests/fixtures/scenarios/good.yaml: classes.citizen.route[5]: is past the end of the list: it has 1 item, [0] (--set changes an item, or adds one at [1]); in --set classes.citizen.route.5.station=desk',
    ]);
  });
});
