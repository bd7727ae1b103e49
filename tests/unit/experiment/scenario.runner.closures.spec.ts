import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { prepareArms } from '../../../src/experiment/scenario.runner';
import { scenarioErrorOf as errorOf } from '../../helpers/scenario-run';

// A closure's `stations:` on a service model names stations the model builds; one that names
// none of them had closed nothing, without a word.

const dir = mkdtempSync(join(tmpdir(), 'consular-closures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const closure = (station: string) =>
  `calendar.closures=[{from: 2020-09-07, to: 2020-10-04, stations: ['${station}']}]`;

describe('prepareArms: closures of a service model name its stations', () => {
  it("a mission named without 'mission:' is refused, suggesting the station's name", () => {
    const s = loadScenario('scenarios/paper-konsolosluk-2020.yaml', {
      set: [closure('berlin-cg')],
    });
    const e = errorOf(() => prepareArms(s));
    expect(e.path).toBe('calendar.closures[0].stations[0]');
    expect(e.message).toContain("(got 'berlin-cg') (did you mean 'mission:berlin-cg'?)");
    expect(e.message).toContain('scenarios/paper-konsolosluk-2020.yaml');
  });

  it('a typo is refused with the closest station; a station of either arm is accepted', () => {
    const evisa = (station: string) =>
      loadScenario('scenarios/paper-evisa.yaml', {
        set: [`calendar.closures=[{from: 2014-01-06, to: 2014-01-31, stations: ['${station}']}]`],
      });
    const e = errorOf(() => prepareArms(evisa('reviw')));
    expect(e.message).toContain("(did you mean 'review'?)");
    expect(e.message).toMatch(/its stations are .*screening.*desk/);
    // review is the e-visa arm's, desk the desk arm's: each closes a station of the run.
    expect(() => prepareArms(evisa('review'))).not.toThrow();
    expect(() => prepareArms(evisa('desk'))).not.toThrow();
  });

  it('the station of a mission is accepted, and the error names the file that wrote it', () => {
    expect(() =>
      prepareArms(
        loadScenario('scenarios/paper-konsolosluk-2020.yaml', {
          set: [closure('mission:berlin-cg')],
        }),
      ),
    ).not.toThrow();
    const file = join(dir, 'whatif-berlin.yaml');
    writeFileSync(
      file,
      [
        `extends: ${resolve('scenarios/paper-konsolosluk-2020.yaml')}`,
        'name: whatif-berlin',
        'calendar:',
        '  start: 2020-01-01',
        '  closures:',
        '    - { from: 2020-09-07, to: 2020-10-04, stations: [berlin-gc] }',
        '',
      ].join('\n'),
    );
    const e = errorOf(() => prepareArms(loadScenario(file)));
    expect(e.file).toContain('whatif-berlin.yaml');
    expect(e.message).toContain("(got 'berlin-gc')");
  });
});
