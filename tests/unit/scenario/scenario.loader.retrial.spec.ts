import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/common/user-error';
import { flattenRuns } from '../../../src/experiment/scenario.runner';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { runNetwork } from '../../../src/sim/network';

/**
 * A station's `retrial: {probability, meanDelayMinutes, maxRetries}`: what a file may write,
 * and each mistake reported as a UserError `file: path: rule`, the path naming the key at fault.
 */
const dir = mkdtempSync(join(tmpdir(), 'consular-retrial-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'desk.yaml');

function write(retrial: string, limit = '    queueLimit: 2\n'): string {
  writeFileSync(
    file,
    `name: desk
horizon: 1d
stations:
  desk:
    servers: 2
${limit}${retrial ? `    retrial: ${retrial}\n` : ''}classes:
  citizen:
    route:
      - { id: serve, station: desk, service: { dist: exponential, mean: 10 } }
sources:
  walk-ins:
    class: citizen
    arrivals: { kind: poisson, perHour: 15 }
`,
  );
  return file;
}

/** The UserError loadScenario throws (fails the test when none is), and its lines. */
function errorLines(path: string, set: string[] = []): string[] {
  try {
    loadScenario(path, { set });
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return (err as Error).message.split('\n');
  }
  throw new Error('expected an error, none was thrown');
}

const PROBABILITY =
  'must be a number between 0 and 1: the chance that a customer who balks here comes back';
const DELAY =
  'must be a number of minutes from 1/60 (a second) to 1e15: the mean of the exponential time before a customer turned away comes back';
const MAX_RETRIES =
  'must be a whole number, 0 or more: the most times a customer comes back to this station for one visit (leave it out for no limit)';

describe('stations.<id>.retrial', () => {
  it('loads into the station of the network; --set changes it and null removes it', () => {
    const s = loadScenario(write('{ probability: 0.7, meanDelayMinutes: 30, maxRetries: 3 }'));
    expect(s.network!.stations[0]).toMatchObject({
      id: 'desk',
      queueLimit: 2,
      retrial: { probability: 0.7, meanDelayMinutes: 30, maxRetries: 3 },
    });
    const changed = loadScenario(write('{ probability: 0.7, meanDelayMinutes: 30 }'), {
      set: ['stations.desk.retrial.probability=0.2'],
    });
    expect(changed.network!.stations[0].retrial).toEqual({
      probability: 0.2,
      meanDelayMinutes: 30,
    });
    const removed = loadScenario(write('{ probability: 0.7, meanDelayMinutes: 30 }'), {
      set: ['stations.desk.retrial=null'],
    });
    expect(removed.network!.stations[0].retrial).toBeUndefined();
  });

  it('names a bad probability, a delay of 0 or below, and a maxRetries that is no count', () => {
    expect(errorLines(write('{ probability: 1.5, meanDelayMinutes: 30 }'))).toEqual([
      `${file}: stations.desk.retrial.probability: ${PROBABILITY}`,
    ]);
    expect(errorLines(write('{ probability: -0.1, meanDelayMinutes: 30 }'))).toEqual([
      `${file}: stations.desk.retrial.probability: ${PROBABILITY}`,
    ]);
    // Below a second (1/60 minute) too: a mean delay of 1e-300 minutes left the kernel's clock
    // where it was, and a customer with no limit on retries came back at that instant for ever.
    for (const delay of ['-5', '0', 'abc', '30m', '1e16', '0.01', '1e-9', '1e-300', '5e-324'])
      expect(errorLines(write(`{ probability: 0.5, meanDelayMinutes: ${delay} }`))).toEqual([
        `${file}: stations.desk.retrial.meanDelayMinutes: ${DELAY}`,
      ]);
    for (const max of ['-1', '1.5'])
      expect(
        errorLines(write(`{ probability: 0.5, meanDelayMinutes: 30, maxRetries: ${max} }`)),
      ).toEqual([`${file}: stations.desk.retrial.maxRetries: ${MAX_RETRIES}`]);
    // Through --set, the same rule at the same key.
    expect(
      errorLines(write('{ probability: 0.5, meanDelayMinutes: 30 }'), [
        'stations.desk.retrial.meanDelayMinutes=-1',
      ])[0],
    ).toContain(`stations.desk.retrial.meanDelayMinutes: ${DELAY}`);
  });

  it('refuses a missing key, a key it does not know, and a list or number for the mapping', () => {
    expect(errorLines(write('{ probability: 0.5 }'))).toEqual([
      `${file}: stations.desk.retrial.meanDelayMinutes: is required (${DELAY})`,
    ]);
    expect(errorLines(write('{ probability: 0.5, meanDelayMinutes: 30, maxAttempts: 3 }'))).toEqual(
      [`${file}: stations.desk.retrial.maxAttempts: is not a known key`],
    );
    expect(errorLines(write('{ probability: 0.5, meanDelay: 30 }'))[0]).toMatch(
      /stations\.desk\.retrial\.(meanDelay: is not a known key|meanDelayMinutes: is required)/,
    );
    expect(errorLines(write('[0.5, 30]'))[0]).toBe(
      `${file}: stations.desk.retrial: must be a mapping such as {probability: 0.7, meanDelayMinutes: 30}: the chance that a customer who balks here comes back, and the mean of the exponential time before it does (maxRetries optional)`,
    );
    expect(errorLines(write('0.5'))).toEqual([
      `${file}: stations.desk.retrial: must be a mapping (key: value pairs)`,
    ]);
  });

  it('refuses the rule where nobody balks: no queueLimit and no balking rule', () => {
    expect(errorLines(write('{ probability: 0.5, meanDelayMinutes: 30 }', ''))).toEqual([
      `${file}: stations.desk.retrial: has no effect: nobody balks at this station (it has no queueLimit and no balking rule), so nobody comes back; give it one, or remove the retrial rule`,
    ]);
    // A balking rule alone is enough.
    expect(() =>
      loadScenario(
        write(
          '{ probability: 0.5, meanDelayMinutes: 30 }',
          '    balking: { probabilities: [0.5] }\n',
        ),
      ),
    ).not.toThrow();
  });

  it('a run reports the retrial metrics only for a station with the rule', () => {
    const run = (path: string) =>
      flattenRuns({ main: runNetwork(loadScenario(path).network!, { seed: 1, until: 1_440 }) }, {});
    const withRule = run(
      write('{ probability: 0.8, meanDelayMinutes: 20 }', '    queueLimit: 0\n'),
    );
    expect(withRule['stations.desk.retrials']).toBeGreaterThan(0);
    expect(withRule['stations.desk.balkedAttempts']).toBeGreaterThan(
      withRule['stations.desk.balked'],
    );
    // The customers lost by balking are the outcome balked; the attempts are more.
    expect(withRule['stations.desk.balked']).toBe(withRule['totals.lostBy.balked']);
    const without = run(write('', '    queueLimit: 0\n'));
    for (const key of ['balked', 'balkedAttempts', 'retrials', 'gaveUpAfterRetrial'])
      expect(`stations.desk.${key}` in without).toBe(false);
  });
});
