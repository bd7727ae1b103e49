import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fieldsOf } from '../../../../lab/src/engine/fields';
import { checkScenario } from '../../../../lab/src/engine/lab-engine';
import { IDLE_OVERFLOW_RULE, loadScenario } from '../../../../src/scenario/scenario.loader';
import {
  OVERFLOW_CYCLE_RULE,
  OVERFLOW_RETRIAL_RULE,
  OVERFLOW_SELF_RULE,
} from '../../../../src/sim/compile';

/** The Lab's parameter panel against the loader's rules: what the panel lets a user change. */
const ROOT = join(__dirname, '../../../..');
const MMC = 'scenarios/teaching-mmc.yaml';
const panel = (file: string) => fieldsOf(loadScenario(join(ROOT, file)));
const check = (file: string, set: string[]) => checkScenario(file, set, `${ROOT}/`);

describe("the Lab's parameter panel", () => {
  it('shows the warm-up, so that a horizon shortened below it can be fixed where the error is shown', () => {
    const warmup = panel(MMC).find((f) => f.path === 'warmup');
    expect(warmup).toMatchObject({ section: 'run', kind: 'duration', value: '2w' });
    const checked = check(MMC, ['horizon=1w']);
    expect(checked.ok).toBe(false);
    // Named at the horizon, the field changed, with the warm-up it must pass and both remedies.
    expect(checked.errors.map((e) => e.path)).toEqual(['horizon']);
    expect(checked.errors[0]?.message).toContain('lengthen horizon or shorten warmup');
    // Lowering the warm-up on the panel makes the one-week run valid.
    expect(check(MMC, ['horizon=1w', 'warmup=1d']).ok).toBe(true);
  });

  it('a scenario without a warm-up shows 0, which the loader takes as none', () => {
    const warmup = panel('scenarios/paper-hizir.yaml').find((f) => f.path === 'warmup');
    expect(warmup?.value).toBe('0');
    expect(check('scenarios/paper-hizir.yaml', ['warmup=0']).ok).toBe(true);
  });

  it('offers the replications and seeds the loader accepts, no fewer', () => {
    const fields = panel(MMC);
    const replications = fields.find((f) => f.path === 'replications');
    expect(check(MMC, [`replications=${replications?.max}`]).ok).toBe(true);
    expect(check(MMC, [`replications=${(replications?.max ?? 0) + 1}`]).ok).toBe(false);
    const seed = fields.find((f) => f.path === 'seed');
    expect(check(MMC, [`seed=${seed?.max}`]).ok).toBe(true);
  });
});

describe('a whole-number field of the panel', () => {
  const files = readdirSync(join(ROOT, 'scenarios'))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => `scenarios/${f}`);
  it.each(files)('%s: is refused at 2.5, with a message naming that field', (file) => {
    const wrong: string[] = [];
    for (const f of panel(file).filter((x) => x.kind === 'int')) {
      const checked = check(file, [`${f.path}=2.5`]);
      const paths = checked.errors.map((e) => e.path);
      if (checked.ok || !paths.includes(f.path))
        wrong.push(`${f.path}: ${checked.ok ? 'accepted' : paths.join(', ')}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe("the panel's words for a model's parameters", () => {
  const files = readdirSync(join(ROOT, 'scenarios'))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => `scenarios/${f}`);
  it.each(files)(
    '%s: every parameter has a name in English and Turkish and a unit, declared by its model',
    (file) => {
      const unnamed = panel(file)
        .filter((f) => f.path.startsWith('params.'))
        .filter((f) => !f.label?.en.trim() || !f.label.tr.trim() || !f.unit)
        .map((f) => f.path);
      expect(unnamed).toEqual([]);
    },
  );

  it('names a keyed parameter by its key (a service area)', () => {
    const f = panel('scenarios/paper-diplomatic-portal.yaml').find(
      (x) => x.path === 'params.areas.tax.paperMinutes',
    );
    expect(f?.label?.en).toMatch(/^tax: /);
    expect(f?.label?.tr).toMatch(/^tax: /);
    expect(f?.unit).toBe('minutes');
  });
});

describe("the panel's retrial rule", () => {
  const RULE = '{probability: 0.5, meanDelayMinutes: 15}';
  const networks = readdirSync(join(ROOT, 'scenarios'))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => `scenarios/${f}`)
    .filter((file) => loadScenario(join(ROOT, file)).model === 'network');

  it.each(networks)('%s: is offered at every station, right after its balking rule', (file) => {
    const paths = panel(file).map((f) => f.path);
    const stations = paths
      .map((p) => /^stations\.([^.]+)\.balking\.probabilities$/.exec(p)?.[1])
      .filter((id): id is string => id !== undefined);
    expect(stations.length).toBeGreaterThan(0);
    for (const id of stations)
      expect(paths[paths.indexOf(`stations.${id}.balking.probabilities`) + 1]).toBe(
        `stations.${id}.retrial`,
      );
  });

  it('at a station that turns nobody away, is refused under its own path until the station turns someone away', () => {
    const field = panel(MMC).find((f) => f.path === 'stations.desk.retrial');
    expect(field).toMatchObject({ section: 'stations', kind: 'mapping', value: '' });
    const refused = check(MMC, [`stations.desk.retrial=${RULE}`]);
    expect(refused.errors.map((e) => e.path)).toEqual(['stations.desk.retrial']);
    expect(refused.errors[0]?.rule).toMatch(/^has no effect: nobody balks at this station/);
    // A balking rule typed in the field above, or a queue limit from a shared link or a what-if.
    for (const turnAway of [
      'stations.desk.balking.probabilities=[0, 0.5]',
      'stations.desk.queueLimit=20',
    ])
      expect(check(MMC, [`stations.desk.retrial=${RULE}`, turnAway]).errors, turnAway).toEqual([]);
  });
});

describe("the panel's queue limit", () => {
  const RETRIAL = 'scenarios/teaching-queue-retrial.yaml';
  const networks = readdirSync(join(ROOT, 'scenarios'))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => `scenarios/${f}`)
    .filter((file) => loadScenario(join(ROOT, file)).model === 'network');

  it.each(networks)(
    '%s: is offered at every station, before its balking rule, showing the limit the file gives',
    (file) => {
      const scenario = loadScenario(join(ROOT, file));
      const stations = (scenario.document as { stations: Record<string, { queueLimit?: number }> })
        .stations;
      const fields = panel(file);
      const paths = fields.map((f) => f.path);
      for (const [id, st] of Object.entries(stations)) {
        const at = paths.indexOf(`stations.${id}.queueLimit`);
        expect(at, id).toBeGreaterThanOrEqual(0);
        expect(paths[at + 1], id).toBe(`stations.${id}.balking.probabilities`);
        // Empty where the file has no limit: none, as the scenario has it.
        expect(fields[at], id).toMatchObject({
          section: 'stations',
          kind: 'int',
          value: st.queueLimit ?? '',
          min: 0,
          emptyIsNone: true,
        });
      }
    },
  );

  it("keeps to the loader's limits, and a mistake gets the loader's rule under the field's path", () => {
    const field = panel(MMC).find((f) => f.path === 'stations.desk.queueLimit');
    expect(field).toBeDefined();
    const { path, min = NaN } = field!;
    // Its least value (0: nobody waits) is one the loader takes, and the one below it is not.
    expect(check(MMC, [`${path}=${min}`]).errors).toEqual([]);
    expect(check(MMC, [`${path}=20`]).errors).toEqual([]);
    for (const wrong of [`${min - 1}`, '2.5', 'abc']) {
      const refused = check(MMC, [`${path}=${wrong}`]);
      expect(
        refused.errors.map((e) => `${e.path}: ${e.rule}`),
        wrong,
      ).toEqual([`${path}: must be a whole number, 0 or more`]);
    }
  });

  it('left empty removes the limit: a retrial rule with nothing else to act on is refused again', () => {
    const limit = panel(RETRIAL).find((f) => f.path === 'stations.desk.queueLimit');
    expect(typeof limit?.value).toBe('number');
    // The file's limit and retrial rule: valid as written, and without the limit the rule acts
    // on nobody (the station has no balking rule).
    expect(check(RETRIAL, []).ok).toBe(true);
    const emptied = check(RETRIAL, ['stations.desk.queueLimit=']);
    expect(emptied.errors.map((e) => e.path)).toEqual(['stations.desk.retrial']);
    expect(emptied.errors[0]?.rule).toMatch(/^has no effect: nobody balks at this station/);
    // A limit typed at teaching-mmc's desk, which has none, lets a retrial rule there act.
    const rule = 'stations.desk.retrial={probability: 0.5, meanDelayMinutes: 15}';
    expect(check(MMC, [rule]).ok).toBe(false);
    expect(check(MMC, [rule, 'stations.desk.queueLimit=20']).errors).toEqual([]);
  });
});

describe("the panel's overflow", () => {
  const OVERFLOW = 'scenarios/teaching-queue-overflow.yaml';
  const networks = readdirSync(join(ROOT, 'scenarios'))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => `scenarios/${f}`)
    .filter((file) => loadScenario(join(ROOT, file)).model === 'network');
  const errorsOf = (file: string, set: string[]) =>
    check(file, set).errors.map((e) => `${e.path}: ${e.rule}`);

  it.each(networks)(
    '%s: is offered after the retrial rule at every station that has another to send to, naming those others',
    (file) => {
      const doc = loadScenario(join(ROOT, file)).document as {
        stations: Record<string, { overflow?: string }>;
      };
      const ids = Object.keys(doc.stations);
      const fields = panel(file);
      const paths = fields.map((f) => f.path);
      for (const id of ids) {
        const at = paths.indexOf(`stations.${id}.overflow`);
        // One station alone has nowhere to send anybody (and none in its file to show).
        if (ids.length === 1 && doc.stations[id].overflow === undefined) {
          expect(at, id).toBe(-1);
          continue;
        }
        expect(paths[at - 1], id).toBe(`stations.${id}.retrial`);
        expect(fields[at], id).toMatchObject({
          section: 'stations',
          kind: 'station',
          value: doc.stations[id].overflow ?? '',
          emptyIsNone: true,
        });
        // The scenario's other stations, in the file's order, never the station itself.
        expect(fields[at].choices?.map((c) => c.id)).toEqual(ids.filter((other) => other !== id));
      }
    },
  );

  it("names the choices by their labels, and shows the file's overflow", () => {
    const field = panel(OVERFLOW).find((f) => f.path === 'stations.desk.overflow');
    expect(field?.value).toBe('back-office');
    expect(field?.choices).toEqual([
      { id: 'back-office', label: { en: 'Back-office desk', tr: 'Arka ofis masası' } },
    ]);
  });

  it("is checked by the scenario loader's rules, under the field's path, as run --set checks it", () => {
    const path = 'stations.desk.overflow';
    expect(check(OVERFLOW, []).errors).toEqual([]);
    // None (the field emptied) removes it, as a scenario without one has: those who find the
    // hall full are lost.
    expect(check(OVERFLOW, [`${path}=`]).errors).toEqual([]);
    expect(check(OVERFLOW, []).yaml).toMatch(/^\s*overflow: back-office$/m);
    // (`--set path=` writes null, which removes a key, as in a scenario that extends another.)
    expect(check(OVERFLOW, [`${path}=`]).yaml).toMatch(/^\s*overflow: null$/m);
    // No queue limit: nobody finds the desk full, so nobody is sent on.
    expect(errorsOf(OVERFLOW, ['stations.desk.queueLimit='])).toEqual([
      `${path}: ${IDLE_OVERFLOW_RULE}`,
    ]);
    // The station itself, as a shared link may give it (the select offers only the others).
    expect(errorsOf(OVERFLOW, [`${path}=desk`])).toEqual([`${path}: ${OVERFLOW_SELF_RULE}`]);
    // Beside a retrial rule, which would ask the same customers to come back.
    expect(
      errorsOf(OVERFLOW, ['stations.desk.retrial={probability: 0.5, meanDelayMinutes: 10}']),
    ).toEqual([`${path}: ${OVERFLOW_RETRIAL_RULE}`]);
    // Back again from the back office: a cycle, named at its first station in the file.
    expect(
      errorsOf(OVERFLOW, [
        'stations.back-office.queueLimit=2',
        'stations.back-office.overflow=desk',
      ]),
    ).toEqual([`${path}: ${OVERFLOW_CYCLE_RULE}`]);
    // Given to a station without one, where the other has a queue limit: accepted.
    expect(
      errorsOf(OVERFLOW, [
        'stations.back-office.queueLimit=2',
        'stations.back-office.overflow=desk',
        `${path}=`,
      ]),
    ).toEqual([]);
  });
});
