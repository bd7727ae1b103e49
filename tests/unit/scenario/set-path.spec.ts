import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { collectSet } from '../../../src/cli/errors';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { dottedAssignment } from '../../../src/scenario/set-path';

// --set takes a list item as messages and uncertain: paths print it, route[0], as well as route.0.

const GOOD = 'tests/fixtures/scenarios/good.yaml';

describe('dottedAssignment', () => {
  it.each([
    ['classes.citizen.route[0].station=desk', 'classes.citizen.route.0.station=desk'],
    ['params.manual.steps[4][1].mean=3', 'params.manual.steps.4.1.mean=3'],
    ['classes.citizen.route.0.station=desk', 'classes.citizen.route.0.station=desk'],
    // The value is YAML as the user wrote it: a list in it stays a list.
    ['calendar.holidays=[2020-01-01]', 'calendar.holidays=[2020-01-01]'],
    ['a[1]=x[2]', 'a.1=x[2]'],
  ])('%s → %s', (given, dotted) => {
    expect(dottedAssignment(given)).toBe(dotted);
  });
});

describe('--set with route[0]', () => {
  it('changes the step, as route.0 does', () => {
    const set = collectSet('classes.citizen.route[0].service={dist: constant, value: 4}');
    const step = loadScenario(GOOD, { set }).network?.classes[0].route[0];
    expect(step?.service).toEqual({ dist: 'constant', value: 4 });
  });

  it('names a refused value by its --set as typed, brackets and all', () => {
    const typed = 'classes.citizen.route[0].service.mean=-5';
    expect(() => loadScenario(GOOD, { set: collectSet(typed) })).toThrow(
      `the value comes from --set ${typed}, not from the file`,
    );
  });

  it('past the end of the list names the index, in the same notation', () => {
    expect(() =>
      loadScenario(GOOD, { set: collectSet('classes.citizen.route[5].station=desk') }),
    ).toThrow(
      `${GOOD}: classes.citizen.route[5]: is past the end of the list: it has 1 item, [0] (--set changes an item, or adds one at [1])`,
    );
  });
});

// A key in a list that is not an item's number was set as a property of the list, which no rule
// reads: the run went on without the change (route.abc, route.01, an index past 2^32 - 2), or,
// for route.length, stopped with an internal error.
describe('--set into a list takes only an item number', () => {
  it.each(['abc', '01', 'length', '-1'])('route.%s is a user error naming the list', (key) => {
    expect(() =>
      loadScenario(GOOD, { set: collectSet(`classes.citizen.route.${key}.station=desk`) }),
    ).toThrow(
      `${GOOD}: classes.citizen.route.${key}: is not an item: classes.citizen.route is a list, whose items --set names by number (classes.citizen.route[0]), not '${key}'`,
    );
  });

  it.each(['4294967295', '99999999999', '1e3'])('route[%s] is past the end', (index) => {
    const set = collectSet(`classes.citizen.route.${index}.station=desk`);
    expect(() => loadScenario(GOOD, { set })).toThrow(/route.*(past the end|is not an item)/);
    if (/^\d+$/.test(index))
      expect(() => loadScenario(GOOD, { set })).toThrow(
        `${GOOD}: classes.citizen.route[${index}]: is past the end of the list: it has 1 item, [0] (--set changes an item, or adds one at [1])`,
      );
  });

  it('an item in a nested list is named in the same notation', () => {
    const set = collectSet(
      'classes.citizen.route[0].jobs.values.x=2',
      collectSet('classes.citizen.route[0].jobs={dist: discrete, values: [1], weights: [1]}'),
    );
    expect(() => loadScenario(GOOD, { set })).toThrow(
      `${GOOD}: classes.citizen.route[0].jobs.values.x: is not an item: classes.citizen.route[0].jobs.values is a list`,
    );
  });
});
