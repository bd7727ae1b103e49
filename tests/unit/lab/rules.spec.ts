import 'reflect-metadata';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fieldsOf } from '../../../lab/src/engine/fields';
import { checkScenario } from '../../../lab/src/engine/lab-engine';
import { setLang } from '../../../lab/src/i18n';
import { errorText, noteText, ruleText } from '../../../lab/src/rules';
import { loadScenario } from '../../../src/scenario/scenario.loader';

const ROOT = join(__dirname, '../../..');
const files = readdirSync(join(ROOT, 'scenarios'))
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => `scenarios/${f}`);

/** Mistakes a user makes in a field of the panel. */
const NUMBER_MISTAKES = ['-1', '2.5', 'abc', '', '7'];
const DURATION_MISTAKES = ['abc', '0', '', '100000w'];

describe("the panel's error messages in Turkish", () => {
  afterEach(() => setLang('en'));

  it('every rule a field of any scenario can break reads in Turkish beside the field', () => {
    const rules = new Set<string>();
    // One field of a kind per model: another station's servers breaks the same rules.
    const seen = new Set<string>();
    for (const file of files) {
      const scenario = loadScenario(join(ROOT, file));
      for (const f of fieldsOf(scenario)) {
        const kind = `${scenario.model}|${f.path.replace(/^(stations|sources)\.[^.]+/, '$1.*').replace(/\.\d+\./g, '.N.')}`;
        if (seen.has(kind)) continue;
        seen.add(kind);
        const mistakes = f.kind === 'duration' ? DURATION_MISTAKES : NUMBER_MISTAKES;
        for (const v of mistakes)
          for (const e of checkScenario(file, [`${f.path}=${v}`], `${ROOT}/`).errors)
            rules.add(e.rule);
      }
    }
    // Unknown keys and a malformed --set come from a shared link.
    for (const set of ['stations.desk.sevrers=3', 'nonsense'])
      for (const e of checkScenario('scenarios/teaching-mmc.yaml', [set], `${ROOT}/`).errors)
        rules.add(e.rule);
    expect(rules.size).toBeGreaterThan(8);
    setLang('tr');
    // Untranslated: the rule as it was, or English words left in it (names and values such
    // as perHour, measured or 52w stay as the scenario writes them).
    const english = /\b(must|be|is|or|and|of|the|a|an|number|whole|more|than|required)\b/;
    const untranslated = [...rules].filter((r) => ruleText(r) === r || english.test(ruleText(r)));
    expect(untranslated).toEqual([]);
    expect(ruleText("is not a known key (did you mean 'servers'?)")).toBe(
      "bilinen bir anahtar değil ('servers' mi demek istediniz?)",
    );
    expect(ruleText('must be at most 1,000 years (525,960,000 minutes)')).toBe(
      'en çok 1.000 yıl (525.960.000 dakika) olabilir',
    );
  });

  it('leaves the English as the CLI wrote it', () => {
    setLang('en');
    expect(ruleText('must be a whole number, 0 or more')).toBe('must be a whole number, 0 or more');
  });
});

describe('the rules of settings that change nothing, in Turkish', () => {
  afterEach(() => setLang('en'));

  it('read in Turkish, as the CLI gives them for a shared link', () => {
    const link = ['classes.citizen.priority=0', 'stations.desk.honoursHolidays=false'];
    const errors = checkScenario('scenarios/teaching-mmc.yaml', link, `${ROOT}/`).errors;
    expect(errors.map((e) => e.path).sort()).toEqual([
      'classes.citizen.priority',
      'stations.desk.honoursHolidays',
    ]);
    setLang('tr');
    for (const e of errors) expect(ruleText(e.rule)).not.toBe(e.rule);
    expect(ruleText(errors.find((e) => e.path === 'classes.citizen.priority')!.rule)).toMatch(
      /^etkisi yok: /,
    );
  });
});

describe('closing settings that change nothing, in Turkish', () => {
  afterEach(() => setLang('en'));

  it('a closePolicy on a desk that never closes and closedOnHolidays with no holiday read in Turkish', () => {
    const link = [
      'stations.desk.closePolicy=turn-away',
      'sources.walk-ins.arrivals={kind: profile, perDay: 216, closedOnHolidays: true}',
    ];
    const errors = checkScenario('scenarios/teaching-mmc.yaml', link, `${ROOT}/`).errors;
    expect(errors.map((e) => e.path).sort()).toEqual([
      'sources.walk-ins.arrivals.closedOnHolidays',
      'stations.desk.closePolicy',
    ]);
    setLang('tr');
    for (const e of errors) expect(ruleText(e.rule)).toMatch(/^etkisi yok: /);
  });

  it('and honoursHolidays with no holiday in the calendar', () => {
    const link = [
      'stations.desk.servers=null',
      'stations.desk.schedule=[{days: [mon, tue, wed, thu, fri], from: "09:00", to: "17:00", servers: 10}]',
      'stations.desk.honoursHolidays=false',
    ];
    const errors = checkScenario('scenarios/teaching-mmc.yaml', link, `${ROOT}/`).errors;
    expect(errors.map((e) => e.path)).toEqual(['stations.desk.honoursHolidays']);
    setLang('tr');
    expect(ruleText(errors[0].rule)).toMatch(/^etkisi yok: .*honoursHolidays yalnızca/);
  });

  it('and honoursHolidays where every holiday falls on a day without shifts', () => {
    const link = [
      'stations.desk.servers=null',
      'stations.desk.schedule=[{days: [mon, tue, wed, thu, fri], from: "09:00", to: "17:00", servers: 10}]',
      'stations.desk.honoursHolidays=true',
      'calendar={start: 2024-01-01, holidays: [2024-01-06, 2024-01-07]}',
    ];
    const errors = checkScenario('scenarios/teaching-mmc.yaml', link, `${ROOT}/`).errors;
    expect(errors.map((e) => e.path)).toEqual(['stations.desk.honoursHolidays']);
    expect(errors[0].rule).toContain('(2024-01-06, 2024-01-07)');
    setLang('tr');
    expect(ruleText(errors[0].rule)).toMatch(
      /^etkisi yok: takvimde .*her tatil \(2024-01-06, 2024-01-07\) bu gişenin vardiyasının olmadığı bir güne denk gelir .*o günlerde vardiya verin$/,
    );
  });

  it('and the rule for shifts that leave no hour off', () => {
    const link = [
      'stations.desk.servers=null',
      'stations.desk.schedule=[{days: [mon, tue, wed, thu, fri, sat, sun], from: "00:00", to: "24:00", servers: 10}]',
      'stations.desk.closePolicy=carry-over',
    ];
    const errors = checkScenario('scenarios/teaching-mmc.yaml', link, `${ROOT}/`).errors;
    expect(errors.map((e) => e.path)).toEqual(['stations.desk.closePolicy']);
    setLang('tr');
    expect(ruleText(errors[0].rule)).toMatch(/^etkisi yok: .*çizelgeye boş saatler verin$/);
  });
});

describe('a path written as one key, in Turkish', () => {
  afterEach(() => setLang('en'));

  it('the rule that a file nests its keys reads in Turkish, as the CLI gives it for a shared link', () => {
    // A dotted path inside a value: `patience.mean` where the keys nest (`patience: {mean: 20}`).
    const link = ['classes.citizen={patience.mean: 20}'];
    const errors = checkScenario('scenarios/teaching-mmc.yaml', link, `${ROOT}/`).errors;
    const nested = errors.find((e) => e.rule.includes('keys nested one under another'));
    expect(nested?.rule).toMatch(/^is not a known key: a file writes a path as keys nested/);
    setLang('en');
    expect(ruleText(nested!.rule)).toBe(nested!.rule);
    setLang('tr');
    expect(ruleText(nested!.rule)).toBe(
      'bilinen bir anahtar değil: bir dosyada yol, biri ötekinin altına iç içe yazılan anahtarlarla yazılır (noktalı bir yol ve liste öğesi için route[0] yalnızca --set içindir)',
    );
  });
});

describe('the hint that a list given through extends replaces the base’s, in Turkish', () => {
  afterEach(() => setLang('en'));

  it('reads in Turkish with its rule in the error box, as the CLI gives it for a scenario that extends another', () => {
    // A scenario that extends paper-hizir.yaml gives its own assumptions, replacing the base's,
    // with a first item that has no text.
    const dir = mkdtempSync(join(tmpdir(), 'consular-lab-rules-'));
    const child = join(dir, 'hizir-own-list.yaml');
    writeFileSync(
      child,
      `extends: ${join(ROOT, 'scenarios/paper-hizir.yaml')}\nname: hizir-own-list\nassumptions:\n  - { source: x }\n`,
    );
    let errors;
    try {
      errors = checkScenario(child, [], '').errors;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(errors).toHaveLength(1);
    const [e] = errors;
    expect(e.rule).toBe('is required (must be text)');
    expect(e.message).toBe(`${child}: assumptions[0].text: ${e.rule}; ${e.note}`);
    expect(e.note).toBe(
      "a list given in a scenario that extends another replaces the base's whole (assumptions of scenarios/paper-hizir.yaml is not merged item by item), so each item is written in full",
    );
    setLang('en');
    // In English the box shows the CLI's message alone.
    expect(errorText(e)).toBe('');
    setLang('tr');
    expect(errorText(e)).toBe(
      'assumptions.0.text: zorunlu (metin olmalı); başka bir senaryoyu genişleten bir senaryoda verilen bir liste, tabandakinin yerini bütünüyle alır (scenarios/paper-hizir.yaml içindeki assumptions öğe öğe birleştirilmez); bu yüzden her öğe eksiksiz yazılır',
    );
    // A note with no Turkish is left to the CLI's message beside it.
    expect(noteText('something else entirely')).toBe('');
    expect(errorText({ path: 'x', rule: 'must be text', note: 'something else' })).toBe(
      'x: metin olmalı',
    );
    // An error whose message says nothing after the rule has no note.
    const plain = checkScenario(
      'scenarios/teaching-mmc.yaml',
      ['stations.desk.servers=-1'],
      `${ROOT}/`,
    ).errors[0];
    expect(plain.note).toBeUndefined();
  });

  it('is not given where a shared link replaced the item', () => {
    // hizir-load.yaml gives its own assumptions; a link replaces the first item with one that
    // has no text: the link left it out, not extends:.
    const link = ['assumptions[0]={source: x}'];
    const errors = checkScenario('scenarios/hizir-load.yaml', link, `${ROOT}/`).errors;
    expect(errors.map((e) => [e.path, e.rule, e.note])).toEqual([
      ['assumptions.0.text', 'is required (must be text)', undefined],
    ]);
  });
});
