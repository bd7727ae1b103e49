import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { setLang } from '../../../lab/src/i18n';
import { ruleText } from '../../../lab/src/rules';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { ScenarioErrors } from '../../../src/scenario/scenario-error';

// A source's periods that share a day had been run with the first listed period's factor on
// that day and the other's dropped without a word: a surge written over a baseline (the
// baseline first) ran exactly as the baseline alone.

const ROOT = join(__dirname, '../../..');
const GOOD = 'tests/fixtures/scenarios/good.yaml';
const dir = mkdtempSync(join(tmpdir(), 'consular-periods-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function errorsOf(
  file: string,
  set: string[] = [],
): { file?: string; path: string; rule: string }[] {
  try {
    loadScenario(file, { set });
  } catch (err) {
    const list = err instanceof ScenarioErrors ? err.errors : [err];
    return list.map((e) => {
      const { file: f, path, rule } = e as { file?: string; path: string; rule: string };
      return { file: f, path, rule };
    });
  }
  return [];
}

const arrivals = (periods: string) => [
  'calendar={start: 2024-03-04}',
  `sources.walk-ins.arrivals={kind: profile, perDay: 100, periods: [${periods}]}`,
];

describe("a source's periods that share a day", () => {
  it("a surge written over a baseline in a what-if's file is refused, naming the file, the later period and both", () => {
    const file = join(dir, 'surge-over-baseline.yaml');
    writeFileSync(
      file,
      [
        'name: surge-over-baseline',
        `extends: ${join(ROOT, 'scenarios/paper-evacuation-2020.yaml')}`,
        'sources:',
        '  stranded:',
        '    arrivals:',
        '      kind: daily',
        '      total: 150000',
        '      periods:',
        '        - { from: 2020-03-12, to: 2020-05-31, factor: 1 }',
        '        - { from: 2020-03-18, to: 2020-04-05, factor: 4 }',
        '',
      ].join('\n'),
    );
    expect(errorsOf(file)).toEqual([
      {
        file,
        path: 'sources.stranded.arrivals.periods[1]',
        rule: "overlaps periods[0] (both hold 2020-03-18 to 2020-04-05): a day is weighted by the factor of one period only, so the other's would be ignored; write the periods so that no day is in two (split the longer around the shorter)",
      },
    ]);
  });

  it('one shared day is named as a day; periods end to end, and the paper scenario, stand', () => {
    const errors = errorsOf(
      GOOD,
      arrivals(
        '{from: 2024-03-04, to: 2024-03-06, factor: 1}, {from: 2024-03-06, to: 2024-03-08, factor: 2}',
      ),
    );
    expect(errors.map((e) => [e.path, e.rule.split(':')[0]])).toEqual([
      ['sources.walk-ins.arrivals.periods[1]', 'overlaps periods[0] (both hold 2024-03-06)'],
    ]);
    expect(
      errorsOf(
        GOOD,
        arrivals(
          '{from: 2024-03-04, to: 2024-03-06, factor: 1}, {from: 2024-03-07, to: 2024-03-08, factor: 2}',
        ),
      ),
    ).toEqual([]);
    expect(errorsOf(join(ROOT, 'scenarios/paper-evacuation-2020.yaml'))).toEqual([]);
  });

  it('each period that shares a day with an earlier one is named once, at the first it meets', () => {
    const errors = errorsOf(
      GOOD,
      arrivals(
        '{from: 2024-03-04, to: 2024-03-10, factor: 1}, {from: 2024-03-05, to: 2024-03-06, factor: 2}, {from: 2024-03-06, to: 2024-03-07, factor: 3}',
      ),
    );
    expect(errors.map((e) => [e.path, e.rule.split(':')[0]])).toEqual([
      [
        'sources.walk-ins.arrivals.periods[1]',
        'overlaps periods[0] (both hold 2024-03-05 to 2024-03-06)',
      ],
      [
        'sources.walk-ins.arrivals.periods[2]',
        'overlaps periods[0] (both hold 2024-03-06 to 2024-03-07)',
      ],
    ]);
  });

  describe('in Turkish', () => {
    afterEach(() => setLang('en'));

    it('reads in Turkish with the periods and the days', () => {
      const [range] = errorsOf(
        GOOD,
        arrivals(
          '{from: 2024-03-04, to: 2024-03-10, factor: 1}, {from: 2024-03-05, to: 2024-03-06, factor: 2}',
        ),
      );
      const [day] = errorsOf(
        GOOD,
        arrivals(
          '{from: 2024-03-04, to: 2024-03-06, factor: 1}, {from: 2024-03-06, to: 2024-03-08, factor: 2}',
        ),
      );
      setLang('tr');
      expect(ruleText(range.rule)).toBe(
        'periods[0] ile çakışıyor (ikisi de 2024-03-05 – 2024-03-06 günlerini içeriyor): bir gün yalnızca tek bir dönemin katsayısıyla ağırlıklandırılır, öbürününki yok sayılırdı; dönemleri hiçbir gün ikisinde birden olmayacak biçimde yazın (uzun olanı kısa olanın çevresinde bölün)',
      );
      expect(ruleText(day.rule)).toMatch(
        /^periods\[0\] ile çakışıyor \(ikisi de 2024-03-06 gününü içeriyor\)/,
      );
    });
  });
});
