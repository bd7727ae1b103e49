/**
 * Characters a reader does not see as themselves, which text a client or a file supplied may
 * carry into an error message: controls (C0, DEL, C1: general category Cc; a C1 such as U+009B
 * starts a terminal escape sequence), format characters (Cf: the bidi marks, embeddings,
 * overrides and isolates U+061C, U+200E-F, U+202A-E, U+2066-9, the zero-width U+200B-D and
 * U+2060-4, the byte order mark U+FEFF, the soft hyphen, the tags U+E0000-7F), the line and
 * paragraph separators (Zl, Zp), lone surrogates (Cs) and the Hangul fillers, letters that
 * show as blanks (U+115F, U+1160, U+3164, U+FFA0). `unknown field "‮"` with U+202E in it
 * turned the rest of a log line or terminal line around: what a human read was not what was sent.
 * Also the spaces other than U+0020 (Zs: the no-break space U+00A0, U+1680, the en/em/thin/hair
 * spaces U+2000-A, U+202F, U+205F, the ideographic space U+3000), which look like a plain space
 * or none: `"admin\u00a0"` is not the field `"admin "`, and the reader must see which was sent.
 */
const INVISIBLE =
  /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\u115F\u1160\u3164\uFFA0\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/gu;

/** INVISIBLE, or a backslash: the one character an escape starts with. */
const ESCAPED = new RegExp(`\\\\|${INVISIBLE.source}`, 'gu');

/** Each UTF-16 unit of `c` as `\uXXXX`, as JSON writes an escaped character. */
function escaped(c: string): string {
  let out = '';
  for (let i = 0; i < c.length; i++) out += `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}

/**
 * `text` with every invisible character (INVISIBLE) written as its escape, `\u202e`, and every
 * backslash doubled, `\\`: for a message that echoes what a client or a file supplied.
 * Everything else is left as it is. The backslash is what makes it unambiguous: a client that
 * typed the six characters `\u202e` reads `\\u202e`, never the escape of U+202E itself (each
 * backslash shown starts `\\` or `\uXXXX`, as in a JSON string).
 */
export function visibleText(text: string): string {
  return text.replace(ESCAPED, (c) => (c === '\\' ? '\\\\' : escaped(c)));
}

/**
 * JSON text (a log line) with every invisible character written as its escape: the same JSON
 * value, since JSON.stringify has doubled each backslash already (and escapes only C0 controls).
 */
export function visibleJson(json: string): string {
  return json.replace(INVISIBLE, escaped);
}

/** Code points kept of a client's text quoted into a message: enough to recognise it. */
const QUOTED_LENGTH = 78;

/**
 * A client's text (a field name, a header value) in double quotes for a message, cut to its first
 * QUOTED_LENGTH code points (`…` after the cut), the characters as they are: the message goes
 * through visibleText whole, once, which escapes the invisible ones and the backslashes. (It was
 * JSON.stringify, whose backslashes visibleText would double again.)
 */
export function quoted(text: string, length = QUOTED_LENGTH): string {
  const points = [...text];
  return `"${points.slice(0, length).join('')}${points.length > length ? '…' : ''}"`;
}

/** An error body's `message` (a text or a list of texts) with visibleText applied to each. */
export function visibleMessage(message: unknown): unknown {
  if (typeof message === 'string') return visibleText(message);
  if (Array.isArray(message))
    return message.map((m: unknown) => (typeof m === 'string' ? visibleText(m) : m));
  return message;
}

/**
 * A JSON.stringify replacer (Express's `json replacer` setting) that applies visibleMessage to
 * the message of the API's one error body (`{statusCode, message, ...}` with a status of 400 or
 * more) wherever it was made: one place for the messages of every route, guard and filter, and
 * of the framework's own (`Cannot GET /‮`). Other bodies are left as they are.
 */
export function visibleErrorReplacer(this: unknown, key: string, value: unknown): unknown {
  if (key !== '' || value === null || typeof value !== 'object' || Array.isArray(value))
    return value;
  const body = value as { statusCode?: unknown; message?: unknown };
  if (typeof body.statusCode !== 'number' || body.statusCode < 400 || !('message' in body))
    return value;
  return { ...body, message: visibleMessage(body.message) };
}
