import 'reflect-metadata';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scenarioProblems } from '../../helpers/scenario-problems';
import { MAX_STATION_LABEL, STATION_LABEL_RULE } from '../../../src/scenario/limits';
import { SELF_CONTAINING_RULE } from '../../../src/common/yaml-errors';

/**
 * Values of a station's label and retrial rule that the station-keys fuzzer
 * (tests/fuzz/scenario/station-keys.set.spec.ts) found to break: each refused with the path
 * and the rule, where before one crashed the loader and others reached the terminal as they were.
 */
const FILE = 'scenarios/teaching-queue-retrial.yaml';

/** The problems a load raises, as `path: rule`, or [] when it loads. */
const problems = (set: string[], file = FILE): string[] => scenarioProblems(file, set);

describe("a station's label must be a name of one line", () => {
  const bad = [
    [
      'an ESC sequence, which the terminal printing the summary would run',
      '"\\e[2J\\e]0;pwned\\a"',
    ],
    ['a line break', '"Desk\\nWarning: all fine"'],
    ['a bidirectional override', '"\\u202eksed"'],
    ['NUL', '"a\\0b"'],
    ['only spaces', '"   "'],
    ['more characters than a column holds', 'x'.repeat(MAX_STATION_LABEL + 1)],
  ];
  it.each(bad)('refuses %s, in English and in Turkish', (_, value) => {
    expect(problems([`stations.desk.label=${value}`])).toEqual([
      `stations.desk.label: ${STATION_LABEL_RULE}`,
    ]);
    expect(problems([`translations.tr.stations.desk=${value}`])).toEqual([
      `translations.tr.stations.desk: ${STATION_LABEL_RULE}`,
    ]);
  });

  it('takes any printable name up to the limit, markup and all (reports escape it)', () => {
    for (const value of [
      'x'.repeat(MAX_STATION_LABEL),
      '<script>alert(1)</script>',
      '"Gişe & salon \\"A\\""',
      'é\u0301'.repeat(60),
    ]) {
      expect(problems([`stations.desk.label=${value}`]), value).toEqual([]);
      expect(problems([`translations.tr.stations.desk=${value}`]), value).toEqual([]);
    }
  });
});

describe('a YAML value that contains itself', () => {
  const dir = mkdtempSync(join(tmpdir(), 'consular-self-alias-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('given to --set, is refused at the key where it loops, not with a stack overflow', () => {
    expect(problems(['stations.desk.retrial=&a {x: *a}'])).toEqual([
      `stations.desk.retrial.x: ${SELF_CONTAINING_RULE}`,
    ]);
    expect(problems(['stations.desk.label=&a [1, *a]'])).toEqual([
      `stations.desk.label.1: ${SELF_CONTAINING_RULE}`,
    ]);
    // An alias that repeats a node elsewhere is no loop.
    expect(
      problems([
        'stations.desk.retrial={probability: &p 0.5, meanDelayMinutes: 30, maxRetries: *p}',
      ]),
    ).toEqual([expect.stringMatching(/^stations\.desk\.retrial\.maxRetries: must be a whole/)]);
  });

  it('written in a file, is refused the same way', () => {
    const file = join(dir, 'loop.yaml');
    writeFileSync(
      file,
      readFileSync(FILE, 'utf8').replace(
        '    retrial: { probability: 0.7, meanDelayMinutes: 30, maxRetries: 3 }',
        '    retrial: &r { probability: 0.7, meanDelayMinutes: 30, again: *r }',
      ),
    );
    expect(problems([], file)).toEqual([`stations.desk.retrial.again: ${SELF_CONTAINING_RULE}`]);
  });
});
