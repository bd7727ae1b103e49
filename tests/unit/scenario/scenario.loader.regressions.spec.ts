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
