import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/scenario/scenario.loader';

/**
 * Mistakes made while writing a first scenario from docs/scenario-format.md: each must be
 * reported as `file: path: rule`, the rule saying what is wrong where the mistake is.
 */
const dir = mkdtempSync(join(tmpdir(), 'consular-authoring-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, yaml: string): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, yaml);
  return file;
}

/** Every line of the error loadScenario throws (fails the test when none is). */
function errorLines(file: string, set: string[] = []): string[] {
  try {
    loadScenario(file, { set });
  } catch (err) {
    return (err as Error).message.split('\n');
  }
  throw new Error('expected an error, none was thrown');
}

const DESK_AND_COLLECTION = `name: two-desks
horizon: 1w
stations:
  desk: { servers: 2 }
  collection:
classes:
  citizen:
    route:
      - { id: renew, station: desk, service: { dist: exponential, mean: 10 } }
      - { id: collect, station: collection, service: { dist: exponential, mean: 3 } }
sources:
  walk-ins: { class: citizen, arrivals: { kind: poisson, perHour: 6 } }
`;

describe('an entry left empty', () => {
  it('a station with nothing under it is named as empty, not as undefined', () => {
    const file = write('empty-station', DESK_AND_COLLECTION);
    const lines = errorLines(file);
    expect(lines[0]).toBe(
      `${file}: stations.collection: is empty: give the station servers or a schedule of shifts (an empty entry only removes a station inherited through extends:)`,
    );
  });

  it('a class or a source with nothing under it is named too', () => {
    const file = write(
      'empty-class',
      DESK_AND_COLLECTION.replace('  collection:\n', '  collection: { servers: 1 }\n').replace(
        'classes:\n',
        'classes:\n  vip:\n',
      ) + '  phone:\n',
    );
    const lines = errorLines(file);
    expect(lines).toContain(
      `${file}: classes.vip: is empty: give the class a route (an empty entry only removes a class inherited through extends:)`,
    );
    expect(lines).toContain(
      `${file}: sources.phone: is empty: give the source arrivals and a class (an empty entry only removes a source inherited through extends:)`,
    );
  });

  it('in a file that extends another, an empty entry the base does not have is named', () => {
    const base = write(
      'base',
      DESK_AND_COLLECTION.replace('  collection:\n', '  collection: { servers: 1 }\n'),
    );
    const child = write('child', `extends: ${base}\nname: child\nstations:\n  spare:\n`);
    expect(errorLines(child)[0]).toBe(
      `${child}: stations.spare: is empty: give the station servers or a schedule of shifts (an empty entry only removes a station inherited through extends:)`,
    );
  });

  it('an empty entry still removes an inherited one, and --set …=null is a removal, not a mistake', () => {
    const base = write(
      'base2',
      DESK_AND_COLLECTION.replace('  collection:\n', '  collection: { servers: 1 }\n').replace(
        'sources:\n',
        'sources:\n  phone: { class: citizen, arrivals: { kind: poisson, perHour: 1 } }\n',
      ),
    );
    const child = write('child2', `extends: ${base}\nname: child2\nsources:\n  phone:\n`);
    expect(loadScenario(child).network?.sources.map((s) => s.id)).toEqual(['walk-ins']);
    const lines = errorLines(base, ['stations.collection=null']);
    expect(lines.some((l) => l.includes('is empty'))).toBe(false);
    expect(lines[0]).toMatch(/classes\.citizen\.route\[1\]\.station: must name a station/);
  });
});

describe('shifts in place of inherited servers', () => {
  const base = () =>
    write('mmc', DESK_AND_COLLECTION.replace('  collection:\n', '  collection: { servers: 1 }\n'));
  const shifts =
    '    schedule: [{ days: [mon, tue, wed, thu, fri], from: "09:00", to: "17:00", servers: 3 }]\n';

  it('says how to drop the servers a base gives when the what-if gives shifts', () => {
    const child = write(
      'shifts',
      `extends: ${base()}\nname: shifts\nstations:\n  desk:\n${shifts}`,
    );
    expect(errorLines(child)).toEqual([
      `${child}: stations.desk.schedule: cannot be given together with servers: give one of them (a scenario that extends one with servers replaces them with shifts by writing servers: null beside the schedule)`,
    ]);
  });

  it('and servers: null beside the schedule does it', () => {
    const child = write(
      'shifts-ok',
      `extends: ${base()}\nname: shifts-ok\nstations:\n  desk:\n    servers: null\n${shifts}`,
    );
    const desk = loadScenario(child).network?.stations.find((s) => s.id === 'desk');
    expect(desk?.servers).toBeUndefined();
    expect(desk?.schedule?.[0].servers).toBe(3);
  });
});

describe('a list index in a value inside { }', () => {
  it('is told to quote the value', () => {
    const file = write(
      'flow-index',
      DESK_AND_COLLECTION.replace('  collection:\n', '  collection: { servers: 1 }\n') +
        'uncertain:\n  - { path: classes.citizen.route[0].service.mean, dist: uniform, min: 5, max: 15, source: "no timing published" }\n',
    );
    expect(errorLines(file)).toEqual([
      `${file}: line 14, column 34: is not valid YAML: Unexpected flow-seq-start at node end (inside { } a '[' starts a list: quote a value that holds one, e.g. path: "classes.citizen.route[0].service.mean")`,
    ]);
  });

  it('quoted, it loads', () => {
    const file = write(
      'flow-index-quoted',
      DESK_AND_COLLECTION.replace('  collection:\n', '  collection: { servers: 1 }\n') +
        'uncertain:\n  - { path: "classes.citizen.route[0].service.mean", dist: uniform, min: 5, max: 15, source: "no timing published" }\n',
    );
    expect(loadScenario(file).uncertain.map((u) => u.path)).toEqual([
      'classes.citizen.route[0].service.mean',
    ]);
  });
});
