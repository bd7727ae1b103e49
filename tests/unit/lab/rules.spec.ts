import 'reflect-metadata';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { afterEach, describe, expect, it } from 'vitest';
import { fieldsOf } from '../../../lab/src/engine/fields';
import { checkScenario } from '../../../lab/src/engine/lab-engine';
import { setLang } from '../../../lab/src/i18n';
import { errorInTurkish, errorText, noteText, ruleText } from '../../../lab/src/rules';
import { builtNetworkRule } from '../../../src/experiment/scenario.runner';
import * as loader from '../../../src/scenario/scenario.loader';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import * as limits from '../../../src/scenario/limits';
import * as schema from '../../../src/scenario/scenario.schema';
import * as calendar from '../../../src/sim/calendar';
import * as compile from '../../../src/sim/compile';

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
    // A key written one level too high is pointed to the whole path it belongs at.
    expect(ruleText("is not a known key (did you mean 'stations.desk.servers'?)")).toBe(
      "bilinen bir anahtar değil ('stations.desk.servers' mi demek istediniz?)",
    );
    expect(ruleText('must be at most 1,000 years (525,960,000 minutes)')).toBe(
      'en çok 1.000 yıl (525.960.000 dakika) olabilir',
    );
    // Numbers in a range with Turkish thousands separators, as everywhere else in Turkish.
    expect(ruleText('must be a whole number from 0 to 1,000,000')).toBe(
      '0 ile 1.000.000 arasında bir tam sayı olmalı',
    );
    // Hundreds of checked scenarios, the 249-mission ones among them: 11 s on a quiet 2-core
    // machine, 27 s beside the rest of the suite at load average 10 (5 December 2026).
  }, 180_000);

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

describe('the rules of a retrial, in Turkish', () => {
  afterEach(() => setLang('en'));

  it('each mistake in stations.<id>.retrial reads in Turkish, as the CLI gives it for a shared link', () => {
    const links = [
      'stations.desk.retrial.probability=2',
      'stations.desk.retrial.meanDelayMinutes=0',
      'stations.desk.retrial.maxRetries=-1',
      'stations.desk.retrial=[1]',
      'stations.desk.queueLimit=null',
    ];
    const rules = links.map((set) => {
      const errors = checkScenario(
        'scenarios/teaching-queue-retrial.yaml',
        [set],
        `${ROOT}/`,
      ).errors;
      expect(errors.length, set).toBeGreaterThan(0);
      expect(errors[0].path, set).toMatch(/^stations\.desk\.retrial/);
      return errors[0].rule;
    });
    setLang('tr');
    // English words left in it (a Turkish word is a word to its last letter: ağ is not 'a').
    const english =
      /(?<!\p{L})(must|be|is|or|and|of|the|a|an|number|whole|more|than|required)(?!\p{L})/u;
    for (const rule of rules) {
      expect(ruleText(rule), rule).not.toBe(rule);
      expect(ruleText(rule), rule).not.toMatch(english);
    }
  });

  it('each mistake in stations.<id>.overflow reads in Turkish, as the CLI gives it for a shared link', () => {
    // teaching-mmc.yaml's desk, with a second station for the overflow to name.
    const links: string[][] = [
      ['stations.desk.overflow=dsk'],
      ['stations.desk.overflow=desk'],
      ['stations.desk.overflow=[1]'],
      ['stations.back={servers: 1}', 'stations.desk.overflow=back'],
      [
        'stations.back={servers: 1}',
        'stations.desk.queueLimit=0',
        'stations.desk.overflow=back',
        'stations.desk.retrial={probability: 0.5, meanDelayMinutes: 10}',
      ],
      [
        'stations.back={servers: 1, queueLimit: 0, overflow: desk}',
        'stations.desk.queueLimit=0',
        'stations.desk.overflow=back',
      ],
    ];
    const rules = links.map((set) => {
      const errors = checkScenario('scenarios/teaching-mmc.yaml', set, `${ROOT}/`).errors;
      expect(errors.length, set.join(' ')).toBeGreaterThan(0);
      expect(errors[0].path, set.join(' ')).toMatch(/^stations\.(desk|back)\.overflow$/);
      return errors[0].rule;
    });
    expect(new Set(rules).size).toBe(links.length);
    expect(rules[0]).toContain("(got 'dsk'");
    setLang('tr');
    const english =
      /(?<!\p{L})(must|be|is|or|and|of|the|a|an|number|whole|more|than|required)(?!\p{L})/u;
    for (const rule of rules) {
      expect(ruleText(rule), rule).not.toBe(rule);
      expect(ruleText(rule), rule).not.toMatch(english);
    }
  });
});

describe('a run too large to simulate, in Turkish', () => {
  afterEach(() => setLang('en'));

  it('a source, alone or with others, and a service model read in Turkish with their numbers', () => {
    const refusals = [
      ['scenarios/teaching-mmc.yaml', 'sources.walk-ins.arrivals.perHour=1e12'],
      ['scenarios/teaching-mmc.yaml', 'sources.walk-ins.arrivals.perHour=1e306'],
      ['scenarios/paper-evacuation-2020.yaml', 'sources.stranded.arrivals.total=1e9'],
      ['scenarios/hizir-load.yaml', 'params.questionsPerDay=1e9'],
      ['scenarios/paper-konsolosluk-2020.yaml', 'params.demandFactor=1000'],
    ].map(([file, set]) => checkScenario(file, [set], `${ROOT}/`).errors);
    for (const errors of refusals) expect(errors).toHaveLength(1);
    const rules = refusals.map((errors) => errors[0].rule);
    setLang('tr');
    // English words left in it (a Turkish word is a word to its last letter: ağ is not 'a').
    const english =
      /(?<!\p{L})(must|be|is|or|and|of|the|a|an|number|whole|more|than|required)(?!\p{L})/u;
    for (const rule of rules) {
      expect(ruleText(rule), rule).not.toBe(rule);
      expect(ruleText(rule)).not.toMatch(english);
      expect(ruleText(rule)).toContain('500.000.000 gelişten fazla');
    }
    expect(ruleText(rules[0])).toContain('364 gün boyunca bir tekrarda 8,74e+15 geliş');
    expect(ruleText(rules[1])).toContain('1,80e+308’den fazla geliş');
  });
});

describe('a source that brings nobody, a weekday twice and an unknown figure, in Turkish', () => {
  afterEach(() => setLang('en'));

  it('read in Turkish with the names in them, as the CLI gives them for a shared link', () => {
    const dir = mkdtempSync(join(tmpdir(), 'consular-lab-empty-trace-'));
    const csv = join(dir, 'empty.csv');
    writeFileSync(csv, 'time\n');
    const links = [
      'sources.walk-ins.arrivals={kind: daily, byYear: {}}',
      `sources.walk-ins.arrivals={kind: trace, file: ${csv}}`,
      'stations.desk={schedule: [{days: [mon, mon], from: "09:00", to: "17:00", servers: 2}]}',
      'stations.desk={schedule: [{days: [], from: "09:00", to: "17:00", servers: 2}]}',
      'reproduces=[{figure: evisa.peak_day_isued, metric: totals.arrivals, kind: emergent}]',
    ];
    let rules: string[];
    try {
      rules = links.map((link) => {
        const errors = checkScenario('scenarios/teaching-mmc.yaml', [link], `${ROOT}/`).errors;
        expect(errors, link).toHaveLength(1);
        return errors[0].rule;
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    setLang('tr');
    const english =
      /(?<!\p{L})(must|be|is|or|and|of|the|a|an|more|than|list|give|no|one)(?!\p{L})/u;
    for (const rule of rules) {
      expect(ruleText(rule), rule).not.toBe(rule);
      // The trace's path is a name, not words: mkdtemp's random suffix ("-a1Bc9Z") can hold a
      // letter on its own, which read as the English word "a".
      expect(ruleText(rule).replaceAll(dir, '')).not.toMatch(english);
    }
    expect(ruleText(rules[1])).toContain('empty.csv içinde hiç zaman damgası yok');
    expect(ruleText(rules[2])).toMatch(/^mon gününü yineliyor/);
    expect(ruleText(rules[4])).toContain("('evisa.peak_day_issued' mi demek istediniz?)");
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
      /^etkisi yok: takvimde .*her tatil \(2024-01-06, 2024-01-07\) bu gişenin vardiyasının olmadığı ya da bir kapanışın \(calendar\.closures\) zaten kapattığı bir güne denk gelir .*o günlerde vardiya verin$/,
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
    // A what-if's rate beside its base's says in Turkish where the null goes.
    expect(
      noteText("the base's perHour still applies: write perHour: null beside perDay to replace it"),
    ).toBe(
      'tabandaki perHour hâlâ geçerli: onun yerine geçmesi için perDay yanına perHour: null yazın',
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

  it('the whole message in Turkish, its file and path as written, where all of it has Turkish', () => {
    const [plain] = checkScenario(
      'scenarios/teaching-mmc.yaml',
      ['stations.desk.servers=-1'],
      `${ROOT}/`,
    ).errors;
    expect(plain.file).toBe('scenarios/teaching-mmc.yaml');
    expect(plain.message.startsWith(`${plain.file}: stations.desk.servers: `)).toBe(true);
    setLang('en');
    // In English the box shows the CLI's message alone.
    expect(errorInTurkish(plain)).toBeUndefined();
    setLang('tr');
    expect(errorInTurkish(plain)).toBe(
      'scenarios/teaching-mmc.yaml: stations.desk.servers: 0 ile 1.000.000 arasında bir tam sayı olmalı',
    );
    // With a note in Turkish too.
    const e = { file: 'x.yaml', path: 'assumptions.0.text', rule: 'is required (must be text)' };
    const note =
      "a list given in a scenario that extends another replaces the base's whole (assumptions of y.yaml is not merged item by item), so each item is written in full";
    expect(errorInTurkish({ ...e, note })).toMatch(
      /^x\.yaml: assumptions\.0\.text: zorunlu \(metin olmalı\); başka bir senaryoyu genişleten/,
    );
    // A rule, or a part of a note, without Turkish: not all of it in Turkish (the box keeps the
    // CLI's English beside what has Turkish).
    expect(errorInTurkish({ ...e, note: `${note}; something else` })).toBeUndefined();
    expect(errorInTurkish({ ...e, rule: 'must be something new' })).toBeUndefined();
  });

  it("a scenario's assumptions in Turkish that do not match its English: the rules in Turkish", () => {
    const dir = mkdtempSync(join(tmpdir(), 'consular-lab-rules-'));
    const file = join(dir, 'tr-assumptions.yaml');
    const write = (tr: string) =>
      writeFileSync(
        file,
        `${readFileSync(join(ROOT, 'scenarios/teaching-mmc.yaml'), 'utf8').replace(/^ {4}assumptions:\n( {6}.*\n)+/m, '')}`.replace(
          /^translations:\n {2}tr:\n/m,
          `translations:\n  tr:\n    assumptions: ${tr}\n`,
        ),
      );
    const rules: string[] = [];
    try {
      for (const tr of [
        '[{ text: Bir., source: varsayım }]',
        '[{ id: arrivals-poisson-hour, text: Bir. }, { id: service-times-exponential, text: İki., source: varsayım }]',
        '{ text: Bir. }',
        // Swapped: each names the other's id; then one with no id, one with an id none has.
        '[{ id: service-times-exponential, text: Bir., source: a }, { id: arrivals-poisson-hour, text: İki., source: b }]',
        '[{ text: Bir., source: a }, { id: elsewhere, text: İki., source: b }]',
      ]) {
        write(tr);
        rules.push(...checkScenario(file, [], '').errors.map((e) => e.rule));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(rules).toHaveLength(7);
    setLang('tr');
    const english = /(?<!\p{L})(must|be|is|or|and|of|the|a|an|one|each|gives|in|their)(?!\p{L})/u;
    for (const rule of rules) {
      expect(ruleText(rule), rule).not.toBe(rule);
      expect(ruleText(rule)).not.toMatch(english);
    }
    expect(ruleText(rules[0])).toBe(
      'assumptions altındaki 2 varsayımın her biri için, aynı sırayla birer varsayım vermeli (1 veriyor)',
    );
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

describe('every rule the loader knows, in Turkish', () => {
  afterEach(() => setLang('en'));

  /** English words left in a Turkish rule (names and values stay as the scenario writes them). */
  const ENGLISH = new Set(
    'must be is or and of the a an number whole more than required list mapping give cannot not no such one'.split(
      ' ',
    ),
  );
  const untranslated = (rules: Iterable<string>) => {
    setLang('tr');
    return [...rules].filter((r) => {
      const tr = ruleText(r);
      return tr === r || (tr.match(/\p{L}+/gu) ?? []).some((w) => ENGLISH.has(w));
    });
  };

  it('every rule of the scenario schema and every fixed rule the loader writes reads in Turkish', () => {
    const rules = new Set<string>();
    // The schema's rules, as its decorators give them (other modules' classes, such as the
    // service models' configuration, are not the loader's).
    const classes = new Set<unknown>(Object.values(schema));
    const storage = getMetadataStorage() as unknown as {
      validationMetadatas: Map<unknown, { target?: unknown; message?: unknown }[]>;
    };
    for (const list of storage.validationMetadatas.values())
      for (const m of list)
        if (
          classes.has(m.target) &&
          typeof m.message === 'string' &&
          !m.message.includes('$property')
        )
          rules.add(m.message);
    // class-validator's own words for a nested value that is not one, as the loader shows them.
    rules.add('nested property calendar must be either object or array');
    // The rules the loader's modules write as they are, and the ones they export.
    const dir = join(ROOT, 'src/scenario');
    for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.ts'),
    ))
      for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/(?:rule|message): '([^']+)'/g))
        rules.add(m[1]);
    for (const mod of [loader, limits, schema, calendar])
      for (const [name, value] of Object.entries(mod))
        if (name.endsWith('_RULE') && typeof value === 'string') rules.add(value);
    rules.add(loader.idleHonoursOffDaysRule(['2024-01-06', '2024-01-07']));
    expect(rules.size).toBeGreaterThan(80);
    for (const r of ['must be a mapping (key: value pairs)', 'must be a list of steps'])
      expect(rules).toContain(r);
    expect(untranslated(rules)).toEqual([]);
  });

  it('and the rules with a name or a number in them, as the CLI gives them for a shared link', () => {
    const dir = mkdtempSync(join(tmpdir(), 'consular-lab-rules-'));
    const empty = join(dir, 'empty-station.yaml');
    // teaching-mmc.yaml with its desk left empty.
    const mmc = readFileSync(join(ROOT, 'scenarios/teaching-mmc.yaml'), 'utf8');
    writeFileSync(empty, mmc.replace(/^ {2}desk:\n( {4}.*\n)+/m, '  desk:\n'));
    const rules = new Set<string>();
    try {
      for (const e of checkScenario(empty, [], '').errors) rules.add(e.rule);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    for (const link of [
      'classes.citizen.route[0].station=dsk',
      'sources.walk-ins.class=citizn',
      'stations.extra={servers: 1}',
      'sources.walk-ins.arrivals={kind: profile}',
      'sources.walk-ins.arrivals={kind: poisson, perHour: 5, perDay: 3, hourOfDay: [1]}',
      'calendar=5',
      'model=evisa',
      'classes.citizen.route[1]={id: transaction, station: desk, service: {dist: constant, value: 1}}',
      'sources.walk-ins.arrivals={kind: trace, file: nowhere.csv}',
      'stations.desk.discipline=lifo',
    ])
      for (const e of checkScenario('scenarios/teaching-mmc.yaml', [link], `${ROOT}/`).errors)
        rules.add(e.rule);
    const all = [...rules];
    for (const start of [
      'is empty: give the station',
      'must name a station defined under stations',
      'must name a class defined under classes',
      'no class route visits this station',
      'is required for kind',
      'must be a mapping (key: value pairs)',
      'is only for model: network',
      'duplicate step id',
      'file not found',
    ])
      expect(all.find((r) => r.startsWith(start)) ?? all.join(' / ')).toMatch(
        new RegExp(`^${start.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
      );
    expect(untranslated(rules)).toEqual([]);
    setLang('tr');
    expect(
      ruleText("must name a station defined under stations (got 'dsk'; did you mean 'desk'?)"),
    ).toBe(
      "stations altında tanımlı bir gişeyi adlandırmalı (verilen: 'dsk') ('desk' mi demek istediniz?)",
    );
    expect(ruleText('must be a list of steps')).toBe('bir adım listesi olmalı');
    expect(ruleText('must be a mapping (key: value pairs)')).toBe(
      'bir eşleme olmalı (anahtar: değer çiftleri)',
    );
  });
});

describe("the rules about a station's servers, in Turkish", () => {
  afterEach(() => setLang('en'));

  it('call them servers (sunucu), not officers: a station may be seats or a chatbot', () => {
    const rules = new Set<string>();
    for (const dir of ['src/scenario', 'src/sim'])
      for (const f of readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' }))
        if (f.endsWith('.ts'))
          for (const m of readFileSync(join(ROOT, dir, f), 'utf8').matchAll(
            /(?:rule|message): '([^']+)'/g,
          ))
            rules.add(m[1]);
    for (const mod of [loader, limits, schema, calendar, compile])
      for (const [name, value] of Object.entries(mod))
        if (name.endsWith('_RULE') && typeof value === 'string') rules.add(value);
    rules.add(calendar.repeatedDayRule('mon'));
    rules.add(
      loader.outsideHorizonRule(
        'shift',
        '2021-01-01 to 2021-01-07',
        'the station would have no server in this run',
      ),
    );
    rules.add(
      'is empty: give the station servers or a schedule of shifts (an empty entry only removes a station inherited through extends:)',
    );
    // src/sim/network.ts, when a run grows past what it can hold.
    rules.add(
      '1,000 customers are waiting here and more than 16,777,216 are in the system at once, at minute 5,000: demand far exceeds capacity (shorten the horizon, add servers or lower the arrivals)',
    );
    const aboutServers = [...rules].filter((r) => /\bservers?\b/.test(r));
    expect(aboutServers.length).toBeGreaterThanOrEqual(8);
    setLang('tr');
    for (const r of aboutServers) {
      expect(ruleText(r), r).not.toBe(r);
      expect(ruleText(r), r).not.toMatch(/görevli|memur/i);
    }
  });
});

describe('the refusals of inputs that lie wholly outside the horizon, in Turkish', () => {
  afterEach(() => setLang('en'));

  const english =
    /\b(must|be|is|or|and|of|the|a|an|number|whole|more|than|required|every|outside|would|nobody|move|change)\b/;

  it('read in Turkish with the horizon in them, as the Lab gives them for a shortened run', () => {
    const rules = new Set<string>();
    const check = (file: string, set: string[]) => {
      const errors = checkScenario(file, set, `${ROOT}/`).errors;
      expect(errors.length, `${file} ${set.join(' ')}`).toBeGreaterThan(0);
      for (const e of errors) rules.add(e.rule);
    };
    // A source whose periods all come after a three-day run; a station whose dated shifts and a
    // calendar whose closures all ended before the start.
    check('scenarios/paper-evacuation-2020.yaml', ['horizon=3d']);
    check('scenarios/paper-evacuation-2020.yaml', ['calendar.start=2021-01-01']);
    check('scenarios/paper-evacuation-2020.yaml', [
      'calendar.closures=[{from: 2019-01-01, to: 2019-01-02}]',
    ]);
    check('scenarios/teaching-mmc.yaml', [
      'sources.walk-ins.arrivals={kind: daily, byYear: {2019: 100}}',
    ]);
    check('scenarios/paper-evisa.yaml', ['calendar.start=2030-01-01', 'horizon=30d']);
    check('scenarios/paper-konsolosluk-2020.yaml', ['calendar.start=2021-01-01']);
    check('scenarios/paper-konsolosluk-2020.yaml', [
      'params.pandemic.deferred={share: 0.8, from: 2021-06-01, to: 2021-10-31}',
    ]);
    expect([...rules].map((r) => r.split(' (')[0]).sort()).toEqual([
      'every closure lies entirely outside the horizon',
      'every period lies entirely outside the horizon',
      'every period lies entirely outside the horizon',
      'every shift has dates entirely outside the horizon',
      'every stage lies entirely outside the horizon',
      'lies entirely outside the horizon',
      'names no year of the horizon',
      'puts the horizon',
    ]);
    setLang('tr');
    const untranslated = [...rules].filter((r) => ruleText(r) === r || english.test(ruleText(r)));
    expect(untranslated).toEqual([]);
    expect(
      ruleText(
        'every period lies entirely outside the horizon (2020-01-01 to 2020-01-07, from 2020-01-01 as there is no calendar.start): this source would bring nobody; move one into the horizon, or change calendar.start or horizon',
      ),
    ).toBe(
      'her dönem sürenin (horizon) tamamen dışında (2020-01-01 – 2020-01-07; calendar.start olmadığından 2020-01-01 tarihinden başlayarak): bu kaynaktan kimse gelmez; birini süre içine alın ya da calendar.start veya horizon değerini değiştirin',
    );
  });

  it('and a trace after the end, and a network a service model cannot run', () => {
    setLang('tr');
    const trace = loader.traceAfterHorizonRule(5000, 1440);
    expect(ruleText(trace)).toBe(
      'süre (horizon) içinde hiç zaman damgası yok (ilki 5.000. dakikada, süre 1.440. dakikada bitiyor): bu kayıttan kimse gelmez; süreyi uzatın ya da zamanları denetleyin',
    );
    const built = builtNetworkRule(
      'hizir-load',
      'classes[1].route[0].service.mean',
      'must be greater than 0',
    );
    expect(ruleText(built)).toBe(
      'hizir-load modeline çalıştıramayacağı bir ağ veriyor (classes[1].route[0].service.mean: 0’dan büyük olmalı): params altındaki dağılımları ve sayıları denetleyin',
    );
  });
});

describe('a hidden character in a scenario, in Turkish', () => {
  afterEach(() => setLang('en'));

  it('a hidden character in a title reads in Turkish with its code point', () => {
    const [e] = checkScenario(
      'scenarios/teaching-mmc.yaml',
      ['title="Desk\\uFFF9x\\uFFFAhidden\\uFFFB"'],
      `${ROOT}/`,
    ).errors;
    expect(e.note).toBe('it holds U+FFF9 (an invisible format character)');
    setLang('tr');
    expect(errorInTurkish(e)).toMatch(
      /^scenarios\/teaching-mmc\.yaml: title: denetim karakterleri .*; U\+FFF9 içeriyor \(görünmez bir biçim karakteri\)$/,
    );
  });
});

describe('YAML that a field or a shared link cannot be read as, in Turkish', () => {
  afterEach(() => setLang('en'));

  it('a number written with a comma inside braces reads in Turkish, saying how to write it', () => {
    const errorsOf = (value: string) =>
      checkScenario(
        'scenarios/teaching-mmc.yaml',
        ['stations.desk.queueLimit=5', `stations.desk.retrial=${value}`],
        `${ROOT}/`,
      ).errors;
    const [e] = errorsOf('{probability: 0,5, meanDelayMinutes: 30}');
    expect(e.rule).toMatch(/^is not valid here: 'probability: 0,5' in braces reads as /);
    setLang('en');
    expect(ruleText(e.rule)).toBe(e.rule);
    setLang('tr');
    expect(ruleText(e.rule)).toBe(
      "burada geçerli değil: süslü ayraç içindeki 'probability: 0,5', probability: 0 ve değeri olmayan 5 anahtarı olarak okunur (orada virgül girdileri ayırır); ondalık ayırıcı olarak nokta yazılır: 0,5 için 0.5 yazın",
    );
    const [g] = errorsOf('{probability: 1,000, meanDelayMinutes: 30}');
    expect(ruleText(g.rule)).toMatch(
      /binlik ayırıcı olmadan yazılır: 1,000 için 1\.000 ya da 1000 yazın$/,
    );
  });

  it('an alias bomb reads in Turkish, naming its alias and the limit with Turkish separators', () => {
    // Four levels of ten aliases: 10,000 copies of the first list, past the parser's guard.
    const level = (name: string, of: string) => `&${name} [${Array(10).fill(`*${of}`).join(', ')}]`;
    const bomb = `[&a [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], ${level('b', 'a')}, ${level('c', 'b')}, ${level('d', 'c')}, ${level('e', 'd')}]`;
    const errors = checkScenario(
      'scenarios/teaching-mmc.yaml',
      [`stations.desk.balking.probabilities=${bomb}`],
      `${ROOT}/`,
    ).errors;
    expect(errors).toHaveLength(1);
    const [e] = errors;
    expect(e.rule).toMatch(
      /^is not valid here: this alias \(\*\w\) repeats a value that holds aliases/,
    );
    setLang('en');
    expect(ruleText(e.rule)).toBe(e.rule);
    setLang('tr');
    const alias = /\(\*(\w)\)/.exec(e.rule)![1];
    expect(ruleText(e.rule)).toMatch(
      new RegExp(`^burada geçerli değil: bu takma ad \\(\\*${alias}\\), takma adlar içeren`),
    );
    expect(ruleText(e.rule)).toContain('1.000 sınırının ötesinde');
    expect(ruleText(e.rule)).not.toMatch(/\b(alias|aliases|must|the|values)\b/);
    expect(errorInTurkish(e)).toBe(`scenarios/teaching-mmc.yaml: ${e.path}: ${ruleText(e.rule)}`);
    // Without the alias the parser stopped on, the rule says "an alias".
    expect(ruleText(e.rule.replace(/this alias \(\*\w\)/, 'an alias'))).toMatch(
      /^burada geçerli değil: bir takma ad, takma adlar içeren/,
    );
  });
});

describe('YAML rules on aliases and self-containing values, in Turkish', () => {
  afterEach(() => setLang('en'));

  /** The one error a --set value gives in the Lab. */
  const errorOf = (value: string) => {
    const errors = checkScenario(
      'scenarios/teaching-mmc.yaml',
      [`stations.desk.balking.probabilities=${value}`],
      `${ROOT}/`,
    ).errors;
    expect(errors).toHaveLength(1);
    return errors[0];
  };

  it('too many aliases reads in Turkish, naming the limit with Turkish separators', () => {
    const e = errorOf(`[&a 0, ${Array(1001).fill('*a').join(', ')}]`);
    expect(e.rule).toMatch(/^is not valid here: the file uses more than 1,000 aliases/);
    setLang('en');
    expect(ruleText(e.rule)).toBe(e.rule);
    setLang('tr');
    expect(ruleText(e.rule)).toMatch(
      /^burada geçerli değil: dosya 1\.000 takma addan \(\*ad\) fazla/,
    );
    expect(ruleText(e.rule)).not.toMatch(/\b(alias|aliases|anchor|file|values|write)\b/);
    expect(errorInTurkish(e)).toBe(`scenarios/teaching-mmc.yaml: ${e.path}: ${ruleText(e.rule)}`);
  });

  it('a value that contains itself reads in Turkish', () => {
    const e = errorOf('&a [0.1, *a]');
    expect(e.rule).toMatch(
      /^is not valid here: an alias \(\*name\) inside the node its own anchor/,
    );
    setLang('en');
    expect(ruleText(e.rule)).toBe(e.rule);
    setLang('tr');
    expect(ruleText(e.rule)).toMatch(/^burada geçerli değil: bir takma ad \(\*ad\)/);
    expect(ruleText(e.rule)).not.toMatch(/\b(alias|anchor|node|contains|itself)\b/);
    expect(errorInTurkish(e)).toBe(`scenarios/teaching-mmc.yaml: ${e.path}: ${ruleText(e.rule)}`);
  });
});

describe('a value that reads as infinity or not a number, in Turkish', () => {
  afterEach(() => setLang('en'));

  it("reads in Turkish to the end, the loader's note on the value after the rule", () => {
    // teaching-mmc's fields of each kind: whole numbers, a rate, durations.
    const paths = [
      'stations.desk.servers',
      'replications',
      'seed',
      'sources.walk-ins.arrivals.perHour',
      'horizon',
      'warmup',
    ];
    const rules = paths.flatMap((path) =>
      ['1e400', '-1e400', '.nan'].map((v) => {
        const errors = checkScenario(
          'scenarios/teaching-mmc.yaml',
          [`${path}=${v}`],
          `${ROOT}/`,
        ).errors;
        const e = errors.find((x) => x.path === path);
        expect(e, `${path}=${v}`).toBeDefined();
        return e!.rule;
      }),
    );
    // The loader says why a value that looks like a number broke the rule.
    expect(rules.filter((r) => r.includes('the value given'))).toHaveLength(rules.length);
    setLang('tr');
    const english =
      /(?<!\p{L})(must|be|is|or|and|of|the|a|an|number|whole|more|than|required|value|given|reads|infinity|every|past|about|below|do)(?!\p{L})/u;
    for (const rule of rules) {
      const tr = ruleText(rule);
      expect(tr, rule).not.toMatch(english);
      // The rule comes first, as in English; the note on the value closes it.
      expect(tr, rule).toMatch(/(olmalı|olabilir) \(verilen değer[^()]*(\.nan|sonsuz[^()]*)\)$/);
    }
  });
});
