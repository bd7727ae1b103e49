import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  parseNumberOption,
  parsePortOption,
  parseReplicationsOption,
  parseSeedOption,
  reportError,
  UsageError,
} from '../../../src/cli/errors';
import { ModelError } from '../../../src/sim/model';
import { UserError } from '../../../src/common/user-error';
import { ScenarioError } from '../../../src/scenario/scenario-error';
import { parseAuditSamples } from '../../../src/cli/commands/audit.command';

function capture(err: unknown): { code: number; stderr: string } {
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { code: reportError(err), stderr };
  } finally {
    spy.mockRestore();
  }
}

describe('reportError', () => {
  const debug = process.env.CONSULAR_SIM_DEBUG;
  afterEach(() => {
    if (debug === undefined) delete process.env.CONSULAR_SIM_DEBUG;
    else process.env.CONSULAR_SIM_DEBUG = debug;
  });

  it('reports any UserError as "error: file: path: rule", exit 2, no stack', () => {
    delete process.env.CONSULAR_SIM_DEBUG;
    for (const err of [
      new ScenarioError('s.yaml', 'stations.desk.servers', 'must be a whole number'),
      new ModelError('stations[0].id', "duplicate station id 'a'"),
      new UsageError('--seed: must be a whole number'),
      new UserError('out/summary.json', '', 'is not valid JSON'),
    ]) {
      const r = capture(err);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`error: ${err.message}\n`);
    }
  });

  it('reports a RangeError (a kernel invariant) as an internal error, exit 1, asking for a report', () => {
    delete process.env.CONSULAR_SIM_DEBUG;
    const r = capture(new RangeError('cannot schedule at 3: the clock is already at 4'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^internal error: cannot schedule at 3/);
    expect(r.stderr).toMatch(/report/);
    expect(r.stderr).not.toContain('    at ');
  });

  it('shows the stack of an internal error only with CONSULAR_SIM_DEBUG=1', () => {
    process.env.CONSULAR_SIM_DEBUG = '1';
    const r = capture(new Error('boom'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('    at ');
    // A user error never shows a stack, even in debug mode.
    expect(capture(new UsageError('--x: bad')).stderr).toBe('error: --x: bad\n');
  });

  it('treats a thrown non-Error as internal', () => {
    delete process.env.CONSULAR_SIM_DEBUG;
    expect(capture('oops').code).toBe(1);
  });
});

describe('numeric options', () => {
  // A seed is a whole number a double holds exactly: 2^64 had run as seed 0, 2^53 + 1 as 2^53.
  it.each(['-1', '1.5', '9007199254740992', '18446744073709551616', '1e21', 'abc', '', ' '])(
    '--seed %j is a usage error naming the rule',
    (value) => {
      expect(() => parseSeedOption()(value)).toThrow(
        new UsageError(
          `--seed: must be a whole number from 0 to 9007199254740991 (2^53 − 1), written in decimal (got '${value}')`,
        ),
      );
    },
  );

  // Number() reads these as numbers (0x10 as 16, 1e3 as 1000, ' 7' as 7): a seed written so is
  // a slip, and had run as another seed than the one the user meant.
  it.each([
    '0x10',
    '0b11',
    '0o7',
    '1e-3',
    '1.5e3',
    '12abc',
    ' 7',
    '7 ',
    '+7',
    '7.',
    '7.0',
    'Infinity',
  ])('--seed %j, not written in decimal, is a usage error naming --seed and the rule', (value) => {
    expect(() => parseSeedOption()(value)).toThrow(
      new UsageError(
        `--seed: must be a whole number from 0 to 9007199254740991 (2^53 − 1), written in decimal (got '${value}')`,
      ),
    );
  });

  it.each(['0x10', '1e-1', ' 7', '+7', '5.0'])(
    'the whole-number options refuse %j as --seed does',
    (value) => {
      expect(() => parseReplicationsOption()(value)).toThrow(
        new UsageError(
          `--replications: must be a whole number from 1 to 1000, written in decimal (got '${value}')`,
        ),
      );
      expect(() => parseNumberOption('--threads', 'integer')(value)).toThrow(
        new UsageError(
          `--threads: must be a whole number, 0 or more, written in decimal (got '${value}')`,
        ),
      );
      expect(() => parseNumberOption('--customers', 'positive-integer')(value)).toThrow(
        new UsageError(
          `--customers: must be a whole number, 1 or more, written in decimal (got '${value}')`,
        ),
      );
      expect(() => parseAuditSamples(value)).toThrow(
        new UsageError(
          `--samples: must be a whole number, 2 or more, written in decimal (got '${value}')`,
        ),
      );
      expect(() => parsePortOption(value)).toThrow(
        new UsageError(
          `--port: must be a port number, 0 to 65535, written in decimal (got '${value}')`,
        ),
      );
    },
  );

  it('a whole-number option takes a power of ten as counts are often written (1e6, 2E3)', () => {
    expect(parseNumberOption('--customers', 'positive-integer')('1e6')).toBe(1_000_000);
    expect(parseReplicationsOption()('2E2')).toBe(200);
    expect(parseSeedOption()('1e3')).toBe(1000);
    expect(parsePortOption('8e3')).toBe(8000);
  });

  it('a number option takes decimal notation (2.5, .5, 1e3) and refuses hexadecimal and spaces', () => {
    const lambda = parseNumberOption('--lambda', 'positive');
    expect([lambda('2.5'), lambda('.5'), lambda('1e3'), lambda('007')]).toEqual([
      2.5, 0.5, 1000, 7,
    ]);
    for (const bad of ['0x10', ' 9', '9 ', 'Infinity', '9abc'])
      expect(() => lambda(bad), bad).toThrow(
        new UsageError(`--lambda: must be a number greater than 0 (got '${bad}')`),
      );
  });

  it.each([
    ['0', 0],
    ['42', 42],
    ['007', 7],
    ['9007199254740991', Number.MAX_SAFE_INTEGER],
  ])('--seed %s is taken', (value, seed) => {
    expect(parseSeedOption()(value)).toBe(seed);
  });

  it.each(['positive', 'nonnegative', 'integer', 'positive-integer'] as const)(
    'an empty value is a usage error for a %s option, not 0',
    (rule) => {
      expect(() => parseNumberOption('--threads', rule)('')).toThrow(UsageError);
      expect(() => parseNumberOption('--threads', rule)('  ')).toThrow(/^--threads: must be/);
    },
  );

  it('an empty --replications is a usage error', () => {
    expect(() => parseReplicationsOption()('')).toThrow(/^--replications: must be/);
  });
});

describe('parsePortOption', () => {
  it('takes a port from 0 to 65535 and names --port for anything else', () => {
    expect(parsePortOption('0')).toBe(0);
    expect(parsePortOption('65535')).toBe(65535);
    for (const bad of ['70000', '65536', '-1', 'x', '3.5', ''])
      expect(() => parsePortOption(bad), bad).toThrow(
        new UsageError(
          `--port: must be a port number, 0 to 65535, written in decimal (got '${bad}')`,
        ),
      );
  });
});
