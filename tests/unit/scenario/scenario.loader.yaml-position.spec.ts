import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/scenario/scenario.loader';

describe('loadScenario: YAML syntax errors', () => {
  it('name the line and column of the problem', () => {
    let message = '';
    try {
      loadScenario('tests/fixtures/scenarios/bad-yaml.yaml');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(
      /^tests\/fixtures\/scenarios\/bad-yaml\.yaml: line \d+, column \d+: is not valid YAML: /,
    );
  });
});
