import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parse, stringify } from 'yaml';
import { ConfigError } from '../../../src/config/config-error';
import {
  AREA_IDS,
  DEFAULT_CONFIG_DIR,
  REFERENCE_FILES,
  clearReferenceDataCache,
  figureValue,
  loadReferenceData,
} from '../../../src/config/reference-data';

const REPO_CONFIG = resolve(__dirname, '../../../config');

// Parsed YAML, edited freely by the tests: checking its shape is the loader's job.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type YamlDoc = any;

/** The ids of /work/shared/paper/figures.md, which config/paper-figures.yaml must carry. */
const PAPER_FIGURE_IDS = [
  'evisa.peak_day_issued',
  'evisa.applications_total',
  'evisa.fee_revenue_usd',
  'evisa.officer_minutes_saved_per_application',
  'evisa.officer_hours_saved',
  'evisa.workdays_saved',
  'konsolosluk_gov_tr.citizens_served_2020',
  'konsolosluk_net.missions',
  'konsolosluk_net.areas',
  'konsolosluk_net.operation_types',
  'konsolosluk_net.citizens_2020',
  'konsolosluk_net.transactions_2020',
  'konsolosluk_net.trend',
  'pos.transactions_per_year',
  'pos.missions_with_virtual_pos',
  'hizir.launch',
  'diplomatic_portal.diplomats',
  'diplomatic_portal.service_areas',
];

describe('reference data: the real config', () => {
  const data = loadReferenceData();

  it('resolves the default directory to <repo>/config and caches per directory', () => {
    expect(DEFAULT_CONFIG_DIR).toBe(REPO_CONFIG);
    expect(data.configDir).toBe(REPO_CONFIG);
    expect(loadReferenceData(REPO_CONFIG)).toBe(data);
    expect(Object.isFrozen(data.missions[0])).toBe(true);
  });

  it('carries every figure of the paper, qualitative ones without a value', () => {
    expect(Object.keys(data.figures).sort()).toEqual([...PAPER_FIGURE_IDS].sort());
    expect(figureValue(data, 'evisa.applications_total')).toBe(35_000_000);
    expect(figureValue(data, 'konsolosluk_net.transactions_2020')).toBe(1_594_028);
    expect(data.figures['konsolosluk_net.missions'].comparison).toBe('about');
    expect(data.figures['pos.missions_with_virtual_pos'].comparison).toBe('at-least');
    expect(data.figures['hizir.launch']).toMatchObject({ value: null, kind: 'qualitative' });
    expect(() => figureValue(data, 'hizir.launch')).toThrow('config/paper-figures.yaml: figures.hizir.launch: is qualitative and has no value');
    expect(() => figureValue(data, 'no.such_figure')).toThrow(ConfigError);
  });

  it('has the catalogue the paper describes: areas and operation types by figure', () => {
    expect(data.areas).toHaveLength(figureValue(data, 'konsolosluk_net.areas'));
    expect(data.areas.map((a) => a.id).sort()).toEqual([...AREA_IDS].sort());
    expect(data.operations).toHaveLength(figureValue(data, 'konsolosluk_net.operation_types'));
    const areaIds = new Set(data.areas.map((a) => a.id));
    for (const op of data.operations) {
      expect(areaIds.has(op.area), op.id).toBe(true);
      expect(op.id.startsWith(`${op.area}-`), op.id).toBe(true);
    }
    expect(new Set(data.operations.map((o) => o.id)).size).toBe(data.operations.length);
    for (const area of data.areas) expect(data.operations.some((o) => o.area === area.id), area.id).toBe(true);
    const shares = data.operations.reduce((s, o) => s + o.share, 0);
    expect(Math.abs(shares - 1)).toBeLessThanOrEqual(0.001);
  });

  it('weights the big four areas (passport, identity card, notary, civil registry) most', () => {
    const byArea = new Map<string, number>();
    for (const op of data.operations) byArea.set(op.area, (byArea.get(op.area) ?? 0) + op.share);
    const bigFour = ['passport', 'identity-card', 'notary', 'civil-registry'].reduce((s, a) => s + (byArea.get(a) ?? 0), 0);
    expect(bigFour).toBeGreaterThan(0.6);
  });

  it('has close to 250 missions, heavy-tailed loads and more than 120 with virtual POS', () => {
    const n = figureValue(data, 'konsolosluk_net.missions');
    expect(data.missions.length).toBeGreaterThanOrEqual(n * 0.98);
    expect(data.missions.length).toBeLessThanOrEqual(n * 1.02);
    expect(new Set(data.missions.map((m) => m.id)).size).toBe(data.missions.length);
    expect(Math.abs(data.missions.reduce((s, m) => s + m.load, 0) - 1)).toBeLessThanOrEqual(0.001);
    expect(data.missions.filter((m) => m.virtualPos).length).toBeGreaterThan(figureValue(data, 'pos.missions_with_virtual_pos'));
    const loads = data.missions.map((m) => m.load).sort((a, b) => b - a);
    expect(loads[0] / loads[loads.length - 1]).toBeGreaterThanOrEqual(100);
    const koln = data.missions.find((m) => m.id === 'koln-cg');
    expect(koln?.officers).toBeGreaterThanOrEqual(10);
  });

  it('matches the e-visa figures: yearly total and mean fee (calibrated)', () => {
    const years = Object.values(data.evisa.yearlyApplications);
    expect(years.reduce((s, v) => s + v, 0)).toBe(figureValue(data, 'evisa.applications_total'));
    const mean = data.evisa.feesByNationalityGroup.reduce((s, g) => s + g.share * g.feeUsd, 0);
    const target = figureValue(data, 'evisa.fee_revenue_usd') / figureValue(data, 'evisa.applications_total');
    expect(Math.abs(mean / target - 1)).toBeLessThanOrEqual(0.02);
    const y = data.evisa.yearlyApplications;
    expect(y[2020] / y[2019]).toBeLessThan(0.4);
    expect(y[2021]).toBeGreaterThan(y[2020]);
    expect(data.evisa.hourOfDayProfile).toHaveLength(24);
  });
});

describe('reference data: broken copies fail with file: path: rule', () => {
  const roots: string[] = [];
  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
    clearReferenceDataCache();
  });

  /** Copies config/ to <tmp>/config, lets `edit` change one file's parsed YAML, returns the dir. */
  function brokenCopy(file: string, edit: (doc: YamlDoc) => void): string {
    const root = mkdtempSync(join(tmpdir(), 'consular-sim-config-'));
    roots.push(root);
    const dir = join(root, 'config');
    cpSync(REPO_CONFIG, dir, { recursive: true });
    const doc = parse(readFileSync(join(dir, file), 'utf8')) as YamlDoc;
    edit(doc);
    writeFileSync(join(dir, file), stringify(doc));
    return dir;
  }

  function errorOf(dir: string): ConfigError {
    try {
      loadReferenceData(dir);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return err as ConfigError;
    }
    throw new Error('expected loadReferenceData to throw');
  }

  it('a negative officer count', () => {
    const err = errorOf(brokenCopy(REFERENCE_FILES.missions, (d) => (d.missions[12].officers = -1)));
    expect(err.message).toBe('config/missions.yaml: missions[12].officers: must be a positive integer');
    expect(err).toMatchObject({ file: 'config/missions.yaml', path: 'missions[12].officers', rule: 'must be a positive integer' });
    expect(err.message).not.toMatch(/\n\s+at /);
  });

  it('a missing area', () => {
    const dir = brokenCopy(REFERENCE_FILES.areas, (d) => (d.areas = d.areas.filter((a: { id: string }) => a.id !== 'notary')));
    expect(errorOf(dir).message).toBe("config/konsolosluk/areas.yaml: areas: must contain area 'notary' (missing)");
  });

  it('a duplicate operation id', () => {
    let dup = '';
    const dir = brokenCopy(REFERENCE_FILES.operations, (d) => {
      dup = d.operations[0].id;
      d.operations[1].id = dup;
    });
    expect(errorOf(dir).message).toBe(`config/konsolosluk/operations.yaml: operations[1].id: must be unique; '${dup}' is also operations[0].id`);
  });

  it('an operation in an unknown area', () => {
    const dir = brokenCopy(REFERENCE_FILES.operations, (d) => (d.operations[3].area = 'astrology'));
    expect(errorOf(dir).message).toBe(
      "config/konsolosluk/operations.yaml: operations[3].area: must be an area of config/konsolosluk/areas.yaml; 'astrology' is not",
    );
  });

  it('an invalid officer-minutes distribution', () => {
    const dir = brokenCopy(REFERENCE_FILES.operations, (d) => (d.operations[0].officerMinutes = { dist: 'lognormal', mean: -3, cv: 0.4 }));
    expect(errorOf(dir).message).toBe('config/konsolosluk/operations.yaml: operations[0].officerMinutes.mean: must be greater than 0');
  });

  it('a misspelt key', () => {
    const dir = brokenCopy(REFERENCE_FILES.missions, (d) => (d.missions[0].oficers = 3));
    expect(errorOf(dir).message).toBe('config/missions.yaml: missions[0].oficers: is not a known key');
  });

  it('an operation count that disagrees with the paper figure', () => {
    const dir = brokenCopy(REFERENCE_FILES.figures, (d) => (d.figures['konsolosluk_net.operation_types'].value = 75));
    expect(errorOf(dir).message).toBe(
      'config/konsolosluk/operations.yaml: operations: must have 75 entries (figure konsolosluk_net.operation_types); found 74',
    );
  });

  it('too few virtual-POS missions', () => {
    const dir = brokenCopy(REFERENCE_FILES.missions, (d) => d.missions.forEach((m: { virtualPos: boolean }, i: number) => (m.virtualPos = i < 120)));
    expect(errorOf(dir).message).toBe(
      'config/missions.yaml: missions[*].virtualPos: must be true for more than 120 missions (figure pos.missions_with_virtual_pos); found 120',
    );
  });

  it('an e-visa yearly total that misses the paper figure', () => {
    const dir = brokenCopy(REFERENCE_FILES.evisa, (d) => (d.yearlyApplications[2019] += 1));
    expect(errorOf(dir).message).toBe(
      'config/evisa.yaml: yearlyApplications: must sum to 35000000 (figure evisa.applications_total); they sum to 35000001',
    );
  });

  it('operation shares that do not sum to 1', () => {
    const dir = brokenCopy(REFERENCE_FILES.operations, (d) => (d.operations[0].share += 0.01));
    expect(errorOf(dir).message).toMatch(/^config\/konsolosluk\/operations\.yaml: operations\[\*\]\.share: must sum to 1 \(±0\.001\); they sum to 1\.01/);
  });

  it('a file that is not YAML', () => {
    const dir = brokenCopy(REFERENCE_FILES.evisa, () => undefined);
    writeFileSync(join(dir, REFERENCE_FILES.evisa), 'yearlyApplications: [1, 2\n');
    expect(errorOf(dir).message).toMatch(
      /^config\/evisa\.yaml: line \d+, column \d+: is not valid YAML: /,
    );
  });

  it('a YAML mistake named by its line and column, as in a scenario', () => {
    const dir = brokenCopy(REFERENCE_FILES.evisa, () => undefined);
    // Line 3's key is indented unlike its sibling on line 2: the mistake is its first character.
    writeFileSync(
      join(dir, REFERENCE_FILES.evisa),
      'yearlyApplications:\n  2013: 1\n    2014: 2\n',
    );
    expect(errorOf(dir).message).toMatch(/^config\/evisa\.yaml: line 3, column 5: is not valid YAML: /);
    // An unclosed quote: named where it opens, not past the end of the file.
    writeFileSync(join(dir, REFERENCE_FILES.evisa), 'a: 1\nb: "open\nc: 2\n');
    expect(errorOf(dir).message).toMatch(/^config\/evisa\.yaml: line 2, column 4: is not valid YAML: /);
    // A key given twice.
    writeFileSync(join(dir, REFERENCE_FILES.evisa), 'a: 1\na: 2\n');
    expect(errorOf(dir).message).toMatch(/^config\/evisa\.yaml: line 2, column 1: is not valid YAML: .*unique/);
    // A year written as a number and as text: one key once read, the second value lost.
    writeFileSync(join(dir, REFERENCE_FILES.evisa), 'yearlyApplications:\n  2013: 1\n  "2013": 2\n');
    expect(errorOf(dir).message).toBe(
      `config/evisa.yaml: line 3, column 3: is not valid here: the keys 2013 (line 2) and "2013" (this line) are one key once read, '2013', and the second value would replace the first without a word: write the key once`,
    );
    // A key that is a mapping: named by where it is, with no warning printed.
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    writeFileSync(join(dir, REFERENCE_FILES.evisa), 'yearlyApplications:\n  ? {2013: 1}\n  : 2\n');
    expect(errorOf(dir).message).toBe(
      'config/evisa.yaml: yearlyApplications: has a key that is a mapping ({2013: 1}, line 2): a key is a name, written as text (quote it to keep those characters in the name)',
    );
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('an alias bomb named at the alias the parser stopped on, as in a scenario', () => {
    const dir = brokenCopy(REFERENCE_FILES.evisa, () => undefined);
    // Levels of ten aliases of the level before: 1,000 copies by the third, 30 aliases written.
    const levels = [1, 2, 3].map((k) => `l${k}: &l${k} [${Array(10).fill(`*l${k - 1}`).join(', ')}]`);
    const text = ['l0: &l0 [x, x, x, x, x, x, x, x, x, x]', ...levels].join('\n');
    writeFileSync(join(dir, REFERENCE_FILES.evisa), text);
    const message = errorOf(dir).message;
    const place = message.match(
      /^config\/evisa\.yaml: line (\d+), column (\d+): is not valid here: this alias \(\*(l\d)\) .*alias bomb/,
    );
    expect(place, message).not.toBeNull();
    const [, line, col, name] = place!;
    expect(text.split('\n')[Number(line) - 1].slice(Number(col) - 1).startsWith(`*${name}`)).toBe(true);
  });
});
