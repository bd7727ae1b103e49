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

  // The parser had named an item indented unlike its siblings at column 1 (the start of its
  // line's spaces) and an unclosed quote at the end of the file, a line past the last.
  it.each([
    ['an item indented further than its siblings', 'name: x\nstations:\n  a: 1\n   b: 2\n', 4, 4],
    ['a key indented under a value', 'name: x\nhorizon: 1d\n  warmup: 0\n', 3, 3],
    ['an item indented less than its siblings', 'name: x\nstations:\n    a: 1\n  b: 2\n', 4, 3],
    ['an unclosed double quote', 'name: x\nhorizon: "1d\nwarmup: 0\n', 2, 10],
    ['an unclosed single quote', "name: 'x\nhorizon: 1d\n", 1, 7],
    ['an unclosed quote inside { }', 'name: x\nstations: {a: "1, b: 2}\n', 2, 15],
    ['a duplicate key', 'name: x\nhorizon: 1d\nwarmup: 0\nhorizon: 2d\n', 4, 1],
    ['a duplicate key inside { }', 'name: x\nstations: { a: 1, a: 2 }\n', 2, 19],
    ['a tab as indentation', 'name: x\nstations:\n\ta: 1\n', 3, 1],
  ])('name the line and column of %s', (_what, text, line, column) => {
    const dir = mkdtempSync(join(tmpdir(), 'yaml-position-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, text);
    let message = '';
    try {
      loadScenario(file);
    } catch (err) {
      message = (err as Error).message;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const at = /: line (\d+), column (\d+): is not valid YAML: /.exec(message);
    expect(at, message).not.toBeNull();
    expect([Number(at![1]), Number(at![2])], message).toEqual([line, column]);
    // The position is a character of the file: the one the message is about.
    const char = text.split('\n')[line - 1][column - 1];
    expect(char).toMatch(/[^ ]/);
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
