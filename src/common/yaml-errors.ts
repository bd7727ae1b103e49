/**
 * YAML syntax errors as a user reads them, for every YAML file the project loads (scenarios and
 * the reference data under config/): where the mistake is (line and column, 1-based), the
 * parser's words without the position they repeat, and a hint where the parser's words say
 * nothing of the fix. Plain TypeScript over the `yaml` parser's errors; no file access.
 */
import {
  type Document,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  Parser,
  type YAMLError,
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

/** The rule a value that contains itself (selfContainingPath) breaks. */
export const SELF_CONTAINING_RULE =
  'is not valid here: an alias (*name) inside the node its own anchor (&name) marks makes a value that contains itself';

/**
 * A YAML document as `parseDocument(text, { prettyErrors: true, uniqueKeys: true })` reads it,
 * each repeated key of a mapping among its errors (DUPLICATE_KEY, "Map keys must be unique", at
 * the repeated key), but found in one pass. The parser's own check compares each key with every
 * key before it in its mapping: a mapping of n keys took n²/2 comparisons, 20,000 keys (200 KB)
 * 8 s, and a flat mapping filling a 4 MB scenario file (some 300,000 keys) half an hour, with
 * no word, before its first error. Keys are the same as the parser's check holds them: the same
 * scalar value (`servers` and `"servers"`, not `1` and `"1"`); a key that is a list or a map is
 * compared with none (the checks after parsing refuse it).
 */
export function parseUniqueKeys(text: string): Document.Parsed {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: false });
  const repeated: YAMLParseError[] = [];
  // A loop, not a recursion: a document nested as deep as the parser reads is walked.
  const open: unknown[] = [doc.contents];
  while (open.length) {
    const node = open.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const { key, value } of node.items) {
        if (isScalar(key) && key.range) {
          if (seen.has(key.value))
            repeated.push(
              new YAMLParseError(
                [key.range[0], key.range[0] + 1],
                'DUPLICATE_KEY',
                'Map keys must be unique',
              ),
            );
          else seen.add(key.value);
        }
        open.push(key, value);
      }
    } else if (isSeq(node)) open.push(...node.items);
  }
  if (!repeated.length) return doc;
  // In place among the parser's own errors, as its check had put them: by where they are.
  for (const e of repeated.sort((a, b) => a.pos[0] - b.pos[0])) {
    const at = doc.errors.findIndex((other) => other.pos[0] > e.pos[0]);
    doc.errors.splice(at < 0 ? doc.errors.length : at, 0, e);
  }
  return doc;
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
  let plain: unknown;
  try {
    plain = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    throw fail('', `is not valid YAML: ${yamlProblem((err as Error).message)}`);
  }
  const loop = selfContainingPath(plain);
  if (loop !== undefined) throw fail(loop, SELF_CONTAINING_RULE);
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
