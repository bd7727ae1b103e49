import 'reflect-metadata';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScenarioError, ScenarioErrors } from '../../../src/scenario/scenario-error';
import { UserError } from '../../../src/common/user-error';
import {
  applyOverride,
  displayPath,
  fromDocument,
  loadScenario,
} from '../../../src/scenario/scenario.loader';

// Paths are relative to the repository root, where vitest runs, so messages show
// them as the user typed them.
const FIXTURES = 'tests/fixtures/scenarios';
const fixture = (name: string) => `${FIXTURES}/${name}.yaml`;

/** The error thrown by fn (fails the test when none is). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error, none was thrown');
}

describe('scenarios/: every shipped scenario loads', () => {
  const files = readdirSync('scenarios').filter((f) => /\.ya?ml$/.test(f));

  it('there is at least one scenario', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s validates with loadScenario', (file) => {
    const s = loadScenario(join('scenarios', file));
    expect(s.horizon).toBeGreaterThan(0);
    expect(s.warmup).toBeLessThan(s.horizon);
    expect(s.replications).toBeGreaterThanOrEqual(1);
    // The name in the file is the file's name: reports and out dirs are keyed by it.
    expect(`${s.name}.yaml`).toBe(file);
    if (s.model === 'network') {
      expect(s.network?.stations.length).toBeGreaterThan(0);
      expect(s.network?.classes.length).toBeGreaterThan(0);
      expect(s.network?.sources.length).toBeGreaterThan(0);
    }
  });
});

describe('loadScenario: a valid scenario', () => {
  it('turns durations into minutes and mappings into lists with ids', () => {
    const s = loadScenario(fixture('good'));
    expect(s.horizon).toBe(7 * 24 * 60);
    expect(s.warmup).toBe(0);
    expect(s.model).toBe('network');
    expect(s.network?.stations).toEqual([{ id: 'desk', servers: 2 }]);
    expect(s.network?.classes[0].route[0]).toMatchObject({
      id: 'serve',
      station: 'desk',
      service: { dist: 'exponential', mean: 10 },
    });
    // perHour 6 is a rate of 0.1 per minute.
    expect(s.network?.sources[0]).toMatchObject({
      id: 'walk-ins',
      class: 'citizen',
      arrivals: { kind: 'poisson', rate: 0.1 },
    });
  });

  it('reads trace arrivals from a CSV beside the scenario, skipping a header', () => {
    const s = loadScenario(fixture('trace'));
    expect(s.network?.sources[0].arrivals).toEqual({ kind: 'trace', times: [0, 5.5, 30, 30, 120] });
  });
});

describe('loadScenario: malformed scenarios', () => {
  const cases: [string, string][] = [
    ['bad-servers', 'stations.desk.servers: must be a whole number from 0 to 1,000,000'],
    ['unknown-key', "stations.desk.servres: is not a known key (did you mean 'servers'?)"],
    [
      'unknown-station',
      "classes.citizen.route[0].station: must name a station defined under stations (got 'counter')",
    ],
    ['bad-distribution', 'classes.citizen.route[0].service.mean: must be greater than 0'],
    [
      'missing-horizon',
      'horizon: is required (must be a duration such as 90m, 8h, 30d or 52w, or a number of minutes)',
    ],
    [
      'trace-unsorted',
      'sources.walk-ins.arrivals.file: line 3: timestamps must be in ascending order',
    ],
  ];

  it.each(cases)('%s.yaml fails with "file: path: rule"', (name, pathAndRule) => {
    const err = thrown(() => loadScenario(fixture(name)));
    expect(err).toBeInstanceOf(ScenarioErrors);
    expect(err.message).toBe(`${fixture(name)}: ${pathAndRule}`);
    expect(err.message).not.toContain('    at ');
  });

  it('a shift time past 24:00 is refused by the clock rule, naming the key', () => {
    const err = thrown(() => loadScenario(fixture('shift-clock')));
    expect(err).toBeInstanceOf(ScenarioErrors);
    expect(err.message).toMatch(
      /^tests\/fixtures\/scenarios\/shift-clock\.yaml: stations\.desk\.schedule(\.0|\[0\])\.to: must be a time HH:MM from 00:00 to 24:00$/,
    );
  });

  it('a shift whose from equals its to is refused (no time, or a whole day?)', () => {
    const err = thrown(() =>
      loadScenario(fixture('shift-clock'), {
        set: ['stations.desk.schedule=[{days: [mon], from: "09:00", to: "09:00", servers: 4}]'],
      }),
    );
    expect(err.message).toContain('stations.desk.schedule[0].to: must differ from from');
  });

  it("a step's jobs: a count from 1 to 1,000 reaches the model; anything else is named", () => {
    const teaching = 'scenarios/teaching-mmc.yaml';
    const jobs = (spec: string) => [`classes.citizen.route.0.jobs=${spec}`];
    const model = loadScenario(teaching, {
      set: jobs('{dist: discrete, values: [1, 3], weights: [1, 1]}'),
    }).network!;
    expect(model.classes[0].route[0].jobs).toEqual({
      dist: 'discrete',
      values: [1, 3],
      weights: [1, 1],
    });
    expect(
      loadScenario(teaching, { set: jobs('{dist: constant, value: 2}') }).network!.classes[0]
        .route[0].jobs,
    ).toEqual({ dist: 'constant', value: 2 });
    // Each message ends naming the --set that gave the value; the rule is what comes before.
    const refused = (spec: string) => {
      const message = thrown(() => loadScenario(teaching, { set: jobs(spec) })).message;
      const note = `; the value comes from --set ${jobs(spec)[0]}, not from the file`;
      expect(message.endsWith(note), message).toBe(true);
      return message.slice(0, -note.length);
    };
    const at = `${teaching}: classes.citizen.route[0].jobs`;
    const rule =
      'must be a count of jobs a visit brings, whole numbers from 1 to 1,000: {dist: constant, value: 2} or {dist: discrete, values: [1, 2], weights: [3, 1]}';
    expect(refused('{dist: exponential, mean: 2}')).toBe(`${at}.dist: ${rule}`);
    expect(refused('{dist: discrete, values: [1, 1.5], weights: [1, 1]}')).toBe(
      `${at}.values[1]: ${rule}`,
    );
    expect(refused('{dist: constant, value: 0}')).toBe(`${at}.value: ${rule}`);
    expect(refused('{dist: constant, value: 1001}')).toBe(`${at}.value: ${rule}`);
    // The distribution's own rules come first, in their own words.
    expect(refused('{dist: discrete, values: [1, 2], weights: [1]}')).toBe(
      `${at}.weights: must have one weight per value`,
    );
    expect(refused('3')).toBe(`${at}: ${rule}`);
  });

  it('bad-servers gives exactly the documented message', () => {
    expect(thrown(() => loadScenario(fixture('bad-servers'))).message).toBe(
      'tests/fixtures/scenarios/bad-servers.yaml: stations.desk.servers: must be a whole number from 0 to 1,000,000',
    );
  });

  it('reports every problem, one per line, each with its file, path and rule', () => {
    const err = thrown(() => loadScenario(fixture('two-errors')));
    expect(err).toBeInstanceOf(ScenarioErrors);
    const errors = (err as ScenarioErrors).errors;
    expect(errors.map((e) => [e.file, e.path])).toEqual([
      [fixture('two-errors'), 'stations.desk.servers'],
      [fixture('two-errors'), 'sources.walk-ins.arrivals.perHour'],
    ]);
    expect(err.message.split('\n')).toEqual(errors.map((e) => e.message));
  });

  it('broken YAML fails with a ScenarioError naming the file, without a stack trace', () => {
    const err = thrown(() => loadScenario(fixture('bad-yaml')));
    expect(err).toBeInstanceOf(ScenarioError);
    expect(err.message.startsWith(`${fixture('bad-yaml')}: `)).toBe(true);
    expect(err.message).toContain('is not valid YAML');
    expect(err.message).not.toContain('    at ');
    expect(err.message.split('\n')).toHaveLength(1);
  });

  it('a missing file is reported as such', () => {
    const err = thrown(() => loadScenario(fixture('no-such-file')));
    expect(err).toBeInstanceOf(ScenarioError);
    expect(err.message).toBe(`${fixture('no-such-file')}: file not found`);
  });

  it('a scenario named without its folder or .yaml is not found, and the file meant is named', () => {
    // Tests run from the repository's root, as the README's commands do.
    for (const name of ['teaching-mmc', 'teaching-mmc.yaml', 'scenarios/teaching-mmc'])
      expect(thrown(() => loadScenario(name)).message).toBe(
        `${name}: file not found (did you mean scenarios/teaching-mmc.yaml?)`,
      );
    expect(thrown(() => loadScenario('teaching-mcc')).message).toBe('teaching-mcc: file not found');
  });

  it('a folder named as the scenario says so and names a file of it to run', () => {
    // `run scenarios/` used to say only "scenarios/: is not a file".
    for (const name of ['scenarios', 'scenarios/']) {
      const err = thrown(() => loadScenario(name));
      expect(err).toBeInstanceOf(ScenarioError);
      expect(err.message).toBe(
        `scenarios: is a folder, not a scenario file: name one of its ${
          readdirSync('scenarios').filter((f) => /\.ya?ml$/.test(f)).length
        } .yaml files, e.g. scenarios/teaching-mmc.yaml`,
      );
    }
    expect(thrown(() => loadScenario('src')).message).toBe(
      'src: is a folder, not a scenario file, and holds no .yaml file',
    );
  });

  it("a misspelt scenario's name is not found, and the closest file of its folder is named", () => {
    for (const name of ['scenarios/teaching-mcc.yaml', 'scenarios/teaching-mcc'])
      expect(thrown(() => loadScenario(name)).message).toBe(
        `${name}: file not found (did you mean scenarios/teaching-mmc.yaml?)`,
      );
    // Nothing near: nothing named.
    expect(thrown(() => loadScenario('scenarios/no-such-scenario.yaml')).message).toBe(
      'scenarios/no-such-scenario.yaml: file not found',
    );
    const dir = mkdtempSync(join(tmpdir(), 'consular-extends-'));
    try {
      const file = join(dir, 'whatif.yaml');
      const typo = relative(dir, resolve('scenarios/paper-evsia.yaml'));
      writeFileSync(file, `extends: ${typo}\nname: whatif\n`);
      expect(thrown(() => loadScenario(file)).message).toMatch(
        /extends: file not found: \S+paper-evsia\.yaml \(did you mean extends: \S+\?\)$/,
      );
      const meant = /did you mean extends: (\S+)\?\)$/.exec(
        thrown(() => loadScenario(file)).message,
      )?.[1];
      expect(meant && resolve(dir, meant)).toBe(resolve('scenarios/paper-evisa.yaml'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an extends: written from the wrong folder names the path that reaches the scenario', () => {
    const dir = mkdtempSync(join(tmpdir(), 'consular-extends-'));
    try {
      const file = join(dir, 'whatif.yaml');
      writeFileSync(file, 'extends: paper-evisa.yaml\nname: whatif\n');
      const message = thrown(() => loadScenario(file)).message;
      expect(message).toContain(`extends: file not found: ${join(dir, 'paper-evisa.yaml')}`);
      const meant = /did you mean extends: (\S+)\?\)$/.exec(message)?.[1];
      expect(meant && resolve(dir, meant)).toBe(resolve('scenarios/paper-evisa.yaml'));
      writeFileSync(file, 'extends: no-such-base.yaml\nname: whatif\n');
      expect(thrown(() => loadScenario(file)).message).toMatch(
        /file not found: \S+no-such-base.yaml$/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("an extends: written from the current folder, not the file's, names the path from the file", () => {
    // my/whatif.yaml saying extends: my/base.yaml, run from the folder above my/: it reads my/my/base.yaml.
    const dir = mkdtempSync(join(tmpdir(), 'consular-extends-'));
    const cwd = process.cwd();
    try {
      mkdirSync(join(dir, 'my'));
      writeFileSync(
        join(dir, 'my', 'base.yaml'),
        `extends: ${resolve('scenarios/teaching-mmc.yaml')}\nname: base\n`,
      );
      writeFileSync(join(dir, 'my', 'whatif.yaml'), 'extends: my/base.yaml\nname: whatif\n');
      process.chdir(dir);
      expect(thrown(() => loadScenario('my/whatif.yaml')).message).toBe(
        'my/whatif.yaml: extends: file not found: my/my/base.yaml (extends: is read from the folder of the file that writes it: did you mean extends: base.yaml?)',
      );
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a document that is not a mapping is refused', () => {
    const err = thrown(() =>
      fromDocument({ name: 'x', horizon: '1w', stations: [1, 2] } as never, 'inline.yaml'),
    );
    expect(err).toBeInstanceOf(ScenarioErrors);
    expect(err.message).toContain('inline.yaml: stations: ');
  });

  it('warm-up must be shorter than the horizon', () => {
    const err = thrown(() => loadScenario(fixture('good'), { set: ['warmup=2w'] }));
    // With both lengths as the run reads them, and what to do.
    expect(err.message).toBe(
      `${fixture('good')}: warmup: must be shorter than horizon (it is 20,160 minutes, horizon 10,080 minutes): shorten warmup or lengthen horizon; the value comes from --set warmup=2w, not from the file`,
    );
  });

  it('a horizon --set shorter than the warm-up is named at horizon, as given by --set', () => {
    // It was named at warmup, which the file gave, with no word of the --set that broke it.
    const err = thrown(() => loadScenario('scenarios/teaching-mmc.yaml', { set: ['horizon=10'] }));
    expect(err.message).toBe(
      'scenarios/teaching-mmc.yaml: horizon: must be longer than warmup (it is 10 minutes, warmup 20,160 minutes): lengthen horizon or shorten warmup; the value comes from --set horizon=10, not from the file',
    );
  });

  it('the horizon is at most 1,000 years: one day more is named, not run out of memory', () => {
    expect(loadScenario(fixture('good'), { set: ['horizon=365250d'] }).horizon).toBe(
      365_250 * 1440,
    );
    for (const horizon of ['365251d', '1e308', '99999999999w']) {
      const err = thrown(() => loadScenario(fixture('good'), { set: [`horizon=${horizon}`] }));
      expect(err.message, horizon).toBe(
        `${fixture('good')}: horizon: must be at most 1,000 years (525,960,000 minutes); the value comes from --set horizon=${horizon}, not from the file`,
      );
    }
  });

  it('a warm-up beyond 1,000 years gets the same limit, not its 300 digits in a comparison', () => {
    const err = thrown(() => loadScenario(fixture('good'), { set: ['warmup=1e308'] }));
    expect(err.message).toBe(
      `${fixture('good')}: warmup: must be at most 1,000 years (525,960,000 minutes); the value comes from --set warmup=1e308, not from the file`,
    );
  });
});

describe('loadScenario: --set overrides', () => {
  it('overrides a number', () => {
    const s = loadScenario(fixture('good'), { set: ['stations.desk.servers=12'] });
    expect(s.network?.stations[0].servers).toBe(12);
    expect(s.document).toMatchObject({ stations: { desk: { servers: 12 } } });
  });

  it('overrides a duration and a nested path, creating missing mappings', () => {
    const s = loadScenario(fixture('good'), { set: ['horizon=2d', 'calendar.start=2024-01-01'] });
    expect(s.horizon).toBe(2 * 1440);
    expect(s.calendar?.start).toBe('2024-01-01');
    expect(s.network?.calendar?.start).toBe('2024-01-01');
  });

  it('overrides with a list (parsed as YAML)', () => {
    const s = loadScenario(fixture('good'), {
      set: ['calendar.start=2024-01-01', 'calendar.holidays=[2024-01-02, 2024-01-03]'],
    });
    expect(s.calendar?.holidays).toEqual(['2024-01-02', '2024-01-03']);
  });

  it('overrides a whole distribution with a flow mapping, through a list index', () => {
    const s = loadScenario(fixture('good'), {
      set: ['classes.citizen.route.0.service={dist: constant, value: 4}'],
    });
    expect(s.network?.classes[0].route[0].service).toEqual({ dist: 'constant', value: 4 });
  });

  it('an overridden distribution is checked like one in the file', () => {
    const err = thrown(() =>
      loadScenario(fixture('good'), {
        set: ['classes.citizen.route.0.service={dist: erlang, k: 0.5, mean: 3}'],
      }),
    );
    expect(err.message).toBe(
      `${fixture('good')}: classes.citizen.route[0].service.k: must be a positive integer; the value comes from --set classes.citizen.route.0.service={dist: erlang, k: 0.5, mean: 3}, not from the file`,
    );
  });

  it('an override is validated like the file', () => {
    const err = thrown(() => loadScenario(fixture('good'), { set: ['stations.desk.servers=-3'] }));
    expect(err.message).toBe(
      `${fixture('good')}: stations.desk.servers: must be a whole number from 0 to 1,000,000; the value comes from --set stations.desk.servers=-3, not from the file`,
    );
  });

  it('--set through a value that is not a mapping errors clearly', () => {
    const err = thrown(() => loadScenario(fixture('good'), { set: ['horizon.days=3'] }));
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as ScenarioError).path).toBe('horizon');
    expect(err.message).toBe(
      `${fixture('good')}: horizon: --set horizon.days: is not a mapping, so it has no key 'days'; in --set horizon.days=3`,
    );
  });

  it('--set without "=" errors clearly', () => {
    const err = thrown(() => loadScenario(fixture('good'), { set: ['stations.desk.servers'] }));
    expect(err).toBeInstanceOf(ScenarioError);
    expect(err.message).toContain('--set takes path=value');
  });

  it('applyOverride leaves the rest of the document alone', () => {
    const doc: Record<string, unknown> = { a: { b: 1, c: 2 }, d: 3 };
    applyOverride(doc, 'a.b=5', 'f.yaml');
    expect(doc).toEqual({ a: { b: 5, c: 2 }, d: 3 });
  });
});

describe('loadScenario: interval', () => {
  it.each(['0', '0m', '0.0001', '-5'])(
    'interval %s is refused before any run, naming the bound',
    (interval) => {
      const err = thrown(() => loadScenario(fixture('good'), { set: [`interval=${interval}`] }));
      expect(err).toBeInstanceOf(ScenarioErrors);
      // good.yaml runs a week: at most 100,000 buckets of 6.05 seconds.
      expect(err.message).toMatch(
        /: interval: must (be at least the horizon \/ 100,000 \(6\.05 seconds\)|be a duration)/,
      );
    },
  );

  it('the shortest interval allowed loads, with its value', () => {
    const s = loadScenario(fixture('good'), { set: ['interval=0.1008'] });
    expect(s.interval).toBe(0.1008);
  });
});

describe('loadScenario: trace files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'trace-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A scenario beside `csv` (written as trace.csv) whose one source replays it. */
  function traceScenario(csv: string, format: 'iso' | 'minutes', calendar = ''): string {
    writeFileSync(join(dir, 'trace.csv'), csv);
    const file = join(dir, 'trace.yaml');
    writeFileSync(
      file,
      [
        'name: trace',
        'horizon: 2w',
        calendar,
        'stations: { desk: { servers: 2 } }',
        'classes: { citizen: { route: [{ id: serve, station: desk, service: { dist: exponential, mean: 10 } }] } }',
        `sources: { walk-ins: { class: citizen, arrivals: { kind: trace, file: trace.csv, format: ${format} } } }`,
      ].join('\n'),
    );
    return file;
  }
  const times = (file: string) => {
    const a = loadScenario(file).network?.sources[0].arrivals;
    return a?.kind === 'trace' ? a.times : undefined;
  };

  it('ISO times count from midnight of the calendar start, not of the first arrival', () => {
    const file = traceScenario(
      'when\n2020-01-03T10:00:00Z\n2020-01-04T10:00:00Z\n',
      'iso',
      'calendar: { start: 2020-01-01 }',
    );
    expect(times(file)).toEqual([2 * 1440 + 600, 3 * 1440 + 600]);
  });

  it('without a calendar they count from midnight of the first arrival', () => {
    const file = traceScenario('2020-01-03T10:00:00Z\n2020-01-04T10:00:00Z\n', 'iso');
    expect(times(file)).toEqual([600, 1440 + 600]);
  });

  it('an ISO time with no zone is UTC whatever the machine zone', () => {
    const file = traceScenario('2020-01-03T10:00\n2020-01-03 11:30:00\n', 'iso');
    const tz = process.env.TZ;
    try {
      process.env.TZ = 'Asia/Tokyo';
      expect(times(file)).toEqual([600, 690]);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it('a time before the start is refused, naming the line and the file key', () => {
    const iso = traceScenario('2019-12-31T23:00:00Z\n', 'iso', 'calendar: { start: 2020-01-01 }');
    expect(thrown(() => loadScenario(iso)).message).toContain(
      "sources.walk-ins.arrivals.file: line 1: '2019-12-31T23:00:00Z' is before the calendar's start (2020-01-01)",
    );
    const minutes = traceScenario('-100\n-5\n1\n', 'minutes');
    const err = thrown(() => loadScenario(minutes));
    expect(err).toBeInstanceOf(ScenarioErrors);
    expect(err.message).toMatch(
      /trace\.yaml: sources\.walk-ins\.arrivals\.file: line 1: '-100' is before/,
    );
  });

  it('a file key that names a directory is a scenario error, not an internal one', () => {
    const file = traceScenario('1\n', 'minutes');
    mkdirSync(join(dir, 'folder'));
    writeFileSync(file, readFileSync(file, 'utf8').replace('file: trace.csv', 'file: folder'));
    const err = thrown(() => loadScenario(file));
    expect(err).toBeInstanceOf(ScenarioErrors);
    expect(err.message).toMatch(/sources\.walk-ins\.arrivals\.file: must be a file/);
  });
});

describe('loadScenario: calendar closures and weights', () => {
  const message = (...set: string[]) =>
    thrown(() => loadScenario(fixture('good'), { set })).message;

  it('a closure on a date that does not exist is refused', () => {
    expect(
      message('calendar={start: 2020-01-01, closures: [{from: 2020-13-45, to: 2020-14-99}]}'),
    ).toContain('calendar.closures[0].from: must be a real date');
  });

  it('a closure of a station the network does not have is refused, with a suggestion', () => {
    expect(
      message(
        'calendar={start: 2020-01-01, closures: [{from: 2020-01-02, to: 2020-01-03, stations: [dsk]}]}',
      ),
    ).toContain(
      "calendar.closures[0].stations[0]: must name a station defined under stations (got 'dsk') (did you mean 'desk'?)",
    );
  });

  it('class weights that are all 0 are refused', () => {
    expect(
      message('sources.walk-ins.class=null', 'sources.walk-ins.classes={citizen: 0}'),
    ).toContain('sources.walk-ins.classes: must not all be 0');
  });

  it('profile weights that are all 0, or so large that they cannot be summed, are refused', () => {
    const hours = (w: string) =>
      `sources.walk-ins.arrivals={kind: profile, perHour: 6, hourOfDay: [${Array(24).fill(w).join(', ')}]}`;
    expect(message(hours('0'))).toContain('sources.walk-ins.arrivals.hourOfDay: must not all be 0');
    expect(message(hours('1e308'))).toContain(
      'sources.walk-ins.arrivals.hourOfDay[0]: must be a weight from 0 to 1e15',
    );
  });

  it('a profile weight that is not a finite number is named by its index, and why', () => {
    const weights = (first: string, second: string) =>
      `sources.walk-ins.arrivals={kind: profile, perHour: 6, dayOfWeek: [${first}, ${second}, 1, 1, 1, 1, 1]}`;
    const text = message(weights('1e309', 'abc'));
    expect(text).toContain(
      'sources.walk-ins.arrivals.dayOfWeek[0]: must be a number (the value given reads as infinity',
    );
    expect(text).toContain('sources.walk-ins.arrivals.dayOfWeek[1]: must be a number');
    // Not the list's own rule, which a list of seven weights seems to keep.
    expect(text).not.toContain('dayOfWeek: must be a list of 7 weights');
    expect(message(weights('1', '-.inf'))).toContain(
      'sources.walk-ins.arrivals.dayOfWeek[1]: must be a number (the value given reads as minus infinity',
    );
  });
});

describe('loadScenario: --set on keys every object inherits', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'inherited-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a station named constructor takes --set like any other', () => {
    const file = join(dir, 's.yaml');
    writeFileSync(
      file,
      readFileSync(fixture('good'), 'utf8')
        .replace('  desk:\n', '  constructor:\n')
        .replace('station: desk', 'station: constructor'),
    );
    const s = loadScenario(file, { set: ['stations.constructor.servers=3'] });
    expect(s.network?.stations).toEqual([{ id: 'constructor', servers: 3 }]);
  });

  it('__proto__ is refused by --set, and as a key it never becomes a prototype', () => {
    expect(
      thrown(() => loadScenario(fixture('good'), { set: ['__proto__.x=1'] })).message,
    ).toContain("'__proto__' is not a key a scenario can have");
    const doc: Record<string, unknown> = {};
    applyOverride(doc, 'stations.toString.servers=2', 'x.yaml');
    expect(Object.getPrototypeOf(doc.stations)).toBe(Object.prototype);
    expect((doc.stations as Record<string, unknown>).toString).toEqual({ servers: 2 });
  });
});

describe('loadScenario: translations of the title and description', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'translations-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it.each(readdirSync('scenarios').filter((f) => /\.ya?ml$/.test(f)))(
    '%s has its own title and description in Turkish',
    (file) => {
      const s = loadScenario(join('scenarios', file));
      expect(s.translations.tr?.title.trim()).toBeTruthy();
      expect(s.translations.tr?.description.trim()).toBeTruthy();
      expect(s.translations.tr?.title).not.toBe(s.title);
    },
  );

  it.each(readdirSync('scenarios').filter((f) => /\.ya?ml$/.test(f)))(
    '%s states the question it answers, in English and in Turkish (the Lab gallery shows it)',
    (file) => {
      const s = loadScenario(join('scenarios', file));
      expect(s.question?.trim()).toBeTruthy();
      expect(s.translations.tr?.question?.trim()).toBeTruthy();
      expect(s.translations.tr?.question).not.toBe(s.question);
    },
  );

  it('a question is text, and is not inherited: it asks what the base asks', () => {
    const good = readFileSync(fixture('good'), 'utf8');
    const base = join(dir, 'base-q.yaml');
    writeFileSync(
      base,
      `${good}\nquestion: How long at 30 officers?\ntranslations:\n  tr: { title: Bir gişe, description: Gişe., question: 30 görevliyle ne kadar? }\n`,
    );
    const child = join(dir, 'child-q.yaml');
    writeFileSync(child, 'extends: base-q.yaml\nname: fewer-officers\n');
    expect(loadScenario(base).question).toBe('How long at 30 officers?');
    expect(loadScenario(base).translations.tr?.question).toBe('30 görevliyle ne kadar?');
    expect(loadScenario(child).question).toBeUndefined();
    const bad = join(dir, 'bad-q.yaml');
    writeFileSync(bad, `${good}\nquestion: [not, text]\n`);
    expect(thrown(() => loadScenario(bad)).message).toContain('question: must be text');
  });

  it('are checked: a language the Lab does not speak, or a translation without its text, is named', () => {
    const base = readFileSync(fixture('good'), 'utf8');
    const file = join(dir, 's.yaml');
    writeFileSync(file, `${base}\ntranslations:\n  de: { title: Ein Schalter, description: x }\n`);
    expect(thrown(() => loadScenario(file)).message).toContain(
      'translations.de: is not a known key',
    );
    writeFileSync(file, `${base}\ntranslations:\n  tr: { title: Bir gişe }\n`);
    expect(thrown(() => loadScenario(file)).message).toContain(
      'translations.tr.description: is required (must be text)',
    );
  });

  it('are not inherited: they translate the base, not the file that extends it', () => {
    const base = join(dir, 'base.yaml');
    writeFileSync(
      base,
      `${readFileSync(fixture('good'), 'utf8')}\ntranslations:\n  tr: { title: Bir gişe, description: Gişe. }\n`,
    );
    const child = join(dir, 'child.yaml');
    writeFileSync(child, 'extends: base.yaml\nname: child\ntitle: Another desk\n');
    expect(loadScenario(base).translations.tr?.title).toBe('Bir gişe');
    expect(loadScenario(child).translations).toEqual({});
  });

  it('the assumptions in Turkish are one for each, in order, with a source where the English has one', () => {
    const good = readFileSync(fixture('good'), 'utf8');
    const english =
      'assumptions:\n  - { id: rate, text: Six an hour., source: assumption }\n  - { id: service, text: Ten minutes. }\n';
    const file = join(dir, 'a.yaml');
    const write = (tr: string) =>
      writeFileSync(
        file,
        `${good}\n${english}translations:\n  tr:\n    title: Bir gişe\n    description: Gişe.\n    assumptions: ${tr}\n`,
      );
    write(
      '[{ id: rate, text: Saatte altı., source: varsayım }, { id: service, text: On dakika. }]',
    );
    expect(loadScenario(file).translations.tr?.assumptions).toEqual([
      { text: 'Saatte altı.', source: 'varsayım' },
      { text: 'On dakika.', source: undefined },
    ]);
    // The English keeps run --json's fields: the id is the translation's key, not a result.
    expect(loadScenario(file).assumptions).toEqual([
      { text: 'Six an hour.', source: 'assumption' },
      { text: 'Ten minutes.', source: undefined },
    ]);
    write('[{ id: rate, text: Saatte altı., source: varsayım }]');
    expect(thrown(() => loadScenario(file)).message).toContain(
      'translations.tr.assumptions: must give one assumption for each of the 2 under assumptions, in their order (it gives 1)',
    );
    write(
      '[{ id: rate, text: Saatte altı. }, { id: service, text: On dakika., source: varsayım }]',
    );
    const message = thrown(() => loadScenario(file)).message;
    expect(message).toContain(
      'translations.tr.assumptions[0].source: is required: the assumption it translates gives a source',
    );
    expect(message).toContain(
      'translations.tr.assumptions[1].source: must be left out: the assumption it translates gives no source',
    );
    write('[{ id: rate, source: varsayım }, { id: service, text: On dakika. }]');
    expect(thrown(() => loadScenario(file)).message).toContain(
      'translations.tr.assumptions[0].text: is required (must be text)',
    );
  });

  it('a Turkish assumption names the English one it translates by its id: a swap is refused', () => {
    const good = readFileSync(fixture('good'), 'utf8');
    const file = join(dir, 'swap.yaml');
    const write = (english: string, tr: string) =>
      writeFileSync(
        file,
        `${good}\nassumptions: ${english}\ntranslations:\n  tr:\n    title: Bir gişe\n    description: Gişe.\n    assumptions: ${tr}\n`,
      );
    const english =
      '[{ id: rate, text: Six an hour., source: assumption }, { id: service, text: Ten minutes., source: guess }]';
    // Both give a source, so the sources alone would not tell the two apart: the ids do.
    write(
      english,
      '[{ id: service, text: On dakika., source: tahmin }, { id: rate, text: Saatte altı., source: varsayım }]',
    );
    const err = thrown(() => loadScenario(file));
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toContain(
      `${displayPath(file)}: translations.tr.assumptions[0].id: must be 'rate', the id of assumptions[0], which it translates in its place (got 'service', the id of assumptions[1]: the translations are out of order)`,
    );
    expect(err.message).toContain('translations.tr.assumptions[1].id: must be');
    write(
      english,
      '[{ id: rates, text: Saatte altı., source: varsayım }, { text: On dakika., source: tahmin }]',
    );
    const unknown = thrown(() => loadScenario(file)).message;
    expect(unknown).toContain("got 'rates', which no assumption has");
    expect(unknown).toContain(
      "translations.tr.assumptions[1].id: is required: 'service', the id of assumptions[1], which it translates",
    );
    // English assumptions without ids cannot be matched: each is named, and ids are unique.
    write(
      '[{ text: Six an hour. }, { id: rate, text: Ten minutes. }, { id: rate, text: Five. }]',
      '[{ text: Saatte altı. }, { text: On dakika. }, { text: Beş. }]',
    );
    const ids = thrown(() => loadScenario(file)).message;
    expect(ids).toContain('assumptions[0].id: is required where the assumptions are translated');
    expect(ids).toContain(
      "assumptions[2].id: must be unique among the assumptions (assumptions[1] has 'rate' too)",
    );
    write('[{ id: Rate, text: Six an hour. }]', '[{ id: Rate, text: Saatte altı. }]');
    expect(thrown(() => loadScenario(file)).message).toContain(
      'assumptions[0].id: must be a lower-case id (letters, digits, dashes)',
    );
  });

  it("the assumptions' Turkish comes with the base's assumptions, not with a file's own", () => {
    const base = join(dir, 'base-a.yaml');
    writeFileSync(
      base,
      `${readFileSync(fixture('good'), 'utf8')}\nassumptions:\n  - { id: rate, text: Six an hour. }\ntranslations:\n  tr:\n    title: Bir gişe\n    description: Gişe.\n    assumptions: [{ id: rate, text: Saatte altı. }]\n`,
    );
    const tr = '\ntranslations:\n  tr: { title: Daha az görevli, description: Daha az. }\n';
    const child = join(dir, 'child-a.yaml');
    writeFileSync(
      child,
      `extends: base-a.yaml\nname: child\nstations: { desk: { servers: 1 } }${tr}`,
    );
    expect(loadScenario(child).translations.tr).toEqual({
      title: 'Daha az görevli',
      description: 'Daha az.',
      assumptions: [{ text: 'Saatte altı.', source: undefined }],
    });
    // Assumptions of its own: the base's Turkish does not translate them.
    const own = join(dir, 'child-own.yaml');
    writeFileSync(
      own,
      `extends: base-a.yaml\nname: own\nassumptions: [{ text: Three an hour. }]${tr}`,
    );
    expect(loadScenario(own).translations.tr?.assumptions).toBeUndefined();
    // No Turkish of its own: nothing in Turkish (the Lab shows the assumptions in English).
    const bare = join(dir, 'child-bare.yaml');
    writeFileSync(bare, 'extends: base-a.yaml\nname: bare\n');
    expect(loadScenario(bare).translations).toEqual({});
  });

  it('a what-if names itself: name, title and description are not inherited through extends', () => {
    const base = join(dir, 'base-titled.yaml');
    writeFileSync(
      base,
      `${readFileSync(fixture('good'), 'utf8')}\ntitle: The base desk at 30 officers\ndescription: What the base is.\n`,
    );
    const child = join(dir, 'child-untitled.yaml');
    writeFileSync(child, 'extends: base-titled.yaml\nname: fewer-officers\n');
    const s = loadScenario(child);
    // Shown by its own name, not under a title that describes the base's numbers.
    expect(s.name).toBe('fewer-officers');
    expect(s.title).toBe('fewer-officers');
    expect(s.description).toBe('');
    expect(loadScenario(base).title).toBe('The base desk at 30 officers');
    const nameless = join(dir, 'child-nameless.yaml');
    writeFileSync(nameless, 'extends: base-titled.yaml\ntitle: Fewer officers\n');
    const message = thrown(() => loadScenario(nameless)).message;
    expect(message).toContain('child-nameless.yaml');
    expect(message).toContain(
      'name: is required: a scenario that extends another names itself (its name, title and description are not inherited)',
    );
  });

  it('a what-if with no name and a base that cannot be read is told both at once', () => {
    const nameless = join(dir, 'child-nameless-lost.yaml');
    writeFileSync(nameless, 'extends: no-such-base.yaml\ntitle: Fewer officers\n');
    const err = thrown(() => loadScenario(nameless));
    expect(err).toBeInstanceOf(ScenarioErrors);
    expect(err.message.split('\n')).toEqual([
      expect.stringMatching(
        /child-nameless-lost\.yaml: name: is required: a scenario that extends/,
      ),
      expect.stringMatching(
        /child-nameless-lost\.yaml: extends: file not found: \S+no-such-base\.yaml$/,
      ),
    ]);
  });

  it('findings are not inherited: a what-if reports only those it states, in its own words', () => {
    const base = join(dir, 'base-findings.yaml');
    writeFileSync(
      base,
      `${readFileSync(fixture('good'), 'utf8')}\nfindings:\n` +
        '  - { metric: stations.desk.wait.mean, label: "The base desk at 2 officers: mean wait", unit: minutes }\n' +
        '  - { metric: totals.lost, label: "The base desk: citizens lost", unit: citizens }\n',
    );
    const silent = join(dir, 'whatif-silent.yaml');
    writeFileSync(
      silent,
      'extends: base-findings.yaml\nname: one-officer\nstations:\n  desk: { servers: 1 }\n',
    );
    expect(loadScenario(base).findings.map((f) => f.label)).toEqual([
      'The base desk at 2 officers: mean wait',
      'The base desk: citizens lost',
    ]);
    expect(loadScenario(silent).findings).toEqual([]);
    const restated = join(dir, 'whatif-restated.yaml');
    writeFileSync(
      restated,
      'extends: base-findings.yaml\nname: one-officer-restated\nstations:\n  desk: { servers: 1 }\n' +
        'findings:\n  - { metric: stations.desk.wait.mean, label: "One officer: mean wait", unit: hours }\n',
    );
    expect(loadScenario(restated).findings).toEqual([
      {
        metric: 'stations.desk.wait.mean',
        label: 'One officer: mean wait',
        unit: 'hours',
        scale: 1 / 60,
      },
    ]);
  });

  it('a step gives its own patience, checked as a distribution and named by its path', () => {
    const file = join('scenarios', 'teaching-mmc.yaml');
    const s = loadScenario(file, {
      set: ['classes.citizen.route[0].patience={dist: exponential, mean: 5}'],
    });
    expect(s.network?.classes[0].route[0].patience).toEqual({ dist: 'exponential', mean: 5 });
    expect(
      thrown(() =>
        loadScenario(file, { set: ['classes.citizen.route[0].patience={dist: exponential}'] }),
      ).message,
    ).toContain('classes.citizen.route[0].patience');
  });

  it('an override names a list item route[0] or route.0 alike, not only on the command line (a Lab link)', () => {
    const file = join('scenarios', 'teaching-mmc.yaml');
    const bracket = loadScenario(file, { set: ['classes.citizen.route[0].probability=0.5'] });
    const dotted = loadScenario(file, { set: ['classes.citizen.route.0.probability=0.5'] });
    expect(bracket.network?.classes[0].route[0].probability).toBe(0.5);
    expect(bracket.network).toEqual(dotted.network);
  });

  it.each(['balked', 'reneged', 'turned-away'])(
    "an exit outcome may not be '%s': a customer who was served is not lost",
    (outcome) => {
      const message = thrown(() =>
        loadScenario(join('scenarios', 'teaching-mmc.yaml'), {
          set: [`classes.citizen.route[0].exit={probability: 0.5, outcome: ${outcome}}`],
        }),
      ).message;
      expect(message).toContain(
        'classes.citizen.route[0].exit.outcome: is kept for customers lost unserved',
      );
    },
  );

  it('inherited assumptions say they were written for the base, and which keys the run changes', () => {
    const good = readFileSync(fixture('good'), 'utf8');
    const base = join(dir, 'base-assumed.yaml');
    writeFileSync(
      base,
      `${good}\nassumptions:\n  - { text: "Two officers at the desk", source: "the desk's rota" }\n`,
    );
    const whatif = join(dir, 'whatif-assumed.yaml');
    writeFileSync(
      whatif,
      'extends: base-assumed.yaml\nname: one-officer\nreplications: 3\nstations:\n  desk: { servers: 1 }\n',
    );
    expect(loadScenario(base).assumptionsContext).toBeUndefined();
    const s = loadScenario(whatif);
    expect(s.assumptions).toEqual(loadScenario(base).assumptions);
    // replications changes no input an assumption speaks of.
    expect(s.assumptionsContext).toEqual({
      writtenFor: displayPath(base),
      changed: ['stations.desk.servers'],
    });
    // --set on the base: the file's own assumptions, overridden.
    expect(
      loadScenario(base, { set: ['stations.desk.servers=3', 'seed=4'] }).assumptionsContext,
    ).toEqual({ changed: ['stations.desk.servers'] });
    // A what-if that states its own assumptions is not flagged.
    const own = join(dir, 'whatif-own.yaml');
    writeFileSync(
      own,
      'extends: base-assumed.yaml\nname: one-officer-own\nstations:\n  desk: { servers: 1 }\nassumptions:\n  - { text: "One officer" }\n',
    );
    expect(loadScenario(own).assumptionsContext).toBeUndefined();
  });

  it('reproduces is not inherited: a what-if does not claim the paper figures its base reproduces', () => {
    const base = join(dir, 'base-reproduces.yaml');
    writeFileSync(
      base,
      `${readFileSync(fixture('good'), 'utf8')}\nreproduces:\n` +
        '  - { figure: evisa.mean_fee_usd, metric: stations.desk.wait.mean, kind: emergent }\n',
    );
    const whatif = join(dir, 'whatif-reproduces.yaml');
    writeFileSync(
      whatif,
      'extends: base-reproduces.yaml\nname: one-officer\nstations:\n  desk: { servers: 1 }\n',
    );
    expect(loadScenario(base).reproduces.map((r) => r.figure)).toEqual(['evisa.mean_fee_usd']);
    expect(loadScenario(whatif).reproduces).toEqual([]);
  });

  it('no two shipped scenarios report a finding under one label', () => {
    const labels = new Map<string, string>();
    for (const f of readdirSync('scenarios').filter((name) => /\.ya?ml$/.test(name)))
      for (const finding of loadScenario(join('scenarios', f)).findings) {
        expect(labels.get(finding.label), `${f}: ${finding.label}`).toBeUndefined();
        labels.set(finding.label, f);
      }
  });
});
