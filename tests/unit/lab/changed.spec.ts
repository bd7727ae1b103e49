import { afterEach, describe, expect, it } from 'vitest';
import { changedOverrides } from '../../../lab/src/changed';
import { setLang } from '../../../lab/src/i18n';

describe("a comparison's Changed line", () => {
  afterEach(() => setLang('en'));

  it('says which run had which value: pinned → this run, the scenario’s where one run set none', () => {
    setLang('en');
    expect(changedOverrides(['replications=3'], ['replications=5'])).toEqual([
      'replications: 3 → 5',
    ]);
    // The pinned run had seed 99 and this one the scenario's: not "seed=99", read as this run's.
    expect(changedOverrides(['seed=99', 'horizon=1w'], ['horizon=1w'])).toEqual([
      'seed: 99 → the scenario’s value',
    ]);
    expect(changedOverrides([], ['stations.desk.servers=11'])).toEqual([
      'stations.desk.servers: the scenario’s value → 11',
    ]);
    // A value holding `=`, and the same overrides in another order: nothing changed.
    expect(changedOverrides(['title=a=b', 'seed=1'], ['seed=1', 'title=a=b'])).toEqual([]);
    setLang('tr');
    expect(changedOverrides(['seed=99'], [])).toEqual(['seed: 99 → senaryodaki değer']);
  });
});
