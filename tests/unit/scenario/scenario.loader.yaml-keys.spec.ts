import 'reflect-metadata';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ScenarioError } from '../../../src/scenario/scenario-error';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { MAX_ALIASES } from '../../../src/common/yaml-errors';
import { runCli } from '../../helpers/cli';
import { ensureBuilt } from '../../helpers/fault-env';
import { scenarioLoadError as errorOf } from '../../helpers/scenario-problems';

// YAML that is valid but means something else once read to plain data: two spellings of one
// key, a key that is a list or a mapping, a tag the parser cannot apply or one that makes an
// object, and aliases enough to hold the parser for minutes. Each is one user error naming the
// file and where, never a value lost without a word, a warning on stderr or a long wait.

const GOOD = 'tests/fixtures/scenarios/good.yaml';
const dir = mkdtempSync(join(tmpdir(), 'scenario-yaml-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** good.yaml with `lines` written under its station desk (indented as its keys). */
function underDesk(lines: string): string {
  return readFileSync(GOOD, 'utf8').replace(
    '    servers: 2\n',
    `    servers: 2\n${lines.replace(/^/gm, '    ')}\n`,
  );
}

/** The 1-based line of the first line of `text` that is `line`. */
const lineOf = (text: string, line: string) => text.split('\n').indexOf(line) + 1;

describe('two keys that are one once read', () => {
  it.each([
    ['a number and its text', '1: a', '"1": b', '1'],
    ['true and "true"', 'true: a', '"true": b', 'true'],
    ['null and an empty key', 'null: a', '"": b', ''],
    ['~ and an empty key', '~: a', "'': b", ''],
    [
      'a big number and its digits',
      '99999999999999999999: a',
      '"100000000000000000000": b',
      '100000000000000000000',
    ],
    ['a float and its text', '1.5: a', "'1.5': b", '1.5'],
  ])('%s: an error at the second naming both lines', (_, first, second, property) => {
    const text = underDesk(`${first}\n${second}`);
    const file = write('collide.yaml', text);
    const err = errorOf(file);
    expect(err).toBeInstanceOf(ScenarioError);
    const [a, b] = [first, second].map((l) => l.slice(0, l.lastIndexOf(':')));
    expect((err as Error).message).toBe(
      `${file}: line ${lineOf(text, `    ${second}`)}, column 5: is not valid here: the keys ${a} (line ${lineOf(text, `    ${first}`)}) and ${b} (this line) are one key once read, '${property}', and the second value would replace the first without a word: write the key once`,
    );
  });

  it('in a flow mapping and at the top level too', () => {
    const text = readFileSync(GOOD, 'utf8').replace(
      'name: fixture',
      'name: fixture\nx: {1: a, "1": b}',
    );
    const file = write('flow.yaml', text);
    expect((errorOf(file) as Error).message).toMatch(
      /: line 3, column 11: is not valid here: the keys 1 \(line 3\) and "1" \(this line\) are one key once read, '1'/,
    );
  });

  it('1.0 and 1, one value to the parser, say both lines too', () => {
    const text = underDesk('1.0: a\n1: b');
    const file = write('float.yaml', text);
    expect((errorOf(file) as Error).message).toBe(
      `${file}: line ${lineOf(text, '    1: b')}, column 5: is not valid YAML: Map keys must be unique (1 here and 1.0 on line ${lineOf(text, '    1.0: a')} are one key)`,
    );
  });

  it('an alias used as a key is the key its anchor marks', () => {
    const text = underDesk('label: &k servers\n*k : 3');
    const file = write('alias-key.yaml', text);
    expect((errorOf(file) as Error).message).toMatch(
      new RegExp(
        `: line ${lineOf(text, '    *k : 3')}, column 5: is not valid YAML: Map keys must be unique \\(\\*k here and servers on line ${lineOf(text, '    servers: 2')} are one key\\)`,
      ),
    );
  });
});

describe('a key that is a list or a mapping', () => {
  const good = readFileSync(GOOD, 'utf8');
  it.each([
    ['a mapping', underDesk('? {a: 1}\n: x'), 'stations.desk: ', 'a mapping ({a: 1}, line 7)'],
    ['a list', underDesk('? [a, b]\n: x'), 'stations.desk: ', 'a list ([a, b], line 7)'],
    [
      'a list, at the top',
      good.replace('name: fixture', 'name: fixture\n[a, b]: x'),
      '',
      'a list ([a, b], line 3)',
    ],
    [
      'binary data',
      underDesk('!!binary aGVsbG8=: x'),
      'stations.desk: ',
      'binary data or an object (!!binary aGVsbG8=, line 7)',
    ],
  ])(
    '%s: an error naming the mapping it is in, and no warning on stderr',
    async (_, text, at, what) => {
      ensureBuilt();
      const file = write('key.yaml', text);
      const r = await runCli(['run', file, '--quiet']);
      expect(r.stderr).toBe(
        `error: ${file}: ${at}has a key that is ${what}: a key is a name, written as text (quote it to keep those characters in the name)\n`,
      );
      expect(r.code).toBe(2);
    },
  );
});

describe('tags', () => {
  it.each([
    ['a tag nobody defines', 'label: !!foo Desk', '!!foo'],
    ['a tag its value does not fit', 'servers: !!int two', '!!int'],
    ['a local tag', 'label: !desk Desk', '!desk'],
  ])('%s is refused, not read as text without a word', (_, line, tag) => {
    const text = underDesk(line).replace(
      '    servers: 2\n',
      line.startsWith('servers') ? '' : '    servers: 2\n',
    );
    const file = write('tag.yaml', text);
    const l = lineOf(text, `    ${line}`);
    expect((errorOf(file) as Error).message).toMatch(
      new RegExp(`^${file}: line ${l}, column \\d+: is not valid here: Unresolved tag: ${tag} \\(`),
    );
  });

  it.each([
    [
      '!!omap',
      'stations: !!omap\n  - desk: {servers: 2}',
      'stations',
      'an ordered mapping (!!omap or !!pairs)',
    ],
    ['!!set', 'stations: !!set {desk}', 'stations', 'a set (!!set)'],
    ['!!binary', 'stations: !!binary aGVsbG8=', 'stations', 'binary data (!!binary)'],
    [
      'a date under %YAML 1.1',
      'horizon: 2026-01-01',
      'horizon',
      'a date (!!timestamp, or a date under %YAML 1.1)',
    ],
  ])(
    '%s: a value that is not plain data is named, not read as an empty mapping',
    (tag, line, path, what) => {
      const good = readFileSync(GOOD, 'utf8');
      const text =
        (tag.includes('1.1') ? '%YAML 1.1\n---\n' : '') +
        (path === 'horizon'
          ? good.replace('horizon: 1w', line)
          : good.replace('stations:\n  desk:\n    servers: 2', line));
      const file = write('unplain.yaml', text);
      expect((errorOf(file) as Error).message).toBe(
        `${file}: ${path}: is ${what}: a value here is text, a number, true or false, a list or a mapping; write it without the tag`,
      );
    },
  );
});

describe('--set reads its value as a file is read', () => {
  it.each([
    [
      'two keys that are one',
      'stations.desk={1: {}, "1": {}}',
      'stations.desk: is not valid here: the keys 1 (line 1) and "1"',
    ],
    [
      'a key that is a list',
      'stations.desk.servers={? [a]: 1}',
      'stations.desk.servers: has a key that is a list ([a], line 1)',
    ],
    [
      'an ordered mapping',
      'stations.desk=!!omap [servers: 1]',
      'stations.desk: is an ordered mapping (!!omap or !!pairs)',
    ],
    [
      'a set in a list',
      'classes.citizen.route=[{id: serve, station: desk, service: !!set {a}}]',
      'classes.citizen.route[0].service: is a set (!!set)',
    ],
  ])('%s is refused at its path', (_, set, said) => {
    const err = errorOf(GOOD, [set]);
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as Error).message.startsWith(`${GOOD}: ${said}`), (err as Error).message).toBe(
      true,
    );
  });
});

describe('aliases', () => {
  it(`more than ${MAX_ALIASES} are refused at the first past the limit, quickly`, () => {
    const n = MAX_ALIASES + 1;
    const anchors = Array.from({ length: n }, (_, i) => `  - &a${i} x\n`).join('');
    const aliases = Array.from({ length: n }, (_, i) => `  - *a${i}\n`).join('');
    const text = `${readFileSync(GOOD, 'utf8')}notes:\n${anchors}more:\n${aliases}`;
    const file = write('aliases.yaml', text);
    const started = Date.now();
    const err = errorOf(file);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((err as Error).message).toBe(
      `${file}: line ${lineOf(text, `  - *a${n - 1}`)}, column 5: is not valid here: the file uses more than 1,000 aliases (*name), and reading each one searches the file for its anchor: write the values out, or repeat fewer of them`,
    );
  });

  it(`${MAX_ALIASES} are read as before`, () => {
    const anchors = Array.from({ length: MAX_ALIASES }, (_, i) => `  - &a${i} x\n`).join('');
    const aliases = Array.from({ length: MAX_ALIASES }, (_, i) => `  - *a${i}\n`).join('');
    const text = `${readFileSync(GOOD, 'utf8')}x:\n${anchors}more:\n${aliases}`;
    const file = write('aliases-ok.yaml', text);
    // Read past YAML: the checks after it name the keys the fixture does not know.
    expect((errorOf(file) as Error).message).toMatch(/: x: is not a known key/);
  });
});

describe('an alias bomb and an alias with no anchor', () => {
  // Levels of anchors, each a list of ten aliases of the level before: the copies multiply by
  // ten a level, while the aliases written (10 a level) stay far below MAX_ALIASES.
  const bomb = (levels: number) =>
    [
      'bomb:',
      '  l0: &l0 [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        { length: levels },
        (_, i) => `  l${i + 1}: &l${i + 1} [${Array(10).fill(`*l${i}`).join(', ')}]`,
      ),
    ].join('\n');

  /** The text at `line N, column C` of `text` (1-based), to the end of its line. */
  const at = (text: string, line: number, col: number) => text.split('\n')[line - 1].slice(col - 1);

  it('is refused at the alias the parser stopped on: file, line, column and the rule', () => {
    const text = `${readFileSync(GOOD, 'utf8')}${bomb(4)}\n`;
    expect(text.match(/\*l/g)!.length).toBeLessThan(MAX_ALIASES);
    const file = write('bomb.yaml', text);
    const err = errorOf(file);
    expect(err).toBeInstanceOf(ScenarioError);
    const message = (err as Error).message;
    const place = message.match(
      /^(.*): line (\d+), column (\d+): is not valid here: this alias \(\*(l\d)\) repeats a value that holds aliases, /,
    );
    expect(place, message).not.toBeNull();
    const [, shown, line, col, name] = place!;
    expect(shown).toBe(file);
    // The place named is that alias, on a line of the bomb.
    expect(at(text, Number(line), Number(col)).startsWith(`*${name}`)).toBe(true);
    expect(Number(line)).toBeGreaterThan(lineOf(text, 'bomb:'));
    expect(message).toContain(
      `the parser counts the copies they make past 1,000 (its guard against an alias bomb, where each level multiplies the copies of the one below): write the values out, or nest fewer aliases inside anchored values`,
    );
  });

  it('run says it on one line, exit code 2, no stack trace', async () => {
    ensureBuilt();
    const text = `${readFileSync(GOOD, 'utf8')}${bomb(7)}\n`;
    const file = write('bomb-run.yaml', text);
    const r = await runCli(['run', file, '--quiet']);
    expect(r.stderr.startsWith(`error: ${file}: line `), r.stderr).toBe(true);
    expect(r.stderr.slice(`error: ${file}: `.length)).toMatch(
      /^line \d+, column \d+: is not valid here: this alias \(\*l\d\) [^\n]*\n$/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(2);
  });

  it('an alias with no anchor before it is named at its line and column', () => {
    const text = `${readFileSync(GOOD, 'utf8')}notes:\n  - *nope\n`;
    const file = write('no-anchor.yaml', text);
    expect((errorOf(file) as Error).message).toBe(
      `${file}: line ${lineOf(text, '  - *nope')}, column 5: is not valid YAML: Unresolved alias (the anchor must be set before the alias): nope`,
    );
  });

  it('in --set, a bomb is refused at its path; an alias with no anchor is text as before', () => {
    const set = `stations.desk.label={${bomb(3).split('\n').slice(1).join(',').replace(/ {2}/g, '')}}`;
    const err = errorOf(GOOD, [set]);
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as ScenarioError).path).toBe('stations.desk.label');
    expect((err as ScenarioError).rule).toMatch(/^is not valid here: this alias \(\*l\d\) /);
    expect(errorOf(GOOD, ['stations.desk.label=*nope'])).toBeUndefined();
  });

  it('an anchor used by aliases that nest less deeply reads as before', () => {
    const text = `${readFileSync(GOOD, 'utf8')}${bomb(1)}\n`;
    const file = write('bomb-small.yaml', text);
    // Read past YAML: the checks after it name the key the fixture does not know.
    expect((errorOf(file) as Error).message).toMatch(/: bomb: is not a known key/);
  });
});

describe('line ends and directives', () => {
  it('a file saved with carriage returns alone as line ends reads as the same scenario', () => {
    const text = readFileSync('scenarios/teaching-mmc.yaml', 'utf8');
    const crlf = write('crlf.yaml', text.replace(/\r?\n/g, '\r\n'));
    const cr = write('cr.yaml', text.replace(/\r?\n/g, '\r'));
    const lf = write('lf.yaml', text.replace(/\r?\n/g, '\n'));
    const plain = (file: string) => {
      const { file: _file, ...rest } = loadScenario(file) as unknown as Record<string, unknown>;
      return rest;
    };
    expect(plain(cr)).toEqual(plain(lf));
    expect(plain(crlf)).toEqual(plain(lf));
  });

  it('a mistake in such a file is named at its own line and column', () => {
    const text = underDesk('servers: 3');
    const lf = write('dup-lf.yaml', text);
    const cr = write('dup-cr.yaml', text.replace(/\n/g, '\r'));
    const where = (file: string) => (errorOf(file) as Error).message.slice(file.length);
    expect(where(lf)).toMatch(/^: line \d+, column 5: /);
    expect(where(cr)).toBe(where(lf));
  });

  it.each([
    ['an unknown directive', '%FOO bar', 'Unknown directive %FOO'],
    ['a YAML version not read here', '%YAML 2.0', 'Unsupported YAML version 2.0'],
  ])('%s is an error at its line, not passed over', (_, directive, problem) => {
    const file = write('directive.yaml', `${directive}\n---\n${readFileSync(GOOD, 'utf8')}`);
    const message = (errorOf(file) as Error).message;
    expect(message).toContain(`${file}: line 1, column `);
    expect(message).toContain(`is not valid here: ${problem} (`);
  });

  it('%YAML 1.2 and %TAG are read as before', () => {
    const file = write(
      'directives-ok.yaml',
      `%YAML 1.2\n%TAG !e! tag:example.com,2026:\n---\n${readFileSync(GOOD, 'utf8')}`,
    );
    expect(errorOf(file)).toBeUndefined();
  });
});

describe('a number written with a comma inside braces', () => {
  // `{probability: 0,5, …}`: a comma separates entries in braces, so YAML reads probability 0
  // and a key 5 with no value, which the loader took as absent: the run went on with 0.
  const retrial = 'queueLimit: 5\nretrial: {probability: 0,5, meanDelayMinutes: 30}';

  it('in a file is refused at its line and column, saying how to write the number', () => {
    const text = underDesk(retrial);
    const file = write('comma-in-braces.yaml', text);
    const line = lineOf(text, '    retrial: {probability: 0,5, meanDelayMinutes: 30}');
    expect((errorOf(file) as Error).message).toBe(
      `${file}: line ${line}, column 28: is not valid here: 'probability: 0,5' in braces reads as probability: 0 and a key 5 with no value (a comma separates entries there); a decimal is written with a point: for 0,5, write 0.5`,
    );
  });

  it('in --set is refused at its path; a thousands separator is given both readings', () => {
    const message = (set: string[]) => (errorOf(GOOD, set) as Error | undefined)?.message;
    expect(
      message([
        'stations.desk.queueLimit=5',
        'stations.desk.retrial={probability: 0,5, meanDelayMinutes: 30}',
      ]),
    ).toMatch(
      /: stations\.desk\.retrial: is not valid here: 'probability: 0,5' in braces reads as probability: 0 and a key 5 /,
    );
    expect(message(['stations.desk.jobs={value: 12,000}'])).toMatch(
      /for 12,000, write 12\.000 or 12000/,
    );
  });

  it('leaves numbers in brackets and keys of digits written with a value alone', () => {
    const file = write('comma-in-brackets.yaml', underDesk('notes: [0,5]\nlabels: {a: 1, 5: 2}'));
    expect((errorOf(file) as Error).message).not.toMatch(/in braces/);
    expect(
      errorOf(GOOD, [
        'stations.desk.queueLimit=5',
        'stations.desk.retrial={probability: 0.5, meanDelayMinutes: 30}',
      ]),
    ).toBeUndefined();
  });
});
