/**
 * The `uncertain:` block of a scenario — which assumptions are not known exactly, the
 * range or distribution each may take, and where that range comes from — and the
 * optional `audit:` block (settings for audit runs, figures audited beside `reproduces`).
 * Validated into `path: rule` violations like the rest of the scenario file.
 */
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { closest } from '../suggest';
import { validatePlain, type Violation } from '../validate';
import { UNCERTAIN_DISTS, type UncertainDist } from './uncertain-dist';
import { triangularViolation } from '../../sim/distributions';

const NUMBER = { message: 'must be a number' };

export class UncertainSchema {
  @IsString({
    message: 'must be the path of a number in this scenario, e.g. params.manual.deskShare',
  })
  @Matches(/^[A-Za-z0-9_@:-]+(\.[A-Za-z0-9_@:-]+|\[\d+\])*$/, {
    message: 'must be a dotted path such as params.manual.steps[1].service.mean',
  })
  path!: string;
  @IsIn(UNCERTAIN_DISTS as unknown as string[], {
    message: `must be one of ${UNCERTAIN_DISTS.join(', ')}`,
  })
  dist!: UncertainDist['dist'];
  @IsOptional() @IsNumber({}, NUMBER) min?: number;
  @IsOptional() @IsNumber({}, NUMBER) max?: number;
  @IsOptional() @IsNumber({}, NUMBER) mode?: number;
  @IsOptional() @IsNumber({}, NUMBER) mean?: number;
  @IsOptional()
  @IsNumber({}, { message: 'must be a number greater than 0' })
  @Min(Number.MIN_VALUE, { message: 'must be a number greater than 0' })
  cv?: number;
  @IsOptional()
  @IsArray({ message: 'must be a list of numbers' })
  @IsNumber({}, { each: true, message: 'must be a list of numbers' })
  values?: number[];
  @IsOptional()
  @IsArray({ message: 'must be a list of weights, 0 or more' })
  @IsNumber({}, { each: true, message: 'must be a list of weights, 0 or more' })
  @Min(0, { each: true, message: 'must be a list of weights, 0 or more' })
  weights?: number[];
  /** Round each drawn value to a whole number (servers, officers). */
  @IsOptional() @IsBoolean({ message: 'must be true or false' }) integer?: boolean;
  /** Why this range: the evidence, or the lack of it. Required: a range without a reason is a guess. */
  @IsString({ message: 'must say where the range comes from (text)' })
  @MinLength(3, {
    message:
      'must say where the range comes from (text of 3 characters or more, e.g. "assumption")',
  })
  source!: string;
}

export class AuditFigureSchema {
  @IsString({ message: 'must be an id' }) id!: string;
  @IsString({ message: 'must be a metric name such as derived.officerHoursSaved' }) metric!: string;
  @IsOptional() @IsNumber({}, NUMBER) paper?: number;
  @IsOptional()
  @IsIn(['about', 'at-least'], { message: 'must be about or at-least' })
  comparison?: 'about' | 'at-least';
  @IsOptional()
  @IsNumber({}, { message: 'must be a number between 0 and 1' })
  @Min(0, { message: 'must be a number between 0 and 1' })
  @Max(1, { message: 'must be a number between 0 and 1' })
  tolerance?: number;
  @IsOptional() @IsString({ message: 'must be text' }) note?: string;
}

export class AuditSchema {
  /** `path=value` overrides for audit runs only (e.g. a coarser sampling), each with a reason. */
  @IsOptional()
  @IsArray({ message: 'must be a list of path=value overrides' })
  @IsString({ each: true, message: 'must be a list of path=value overrides' })
  set?: string[];
  @IsOptional()
  @IsInt({ message: 'must be a whole number from 1 to 100' })
  @Min(1, { message: 'must be a whole number from 1 to 100' })
  @Max(100, { message: 'must be a whole number from 1 to 100' })
  replications?: number;
  @IsOptional()
  @IsArray({ message: 'must be a list of {id, metric, paper?, comparison?, tolerance?}' })
  @ValidateNested({ each: true })
  @Type(() => AuditFigureSchema)
  figures?: AuditFigureSchema[];
  @IsOptional() @IsString({ message: 'must be text' }) note?: string;
}

export interface UncertainParameter {
  path: string;
  dist: UncertainDist;
  integer: boolean;
  source: string;
}

export interface AuditSettings {
  set: string[];
  replications: number;
  figures: {
    id: string;
    metric: string;
    paper: number | null;
    comparison: 'about' | 'at-least';
    tolerance?: number;
    note: string;
  }[];
  note: string;
}

/** `a.b[2].c` → ['a', 'b', '2', 'c']. */
export function pathKeys(path: string): string[] {
  return path.replace(/\[(\d+)\]/g, '.$1').split('.');
}

/** The value at a path of a plain document (undefined when any step is missing). */
export function valueAt(document: unknown, path: string): unknown {
  let node: unknown = document;
  for (const key of pathKeys(path)) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Sets the value at an existing path of a plain document. */
export function setValueAt(document: unknown, path: string, value: number): void {
  const keys = pathKeys(path);
  let node = document as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[keys[keys.length - 1]] = value;
}

/**
 * `; did you mean 'stations.desk.servers'?` for a path whose every missing key is one typo from
 * a key the scenario has there (as an unknown key of a file is), leading to a number; or ''.
 */
function meant(path: string, document: unknown): string {
  let node = document;
  let shown = '';
  for (const key of pathKeys(path)) {
    if (typeof node !== 'object' || node === null) return '';
    const here = node as Record<string, unknown>;
    const found = Object.hasOwn(here, key)
      ? key
      : Array.isArray(node)
        ? undefined
        : closest(key, Object.keys(here));
    if (found === undefined) return '';
    shown += Array.isArray(node) ? `[${found}]` : shown ? `.${found}` : found;
    node = here[found];
  }
  return typeof node === 'number' && shown !== path ? `; did you mean '${shown}'?` : '';
}

export function parseUncertain(
  raw: unknown,
  document: Record<string, unknown>,
  violations: Violation[],
): UncertainParameter[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    violations.push({
      path: 'uncertain',
      rule: 'must be a list of {path, dist, ..., source}',
    });
    return [];
  }
  const out: UncertainParameter[] = [];
  const seen = new Set<string>();
  raw.forEach((item, i) => {
    const at = `uncertain[${i}]`;
    const { value: u, violations: v } = validatePlain(UncertainSchema, item, at);
    violations.push(...v);
    if (v.length) return;
    const bad = (field: string, rule: string) => violations.push({ path: `${at}.${field}`, rule });
    const before = violations.length;
    const needs = (fields: (keyof UncertainSchema)[]) => {
      for (const f of fields) if (u[f] === undefined) bad(f, `is required for dist ${u.dist}`);
      const allowed = new Set<string>(['path', 'dist', 'integer', 'source', ...fields]);
      if (u.dist === 'normal') allowed.add('min').add('max');
      if (u.dist === 'discrete') allowed.add('weights');
      for (const key of Object.keys(item as object))
        if (!allowed.has(key)) bad(key, `does not apply to dist ${u.dist}`);
    };
    let dist: UncertainDist | undefined;
    switch (u.dist) {
      case 'uniform':
        needs(['min', 'max']);
        if (violations.length === before && !(u.max! > u.min!))
          bad('max', 'must be greater than min');
        dist = { dist: 'uniform', min: u.min!, max: u.max! };
        break;
      case 'triangular':
        needs(['min', 'mode', 'max']);
        if (violations.length === before) {
          const broken = triangularViolation(u.min!, u.mode!, u.max!);
          if (broken) bad(broken.key, broken.rule);
        }
        dist = { dist: 'triangular', min: u.min!, mode: u.mode!, max: u.max! };
        break;
      case 'normal':
        needs(['mean', 'cv']);
        if (u.min !== undefined && u.max !== undefined && !(u.max > u.min))
          bad('max', 'must be greater than min');
        dist = { dist: 'normal', mean: u.mean!, cv: u.cv!, min: u.min, max: u.max };
        break;
      case 'lognormal':
        needs(['mean', 'cv']);
        if (u.mean !== undefined && !(u.mean > 0)) bad('mean', 'must be greater than 0');
        dist = { dist: 'lognormal', mean: u.mean!, cv: u.cv! };
        break;
      case 'discrete':
        needs(['values']);
        if (u.values && !u.values.length) bad('values', 'must list at least one value');
        if (u.weights && u.values && u.weights.length !== u.values.length)
          bad('weights', `must have one weight per value (${u.values.length})`);
        if (u.weights && !(u.weights.reduce((s, w) => s + w, 0) > 0))
          bad('weights', 'must not all be 0');
        dist = { dist: 'discrete', values: u.values!, weights: u.weights };
        break;
    }
    if (u.integer && dist?.dist === 'uniform' && !(Math.floor(dist.max) >= Math.ceil(dist.min)))
      bad(
        'integer',
        `a whole-number uniform needs a whole number from min to max (${dist.min} to ${dist.max} has none)`,
      );
    const current = valueAt(document, u.path);
    if (typeof current !== 'number')
      bad(
        'path',
        current === undefined
          ? `'${u.path}' is not a key of this scenario (give the path of a number it sets${meant(u.path, document)})`
          : `'${u.path}' is not a number in this scenario`,
      );
    const key = pathKeys(u.path).join('.');
    if (seen.has(key)) bad('path', `'${u.path}' is declared uncertain twice`);
    seen.add(key);
    if (violations.length === before && dist)
      out.push({ path: u.path, dist, integer: u.integer ?? false, source: u.source });
  });
  return out;
}

export function parseAudit(raw: unknown, violations: Violation[]): AuditSettings {
  const settings: AuditSettings = { set: [], replications: 1, figures: [], note: '' };
  if (raw === undefined) return settings;
  const { value: a, violations: v } = validatePlain(AuditSchema, raw, 'audit');
  violations.push(...v);
  if (v.length) return settings;
  a.set?.forEach((s, i) => {
    if (!/^[^=]+=/.test(s))
      violations.push({
        path: `audit.set[${i}]`,
        rule: 'must be path=value, e.g. params.sampling=0.001',
      });
  });
  return {
    set: a.set ?? [],
    replications: a.replications ?? 1,
    figures: (a.figures ?? []).map((f) => ({
      id: f.id,
      metric: f.metric,
      paper: f.paper ?? null,
      comparison: f.comparison ?? 'about',
      tolerance: f.tolerance,
      note: f.note ?? '',
    })),
    note: a.note ?? '',
  };
}
