import { closest } from './suggest';

/**
 * What to write instead, for a value that broke a rule in a way a newcomer often does: a
 * duration with its unit spelled out (`8 hours`), a share in percent (`30%`, or `30` where 0 to
 * 1 is meant), a misspelt choice (`exponentail`). A note after the rule (`file: path: rule;
 * hint`), or undefined where the value says nothing more than the rule does.
 */
export function valueHint(value: unknown, rule: string): string | undefined {
  if (rule.startsWith('must be a duration such as') && typeof value === 'string')
    return durationHint(value);
  if (/\bbetween 0 and 1\b/.test(rule)) return shareHint(value);
  if (rule.startsWith('must be one of ') && typeof value === 'string' && !rule.includes('(')) {
    const meant = closest(value.trim(), rule.slice('must be one of '.length).split(', '));
    if (meant !== undefined && meant !== value) return `did you mean '${meant}'?`;
  }
  return undefined;
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
