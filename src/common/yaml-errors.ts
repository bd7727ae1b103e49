/**
 * YAML syntax errors as a user reads them, for every YAML file the project loads (scenarios and
 * the reference data under config/): where the mistake is (line and column, 1-based), the
 * parser's words without the position they repeat, and a hint where the parser's words say
 * nothing of the fix. Plain TypeScript over the `yaml` parser's errors; no file access.
 */
import {
  type Alias,
  type Document,
  type ErrorCode,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  Parser,
  type YAMLError,
  visit,
  YAMLParseError,
} from 'yaml';

/** A syntax error's place (`line 5, column 4`) and its rule (`is not valid YAML: ...`). */
export interface YamlSyntaxError {
  where: string;
  rule: string;
}

/**
 * The first of a parsed document's syntax errors as a user reads it, or undefined when it has
 * none. A key indented further than the one above it reads as the rest of that key's value, a
 * key over two lines: the parser names the value, where the mistake is the next line.
 */
export function yamlSyntaxError(
  text: string,
  errors: readonly YAMLError[],
): YamlSyntaxError | undefined {
  if (!errors.length) return undefined;
  const wrapped = errors.find(
    (w) => w.code === 'MULTILINE_IMPLICIT_KEY' && w.pos[0] === errors[0].pos[0],
  );
  const e = errors[0].code === 'BLOCK_AS_IMPLICIT_KEY' && wrapped ? wrapped : errors[0];
  const at = yamlErrorPosition(text, e);
  const said = OWN_RULES.get(e);
  if (said)
    return {
      where: said.path ?? (at ? `line ${at.line}, column ${at.col}` : ''),
      rule: said.rule,
    };
  // `{ path: classes.x.route[0].service.mean, ... }`: inside { } a '[' starts a list, and
  // the parser's words for it say nothing of the fix.
  const hint = e.message.startsWith('Unexpected flow-seq-start')
    ? ` (inside { } a '[' starts a list: quote a value that holds one, e.g. path: "classes.citizen.route[0].service.mean")`
    : e === wrapped
      ? ` (this line is indented further than the key above it, so it continues that key's value: indent it as the keys beside it)`
      : '';
  return {
    where: at ? `line ${at.line}, column ${at.col}` : '',
    // The position is in `where`; the parser's message repeats it.
    rule: `is not valid YAML: ${yamlProblem(e.message)}${hint}`,
  };
}

/**
 * Where a value read from YAML contains itself, as a dotted path (`''` at the top), or
 * undefined when it does not. An alias inside the node its anchor marks (`&a {x: *a}`,
 * `&a [1, *a]`) is valid YAML, and the parser reads it as a value that holds itself: every
 * walk of it (the checks, a merge, a copy, JSON) then recursed until the stack ran out, a
 * RangeError instead of a message. Aliases that only repeat a node elsewhere are fine.
 */
export function selfContainingPath(value: unknown): string | undefined {
  const open = new Set<object>();
  const walk = (v: unknown, at: string): string | undefined => {
    if (v === null || typeof v !== 'object') return undefined;
    if (open.has(v)) return at;
    open.add(v);
    const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
    for (const [k, x] of entries) {
      const found = walk(x, at ? `${at}.${k}` : k);
      if (found !== undefined) return found;
    }
    open.delete(v);
    return undefined;
  };
  return walk(value, '');
}

/**
 * Where a value read from YAML is not plain data (text, a number, true or false, null, a list or
 * a mapping), and the rule it breaks, or undefined. A tag makes other things: `!!omap` and
 * `!!pairs` a Map, `!!set` a Set, `!!binary` bytes, a date under `%YAML 1.1` a Date. The checks
 * after parsing read them as mappings: an `!!omap` of stations was a mapping of none
 * (`stations: must define at least one station`), the bytes of `!!binary` a mapping of keys
 * 0, 1, 2... Run after selfContainingPath (the walk assumes no value contains itself).
 */
export function unplainValue(value: unknown): { path: string; rule: string } | undefined {
  const kind = (v: object): string | undefined =>
    v instanceof Map
      ? 'an ordered mapping (!!omap or !!pairs)'
      : v instanceof Set
        ? 'a set (!!set)'
        : v instanceof Date
          ? 'a date (!!timestamp, or a date under %YAML 1.1)'
          : ArrayBuffer.isView(v)
            ? 'binary data (!!binary)'
            : Array.isArray(v) ||
                Object.getPrototypeOf(v) === Object.prototype ||
                Object.getPrototypeOf(v) === null
              ? undefined
              : 'an object of a YAML tag';
  const walk = (v: unknown, at: string): { path: string; rule: string } | undefined => {
    if (v === null || typeof v !== 'object') return undefined;
    const what = kind(v);
    if (what)
      return {
        path: at,
        rule: `is ${what}: a value here is text, a number, true or false, a list or a mapping; write it without the tag`,
      };
    const entries = Array.isArray(v) ? v.map((x, i) => [`[${i}]`, x] as const) : Object.entries(v);
    for (const [k, x] of entries) {
      const found = walk(x, k.startsWith('[') ? `${at}${k}` : at ? `${at}.${k}` : k);
      if (found) return found;
    }
    return undefined;
  };
  return walk(value, '');
}

/** The rule a value that contains itself (selfContainingPath) breaks. */
export const SELF_CONTAINING_RULE =
  'is not valid here: an alias (*name) inside the node its own anchor (&name) marks makes a value that contains itself';

/**
 * Errors found after parsing that are not the parser's own words: a key that two spellings
 * make one (`1` and `"1"`), a key that is a list or a mapping, a tag the parser could not
 * apply. Each is said as written here (its rule whole, and where it is when that is a path
 * rather than a line), not as `is not valid YAML: ...`: the text is valid YAML, what is wrong
 * is what it means once read.
 */
const OWN_RULES = new WeakMap<YAMLError, { path?: string; rule: string }>();

/**
 * What parseUniqueKeys said of a document's first error when it is one of its own (two keys that
 * are one once read, a key that is a list or a mapping, an unresolved tag, too many aliases):
 * the rule, and the path where it names one; undefined for the parser's own errors or none.
 */
export function ownYamlProblem(
  errors: readonly YAMLError[],
): { path?: string; rule: string } | undefined {
  return errors.length ? OWN_RULES.get(errors[0]) : undefined;
}

/** The 1-based line of `offset` in `text`. */
function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** A key as written (its first line, cut to 40 characters), for a message. */
function writtenKey(text: string, range: readonly number[]): string {
  const written = text.slice(range[0], range[1]).split(/\r?\n/)[0].trim();
  return written.length > 40 ? `${written.slice(0, 39)}…` : written || '(empty)';
}

/**
 * The most aliases (*name) a file may use (an assumption: the files here use none, and a
 * scenario that repeats a block a few times needs a few dozen). The parser finds each alias's
 * anchor by a walk over every anchor and alias before it: 120,000 of them (`&aN x` and `*aN`,
 * 2.7 MB, within the 4 MB a scenario may be) held `run` for over two minutes with no word.
 */
export const MAX_ALIASES = 1000;

/**
 * The node each alias used as a key stands for (the last anchor of its name before it), found in
 * one walk of the document in its order; an alias whose anchor comes after it is left out.
 */
function aliasedKeys(doc: Document.Parsed): Map<unknown, unknown> {
  const anchors = new Map<string, unknown>();
  const found = new Map<unknown, unknown>();
  try {
    visit(doc, {
      Node(key, node) {
        if (key === 'key' && isAlias(node)) found.set(node, anchors.get(node.source));
        const anchor = (node as { anchor?: string }).anchor;
        if (anchor) anchors.set(anchor, node);
      },
    });
  } catch {
    // Nested too deeply for the walk: toJS, as deep, is refused in its turn.
  }
  return found;
}

/** A key's tag as written before it (`!!binary `), or '' for none. */
function taggedKey(key: unknown): string {
  const tag = isScalar(key) ? key.tag : undefined;
  return tag ? `${tag.replace('tag:yaml.org,2002:', '!!')} ` : '';
}

/**
 * The property a mapping's key becomes when the document is read to plain data
 * (`doc.toJS()`: null is '', a number or a boolean its text, so `1`, `1.0` and `"1"` are one
 * key), 'merge' for a merge key (`<<` under YAML 1.1: it adds keys rather than naming one), or
 * what the key is when it names no property: a list, a mapping, or a scalar read as an object
 * (`!!binary`, a date). toJS turns those into text of its own making and prints a warning.
 * An alias whose anchor cannot be found is left to toJS, which refuses it.
 */
function propertyOf(
  key: unknown,
  aliased: ReadonlyMap<unknown, unknown>,
): { name: string } | { not: string } | 'merge' | undefined {
  const node = isAlias(key) ? aliased.get(key) : key;
  if (node === null) return { name: '' };
  if (isMap(node)) return { not: 'a mapping' };
  if (isSeq(node)) return { not: 'a list' };
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (typeof v === 'symbol') return 'merge';
  if (v === null || v === undefined) return { name: '' };
  if (typeof v === 'object')
    return { not: v instanceof Date ? 'a date' : 'binary data or an object' };
  return { name: String(v) };
}

/**
 * A YAML document as `parseDocument(text, { prettyErrors: true, uniqueKeys: true })` reads it,
 * each repeated key of a mapping among its errors (DUPLICATE_KEY, "Map keys must be unique", at
 * the repeated key), but found in one pass. The parser's own check compares each key with every
 * key before it in its mapping: a mapping of n keys took n²/2 comparisons, 20,000 keys (200 KB)
 * 8 s, and a flat mapping filling a 4 MB scenario file (some 300,000 keys) half an hour, with
 * no word, before its first error.
 *
 * Keys are compared as the plain data has them, not only as the parser's check does: that check
 * holds `1` and `"1"` (or `true` and `"true"`, `null` and `""`, 1e20 and "100000000000000000000")
 * different keys, and read to plain data they are one property, the second value replacing the
 * first without a word. Each such pair is an error naming both lines. A key that is a list or a
 * mapping (`? {a: 1}`, `[a, b]: x`) names no property: toJS made text of it and printed a
 * warning to stderr; it is an error naming the mapping's path. A tag the parser cannot apply
 * (`!!foo x`, `!!int x`) was a warning, the value read as text without a word: an error too.
 */
export function parseUniqueKeys(text: string): Document.Parsed {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: false });
  const found: YAMLParseError[] = [];
  const own = (at: number, code: ErrorCode, message: string, rule?: string, path?: string) => {
    const e = new YAMLParseError([at, at + 1], code, message);
    if (rule !== undefined) OWN_RULES.set(e, { rule, path });
    found.push(e);
  };
  for (const w of doc.warnings)
    if (w.code === 'BAD_DIRECTIVE')
      own(
        w.pos[0],
        w.code,
        w.message,
        `is not valid here: ${yamlProblem(w.message)} (a file here may use %YAML 1.1 or 1.2 and %TAG; any other directive was passed over without a word: remove it)`,
      );
    else if (w.code === 'TAG_RESOLVE_FAILED')
      own(
        w.pos[0],
        w.code,
        w.message,
        `is not valid here: ${yamlProblem(w.message).replace('tag:yaml.org,2002:', '!!')} (a tag not read here, or one its value does not fit, as !!int x: write the value without the tag)`,
      );
  const aliases: number[] = [];
  let aliased: Map<unknown, unknown> | undefined;
  // A loop, not a recursion: a document nested as deep as the parser reads is walked.
  const open: [unknown, string][] = [[doc.contents, '']];
  while (open.length) {
    const [node, at] = open.pop() as [unknown, string];
    if (isAlias(node) && node.range) aliases.push(node.range[0]);
    if (isMap(node)) {
      const seen = new Map<string, { value: unknown; range: readonly number[] }>();
      for (const { key, value } of node.items) {
        const range = (key as { range?: readonly number[] } | null)?.range;
        if (isAlias(key)) aliased ??= aliasedKeys(doc);
        const property = range ? propertyOf(key, aliased ?? new Map()) : undefined;
        if (property && property !== 'merge' && 'not' in property)
          own(
            range![0],
            'NON_STRING_KEY',
            'Keys must be text',
            `has a key that is ${property.not} (${taggedKey(key)}${writtenKey(text, range!)}, line ${lineOf(text, range![0])}): a key is a name, written as text (quote it to keep those characters in the name)`,
            at,
          );
        else if (property && property !== 'merge') {
          const keyValue = isScalar(key) ? key.value : property.name;
          const first = seen.get(property.name);
          if (!first) seen.set(property.name, { value: keyValue, range: range! });
          else {
            const line = lineOf(text, first.range[0]);
            const same = writtenKey(text, first.range) === writtenKey(text, range!);
            // The parser's check holds keys of one value the same (`servers`, `"servers"`).
            if (Object.is(first.value, keyValue) || (first.value === 0 && keyValue === 0))
              own(
                range![0],
                'DUPLICATE_KEY',
                `Map keys must be unique (${same ? `${writtenKey(text, range!)} is on line ${line} too` : `${writtenKey(text, range!)} here and ${writtenKey(text, first.range)} on line ${line} are one key`})`,
              );
            else
              own(
                range![0],
                'DUPLICATE_KEY',
                'Map keys must be unique',
                `is not valid here: the keys ${writtenKey(text, first.range)} (line ${line}) and ${writtenKey(text, range!)} (this line) are one key once read, '${property.name}', and the second value would replace the first without a word: write the key once`,
              );
          }
        }
        const name = property && property !== 'merge' && 'name' in property ? property.name : '?';
        open.push([key, at], [value, at ? `${at}.${name}` : name]);
      }
    } else if (isSeq(node)) node.items.forEach((item, i) => open.push([item, `${at}[${i}]`]));
  }
  if (aliases.length > MAX_ALIASES)
    own(
      aliases.sort((a, b) => a - b)[MAX_ALIASES],
      'RESOURCE_EXHAUSTION',
      'Excessive alias count',
      `is not valid here: the file uses more than ${MAX_ALIASES.toLocaleString('en-US')} aliases (*name), and reading each one searches the file for its anchor: write the values out, or repeat fewer of them`,
    );
  if (!found.length) return doc;
  // In place among the parser's own errors, as its check had put them: by where they are.
  for (const e of found.sort((a, b) => a.pos[0] - b.pos[0])) {
    const at = doc.errors.findIndex((other) => other.pos[0] > e.pos[0]);
    doc.errors.splice(at < 0 ? doc.errors.length : at, 0, e);
  }
  return doc;
}

/**
 * A parsed document read to plain data (`toJS`, with the parser's alias guard at MAX_ALIASES),
 * or where reading it stopped and why. The parser refuses an alias bomb (anchors whose values
 * hold aliases of the one before, `&b [*a, *a, ...]`: four levels of ten aliases make 10,000
 * copies of the first) and an alias with no anchor before it, but its error names no place
 * (`is not valid YAML: Excessive alias count...`), where every other YAML error has a line. Its
 * guard is an estimate: it counts each anchor's value once more than it is used and multiplies
 * level by level, so a chain of ten anchors each holding one alias of the one before is refused
 * too. A document that fails is read again with its aliases watched (failingAlias), and the
 * error is named at the alias the parser stopped on; one that reads is read once, as before.
 */
export function yamlPlainData(
  text: string,
  doc: Document.Parsed,
): { value: unknown } | (YamlSyntaxError & { aliasBomb?: true; commaInBraces?: true }) {
  try {
    const value: unknown = doc.toJS({ maxAliasCount: MAX_ALIASES });
    const comma = commaInBraces(text, doc);
    return comma ?? { value };
  } catch (err) {
    const problem = yamlProblem((err as Error).message);
    const alias = err instanceof ReferenceError ? failingAlias(doc) : undefined;
    const where = alias?.range ? placeOf(text, alias.range[0]) : '';
    if (/^Excessive alias count/.test(problem))
      return {
        where,
        aliasBomb: true,
        rule: `is not valid here: ${alias ? `this alias (*${alias.source})` : 'an alias'} repeats a value that holds aliases, which may hold aliases in turn, and the parser counts the copies they make past ${MAX_ALIASES.toLocaleString('en-US')} (its guard against an alias bomb, where each level multiplies the copies of the one below): write the values out, or nest fewer aliases inside anchored values`,
      };
    return { where, rule: `is not valid YAML: ${problem}` };
  }
}

/**
 * The alias that `doc.toJS` fails on (its limit on copies passed, or no anchor found), or
 * undefined. The parser's error carries no node, so each alias's two methods that throw them
 * (`resolve`, which counts the copies, and `toJSON`, which finds no anchor) are wrapped on the
 * node itself for one more reading, then unwrapped. The innermost alias to throw is the one named:
 * an alias whose anchor is read on its first use passes on the error of an alias inside it.
 * Only ReferenceErrors, the parser's errors for aliases, name one: a stack overflow thrown inside
 * an alias is not that alias's fault. A document nested too deeply for the parser's walk (visit)
 * names none.
 */
function failingAlias(doc: Document.Parsed): Alias | undefined {
  const aliases: Alias[] = [];
  try {
    visit(doc, { Alias: (_, node) => void aliases.push(node) });
  } catch {
    return undefined;
  }
  let failed: Alias | undefined;
  const watched = <A extends unknown[], R>(alias: Alias, method: (...args: A) => R) =>
    function (this: Alias, ...args: A): R {
      try {
        return method.apply(this, args);
      } catch (err) {
        if (err instanceof ReferenceError) failed ??= alias;
        throw err;
      }
    };
  for (const alias of aliases) {
    alias.resolve = watched(alias, alias.resolve);
    alias.toJSON = watched(alias, alias.toJSON);
  }
  try {
    doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch {
    // Expected: it failed the first time, and `failed` names where.
  } finally {
    for (const alias of aliases) {
      Reflect.deleteProperty(alias, 'resolve');
      Reflect.deleteProperty(alias, 'toJSON');
    }
  }
  return failed;
}

/** `line 5, column 4`: where `offset` is in `text`, 1-based. */
/**
 * A number written with a comma inside braces (`retrial: {probability: 0,5, meanDelayMinutes:
 * 30}`): a comma separates entries there, so YAML reads `probability: 0` and a key `5` with no
 * value, and the loader, for which a key without a value is absent, went on with probability 0
 * and no word. Found by its shape: a whole number, a comma straight after it, then a key of digits
 * with no value. A list in brackets (`[0,5]`) is two numbers as written and is not touched.
 */
function commaInBraces(
  text: string,
  doc: Document.Parsed,
): (YamlSyntaxError & { commaInBraces: true }) | undefined {
  let found: (YamlSyntaxError & { commaInBraces: true }) | undefined;
  visit(doc, {
    Map: (_, map) => {
      if (!map.flow) return undefined;
      for (let i = 1; i < map.items.length; i++) {
        const before = map.items[i - 1]!;
        const { key, value } = map.items[i]!;
        const number = before.value;
        if (
          !isScalar(number) ||
          !/^[-+]?\d+$/.test(number.source ?? '') ||
          !isScalar(key) ||
          !/^\d+$/.test(key.source ?? '') ||
          value !== null ||
          !number.range ||
          !key.range ||
          text.slice(number.range[1], key.range[0]) !== ','
        )
          continue;
        const written = `${number.source},${key.source}`;
        const name = isScalar(before.key)
          ? `${String(before.key.source ?? before.key.value)}: `
          : '';
        // `12,000` may be a thousands separator as well; `0,5` only a decimal comma.
        const grouped = key.source!.length === 3 && !/^[-+]?0+$/.test(number.source!);
        const meant = grouped
          ? `a decimal is written with a point and a number without thousands separators: for ${written}, write ${written.replace(',', '.')} or ${written.replace(',', '')}`
          : `a decimal is written with a point: for ${written}, write ${written.replace(',', '.')}`;
        found = {
          where: placeOf(text, number.range[0]),
          rule: `is not valid here: '${name}${written}' in braces reads as ${name}${number.source} and a key ${key.source} with no value (a comma separates entries there); ${meant}`,
          commaInBraces: true,
        };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

function placeOf(text: string, offset: number): string {
  const before = text.slice(0, offset);
  return `line ${before.split('\n').length}, column ${before.length - before.lastIndexOf('\n')}`;
}

/**
 * The text with each carriage return that no line feed follows made a line feed. YAML reads a
 * carriage return alone as a line break, as it reads CRLF and LF (YAML 1.2, production
 * b-break); the parser here reads only the last two, so a file saved with old Mac line ends
 * read as one long line and failed on "Nested mappings are not allowed in compact mappings"
 * at its first key. One character for one: offsets, lines and columns stay where they were.
 */
export function yamlLineBreaks(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/**
 * Parses YAML text to plain data, or throws what `fail(where, rule)` makes of its first syntax
 * error (or of an alias with no anchor, an alias bomb, nesting too deep to read).
 */
export function parseYamlText(
  text: string,
  fail: (where: string, rule: string) => Error,
  options: { uniqueKeys?: boolean } = {},
): unknown {
  text = yamlLineBreaks(text);
  let doc;
  try {
    doc =
      options.uniqueKeys === false
        ? parseDocument(text, { prettyErrors: true, uniqueKeys: false })
        : parseUniqueKeys(text);
  } catch (err) {
    throw fail('', `is not valid YAML: ${yamlProblem((err as Error).message)}`);
  }
  const syntax = yamlSyntaxError(text, doc.errors);
  if (syntax) throw fail(syntax.where, syntax.rule);
  const read = yamlPlainData(text, doc);
  if (!('value' in read)) throw fail(read.where, read.rule);
  const plain = read.value;
  const loop = selfContainingPath(plain);
  if (loop !== undefined) throw fail(loop, SELF_CONTAINING_RULE);
  const unplain = unplainValue(plain);
  if (unplain) throw fail(unplain.path, unplain.rule);
  return plain;
}

/**
 * Where a YAML syntax error is, as a user finds it (1-based line and column). The parser names
 * some by an offset that is not where the mistake is: an item indented unlike its siblings at
 * the start of its line's spaces (column 1), an unclosed quote at the end of the file (a line
 * past the last), a key over two lines at its first line. Those are moved to the item's first
 * character, to the opening quote and to the first character of the key's second line.
 */
function yamlErrorPosition(text: string, e: YAMLError): { line: number; col: number } | undefined {
  let offset = e.pos?.[0];
  if (offset === undefined) return e.linePos?.[0];
  if (e.code === 'MISSING_CHAR' && /quote/.test(e.message)) {
    const opening = unclosedQuoteStart(text, offset);
    if (opening !== undefined) offset = opening;
  } else if (e.code === 'BAD_INDENT') {
    while (text[offset] === ' ') offset++;
  } else if (e.code === 'MULTILINE_IMPLICIT_KEY') {
    // The first character of the line the key ends on.
    offset = text.lastIndexOf('\n', e.pos[1] - 1) + 1;
    while (text[offset] === ' ') offset++;
  }
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, col: before.length - before.lastIndexOf('\n') };
}

/** The offset of the quoted scalar the parser found unclosed where it ends at `end`. */
function unclosedQuoteStart(text: string, end: number): number | undefined {
  let found: number | undefined;
  const visit = (node: unknown): void => {
    if (found !== undefined || typeof node !== 'object' || node === null) return;
    const token = node as { type?: unknown; offset?: unknown; source?: unknown };
    if (
      (token.type === 'double-quoted-scalar' || token.type === 'single-quoted-scalar') &&
      typeof token.offset === 'number' &&
      typeof token.source === 'string' &&
      token.offset + token.source.length === end
    ) {
      found = token.offset;
      return;
    }
    for (const value of Object.values(node)) visit(value);
  };
  try {
    for (const token of new Parser().parse(text)) visit(token);
  } catch {
    return undefined; // nested too deeply to walk: the parser's own position stands
  }
  return found;
}

/**
 * The YAML parser's message, in a user's words where it is the engine's: a list or map nested
 * thousands deep runs the parser out of stack, and "Maximum call stack size exceeded" says
 * nothing of the file.
 */
export function yamlProblem(message: string): string {
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return /Maximum call stack size exceeded/.test(first)
    ? 'lists or maps are nested too deeply to read (no file here needs more than a few levels)'
    : first;
}

/**
 * A file's bytes as text, or where they stop being UTF-8: `line 3, column 12` (1-based, the
 * column counted in characters) and the rule, naming the first byte that is not. YAML is UTF-8
 * here (as JSON is for the API, which refuses such a body), and reading the bytes with
 * `readFileSync(file, 'utf8')` had turned each bad byte into U+FFFD without a word: a label
 * saved in Latin-1 ran as `Consul\ufffdr desk`. Text as it comes (the Lab's copies of the
 * files, bundled as text at build time) is taken as it is. TextDecoder, not Buffer: the Lab
 * runs this in the browser.
 */
export function utf8Text(bytes: Uint8Array | string): string | YamlSyntaxError {
  if (typeof bytes === 'string') return bytes;
  try {
    // ignoreBOM: a byte order mark stays in the text, as readFileSync(file, 'utf8') kept it.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    // Not UTF-8: found below.
  }
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  // Up to the first bad byte every character was read as written, so the text before a U+FFFD
  // gives its byte offset; a U+FFFD the file holds itself (EF BF BD) is passed over.
  for (let i = text.indexOf('\ufffd'); i >= 0; i = text.indexOf('\ufffd', i + 1)) {
    const before = text.slice(0, i);
    const at = new TextEncoder().encode(before).length;
    if (bytes[at] === 0xef && bytes[at + 1] === 0xbf && bytes[at + 2] === 0xbd) continue;
    const line = before.split('\n').length;
    const col = [...before.slice(before.lastIndexOf('\n') + 1)].length + 1;
    const hex = bytes[at].toString(16).toUpperCase().padStart(2, '0');
    return {
      where: `line ${line}, column ${col}`,
      rule: `is not UTF-8 text (the byte 0x${hex} here starts no UTF-8 character, or one cut short): save the file as UTF-8`,
    };
  }
  return { where: '', rule: 'is not UTF-8 text: save the file as UTF-8' };
}
