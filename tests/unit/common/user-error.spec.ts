import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { AppConfigError } from '../../../src/config/app-config';
import { UsageError } from '../../../src/cli/errors';
import { ConfigError } from '../../../src/config/config-error';
import { DistributionError } from '../../../src/sim/distributions';
import { ModelError } from '../../../src/sim/model';
import { inFile, reviveError, serializeError, UserError } from '../../../src/common/user-error';
import { ScenarioError, ScenarioErrors } from '../../../src/scenario/scenario-error';
import { SweepSpecError } from '../../../src/experiment/sweep';

describe('UserError', () => {
  it('formats file: path: rule, leaving out the parts that are not known', () => {
    expect(new UserError('x.yaml', 'a.b', 'must be 1').message).toBe('x.yaml: a.b: must be 1');
    expect(new UserError(undefined, 'a.b', 'must be 1').message).toBe('a.b: must be 1');
    expect(new UserError('x.yaml', '', 'is empty').message).toBe('x.yaml: is empty');
    expect(new UserError(undefined, '', 'say something').message).toBe('say something');
  });

  it('shows invisible characters of its parts escaped in the message, the parts kept as given', () => {
    const err = new ScenarioError(
      'x\u202e.yaml',
      'stations.\u202eevil',
      'is not a known key',
      'in \u2066b',
    );
    expect(err.message).toBe(
      'x\\u202e.yaml: stations.\\u202eevil: is not a known key; in \\u2066b',
    );
    expect(err.path).toBe('stations.\u202eevil');
    const located = inFile(new UserError(undefined, '\u009b2J', 'bad'), 'y.yaml') as UserError;
    expect(located.message).toBe('y.yaml: \\u009b2J: bad');
  });

  it('is the base of every user-facing error, each keeping its own name and message', () => {
    const cases: [Error, string, string][] = [
      [
        new ScenarioError('s.yaml', 'horizon', 'must be > 0'),
        'ScenarioError',
        's.yaml: horizon: must be > 0',
      ],
      [
        new ConfigError('config/m.yaml', 'missions[1]', 'bad'),
        'ConfigError',
        'config/m.yaml: missions[1]: bad',
      ],
      [
        new AppConfigError('PORT', 'must be a port'),
        'AppConfigError',
        'configuration: PORT: must be a port',
      ],
      [new ModelError('stations[0].id', 'duplicate'), 'ModelError', 'stations[0].id: duplicate'],
      [new DistributionError('mean', 'must be > 0'), 'DistributionError', 'mean: must be > 0'],
      [new DistributionError('', 'unknown dist'), 'DistributionError', 'unknown dist'],
      [new SweepSpecError("--param 'x': bad"), 'SweepSpecError', "--param 'x': bad"],
      [
        new UsageError('--seed: must be a whole number'),
        'UsageError',
        '--seed: must be a whole number',
      ],
    ];
    for (const [err, name, message] of cases) {
      expect(err).toBeInstanceOf(UserError);
      expect(err.name).toBe(name);
      expect(err.message).toBe(message);
    }
  });

  it('ScenarioErrors lists every problem and exposes the first as file, path and rule', () => {
    const e = new ScenarioErrors([
      new ScenarioError('s.yaml', 'a', 'r1'),
      new ScenarioError('s.yaml', 'b', 'r2'),
    ]);
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toBe('s.yaml: a: r1\ns.yaml: b: r2');
    expect([e.file, e.path, e.rule]).toEqual(['s.yaml', 'a', 'r1']);
  });

  it('RangeError and TypeError are not user errors', () => {
    expect(new RangeError('x')).not.toBeInstanceOf(UserError);
    expect(new TypeError('x')).not.toBeInstanceOf(UserError);
  });
});

describe('serializeError / reviveError (crossing a thread boundary)', () => {
  const roundTrip = (err: unknown, known: (abstract new (...a: never[]) => Error)[]) =>
    reviveError(structuredClone(serializeError(err)), known);

  it('rebuilds a known class with its fields, message and stack', () => {
    const original = new ModelError('stations[2].servers', 'must be a whole number');
    const back = roundTrip(original, [ModelError, RangeError]);
    expect(back).toBeInstanceOf(ModelError);
    expect(back).toBeInstanceOf(UserError);
    expect(back.name).toBe('ModelError');
    expect(back.message).toBe(original.message);
    expect(back.stack).toBe(original.stack);
    expect((back as ModelError).path).toBe('stations[2].servers');
    expect((back as ModelError).rule).toBe('must be a whole number');
  });

  it('keeps a kernel invariant an internal error', () => {
    const back = roundTrip(new RangeError('cannot schedule at 1'), [ModelError, RangeError]);
    expect(back).toBeInstanceOf(RangeError);
    expect(back).not.toBeInstanceOf(UserError);
    expect(back.message).toBe('cannot schedule at 1');
  });

  it('an unknown user-error class still arrives as a UserError; anything else as an Error', () => {
    const user = roundTrip(new ScenarioError('f.yaml', 'p', 'r'), []);
    expect(user).toBeInstanceOf(UserError);
    expect(user.message).toBe('f.yaml: p: r');
    expect(user.name).toBe('ScenarioError');
    const other = roundTrip('a thrown string', []);
    expect(other).not.toBeInstanceOf(UserError);
    expect(other.message).toBe('a thrown string');
  });
});

describe('inFile', () => {
  it('puts the file in front of a user error that names none, keeping its class, path and rule', () => {
    const err = inFile(new ModelError('stations.desk', 'too many'), 'scenarios/x.yaml');
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({
      name: 'ModelError',
      file: 'scenarios/x.yaml',
      path: 'stations.desk',
      rule: 'too many',
      message: 'scenarios/x.yaml: stations.desk: too many',
    });
  });

  it('leaves a user error that names its file, and anything that is not a user error, alone', () => {
    const named = new ScenarioError('a.yaml', 'horizon', 'must be > 0');
    expect(inFile(named, 'b.yaml')).toBe(named);
    const bug = new TypeError('x is undefined');
    expect(inFile(bug, 'b.yaml')).toBe(bug);
    expect(inFile('a string', 'b.yaml')).toBe('a string');
  });
});
