import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clearReferenceDataCache, loadReferenceData } from '../../../src/config/reference-data';
import { loadPortalReference } from '../../../src/diplomatic-portal/diplomatic-portal.config';
import { compareFigures } from '../../../src/experiment/reproduce';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { runScenario } from '../../../src/experiment/scenario.runner';
import { mean, pairedDifference, run, scenarioPath } from '../../helpers/scenario-run';

/** Four weeks of the year keep the runs short (about 5,800 requests an arm). */
const MONTH = ['horizon=28d'];

describe('Diplomatic Portal reference data', () => {
  it('has nine areas with unique ids and missions with a source for every headcount', () => {
    const ref = loadPortalReference();
    expect(ref.areas).toHaveLength(9);
    expect(new Set(ref.areas.map((a) => a.id)).size).toBe(9);
    expect(ref.missions.length).toBeGreaterThan(100);
    for (const m of ref.missions) expect(m.source.length, m.id).toBeGreaterThan(0);
    expect(new Set(ref.missions.map((m) => m.kind))).toEqual(
      new Set(['embassy', 'consulate', 'international-organisation']),
    );
  });
});

describe('Diplomatic Portal model', () => {
  it('the portal decides the same requests sooner and with fewer officer hours than paper (paired)', async () => {
    const r = await run('paper-diplomatic-portal', MONTH, 3);
    const diplomats = loadPortalReference().missions.reduce((s, m) => s + m.diplomats, 0);
    expect(mean(r, 'derived.diplomats')).toBe(diplomats);
    expect(mean(r, 'derived.serviceAreas')).toBe(9);
    expect(r.metrics['derived.officerHoursSaved'].ci95![0]).toBeGreaterThan(0);
    expect(r.metrics['derived.daysToDecisionSaved'].ci95![0]).toBeGreaterThan(0);
    expect(mean(r, 'derived.paper.daysToDecision')).toBeGreaterThan(
      mean(r, 'derived.daysToDecision'),
    );
  });

  it('assumptions move the emergent results the expected way', async () => {
    const base = await run('paper-diplomatic-portal', MONTH, 3);
    // More tax-refund requests a diplomat: more hours saved.
    const more = await run(
      'paper-diplomatic-portal',
      [...MONTH, 'params.areas.tax.perDiplomat=2'],
      3,
    );
    const d = pairedDifference(base, more, 'derived.officerHoursSaved');
    expect(d.mean - d.halfWidth).toBeGreaterThan(0);
    // Fewer officers: paper decisions (88% busy with 18) take longer.
    const fewer = await run('paper-diplomatic-portal', [...MONTH, 'params.officers=16'], 3);
    const slower = pairedDifference(base, fewer, 'derived.paper.daysToDecision');
    expect(slower.mean - slower.halfWidth).toBeGreaterThan(0);
    // Paper exactly as fast as the portal (same minutes, returns, no courier): nothing saved.
    const same = [
      ...MONTH,
      'params.correction.paper=0.05',
      'params.courierDays={dist: constant, value: 0}',
      ...[
        'accreditation',
        'identity-cards',
        'residence',
        'vehicles',
        'customs',
        'tax',
        'premises',
        'protocol',
        'correspondence',
      ].map((a) => `params.areas.${a}.paperMinutes=${loadArea(a).portalMinutes}`),
    ];
    const none = await run('paper-diplomatic-portal', same, 3);
    const saved = none.metrics['derived.officerHoursSaved'];
    expect(Math.abs(saved.mean)).toBeLessThan(mean(base, 'derived.officerHoursSaved') / 10);
  });

  it('an area id that is not in areas.yaml is a scenario error naming the key', async () => {
    await expect(
      run(
        'paper-diplomatic-portal',
        [...MONTH, 'params.areas.visas={perDiplomat: 1, portalMinutes: 5, paperMinutes: 9}'],
        1,
      ),
    ).rejects.toThrow(
      /params\.areas\.visas: must be an area of config\/diplomatic-portal\/areas\.yaml/,
    );
  });
});

describe('Diplomatic Portal office hours', () => {
  it.each([
    ['params.hours.close=08:00', 'params.hours.close: must be later than open'],
    ['params.hours.close=09:00', 'params.hours.close: must be later than open'],
    ['params.hours.close=24:30', 'params.hours.close: must be a time HH:MM from 00:00 to 24:00'],
  ])('%s is a scenario error naming the key, with the file as shown', async (set, rule) => {
    await expect(run('paper-diplomatic-portal', [...MONTH, set], 1)).rejects.toThrow(
      `scenarios/paper-diplomatic-portal.yaml: ${rule}`,
    );
    await expect(run('paper-diplomatic-portal', [...MONTH, set], 1)).rejects.not.toThrow(/^\//);
  });
});

describe("the paper's reference figures", () => {
  let dir: string | undefined;
  afterEach(() => {
    delete process.env.CONSULAR_SIM_CONFIG;
    clearReferenceDataCache();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('changing them changes no simulated value, only the verdict', async () => {
    const scenario = () => loadScenario(scenarioPath('paper-diplomatic-portal'), { set: MONTH });
    const before = await runScenario(scenario(), { replications: 2, threads: 0 });
    dir = mkdtempSync(join(tmpdir(), 'portal-figures-'));
    cpSync(join(__dirname, '../../../config'), dir, { recursive: true });
    const figures = join(dir, 'paper-figures.yaml');
    const text = readFileSync(figures, 'utf8');
    const changed = text
      .replace(/(diplomatic_portal\.diplomats:\n\s+value:) 20000/, '$1 40000')
      .replace(/(diplomatic_portal\.service_areas:\n\s+value:) 9/, '$1 12');
    expect(changed).not.toBe(text);
    writeFileSync(figures, changed);
    process.env.CONSULAR_SIM_CONFIG = dir;
    clearReferenceDataCache();
    const ref = loadReferenceData();
    expect(ref.figures['diplomatic_portal.diplomats'].value).toBe(40000);
    const after = await runScenario(scenario(), { replications: 2, threads: 0 });
    for (const [k, m] of Object.entries(before.metrics))
      expect(after.metrics[k].samples, k).toEqual(m.samples);
    const verdicts = compareFigures(scenario(), after, ref);
    expect(verdicts.every((f) => !f.ok)).toBe(true);
  });
});

function loadArea(id: string): { portalMinutes: number } {
  const doc = readFileSync(scenarioPath('paper-diplomatic-portal'), 'utf8');
  const m = new RegExp(`${id}: \\{[^}]*portalMinutes: (\\d+)`).exec(doc);
  if (!m) throw new Error(`no ${id} in the scenario`);
  return { portalMinutes: Number(m[1]) };
}
