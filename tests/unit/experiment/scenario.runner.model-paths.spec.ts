import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/common/user-error';
import {
  builtNetworkRule,
  modelErrorInScenario,
  prepareArms,
} from '../../../src/experiment/scenario.runner';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { localExecutor, runScenarioSet } from '../../../src/experiment/experiment';
import { ModelError } from '../../../src/sim/model';
import { scenarioPath } from '../../helpers/scenario-run';

// A mistake in a service model's distribution had been named at the path of the network the
// model built from it (`classes[1].route[0].service.mean`), which the user never wrote; and an
// error a model raised while building (`params.peakDay.date`) named no file at all.

const dir = mkdtempSync(join(tmpdir(), 'consular-model-paths-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The user errors (file, path, rule) that preparing the scenario's arms throws. */
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

/** A file extending a paper scenario with `params` (YAML lines under params:). */
function whatIf(name: string, base: string, params: string): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, `extends: ${scenarioPath(base)}\nname: ${name}\nparams:\n${params}\n`);
  return file;
}

describe("a service model's distributions are named where the scenario writes them", () => {
  it.each([
    [
      'hizir-load',
      'paper-hizir',
      '  officerMinutes: { dist: lognormal, mean: -6, cv: 0.6 }',
      'params.officerMinutes.mean',
      'must be greater than 0',
    ],
    [
      'payments',
      'paper-payments',
      '  virtualPosService: { dist: exponential, mean: 0.05, cv: 0.5 }',
      'params.virtualPosService.cv',
      'is not a key of exponential (it takes mean)',
    ],
    [
      'diplomatic-portal',
      'paper-diplomatic-portal',
      '  courierDays: { dist: lognormalx, mean: 1.5 }',
      'params.courierDays.dist',
      'must be one of',
    ],
  ])('%s: in the file that wrote it, at params', (_, base, params, path, rule) => {
    const file = whatIf(`bad-${base}`, base, params);
    const errors = errorsOf(file);
    expect(errors).toHaveLength(1);
    expect(errors[0].file).toBe(file);
    expect(errors[0].path).toBe(path);
    expect(errors[0].rule.startsWith(rule)).toBe(true);
  });

  it('in a list of steps (e-visa desk arm) and through --set, in the file run', () => {
    const errors = errorsOf(scenarioPath('paper-evisa'), [
      'params.manual.steps[1].service.mean=-4.5',
    ]);
    expect(errors.map((e) => [e.path, e.rule])).toEqual([
      ['params.manual.steps[1].service.mean', 'must be greater than 0'],
    ]);
    expect(errors[0].file).toMatch(/scenarios\/paper-evisa\.yaml$/);
  });

  it('a model error while building names the scenario file (the peak day with no volume)', () => {
    const errors = errorsOf(scenarioPath('paper-evisa-peak-day'), [
      'params.peakDay.date=2030-01-01',
    ]);
    expect(errors).toHaveLength(1);
    expect(errors[0].file).toMatch(/scenarios\/paper-evisa-peak-day\.yaml$/);
    expect(errors[0].path).toBe('params.peakDay.date');
  });

  it('an error at a path of a built network is named at params, with that path after it', () => {
    const scenario = loadScenario(scenarioPath('paper-hizir'));
    const err = modelErrorInScenario(
      scenario,
      new ModelError('classes[1].route[0].service.mean', 'must be greater than 0'),
    ) as UserError;
    expect(err.file).toMatch(/scenarios\/paper-hizir\.yaml$/);
    expect(err.path).toBe('params');
    expect(err.rule).toBe(
      builtNetworkRule('hizir-load', 'classes[1].route[0].service.mean', 'must be greater than 0'),
    );
    expect(err.rule).toContain('hizir-load model');
    // Any other error is only located in the file, its class and path kept.
    const other = new UserError(undefined, 'stations.officers', 'stopped: too many in the system');
    const located = modelErrorInScenario(scenario, other) as UserError;
    expect([located.name, located.path]).toEqual(['UserError', 'stations.officers']);
    expect(located.file).toMatch(/paper-hizir\.yaml$/);
  });
});

describe("a service model's demand or stages wholly outside the horizon", () => {
  it('e-visa with calendar.start in a year config/evisa.yaml has no volume for is refused there', () => {
    const errors = errorsOf(scenarioPath('paper-evisa'), [
      'calendar.start=2030-01-01',
      'horizon=30d',
    ]);
    expect(errors.map((e) => e.path)).toEqual(['calendar.start']);
    expect(errors[0].rule).toMatch(
      /^puts the horizon \(2030-01-01 to 2030-01-30\) outside every year of the evisa model's demand \(its source 'applicants' brings arrivals in 2013 to 2021 only\)/,
    );
    expect(errorsOf(scenarioPath('paper-evisa'), ['horizon=30d'])).toEqual([]);
  });

  it('konsolosluk: pandemic stages none of which reaches the run are refused at their list', () => {
    const errors = errorsOf(scenarioPath('paper-konsolosluk-2020'), ['calendar.start=2021-01-01']);
    expect(errors.map((e) => e.path)).toEqual(['params.pandemic.phases']);
    expect(errors[0].file).toMatch(/scenarios\/paper-konsolosluk-2020\.yaml$/);
    expect(errors[0].rule).toContain(
      'every stage lies entirely outside the horizon (2021-01-01 to',
    );
    // A file whose horizon ends before them: refused; a quick look (--set horizon) keeps them.
    const short = join(dir, 'january.yaml');
    writeFileSync(
      short,
      `extends: ${scenarioPath('paper-konsolosluk-2020')}\nname: january\nhorizon: 31d\n`,
    );
    // Named in the base that wrote the stages, where the file that runs inherits them.
    expect(errorsOf(short).map((e) => [e.file, e.path])).toEqual([
      ['scenarios/paper-konsolosluk-2020.yaml', 'params.pandemic.phases'],
    ]);
    expect(errorsOf(scenarioPath('paper-konsolosluk-2020'), ['horizon=31d'])).toEqual([]);
  });

  it('konsolosluk: a deferred-demand window with no day in the run is refused at its path', () => {
    const file = scenarioPath('paper-konsolosluk-2020');
    const before = ['params.pandemic.deferred={share: 0.8, from: 2019-06-01, to: 2019-10-31}'];
    const errors = errorsOf(file, before);
    expect(errors.map((e) => e.path)).toEqual(['params.pandemic.deferred']);
    expect(errors[0].file).toMatch(/scenarios\/paper-konsolosluk-2020\.yaml$/);
    expect(errors[0].rule).toMatch(
      /^lies entirely outside the horizon \(2020-01-01 to 2020-12-\d\d\): .*; move it into the horizon, change calendar\.start or horizon, or remove it \(params\.pandemic\.deferred: null\)$/,
    );
    const after = ['params.pandemic.deferred={share: 0.8, from: 2021-02-01, to: 2021-03-31}'];
    expect(errorsOf(file, after).map((e) => e.path)).toEqual(['params.pandemic.deferred']);
    // One day inside the horizon is enough; so is a window after the end of a quick look.
    const edge = ['params.pandemic.deferred={share: 0.8, from: 2019-06-01, to: 2020-01-01}'];
    expect(errorsOf(file, edge)).toEqual([]);
    expect(errorsOf(file, ['horizon=31d'])).toEqual([]);
    expect(errorsOf(file, ['params.pandemic.deferred=null'])).toEqual([]);
  });

  it('a quick look keeps its stages in a batch too, where each task validates the document again', async () => {
    const quick = loadScenario(scenarioPath('paper-konsolosluk-2020'), {
      set: ['horizon=2d', 'warmup=0', 'params.citizens=2000'],
    });
    const [result] = await runScenarioSet([quick], {
      executor: localExecutor(0),
      replications: 1,
    });
    expect(result.metrics['totals.arrivals'].mean).toBeGreaterThan(0);
  });
});
