import { WEEKDAYS } from '../sim/calendar';
import { WEEKDAY_RULE } from './scenario.schema';
import { closest } from './suggest';

/**
 * What to write instead, for a value that broke a rule in a way a newcomer often does: a
 * duration with its unit spelled out (`8 hours`), a share in percent (`30%`, or `30` where 0 to
 * 1 is meant), a misspelt choice (`exponentail`), a number written with a comma (`9,5`). A note
 * after the rule (`file: path: rule; hint`), or undefined where the value says nothing more than
 * the rule does.
 */
export function valueHint(value: unknown, rule: string): string | undefined {
  if (typeof value === 'string' && /\bnumber\b/.test(rule)) {
    const comma = commaHint(value.trim(), rule);
    if (comma) return comma;
  }
  if (rule.startsWith('must be a duration such as') && typeof value === 'string')
    return durationHint(value);
  if (/\bbetween 0 and 1\b/.test(rule)) return shareHint(value);
  if (rule === WEEKDAY_RULE && typeof value === 'string') {
    const day = weekdayMeant(value);
    if (day !== undefined && day !== value) return `did you mean '${day}'?`;
  }
  if (rule.startsWith('must be one of ') && typeof value === 'string' && !rule.includes('(')) {
    const meant = closest(value.trim(), rule.slice('must be one of '.length).split(', '));
    if (meant !== undefined && meant !== value) return `did you mean '${meant}'?`;
  }
  return undefined;
}

/** The days in full (in WEEKDAYS' order), and the shorter ways of writing them people use. */
const WEEKDAY_NAMES = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
];

/**
 * The weekday a day written another way means: `Mon`, `monday`, `Tues`, `THURSDAY` (three
 * letters or more of its name, any case); undefined for anything else.
 */
function weekdayMeant(value: string): string | undefined {
  const word = value.trim().toLowerCase();
  if (word.length < 3) return undefined;
  const i = WEEKDAY_NAMES.findIndex((name) => name.startsWith(word));
  return i < 0 ? undefined : WEEKDAYS[i];
}

const UNIT_WORDS: [RegExp, string][] = [
  [/^(m|mins?|minutes?)$/, 'm'],
  [/^(h|hrs?|hours?)$/, 'h'],
  [/^(d|days?)$/, 'd'],
  [/^(w|wks?|weeks?)$/, 'w'],
];

function durationHint(value: string): string | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*\.?\s*$/i.exec(value);
  if (!m) return undefined;
  const word = m[2].toLowerCase();
  if (/^(y|yrs?|years?)$/.test(word))
    return `'${value}' is not a duration: there is no unit for years (write 52w, or 365d)`;
  for (const [re, unit] of UNIT_WORDS)
    if (re.test(word)) return `write ${m[1]}${unit} for '${value}' (the units are m, h, d and w)`;
  return undefined;
}

function shareHint(value: unknown): string | undefined {
  // `30%`, or a whole number from 2 to 100 (`30`); `1.5` is as likely a slip of the point.
  const percent = typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(value) : null;
  const n = percent
    ? Number(percent[1])
    : typeof value === 'number' && Number.isInteger(value) && value >= 2
      ? value
      : NaN;
  if (!(n >= 0 && n <= 100)) return undefined;
  const fraction = Number((n / 100).toPrecision(12));
  return `a share is written as a fraction from 0 to 1: for ${n}%, write ${fraction}`;
}

/**
 * A number written with a comma: a decimal comma (`9,5`, as Turkish writes 9.5) or a thousands
 * separator (`12,000`). YAML and --set read either as text, and the rule alone ("must be a
 * number greater than 0") reads as if it refused 9.5 itself. `1,500` may be either, so both
 * readings are given; a whole number's rule takes only the separator's.
 */
function commaHint(text: string, rule: string): string | undefined {
  const decimal = /^[-+]?\d+,\d+$/.test(text);
  const grouped = /^[-+]?\d{1,3}(,\d{3})+$/.test(text);
  const point = text.replace(',', '.');
  const plain = text.replace(/,/g, '');
  if (grouped && (!decimal || rule.includes('whole number')))
    return `a number is written without thousands separators: for ${text}, write ${plain}`;
  if (!decimal || rule.includes('whole number')) return undefined;
  return grouped
    ? `a decimal is written with a point, and a number without thousands separators: for ${text}, write ${point} or ${plain}`
    : `a decimal is written with a point: for ${text}, write ${point}`;
}
