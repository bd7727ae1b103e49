import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/common/user-error';
import { flattenRuns } from '../../../src/experiment/scenario.runner';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import {
  compileNetwork,
  OVERFLOW_CYCLE_RULE,
  OVERFLOW_RETRIAL_RULE,
  OVERFLOW_SELF_RULE,
  OVERFLOW_STATION_RULE,
  overflowCycle,
} from '../../../src/sim/compile';
import { ModelError, runNetwork, type NetworkModel } from '../../../src/sim/network';

/**
 * A station's `overflow: <station>`: what a file may write, and each mistake reported as a
 * UserError `file: path: rule`, the path naming the station's key at fault.
 */
const dir = mkdtempSync(join(tmpdir(), 'consular-overflow-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'desks.yaml');

/**
 * A front desk and a back office (`more` goes under stations, e.g. another station); the
 * citizens' route is the front desk, then the back office too when `visitBack`.
 */
function write(front: string, back = '', more = '', visitBack = false): string {
  writeFileSync(
    file,
    `name: desks
horizon: 1d
stations:
  front:
    servers: 2
${front}  back:
    servers: 1
${back}${more}classes:
  citizen:
    route:
      - { id: serve, station: front, service: { dist: exponential, mean: 10 } }
${visitBack ? '      - { id: file, station: back, service: { dist: exponential, mean: 5 } }\n' : ''}sources:
  walk-ins:
    class: citizen
    arrivals: { kind: poisson, perHour: 30 }
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

describe('stations.<id>.overflow', () => {
  it('loads into the station of the network (a station visited only by overflow is no typo); --set changes it and null removes it', () => {
    const s = loadScenario(write('    queueLimit: 1\n    overflow: back\n'));
    expect(s.network!.stations[0]).toMatchObject({ id: 'front', queueLimit: 1, overflow: 'back' });
    const moved = loadScenario(write('    queueLimit: 1\n', '', '', true), {
      set: ['stations.back.queueLimit=0', 'stations.back.overflow=front'],
    });
    expect(moved.network!.stations[1]).toMatchObject({ id: 'back', overflow: 'front' });
    // Without its overflow nobody comes to the back office any more, and the loader says so.
    expect(
      errorLines(write('    queueLimit: 1\n    overflow: back\n'), [
        'stations.front.overflow=null',
      ]),
    ).toEqual([`${file}: stations.back: no class route visits this station`]);
  });

  it('names a station that is not there (with the closest name), the station itself, and a value that is no name', () => {
    expect(errorLines(write('    queueLimit: 1\n    overflow: bak\n'))).toEqual([
      `${file}: stations.front.overflow: ${OVERFLOW_STATION_RULE} (got 'bak'; did you mean 'back'?)`,
    ]);
    expect(errorLines(write('    queueLimit: 1\n    overflow: front\n'))).toEqual([
      `${file}: stations.front.overflow: ${OVERFLOW_SELF_RULE}`,
      `${file}: stations.back: no class route visits this station`,
    ]);
    expect(errorLines(write('    queueLimit: 1\n    overflow: [back]\n'))).toEqual([
      `${file}: stations.front.overflow: ${OVERFLOW_STATION_RULE}`,
    ]);
  });

  it('refuses an overflow without a queueLimit, beside a retrial rule, and a cycle', () => {
    expect(errorLines(write('    overflow: back\n'))).toEqual([
      `${file}: stations.front.overflow: has no effect: this station has no queueLimit, so it is never full and sends nobody on; give it a queueLimit, or remove the overflow`,
    ]);
    expect(
      errorLines(
        write(
          '    queueLimit: 1\n    overflow: back\n    retrial: { probability: 0.5, meanDelayMinutes: 30 }\n',
        ),
      ),
    ).toEqual([`${file}: stations.front.overflow: ${OVERFLOW_RETRIAL_RULE}`]);
    // front -> back -> mission -> back: the chain comes back on itself.
    expect(
      errorLines(
        write(
          '    queueLimit: 1\n    overflow: back\n',
          '    queueLimit: 0\n    overflow: mission\n',
          '  mission:\n    servers: 1\n    queueLimit: 0\n    overflow: back\n',
        ),
      ),
    ).toEqual([`${file}: stations.back.overflow: ${OVERFLOW_CYCLE_RULE}`]);
    // A chain that ends is fine.
    expect(() =>
      loadScenario(
        write(
          '    queueLimit: 1\n    overflow: back\n',
          '    queueLimit: 0\n    overflow: mission\n',
          '  mission:\n    servers: 1\n',
        ),
      ),
    ).not.toThrow();
  });

  it('a model built in code meets the same rules (ModelError at the station)', () => {
    const model = (overflows: (string | undefined)[]): NetworkModel => ({
      name: 'm',
      stations: overflows.map((overflow, i) => ({
        id: `s${i}`,
        servers: 1,
        queueLimit: 0,
        ...(overflow !== undefined && { overflow }),
      })),
      classes: [
        { id: 'c', route: [{ id: 'x', station: 's0', service: { dist: 'constant', value: 1 } }] },
      ],
      sources: [{ id: 'd', class: 'c', arrivals: { kind: 'poisson', rate: 1 } }],
    });
    const fault = (m: NetworkModel) => {
      try {
        compileNetwork(m, 100);
      } catch (err) {
        expect(err).toBeInstanceOf(ModelError);
        return `${(err as ModelError).path}: ${(err as ModelError).rule}`;
      }
      return 'none';
    };
    expect(fault(model(['s1', 's2', undefined]))).toBe('none');
    expect(
      compileNetwork(model(['s2', undefined, 's1']), 100).stations.map((s) => s.overflow),
    ).toEqual([2, -1, 1]);
    expect(fault(model(['nope', undefined]))).toBe(
      `stations[0].overflow: ${OVERFLOW_STATION_RULE}`,
    );
    expect(fault(model(['s0']))).toBe(`stations[0].overflow: ${OVERFLOW_SELF_RULE}`);
    expect(fault(model(['s1', 's2', 's1']))).toBe(`stations[1].overflow: ${OVERFLOW_CYCLE_RULE}`);
    expect(overflowCycle([1, 2, 0])).toBe(0);
    expect(overflowCycle([-1, 2, 3, 2])).toBe(2);
    expect(overflowCycle([1, 2, -1])).toBe(-1);
  });

  it('a run reports overflowed only for a station with an overflow; those sent on are not lost', () => {
    const run = (path: string) =>
      flattenRuns({ main: runNetwork(loadScenario(path).network!, { seed: 1, until: 1_440 }) }, {});
    const withOverflow = run(
      write('    queueLimit: 0\n    overflow: back\n', '    queueLimit: 0\n'),
    );
    expect(withOverflow['stations.front.overflowed']).toBeGreaterThan(0);
    expect(withOverflow['stations.front.lost']).toBe(0);
    expect(withOverflow['stations.back.arrivals']).toBe(withOverflow['stations.front.overflowed']);
    expect('stations.back.overflowed' in withOverflow).toBe(false);
    // The back office, full in turn, loses them as balked.
    expect(withOverflow['totals.lostBy.balked']).toBe(withOverflow['stations.back.lost']);
    const without = run(write('    queueLimit: 0\n', '', '', true));
    expect('stations.front.overflowed' in without).toBe(false);
    expect(without['stations.front.lost']).toBeGreaterThan(0);
  });
});
