import 'reflect-metadata';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/common/user-error';
import { parseUniqueKeys } from '../../../src/common/yaml-errors';
import { runCli } from '../../helpers/cli';
import { ensureBuilt } from '../../helpers/fault-env';
import { scenarioLoadError as errorOf } from '../../helpers/scenario-problems';

// Shapes of a scenario that an outside fuzz round of the shipped scenarios found: each is one
// user error naming the file and the path, never an internal error or a wait of minutes.

const GOOD = 'tests/fixtures/scenarios/good.yaml';
const dir = mkdtempSync(join(tmpdir(), 'scenario-structure-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** good.yaml with its route (one step, written as a flow mapping) replaced by `route`. */
function withRoute(route: string): string {
  return readFileSync(GOOD, 'utf8').replace(
    /route:\n\s+- id: serve\n\s+station: desk\n\s+service: \{ dist: exponential, mean: 10 \}/,
    `route: ${route}`,
  );
}

describe('a list where a list of mappings wants a mapping', () => {
  const STEP = '{ id: serve, station: desk, service: { dist: exponential, mean: 10 } }';
  it.each([
    ['an empty list', '[[]]', 'classes.citizen.route[0]'],
    ['a list of lists', '[[[[]]]]', 'classes.citizen.route[0]'],
    ['a step in a list', `[[${STEP}]]`, 'classes.citizen.route[0]'],
    ['a second item that is a list', `[${STEP}, [x]]`, 'classes.citizen.route[1]'],
  ])('a route step that is %s is a user error at that step', (_, route, path) => {
    const file = write('route.yaml', withRoute(route));
    expect(readFileSync(file, 'utf8')).toContain(`route: ${route}`);
    const err = errorOf(file);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toBe(
      `${file}: ${path}: must be a mapping (key: value pairs), not a list`,
    );
  });

  it('so is a shift of a schedule, and a list given by --set', () => {
    const file = write(
      'schedule.yaml',
      readFileSync(GOOD, 'utf8').replace('servers: 2', 'schedule: [[]]'),
    );
    expect((errorOf(file) as Error).message).toBe(
      `${file}: stations.desk.schedule[0]: must be a mapping (key: value pairs), not a list`,
    );
    const set = errorOf(GOOD, ['classes.citizen.route=[[]]']);
    expect(set).toBeInstanceOf(UserError);
    expect((set as Error).message).toMatch(
      /^tests\/fixtures\/scenarios\/good\.yaml: classes\.citizen\.route\[0\]: must be a mapping \(key: value pairs\), not a list; the value comes from --set/,
    );
  });

  it('is exit code 2 through the CLI, not an internal error', async () => {
    ensureBuilt();
    const file = write('route-cli.yaml', withRoute('[[]]'));
    const r = await runCli(['run', file, '--quiet']);
    expect(r.stderr).toBe(
      `error: ${file}: classes.citizen.route[0]: must be a mapping (key: value pairs), not a list\n`,
    );
    expect(r.code).toBe(2);
  });
});

describe('repeated keys, found in one pass', () => {
  /** The first error of a document as the parser's own check (uniqueKeys: true) reports it. */
  const parserSays = (text: string) =>
    parseDocument(text, { prettyErrors: true, uniqueKeys: true }).errors.map((e) => [
      e.code,
      e.pos[0],
    ]);
  const weSay = (text: string) => parseUniqueKeys(text).errors.map((e) => [e.code, e.pos[0]]);

  it.each([
    ['a block mapping', 'a: 1\nb: 2\na: 3\n'],
    ['a flow mapping', 'a: {x: 1, y: 2, "x": 3}\n'],
    ['a mapping at depth, twice', 's:\n  d:\n    k: 1\n    k: 2\n    k: 3\n'],
    ['mappings in a list', '- {a: 1, a: 2}\n- {b: 1}\n- {b: 1, b: 1}\n'],
    ['a key with an anchor', '&x a: 1\na: 2\n'],
    ['an empty key', ': 1\n: 2\n'],
    ['the same key in different mappings', 'a: {k: 1}\nb: {k: 1}\n'],
    ['1.0 and 1', '1.0: a\n1: b\n'],
    ['a repeat after a syntax error', 'a: [1\nb: 1\nb: 2\n'],
    ['a repeat before a syntax error', 'b: 1\nb: 2\na: [1\n'],
  ])('%s: the errors and their places are the parser check’s', (_, text) => {
    expect(weSay(text)).toEqual(parserSays(text));
  });

  it('a scenario key written twice: line and column of the second, the line of the first', () => {
    const text = readFileSync(GOOD, 'utf8').replace('servers: 2', 'servers: 2\n    servers: 3');
    const line = text.split('\n').findIndex((l) => l === '    servers: 3') + 1;
    const file = write('dup.yaml', text);
    expect((errorOf(file) as Error).message).toBe(
      `${file}: line ${line}, column 5: is not valid YAML: Map keys must be unique (servers is on line ${line - 1} too)`,
    );
  });

  // The parser's own check compares each key with every one before it: a flat mapping of
  // 120,000 keys (2.4 MB, within the 4 MB a scenario may be) held the CLI for about six minutes
  // before its error. Found in one pass it is read in seconds; the deadline only tells a
  // quadratic wait from that, far above the time it takes.
  it('a mapping of 120,000 keys is refused in one pass, not after minutes', async () => {
    ensureBuilt();
    const keys = Array.from({ length: 120_000 }, (_, i) => `      k${i}: ${i}\n`).join('');
    const file = write(
      'wide.yaml',
      readFileSync(GOOD, 'utf8').replace('servers: 2', `servers: 2\n    label:\n${keys}`),
    );
    const r = await runCli(['run', file, '--quiet']);
    expect(r.stderr).toBe(`error: ${file}: stations.desk.label: must be text\n`);
    expect(r.code).toBe(2);
  }, 60_000);
});
