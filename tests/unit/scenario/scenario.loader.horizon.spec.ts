import 'reflect-metadata';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { ScenarioErrors } from '../../../src/scenario/scenario-error';

// Dated inputs that lie wholly outside the horizon had been dropped without a word: a source's
// periods or byYear with no day of the run (it brought nobody), a trace whose every time came
// after the end, closures that closed nothing, a station whose dated shifts never came.

const GOOD = 'tests/fixtures/scenarios/good.yaml';
const dir = mkdtempSync(join(tmpdir(), 'consular-horizon-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function errorsOf(file: string, set: string[]): { file?: string; path: string; rule: string }[] {
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

const WEEK_2024 = ['calendar={start: 2024-03-04}'];
const HORIZON = 'the horizon (2024-03-04 to 2024-03-10)';

describe('inputs that lie wholly outside the horizon', () => {
  it('periods none of which reaches the run are refused at periods, naming the horizon', () => {
    const arrivals = (periods: string) =>
      `sources.walk-ins.arrivals={kind: profile, perDay: 100, periods: [${periods}]}`;
    const errors = errorsOf(GOOD, [
      ...WEEK_2024,
      arrivals(
        '{from: 2024-01-01, to: 2024-03-03, factor: 1}, {from: 2024-03-11, to: 2024-04-01, factor: 2}',
      ),
    ]);
    expect(errors).toEqual([
      {
        file: GOOD,
        path: 'sources.walk-ins.arrivals.periods',
        rule: `every period lies entirely outside ${HORIZON}: this source would bring nobody; move one into the horizon, or change calendar.start or horizon`,
      },
    ]);
    // One period reaching the run (its last day is the first of the run) is enough.
    expect(
      errorsOf(GOOD, [
        ...WEEK_2024,
        arrivals(
          '{from: 2024-01-01, to: 2024-03-04, factor: 1}, {from: 2024-05-01, to: 2024-06-01, factor: 2}',
        ),
      ]),
    ).toEqual([]);
  });

  it('byYear with no year of the horizon is refused at byYear; a year the horizon reaches is taken', () => {
    const byYear = (years: string) => `sources.walk-ins.arrivals={kind: daily, byYear: {${years}}}`;
    const errors = errorsOf(GOOD, [...WEEK_2024, byYear('2019: 100, 2023: 100')]);
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe('sources.walk-ins.arrivals.byYear');
    expect(errors[0].rule).toMatch(/^names no year of the horizon \(2024-03-04 to 2024-03-10\): /);
    expect(errors[0].rule).toContain('this source would bring nobody');
    expect(errorsOf(GOOD, [...WEEK_2024, byYear('2023: 100, 2024: 100')])).toEqual([]);
  });

  it('without a calendar the horizon is counted from 2020-01-01, and the message says so', () => {
    const errors = errorsOf(GOOD, ['sources.walk-ins.arrivals={kind: daily, byYear: {2024: 100}}']);
    expect(errors.map((e) => e.path)).toEqual(['sources.walk-ins.arrivals.byYear']);
    expect(errors[0].rule).toContain(
      '(2020-01-01 to 2020-01-07, from 2020-01-01 as there is no calendar.start)',
    );
  });

  it('a trace whose every time is at or after the end is refused at its file', () => {
    const csv = join(dir, 'late.csv');
    writeFileSync(csv, '10080\n10100\n');
    const set = [`sources.walk-ins.arrivals={kind: trace, file: ${csv}}`];
    const errors = errorsOf(GOOD, set);
    expect(errors).toEqual([
      {
        file: GOOD,
        path: 'sources.walk-ins.arrivals.file',
        rule: 'has no timestamp inside the horizon (its first is at 10,080 minutes, and the horizon ends at 10,080 minutes): the trace would bring nobody; lengthen horizon, or check the times',
      },
    ]);
    writeFileSync(csv, '10079\n10100\n');
    expect(errorsOf(GOOD, set)).toEqual([]);
  });

  it('closures none of which reaches the run are refused at calendar.closures', () => {
    const closures = (list: string) => `calendar={start: 2024-03-04, closures: [${list}]}`;
    expect(errorsOf(GOOD, [closures('{from: 2024-04-01, to: 2024-04-30}')])).toEqual([
      {
        file: GOOD,
        path: 'calendar.closures',
        rule: `every closure lies entirely outside ${HORIZON}: they would close nothing in this run; move one into the horizon, or change calendar.start or horizon`,
      },
    ]);
    // A closure before the start closes nothing either.
    expect(
      errorsOf(GOOD, [closures('{from: 2024-02-01, to: 2024-03-03}')]).map((e) => e.path),
    ).toEqual(['calendar.closures']);
    // One that reaches the run (its last day), beside one after it: a run cut short, taken.
    expect(
      errorsOf(GOOD, [
        closures('{from: 2024-03-10, to: 2024-03-20}, {from: 2024-04-01, to: 2024-04-30}'),
      ]),
    ).toEqual([]);
  });

  it('a horizon --set cut short (a quick look) keeps closures and dated shifts after its end, not demand', () => {
    const file = join(dir, 'quick.yaml');
    writeFileSync(
      file,
      [
        'name: quick',
        'horizon: 4w',
        'calendar: { start: 2024-03-04, closures: [{ from: 2024-03-18, to: 2024-03-24 }] }',
        'stations:',
        '  desk: { schedule: [{ days: [mon, tue, wed, thu, fri], from: "09:00", to: "17:00", servers: 2, dates: { from: 2024-03-11, to: 2024-03-31 } }] }',
        'classes:',
        '  citizen: { route: [{ id: serve, station: desk, service: { dist: exponential, mean: 10 } }] }',
        'sources:',
        '  walk-ins: { class: citizen, arrivals: { kind: profile, perDay: 50, periods: [{ from: 2024-03-11, to: 2024-03-31, factor: 1 }] } }',
        '',
      ].join('\n'),
    );
    expect(errorsOf(file, [])).toEqual([]);
    // Three days: the closure and the shifts come after it, kept; the source brings nobody.
    expect(errorsOf(file, ['horizon=3d']).map((e) => e.path)).toEqual([
      'sources.walk-ins.arrivals.periods',
    ]);
    // Before the start, no run reaches them: refused whatever gave the horizon.
    expect(errorsOf(file, ['calendar.start=2024-04-01', 'horizon=3d']).map((e) => e.path)).toEqual([
      'calendar.closures',
    ]);
  });

  it('a station whose every shift has dates outside the horizon is refused at its schedule', () => {
    const shift = (from: string, to: string) =>
      `{days: [mon, tue, wed, thu, fri], from: "09:00", to: "17:00", servers: 2, dates: {from: ${from}, to: ${to}}}`;
    const schedule = (shifts: string[]) => `stations.desk={schedule: [${shifts.join(', ')}]}`;
    const errors = errorsOf(GOOD, [
      ...WEEK_2024,
      schedule([shift('2024-04-01', '2024-04-30'), shift('2024-05-01', '2024-05-31')]),
    ]);
    expect(errors).toEqual([
      {
        file: GOOD,
        path: 'stations.desk.schedule',
        rule: `every shift has dates entirely outside ${HORIZON}: the station would have no server in this run; move one into the horizon, or change calendar.start or horizon`,
      },
    ]);
    expect(
      errorsOf(GOOD, [
        ...WEEK_2024,
        schedule([shift('2024-03-01', '2024-03-31'), shift('2024-05-01', '2024-05-31')]),
      ]),
    ).toEqual([]);
  });

  it('a what-if is named in the file that wrote the closures (inherited through extends:)', () => {
    const file = join(dir, 'short.yaml');
    writeFileSync(
      file,
      `extends: ${join(process.cwd(), 'scenarios/whatif-missions-closed-8w.yaml')}\nname: short\nhorizon: 30d\n`,
    );
    const errors = errorsOf(file, []);
    expect(errors.map((e) => [e.file, e.path])).toEqual([
      ['scenarios/whatif-missions-closed-8w.yaml', 'calendar.closures'],
    ]);
    expect(errors[0].rule).toContain('(2020-01-01 to 2020-01-30)');
  });

  it('every scenario of scenarios/ loads as it is', () => {
    for (const f of readdirSync('scenarios').filter((x) => x.endsWith('.yaml')))
      expect(errorsOf(join('scenarios', f), []), f).toEqual([]);
  });
});
