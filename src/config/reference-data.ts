import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseYamlText, utf8Text } from '../common/yaml-errors';
import { createSampler, DistributionError } from '../sim/distributions';
import { ConfigError } from './config-error';
import {
  AreasFile,
  EvisaFile,
  FIGURE_ID_PATTERN,
  MissionsFile,
  OperationsFile,
  PaperFigure,
  PaperFiguresFile,
  validateShape,
  type ConsularOperation,
  type EvisaFeeGroup,
  type Mission,
  type ServiceArea,
  type Violation,
} from './reference-data.schema';

/**
 * The project's reference data (config/*.yaml), read once, validated and typed:
 * the paper's figures, the Konsolosluk.NET catalogue, the mission network and the
 * e-visa inputs. Counts that the paper reports (12 areas, 74 operation types, close to
 * 250 missions, more than 120 virtual-POS missions, 35 M e-visa applications) are not
 * written here: they are read from paper-figures.yaml by figure id and checked against
 * the other files.
 */

export type { ConsularOperation, EvisaFeeGroup, Mission, PaperFigure, ServiceArea };
export type { AppointmentKind, Comparison, MissionType, Region, Weekday } from './reference-data.schema';

/** The Konsolosluk.NET service areas. The paper gives only their number; these ids are ours. */
export const AREA_IDS = [
  'passport',
  'identity-card',
  'civil-registry',
  'citizenship',
  'military-service',
  'notary',
  'legalization',
  'visa',
  'travel-document',
  'elections',
  'social-security',
  'repatriation-customs',
] as const;
export type AreaId = (typeof AREA_IDS)[number];

export interface EvisaReference {
  readonly assumptions: readonly string[];
  readonly feesByNationalityGroup: readonly EvisaFeeGroup[];
  /** Calendar year → applications in that year. */
  readonly yearlyApplications: Readonly<Record<number, number>>;
  /** Relative weights, January..December. */
  readonly monthlyProfile: readonly number[];
  /** Relative weights, Monday..Sunday. */
  readonly dayOfWeekProfile: readonly number[];
  /** Relative weights, hour 0..23 of `profileTimezone`. */
  readonly hourOfDayProfile: readonly number[];
  readonly profileTimezone: string;
}

export interface ReferenceData {
  /** The directory the data was read from (absolute). */
  readonly configDir: string;
  /** Paper figures by id (`evisa.applications_total`). */
  readonly figures: Readonly<Record<string, PaperFigure>>;
  readonly areas: readonly ServiceArea[];
  readonly operations: readonly ConsularOperation[];
  readonly missions: readonly Mission[];
  readonly evisa: EvisaReference;
}

/** Files under the config directory. */
export const REFERENCE_FILES = {
  figures: 'paper-figures.yaml',
  areas: 'konsolosluk/areas.yaml',
  operations: 'konsolosluk/operations.yaml',
  missions: 'missions.yaml',
  evisa: 'evisa.yaml',
} as const;

/** Figure ids the cross-file rules read. */
const FIG = {
  areas: 'konsolosluk_net.areas',
  operationTypes: 'konsolosluk_net.operation_types',
  missions: 'konsolosluk_net.missions',
  virtualPos: 'pos.missions_with_virtual_pos',
  evisaApplications: 'evisa.applications_total',
  evisaRevenue: 'evisa.fee_revenue_usd',
} as const;

/** Shares and loads are written with a few decimals; their sum may miss 1 by rounding. */
const SUM_TOLERANCE = 0.001;
/** "close to X" (comparison: about) in the paper is read as within ±2% of X (250 → 245..255). */
const ABOUT_TOLERANCE = 0.02;
/** evisa.yaml's share-weighted mean fee must be within 2% of revenue ÷ applications. */
const MEAN_FEE_TOLERANCE = 0.02;

/** Works from src/config (vitest, tsx) and from the compiled dist/config alike. */
export const DEFAULT_CONFIG_DIR = resolve(__dirname, '../../config');

const cache = new Map<string, ReferenceData>();

/**
 * Reads and validates the reference data under `configDir`; cached per directory.
 * Throws a ConfigError (`file: path: rule`) on the first problem found.
 */
/**
 * Reads config/ (or the directory in CONSULAR_SIM_CONFIG, for what-if reference data
 * and for tests that perturb it).
 */
export function loadReferenceData(configDir: string = process.env.CONSULAR_SIM_CONFIG || DEFAULT_CONFIG_DIR): ReferenceData {
  const dir = resolve(configDir);
  const hit = cache.get(dir);
  if (hit) return hit;
  const data = deepFreeze(readReferenceData(dir));
  cache.set(dir, data);
  return data;
}

/** Forgets cached data (tests that rewrite a directory). */
export function clearReferenceDataCache(): void {
  cache.clear();
}

/** The numeric value of a paper figure; throws a ConfigError for unknown or qualitative ids. */
export function figureValue(data: ReferenceData, id: string): number {
  const file = label(data.configDir, REFERENCE_FILES.figures);
  const figure = data.figures[id];
  if (!figure) throw new ConfigError(file, `figures.${id}`, 'is not defined');
  if (figure.value === null) throw new ConfigError(file, `figures.${id}`, 'is qualitative and has no value');
  return figure.value;
}

// ---------------------------------------------------------------- reading

function label(dir: string, file: string): string {
  return `${basename(dir)}/${file}`;
}

class Reader {
  constructor(readonly dir: string) {}

  file(key: keyof typeof REFERENCE_FILES): string {
    return label(this.dir, REFERENCE_FILES[key]);
  }

  yaml(key: keyof typeof REFERENCE_FILES): unknown {
    const path = join(this.dir, REFERENCE_FILES[key]);
    if (!existsSync(path)) throw new ConfigError(this.file(key), '', 'file not found');
    const text = utf8Text(readFileSync(path));
    if (typeof text !== 'string') throw new ConfigError(this.file(key), text.where, text.rule);
    return parseYamlText(
      text,
      (where, rule) => new ConfigError(this.file(key), where, rule),
    );
  }

  shape<T extends object>(key: keyof typeof REFERENCE_FILES, result: { value: T; violations: Violation[] }): T {
    const first = result.violations[0];
    if (first) throw new ConfigError(this.file(key), first.path, first.rule);
    return result.value;
  }

  fail(key: keyof typeof REFERENCE_FILES, path: string, rule: string): never {
    throw new ConfigError(this.file(key), path, rule);
  }
}

function readReferenceData(dir: string): ReferenceData {
  const r: Reader = new Reader(dir);
  const figures = readFigures(r);
  const figure = (id: string): number => {
    const f = figures[id];
    if (!f) r.fail('figures', `figures.${id}`, 'is required (the reference-data rules use it)');
    if (f.value === null) r.fail('figures', `figures.${id}`, 'must have a numeric value (the reference-data rules use it)');
    return f.value;
  };

  const areas = r.shape('areas', validateShape(AreasFile, r.yaml('areas'), '')).areas;
  checkAreas(r, areas, figure(FIG.areas));

  const operations = r.shape('operations', validateShape(OperationsFile, r.yaml('operations'), '')).operations;
  checkOperations(r, operations, areas, figure(FIG.operationTypes));

  const missions = r.shape('missions', validateShape(MissionsFile, r.yaml('missions'), '')).missions;
  checkMissions(r, missions, figures[FIG.missions], figure(FIG.missions), figure(FIG.virtualPos));

  const evisa = readEvisa(r, figure(FIG.evisaApplications), figure(FIG.evisaRevenue));

  return { configDir: dir, figures, areas, operations, missions, evisa };
}

function readFigures(r: Reader): Record<string, PaperFigure> {
  const file = r.shape('figures', validateShape(PaperFiguresFile, r.yaml('figures'), ''));
  const out: Record<string, PaperFigure> = {};
  for (const [id, plain] of Object.entries(file.figures)) {
    const path = `figures.${id}`;
    if (!FIGURE_ID_PATTERN.test(id)) r.fail('figures', path, 'must be a dotted figure id such as evisa.workdays_saved');
    const figure = r.shape('figures', validateShape(PaperFigure, plain, path));
    if (figure.kind === 'qualitative' && figure.value !== null) r.fail('figures', `${path}.value`, 'must be null for a qualitative figure');
    out[id] = figure;
  }
  return out;
}

function checkUniqueIds(r: Reader, key: keyof typeof REFERENCE_FILES, list: string, items: readonly { id: string }[]): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const before = seen.get(item.id);
    if (before !== undefined) r.fail(key, `${list}[${i}].id`, `must be unique; '${item.id}' is also ${list}[${before}].id`);
    seen.set(item.id, i);
  });
}

function checkSumToOne(r: Reader, key: keyof typeof REFERENCE_FILES, path: string, values: readonly number[]): void {
  const sum = values.reduce((s, v) => s + v, 0);
  if (Math.abs(sum - 1) > SUM_TOLERANCE) r.fail(key, path, `must sum to 1 (±${SUM_TOLERANCE}); they sum to ${round(sum, 6)}`);
}

function checkAreas(r: Reader, areas: readonly ServiceArea[], expected: number): void {
  checkUniqueIds(r, 'areas', 'areas', areas);
  const known = new Set<string>(AREA_IDS);
  areas.forEach((a, i) => {
    if (!known.has(a.id)) r.fail('areas', `areas[${i}].id`, `must be one of ${AREA_IDS.join(', ')}; '${a.id}' is not`);
  });
  const ids = new Set(areas.map((a) => a.id));
  const missing = AREA_IDS.filter((id) => !ids.has(id));
  if (missing.length > 0) r.fail('areas', 'areas', `must contain area '${missing[0]}' (missing)`);
  if (areas.length !== expected) r.fail('areas', 'areas', `must have ${expected} entries (figure ${FIG.areas}); found ${areas.length}`);
}

function checkOperations(r: Reader, operations: readonly ConsularOperation[], areas: readonly ServiceArea[], expected: number): void {
  checkUniqueIds(r, 'operations', 'operations', operations);
  const areaIds = new Set(areas.map((a) => a.id));
  operations.forEach((op, i) => {
    const path = `operations[${i}]`;
    if (!areaIds.has(op.area)) r.fail('operations', `${path}.area`, `must be an area of ${r.file('areas')}; '${op.area}' is not`);
    if (!op.id.startsWith(`${op.area}-`)) r.fail('operations', `${path}.id`, `must start with its area ('${op.area}-')`);
    try {
      createSampler(op.officerMinutes);
    } catch (err) {
      if (!(err instanceof DistributionError)) throw err;
      r.fail('operations', err.path ? `${path}.officerMinutes.${err.path}` : `${path}.officerMinutes`, err.rule);
    }
  });
  checkSumToOne(r, 'operations', 'operations[*].share', operations.map((o) => o.share));
  if (operations.length !== expected) {
    r.fail('operations', 'operations', `must have ${expected} entries (figure ${FIG.operationTypes}); found ${operations.length}`);
  }
}

function checkMissions(r: Reader, missions: readonly Mission[], missionsFigure: PaperFigure, expected: number, virtualPosAtLeast: number): void {
  checkUniqueIds(r, 'missions', 'missions', missions);
  missions.forEach((m, i) => {
    const path = `missions[${i}]`;
    if (!isTimeZone(m.timezone)) r.fail('missions', `${path}.timezone`, `must be an IANA time zone known to the runtime; '${m.timezone}' is not`);
    if (m.openingHours.close <= m.openingHours.open) r.fail('missions', `${path}.openingHours.close`, 'must be later than open');
  });
  checkSumToOne(r, 'missions', 'missions[*].load', missions.map((m) => m.load));
  const slack = missionsFigure.comparison === 'about' ? ABOUT_TOLERANCE : 0;
  const min = Math.ceil(expected * (1 - slack));
  const max = Math.floor(expected * (1 + slack));
  if (missions.length < min || missions.length > max) {
    r.fail('missions', 'missions', `must have ${min}-${max} entries (figure ${FIG.missions}: close to ${expected}); found ${missions.length}`);
  }
  const withPos = missions.filter((m) => m.virtualPos).length;
  if (!(withPos > virtualPosAtLeast)) {
    r.fail('missions', 'missions[*].virtualPos', `must be true for more than ${virtualPosAtLeast} missions (figure ${FIG.virtualPos}); found ${withPos}`);
  }
}

function readEvisa(r: Reader, applicationsTotal: number, revenueUsd: number): EvisaReference {
  const file = r.shape('evisa', validateShape(EvisaFile, r.yaml('evisa'), ''));
  checkUniqueIds(r, 'evisa', 'feesByNationalityGroup', file.feesByNationalityGroup);
  checkSumToOne(r, 'evisa', 'feesByNationalityGroup[*].share', file.feesByNationalityGroup.map((g) => g.share));
  const meanFee = file.feesByNationalityGroup.reduce((s, g) => s + g.share * g.feeUsd, 0);
  const target = revenueUsd / applicationsTotal;
  if (Math.abs(meanFee / target - 1) > MEAN_FEE_TOLERANCE) {
    r.fail(
      'evisa',
      'feesByNationalityGroup',
      `must have a share-weighted mean fee within ${MEAN_FEE_TOLERANCE * 100}% of ${round(target, 2)} USD (figures ${FIG.evisaRevenue} ÷ ${FIG.evisaApplications}); it is ${round(meanFee, 2)}`,
    );
  }
  const yearly: Record<number, number> = {};
  let total = 0;
  for (const [year, value] of Object.entries(file.yearlyApplications)) {
    const path = `yearlyApplications.${year}`;
    if (!/^\d{4}$/.test(year)) r.fail('evisa', path, 'must be keyed by a four-digit year');
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) r.fail('evisa', path, 'must be a whole number, 0 or more');
    yearly[Number(year)] = value;
    total += value;
  }
  if (total !== applicationsTotal) {
    r.fail('evisa', 'yearlyApplications', `must sum to ${applicationsTotal} (figure ${FIG.evisaApplications}); they sum to ${total}`);
  }
  for (const key of ['monthlyProfile', 'dayOfWeekProfile', 'hourOfDayProfile'] as const) {
    if (!file[key].some((w) => w > 0)) r.fail('evisa', key, 'must have at least one weight greater than 0');
  }
  if (!isTimeZone(file.profileTimezone)) r.fail('evisa', 'profileTimezone', `must be an IANA time zone known to the runtime; '${file.profileTimezone}' is not`);
  return {
    assumptions: file.assumptions,
    feesByNationalityGroup: file.feesByNationalityGroup,
    yearlyApplications: yearly,
    monthlyProfile: file.monthlyProfile,
    dayOfWeekProfile: file.dayOfWeekProfile,
    hourOfDayProfile: file.hourOfDayProfile,
    profileTimezone: file.profileTimezone,
  };
}

// ---------------------------------------------------------------- helpers

/** Zones found valid: 250 missions share a few dozen, and each check builds a formatter. */
const knownZones = new Set<string>();

function isTimeZone(zone: string): boolean {
  if (knownZones.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    return false;
  }
  knownZones.add(zone);
  return true;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
