import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';
import { createSampler, DistributionError } from '../sim/distributions';
import { didYouMean } from './suggest';
import { unprintableNote } from '../common/printable-text';
import { CONTROL_CHARACTER_RULE } from './limits';

export interface Violation {
  path: string;
  rule: string;
  /** What the message adds after the rule (the character a text may not hold, U+XXXX). */
  note?: string;
}

/** The one key plain data cannot keep: assigning it anywhere replaces an object's prototype. */
const PROTO = '__proto__';
const PROTO_RULE = `cannot be used as a name: JavaScript objects reserve '${PROTO}'`;

/**
 * Validates a plain object against a class-validator class and returns each
 * violation with its dotted path (`stations.desk.servers`, `classes.citizen.route[0].id`) and
 * its rule. Unknown keys are violations too: a typo in a scenario must not pass silently.
 *
 * The copy into the class is made here rather than by class-transformer's plainToInstance,
 * which treats a key that every object inherits as its own business: `constructor` crashed it,
 * `toString` or `hasOwnProperty` vanished from free-form maps (a station so named was lost), and
 * class-validator's whitelist let `constructor` and `__proto__` through as known keys. Here a
 * key is known only when the class declares it, nested classes (@Type) are copied the same
 * way, and free-form maps (stations, params, byYear, ...) are kept as written, for the code that
 * reads them to check key by key.
 */
export function validatePlain<T extends object>(
  cls: ClassConstructor<T>,
  plain: unknown,
  path: string,
): { value: T; violations: Violation[] } {
  if (!isMapping(plain)) {
    return {
      value: undefined as unknown as T,
      violations: [{ path, rule: 'must be a mapping (key: value pairs)' }],
    };
  }
  const violations = unusableData(plain, path);
  const value = copyInto(cls, plain, path, violations);
  const errors = validateSync(value, { forbidUnknownValues: false });
  // copyInto named a list inside a list of mappings; class-validator's words on its items, at
  // `route[1][0]`, would name the wrong place for the same mistake.
  const listed = violations.filter((v) => v.rule === LIST_IN_LIST_RULE).map((v) => `${v.path}[`);
  violations.push(
    ...flatten(errors, path).filter((v) => !listed.some((at) => v.path.startsWith(at))),
  );
  return { value, violations };
}

/** The rule of a list where a list's item must be a mapping (`route: [[...]]`). */
const LIST_IN_LIST_RULE = 'must be a mapping (key: value pairs), not a list';

function isMapping(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function join(prefix: string, key: string): string {
  return prefix ? `${prefix}.${key}` : key;
}

/**
 * What plain data (YAML, JSON, --set) cannot hold, anywhere below `path`: a `__proto__` key,
 * kept as one or already turned into a prototype by an assignment, and a list with gaps, which
 * only `--set list.N=…` with N past the end makes. Walked without recursion: a document may be
 * nested thousands deep.
 */
function unusableData(plain: object, path: string): Violation[] {
  const out: Violation[] = [];
  const seen = new Set<object>();
  const todo: [unknown, string][] = [[plain, path]];
  while (todo.length) {
    const [node, at] = todo.pop()!;
    if (typeof node !== 'object' || node === null || seen.has(node)) continue;
    seen.add(node);
    if (Array.isArray(node)) {
      let size = 0;
      while (size < node.length && size in node) size++;
      for (let i = 0; i < node.length; i++) {
        if (!(i in node)) continue;
        if (i > size) out.push({ path: `${at}[${i}]`, rule: pastTheEnd(size) });
        todo.push([node[i], `${at}[${i}]`]);
      }
      continue;
    }
    const proto = Object.getPrototypeOf(node) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      out.push({ path: join(at, PROTO), rule: PROTO_RULE });
      continue;
    }
    for (const key of Object.keys(node)) {
      if (key === PROTO) out.push({ path: join(at, key), rule: PROTO_RULE });
      else todo.push([(node as Record<string, unknown>)[key], join(at, key)]);
    }
  }
  return out.reverse();
}

/**
 * Each key (a name) and each string (a text) of `plain` that holds a control character
 * (CONTROL_CHARACTER_RULE), by its path. Walked without recursion, as unusableData.
 */
export function controlCharacters(plain: object): Violation[] {
  const out: Violation[] = [];
  const seen = new Set<object>();
  const todo: [unknown, string][] = [[plain, '']];
  while (todo.length) {
    const [node, at] = todo.pop()!;
    const inText = typeof node === 'string' ? unprintableNote(node, 'scenario-text') : undefined;
    if (inText) out.push({ path: at, rule: CONTROL_CHARACTER_RULE, note: inText });
    if (typeof node !== 'object' || node === null || seen.has(node)) continue;
    seen.add(node);
    if (Array.isArray(node)) {
      node.forEach((item, i) => todo.push([item, `${at}[${i}]`]));
      continue;
    }
    for (const [key, value] of Object.entries(node)) {
      const inName = unprintableNote(key, 'line');
      if (inName) out.push({ path: join(at, key), rule: CONTROL_CHARACTER_RULE, note: inName });
      todo.push([value, join(at, key)]);
    }
  }
  return out.reverse();
}

/** A list item past the end: only `--set list.N=…` makes one. */
export function pastTheEnd(size: number): string {
  const items =
    size === 0 ? 'no items' : size === 1 ? '1 item, [0]' : `${size} items, [0] to [${size - 1}]`;
  return `is past the end of the list: it has ${items} (--set changes an item, or adds one at [${size}])`;
}

/**
 * A new `cls` holding the keys of `plain` that `cls` declares; each other key is a violation.
 * A property with @Type(() => Nested) is copied into Nested (each item, for a list).
 */
function copyInto<T extends object>(
  cls: ClassConstructor<T>,
  plain: Record<string, unknown>,
  path: string,
  violations: Violation[],
): T {
  const known = knownKeys(cls);
  const value = new cls();
  for (const key of Object.keys(plain)) {
    if (key === PROTO) continue; // named by unusableData
    const at = join(path, key);
    if (!known.includes(key)) {
      // `route[0]:` or `classes.citizen.route: ...` in a file: a path where keys nest.
      const below = oneLevelDown(cls, plain, key, known);
      const hint = /[.[]/.test(key)
        ? ': a file writes a path as keys nested one under another (a dotted path, route[0] for a list item, is for --set)'
        : below
          ? ` (did you mean '${join(path, below)}'?)`
          : didYouMean(key, known);
      violations.push({ path: at, rule: `is not a known key${hint}` });
      continue;
    }
    let field = plain[key];
    const nested = nestedClass(cls, key);
    // A mapping where a list belongs is named as such by the list's rule, not item by item.
    if (nested && isMapping(field) && expectsList(cls, key)) {
      // kept as written
    } else if (nested && Array.isArray(field))
      field = field.map((item: unknown, i) => {
        // class-validator takes a list in a list of mappings for more items, and a list of
        // lists (`route: [[]]`) as valid: its steps had no id and no station, and the checks
        // after it failed with an internal error instead of naming the item.
        if (Array.isArray(item)) violations.push({ path: `${at}[${i}]`, rule: LIST_IN_LIST_RULE });
        return isMapping(item) ? copyInto(nested, item, `${at}[${i}]`, violations) : item;
      });
    else if (nested && isMapping(field)) field = copyInto(nested, field, at, violations);
    Object.defineProperty(value, key, {
      value: field,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
  return value;
}

/**
 * The path, from `plain`, where an unknown `key` is known one level down: `stations.desk` for a
 * top-level `desk:` (or `--set desk.servers=11`) when the scenario has a station desk,
 * `params.digital` for a top-level `digital:` when its params have one (free-form maps are
 * looked up in the document as it stands), `calendar.holidays` for a top-level `holidays:` (a
 * nested class is looked up in the keys it declares), else deeper in the document
 * (`stations.desk.servers` for a top-level `servers:`). Lists are not looked into: a key of one
 * item is not the key of the list.
 */
function oneLevelDown(
  cls: ClassConstructor<object>,
  plain: Record<string, unknown>,
  key: string,
  known: string[],
): string | undefined {
  for (const parent of known) {
    const below = plain[parent];
    if (Object.hasOwn(plain, parent) && isMapping(below) && Object.hasOwn(below, key))
      return `${parent}.${key}`;
    const nested = nestedClass(cls, parent);
    if (nested && !expectsList(cls, parent) && knownKeys(nested).includes(key))
      return `${parent}.${key}`;
  }
  // Deeper, in the document as written: a top-level `servers:` (or `--set servers=12`, a
  // newcomer's first override) belongs to a station, `stations.desk.servers`; `perHour` to a
  // source's arrivals. The shallowest level that has the key answers; where several items
  // there have it, the ids that differ are left for the reader: `stations.<id>.servers`.
  let level: [string[], Record<string, unknown>][] = known
    .filter((parent) => Object.hasOwn(plain, parent) && isMapping(plain[parent]))
    .map((parent) => [[parent], plain[parent] as Record<string, unknown>]);
  for (let depth = 2; depth <= DEEPEST_SUGGESTION && level.length; depth++) {
    const next: [string[], Record<string, unknown>][] = [];
    const found: string[][] = [];
    for (const [at, node] of level)
      for (const [id, item] of Object.entries(node)) {
        if (id === PROTO || !isMapping(item)) continue;
        if (Object.hasOwn(item, key)) found.push([...at, id, key]);
        next.push([[...at, id], item]);
      }
    if (found.length) return commonPath(found);
    level = next;
  }
  return undefined;
}

/** How many keys deep an unknown top-level key is looked for: `sources.<id>.arrivals.perHour`. */
const DEEPEST_SUGGESTION = 3;

/**
 * One path for several of a shape (each a list of keys), each key that differs written `<id>`
 * (`stations.<id>.servers`); undefined when they differ at the first, which says nothing.
 */
function commonPath(paths: string[][]): string | undefined {
  const [first] = paths;
  if (paths.some((p) => p.length !== first.length)) return undefined;
  const shape = first.map((part, i) => (paths.every((p) => p[i] === part) ? part : '<id>'));
  return shape[0] === '<id>' ? undefined : shape.join('.');
}

/** Whether a class's property must be a list (it has an @IsArray rule). */
function expectsList(cls: ClassConstructor<object>, key: string): boolean {
  return getMetadataStorage()
    .getTargetValidationMetadatas(cls, '', true, false)
    .some((m) => m.propertyName === key && m.name === 'isArray');
}

/** The keys a class-validator class knows (its own and inherited rules). */
function knownKeys(cls: ClassConstructor<object>): string[] {
  const metas = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
  return [...new Set(metas.map((m) => m.propertyName))];
}

function flatten(errors: ValidationError[], prefix: string, inList = false): Violation[] {
  const out: Violation[] = [];
  for (const err of errors) {
    // A list's items are named as the loader and `uncertain:` paths name them: route[0].
    const path = inList ? `${prefix}[${err.property}]` : join(prefix, err.property);
    const constraints = Object.entries(err.constraints ?? {});
    if (err.value === undefined && constraints.length) {
      // A missing key: say so, and what it must be (the first rule), once.
      out.push({ path, rule: `is required (${stripProperty(constraints[0][1], err.property)})` });
    } else if (
      err.constraints?.isNumber &&
      Array.isArray(err.value) &&
      notNumbers(err.value).length
    ) {
      // A list of numbers with an item that is not one (`hourOfDay: [1e309, ...]`, `[abc, ...]`):
      // name each such item and say why, not the list's own rules ("must be a list of 24
      // weights"), which it seems to keep; its other rules are asked again once these are fixed.
      for (const i of notNumbers(err.value))
        out.push({ path: `${path}[${i}]`, rule: withNotFinite(NUMBER_ITEM_RULE, err.value[i]) });
    } else {
      const rules = new Set<string>();
      // Not a list at all: that is the whole of it (not also "must list at least one ...").
      const notList = err.constraints?.isArray;
      for (const [, message] of notList ? [['isArray', notList]] : constraints)
        rules.add(withNotFinite(stripProperty(message, err.property), err.value));
      for (const rule of rules) out.push({ path, rule });
    }
    if (err.children?.length) out.push(...flatten(err.children, path, Array.isArray(err.value)));
  }
  return out;
}

const NUMBER_ITEM_RULE = 'must be a number';

/** The indexes of a list's items that are not finite numbers. */
function notNumbers(items: readonly unknown[]): number[] {
  const out: number[] = [];
  items.forEach((item, i) => {
    if (typeof item !== 'number' || !Number.isFinite(item)) out.push(i);
  });
  return out;
}

/**
 * Why a number broke a rule it seems to keep: YAML and `--set` read a literal past the largest
 * number (about 1.8e308, such as `1e309`) as infinity, and `.nan` as not a number, and the rule
 * alone ("must be a number greater than 0") would not say so.
 */
function notFinite(value: unknown): string {
  if (typeof value !== 'number' || Number.isFinite(value)) return '';
  return Number.isNaN(value)
    ? ' (the value given is not a number: .nan)'
    : value > 0
      ? ' (the value given reads as infinity, as .inf and every number past about 1.8e308 do)'
      : ' (the value given reads as minus infinity, as -.inf and every number below about -1.8e308 do)';
}

/**
 * `rule`, with notFinite's note on `value` after it unless it is there already: a check that
 * names the value's own path (class-validator's, or the loader's on a list's item, such as
 * `balking.probabilities[0]`) says why a number that is not finite broke it.
 */
export function withNotFinite(rule: string, value: unknown): string {
  const note = notFinite(value);
  return note && !rule.endsWith(note) ? rule + note : rule;
}

/** class-validator's default messages start with the property name; the path says it already. */
function stripProperty(message: string, property: string): string {
  // A list item that is not a mapping (`- null`, `- desk`): its own words say nothing of the fix.
  // A mapping given a plain value (`calendar: 5`, `--set calendar=5`) says the same.
  if (/^(each value in )?nested property \S+ must be either object or array$/.test(message))
    return 'must be a mapping (key: value pairs)';
  return message.replace(/^\S+\s/, (m) => (m.trim() === property ? '' : m));
}

const nestedClasses = new Map<
  ClassConstructor<object>,
  Map<string, ClassConstructor<object> | undefined>
>();

/**
 * The class a property's @Type(() => Nested) names, or undefined. Asked of class-transformer
 * itself, by converting `{key: {}}` and looking at what the value became: its metadata storage
 * is not public, and a deep import of it would be another copy of the module in the browser
 * bundle (its ES build), one that the decorators never wrote to. `key` is a known key of the
 * class, never a name such as `constructor`.
 */
function nestedClass(
  cls: ClassConstructor<object>,
  key: string,
): ClassConstructor<object> | undefined {
  let byKey = nestedClasses.get(cls);
  if (!byKey) nestedClasses.set(cls, (byKey = new Map()));
  if (!byKey.has(key)) {
    const probe = plainToInstance(cls, { [key]: {} }) as Record<string, unknown>;
    const value = probe[key];
    const ctor =
      typeof value === 'object' && value !== null
        ? (Object.getPrototypeOf(value) as { constructor?: unknown } | null)?.constructor
        : undefined;
    byKey.set(
      key,
      typeof ctor === 'function' && ctor !== Object
        ? (ctor as ClassConstructor<object>)
        : undefined,
    );
  }
  return byKey.get(key);
}

/**
 * The largest number a service model's parameter may hold, in size. The largest real ones are
 * yearly counts in the millions (konsolosluk_net.transactions_2020, about 3.6 million; 1.1
 * million citizens on konsolosluk.gov.tr), so a billion is far above any, and products of a
 * few parameters stay finite. Above it a value is a slip (`1e300`), which the models would
 * turn into arrays no memory holds or into Infinity.
 */
export const MAX_PARAM_NUMBER = 1e9;
export const PARAM_NUMBER_RULE = `must be a finite number no larger than ${MAX_PARAM_NUMBER.toExponential()} in size`;

/**
 * What class-validator's rules let through in a service model's params, which the model would
 * then read as if it were there (src/experiment/scenario.runner.ts modelParams):
 * - a nested parameter group (`@ValidateNested() @Type(...)`) that is required but missing
 *   (class-validator validates a missing nested value with no rule at all), or given as a list
 *   (it validates a list's items, of which `[]` has none);
 * - an empty list, and an empty free-form mapping (a distribution, area ids to values), where
 *   the model needs entries;
 * - a number, anywhere under params (free-form mappings and lists included), that is not
 *   finite or is larger than MAX_PARAM_NUMBER in size.
 * Each is a violation with its dotted path; a path class-validator already named is left to it.
 */
export function paramShapeViolations(
  cls: ClassConstructor<object>,
  plain: unknown,
  path: string,
): Violation[] {
  const out: Violation[] = [];
  shapeOf(cls, plain, path, out);
  numbersIn(plain, path, out);
  return out;
}

function shapeOf(
  cls: ClassConstructor<object>,
  plain: unknown,
  path: string,
  out: Violation[],
): void {
  if (!isMapping(plain)) return;
  const metas = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
  for (const key of knownKeys(cls)) {
    const mine = metas.filter((m) => m.propertyName === key);
    const at = join(path, key);
    const value = Object.hasOwn(plain, key) ? plain[key] : undefined;
    const nested = mine.some((m) => m.type === 'nestedValidation')
      ? nestedClass(cls, key)
      : undefined;
    const optional = mine.some((m) => m.type === 'conditionalValidation');
    const list = mine.some((m) => m.name === 'isArray');
    if (value === undefined || value === null) {
      // Other rules say `is required` themselves; a nested group's has no rule to say it.
      if (value === undefined && nested && !optional)
        out.push({
          path: at,
          rule: list
            ? 'is required (must be a list)'
            : 'is required (must be a mapping (key: value pairs))',
        });
      continue;
    }
    if (list) {
      if (Array.isArray(value)) {
        if (value.length === 0) out.push({ path: at, rule: 'must list at least one item' });
        else if (nested)
          value.forEach((item, i) => {
            // class-validator takes a list in a list of groups for a group of groups.
            if (Array.isArray(item))
              out.push({ path: `${at}[${i}]`, rule: 'must be a mapping (key: value pairs)' });
            else shapeOf(nested, item, `${at}[${i}]`, out);
          });
      }
      continue;
    }
    if (nested) {
      if (Array.isArray(value))
        out.push({ path: at, rule: 'must be a mapping (key: value pairs)' });
      else shapeOf(nested, value, at, out);
      continue;
    }
    const freeForm = mine.find((m) => m.name === 'isObject');
    const message = typeof freeForm?.message === 'string' ? freeForm.message : 'must be a mapping';
    if (freeForm && isMapping(value) && Object.keys(value).length === 0)
      out.push({ path: at, rule: `${message}: it is empty` });
    // A distribution (its rule says `must be a distribution ...`) is checked as the kernel
    // will check it, so that a mistake in it is named where the user wrote it, not at the path
    // of the network the model builds from it (`classes[1].route[0].service.mean`).
    else if (freeForm && isMapping(value) && message.startsWith('must be a distribution'))
      distributionAt(value, at, out);
  }
}

/** A distribution's mistake, as createSampler finds it, at its path under `path`. */
function distributionAt(spec: unknown, path: string, out: Violation[]): void {
  // A number out of a parameter's range is named by that rule (numbersIn), once.
  const numbers: Violation[] = [];
  numbersIn(spec, path, numbers);
  if (numbers.length) return;
  try {
    createSampler(spec);
  } catch (err) {
    if (!(err instanceof DistributionError)) throw err;
    out.push({ path: err.path ? join(path, err.path) : path, rule: err.rule });
  }
}

/** Numbers under `plain` that are not finite or too large; walked without recursion. */
function numbersIn(plain: unknown, path: string, out: Violation[]): void {
  const todo: [unknown, string][] = [[plain, path]];
  const seen = new Set<object>();
  while (todo.length) {
    const [node, at] = todo.pop()!;
    if (typeof node === 'number') {
      if (!(Math.abs(node) <= MAX_PARAM_NUMBER)) out.push({ path: at, rule: PARAM_NUMBER_RULE });
      continue;
    }
    if (typeof node !== 'object' || node === null || seen.has(node)) continue;
    seen.add(node);
    if (Array.isArray(node)) node.forEach((v, i) => todo.push([v, `${at}[${i}]`]));
    else
      for (const k of Object.keys(node))
        todo.push([(node as Record<string, unknown>)[k], join(at, k)]);
  }
}
