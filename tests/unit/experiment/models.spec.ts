import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clearReferenceDataCache } from '../../../src/config/reference-data';
import { getServiceModel } from '../../../src/experiment/models';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { modelParams } from '../../../src/experiment/scenario.runner';
import { mean, run } from '../../helpers/scenario-run';

const root = join(__dirname, '../../..');

describe('every scenario builds', () => {
  const files = readdirYaml(join(root, 'scenarios'));
  it.each(files)('%s: params validate and the model builds its networks', (file) => {
    const scenario = loadScenario(join(root, 'scenarios', file));
    const params = modelParams(scenario);
    const arms = getServiceModel(scenario.model).build(params as never, scenario);
    expect(Object.keys(arms).length).toBeGreaterThan(0);
  });
});

function readdirYaml(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
}

describe("emergent figures are not the paper's numbers", () => {
  const dir = mkdtempSync(join(tmpdir(), 'consular-sim-config-'));
  afterAll(() => {
    delete process.env.CONSULAR_SIM_CONFIG;
    clearReferenceDataCache();
    rmSync(dir, { recursive: true, force: true });
  });

  it('changing the paper figures that are results changes no simulated figure', async () => {
    const set = ['params.sampling=0.002', 'horizon=120d'];
    const before = await run('paper-evisa', set, 2);
    cpSync(join(root, 'config'), dir, { recursive: true });
    const file = join(dir, 'paper-figures.yaml');
    let text = readFileSync(file, 'utf8');
    for (const [id, value] of [
      ['evisa.officer_minutes_saved_per_application', '31'],
      ['evisa.officer_hours_saved', '123'],
      ['evisa.workdays_saved', '456'],
      ['evisa.peak_day_issued', '7'],
    ]) {
      text = text.replace(
        new RegExp(`(  ${id.replace('.', '\\.')}:\\n    value: )[^\\n]+`),
        `$1${value}`,
      );
    }
    writeFileSync(file, text);
    process.env.CONSULAR_SIM_CONFIG = dir;
    clearReferenceDataCache();
    const after = await run('paper-evisa', set, 2);
    for (const k of [
      'officerMinutesSavedPerApplication',
      'officerHoursSaved',
      'workdaysSaved',
      'feeRevenueUsd',
    ]) {
      expect(mean(after, `derived.${k}`), k).toBe(mean(before, `derived.${k}`));
    }
    expect(readFileSync(file, 'utf8')).toContain('value: 31');
  });
});
