import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { modelParams } from '../../../src/experiment/scenario.runner';

// A typo must never pass silently: --set and scenario keys are checked against what the
// scenario and its model have, and the message suggests the closest known name.
const MMC = 'scenarios/teaching-mmc.yaml';
const HIZIR = 'scenarios/paper-hizir.yaml';

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an error, none was thrown');
}

describe('--set: names checked against the scenario and the model', () => {
  it.each([
    [
      MMC,
      'stations.dsk.servers=12',
      "stations.dsk: --set: no station 'dsk' in this scenario (did you mean 'desk'?)",
    ],
    [
      MMC,
      'classes.citzen.priority=1',
      "classes.citzen: --set: no class 'citzen' in this scenario (did you mean 'citizen'?)",
    ],
    [
      MMC,
      'sources.walkins.class=citizen',
      "sources.walkins: --set: no source 'walkins' in this scenario (did you mean 'walk-ins'?)",
    ],
    [
      MMC,
      'stations.desk.servrs=12',
      "stations.desk.servrs: is not a known key (did you mean 'stations.desk.servers'?)",
    ],
    [MMC, 'horizn=2d', "horizn: is not a known key (did you mean 'horizon'?)"],
    [
      MMC,
      'sources.walk-ins.class=citizn',
      "sources.walk-ins.class: must name a class defined under classes (got 'citizn'; did you mean 'citizen'?)",
    ],
    [
      HIZIR,
      'params.deflectin=0.3',
      "params.deflectin: is not a known key (did you mean 'params.deflection'?)",
    ],
  ])('%s --set %s fails with a suggestion', (file, set, expected) => {
    // A service model's params are checked when the model takes them (modelParams).
    expect(message(() => modelParams(loadScenario(file, { set: [set] })))).toContain(expected);
  });

  it('a known name still changes the scenario, and a missing mapping the schema knows can be created', () => {
    const s = loadScenario(MMC, { set: ['stations.desk.servers=12'] });
    expect(s.network?.stations.find((st) => st.id === 'desk')?.servers).toBe(12);
    const c = loadScenario(MMC, {
      set: ['calendar.start=2020-01-01', 'calendar.holidays=[2020-01-01]'],
    });
    expect(c.calendar?.holidays).toHaveLength(1);
  });

  it('a station that no route visits is reported, with the visited station it may stand for', () => {
    const doc = message(() =>
      loadScenario(MMC, { set: ['stations={desk: {servers: 10}, dsk: {servers: 12}}'] }),
    );
    expect(doc).toContain(
      "stations.dsk: no class route visits this station (did you mean 'desk'?)",
    );
  });
});

// `--set key=null` removes a key; a typo in the key removed nothing and the run went on as
// written, silently: `--set params.pandemc=null` ran the pandemic it was meant to turn off.
describe('--set key=null: a typo of a key that is there is refused', () => {
  const K2020 = 'scenarios/paper-konsolosluk-2020.yaml';

  it.each([
    [K2020, 'params.pandemc=null', 'params.pandemc', 'pandemc', 'pandemic'],
    [K2020, 'params.pandemic.defered=null', 'params.pandemic.defered', 'defered', 'deferred'],
    [MMC, 'stations.dsk=null', 'stations.dsk', 'dsk', 'desk'],
    [MMC, 'stations.desk.servrs=null', 'stations.desk.servrs', 'servrs', 'servers'],
    [MMC, 'horizn=null', 'horizn', 'horizn', 'horizon'],
  ])('%s --set %s is refused at its path', (file, set, path, key, meant) => {
    expect(message(() => loadScenario(file, { set: [set] }))).toContain(
      `${file}: ${path}: --set: null removes a key, and there is no '${key}' here to remove (did you mean '${meant}'?)`,
    );
    expect(message(() => loadScenario(file, { set: [set] }))).toContain(`in --set ${set}`);
  });

  it('a key that is there is removed; one absent with no such neighbour stays absent', () => {
    expect(loadScenario(MMC, { set: ['warmup=null'] }).warmup).toBe(0);
    const flat = loadScenario(K2020, { set: ['params.pandemic=null'] });
    expect((flat.document.params as Record<string, unknown>).pandemic ?? undefined).toBeUndefined();
    expect(flat.params).not.toHaveProperty('pandemic');
    // What the Lab sends when a field shown with its default is emptied.
    expect(() =>
      loadScenario('scenarios/paper-evacuation-2020.yaml', {
        set: ['stations.seats.queueLimit=null', 'warmup=null'],
      }),
    ).not.toThrow();
  });
});

// A key written one level too high (a station id without `stations.`, a model parameter
// without `params.`) is named with the path it belongs at, when it is there one level down.
describe('an unknown key that belongs one level down', () => {
  const dir = mkdtempSync(join(tmpdir(), 'one-level-down-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    [
      'desk.servers=11',
      "desk: is not a known key (did you mean 'stations.desk.servers'?); the value comes in part from --set desk.servers=11",
    ],
    [
      'holidays=[2020-01-01]',
      "holidays: is not a known key (did you mean 'calendar.holidays'?); the value comes from --set holidays=[2020-01-01], not from the file",
    ],
    [
      'stations.desk.maxRetries=3',
      "stations.desk.maxRetries: is not a known key (did you mean 'stations.desk.retrial.maxRetries'?)",
    ],
  ])('--set %s names the path it belongs at', (set, expected) => {
    expect(message(() => loadScenario(MMC, { set: [set] }))).toContain(`${MMC}: ${expected}`);
  });

  // A newcomer's first override is often the key alone: `--set servers=12`.
  it.each([
    [
      'servers=12',
      "servers: is not a known key (did you mean 'stations.desk.servers'?); the value comes from --set servers=12, not from the file",
    ],
    [
      'perHour=12',
      "perHour: is not a known key (did you mean 'sources.walk-ins.arrivals.perHour'?); the value comes from --set perHour=12, not from the file",
    ],
  ])('--set %s, a key deeper down, names the whole path it belongs at', (set, expected) => {
    expect(message(() => loadScenario(MMC, { set: [set] }))).toContain(`${MMC}: ${expected}`);
  });

  it('a top-level key several stations have is pointed to them, the station left to choose', () => {
    const file = join(dir, 'two-desks.yaml');
    writeFileSync(
      file,
      [
        'name: two-desks',
        'horizon: 1w',
        'servers: 3',
        'stations: { reception: { servers: 1 }, desk: { servers: 2 } }',
        'classes: { citizen: { route: [{ id: a, station: reception, service: 2 }, { id: b, station: desk, service: 10 }] } }',
        'sources: { walk-ins: { class: citizen, arrivals: { kind: poisson, perHour: 6 } } }',
      ].join('\n'),
    );
    expect(message(() => loadScenario(file))).toBe(
      `${file}: servers: is not a known key (did you mean 'stations.<id>.servers'?)`,
    );
  });

  it('two --set under one misplaced key name the key’s own place; a key nowhere below, none', () => {
    expect(
      message(() => loadScenario(MMC, { set: ['desk.servers=11', 'desk.label=Desk'] })),
    ).toContain(
      `${MMC}: desk: is not a known key (did you mean 'stations.desk'?); the value comes in part from --set desk.servers=11 and --set desk.label=Desk`,
    );
    expect(message(() => loadScenario(MMC, { set: ['dsk.servers=11'] }))).toContain(
      `${MMC}: dsk: is not a known key; the value comes in part from --set dsk.servers=11`,
    );
  });

  it('a top-level key of a file that extends a scenario having it under params', () => {
    const file = join(dir, 'digital-top.yaml');
    writeFileSync(
      file,
      `name: digital-top\nextends: ${resolve('scenarios/paper-evisa.yaml')}\ndigital:\n  review:\n    flagShare: 0.2\n`,
    );
    expect(message(() => loadScenario(file))).toBe(
      `${file}: digital: is not a known key (did you mean 'params.digital'?)`,
    );
  });
});

// A newcomer's `--set params.officer=6` had been answered "did you mean 'officers'?", a key
// that typed back as `--set officers=6` is refused in turn: the suggestion is the whole path.
describe('a misspelt key given by --set', () => {
  it.each([
    [
      'scenarios/paper-hizir.yaml',
      'params.officer=6',
      "params.officer: is not a known key (did you mean 'params.officers'?)",
    ],
    [
      MMC,
      'stations.desk.server=11',
      "stations.desk.server: is not a known key (did you mean 'stations.desk.servers'?)",
    ],
  ])('%s --set %s names the whole path it resembles', (file, set, expected) => {
    expect(message(() => modelParams(loadScenario(file, { set: [set] })))).toContain(
      `${file}: ${expected}`,
    );
  });
});
