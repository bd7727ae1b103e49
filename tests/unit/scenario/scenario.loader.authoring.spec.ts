import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/common/user-error';
import {
  IDLE_CLOSE_POLICY_SCHEDULE_RULE,
  IDLE_CLOSE_POLICY_SERVERS_RULE,
  IDLE_CLOSED_ON_HOLIDAYS_RULE,
  IDLE_HONOURS_HOLIDAYS_RULE,
  IDLE_PRIORITY_RULE,
  idleHonoursOffDaysRule,
  loadScenario,
} from '../../../src/scenario/scenario.loader';

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

/** What `fn` throws (fails the test when nothing is). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error, none was thrown');
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
      `${child}: stations.desk.schedule: cannot be given together with servers: give one of them (a scenario that extends another removes the one it inherits with null: servers: null beside a schedule, or schedule: null beside servers)`,
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

describe('servers in place of inherited shifts', () => {
  const base = () =>
    write(
      'shifts-base',
      DESK_AND_COLLECTION.replace('  collection:\n', '  collection: { servers: 1 }\n').replace(
        '  desk: { servers: 2 }\n',
        '  desk: { schedule: [{ days: [mon, tue, wed, thu, fri], from: "09:00", to: "17:00", servers: 3 }] }\n',
      ),
    );

  it('says how to drop the shifts a base gives when the what-if gives servers', () => {
    const b = base();
    expect(loadScenario(b).network?.stations.find((s) => s.id === 'desk')?.schedule).toHaveLength(
      1,
    );
    const child = write(
      'servers',
      `extends: ${b}\nname: servers\nstations:\n  desk:\n    servers: 4\n`,
    );
    const [line] = errorLines(child);
    expect(line).toContain('stations.desk.schedule: cannot be given together with servers');
    // The way out in this direction, not only the other one's (servers: null beside a schedule).
    expect(line).toContain('schedule: null beside servers');
  });

  it('and schedule: null beside the servers does it', () => {
    const child = write(
      'servers-ok',
      `extends: ${base()}\nname: servers-ok\nstations:\n  desk:\n    servers: 4\n    schedule: null\n`,
    );
    const desk = loadScenario(child).network?.stations.find((s) => s.id === 'desk');
    expect(desk?.schedule).toBeUndefined();
    expect(desk?.servers).toBe(4);
  });
});

describe('an arrival rate given twice, once inherited', () => {
  it('names each where it was written, the inherited one with how to remove it', () => {
    const base = write(
      'per-day',
      DESK_AND_COLLECTION.replace('  collection:\n', '  collection: { servers: 1 }\n').replace(
        'perHour: 6',
        'perDay: 144',
      ),
    );
    expect(loadScenario(base).network?.sources[0].arrivals).toMatchObject({ kind: 'poisson' });
    const child = write(
      'per-hour',
      `extends: ${base}\nname: per-hour\nsources:\n  walk-ins:\n    arrivals: { perHour: 5 }\n`,
    );
    const rule = 'give exactly one of rate (per minute), perHour or perDay';
    expect(errorLines(child)).toEqual([
      `${child}: sources.walk-ins.arrivals.perHour: ${rule}; the base's perDay still applies: write perDay: null beside perHour to replace it`,
      `${base}: sources.walk-ins.arrivals.perDay: ${rule}; inherited by ${child} through extends:, which may override it (null removes it)`,
    ]);
    // As it says: with the null beside it, the what-if's rate replaces the base's.
    const fixed = write(
      'per-hour-fixed',
      `extends: ${base}\nname: per-hour\nsources:\n  walk-ins:\n    arrivals: { perHour: 5, perDay: null }\n`,
    );
    expect(loadScenario(fixed).network?.sources[0].arrivals).toMatchObject({ rate: 5 / 60 });
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

describe('a class priority that no station reads', () => {
  const idle = (file: string, cls: string) =>
    `${file}: classes.${cls}.priority: ${IDLE_PRIORITY_RULE}`;
  /** Two classes at one desk; `discipline` the desk's, `priorities` the classes' lines. */
  const twoClasses = (discipline: string, priorities: string) => `name: two-classes
horizon: 1w
stations:
  desk: { servers: 2${discipline} }
  cashier: { servers: 1 }
classes:
  urgent:
${priorities}    route:
      - { id: serve, station: desk, service: { dist: exponential, mean: 10 } }
  routine:
    route:
      - { id: serve, station: desk, service: { dist: exponential, mean: 10 } }
  payer:
    route:
      - { id: pay, station: cashier, service: { dist: exponential, mean: 2 } }
sources:
  walk-ins: { classes: { urgent: 1, routine: 3, payer: 1 }, arrivals: { kind: poisson, perHour: 6 } }
`;

  it('is an error naming the class, when no station of its route is a priority station', () => {
    const file = write('priority-fifo', twoClasses('', '    priority: 0\n'));
    const err = thrown(() => loadScenario(file));
    expect(err).toBeInstanceOf(UserError);
    expect(err).toMatchObject({ file, path: 'classes.urgent.priority' });
    expect(err.message.split('\n')).toEqual([idle(file, 'urgent')]);
  });

  it('is an error at a fifo station visited beside a priority one by another class', () => {
    const file = write(
      'priority-other-station',
      twoClasses(', discipline: priority', '    priority: 0\n').replace(
        '  payer:\n',
        '  payer:\n    priority: 1\n',
      ),
    );
    expect(errorLines(file)).toEqual([idle(file, 'payer')]);
  });

  it('loads where a station of the route serves by priority', () => {
    const file = write(
      'priority-ok',
      twoClasses(', discipline: priority', '    priority: 0\n').replace(
        '  routine:\n',
        '  routine:\n    priority: 1\n',
      ),
    );
    const classes = loadScenario(file).network?.classes;
    expect(classes?.map((c) => [c.id, c.priority])).toEqual([
      ['urgent', 0],
      ['routine', 1],
      ['payer', undefined],
    ]);
  });

  it('is judged on the merged scenario: a what-if that makes its base station a priority one may give priorities', () => {
    const base = write('priority-base', twoClasses('', ''));
    const child = write(
      'priority-whatif',
      `extends: ${base}\nname: priority-whatif\nstations:\n  desk: { discipline: priority }\nclasses:\n  urgent: { priority: 0 }\n`,
    );
    expect(loadScenario(child).network?.stations.find((s) => s.id === 'desk')).toMatchObject({
      discipline: 'priority',
      servers: 2,
    });
    // The same fragment without the station's discipline gives a priority no station reads.
    const alone = write(
      'priority-whatif-alone',
      `extends: ${base}\nname: priority-whatif-alone\nclasses:\n  urgent: { priority: 0 }\n`,
    );
    expect(errorLines(alone)).toEqual([idle(alone, 'urgent')]);
  });

  it('is not claimed when the priority station itself is in error', () => {
    const file = write(
      'priority-bad-station',
      twoClasses(', discipline: priority', '    priority: 0\n'),
    );
    expect(errorLines(file, ['stations.desk.servers=-1'])).toEqual([
      `${file}: stations.desk.servers: must be a whole number from 0 to 1,000,000; the value comes from --set stations.desk.servers=-1, not from the file`,
    ]);
  });

  it('a what-if or --set that turns the station to fifo removes the priorities it inherits', () => {
    const base = write(
      'priority-base-2',
      twoClasses(', discipline: priority', '    priority: 0\n'),
    );
    const child = write(
      'fifo-whatif',
      `extends: ${base}\nname: fifo-whatif\nstations:\n  desk: { discipline: fifo }\n`,
    );
    // The priority was written in the base; the what-if that made it idle is named beside it.
    expect(errorLines(child)).toEqual([
      `${idle(base, 'urgent')}; inherited by ${child} through extends:, which may override it (null removes it)`,
    ]);
    const fixed = write(
      'fifo-whatif-ok',
      `extends: ${base}\nname: fifo-whatif-ok\nstations:\n  desk: { discipline: fifo }\nclasses:\n  urgent: { priority: null }\n`,
    );
    expect(loadScenario(fixed).network?.classes[0].priority).toBeUndefined();
    expect(errorLines(base, ['stations.desk.discipline=fifo'])).toEqual([idle(base, 'urgent')]);
    expect(
      loadScenario(base, {
        set: ['stations.desk.discipline=fifo', 'classes.urgent.priority=null'],
      }).network?.stations[0].discipline,
    ).toBe('fifo');
  });
});

describe('station settings that change nothing', () => {
  const desk = (station: string) =>
    DESK_AND_COLLECTION.replace('  desk: { servers: 2 }\n', `  desk: ${station}\n`).replace(
      '  collection:\n',
      '  collection: { servers: 1 }\n',
    );

  it('honoursHolidays on a station with servers (holidays close only shifts) is an error', () => {
    const file = write('holidays-servers', desk('{ servers: 2, honoursHolidays: true }'));
    expect(errorLines(file)).toEqual([
      `${file}: stations.desk.honoursHolidays: applies only to a station with a schedule of shifts: a station with servers is open on holidays (close it with calendar.closures)`,
    ]);
    // With a holiday to honour or not (without one, see 'closing settings that change nothing').
    const shifts = write(
      'holidays-shifts',
      `calendar: { start: 2020-01-01, holidays: [2020-01-06] }\n${desk(
        '{ schedule: [{ days: [mon, tue, wed, thu, fri], from: "09:00", to: "17:00", servers: 2 }], honoursHolidays: false }',
      )}`,
    );
    expect(loadScenario(shifts).network?.stations[0].honoursHolidays).toBe(false);
  });

  it('costPerServerHour, which no figure used, is not a key', () => {
    const file = write('cost', desk('{ servers: 2, costPerServerHour: 30 }'));
    expect(errorLines(file)[0]).toMatch(
      new RegExp(`^${file}: stations\\.desk\\.costPerServerHour: is not a known key`),
    );
  });
});

describe('lists in a scenario that extends another', () => {
  const base = () =>
    write(
      'list-base',
      DESK_AND_COLLECTION.replace('  collection:\n', '  collection: { servers: 1 }\n'),
    );
  const inherited = (child: string) =>
    `inherited by ${child} through extends:, which may override it (null removes it)`;

  it("a route given in full replaces the base's, shorter or longer", () => {
    const b = base();
    const shorter = write(
      'list-shorter',
      `extends: ${b}\nname: list-shorter\nstations:\n  collection: null\nclasses:\n  citizen:\n    route:\n      - { id: renew, station: desk, service: { dist: exponential, mean: 12 } }\n`,
    );
    expect(loadScenario(shorter).network?.classes[0].route).toEqual([
      { id: 'renew', station: 'desk', service: { dist: 'exponential', mean: 12 } },
    ]);
  });

  it("an item given in part is not merged with the base's item: the missing keys are named, and why", () => {
    const b = base();
    const child = write(
      'list-part',
      `extends: ${b}\nname: list-part\nclasses:\n  citizen:\n    route:\n      - service: { dist: exponential, mean: 12 }\n      - { id: collect, station: collection, service: { dist: exponential, mean: 3 } }\n`,
    );
    const why = `a list given in a scenario that extends another replaces the base's whole (classes.citizen.route of ${b} is not merged item by item), so each item is written in full`;
    expect(errorLines(child)).toEqual([
      `${child}: classes.citizen.route[0].id: is required (must be an id); ${why}`,
      `${child}: classes.citizen.route[0].station: is required (must be a station id); ${why}`,
    ]);
  });

  it("an item --set gives without a key gets no word of extends: only the file's own list does", () => {
    const b = base();
    const full = write(
      'list-full',
      `extends: ${b}\nname: list-full\nclasses:\n  citizen:\n    route:\n      - { id: renew, station: desk, service: { dist: exponential, mean: 12 } }\n      - { id: collect, station: collection, service: { dist: exponential, mean: 3 } }\n`,
    );
    // The item given by --set: its keys are missing through --set, not through extends.
    const fromSet =
      '; the value comes from --set classes.citizen.route[0]={service: {dist: constant, value: 5}}, not from the file';
    expect(
      errorLines(full, ['classes.citizen.route[0]={service: {dist: constant, value: 5}}']),
    ).toEqual([
      `${full}: classes.citizen.route[0].id: is required (must be an id)${fromSet}`,
      `${full}: classes.citizen.route[0].station: is required (must be a station id)${fromSet}`,
    ]);
    // A key --set changes beside the one the file's own item lacks keeps the word.
    const part = write(
      'list-part-set',
      `extends: ${b}\nname: list-part-set\nclasses:\n  citizen:\n    route:\n      - { station: desk, service: { dist: exponential, mean: 12 } }\n      - { id: collect, station: collection, service: { dist: exponential, mean: 3 } }\n`,
    );
    expect(errorLines(part, ['classes.citizen.route[0].service.mean=5'])).toEqual([
      `${part}: classes.citizen.route[0].id: is required (must be an id); a list given in a scenario that extends another replaces the base's whole (classes.citizen.route of ${b} is not merged item by item), so each item is written in full`,
    ]);
  });

  it('items given by number are refused where they are written, with what to write instead', () => {
    const b = base();
    const child = write(
      'list-by-number',
      `extends: ${b}\nname: list-by-number\nclasses:\n  citizen:\n    route:\n      0: { service: { dist: exponential, mean: 12 } }\n`,
    );
    const err = thrown(() => loadScenario(child));
    expect(err).toBeInstanceOf(UserError);
    expect(err).toMatchObject({ file: child, path: 'classes.citizen.route' });
    expect(err.message).toBe(
      `${child}: classes.citizen.route: is a list in ${b}: a scenario that extends another gives the whole list (it replaces the base's), not items by number; write every item, or change one for a run with --set classes.citizen.route[0].<key>=<value>`,
    );
  });

  it('a path written as a key is named as one, in the file that wrote it', () => {
    const b = base();
    const child = write(
      'list-path-key',
      `extends: ${b}\nname: list-path-key\nclasses:\n  citizen:\n    route[0]:\n      service: { dist: exponential, mean: 12 }\n`,
    );
    expect(errorLines(child)).toEqual([
      `${child}: classes.citizen.route[0]: is not a known key: a file writes a path as keys nested one under another (a dotted path, route[0] for a list item, is for --set)`,
    ]);
  });

  it('a mistake in the base is named in the base, through a chain of files, and --set in the file run', () => {
    const b = write(
      'list-bad-base',
      DESK_AND_COLLECTION.replace('  collection:\n', '  collection: { servers: 1 }\n').replace(
        'desk: { servers: 2 }',
        'desk: { servers: -2 }',
      ),
    );
    const mid = write('list-mid', `extends: ${b}\nname: list-mid\nhorizon: 2w\n`);
    const child = write('list-child', `extends: ${mid}\nname: list-child\n`);
    expect(errorLines(child)).toEqual([
      `${b}: stations.desk.servers: must be a whole number from 0 to 1,000,000; ${inherited(child)}`,
    ]);
    expect(errorLines(child, ['stations.desk.servers=-3'])).toEqual([
      `${child}: stations.desk.servers: must be a whole number from 0 to 1,000,000; the value comes from --set stations.desk.servers=-3, not from the file`,
    ]);
    // A key --set creates under an inherited mapping is the file run's, not the base's.
    expect(errorLines(child, ['stations.desk.nosuch.x=1'])).toContain(
      `${child}: stations.desk.nosuch: is not a known key; the value comes in part from --set stations.desk.nosuch.x=1`,
    );
    // A key the middle file writes is named there.
    const badMid = write('list-bad-mid', `extends: ${base()}\nname: list-bad-mid\nhorizon: soon\n`);
    const end = write('list-end', `extends: ${badMid}\nname: list-end\n`);
    expect(errorLines(end)[0]).toBe(
      `${badMid}: horizon: must be a duration such as 90m, 8h, 30d or 52w, or a number of minutes; ${inherited(end)}`,
    );
  });

  it('a list item that is not a mapping says what it must be', () => {
    const file = write(
      'list-null-item',
      DESK_AND_COLLECTION.replace('  collection:\n', '  collection: { servers: 1 }\n').replace(
        '      - { id: collect, station: collection, service: { dist: exponential, mean: 3 } }\n',
        '      - null\n',
      ),
    );
    expect(errorLines(file)).toContain(
      `${file}: classes.citizen.route[1]: must be a mapping (key: value pairs)`,
    );
  });

  it('a mapping given a plain value says what it must be, in a file or through --set', () => {
    const file = write('calendar-number', `calendar: 5\n${DESK_AND_COLLECTION}`);
    expect(errorLines(file)).toContain(`${file}: calendar: must be a mapping (key: value pairs)`);
    const plain = write('calendar-set', DESK_AND_COLLECTION);
    expect(errorLines(plain, ['calendar=5'])).toContain(
      `${plain}: calendar: must be a mapping (key: value pairs); the value comes from --set calendar=5, not from the file`,
    );
  });
});

describe('closing settings that change nothing', () => {
  /** One desk of `station`, a week from Monday 2024-01-01 under `calendar`, arrivals `arrivals`. */
  const scenario = (
    station: string,
    calendar = '',
    arrivals = '{ kind: poisson, perHour: 6 }',
  ) => `name: closing
horizon: 1w
${calendar}stations:
  desk: ${station}
  cashier: { servers: 1 }
classes:
  citizen:
    route:
      - { id: serve, station: desk, service: { dist: exponential, mean: 10 } }
      - { id: pay, station: cashier, service: { dist: exponential, mean: 2 } }
sources:
  walk-ins: { class: citizen, arrivals: ${arrivals} }
`;
  const ALL_WEEK =
    '[{ days: [mon, tue, wed, thu, fri, sat, sun], from: "00:00", to: "24:00", servers: 2 }]';
  const WEEKDAYS = '[{ days: [mon, tue, wed, thu, fri], from: "09:00", to: "17:00", servers: 2 }]';
  const cal = (rest: string) => `calendar: { start: 2024-01-01${rest} }\n`;

  it('closePolicy on a station with servers that nothing closes in the run is an error', () => {
    const file = write('close-servers', scenario('{ servers: 2, closePolicy: turn-away }'));
    expect(errorLines(file)).toEqual([
      `${file}: stations.desk.closePolicy: ${IDLE_CLOSE_POLICY_SERVERS_RULE}`,
    ]);
    // A closure before the calendar's start closes no day of any run, and one of another station
    // not this one.
    const early = write(
      'close-servers-early',
      scenario(
        '{ servers: 2, closePolicy: carry-over }',
        cal(
          ', closures: [{ from: 2023-12-20, to: 2023-12-31 }, { from: 2024-01-02, to: 2024-01-02, stations: [cashier] }]',
        ),
      ),
    );
    expect(errorLines(early)).toEqual([
      `${early}: stations.desk.closePolicy: ${IDLE_CLOSE_POLICY_SERVERS_RULE}`,
    ]);
  });

  it('closePolicy loads where the station closes in the run: a closure of it, of all stations, or no servers', () => {
    for (const [name, station, calendar] of [
      [
        'close-own',
        '{ servers: 2, closePolicy: turn-away }',
        cal(', closures: [{ from: 2024-01-03, to: 2024-01-03, stations: [desk] }]'),
      ],
      [
        'close-all',
        '{ servers: 2, closePolicy: turn-away }',
        cal(', closures: [{ from: 2024-01-07, to: 2024-01-07 }]'),
      ],
      ['close-zero', '{ servers: 0, closePolicy: turn-away }', ''],
      ['close-weekdays', `{ schedule: ${WEEKDAYS}, closePolicy: turn-away }`, ''],
      [
        'close-holiday',
        `{ schedule: ${ALL_WEEK}, closePolicy: turn-away }`,
        cal(', holidays: [2024-01-02]'),
      ],
      // Shifts with dates only: the station closes after them (the 2020 evacuation's seats).
      [
        'close-dated',
        `{ schedule: [{ days: [mon, tue, wed, thu, fri, sat, sun], from: "00:00", to: "24:00", servers: 2, dates: { from: 2024-01-01, to: 2024-01-31 } }], closePolicy: turn-away }`,
        cal(''),
      ],
    ])
      expect(
        loadScenario(write(name, scenario(station, calendar))).network?.stations[0].closePolicy,
      ).toBe('turn-away');
    // Past a horizon --set cut short (a quick look): a longer run reaches it. Past the horizon
    // the files give, the closure closes nothing in any run of the scenario: it is refused.
    const after = write(
      'close-after-run',
      scenario(
        '{ servers: 2, closePolicy: turn-away }',
        cal(', closures: [{ from: 2024-02-01, to: 2024-02-02 }]'),
      ),
    );
    expect(loadScenario(after, { set: ['horizon=2d'] }).network?.stations[0].closePolicy).toBe(
      'turn-away',
    );
    expect(errorLines(after).map((line) => line.split(': ').slice(0, 2).join(': '))).toEqual([
      `${after}: calendar.closures`,
    ]);
  });

  it('closePolicy on shifts that leave no hour off (holidays not honoured) is an error', () => {
    const file = write(
      'close-all-week',
      scenario(`{ schedule: ${ALL_WEEK}, closePolicy: turn-away }`),
    );
    expect(errorLines(file)).toEqual([
      `${file}: stations.desk.closePolicy: ${IDLE_CLOSE_POLICY_SCHEDULE_RULE}`,
    ]);
    const open = write(
      'close-all-week-open',
      scenario(
        `{ schedule: ${ALL_WEEK}, honoursHolidays: false, closePolicy: turn-away }`,
        cal(', holidays: [2024-01-02]'),
      ),
    );
    expect(errorLines(open)).toEqual([
      `${open}: stations.desk.closePolicy: ${IDLE_CLOSE_POLICY_SCHEDULE_RULE}`,
    ]);
  });

  it('closePolicy is judged on the scenario as run: a what-if that drops the closure makes it idle', () => {
    const b = write(
      'close-base',
      scenario(
        '{ servers: 2, closePolicy: turn-away }',
        cal(', closures: [{ from: 2024-01-03, to: 2024-01-03 }]'),
      ),
    );
    expect(loadScenario(b).network?.stations[0].closePolicy).toBe('turn-away');
    const child = write(
      'close-whatif',
      `extends: ${b}\nname: close-whatif\ncalendar: { closures: null }\n`,
    );
    expect(errorLines(child)).toEqual([
      `${b}: stations.desk.closePolicy: ${IDLE_CLOSE_POLICY_SERVERS_RULE}; inherited by ${child} through extends:, which may override it (null removes it)`,
    ]);
    expect(errorLines(b, ['calendar.closures=null'])).toEqual([
      `${b}: stations.desk.closePolicy: ${IDLE_CLOSE_POLICY_SERVERS_RULE}`,
    ]);
    // A run cut short of the closure (a quick look) keeps the scenario's setting.
    expect(loadScenario(b, { set: ['horizon=1d'] }).network?.stations[0].closePolicy).toBe(
      'turn-away',
    );
  });

  it('honoursHolidays with no holiday from the start on is an error, true or false', () => {
    const rule = `stations.desk.honoursHolidays: ${IDLE_HONOURS_HOLIDAYS_RULE}`;
    for (const [name, flag, calendar] of [
      ['honours-none', 'true', ''],
      ['honours-none-false', 'false', ''],
      ['honours-empty', 'false', cal(', holidays: []')],
      ['honours-early', 'true', cal(', holidays: [2023-12-25]')],
      // A closure is no holiday: it closes the station whatever honoursHolidays says.
      ['honours-closure', 'false', cal(', closures: [{ from: 2024-01-03, to: 2024-01-03 }]')],
    ]) {
      const file = write(
        name,
        scenario(`{ schedule: ${WEEKDAYS}, honoursHolidays: ${flag} }`, calendar),
      );
      expect(errorLines(file)).toEqual([`${file}: ${rule}`]);
    }
  });

  it('honoursHolidays loads where a holiday falls in the run or after it', () => {
    for (const [name, holiday] of [
      ['honours-in-run', '2024-01-03'],
      ['honours-after-run', '2024-12-25'],
    ])
      expect(
        loadScenario(
          write(
            name,
            scenario(
              `{ schedule: ${WEEKDAYS}, honoursHolidays: false }`,
              cal(`, holidays: [${holiday}]`),
            ),
          ),
        ).network?.stations[0].honoursHolidays,
      ).toBe(false);
  });

  it('honoursHolidays where every holiday falls on a day without shifts is an error naming them', () => {
    // 2024-01-06 and 2024-01-07 are a Saturday and a Sunday: the weekday shifts do not run.
    const weekend = cal(', holidays: [2023-12-25, 2024-01-06, 2024-01-07]');
    for (const flag of ['true', 'false']) {
      const file = write(
        `honours-weekend-${flag}`,
        scenario(`{ schedule: ${WEEKDAYS}, honoursHolidays: ${flag} }`, weekend),
      );
      expect(errorLines(file)).toEqual([
        `${file}: stations.desk.honoursHolidays: ${idleHonoursOffDaysRule(['2024-01-06', '2024-01-07'])}`,
      ]);
    }
    expect(idleHonoursOffDaysRule(['2024-01-06'])).toMatch(
      /^has no effect: every holiday .*\(2024-01-06\) falls on a day this station's shifts do not run/,
    );
    // Judged after --set too: a weekday holiday dropped leaves only the weekend ones.
    const mixed = write(
      'honours-weekend-mixed',
      scenario(
        `{ schedule: ${WEEKDAYS}, honoursHolidays: false }`,
        cal(', holidays: [2024-01-03, 2024-01-06]'),
      ),
    );
    expect(loadScenario(mixed).network?.stations[0].honoursHolidays).toBe(false);
    expect(errorLines(mixed, ['calendar.holidays=[2024-01-06]'])).toEqual([
      `${mixed}: stations.desk.honoursHolidays: ${idleHonoursOffDaysRule(['2024-01-06'])}`,
    ]);
  });

  it('honoursHolidays where every holiday falls in a closure of the station is an error too', () => {
    // Wednesday 2024-01-03 is a working day, but a closure shuts the desk (or everything) then.
    const station = `{ schedule: ${WEEKDAYS}, honoursHolidays: false }`;
    for (const [name, closure] of [
      ['honours-closed-desk', '{ from: 2024-01-02, to: 2024-01-04, stations: [desk] }'],
      ['honours-closed-all', '{ from: 2024-01-03, to: 2024-01-03 }'],
    ] as const) {
      const file = write(
        name,
        scenario(station, cal(`, holidays: [2024-01-03], closures: [${closure}]`)),
      );
      expect(errorLines(file)).toEqual([
        `${file}: stations.desk.honoursHolidays: ${idleHonoursOffDaysRule(['2024-01-03'])}`,
      ]);
    }
    // Another station's closure, or one that misses the holiday, leaves the setting its effect.
    for (const [name, closure] of [
      ['honours-closed-other', '{ from: 2024-01-03, to: 2024-01-03, stations: [cashier] }'],
      ['honours-closed-before', '{ from: 2024-01-01, to: 2024-01-02, stations: [desk] }'],
    ] as const)
      expect(
        loadScenario(
          write(name, scenario(station, cal(`, holidays: [2024-01-03], closures: [${closure}]`))),
        ).network?.stations[0].honoursHolidays,
      ).toBe(false);
  });

  it('honoursHolidays loads where a holiday falls on a day a shift runs into, overnight or by its dates', () => {
    for (const [name, schedule] of [
      // Friday's night shift runs into Saturday 2024-01-06 until 02:00.
      [
        'honours-overnight',
        `[{ days: [mon, tue, wed, thu, fri], from: "09:00", to: "17:00", servers: 2 }, { days: [fri], from: "22:00", to: "02:00", servers: 1 }]`,
      ],
      // A Saturday shift for that week only.
      [
        'honours-dated',
        `[{ days: [mon, tue, wed, thu, fri], from: "09:00", to: "17:00", servers: 2 }, { days: [sat], from: "09:00", to: "13:00", servers: 1, dates: { from: 2024-01-01, to: 2024-01-07 } }]`,
      ],
    ])
      expect(
        loadScenario(
          write(
            name,
            scenario(
              `{ schedule: ${schedule}, honoursHolidays: true }`,
              cal(', holidays: [2024-01-06]'),
            ),
          ),
        ).network?.stations[0].honoursHolidays,
      ).toBe(true);
  });

  it('honoursHolidays is judged after extends and --set: a what-if without the holidays makes it idle', () => {
    const b = write(
      'honours-base',
      scenario(
        `{ schedule: ${WEEKDAYS}, honoursHolidays: false }`,
        cal(', holidays: [2024-01-03]'),
      ),
    );
    const child = write(
      'honours-whatif',
      `extends: ${b}\nname: honours-whatif\ncalendar: { holidays: null }\n`,
    );
    expect(errorLines(child)).toEqual([
      `${b}: stations.desk.honoursHolidays: ${IDLE_HONOURS_HOLIDAYS_RULE}; inherited by ${child} through extends:, which may override it (null removes it)`,
    ]);
    expect(errorLines(b, ['calendar.holidays=[]'])).toEqual([
      `${b}: stations.desk.honoursHolidays: ${IDLE_HONOURS_HOLIDAYS_RULE}`,
    ]);
    // Removing it, or a run cut short of the holiday, loads.
    expect(
      loadScenario(child, { set: ['stations.desk.honoursHolidays=null'] }).network?.stations[0]
        .honoursHolidays,
    ).toBeUndefined();
    expect(loadScenario(b, { set: ['horizon=1d'] }).network?.stations[0].honoursHolidays).toBe(
      false,
    );
  });

  const profile = (flag: string) => `{ kind: profile, perDay: 100, closedOnHolidays: ${flag} }`;

  it('closedOnHolidays with no holiday or closure of its first stations from the start on is an error', () => {
    const none = write('holidays-none', scenario('{ servers: 2 }', '', profile('true')));
    const rule = `sources.walk-ins.arrivals.closedOnHolidays: ${IDLE_CLOSED_ON_HOLIDAYS_RULE}`;
    expect(errorLines(none)).toEqual([`${none}: ${rule}`]);
    for (const [name, calendar] of [
      ['holidays-early', cal(', holidays: [2023-12-25]')],
      [
        'holidays-other-station',
        cal(', closures: [{ from: 2024-01-03, to: 2024-01-03, stations: [cashier] }]'),
      ],
    ]) {
      const file = write(name, scenario('{ servers: 2 }', calendar, profile('false')));
      expect(errorLines(file)).toEqual([`${file}: ${rule}`]);
    }
  });

  it('closedOnHolidays loads where a holiday, or a closure of all stations or of its first station, falls in the run', () => {
    for (const [name, calendar] of [
      ['holidays-in-run', cal(', holidays: [2024-01-03]')],
      ['holidays-after-run', cal(', holidays: [2024-03-01]')],
      ['holidays-closure-all', cal(', closures: [{ from: 2024-01-03, to: 2024-01-03 }]')],
      [
        'holidays-closure-first',
        cal(', closures: [{ from: 2024-01-03, to: 2024-01-04, stations: [desk] }]'),
      ],
    ]) {
      const source = loadScenario(
        write(name, scenario('{ servers: 2 }', calendar, profile('true'))),
      ).network?.sources[0];
      expect(source?.arrivals).toMatchObject({ kind: 'profile', closedOnHolidays: true });
    }
  });
});
