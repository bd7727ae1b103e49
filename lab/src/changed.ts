/**
 * The "Changed" line of a comparison: the overrides (`key=value`, as `--set` takes them) in
 * which the pinned run and this run differ, key by key, each as `key: pinned → this run`. A
 * key only one run overrides has the scenario's own value in the other, and is said so: a
 * bare list of the overrides in one run and not the other (`replications=3, replications=5`,
 * or `seed=99` when it was the pinned run that had seed 99) did not say which run had which.
 */
import { t } from './i18n';

/** The overrides of a run by key; a key given twice has its last value, as `--set` reads it. */
function byKey(set: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of set) {
    const at = s.indexOf('=');
    out.set(at < 0 ? s : s.slice(0, at), at < 0 ? '' : s.slice(at + 1));
  }
  return out;
}

/** Each key whose value differs between the two runs, in the order first seen, pinned first. */
export function changedOverrides(pinned: readonly string[], run: readonly string[]): string[] {
  const a = byKey(pinned);
  const b = byKey(run);
  const own = t('scenarioValue');
  return [...new Set([...a.keys(), ...b.keys()])]
    .filter((k) => a.get(k) !== b.get(k))
    .map((k) => `${k}: ${a.get(k) ?? own} → ${b.get(k) ?? own}`);
}
