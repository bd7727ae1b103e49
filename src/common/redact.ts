/**
 * Redaction of personal data, for log lines and for free text before it is enqueued.
 *
 * Fields whose name says they hold personal data or secrets are replaced whole, and any
 * string that looks like a passport number, an e-mail address, a phone, ID or card number, an
 * IBAN, or a name after "my name is"/"adım"-like words is masked wherever it appears
 * (messages, nested objects, error texts), so a careless log call cannot leak an applicant.
 * The same redaction masks free text before it is enqueued (Hızır hand-offs). Ids (ev_…,
 * kn_…) are kept: they identify a record, not a person.
 */
export const REDACTED = '[redacted]';

/** Field names (any case, any nesting) whose values never reach a log line. */
const SECRET_KEY =
  /passport|full_?name|given_?name|surname|^name$|e-?mail|token|authorization|cookie|secret|password|^pii$/i;

/**
 * Passport-number-shaped: 6 to 20 capital letters and digits with at least one digit and one
 * letter (ICAO 9303 document numbers are up to 9; the API accepts 5 to 20). Ids and hashes
 * in logs are lower-case, so they do not match.
 */
const PASSPORT_LIKE = /\b(?=[A-Z0-9]{6,20}\b)(?=[A-Z0-9]*\d)[A-Z0-9]*[A-Z][A-Z0-9]*\b/g;
const EMAIL_LIKE = /[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+\.[A-Za-z]{2,}/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;

/** A case-insensitive pattern for a fixed phrase, keeping the rest of the regex case-sensitive. */
function anyCase(phrase: string): string {
  return [...phrase]
    .map((ch) => {
      const lower = ch.toLocaleLowerCase('tr');
      const upper = ch.toLocaleUpperCase('tr');
      if (ch === ' ') return '\\s+';
      if (ch === '.') return '\\.';
      return lower === upper ? ch : `[${lower}${upper}${ch.toLowerCase()}${ch.toUpperCase()}]`;
    })
    .join('');
}

/**
 * Words that introduce a person's name, in English and Turkish ("my name is", "adım", "ismim",
 * "contact", "Sayın", titles...). Free text (a question to Hızır) names people after them.
 */
const NAME_CUES = [
  'my name is',
  "my name's",
  'i am',
  "i'm",
  'this is',
  'name:',
  'name is',
  'contact',
  'call',
  'ask for',
  'signed',
  'regards,',
  'mr.',
  'mr',
  'mrs.',
  'mrs',
  'ms.',
  'ms',
  'dr.',
  'dr',
  'benim adım',
  'adım',
  'adim',
  'ismim',
  'isim:',
  'ad soyad:',
  'adı soyadı:',
  'ben',
  'sayın',
  'bay',
  'bayan',
];
/** A cue, then one to three capitalised words (the name); the cue itself is kept. */
const NAME_AFTER_CUE = new RegExp(
  `(^|[^\\p{L}])((?:${NAME_CUES.map(anyCase).join('|')})\\s*)(\\p{Lu}[\\p{L}'’-]*(?:\\s+\\p{Lu}[\\p{L}'’-]*){0,2})`,
  'gu',
);
/** Words that can only introduce a name: the next two words go, whatever their case ("my name is jane doe"). */
const STRONG_NAME_CUES = [
  'my name is',
  'name is',
  'name:',
  'benim adım',
  'adım',
  'adim',
  'ismim',
  'isim:',
  'ad soyad:',
  'adı soyadı:',
];
const NAME_AFTER_STRONG_CUE = new RegExp(
  `(^|[^\\p{L}])((?:${STRONG_NAME_CUES.map(anyCase).join('|')})\\s*)(\\p{L}[\\p{L}'’-]*(?:\\s+\\p{L}[\\p{L}'’-]*)?)`,
  'gu',
);
/** Phone numbers: international (+90 532 123 45 67, 0049 30 1234567) or 9+ digits in groups. */
const PHONE_LIKE = /(?:\+|\b00)\d[\d\s().-]{6,}\d/g;
/**
 * ID, card and phone numbers: 9 or more digits, optionally in groups split by a space or a dash
 * (a Turkish ID number has 11), but not an ISO date and time.
 */
const LONG_NUMBER = /\b(?!\d{4}-\d{2}-\d{2})\d(?:[ -]?\d){8,}\b/g;
/** IBANs: two letters, two check digits, then groups of letters and digits. */
const IBAN_LIKE = /\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?\b/g;

export function redactText(text: string): string {
  return text
    .replace(BEARER, `$1 ${REDACTED}`)
    .replace(EMAIL_LIKE, REDACTED)
    .replace(IBAN_LIKE, REDACTED)
    .replace(PHONE_LIKE, REDACTED)
    .replace(LONG_NUMBER, REDACTED)
    .replace(PASSPORT_LIKE, REDACTED)
    .replace(NAME_AFTER_STRONG_CUE, `$1$2${REDACTED}`)
    .replace(NAME_AFTER_CUE, `$1$2${REDACTED}`);
}

/** A copy of `value` with secret fields and personal-data-shaped strings masked. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 6) return '[deep]';
  if (value instanceof Error) return { error: value.name, message: redactText(value.message) };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>))
    out[k] = SECRET_KEY.test(k) ? REDACTED : redact(v, depth + 1);
  return out;
}

/**
 * A URL without its password, for logs and messages (`redis://user:***@host:6379`). The user
 * info ends at the last `@` before the host, as a URL parser reads it: a password may hold `@`
 * (`redis://:p@ss@host` connects with `p@ss`), and cut at the first one the rest of it was printed.
 */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^/?#]*@/, '//$1:***@');
}
