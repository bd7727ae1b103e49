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

  it('past the end of the list names the index, in the same notation', () => {
    expect(() =>
      loadScenario(GOOD, { set: collectSet('classes.citizen.route[5].station=desk') }),
    ).toThrow(
      `${GOOD}: classes.citizen.route[5]: is past the end of the list: it has 1 item, [0] (--set changes an item, or adds one at [1])`,
    );
  });
});
