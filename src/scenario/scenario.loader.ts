import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import {
  ownYamlProblem,
  parseUniqueKeys,
  yamlLineBreaks,
  SELF_CONTAINING_RULE,
  selfContainingPath,
  unplainValue,
  utf8Text,
  yamlPlainData,
  yamlSyntaxError,
} from '../common/yaml-errors';
import { UserError, withNote } from '../common/user-error';
import { decimalNumber } from '../common/decimal-text';
import { createSampler, DistributionError } from '../sim/distributions';
import type { ArrivalSpec } from '../sim/arrivals';
import {
  MAX_HORIZON_MINUTES,
  MAX_HORIZON_RULE,
  parseClock,
  shiftViolations,
  parseIsoDate,
  WEEKDAYS,
  type CalendarSpec,
} from '../sim/calendar';
import {
  BALKING_PROBABILITY_RULE,
  idleClosingSettings,
  OVERFLOW_CYCLE_RULE,
  OVERFLOW_RETRIAL_RULE,
  OVERFLOW_SELF_RULE,
  OVERFLOW_STATION_RULE,
  overflowCycle,
} from '../sim/compile';
import {
  classesWithIdlePriority,
  type ClassModel,
  type NetworkModel,
  type SourceModel,
  type StationModel,
} from '../sim/model';
import { findingScale, TIME_UNITS } from './metric-units';
import { closest, didYouMean } from './suggest';
import { valueHint } from './value-hint';
import { dottedPath } from './set-path';
import { ScenarioError, ScenarioErrors } from './scenario-error';
import { STATION_LABEL_RULE } from './limits';
import { unprintableNote } from '../common/printable-text';
import {
  ArrivalSchema,
  ClassSchema,
  isStationLabel,
  parseDuration,
  JOBS_RULE,
  MAX_JOBS_PER_VISIT,
  ScenarioSchema,
  SourceSchema,
  StationSchema,
  WEEKDAY_RULE,
  type FigureKind,
  type ServiceModelId,
} from './scenario.schema';
import {
  controlCharacters,
  pastTheEnd,
  validatePlain,
  withNotFinite,
  type Violation,
} from './validate';
import {
  parseAudit,
  parseUncertain,
  valueAt,
  type AuditSettings,
  type UncertainParameter,
} from './audit/uncertain';

/** A loaded, validated scenario: times in minutes, collections as arrays. */
export interface Scenario {
  file: string;
  name: string;
  title: string;
  description: string;
  /** The question the scenario answers, in one sentence, if the file states it. */
  question?: string;
  /**
   * The title, description, question and assumptions in other languages, by language code
   * (`tr`), as the file gives them; `assumptions` are one for each of `assumptions`, in order.
   */
  translations: {
    tr?: {
      title: string;
      description: string;
      question?: string;
      assumptions?: { text: string; source?: string }[];
      /** The stations' labels, by station id. */
      stations?: Record<string, string>;
    };
  };
  model: ServiceModelId;
  horizon: number;
  /**
   * The horizon was given on the command line (--set, or an override of the Lab): a run cut
   * short for a quick look, which keeps the scenario's dated settings that fall after its end.
   */
  horizonFromSet?: boolean;
  warmup: number;
  interval: number;
  seed: number;
  replications: number;
  calendar?: CalendarSpec;
  /** The queueing network, for `model: network` scenarios. */
  network?: NetworkModel;
  /** Service-model parameters, validated by that model. */
  params: Record<string, unknown>;
  assumptions: { text: string; source?: string }[];
  /** Present when the assumptions were written for other inputs than the run's (see the type). */
  assumptionsContext?: AssumptionsContext;
  reproduces: {
    figure: string;
    metric: string;
    kind: FigureKind;
    tolerance?: number;
    note?: string;
  }[];
  /**
   * Emergent findings (not paper figures) shown by `reproduce`; `scale` converts the metric
   * into `unit` (a time in minutes shown in days: 1/1440; otherwise 1).
   */
  findings: { metric: string; label: string; unit?: string; note?: string; scale: number }[];
  /** Assumptions declared uncertain (`uncertain:`), for `consular-sim audit`. */
  uncertain: UncertainParameter[];
  /** Settings for audit runs (`audit:`). */
  audit: AuditSettings;
  /** The document as run (after --set overrides), for reports. */
  document: Record<string, unknown>;
}

export interface LoadOptions {
  /** `path=value` overrides applied before validation; values are parsed as YAML. */
  set?: string[];
  /**
   * How an error names the override that gave the value it is about, one entry per `set`
   * item: by default `--set path=value`, as the user typed it on the command line; an entry
   * left undefined names none (a sweep's --param, which its own note names; the Lab, whose
   * fields stand beside their errors).
   */
  setSources?: (string | undefined)[];
}

/** `byYear: {}`: no year, so no arrivals, which had passed without a word. */
export const BY_YEAR_EMPTY_RULE =
  'must map at least one year to its arrivals (e.g. {2019: 6600000}): with none the source brings nobody';

/** A weight's largest value: far above any real one, and the sums of 24 stay finite. */
const MAX_WEIGHT = 1e15;
const WEIGHT_RULE = 'must be a weight from 0 to 1e15';

/** Time-series buckets a run may have at most (`interval` at least horizon / this). */
export const MAX_SERIES_BUCKETS = 100_000;

/** Minutes as a user reads them: `3.5 minutes`, or seconds below one minute. */
function formatMinutes(minutes: number): string {
  const round = (x: number) => Number(x.toPrecision(3)).toLocaleString('en-US');
  return minutes >= 1 ? `${round(minutes)} minutes` : `${round(minutes * 60)} seconds`;
}

/** Minutes to the hundredth, as a duration a user wrote reads (`2w` is 20,160 minutes). */
function minutesText(minutes: number): string {
  return `${Number(minutes.toFixed(2)).toLocaleString('en-US')} minutes`;
}

/** Default replications and seed when a scenario names none. */
export const DEFAULT_REPLICATIONS = 5;
export const DEFAULT_SEED = 1;

/**
 * Where a scenario's assumptions were written for other inputs than it runs with: they were
 * inherited from a base the file changes, or the run overrides keys with --set. The texts speak
 * of the inputs they were written for ("Ten consular officers"), so reports name what changed.
 */
export interface AssumptionsContext {
  /** The file whose assumptions these are, when they are inherited through `extends`. */
  writtenFor?: string;
  /** Keys (dotted paths) the scenario sets over its base, and those --set overrides. */
  changed: string[];
}

/** Documents read with an inherited `assumptions:`: the base file and the keys the file sets. */
const INHERITED = new WeakMap<Record<string, unknown>, { base: string; changed: string[] }>();

/**
 * Which file wrote each key of a document read through `extends:`, so that a mistake is named
 * in the file where it was written: `origins` maps a key's dotted path (a list is one value, its
 * items those of the file that gave the list) to the file that set it, or removed it with null;
 * `replaced` maps the path of each list a file gave in place of its base's to the base's file;
 * `set` maps the dotted paths --set gave a value (an item of such a list, say, is then its) to
 * how a message names that override (`--set path=value`), if it names it.
 */
interface Provenance {
  origins: Map<string, string>;
  replaced: Map<string, string>;
  set?: Map<string, string | undefined>;
}
const PROVENANCE = new WeakMap<Record<string, unknown>, Provenance>();

function isMapping(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Forgets what `map` holds at `path` and below it. */
function forgetUnder(map: Map<string, string>, path: string): void {
  for (const key of [...map.keys()])
    if (key === path || key.startsWith(`${path}.`)) map.delete(key);
}

/** The prefixes of dotted `path` (itself excluded) that `document` does not have yet. */
function absentPrefixes(document: Record<string, unknown>, path: string): string[] {
  const parts = path.split('.');
  const absent: string[] = [];
  let at: unknown = document;
  for (let i = 0; i < parts.length - 1; i++) {
    at =
      at !== null && typeof at === 'object' && Object.hasOwn(at, parts[i])
        ? (at as Record<string, unknown>)[parts[i]]
        : undefined;
    if (at === undefined) absent.push(parts.slice(0, i + 1).join('.'));
  }
  return absent;
}

/** Records `file` as the writer of every key of `value` (a mapping) under `prefix`. */
function recordWriter(
  value: Record<string, unknown>,
  prefix: string,
  file: string,
  origins: Map<string, string>,
): void {
  for (const [k, v] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${k}` : k;
    origins.set(dottedPath(path), file);
    if (isMapping(v)) recordWriter(v, path, file, origins);
  }
}

/** The provenance of `over` (written in `file`) merged over `base`, which `baseProvenance` describes. */
function mergedProvenance(
  base: Record<string, unknown>,
  baseProvenance: Provenance,
  over: Record<string, unknown>,
  file: string,
): Provenance {
  const origins = new Map(baseProvenance.origins);
  const replaced = new Map(baseProvenance.replaced);
  const walk = (o: Record<string, unknown>, b: unknown, prefix: string) => {
    for (const [k, v] of Object.entries(o)) {
      const path = prefix ? `${prefix}.${k}` : k;
      const under = isMapping(b) && Object.hasOwn(b, k) ? b[k] : undefined;
      const key = dottedPath(path);
      if (isMapping(v) && isMapping(under)) {
        if (!origins.has(key)) origins.set(key, file);
        walk(v, under, path);
        continue;
      }
      const listOwner = Array.isArray(under) ? writerOf(baseProvenance, path) : undefined;
      forgetUnder(origins, key);
      forgetUnder(replaced, key);
      origins.set(key, file);
      if (isMapping(v)) recordWriter(v, path, file, origins);
      if (Array.isArray(v) && listOwner) replaced.set(key, listOwner);
    }
  };
  walk(over, base, '');
  return { origins, replaced };
}

/** The file that wrote the value at `path` (messages' notation, `route[0]`), if known. */
function writerOf(provenance: Provenance, path: string): string | undefined {
  let p = dottedPath(path);
  for (;;) {
    const file = provenance.origins.get(p);
    if (file !== undefined) return file;
    const cut = p.lastIndexOf('.');
    if (cut < 0) return undefined;
    p = p.slice(0, cut);
  }
}

/** A Poisson source's rate is given by exactly one of these keys. */
const POISSON_RATE_KEYS = ['rate', 'perHour', 'perDay'] as const;
const POISSON_RATE_RULE = 'give exactly one of rate (per minute), perHour or perDay';

/**
 * A scenario error at `path`, named in the file that wrote the value there (`shown` when the
 * document has no record of it, or the value came from --set). A value inherited through
 * `extends:` says so; a key missing from an item of a list that replaced its base's says that
 * lists are not merged item by item (unless --set gave the item, or the key, without it).
 */
function errorAt(
  document: Record<string, unknown>,
  shown: string,
  path: string,
  rule: string,
  own?: string,
): ScenarioError {
  const provenance = PROVENANCE.get(document);
  if (!provenance)
    return new ScenarioError(shown, path, rule, own ?? valueHint(valueAt(document, path), rule));
  const file = writerOf(provenance, path) ?? shown;
  const notes: string[] = own ? [own] : [];
  if (file !== shown)
    notes.push(`inherited by ${shown} through extends:, which may override it (null removes it)`);
  const dotted = dottedPath(path);
  // An item (or a part of one) that --set gave misses the key through --set, not extends:.
  const bySet = [...(provenance.set?.keys() ?? [])].some(
    (p) => dotted === p || dotted.startsWith(`${p}.`),
  );
  const setNote = setSourceNote(provenance, dotted);
  if (setNote) notes.push(setNote);
  rule = setPathMeant(provenance, dotted, rule);
  const hint = valueHint(valueAt(document, path), rule);
  if (hint) notes.push(hint);
  const replacing = inheritedRateNote(document, provenance, shown, path, file, rule);
  if (replacing) notes.push(replacing);
  if (rule.startsWith('is required')) {
    for (const [list, base] of provenance.replaced)
      if (!bySet && dotted.startsWith(`${list}.`))
        notes.push(
          `a list given in a scenario that extends another replaces the base's whole (${list} of ${base} is not merged item by item), so each item is written in full`,
        );
  }
  return new ScenarioError(file, path, rule, notes.join('; ') || undefined);
}

/**
 * On a what-if's own rate key that clashes with its base's (`perDay` written beside an inherited
 * `perHour`), what to write: the base's key with null beside it. Without it the what-if's line
 * said only "give exactly one", and the base's line that null removes it, leaving the reader to
 * work out where the null goes.
 */
function inheritedRateNote(
  document: Record<string, unknown>,
  provenance: Provenance,
  shown: string,
  path: string,
  file: string,
  rule: string,
): string | undefined {
  if (rule !== POISSON_RATE_RULE || file !== shown) return undefined;
  const cut = path.lastIndexOf('.');
  const [parent, own] = [path.slice(0, cut), path.slice(cut + 1)];
  const inherited = POISSON_RATE_KEYS.filter(
    (k) =>
      k !== own &&
      valueAt(document, `${parent}.${k}`) !== undefined &&
      (writerOf(provenance, `${parent}.${k}`) ?? shown) !== shown,
  );
  if (!inherited.length) return undefined;
  return `the base's ${inherited.join(' and ')} still applies: write ${inherited.map((k) => `${k}: null`).join(', ')} beside ${own} to replace it`;
}

/**
 * An unknown key that --set gave, with a suggestion of where it belongs one level down
 * (`desk: is not a known key (did you mean 'stations.desk'?)` from `--set desk.servers=11`):
 * the suggestion names the whole path to type, `stations.desk.servers`, when one --set gave it;
 * so does the suggestion for a misspelt key that --set gave (`params.officers` for
 * `params.officer`).
 */
function setPathMeant(provenance: Provenance, path: string, rule: string): string {
  const m = /^is not a known key \(did you mean '([^']+)'\?\)$/.exec(rule);
  const key = path.slice(path.lastIndexOf('.') + 1);
  // A misspelt key that one --set typed in full (`params.officer=6`): the key it resembles is
  // named by its whole path, as it is typed again (`params.officers`), not as a file writes it
  // beside its siblings (`officers`).
  if (
    m &&
    /^[^.[\]]+$/.test(m[1]) &&
    path.includes('.') &&
    [...(provenance.set ?? [])].some(([p, source]) => source !== undefined && p === path)
  )
    return `is not a known key (did you mean '${path.slice(0, path.lastIndexOf('.'))}.${m[1]}'?)`;
  if (!m || !dottedPath(m[1]).endsWith(`.${key}`)) return rule;
  const given = [...(provenance.set ?? [])].filter(
    ([p, source]) => source !== undefined && p.startsWith(`${path}.`),
  );
  if (given.length !== 1) return rule;
  const meant = dottedPath(m[1]) + given[0][0].slice(path.length);
  return `is not a known key (did you mean '${meant}'?)`;
}

/**
 * Where the value at dotted `path` came from when an override gave it, or a part of it: a
 * message about a value typed on the command line names it as typed, not the file alone.
 */
function setSourceNote(provenance: Provenance, path: string): string | undefined {
  const covering: string[] = [];
  const within: string[] = [];
  for (const [p, source] of provenance.set ?? []) {
    if (source === undefined) continue;
    if (path === p || path.startsWith(`${p}.`)) covering.push(source);
    else if (p.startsWith(`${path}.`)) within.push(source);
  }
  // The last override of a path is the one that holds (a later one replaces an earlier).
  if (covering.length)
    return `the value comes from ${covering[covering.length - 1]}, not from the file`;
  if (within.length) return `the value comes in part from ${within.join(' and ')}`;
  return undefined;
}

/**
 * A scenario error at `path` of a loaded scenario (a service model's parameter, say), named in
 * the file that wrote the value there.
 */
export function scenarioError(scenario: Scenario, path: string, rule: string): ScenarioError {
  return errorAt(scenario.document, displayPath(scenario.file), path, rule);
}

/** Keys that describe a scenario or how it is sampled: not inputs an assumption speaks of. */
const DESCRIPTIVE_KEYS = new Set([
  'seed',
  'replications',
  'interval',
  'name',
  'title',
  'description',
  'question',
  'translations',
  'findings',
  'reproduces',
  'uncertain',
  'audit',
  'assumptions',
]);

/** The dotted paths of the leaves a document sets (a list or a null is one leaf). */
function leafPaths(value: Record<string, unknown>, prefix = ''): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (!prefix && DESCRIPTIVE_KEYS.has(k)) continue;
    const path = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'object' && v !== null && !Array.isArray(v))
      out.push(...leafPaths(v as Record<string, unknown>, path));
    else out.push(path);
  }
  return out;
}

export function loadScenario(file: string, options: LoadOptions = {}): Scenario {
  const shown = displayPath(file);
  const document = readDocument(file, []);
  const inherited = INHERITED.get(document);
  const overridden = (options.set ?? [])
    .map((a) => dottedPath(a.slice(0, Math.max(0, a.indexOf('='))).trim()))
    .filter((p) => p && !DESCRIPTIVE_KEYS.has(p.split('.')[0]));
  // The uncertain: paths are checked against the file as written: an override such as
  // `--set params.pandemic=null` may remove a parameter the file declares uncertain, and the
  // run (or audit) then simply has that assumption no longer.
  const asWritten = options.set?.length ? structuredClone(document) : undefined;
  const provenance = PROVENANCE.get(document);
  for (const [index, assignment] of (options.set ?? []).entries()) {
    const path = dottedPath(assignment.slice(0, assignment.indexOf('=')).trim());
    const source = options.setSources ? options.setSources[index] : `--set ${assignment}`;
    // Keys the override creates on its way (params.years of params.years.0.year): theirs too.
    const created = provenance ? absentPrefixes(document, path) : [];
    try {
      applyOverride(document, assignment, shown);
    } catch (err) {
      // The override refused is named as the user typed it, value and all.
      throw source && err instanceof UserError && !err.message.includes(source)
        ? withNote(err, `in ${source}`)
        : err;
    }
    // A value set on the command line is named in the file the run loads.
    if (provenance) {
      forgetUnder(provenance.origins, path);
      forgetUnder(provenance.replaced, path);
      provenance.origins.set(path, shown);
      provenance.set ??= new Map();
      for (const p of [...provenance.set.keys()])
        if (p === path || p.startsWith(`${path}.`)) provenance.set.delete(p);
      provenance.set.set(path, source);
      for (const prefix of created) provenance.origins.set(prefix, shown);
    }
  }
  const scenario = fromDocument(document, file, asWritten);
  const changed = [...(inherited?.changed ?? []), ...overridden];
  if (changed.length && scenario.assumptions.length)
    scenario.assumptionsContext = {
      ...(inherited && { writtenFor: inherited.base }),
      changed: [...new Set(changed)],
    };
  return scenario;
}

/**
 * The scenarios shipped with consular-sim (the folder reproduce reads): run from another folder
 * (`npx consular-sim run teaching-mmc.yaml` in a project of one's own), a shipped scenario's name
 * is found there.
 */
const SHIPPED_SCENARIOS = resolve(__dirname, '../../scenarios');

/**
 * The scenario meant by a name that is not a file, when it is there: one named without its folder
 * or its `.yaml` (`run teaching-mmc` for scenarios/teaching-mmc.yaml), one shipped with
 * consular-sim named from another folder, or an `extends:` written relative to the wrong folder
 * (`paper-evisa.yaml` in my/whatif.yaml); else a misspelt one (`scenarios/teaching-mcc.yaml`).
 */
function nearbyScenario(file: string): string | undefined {
  const name = basename(file);
  const withExt = /\.ya?ml$/i.test(name) ? [file] : [`${file}.yaml`, `${file}.yml`];
  const candidates = [
    ...withExt,
    ...withExt.map((f) => resolve(dirname(file), 'scenarios', basename(f))),
    ...withExt.map((f) => resolve('scenarios', basename(f))),
    ...withExt.map((f) => resolve(SHIPPED_SCENARIOS, basename(f))),
  ];
  return (
    candidates.find((c) => c !== file && existsSync(c) && statSync(c).isFile()) ??
    misspeltScenario(withExt[0])
  );
}

/**
 * Why a path that is there is not a scenario: a folder (`run scenarios/`) is named as one, with
 * a file of it to run instead.
 */
function notAFile(file: string): string {
  if (!statSync(file).isDirectory()) return 'is not a file';
  const files = readdirSync(file)
    .filter((f) => /\.ya?ml$/i.test(f))
    .sort();
  return files.length
    ? `is a folder, not a scenario file: name one of its ${files.length} .yaml files, e.g. ${displayPath(resolve(file, files.find((f) => f.startsWith('teaching-')) ?? files[0]))}`
    : 'is a folder, not a scenario file, and holds no .yaml file';
}

/** Whether two paths name the same file, but for its folder and a .yaml or .yml. */
function sameName(a: string, b: string): boolean {
  const name = (f: string) => basename(f).replace(/\.ya?ml$/i, '');
  return name(a) === name(b);
}

/**
 * The scenario a misspelt name meant: the .yaml or .yml file of the named folder whose name is
 * closest to it (`closest`'s rule: within a third of the longer name's length), as `teaching-mmc.yaml` for
 * scenarios/teaching-mcc.yaml.
 */
function misspeltScenario(file: string): string | undefined {
  const folder = dirname(file);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) return undefined;
  const files = readdirSync(folder).filter((f) => /\.ya?ml$/i.test(f));
  const meant = closest(basename(file), files);
  return meant === undefined ? undefined : resolve(folder, meant);
}

/**
 * Largest scenario file read, in bytes. The shipped ones are a few kilobytes; YAML takes some 35
 * bytes of memory and 0.3 µs per byte of input, so a 50 MB file had held the loader for 15 s and
 * 1.8 GB before its first error.
 */
export const MAX_SCENARIO_BYTES = 4_000_000;

/** Why a file that is there cannot be read, in words (EACCES: permission denied). */
export function unreadable(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'EACCES' || code === 'EPERM'
    ? 'cannot be read: permission denied'
    : `cannot be read: ${(err as Error).message}`;
}

/**
 * A scenario file's text: a file too large to be a scenario, one not readable, or one whose bytes
 * are not UTF-8 (utf8Text: the line and column of the first that is not) is its error.
 */
function readScenarioText(file: string, shown: string): string {
  const size = statSync(file).size;
  if (size > MAX_SCENARIO_BYTES)
    throw new ScenarioError(
      shown,
      '',
      `is ${size.toLocaleString('en-US')} bytes, more than the ${MAX_SCENARIO_BYTES.toLocaleString('en-US')} a scenario file may be (is it a scenario?)`,
    );
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new ScenarioError(shown, '', unreadable(err));
  }
  const text = utf8Text(bytes);
  if (typeof text !== 'string') throw new ScenarioError(shown, text.where, text.rule);
  return yamlLineBreaks(text);
}

/**
 * Reads a scenario document, resolving `extends: base.yaml` (relative to the file):
 * the base is read first and this file's keys override it, mappings merged key by
 * key and lists replaced whole. What-if scenarios extend the paper scenarios.
 */
function readDocument(file: string, chain: string[]): Record<string, unknown> {
  const shown = displayPath(file);
  if (!existsSync(file)) {
    const meant = nearbyScenario(file);
    if (!chain.length)
      throw new ScenarioError(
        shown,
        '',
        `file not found${meant ? ` (did you mean ${displayPath(meant)}?)` : ''}`,
      );
    const from = chain[chain.length - 1];
    // Written from the current folder rather than the file's (extends: my/base.yaml in my/x.yaml).
    const fromHere = resolve(relative(dirname(from), file));
    const meantHere =
      fromHere !== file && existsSync(fromHere) && statSync(fromHere).isFile() ? fromHere : meant;
    throw new ScenarioError(
      displayPath(from),
      'extends',
      `file not found: ${shown}${
        meantHere
          ? sameName(meantHere, file)
            ? ` (extends: is read from the folder of the file that writes it: did you mean extends: ${relative(dirname(from), meantHere)}?)`
            : ` (did you mean extends: ${relative(dirname(from), meantHere)}?)`
          : ''
      }`,
    );
  }
  if (chain.includes(file))
    throw new ScenarioError(
      shown,
      'extends',
      `extends itself through ${chain.map(displayPath).join(' -> ')}`,
    );
  if (!statSync(file).isFile()) {
    if (!chain.length) throw new ScenarioError(shown, '', notAFile(file));
    throw new ScenarioError(
      displayPath(chain[chain.length - 1]),
      'extends',
      `is not a file: ${shown}`,
    );
  }
  const text = readScenarioText(file, shown);
  const doc = parseUniqueKeys(text);
  const syntax = yamlSyntaxError(text, doc.errors);
  if (syntax) throw new ScenarioError(shown, syntax.where, syntax.rule);
  // An alias (*name) with no anchor, or an alias bomb, is named at its alias.
  const read = yamlPlainData(text, doc);
  if (!('value' in read)) throw new ScenarioError(shown, read.where, read.rule);
  const plain = read.value;
  const loop = selfContainingPath(plain);
  if (loop !== undefined) throw new ScenarioError(shown, loop, SELF_CONTAINING_RULE);
  const unplain = unplainValue(plain);
  if (unplain) throw new ScenarioError(shown, unplain.path, unplain.rule);
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    throw new ScenarioError(
      shown,
      '',
      'must be a YAML mapping (key: value pairs) at the top level',
    );
  }
  const document = plain as Record<string, unknown>;
  const base = document.extends;
  if (base === undefined) {
    const origins = new Map<string, string>();
    recordWriter(document, '', shown, origins);
    PROVENANCE.set(document, { origins, replaced: new Map() });
    return document;
  }
  if (typeof base !== 'string')
    throw new ScenarioError(shown, 'extends', 'must be the path of another scenario file');
  delete document.extends;
  // A what-if is told apart from its base by its own name: inherited, its results, reports and
  // compare tables would carry the base's name and title for numbers the base never gave.
  const unnamed =
    document.name === undefined
      ? new ScenarioError(
          shown,
          'name',
          'is required: a scenario that extends another names itself (its name, title and description are not inherited)',
        )
      : undefined;
  // The uncertain: and audit: blocks are not inherited: a scenario that extends another
  // changes its assumptions, so the ranges declared for the base may no longer apply. Nor are
  // the title, description, question and translations: they describe the base, not this file
  // (without a title of its own a scenario is shown by its name). Nor are the findings: their
  // labels and notes describe the base's results ('..., 30 registration officers: ...'), and
  // shown beside a what-if's numbers they would say what that file no longer assumes; one
  // restates those it reports, in its own words. Nor is reproduces: a file that changes the
  // base's inputs no longer reproduces the paper's figures, and audit would judge it by them.
  let inherited: Record<string, unknown>;
  try {
    inherited = readDocument(resolve(dirname(file), base), [...chain, file]);
  } catch (err) {
    // A base that cannot be read is named beside the missing name, not found after it is fixed.
    if (unnamed && err instanceof ScenarioError) throw new ScenarioErrors([unnamed, err]);
    throw err;
  }
  if (unnamed) throw unnamed;
  // The base's assumptions in Turkish go with its assumptions, where the file keeps those.
  const baseTurkish = turkishAssumptions(inherited);
  const baseStationLabels = turkishOf(inherited)?.stations;
  delete inherited.uncertain;
  delete inherited.audit;
  delete inherited.findings;
  delete inherited.reproduces;
  delete inherited.title;
  delete inherited.description;
  delete inherited.question;
  delete inherited.translations;
  const merged = deepMerge(inherited, document, shown, PROVENANCE.get(inherited));
  const ownTurkish = (merged.translations as { tr?: unknown } | undefined)?.tr;
  if (
    document.assumptions === undefined &&
    baseTurkish !== undefined &&
    isMapping(ownTurkish) &&
    ownTurkish.assumptions === undefined
  )
    merged.translations = {
      ...(merged.translations as Record<string, unknown>),
      tr: { ...ownTurkish, assumptions: baseTurkish },
    };
  const mergedTurkish = (merged.translations as { tr?: unknown } | undefined)?.tr;
  if (
    baseStationLabels !== undefined &&
    isMapping(mergedTurkish) &&
    mergedTurkish.stations === undefined
  )
    merged.translations = {
      ...(merged.translations as Record<string, unknown>),
      tr: { ...mergedTurkish, stations: baseStationLabels },
    };
  const baseProvenance = PROVENANCE.get(inherited);
  if (baseProvenance)
    PROVENANCE.set(merged, mergedProvenance(inherited, baseProvenance, document, shown));
  // The base's assumptions, kept (the file gives none of its own), were written for the base's
  // inputs: remember which of them this file changes.
  if (document.assumptions === undefined && Array.isArray(merged.assumptions)) {
    const changed = leafPaths(document);
    if (changed.length)
      INHERITED.set(merged, {
        base: INHERITED.get(inherited)?.base ?? displayPath(resolve(dirname(file), base)),
        changed: [...(INHERITED.get(inherited)?.changed ?? []), ...changed],
      });
  }
  return merged;
}

/**
 * The Turkish assumptions against the English ones: one for each, in their order, each naming
 * the English one it translates by its id (so a translation moved to another place is caught
 * rather than shown beside another assumption), with a source where the English has one and
 * none where it has none (else the two lists say different things).
 */
function translatedAssumptionViolations(
  english: { id?: string; source?: string }[],
  tr: { assumptions?: { id?: string; source?: string }[] } | undefined,
): Violation[] {
  const said = tr?.assumptions;
  if (said === undefined) return [];
  if (said.length !== english.length)
    return [
      {
        path: 'translations.tr.assumptions',
        rule: `must give one assumption for each of the ${english.length} under assumptions, in their order (it gives ${said.length})`,
      },
    ];
  const out: Violation[] = [];
  const seen = new Map<string, number>();
  english.forEach((a, i) => {
    if (a.id === undefined) out.push({ path: `assumptions[${i}].id`, rule: ASSUMPTION_ID_RULE });
    else if (seen.has(a.id))
      out.push({
        path: `assumptions[${i}].id`,
        rule: `must be unique among the assumptions (assumptions[${seen.get(a.id)}] has '${a.id}' too)`,
      });
    else seen.set(a.id, i);
  });
  // Without an id on every English one, the Turkish ones cannot be matched.
  if (out.length) return out;
  said.forEach((a, i) => {
    const id = english[i].id as string;
    if (a.id !== id) {
      const at = english.findIndex((e) => e.id === a.id);
      out.push({
        path: `translations.tr.assumptions[${i}].id`,
        rule:
          a.id === undefined
            ? `is required: '${id}', the id of assumptions[${i}], which it translates`
            : at >= 0
              ? `must be '${id}', the id of assumptions[${i}], which it translates in its place (got '${a.id}', the id of assumptions[${at}]: the translations are out of order)`
              : `must be '${id}', the id of assumptions[${i}], which it translates in its place (got '${a.id}', which no assumption has)`,
      });
    } else if (english[i].source !== undefined && a.source === undefined)
      out.push({
        path: `translations.tr.assumptions[${i}].source`,
        rule: 'is required: the assumption it translates gives a source',
      });
    else if (english[i].source === undefined && a.source !== undefined)
      out.push({
        path: `translations.tr.assumptions[${i}].source`,
        rule: 'must be left out: the assumption it translates gives no source',
      });
  });
  return out;
}

/** Why an assumption needs an id: its translation names it. */
export const ASSUMPTION_ID_RULE =
  'is required where the assumptions are translated: each entry of translations.tr.assumptions names the assumption it translates by its id (a lower-case id such as arrival-rate)';

/** A document's `translations.tr.assumptions`, as written (the schema checks it later). */
function turkishAssumptions(document: Record<string, unknown>): unknown {
  return turkishOf(document)?.assumptions;
}

/** A document's `translations.tr`, as written, where it is a mapping. */
function turkishOf(document: Record<string, unknown>): Record<string, unknown> | undefined {
  const tr = (document.translations as { tr?: unknown } | undefined)?.tr;
  return isMapping(tr) ? tr : undefined;
}

/** The stations' Turkish labels: each names a station of the scenario, and is a label. */
function stationLabelViolations(
  stations: Record<string, unknown> | undefined,
  labels: Record<string, unknown> | undefined,
): Violation[] {
  if (labels === undefined) return [];
  const known = Object.keys(stations ?? {});
  const out: Violation[] = [];
  for (const [id, label] of Object.entries(labels)) {
    const path = `translations.tr.stations.${id}`;
    if (!known.includes(id))
      out.push({
        path,
        rule: `must name a station defined under stations (got '${id}')${didYouMean(id, known)}`,
      });
    else if (typeof label !== 'string') out.push({ path, rule: 'must be text' });
    else if (!isStationLabel(label)) out.push({ path, rule: STATION_LABEL_RULE });
  }
  return out;
}

/** A copy with null values left out of mappings (lists keep their items). */
function withoutNulls(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === null) continue;
    setOwn(
      out,
      k,
      typeof v === 'object' && !Array.isArray(v) ? withoutNulls(v as Record<string, unknown>) : v,
    );
  }
  return out;
}

/**
 * `over` (the file `shown`) over `base`: mappings merged key by key, anything else (a list, a
 * number) replaced whole. A mapping of item numbers given for a list (`route: {0: {...}}`)
 * is refused: items are not changed by index in a file.
 */
function deepMerge(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
  shown: string,
  baseProvenance: Provenance | undefined,
  path = '',
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = Object.hasOwn(out, k) ? out[k] : undefined;
    const isMap = isMapping;
    const at = path ? `${path}.${k}` : k;
    if (
      Array.isArray(b) &&
      isMap(v) &&
      Object.keys(v).length &&
      Object.keys(v).every((i) => /^\d+$/.test(i))
    ) {
      const first = Object.keys(v)[0];
      const from = baseProvenance ? writerOf(baseProvenance, at) : undefined;
      throw new ScenarioError(
        shown,
        at,
        `is a list${from ? ` in ${from}` : ''}: a scenario that extends another gives the whole list (it replaces the base's), not items by number; ` +
          `write every item, or change one for a run with --set ${at}[${first}].<key>=<value>`,
      );
    }
    // null removes an inherited key (e.g. `manual: null` drops the desk arm). A station, class
    // or source with nothing to remove stays null, so that an entry left empty by mistake can
    // be named (emptyEntries).
    if (v === null) {
      if (b === undefined && Object.hasOwn(EMPTY_ENTRY, path)) setOwn(out, k, null);
      else delete out[k];
    } else setOwn(out, k, isMap(b) && isMap(v) ? deepMerge(b, v, shown, baseProvenance, at) : v);
  }
  return out;
}

/**
 * Validates a scenario given as a plain object (used by the loader, the API and tests).
 * `horizonFromSet` says that the document's horizon was given by an override (--set), which a
 * document passed on as plain data (to a worker) no longer shows: see Scenario.horizonFromSet.
 */
export function fromDocument(
  document: Record<string, unknown>,
  file: string,
  asWritten?: Record<string, unknown>,
  options: { horizonFromSet?: boolean } = {},
): Scenario {
  const shown = displayPath(file);
  const violations: Violation[] = [];
  // A key set to null counts as absent (as with `extends`, where null removes a key).
  const { value: s, violations: top } = validatePlain(ScenarioSchema, withoutNulls(document), '');
  violations.push(...top);
  // A station's label names the character a name may not hold, as a text of the file does.
  const labelNote = (v: Violation) => {
    const label = v.rule === STATION_LABEL_RULE ? valueAt(document, v.path) : undefined;
    return typeof label === 'string' ? unprintableNote(label, 'line') : undefined;
  };
  const fail = () => {
    if (violations.length)
      throw new ScenarioErrors(
        violations.map((v) =>
          errorAt(
            document,
            shown,
            v.path,
            // The loader's own checks (a list's item, such as balking.probabilities[0]) say
            // why a value that reads as infinity or as .nan broke them, as class-validator's do.
            withNotFinite(v.rule, valueAt(document, v.path)),
            v.note ?? labelNote(v),
          ),
        ),
      );
  };
  fail();
  violations.push(...emptyEntries(document, asWritten));
  const horizon = parseDuration(s.horizon);
  const warmup = s.warmup === undefined ? 0 : parseDuration(s.warmup);
  if (!(horizon > 0)) violations.push({ path: 'horizon', rule: 'must be longer than 0' });
  else if (horizon > MAX_HORIZON_MINUTES)
    violations.push({ path: 'horizon', rule: MAX_HORIZON_RULE });
  const overridden = PROVENANCE.get(document)?.set;
  // Beyond the longest run at all, the warm-up gets the horizon's limit, not a comparison that
  // printed 1e308 minutes with all its digits.
  if (warmup > MAX_HORIZON_MINUTES) violations.push({ path: 'warmup', rule: MAX_HORIZON_RULE });
  else if (warmup >= horizon)
    violations.push(
      // Named at the key --set changed, so that the message says the value came from it.
      overridden?.has('horizon') && !overridden.has('warmup')
        ? {
            path: 'horizon',
            rule: `must be longer than warmup (it is ${minutesText(horizon)}, warmup ${minutesText(warmup)}): lengthen horizon or shorten warmup`,
          }
        : {
            path: 'warmup',
            rule: `must be shorter than horizon (it is ${minutesText(warmup)}, horizon ${minutesText(horizon)}): shorten warmup or lengthen horizon`,
          },
    );
  const interval = s.interval === undefined ? undefined : parseDuration(s.interval);
  if (interval !== undefined && horizon > 0) {
    // Each bucket is a row per station in memory and in timeseries.csv: 0.0001 min over two
    // weeks had meant 200 million rows and a process out of memory.
    const least = horizon / MAX_SERIES_BUCKETS;
    if (!(interval > 0 && interval >= least))
      violations.push({
        path: 'interval',
        rule: `must be at least the horizon / ${MAX_SERIES_BUCKETS.toLocaleString('en-US')} (${formatMinutes(least)}): the time series has one row per interval`,
      });
  }
  const calendar = s.calendar;
  if (calendar) {
    if (Number.isNaN(parseIsoDate(calendar.start)))
      violations.push({ path: 'calendar.start', rule: 'must be a real date YYYY-MM-DD' });
    calendar.holidays?.forEach((h, i) => {
      if (Number.isNaN(parseIsoDate(h)))
        violations.push({
          path: `calendar.holidays[${i}]`,
          rule: 'must be a real date YYYY-MM-DD',
        });
    });
    calendar.closures?.forEach((c, i) => {
      checkDateRange(c, `calendar.closures[${i}]`, violations);
      // A closure of stations a network does not have closes nothing: a typo, most likely.
      const known = Object.keys(s.stations ?? {});
      if ((s.model ?? 'network') === 'network')
        c.stations?.forEach((id, j) => {
          if (!known.includes(id))
            violations.push({
              path: `calendar.closures[${i}].stations[${j}]`,
              rule: `must name a station defined under stations (got '${id}')${didYouMean(id, known)}`,
            });
        });
    });
  }
  const uncertain = parseUncertain(
    s.uncertain,
    withoutNulls(asWritten ?? document),
    violations,
  ).filter((u) => typeof valueAt(withoutNulls(document), u.path) === 'number');
  const audit = parseAudit(s.audit, violations);
  violations.push(...translatedAssumptionViolations(s.assumptions ?? [], s.translations?.tr));
  violations.push(...stationLabelViolations(s.stations, s.translations?.tr?.stations));
  s.findings?.forEach((f, i) => {
    if (findingScale(f.metric, f.unit) === undefined)
      violations.push({
        path: `findings[${i}].unit`,
        rule: `must be one of ${TIME_UNITS.join(', ')} for ${f.metric}, a time in minutes (got '${f.unit}')`,
      });
  });
  // Dated inputs none of which reaches the run: only when the dates themselves are valid.
  const horizonFromSet =
    options.horizonFromSet ?? PROVENANCE.get(document)?.set?.has('horizon') ?? false;
  if (!violations.length && horizon > 0 && horizon <= MAX_HORIZON_MINUTES)
    violations.push(...closuresOutsideHorizon(calendar, horizon, horizonFromSet));
  const model = s.model ?? 'network';
  let network: NetworkModel | undefined;
  if (model === 'network') {
    network = buildNetwork(s, dirname(file), violations);
    if (network && !violations.length && horizon <= MAX_HORIZON_MINUTES)
      violations.push(...networkOutsideHorizon(network, calendar, horizon, horizonFromSet));
    // Judged on the scenario as run (its calendar, after extends and --set): only when all else
    // holds (a station in error may be the one a closure names).
    if (network && !violations.length)
      for (const idle of idleClosingSettings({
        ...network,
        calendar: calendar && { ...calendar },
      }))
        violations.push({
          path: idle.path,
          rule:
            idle.setting === 'honoursHolidays'
              ? idle.offDayHolidays
                ? idleHonoursOffDaysRule(idle.offDayHolidays)
                : IDLE_HONOURS_HOLIDAYS_RULE
              : idle.setting === 'closedOnHolidays'
                ? IDLE_CLOSED_ON_HOLIDAYS_RULE
                : idle.station === 'servers'
                  ? IDLE_CLOSE_POLICY_SERVERS_RULE
                  : IDLE_CLOSE_POLICY_SCHEDULE_RULE,
        });
  } else {
    for (const key of ['stations', 'classes', 'sources'] as const) {
      if (s[key] !== undefined)
        violations.push({
          path: key,
          rule: `is only for model: network (a scenario of model ${model} sets params)`,
        });
    }
  }
  // Where a rule of its own has named a place (a station's label), that rule says it.
  for (const v of controlCharacters(document))
    if (!violations.some((w) => w.path === v.path)) violations.push(v);
  fail();
  const defaultInterval = Math.max(60, niceInterval(horizon / 500));
  return {
    file,
    name: s.name,
    title: s.title ?? s.name,
    description: s.description ?? '',
    ...(s.question !== undefined && { question: s.question.trim() }),
    translations: s.translations?.tr
      ? {
          tr: {
            title: s.translations.tr.title,
            description: s.translations.tr.description.trim(),
            ...(s.translations.tr.question !== undefined && {
              question: s.translations.tr.question.trim(),
            }),
            ...(s.translations.tr.assumptions !== undefined && {
              assumptions: s.translations.tr.assumptions.map((a) => ({
                text: a.text,
                source: a.source,
              })),
            }),
            ...(s.translations.tr.stations !== undefined && {
              stations: { ...s.translations.tr.stations },
            }),
          },
        }
      : {},
    model,
    horizon,
    ...(horizonFromSet && { horizonFromSet }),
    warmup,
    interval: interval ?? defaultInterval,
    seed: s.seed ?? DEFAULT_SEED,
    replications: s.replications ?? DEFAULT_REPLICATIONS,
    calendar: calendar
      ? { start: calendar.start, holidays: calendar.holidays, closures: calendar.closures }
      : undefined,
    network: network ? { ...network, calendar: calendar ? { ...calendar } : undefined } : undefined,
    params: (s.params as Record<string, unknown>) ?? {},
    assumptions: s.assumptions?.map((a) => ({ text: a.text, source: a.source })) ?? [],
    reproduces: s.reproduces?.map((r) => ({ ...r })) ?? [],
    findings: s.findings?.map((f) => ({ ...f, scale: findingScale(f.metric, f.unit) ?? 1 })) ?? [],
    uncertain,
    audit,
    document,
  };
}

/** What an empty station, class or source lacks, for its message. */
const EMPTY_ENTRY = {
  stations: ['station', 'servers or a schedule of shifts'],
  classes: ['class', 'a route'],
  sources: ['source', 'arrivals and a class'],
} as const;

/**
 * Stations, classes and sources the file leaves empty (`collection:` with nothing under it).
 * YAML reads that as null, and null removes an entry inherited through `extends:`; with
 * nothing to remove, the entry had silently vanished, and a route naming it was told that no
 * such station was defined, two lines below its definition. An entry emptied by `--set
 * stations.desk=null` is a removal asked for, not a mistake: only what the file wrote counts.
 */
function emptyEntries(
  document: Record<string, unknown>,
  asWritten: Record<string, unknown> | undefined,
): Violation[] {
  const out: Violation[] = [];
  for (const [key, [what, needs]] of Object.entries(EMPTY_ENTRY)) {
    const map = document[key];
    const written = (asWritten ?? document)[key];
    if (typeof map !== 'object' || map === null || typeof written !== 'object' || !written)
      continue;
    for (const [id, v] of Object.entries(map))
      if (
        v === null &&
        Object.hasOwn(written, id) &&
        (written as Record<string, unknown>)[id] === null
      )
        out.push({
          path: `${key}.${id}`,
          rule: `is empty: give the ${what} ${needs} (an empty entry only removes a ${what} inherited through extends:)`,
        });
  }
  return out;
}

function niceInterval(minutes: number): number {
  const steps = [60, 120, 240, 360, 720, 1440, 2880, 10080];
  return steps.find((x) => x >= minutes) ?? 10080;
}

function entries(map: Record<string, unknown> | undefined): [string, unknown][] {
  return map ? Object.entries(map) : [];
}

function checkDistribution(spec: unknown, path: string, violations: Violation[]): void {
  try {
    createSampler(spec);
  } catch (err) {
    if (err instanceof DistributionError)
      violations.push({ path: err.path ? `${path}.${err.path}` : path, rule: err.rule });
    else throw err;
  }
}

/**
 * A step's jobs: a constant or discrete count, every value a whole number from 1 to
 * MAX_JOBS_PER_VISIT (the kernel draws and serves each job of a visit).
 */
function checkJobs(spec: Record<string, unknown>, path: string, violations: Violation[]): void {
  const before = violations.length;
  checkDistribution(spec, path, violations);
  if (violations.length > before) return;
  const values =
    spec.dist === 'constant'
      ? [spec.value]
      : spec.dist === 'discrete'
        ? (spec.values as unknown[])
        : null;
  if (values === null) {
    violations.push({ path: `${path}.dist`, rule: JOBS_RULE });
    return;
  }
  const bad = values.findIndex(
    (v) => !(Number.isInteger(v) && (v as number) >= 1 && (v as number) <= MAX_JOBS_PER_VISIT),
  );
  if (bad >= 0)
    violations.push({
      path: spec.dist === 'constant' ? `${path}.value` : `${path}.values[${bad}]`,
      rule: JOBS_RULE,
    });
}

/** A closePolicy on a station with servers that no closure shuts. */
export const IDLE_CLOSE_POLICY_SERVERS_RULE =
  'has no effect: this station never closes (its servers are on duty at every hour, and no calendar.closures shuts it), and closePolicy only decides what becomes of the queue when a station closes; ' +
  'remove it (closePolicy: null, in a scenario that extends another or in --set), or close the station with calendar.closures';

/** A closePolicy on a station whose shifts leave no hour without a server, and nothing closes. */
export const IDLE_CLOSE_POLICY_SCHEDULE_RULE =
  'has no effect: this station never closes (its shifts without dates cover every hour of the week, and no holiday or closure shuts it), and closePolicy only decides what becomes of the queue when a station closes; ' +
  'remove it (closePolicy: null, in a scenario that extends another or in --set), or give the schedule hours off';

/** honoursHolidays on a station with shifts when the calendar has no holiday to honour. */
export const IDLE_HONOURS_HOLIDAYS_RULE =
  "has no effect: the calendar has no holidays (calendar.holidays) on or after its start, and honoursHolidays only decides whether this station's shifts close on them; " +
  'remove it (honoursHolidays: null, in a scenario that extends another or in --set), or list the holidays in calendar.holidays';

/**
 * honoursHolidays on a station with shifts when every holiday from the calendar's start on falls
 * on a day its shifts give no server (a weekend, say): it closes nothing, true or false.
 */
export function idleHonoursOffDaysRule(holidays: string[]): string {
  return (
    `has no effect: every holiday in the calendar on or after its start (${holidays.join(', ')}) falls on a day this station's shifts do not run or a closure (calendar.closures) already shuts it, and honoursHolidays only decides whether this station's shifts close on holidays; ` +
    'remove it (honoursHolidays: null, in a scenario that extends another or in --set), or give the station shifts on those days'
  );
}

/** closedOnHolidays on a source none of whose days can be closed. */
export const IDLE_CLOSED_ON_HOLIDAYS_RULE =
  'has no effect: the calendar has no holidays (calendar.holidays) and no closures (calendar.closures) of all stations or of the first station its classes visit, on or after its start, and closedOnHolidays only keeps arrivals away on such days; ' +
  'remove it (closedOnHolidays: null, in a scenario that extends another or in --set), or list the holidays in calendar.holidays';

/** A class priority no station of its route reads. */
export const IDLE_PRIORITY_RULE =
  "has no effect: no station on this class's route has discipline: priority, and only such a station serves classes by priority; " +
  'remove it (priority: null, in a scenario that extends another or in --set), or give a station it visits discipline: priority';

/** An overflow at a station that turns nobody away for a full queue. */
export const IDLE_OVERFLOW_RULE =
  'has no effect: this station has no queueLimit, so it is never full and sends nobody on; give it a queueLimit, or remove the overflow';

/**
 * The mistakes in the stations' overflows (StationModel.overflow): a station that is not there
 * or is the station itself, a retrial rule beside it, a station with no queueLimit, and a chain
 * of overflows that comes back on itself (named at its first station in the file).
 */
function overflowViolations(stations: StationModel[], stationIds: Set<string>): Violation[] {
  const violations: Violation[] = [];
  for (const st of stations) {
    if (st.overflow === undefined) continue;
    const path = `stations.${st.id}.overflow`;
    if (!stationIds.has(st.overflow)) {
      const others = [...stationIds].filter((id) => id !== st.id);
      violations.push({
        path,
        rule: `${OVERFLOW_STATION_RULE} (got '${st.overflow}'${didYouMean(st.overflow, others).replace(/^ \(/, '; ').replace(/\)$/, '')})`,
      });
    } else if (st.overflow === st.id) violations.push({ path, rule: OVERFLOW_SELF_RULE });
    else if (st.retrial) violations.push({ path, rule: OVERFLOW_RETRIAL_RULE });
    else if (st.queueLimit === undefined) violations.push({ path, rule: IDLE_OVERFLOW_RULE });
  }
  const index = new Map(stations.map((st, i) => [st.id, i]));
  const cycle = overflowCycle(
    stations.map((st) => (st.overflow === st.id ? -1 : (index.get(st.overflow ?? '') ?? -1))),
  );
  if (cycle >= 0)
    violations.push({ path: `stations.${stations[cycle].id}.overflow`, rule: OVERFLOW_CYCLE_RULE });
  return violations;
}

function buildNetwork(
  s: ScenarioSchema,
  baseDir: string,
  violations: Violation[],
): NetworkModel | undefined {
  const stations: StationModel[] = [];
  const classes: ClassModel[] = [];
  const sources: SourceModel[] = [];
  if (!s.stations || !Object.keys(s.stations).length)
    violations.push({ path: 'stations', rule: 'must define at least one station' });
  if (!s.classes || !Object.keys(s.classes).length)
    violations.push({ path: 'classes', rule: 'must define at least one class' });
  if (!s.sources || !Object.keys(s.sources).length)
    violations.push({ path: 'sources', rule: 'must define at least one source' });
  for (const [id, raw] of entries(s.stations)) {
    const path = `stations.${id}`;
    const { value, violations: v } = validatePlain(StationSchema, raw, path);
    violations.push(...v);
    if (v.length) continue;
    if (value.servers === undefined && !value.schedule)
      violations.push({ path: `${path}.servers`, rule: 'is required (or a schedule of shifts)' });
    if (value.servers !== undefined && value.schedule)
      violations.push({
        path: `${path}.schedule`,
        rule: 'cannot be given together with servers: give one of them (a scenario that extends another removes the one it inherits with null: servers: null beside a schedule, or schedule: null beside servers)',
      });
    // Holidays close only shifts: a station with servers is open on every day no closure names.
    if (value.honoursHolidays !== undefined && !value.schedule)
      violations.push({
        path: `${path}.honoursHolidays`,
        rule: 'applies only to a station with a schedule of shifts: a station with servers is open on holidays (close it with calendar.closures)',
      });
    value.balking?.probabilities.forEach((p, i) => {
      if (!(typeof p === 'number' && p >= 0 && p <= 1))
        violations.push({
          path: `${path}.balking.probabilities[${i}]`,
          rule: BALKING_PROBABILITY_RULE,
        });
    });
    // Only a customer who balks comes back: without a limit or a balking rule nobody does.
    if (value.retrial && value.queueLimit === undefined && !value.balking)
      violations.push({
        path: `${path}.retrial`,
        rule: 'has no effect: nobody balks at this station (it has no queueLimit and no balking rule), so nobody comes back; give it one, or remove the retrial rule',
      });
    value.schedule?.forEach((shift, i) => {
      shift.days.forEach((day, j) => {
        if (!(WEEKDAYS as readonly unknown[]).includes(day))
          violations.push({ path: `${path}.schedule[${i}].days[${j}]`, rule: WEEKDAY_RULE });
      });
      violations.push(...shiftViolations(shift, `${path}.schedule[${i}]`));
      if (shift.dates) checkDateRange(shift.dates, `${path}.schedule[${i}].dates`, violations);
    });
    stations.push({ id, ...value });
  }
  const stationIds = new Set(Object.keys(s.stations ?? {}));
  violations.push(...overflowViolations(stations, stationIds));
  for (const [id, raw] of entries(s.classes)) {
    const path = `classes.${id}`;
    const { value, violations: v } = validatePlain(ClassSchema, raw, path);
    violations.push(...v);
    if (v.length) continue;
    const stepIds = new Set<string>();
    value.route.forEach((step, i) => {
      const stepPath = `${path}.route[${i}]`;
      if (stepIds.has(step.id))
        violations.push({ path: `${stepPath}.id`, rule: `duplicate step id '${step.id}'` });
      stepIds.add(step.id);
      if (!stationIds.has(step.station))
        violations.push({
          path: `${stepPath}.station`,
          rule: `must name a station defined under stations (got '${step.station}'${didYouMean(step.station, stationIds).replace(/^ \(/, '; ').replace(/\)$/, '')})`,
        });
      checkDistribution(step.service, `${stepPath}.service`, violations);
      if (step.jobs !== undefined) checkJobs(step.jobs, `${stepPath}.jobs`, violations);
      if (step.patience) checkDistribution(step.patience, `${stepPath}.patience`, violations);
    });
    if (value.patience) checkDistribution(value.patience, `${path}.patience`, violations);
    classes.push({
      id,
      priority: value.priority,
      patience: value.patience as never,
      route: value.route.map((r) => ({
        id: r.id,
        station: r.station,
        service: r.service as never,
        probability: r.probability,
        exit: r.exit ? { ...r.exit } : undefined,
        ...(r.jobs ? { jobs: r.jobs as never } : {}),
        ...(r.patience ? { patience: r.patience as never } : {}),
      })),
    });
  }
  const classIds = new Set(Object.keys(s.classes ?? {}));
  for (const [id, raw] of entries(s.sources)) {
    const path = `sources.${id}`;
    const { value, violations: v } = validatePlain(SourceSchema, raw, path);
    violations.push(...v);
    if (v.length) continue;
    let cls: string | Record<string, number>;
    if (value.class !== undefined && value.classes === undefined) {
      cls = value.class;
      if (!classIds.has(cls))
        violations.push({
          path: `${path}.class`,
          rule: `must name a class defined under classes (got '${cls}'${didYouMean(cls, classIds).replace(/^ \(/, '; ').replace(/\)$/, '')})`,
        });
    } else if (value.classes !== undefined && value.class === undefined) {
      cls = value.classes;
      for (const [cid, w] of Object.entries(cls)) {
        if (!classIds.has(cid))
          violations.push({
            path: `${path}.classes.${cid}`,
            rule: `must name a class defined under classes${didYouMean(cid, classIds)}`,
          });
        if (typeof w !== 'number' || !(w >= 0 && w <= MAX_WEIGHT))
          violations.push({ path: `${path}.classes.${cid}`, rule: WEIGHT_RULE });
      }
      const weights = Object.values(cls);
      if (weights.length && weights.every((w) => w === 0))
        violations.push({
          path: `${path}.classes`,
          rule: 'must not all be 0: give a class a weight',
        });
    } else {
      violations.push({
        path: `${path}.class`,
        rule: 'give exactly one of class (an id) or classes (ids with weights)',
      });
      continue;
    }
    const arrivals = arrivalSpec(
      value.arrivals,
      `${path}.arrivals`,
      baseDir,
      violations,
      s.calendar?.start,
    );
    if (arrivals) sources.push({ id, class: cls, arrivals, limit: value.limit });
  }
  // A station no route visits is a typo more often than a plan (`stations.dsk` for `desk`).
  const visited = new Set(classes.flatMap((c) => c.route.map((r) => r.station)));
  const routesValid =
    classes.length === entries(s.classes).length && [...visited].every((id) => stationIds.has(id));
  // A station that takes the overflow of one visited is visited too (the chain ends: no cycle).
  const overflowOf = new Map(stations.map((st) => [st.id, st.overflow]));
  // Where a station has an overflow, known only when every station is valid and each overflow
  // names a station: else the check waits until those mistakes are put right.
  const overflowsValid =
    !entries(s.stations).some(
      ([, raw]) => raw !== null && typeof raw === 'object' && 'overflow' in raw,
    ) ||
    (stations.length === entries(s.stations).length &&
      stations.every((st) => !st.overflow || stationIds.has(st.overflow)));
  for (const id of [...visited])
    for (let to = overflowOf.get(id), hops = 0; to && hops < stations.length; hops++) {
      visited.add(to);
      to = overflowOf.get(to);
    }
  for (const st of stations)
    if (!visited.has(st.id) && routesValid && overflowsValid)
      violations.push({
        path: `stations.${st.id}`,
        rule: `no class route visits this station${didYouMean(st.id, [...visited])}`,
      });
  // Checked on the scenario as merged and overridden: a what-if may turn a base's station to
  // priority (its classes' priorities then count) or to fifo (the inherited ones then do not).
  // (Only when every station is valid: one left out by a mistake may be the priority station.)
  const network = { name: s.name, stations, classes, sources };
  if (routesValid && stations.length === entries(s.stations).length)
    for (const id of classesWithIdlePriority(network))
      violations.push({ path: `classes.${id}.priority`, rule: IDLE_PRIORITY_RULE });
  return network;
}

/** The days of the run: t = 0 is midnight of calendar.start (2020-01-01 without a calendar). */
interface HorizonDays {
  /** Milliseconds of the first day's midnight (UTC). */
  startMs: number;
  /** Day index of the last day the horizon reaches. */
  lastDay: number;
  /** The horizon as a user reads it: `2020-03-09 to 2020-03-11`, and where it starts. */
  text: string;
}

/** Where a scenario without a calendar starts (src/sim/calendar.ts Calendar). */
const DEFAULT_START = '2020-01-01';

function horizonDays(calendar: { start: string } | undefined, horizon: number): HorizonDays {
  const startMs = parseIsoDate(calendar?.start ?? DEFAULT_START);
  const lastDay = Math.ceil(horizon / 1440) - 1;
  const iso = (day: number) => new Date(startMs + day * 86_400_000).toISOString().slice(0, 10);
  const text = `${iso(0)} to ${iso(lastDay)}${calendar ? '' : `, from ${DEFAULT_START} as there is no calendar.start`}`;
  return { startMs, lastDay, text };
}

/** Whether calendar year `year` has a day in the run. */
function inHorizonYears(days: HorizonDays, year: number): boolean {
  const first = new Date(days.startMs).getUTCFullYear();
  const last = new Date(days.startMs + days.lastDay * 86_400_000).getUTCFullYear();
  return year >= first && year <= last;
}

/**
 * Whether the inclusive dates `from`..`to` touch a day of the run; with `afterEnd`, dates after
 * its end count too (a run cut short by --set horizon keeps settings a longer run reaches).
 */
function meetsHorizon(
  days: HorizonDays,
  range: { from: string; to: string },
  afterEnd = false,
): boolean {
  const day = (iso: string) => Math.round((parseIsoDate(iso) - days.startMs) / 86_400_000);
  return day(range.to) >= 0 && (afterEnd || day(range.from) <= days.lastDay);
}

/** The rule of a dated list none of whose items reaches the run. */
export function outsideHorizonRule(
  what: 'closure' | 'period' | 'shift',
  horizon: string,
  effect: string,
): string {
  const subject = what === 'shift' ? 'every shift has dates' : `every ${what} lies`;
  return `${subject} entirely outside the horizon (${horizon}): ${effect}; move one into the horizon, or change calendar.start or horizon`;
}

/**
 * calendar.closures none of which touches a day of the run: the run is the scenario without
 * them, as if they had not been written (a closure outside the horizon among others inside it
 * stands). Judged after extends and --set; a horizon that --set cut short of them (a quick
 * look) keeps those after its end, as it keeps the settings they make count (closePolicy).
 */
function closuresOutsideHorizon(
  calendar: { start: string; closures?: { from: string; to: string }[] } | undefined,
  horizon: number,
  horizonFromSet: boolean,
): Violation[] {
  const closures = calendar?.closures;
  if (!closures?.length) return [];
  const days = horizonDays(calendar, horizon);
  if (closures.some((c) => meetsHorizon(days, c, horizonFromSet))) return [];
  return [
    {
      path: 'calendar.closures',
      rule: outsideHorizonRule('closure', days.text, 'they would close nothing in this run'),
    },
  ];
}

/**
 * Inputs of a network that lie wholly outside the horizon and so give the run nothing: a
 * source's periods or byYear with no day in it (the source would bring nobody), a trace whose
 * every time is at or after its end, a station whose every shift has dates outside it (no
 * server in the run; shifts after the end of a horizon --set cut short are kept, as closures
 * are). Where some reach the run and others do not, they stand.
 */
function networkOutsideHorizon(
  network: NetworkModel,
  calendar: { start: string } | undefined,
  horizon: number,
  horizonFromSet: boolean,
): Violation[] {
  const out: Violation[] = [];
  const days = horizonDays(calendar, horizon);
  for (const st of network.stations) {
    const shifts = st.schedule ?? [];
    if (
      shifts.length &&
      shifts.every((sh) => sh.dates && !meetsHorizon(days, sh.dates, horizonFromSet))
    )
      out.push({
        path: `stations.${st.id}.schedule`,
        rule: outsideHorizonRule(
          'shift',
          days.text,
          'the station would have no server in this run',
        ),
      });
  }
  for (const src of network.sources) {
    const a = src.arrivals;
    const path = `sources.${src.id}.arrivals`;
    if (a.kind === 'trace') {
      if (a.times.length && a.times[0] >= horizon)
        out.push({ path: `${path}.file`, rule: traceAfterHorizonRule(a.times[0], horizon) });
      continue;
    }
    if (a.kind !== 'profile' && a.kind !== 'daily') continue;
    if (a.periods?.length && !a.periods.some((p) => meetsHorizon(days, p)))
      out.push({
        path: `${path}.periods`,
        rule: outsideHorizonRule('period', days.text, 'this source would bring nobody'),
      });
    if (a.kind === 'daily' && a.byYear) {
      const years = Object.keys(a.byYear).map(Number);
      if (years.length && !years.some((y) => inHorizonYears(days, y)))
        out.push({
          path: `${path}.byYear`,
          rule: `names no year of the horizon (${days.text}): a year's arrivals come on its days in the horizon, so this source would bring nobody; give a year the horizon reaches, or change calendar.start or horizon`,
        });
    }
  }
  return out;
}

/**
 * A service model's demand that has no day in the horizon: a source of an arm it built whose
 * byYear names no year of the horizon or whose periods all lie outside it (e-visa's yearly
 * volumes of config/evisa.yaml, with calendar.start in another year). The user wrote neither,
 * so it is named at calendar.start (horizon without a calendar), which moved the run off them.
 */
export function modelDemandOutsideHorizon(
  scenario: Scenario,
  arms: Record<string, NetworkModel>,
): Violation | undefined {
  const days = horizonDays(scenario.calendar, scenario.horizon);
  for (const arm of Object.values(arms))
    for (const src of arm.sources) {
      const a = src.arrivals;
      if (a.kind !== 'daily' || !a.byYear) continue;
      const years = Object.keys(a.byYear).map(Number);
      if (!years.length || years.some((y) => inHorizonYears(days, y))) continue;
      return {
        path: scenario.calendar ? 'calendar.start' : 'horizon',
        rule: modelYearsRule(
          scenario.model,
          days.text,
          src.id,
          Math.min(...years),
          Math.max(...years),
        ),
      };
    }
  return undefined;
}

/** The rule of a service model whose yearly demand has no year in the horizon. */
export function modelYearsRule(
  model: string,
  horizon: string,
  source: string,
  from: number,
  to: number,
): string {
  return `puts the horizon (${horizon}) outside every year of the ${model} model's demand (its source '${source}' brings arrivals in ${from} to ${to} only): the run would bring nobody; start the calendar in one of those years`;
}

/** A trace whose first time is at or after the horizon's end. */
export function traceAfterHorizonRule(first: number, horizon: number): string {
  const minutes = (x: number) => `${Number(x.toFixed(2)).toLocaleString('en-US')} minutes`;
  return `has no timestamp inside the horizon (its first is at ${minutes(first)}, and the horizon ends at ${minutes(horizon)}): the trace would bring nobody; lengthen horizon, or check the times`;
}

/** A date range whose dates exist and whose end is not before its start. */
function checkDateRange(r: { from: string; to: string }, path: string, violations: Violation[]) {
  const from = parseIsoDate(r.from);
  const to = parseIsoDate(r.to);
  if (Number.isNaN(from)) violations.push({ path: `${path}.from`, rule: 'must be a real date' });
  else if (Number.isNaN(to)) violations.push({ path: `${path}.to`, rule: 'must be a real date' });
  else if (to < from) violations.push({ path: `${path}.to`, rule: 'must not be before from' });
}

/**
 * A day in two of a source's periods: the arrival profile weighs a day by one period's factor
 * (the first listed), so the other's would be dropped without a word. A surge written over a
 * baseline (`{from: 2020-03-12, to: 2020-05-31, factor: 1}` then `{from: 2020-03-18, to:
 * 2020-04-05, factor: 4}`) would run as no surge at all; it is refused instead.
 */
export function overlappingPeriodsRule(other: number, from: string, to: string): string {
  const days = from === to ? from : `${from} to ${to}`;
  return `overlaps periods[${other}] (both hold ${days}): a day is weighted by the factor of one period only, so the other's would be ignored; write the periods so that no day is in two (split the longer around the shorter)`;
}

function checkPeriodsApart(
  periods: { from: string; to: string }[],
  path: string,
  violations: Violation[],
) {
  const days = periods.map((p) => ({ from: parseIsoDate(p.from), to: parseIsoDate(p.to) }));
  const valid = (d: { from: number; to: number }) =>
    !Number.isNaN(d.from) && !Number.isNaN(d.to) && d.to >= d.from;
  for (let j = 1; j < periods.length; j++) {
    if (!valid(days[j])) continue;
    for (let i = 0; i < j; i++) {
      if (!valid(days[i]) || days[i].to < days[j].from || days[j].to < days[i].from) continue;
      const from = days[i].from > days[j].from ? periods[i].from : periods[j].from;
      const to = days[i].to < days[j].to ? periods[i].to : periods[j].to;
      violations.push({ path: `${path}[${j}]`, rule: overlappingPeriodsRule(i, from, to) });
      break;
    }
  }
}

function arrivalSpec(
  a: ArrivalSchema,
  path: string,
  baseDir: string,
  violations: Violation[],
  /** The calendar's start date (minute 0), when the scenario has a calendar. */
  calendarStart?: string,
): ArrivalSpec | undefined {
  const profile = {
    hourOfDay: a.hourOfDay,
    dayOfWeek: a.dayOfWeek,
    month: a.month,
    closedOnHolidays: a.closedOnHolidays,
    periods: a.periods?.map((p) => ({ from: p.from, to: p.to, factor: p.factor })),
  };
  a.periods?.forEach((p, i) => checkDateRange(p, `${path}.periods[${i}]`, violations));
  checkPeriodsApart(a.periods ?? [], `${path}.periods`, violations);
  for (const key of ['hourOfDay', 'dayOfWeek', 'month'] as const) {
    const weights = a[key];
    if (!weights) continue;
    const big = weights.findIndex((w) => w > MAX_WEIGHT);
    if (big >= 0) violations.push({ path: `${path}.${key}[${big}]`, rule: WEIGHT_RULE });
    else if (weights.every((w) => w === 0))
      violations.push({ path: `${path}.${key}`, rule: 'must not all be 0: nobody would arrive' });
  }
  const only = (allowed: (keyof ArrivalSchema)[]) => {
    for (const key of Object.keys(a) as (keyof ArrivalSchema)[]) {
      if (a[key] !== undefined && key !== 'kind' && !allowed.includes(key))
        violations.push({ path: `${path}.${key}`, rule: `does not apply to kind ${a.kind}` });
    }
  };
  switch (a.kind) {
    case 'poisson': {
      only([...POISSON_RATE_KEYS]);
      const given = POISSON_RATE_KEYS.filter((k) => a[k] !== undefined);
      if (given.length !== 1) {
        // Two given: each is named where it was written, so a what-if that gives perHour to a
        // source whose base gives perDay is told which file wrote which, and that null removes
        // the inherited one (not pointed at a rate nobody wrote).
        for (const key of given.length ? given : (['rate'] as const))
          violations.push({ path: `${path}.${key}`, rule: POISSON_RATE_RULE });
        return undefined;
      }
      const rate =
        a.rate ?? (a.perHour !== undefined ? a.perHour / 60 : (a.perDay as number) / 1440);
      if (!(rate > 0)) violations.push({ path: `${path}.rate`, rule: 'must be greater than 0' });
      return { kind: 'poisson', rate };
    }
    case 'profile':
      only(['perDay', 'hourOfDay', 'dayOfWeek', 'month', 'closedOnHolidays', 'periods']);
      if (a.perDay === undefined) {
        violations.push({ path: `${path}.perDay`, rule: 'is required for kind profile' });
        return undefined;
      }
      return { kind: 'profile', perDay: a.perDay, ...profile };
    case 'daily':
      only([
        'perDay',
        'total',
        'byYear',
        'hourOfDay',
        'dayOfWeek',
        'month',
        'closedOnHolidays',
        'window',
        'periods',
      ]);
      if (a.window && a.hourOfDay)
        violations.push({
          path: `${path}.window`,
          rule: 'cannot be given together with hourOfDay',
        });
      if (a.window && !(parseClock(a.window.to) > parseClock(a.window.from)))
        violations.push({ path: `${path}.window.to`, rule: 'must be later than from' });
      if ([a.perDay, a.total, a.byYear].filter((x) => x !== undefined).length !== 1) {
        violations.push({
          path: `${path}.perDay`,
          rule: 'give exactly one of perDay, total or byYear for kind daily',
        });
        return undefined;
      }
      if (a.byYear !== undefined && !Object.keys(a.byYear).length)
        violations.push({ path: `${path}.byYear`, rule: BY_YEAR_EMPTY_RULE });
      for (const [year, n] of Object.entries(a.byYear ?? {})) {
        if (!/^\d{4}$/.test(year))
          violations.push({ path: `${path}.byYear.${year}`, rule: 'must be a year such as 2019' });
        if (!(Number.isInteger(n) && n >= 0))
          violations.push({
            path: `${path}.byYear.${year}`,
            rule: 'must be a whole number, 0 or more',
          });
      }
      return {
        kind: 'daily',
        perDay: a.perDay,
        total: a.total,
        byYear: a.byYear,
        ...profile,
        window: a.window ? { ...a.window } : undefined,
      };
    case 'trace': {
      only(['file', 'format']);
      if (!a.file) {
        violations.push({ path: `${path}.file`, rule: 'is required for kind trace' });
        return undefined;
      }
      const times = readTrace(
        resolve(baseDir, a.file),
        a.format ?? 'minutes',
        `${path}.file`,
        violations,
        calendarStart,
      );
      return times ? { kind: 'trace', times } : undefined;
    }
  }
}

/**
 * Trace CSV: one timestamp per line (first column); a header line is skipped. Minutes count
 * from the run's start; ISO date-times from midnight (UTC) of the calendar's start date, or of
 * the first timestamp's day when the scenario has no calendar.
 */
function readTrace(
  file: string,
  format: 'iso' | 'minutes',
  path: string,
  violations: Violation[],
  calendarStart?: string,
): number[] | undefined {
  if (!existsSync(file)) {
    violations.push({ path, rule: `file not found: ${displayPath(file)}` });
    return undefined;
  }
  if (!statSync(file).isFile()) {
    violations.push({ path, rule: `must be a file (${displayPath(file)} is not one)` });
    return undefined;
  }
  const text = readTraceText(file);
  if (typeof text !== 'string') {
    violations.push({ path, rule: `${displayPath(file)} ${text.rule}` });
    return undefined;
  }
  const times: number[] = [];
  // An invalid calendar start is reported as such; the trace then starts at its first day.
  let origin = calendarStart === undefined ? NaN : parseIsoDate(calendarStart);
  // Line by line without splitting the whole text: a list of every line had held some 40 bytes
  // a line beside the text itself.
  for (let i = 0, start = 0; start <= text.length; i++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    const comma = line.indexOf(',');
    const cell = (comma < 0 ? line : line.slice(0, comma)).trim();
    if (!cell) continue;
    let t: number;
    // Minutes in decimal: Number() would take 0x10 for 16 minutes.
    if (format === 'minutes') t = decimalNumber(cell);
    else {
      const ms = parseUtc(cell);
      if (Number.isNaN(origin) && !Number.isNaN(ms))
        origin = Math.floor(ms / 86_400_000) * 86_400_000;
      t = (ms - origin) / 60_000;
    }
    if (!Number.isFinite(t)) {
      if (times.length === 0 && i === 0) continue; // header
      violations.push({
        path,
        rule: `line ${i + 1}: '${cell}' is not a ${format === 'iso' ? 'date-time' : 'number of minutes'}`,
      });
      return undefined;
    }
    if (t < 0) {
      violations.push({
        path,
        rule:
          format === 'iso'
            ? `line ${i + 1}: '${cell}' is before the calendar's start (${calendarStart})`
            : `line ${i + 1}: '${cell}' is before the run's start: times count minutes from 0`,
      });
      return undefined;
    }
    if (times.length && t < times[times.length - 1]) {
      violations.push({ path, rule: `line ${i + 1}: timestamps must be in ascending order` });
      return undefined;
    }
    times.push(t);
  }
  if (!times.length) {
    violations.push({ path, rule: emptyTraceRule(displayPath(file)) });
    return undefined;
  }
  return times;
}

/**
 * Largest trace file read, in bytes. A timestamp takes about 10 bytes a line in minutes and 20
 * as an ISO date-time, so 128 MB holds some 6 million ISO arrivals (12 million in minutes): more
 * than a year of the largest yearly count in the paper, about 3.6 million transactions
 * (konsolosluk_net.transactions_2020, config/paper-figures.yaml); 16.7 million customers in the
 * system at once is as many as the kernel holds (MAX_IN_SYSTEM, src/sim/network.ts). The traces
 * in the repository are a few bytes (tests/fixtures/scenarios/trace.csv). At the limit, loading
 * took 6 s and 0.55 GB (12.5 million timestamps in minutes, 2-core development machine, December
 * 2026). Above it a file is a slip (a log, a disk image), which had been read whole first.
 */
export const MAX_TRACE_BYTES = 128_000_000;

/**
 * A trace file's text, or why it cannot be read: a file over MAX_TRACE_BYTES is refused before
 * it is read, as a scenario over MAX_SCENARIO_BYTES is. (A FIFO or a device such as /dev/zero
 * never gets here: readTrace asks that the path be a regular file first.)
 */
function readTraceText(file: string): string | { rule: string } {
  const size = statSync(file).size;
  if (size > MAX_TRACE_BYTES)
    return {
      rule: `is ${size.toLocaleString('en-US')} bytes, more than the ${MAX_TRACE_BYTES.toLocaleString('en-US')} a trace file may be (one timestamp a line: is it a trace?)`,
    };
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    return { rule: unreadable(err) };
  }
}

/** A trace file with no timestamp in it (empty, or a header alone). */
export function emptyTraceRule(shown: string): string {
  return `${shown} has no timestamps: a trace without any brings nobody (one timestamp a line, the first column)`;
}

/**
 * Milliseconds of an ISO date-time; one with no zone (`2020-01-03T10:00`) is read as UTC, as
 * the calendar is, not in the zone of the machine that runs the scenario (JavaScript's rule).
 */
function parseUtc(text: string): number {
  const local = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text);
  return Date.parse(local ? `${text.replace(' ', 'T')}Z` : text);
}

/**
 * Applies `a.b.c=value` to a plain document; value is parsed as YAML (numbers, lists, ...). A
 * list item may be named as messages name it (`route[0]`) or dotted (`route.0`), wherever the
 * override comes from: the command line, a Lab link, an audit's `set:`.
 */
export function applyOverride(
  document: Record<string, unknown>,
  assignment: string,
  file: string,
): void {
  const eq = assignment.indexOf('=');
  if (eq <= 0)
    throw new ScenarioError(
      file,
      assignment,
      '--set takes path=value, e.g. stations.desk.servers=12',
    );
  const path = dottedPath(assignment.slice(0, eq).trim());
  const raw = assignment.slice(eq + 1);
  // Read as a file is (parseUniqueKeys): an unknown tag (`!!js/function x`), two keys that are
  // one once read (`{1: a, "1": b}`) or a key that is a mapping is the file's error, with no
  // YAMLWarning printed beside it; other text that is not YAML is taken as text.
  const doc = parseUniqueKeys(raw);
  const own = ownYamlProblem(doc.errors);
  if (own) throw new ScenarioError(file, own.path ? `${path}.${own.path}` : path, own.rule);
  const read = doc.errors.length ? undefined : yamlPlainData(raw, doc);
  // An alias bomb is no text anyone means: refused at the path, as too many aliases are; and
  // a decimal comma in braces, which reads as a number and a key without a value.
  if (read && ('aliasBomb' in read || 'commaInBraces' in read))
    throw new ScenarioError(file, path, read.rule);
  const value = read && 'value' in read ? read.value : raw;
  const keys = path.split('.');
  // `constructor` may be a station's name; the walk below reads only own keys.
  const forbidden = keys.find((k) => k === '__proto__' || k === 'prototype' || k === '');
  if (forbidden !== undefined)
    throw new ScenarioError(file, path, `--set: '${forbidden}' is not a key a scenario can have`);
  const loop = selfContainingPath(value);
  if (loop !== undefined)
    throw new ScenarioError(file, loop ? `${path}.${loop}` : path, SELF_CONTAINING_RULE);
  const unplain = unplainValue(value);
  if (unplain)
    throw new ScenarioError(
      file,
      unplain.path ? `${path}${unplain.path.startsWith('[') ? '' : '.'}${unplain.path}` : path,
      unplain.rule,
    );
  // A station, class or source must exist: --set changes one, it never adds one by a typo.
  const named = { stations: 'station', classes: 'class', sources: 'source' } as const;
  const map = document[keys[0]];
  if (keys[0] in named && keys.length > 2 && typeof map === 'object' && map !== null) {
    const existing = Object.keys(map);
    if (!existing.includes(keys[1]))
      throw new ScenarioError(
        file,
        `${keys[0]}.${keys[1]}`,
        `--set: no ${named[keys[0] as keyof typeof named]} '${keys[1]}' in this scenario${didYouMean(keys[1], existing)}; ` +
          `it has ${existing.map((k) => `'${k}'`).join(', ')} (a new one goes in a scenario file)`,
      );
  }
  let node: Record<string, unknown> = document;
  // The path walked so far as messages name it (route[0] for a list item).
  let shown = '';
  const step = (i: number): void => {
    if (Array.isArray(node)) {
      // In a list a key is an item's number: any other (`route.abc`, `route.01`, `route.length`,
      // one past 2^32 - 2) would be a property of the list that nothing reads, the value lost.
      if (!/^(0|[1-9]\d*)$/.test(keys[i]))
        throw new ScenarioError(
          file,
          `${shown}.${keys[i]}`,
          `is not an item: ${shown} is a list, whose items --set names by number (${shown}[0]), not '${keys[i]}'`,
        );
      shown += `[${keys[i]}]`;
      if (Number(keys[i]) > node.length)
        throw new ScenarioError(file, shown, pastTheEnd((node as unknown[]).length));
    } else shown = shown ? `${shown}.${keys[i]}` : keys[i];
  };
  // `key=null` removes a key. A key that is not there, but is a typo of one that is
  // (`params.pandemc` for `params.pandemic`), would remove nothing, and the run would go on as
  // written without a word. (An absent key with no such neighbour is left alone: removing it
  // is what the Lab does when a field it shows with its default is emptied.)
  const typoOfPresent = (key: string): ScenarioError | undefined => {
    if (Array.isArray(node)) return undefined;
    const meant = closest(key, Object.keys(node));
    if (meant === undefined) return undefined;
    return new ScenarioError(
      file,
      shown,
      `--set: null removes a key, and there is no '${key}' here to remove (did you mean '${meant}'?); it has ${Object.keys(
        node,
      )
        .map((k) => `'${k}'`)
        .join(', ')}`,
    );
  };
  for (let i = 0; i < keys.length - 1; i++) {
    step(i);
    const next = Object.hasOwn(node, keys[i]) ? node[keys[i]] : undefined;
    const typo = next === undefined && value === null ? typoOfPresent(keys[i]) : undefined;
    if (typo) throw typo;
    if (next === undefined) setOwn(node, keys[i], {});
    else if (typeof next !== 'object' || next === null) {
      throw new ScenarioError(
        file,
        keys.slice(0, i + 1).join('.'),
        `--set ${path}: is not a mapping, so it has no key '${keys[i + 1]}'`,
      );
    }
    node = node[keys[i]] as Record<string, unknown>;
  }
  step(keys.length - 1);
  const last = keys[keys.length - 1];
  const typo = value === null && !Object.hasOwn(node, last) ? typoOfPresent(last) : undefined;
  if (typo) throw typo;
  setOwn(node, keys[keys.length - 1], value);
}

/** Sets an own, plain data key, whatever its name (`obj[k] = v` with `__proto__` sets the prototype). */
function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}
