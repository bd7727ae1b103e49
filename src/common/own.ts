/**
 * `record[key]` when the record has that key itself, else undefined. A lookup by a name a user
 * typed (a metric in --target, a figure's metric in a scenario) must not find what every object
 * inherits: `metrics['constructor']` is Object, not a missing metric.
 */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
