import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { ScenarioError } from '../../../src/scenario/scenario-error';

const MMC = 'scenarios/teaching-mmc.yaml';

/** The message of what loading throws (fails the test when nothing is thrown). */
function messageOf(load: () => unknown): string {
  try {
    load();
  } catch (err) {
    expect(err).toBeInstanceOf(Error);
    return (err as Error).message;
  }
  throw new Error('loaded without an error');
}

const dir = mkdtempSync(join(tmpdir(), 'consular-sim-set-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// `run teaching-mmc.yaml --set stations.desk.servers=abc` had said
// `scenarios/teaching-mmc.yaml: stations.desk.servers: must be a whole number from 0 to 1,000,000`, as if
// the file held the value: a user who had typed it on the command line looked for it in the file.
describe('loadScenario: an error about a value --set gave names that --set', () => {
  it('names the --set as typed, value and all, after the file, path and rule', () => {
    const message = messageOf(() => loadScenario(MMC, { set: ['stations.desk.servers=abc'] }));
    expect(message).toBe(
      `${MMC}: stations.desk.servers: must be a whole number from 0 to 1,000,000; the value comes from --set stations.desk.servers=abc, not from the file`,
    );
  });

  it('a --set of a mapping that holds the value is the one named', () => {
    const message = messageOf(() =>
      loadScenario(MMC, { set: ['seed=3', 'stations.desk={servers: -1}'] }),
    );
    expect(message).toMatch(/^scenarios\/teaching-mmc\.yaml: stations\.desk\.servers: /);
    expect(message).toMatch(
      /; the value comes from --set stations\.desk=\{servers: -1\}, not from the file$/,
    );
  });

  it('the later of two --set of one key is the one named', () => {
    const message = messageOf(() =>
      loadScenario(MMC, { set: ['stations.desk.servers=-1', 'stations.desk.servers=x'] }),
    );
    expect(message).toMatch(/from --set stations\.desk\.servers=x, not from the file$/);
  });

  it('a mistake in the file itself still names the file alone, --set or not', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      [
        'name: bad',
        'horizon: 1d',
        'stations: { desk: { servers: abc } }',
        'classes: { c: { route: [{ id: visit, station: desk, service: { dist: exponential, mean: 5 } }] } }',
        'sources: { s: { class: c, arrivals: { kind: poisson, perHour: 1 } } }',
      ].join('\n'),
    );
    const message = messageOf(() => loadScenario(file, { set: ['horizon=2d'] }));
    expect(message).toMatch(/stations\.desk\.servers: must be a whole number from 0 to 1,000,000$/);
    expect(message).not.toMatch(/--set/);
  });

  it('an override the walk refuses is named as typed', () => {
    const message = messageOf(() =>
      loadScenario(MMC, { set: ['classes.citizen.route.7.station=desk'] }),
    );
    expect(message).toMatch(/; in --set classes\.citizen\.route\.7\.station=desk$/);
  });

  it('keeps the one error type: file, path and rule, the rule word for word', () => {
    let err: unknown;
    try {
      loadScenario(MMC, { set: ['horizon=abc'] });
    } catch (e) {
      err = e;
    }
    const first = (err as { errors: ScenarioError[] }).errors[0];
    expect(first).toBeInstanceOf(ScenarioError);
    expect([first.file, first.path]).toEqual([MMC, 'horizon']);
    expect(first.rule).not.toMatch(/--set/);
  });

  it('names none where the caller says not to (the Lab, whose fields stand beside their errors)', () => {
    const message = messageOf(() =>
      loadScenario(MMC, { set: ['stations.desk.servers=abc'], setSources: [] }),
    );
    expect(message).toBe(
      `${MMC}: stations.desk.servers: must be a whole number from 0 to 1,000,000`,
    );
  });
});
