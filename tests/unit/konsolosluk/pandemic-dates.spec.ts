import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { setLang } from '../../../lab/src/i18n';
import { ruleText } from '../../../lab/src/rules';
import { UserError } from '../../../src/common/user-error';
import { prepareArms } from '../../../src/experiment/scenario.runner';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { scenarioPath } from '../../helpers/scenario-run';

// The pandemic's dates had been checked for their shape only: 2020-04-31 stopped the run with
// "internal error: Invalid time value", a stage whose end came before its start ran as no
// stage, and a stage written inside a longer one (a lockdown inside a reopening) ran under the
// first listed, the other's settings dropped without a word.

const dir = mkdtempSync(join(tmpdir(), 'consular-pandemic-dates-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BASE = scenarioPath('paper-konsolosluk-2020');
/** The base's file, as the error names it (relative to the working directory). */
const IN_BASE = expect.stringMatching(/scenarios\/paper-konsolosluk-2020\.yaml$/);

function errorsOf(
  file: string,
  set: string[] = [],
): { file?: string; path: string; rule: string }[] {
  try {
    prepareArms(loadScenario(file, { set }));
  } catch (err) {
    const list = (err as { errors?: UserError[] }).errors ?? [err as UserError];
    if (!list.every((e) => e instanceof UserError)) throw err;
    return list.map((e) => ({ file: e.file, path: e.path, rule: e.rule }));
  }
  return [];
}

describe("konsolosluk's pandemic dates", () => {
  it('a day that does not exist is refused at its path, not an internal error', () => {
    for (const [set, path] of [
      ['params.pandemic.phases[0].to=2020-04-31', 'params.pandemic.phases[0].to'],
      ['params.pandemic.phases[2].from=2020-02-30', 'params.pandemic.phases[2].from'],
      ['params.pandemic.deferred.to=2020-06-31', 'params.pandemic.deferred.to'],
    ]) {
      const errors = errorsOf(BASE, [set]);
      expect(errors, set).toEqual([{ file: IN_BASE, path, rule: 'must be a real date' }]);
    }
  });

  it('a stage or a deferred window that ends before it starts is refused at its to', () => {
    expect(errorsOf(BASE, ['params.pandemic.phases[0].to=2020-03-01'])).toEqual([
      { file: IN_BASE, path: 'params.pandemic.phases[0].to', rule: 'must not be before from' },
    ]);
    expect(errorsOf(BASE, ['params.pandemic.deferred.to=2020-05-01'])).toEqual([
      { file: IN_BASE, path: 'params.pandemic.deferred.to', rule: 'must not be before from' },
    ]);
  });

  it("a lockdown written inside a what-if's reopening is refused in its file, naming both stages and the days", () => {
    const file = join(dir, 'lockdown-in-reopening.yaml');
    writeFileSync(
      file,
      [
        `extends: ${BASE}`,
        'name: lockdown-in-reopening',
        'params:',
        '  pandemic:',
        '    phases:',
        '      - { id: reopening, from: 2020-06-01, to: 2020-12-31, counterShare: 0.35, routineDemand: 0.6 }',
        '      - { id: lockdown, from: 2020-11-01, to: 2020-11-30, counterShare: 0.15, routineDemand: 0 }',
        '',
      ].join('\n'),
    );
    expect(errorsOf(file)).toEqual([
      {
        file,
        path: 'params.pandemic.phases[1]',
        rule: "overlaps phases[0] (both hold 2020-11-01 to 2020-11-30): a day runs under one stage only, so the other's settings would be ignored; write the stages so that no day is in two (split the longer around the shorter)",
      },
    ]);
    // The paper's stages, end to end, stand.
    expect(errorsOf(BASE)).toEqual([]);
  });

  describe('in Turkish', () => {
    afterEach(() => setLang('en'));

    it('the overlap reads in Turkish with the stages and the days', () => {
      const [range] = errorsOf(BASE, ['params.pandemic.phases[1].from=2020-05-20']);
      const [day] = errorsOf(BASE, ['params.pandemic.phases[1].from=2020-05-31']);
      setLang('tr');
      expect(ruleText(range.rule)).toBe(
        'phases[0] ile çakışıyor (ikisi de 2020-05-20 – 2020-05-31 günlerini içeriyor): bir gün yalnızca tek bir aşamaya tabidir, öbürünün ayarları yok sayılırdı; aşamaları hiçbir gün ikisinde birden olmayacak biçimde yazın (uzun olanı kısa olanın çevresinde bölün)',
      );
      expect(ruleText(day.rule)).toMatch(
        /^phases\[0\] ile çakışıyor \(ikisi de 2020-05-31 gününü içeriyor\)/,
      );
    });
  });
});
