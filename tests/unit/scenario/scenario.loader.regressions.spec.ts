import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/scenario/scenario.loader';

describe('regressions (scenario)', () => {
  it('--set cannot write through __proto__ (prototype pollution)', () => {
    try {
      loadScenario('tests/fixtures/scenarios/good.yaml', { set: ['__proto__.polluted=yes'] });
    } catch {
      // Refusing the key is fine too.
    }
    const polluted = ({} as Record<string, unknown>).polluted;
    delete (Object.prototype as Record<string, unknown>).polluted;
    expect(polluted).toBeUndefined();
  });
});

describe('seed: a whole number from 0 to 2^53 − 1', () => {
  const GOOD = 'tests/fixtures/scenarios/good.yaml';
  const rule = 'seed: must be a whole number from 0 to 9007199254740991 (2^53 − 1)';

  // Past 2^53 − 1 a double cannot hold every whole number: 9007199254740993 read as …992.
  it.each(['9007199254740992', '9007199254740993', '18446744073709551616', '1e21', '-1', '2.5'])(
    'seed %s is refused with the rule',
    (seed) => {
      expect(() => loadScenario(GOOD, { set: [`seed=${seed}`] })).toThrow(`${GOOD}: ${rule}`);
    },
  );

  it('the largest seed is taken exactly', () => {
    expect(loadScenario(GOOD, { set: ['seed=9007199254740991'] }).seed).toBe(
      Number.MAX_SAFE_INTEGER,
    );
  });
});
