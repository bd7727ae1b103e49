import {
  isEmail,
  isISO31661Alpha2,
  isISO4217CurrencyCode,
  registerDecorator,
  type ValidationArguments,
} from 'class-validator';
import { hasUnprintable, isPrintableText, printableTextRule } from './printable-text';

export {
  hasVisibleCharacter,
  isPrintableText,
  unprintableNote,
  wellFormed,
} from './printable-text';

/**
 * Field rules of the API's request bodies that no built-in decorator states: printable text,
 * a plausible arrival date, country and currency codes from maintained lists. Each message
 * names the field and the rule (`fullName must be printable text: ...`).
 */
function rule(
  name: string,
  message: (property: string, value: unknown) => string,
  validate: (value: unknown) => boolean,
  validateIf?: (object: object, value: unknown) => boolean,
): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: (args: ValidationArguments) => message(args.property, args.value),
        validateIf,
      },
      validator: { validate },
    });
}

/** Printable text with at least one visible character. */
export function PrintableText(
  options: { multiline?: boolean; validateIf?: (object: object, value: unknown) => boolean } = {},
): PropertyDecorator {
  return rule(
    'isPrintableText',
    (p, value) => `${p} ${printableTextRule(options.multiline, value)}`,
    (v) => isPrintableText(v, options.multiline),
    options.validateIf,
  );
}

/**
 * Characters no e-mail address needs that change how one reads: what no line of text may hold
 * (printable-text.ts: controls, bidirectional controls, the byte-order mark, U+FFF9-U+FFFB, tags,
 * private use...) and the default-ignorable ones that draw nothing, the zero-width joiners among
 * them (soft hyphen, zero-width space and joiners...). The address rule alone let them in:
 * `jane@example.org` followed by U+202E, or with a U+200B inside, passed as an address.
 */
const INVISIBLE_IN_ADDRESS = /\p{Default_Ignorable_Code_Point}/u;

export function isEmailAddress(value: unknown): boolean {
  return (
    typeof value === 'string' &&
    isEmail(value) &&
    !hasUnprintable(value, 'line') &&
    !INVISIBLE_IN_ADDRESS.test(value)
  );
}

/** An e-mail address without hidden characters (a non-text value is told by @IsString). */
export function EmailAddress(): PropertyDecorator {
  return rule(
    'isEmailAddress',
    (p) =>
      `${p} must be an e-mail address such as jane@example.org: no control characters, bidirectional overrides or invisible characters`,
    isEmailAddress,
  );
}

/**
 * A plausible arrival date: a real calendar date (YYYY-MM-DD) from yesterday (UTC, so a
 * traveller a day behind in time zone is not refused) to ARRIVAL_MAX_DAYS_AHEAD days ahead.
 * Assumption: evisa.gov.tr takes applications up to three months before travel; a year
 * leaves room for early planners and still refuses 9999-12-31.
 */
export const ARRIVAL_MAX_DAYS_AHEAD = 365;
const DAY_MS = 86_400_000;

export function arrivalWindow(now = Date.now()): { from: string; to: string } {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: iso(today - DAY_MS), to: iso(today + ARRIVAL_MAX_DAYS_AHEAD * DAY_MS) };
}

/**
 * The window of the current UTC day and every date in it as YYYY-MM-DD (367 strings), computed
 * once a day: a value is plausible when it is one of them, which is the same as being a real
 * calendar date in the window, without parsing a date per request.
 */
let windowDay = NaN;
let datesOfDay: ReadonlySet<string> = new Set();
function arrivalDatesCached(now: number): ReadonlySet<string> {
  const day = Math.floor(now / DAY_MS);
  if (day !== windowDay) {
    const dates = new Set<string>();
    for (let d = day - 1; d <= day + ARRIVAL_MAX_DAYS_AHEAD; d++)
      dates.add(new Date(d * DAY_MS).toISOString().slice(0, 10));
    datesOfDay = dates;
    windowDay = day;
  }
  return datesOfDay;
}

export function isPlausibleArrivalDate(value: unknown, now = Date.now()): boolean {
  return typeof value === 'string' && arrivalDatesCached(now).has(value);
}

export function ArrivalDate(): PropertyDecorator {
  return rule(
    'isPlausibleArrivalDate',
    (p) =>
      `${p} must be a calendar date (YYYY-MM-DD) from yesterday to ${ARRIVAL_MAX_DAYS_AHEAD} days ahead (at present ${arrivalWindow().from} to ${arrivalWindow().to})`,
    (v) => isPlausibleArrivalDate(v),
  );
}

/** An assigned ISO 3166-1 alpha-2 code, upper case (the list of the validator package class-validator uses). */
export function isCountryCode(value: unknown): boolean {
  return typeof value === 'string' && /^[A-Z]{2}$/.test(value) && isISO31661Alpha2(value);
}

export function CountryCode(): PropertyDecorator {
  return rule(
    'isCountryCode',
    (p) => `${p} must be an assigned ISO 3166-1 alpha-2 country code such as GB`,
    isCountryCode,
  );
}

/** A nationality an e-visa is for: any but Türkiye's (its citizens enter on their own papers). */
export function ForeignNationality(): PropertyDecorator {
  return rule(
    'isForeignNationality',
    (p) =>
      `${p} must not be TR: citizens of Türkiye enter with a Turkish passport or identity card and need no e-visa`,
    (v) => v !== 'TR',
  );
}

/**
 * ISO 4217 codes that are not money one pays a fee in: precious metals (XAU, XAG, XPT, XPD),
 * bond-market units (XBA-XBD), the IMF's SDR (XDR), XSU, XUA, the testing code XTS, XXX "no
 * currency", and the fund codes (BOV, CHE, CHW, CLF, COU, MXV, USN, UYI, UYW).
 */
const NOT_MONEY = new Set([
  'XAU',
  'XAG',
  'XPT',
  'XPD',
  'XBA',
  'XBB',
  'XBC',
  'XBD',
  'XDR',
  'XSU',
  'XUA',
  'XTS',
  'XXX',
  'BOV',
  'CHE',
  'CHW',
  'CLF',
  'COU',
  'MXV',
  'USN',
  'UYI',
  'UYW',
]);

/** An active ISO 4217 currency (the validator package's list) that is money. */
export function isCurrencyCode(value: unknown): boolean {
  return (
    typeof value === 'string' &&
    /^[A-Z]{3}$/.test(value) &&
    isISO4217CurrencyCode(value) &&
    !NOT_MONEY.has(value)
  );
}

export function CurrencyCode(): PropertyDecorator {
  return rule(
    'isCurrencyCode',
    (p) => `${p} must be an ISO 4217 currency code such as USD or EUR (not XXX, XTS or a metal)`,
    isCurrencyCode,
  );
}

/** The rule name of SentOnce: a field breaking it is told that alone (validationMessages). */
export const SENT_ONCE_RULE = 'sentOnce';

/**
 * A query parameter sent once. Express's parser makes a repeated one (`page=1&page=1`) a list,
 * which the field's own rule then refused in words that were false of each value (`page must be a
 * whole number from 1 to 1000000` of `1` and `1`).
 */
export function SentOnce(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: SENT_ONCE_RULE,
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: (args: ValidationArguments) =>
          `${args.property} is sent ${(args.value as unknown[]).length} times in the query string: send each query parameter once`,
      },
      validator: { validate: (value: unknown) => !Array.isArray(value) },
    });
}
