import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { ScenarioErrors } from '../../../src/scenario/scenario-error';

// Settings that had been accepted without a word though they mean nothing: a source that
// brings nobody (byYear with no year, a trace file with no timestamp) and a shift that lists a
// weekday twice (each listing added its servers to the day once more).

const GOOD = 'tests/fixtures/scenarios/good.yaml';
const dir = mkdtempSync(join(tmpdir(), 'consular-no-arrivals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function errorsOf(file: string, set: string[]): { path: string; rule: string }[] {
  try {
    loadScenario(file, { set });
  } catch (err) {
    if (err instanceof ScenarioErrors)
      return err.errors.map((e) => ({ path: e.path, rule: e.rule }));
    const e = err as { path: string; rule: string };
    return [{ path: e.path, rule: e.rule }];
  }
  return [];
}

describe('a source that brings nobody, a weekday listed twice', () => {
  it('daily byYear with no year is refused at byYear; with a year it is taken', () => {
    expect(errorsOf(GOOD, ['sources.walk-ins.arrivals={kind: daily, byYear: {}}'])).toEqual([
      {
        path: 'sources.walk-ins.arrivals.byYear',
        rule: 'must map at least one year to its arrivals (e.g. {2019: 6600000}): with none the source brings nobody',
      },
    ]);
    expect(errorsOf(GOOD, ['sources.walk-ins.arrivals={kind: daily, byYear: {2020: 10}}'])).toEqual(
      [],
    );
  });

  it.each([
    ['an empty file', ''],
    ['a header alone', 'time\n'],
    ['blank lines', '\n\n'],
  ])('a trace of %s is refused at its file, named', (_, text) => {
    const csv = join(dir, `empty-${text.length}.csv`);
    writeFileSync(csv, text);
    const errors = errorsOf(GOOD, [`sources.walk-ins.arrivals={kind: trace, file: ${csv}}`]);
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe('sources.walk-ins.arrivals.file');
    expect(errors[0].rule).toMatch(/has no timestamps: a trace without any brings nobody/);
    expect(errors[0].rule).toContain(`empty-${text.length}.csv`);
  });

  it('a shift listing a weekday twice is refused at the second; none at all too', () => {
    const shift = (days: string) =>
      `stations.desk={schedule: [{days: ${days}, from: "09:00", to: "17:00", servers: 2}]}`;
    const twice = errorsOf(GOOD, [shift('[mon, tue, mon]')]);
    expect(twice).toEqual([
      {
        path: 'stations.desk.schedule[0].days[2]',
        rule: "lists mon again: each listing would add the shift's servers to that day once more; list a day once (another shift adds servers)",
      },
    ]);
    expect(errorsOf(GOOD, [shift('[]')])).toEqual([
      { path: 'stations.desk.schedule[0].days', rule: 'must list at least one weekday (mon..sun)' },
    ]);
    expect(errorsOf(GOOD, [shift('[mon, tue]')])).toEqual([]);
  });

  // A newcomer writes `Mon` or `monday`: the list's rule alone ("must be a list of weekdays")
  // had named neither the day nor how to write it.
  it('a day a shift writes another way is named by its place, with the way to write it', () => {
    const shift = (days: string) =>
      `stations.desk={schedule: [{days: ${days}, from: "09:00", to: "17:00", servers: 2}]}`;
    const rule = 'must be one of mon, tue, wed, thu, fri, sat, sun';
    expect(errorsOf(GOOD, [shift('[Mon, tue, Wednesday, xyz]')])).toEqual([
      { path: 'stations.desk.schedule[0].days[0]', rule },
      { path: 'stations.desk.schedule[0].days[2]', rule },
      { path: 'stations.desk.schedule[0].days[3]', rule },
    ]);
    const text = (days: string) => {
      try {
        loadScenario(GOOD, { set: [shift(days)] });
      } catch (err) {
        return (err as Error).message;
      }
      return '';
    };
    expect(text('[mon, THURSDAY]')).toMatch(/days\[1\]: must be one of .*; did you mean 'thu'\?$/);
    expect(text('[Sat, sun]')).toMatch(/days\[0\]: must be one of .*; did you mean 'sat'\?$/);
    expect(text('[mon, holiday]')).not.toContain('did you mean');
  });
});
