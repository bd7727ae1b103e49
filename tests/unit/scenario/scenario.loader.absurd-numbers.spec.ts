import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/common/user-error';
import { loadScenario, MAX_TRACE_BYTES } from '../../../src/scenario/scenario.loader';
import { MAX_SERVERS } from '../../../src/scenario/limits';
import { parseParam, parseTarget } from '../../../src/experiment/sweep';
import { scenarioLoadError as errorOf } from '../../helpers/scenario-problems';

// Values that are numbers to YAML but absurd as what they count: each is refused with the
// file, the path and the rule, or works as it says.

const GOOD = 'tests/fixtures/scenarios/good.yaml';
const MMC = 'scenarios/teaching-mmc.yaml';
const SERVERS_RULE = 'must be a whole number from 0 to 1,000,000';
const dir = mkdtempSync(join(tmpdir(), 'scenario-absurd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of good.yaml with `from` replaced by `to`, in the test's folder. */
function goodWith(name: string, from: string, to: string): string {
  const file = join(dir, name);
  const text = readFileSync(GOOD, 'utf8');
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
  return file;
}

describe("a station's servers", () => {
  // 1e308 and 1e15 are whole numbers to JavaScript: a desk of 10^308 officers had run, with a
  // utilisation of 0%.
  // A value that YAML reads as infinity or as not a number says so after the rule: "must be a
  // whole number" alone reads as a riddle when 1e309 was given.
  const INF =
    ' (the value given reads as infinity, as .inf and every number past about 1.8e308 do)';
  const MINUS_INF =
    ' (the value given reads as minus infinity, as -.inf and every number below about -1.8e308 do)';
  const NAN = ' (the value given is not a number: .nan)';
  it.each([
    ['1e308', ''],
    ['1e15', ''],
    ['1000001', ''],
    ['1.5', ''],
    ['.inf', INF],
    ['1e309', INF],
    ['-.inf', MINUS_INF],
    ['-1e309', MINUS_INF],
    ['.nan', NAN],
  ])('--set stations.desk.servers=%s is refused with the rule and the --set', (value, why) => {
    const err = errorOf(MMC, [`stations.desk.servers=${value}`]);
    expect(err).toBeInstanceOf(UserError);
    expect(err!.message).toBe(
      `${MMC}: stations.desk.servers: ${SERVERS_RULE}${why}; the value comes from --set stations.desk.servers=${value}, not from the file`,
    );
  });

  it.each([
    ['[1e400]', 0, INF],
    ['[0.5, -1e400]', 1, MINUS_INF],
    ['[0.5, 0.5, .nan]', 2, NAN],
  ])("a list's item, balking.probabilities=%s, says so too, at the item's path", (list, i, why) => {
    // The loader checks these items itself, not class-validator: the note was left off.
    const set = `stations.desk.balking.probabilities=${list}`;
    const err = errorOf(MMC, ['stations.desk.queueLimit=3', set]);
    expect(err).toBeInstanceOf(UserError);
    expect(err!.message).toBe(
      `${MMC}: stations.desk.balking.probabilities[${i}]: must be a number between 0 and 1${why}; the value comes from --set ${set}, not from the file`,
    );
  });

  it('a rate of 1e309 in a file says it reads as infinity, at its path', () => {
    const file = goodWith('rate-1e309.yaml', 'perHour: 6', 'perHour: 1e309');
    const err = errorOf(file);
    expect(err).toBeInstanceOf(UserError);
    expect(err!.message).toMatch(
      /arrivals\.perHour: must be a number greater than 0 \(the value given reads as infinity/,
    );
  });

  it('1e308 in a file is refused at its path', () => {
    const file = goodWith('servers.yaml', 'servers: 2', 'servers: 1e308');
    expect(errorOf(file)?.message).toBe(`${file}: stations.desk.servers: ${SERVERS_RULE}`);
  });

  it("a shift's servers have the same bound", () => {
    const file = goodWith(
      'shift.yaml',
      'servers: 2',
      'schedule: [{ days: [mon], from: "09:00", to: "17:00", servers: 1e15 }]',
    );
    expect(errorOf(file)?.message).toBe(
      `${file}: stations.desk.schedule[0].servers: ${SERVERS_RULE}`,
    );
  });

  it('takes the bound itself, and -0 as 0', () => {
    const s = loadScenario(MMC, { set: [`stations.desk.servers=${MAX_SERVERS}`] });
    expect(s.network!.stations[0].servers).toBe(1_000_000);
    // -0 is a whole number from 0: a desk of no servers, as 0 is.
    const zero = loadScenario(MMC, { set: ['stations.desk.servers=-0'] });
    expect(zero.network!.stations[0].servers === 0).toBe(true);
  });

  it('every shipped scenario is within the bounds', () => {
    for (const f of readdirSync('scenarios').filter((n) => n.endsWith('.yaml')))
      expect(() => loadScenario(join('scenarios', f)), f).not.toThrow();
  });
});

describe('a sweep reads its numbers in decimal', () => {
  it('refuses 0x10 in --param and --target, where Number() had read 16', () => {
    expect(() => parseParam('stations.desk.servers=0x10')).toThrow(/'0x10' is not a number/);
    expect(() => parseParam('stations.desk.servers=10..0x10')).toThrow(/'0x10' is not a number/);
    expect(() => parseTarget('stations.desk.wait.mean<=0x10')).toThrow(/must be a number/);
    expect(parseParam('stations.desk.servers=10, 12,1e1').values).toEqual([10, 12]);
  });
});

describe('trace files', () => {
  function traceScenario(name: string, trace: string): string {
    return goodWith(
      name,
      'arrivals: { kind: poisson, perHour: 6 }',
      `arrivals: { kind: trace, file: ${trace}, format: minutes }`,
    );
  }

  it('a trace over MAX_TRACE_BYTES is refused by its size, before it is read', () => {
    const trace = join(dir, 'huge.csv');
    writeFileSync(trace, '');
    truncateSync(trace, MAX_TRACE_BYTES + 1); // sparse: no disk, no time
    const started = Date.now();
    const err = errorOf(traceScenario('huge.yaml', trace));
    expect(err).toBeInstanceOf(UserError);
    expect(err!.message).toBe(
      `${join(dir, 'huge.yaml')}: sources.walk-ins.arrivals.file: ${trace} is ${(MAX_TRACE_BYTES + 1).toLocaleString('en-US')} bytes, more than the ${MAX_TRACE_BYTES.toLocaleString('en-US')} a trace file may be (one timestamp a line: is it a trace?)`,
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it.skipIf(process.platform !== 'linux')(
    'a FIFO or /dev/zero as a trace is refused at once, not read until it ends',
    () => {
      const fifo = join(dir, 'trace.fifo');
      execFileSync('mkfifo', [fifo]);
      for (const trace of [fifo, '/dev/zero']) {
        const started = Date.now();
        const err = errorOf(traceScenario('device.yaml', trace));
        expect(err!.message).toMatch(
          `sources.walk-ins.arrivals.file: must be a file (${trace} is not one)`,
        );
        expect(Date.now() - started).toBeLessThan(1000);
      }
    },
  );

  it("reads a minutes cell in decimal: '0x10' is not 16 minutes", () => {
    const trace = join(dir, 'hex.csv');
    writeFileSync(trace, 'minutes\n0\n0x10\n');
    expect(errorOf(traceScenario('hex.yaml', trace))?.message).toMatch(
      /sources\.walk-ins\.arrivals\.file: line 3: '0x10' is not a number of minutes$/,
    );
    writeFileSync(trace, 'minutes\r\n0\r\n1e1,x\r\n16.5\r\n');
    const s = loadScenario(traceScenario('decimal.yaml', trace));
    expect(s.network!.sources[0].arrivals).toEqual({ kind: 'trace', times: [0, 10, 16.5] });
  });
});
