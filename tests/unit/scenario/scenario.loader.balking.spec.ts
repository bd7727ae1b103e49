import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { flattenRuns } from '../../../src/experiment/scenario.runner';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { runNetwork } from '../../../src/sim/network';

/**
 * A station's `balking: {probabilities: [...]}`: what a file may write, and each mistake
 * reported as `file: path: rule`, the path naming the entry at fault.
 */
const dir = mkdtempSync(join(tmpdir(), 'consular-balking-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(balking: string, extra = ''): string {
  const file = join(dir, 'desk.yaml');
  writeFileSync(
    file,
    `name: desk
horizon: 1d
stations:
  desk:
    servers: 2
${extra}${balking ? `    balking: ${balking}\n` : ''}classes:
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

/** Every line of the error loadScenario throws (fails the test when none is). */
function errorLines(file: string, set: string[] = []): string[] {
  try {
    loadScenario(file, { set });
  } catch (err) {
    return (err as Error).message.split('\n');
  }
  throw new Error('expected an error, none was thrown');
}

const LIST_RULE =
  'must be a list of 1 to 1,000 probabilities: the chance that an arrival who finds every server busy balks when 0, 1, 2, ... are waiting (the last holds beyond), e.g. [0, 0.1, 0.3]';

describe('stations.<id>.balking', () => {
  it('loads into the station of the network, beside a queue limit', () => {
    const s = loadScenario(write('{ probabilities: [0, 0.25, 1] }', '    queueLimit: 5\n'));
    expect(s.network!.stations[0]).toMatchObject({
      id: 'desk',
      queueLimit: 5,
      balking: { probabilities: [0, 0.25, 1] },
    });
    // --set changes an entry, and null removes the rule.
    const changed = loadScenario(write('{ probabilities: [0, 0.25] }'), {
      set: ['stations.desk.balking.probabilities.1=0.5'],
    });
    expect(changed.network!.stations[0].balking).toMatchObject({ probabilities: [0, 0.5] });
    const removed = loadScenario(write('{ probabilities: [0, 0.25] }'), {
      set: ['stations.desk.balking=null'],
    });
    expect(removed.network!.stations[0].balking).toBeUndefined();
  });

  it('names the entry that is not a probability', () => {
    const file = write('{ probabilities: [0, 1.5, -0.1, abc] }');
    expect(errorLines(file)).toEqual([
      `${file}: stations.desk.balking.probabilities[1]: must be a number between 0 and 1`,
      `${file}: stations.desk.balking.probabilities[2]: must be a number between 0 and 1`,
      `${file}: stations.desk.balking.probabilities[3]: must be a number between 0 and 1`,
    ]);
  });

  it('refuses an empty list, a list too long, and a single number', () => {
    for (const list of ['[]', `[${new Array(1001).fill(0).join(', ')}]`, '0.2'])
      expect(errorLines(write(`{ probabilities: ${list} }`))).toEqual([
        `${join(dir, 'desk.yaml')}: stations.desk.balking.probabilities: ${LIST_RULE}`,
      ]);
    // 1,000 entries are allowed.
    const longest = loadScenario(
      write(`{ probabilities: [${new Array(1000).fill(0.1).join(', ')}] }`),
    );
    expect(longest.network!.stations[0].balking!.probabilities).toHaveLength(1000);
  });

  it('refuses a list or a number in place of the mapping, and a key it does not know', () => {
    const file = join(dir, 'desk.yaml');
    const mapping =
      'must be a mapping such as {probabilities: [0, 0.1, 0.3]}: the chance of balking by the number waiting';
    write('[0, 0.1]');
    expect(errorLines(file)[0]).toBe(`${file}: stations.desk.balking: ${mapping}`);
    write('[]');
    expect(errorLines(file)).toEqual([`${file}: stations.desk.balking: ${mapping}`]);
    write('0.3');
    expect(errorLines(file)).toEqual([
      `${file}: stations.desk.balking: must be a mapping (key: value pairs)`,
    ]);
    write('{ probabilities: [0.1], perWaiting: 0.05 }');
    expect(errorLines(file)).toEqual([
      `${file}: stations.desk.balking.perWaiting: is not a known key`,
    ]);
    write('{ probabilites: [0.1] }');
    expect(errorLines(file)[0]).toMatch(
      /stations\.desk\.balking\.probabilites: is not a known key \(did you mean 'probabilities'\?\)/,
    );
  });

  it('a run reports stations.<id>.balkedByChoice only for a station with the rule', () => {
    const run = (file: string) =>
      flattenRuns({ main: runNetwork(loadScenario(file).network!, { seed: 1, until: 600 }) }, {});
    const withRule = run(write('{ probabilities: [0.5] }'));
    expect(withRule['stations.desk.balkedByChoice']).toBeGreaterThan(0);
    expect(withRule['stations.desk.balkedByChoice']).toBe(withRule['totals.lostBy.balked']);
    expect('stations.desk.balkedByChoice' in run(write(''))).toBe(false);
  });
});
