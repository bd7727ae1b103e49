import { Rule } from '../scenario/custom-rule';
import { figureValue, type ReferenceData } from './reference-data';

/**
 * A model parameter given either as a number or as a paper figure id
 * (`konsolosluk_net.citizens_2020`): inputs calibrated from the paper name the
 * figure instead of copying its number.
 */
export type NumberOrFigure = number | string;

export function resolveNumber(value: NumberOrFigure, ref: ReferenceData): number {
  return typeof value === 'number' ? value : figureValue(ref, value);
}

/**
 * A discrete distribution on 1..max with the given mean: a geometric law
 * truncated at max, whose ratio is found by bisection. Used for "transactions per
 * visit" when only the mean is known (an assumption about the shape).
 */
export function truncatedGeometric(mean: number, max: number): { values: number[]; weights: number[] } {
  if (!(mean >= 1 && mean < max)) throw new RangeError(`mean must be at least 1 and below ${max} (got ${mean})`);
  const values = Array.from({ length: max }, (_, i) => i + 1);
  const meanOf = (q: number) => {
    const w = values.map((_, i) => Math.pow(q, i));
    const total = w.reduce((a, b) => a + b, 0);
    return w.reduce((s, wi, i) => s + wi * values[i], 0) / total;
  };
  let lo = 0;
  let hi = 50;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (meanOf(mid) < mean) lo = mid;
    else hi = mid;
  }
  const q = (lo + hi) / 2;
  return { values, weights: values.map((_, i) => Math.pow(q, i)) };
}

const FIGURE_ID = /^[a-z_]+\.[a-z0-9_]+$/;

/** Validates a NumberOrFigure parameter: a number, 0 or more, or a figure id. */
export function IsNumberOrFigureId(): PropertyDecorator {
  return Rule(
    'isNumberOrFigureId',
    'must be a number, 0 or more, or a paper figure id such as konsolosluk_net.citizens_2020',
    (v) => (typeof v === 'number' && v >= 0) || (typeof v === 'string' && FIGURE_ID.test(v)),
  );
}
