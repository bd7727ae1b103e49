import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/common/user-error';
import { prepareArms } from '../../../src/experiment/scenario.runner';
import { loadScenario } from '../../../src/scenario/scenario.loader';

/**
 * Every service model's params, in every scenario of scenarios/, with each leaf and each
 * container given a value of the wrong kind, an empty one or an absurd number: loading the
 * scenario and building the model's networks (src/experiment/scenario.runner.ts prepareArms, as
 * `run` does before simulating) either works or throws a user error
 * naming the place; never a TypeError, a RangeError or a plain Error (an "internal error").
 */
const root = join(__dirname, '../../..');
const VALUES = ['null', '[]', '{}', 'abc', '-1', '1e300', '.inf'];

/** Dotted paths under `params` of every mapping, list and leaf (list items as `[i]`). */
function paramPaths(value: unknown, prefix: string): string[] {
  const out = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paramPaths(v, `${prefix}[${i}]`)));
  else if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) out.push(...paramPaths(v, `${prefix}.${k}`));
  return out;
}

function tryBuild(file: string, set: string[]): unknown {
  try {
    const scenario = loadScenario(file, { set });
    prepareArms(scenario);
    return undefined;
  } catch (err) {
    return err;
  }
}

const files = readdirSync(join(root, 'scenarios'))
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => join(root, 'scenarios', f))
  .filter((f) => loadScenario(f).model !== 'network');

describe('bad params are user errors, in every service model', () => {
  it.each(files.map((f) => [f.slice(root.length + 1), f]))(
    '%s',
    { timeout: 120_000 },
    (_name, file) => {
      const scenario = loadScenario(file);
      const internal: string[] = [];
      for (const path of paramPaths(scenario.params, 'params').slice(1)) {
        for (const value of VALUES) {
          const err = tryBuild(file, [`${path}=${value}`]);
          if (err !== undefined && !(err instanceof UserError))
            internal.push(`${path}=${value}: ${String(err)}`);
        }
      }
      expect(internal).toEqual([]);
    },
  );
});

describe('bad params name their path and rule', () => {
  const file = (name: string) => join(root, 'scenarios', `${name}.yaml`);
  it.each([
    ['paper-evisa', 'params.digital={}', 'params.digital.screening: is required'],
    ['paper-evisa', 'params.manual=[]', 'params.manual: must be a mapping'],
    [
      'paper-evisa',
      'params.workingDaysPerYear=1e300',
      'params.workingDaysPerYear: must be a number of days',
    ],
    [
      'paper-konsolosluk-2020',
      'params.transactionsPerCitizen=6',
      'params.transactionsPerCitizen: must be at least 1 and below',
    ],
    [
      'paper-konsolosluk-2020',
      'params.maxTransactionsPerVisit=1e300',
      'params.maxTransactionsPerVisit: must be a whole number from 2 to 100',
    ],
    [
      'paper-konsolosluk-2020',
      'params.pandemic.phases=[]',
      'params.pandemic.phases: must list at least one item',
    ],
    ['paper-diplomatic-portal', 'params.hours=null', 'params.hours: is required'],
    ['paper-gov-tr-2020', 'params.month=[1]', 'params.month: must be 12 weights'],
    ['paper-payments', 'params.consularTransactions=1e300', 'params.consularTransactions: must be'],
    // A request of 0 officer minutes was refused at the network the model built from it
    // (`params: ... (classes[5].route[0].service.mean: ...)`), not at the key the user set.
    [
      'paper-diplomatic-portal',
      'params.areas.tax.portalMinutes=0',
      'params.areas.tax.portalMinutes: must be a number greater than 0; the value comes from --set params.areas.tax.portalMinutes=0, not from the file',
    ],
    [
      'paper-diplomatic-portal',
      'params.areas.tax.perDiplomat=-1',
      'params.areas.tax.perDiplomat: must be a number, 0 or more; the value comes from --set params.areas.tax.perDiplomat=-1, not from the file',
    ],
    [
      'whatif-konsolosluk-staff-cut-20',
      'params.pandemic.urgentShare.notary=2',
      'params.pandemic.urgentShare.notary: must be a number between 0 and 1; the value comes from --set params.pandemic.urgentShare.notary=2, not from the file',
    ],
  ])('%s with %s', (name, set, message) => {
    const err = tryBuild(file(name), [set]);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toContain(message);
  });
});

/** The numeric leaves under `params` (list items as `[i]`). */
function numericLeaves(value: unknown, prefix: string): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => numericLeaves(v, `${prefix}[${i}]`));
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([k, v]) => numericLeaves(v, `${prefix}.${k}`));
  return typeof value === 'number' ? [prefix] : [];
}

// A rule says what the model takes: `-1` refused as "must be a number greater than 0" while 0
// ran (a demand factor, a cost, a spread) sent a student to try 0.001 for what 0 already did.
describe('a parameter refused says the rule it enforces, and that --set gave the value', () => {
  const own = files.filter((f) => !loadScenario(f).document.extends);
  it.each(own.map((f) => [f.slice(root.length + 1), f]))(
    '%s',
    { timeout: 120_000 },
    (_name, file) => {
      const wrong: string[] = [];
      for (const path of numericLeaves(loadScenario(file).params, 'params')) {
        const negative = tryBuild(file, [`${path}=-1`]) as Error | undefined;
        if (!negative) continue;
        if (/greater than 0/.test(negative.message) && !tryBuild(file, [`${path}=0`]))
          wrong.push(`${path}: 0 runs, but -1 is refused with "${negative.message}"`);
        if (negative.message.includes(`: ${path}: `) && !negative.message.includes('--set'))
          wrong.push(`${path}: the message does not say --set gave the value: ${negative.message}`);
      }
      expect(wrong).toEqual([]);
    },
  );
});
