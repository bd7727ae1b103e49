import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('say that lists nested thousands deep are too deep, not that a stack ran out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deep-yaml-'));
    const file = join(dir, 'deep.yaml');
    writeFileSync(
      file,
      `name: deep\nmodel: network\nstations: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
    );
    let message = '';
    try {
      loadScenario(file);
    } catch (err) {
      message = (err as Error).message;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(message).toContain('deep.yaml');
    expect(message).toContain('nested too deeply');
    expect(message).not.toMatch(/call stack/i);
  });
});
