import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { setLang } from '../../../lab/src/i18n';
import { assumptionsShown } from '../../../lab/src/results';
import { loadScenario, type Scenario } from '../../../src/scenario/scenario.loader';

const ROOT = join(__dirname, '../../..');
const scenarios = readdirSync(join(ROOT, 'scenarios'))
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => loadScenario(join(ROOT, 'scenarios', f)));

/**
 * The numbers a text states, as English writes them (20,414 and 0.5) or Turkish (20.414 and
 * 0,5), each as one value: a translation keeps them all.
 */
function numbersIn(text: string, lang: 'en' | 'tr'): string[] {
  const plain =
    lang === 'en'
      ? text.replace(/(\d),(?=\d{3}(?!\d))/g, '$1')
      : text.replace(/(\d)\.(?=\d{3}(?!\d))/g, '$1').replace(/(\d),(?=\d)/g, '$1.');
  return (plain.match(/\d+(?:\.\d+)?/g) ?? []).sort();
}

/** The Lab in Turkish states every scenario's assumptions, and their sources, in Turkish. */
describe("every scenario's assumptions in Turkish", () => {
  afterEach(() => setLang('en'));

  it.each(scenarios.filter((s) => s.assumptions.length).map((s) => [s.name, s] as const))(
    '%s: one Turkish assumption for each, with its source, its numbers, and not the English',
    (_name, s: Scenario) => {
      const tr = s.translations.tr?.assumptions ?? [];
      expect(tr).toHaveLength(s.assumptions.length);
      const untranslated: string[] = [];
      s.assumptions.forEach((a, i) => {
        const said = tr[i];
        const at = `assumption ${i + 1}`;
        if (!said?.text.trim()) return untranslated.push(`${at}: missing`);
        if (said.text === a.text) untranslated.push(`${at}: the English text`);
        if (a.source !== undefined && !said.source?.trim())
          untranslated.push(`${at}: source missing`);
        else if (a.source !== undefined && said.source === a.source)
          untranslated.push(`${at}: the English source`);
        for (const [en, t, part] of [
          [a.text, said.text, 'text'],
          [a.source ?? '', said.source ?? '', 'source'],
        ] as const)
          if (numbersIn(en, 'en').join(' ') !== numbersIn(t, 'tr').join(' '))
            untranslated.push(
              `${at}: the ${part}'s numbers ${numbersIn(en, 'en').join(' ')} ≠ ${numbersIn(t, 'tr').join(' ')}`,
            );
      });
      expect(untranslated).toEqual([]);
    },
  );

  it('builds its list from the scenarios (and would see one without Turkish)', () => {
    expect(scenarios.length).toBeGreaterThan(15);
    const count = scenarios.reduce((n, s) => n + s.assumptions.length, 0);
    expect(count).toBeGreaterThan(50);
    expect(numbersIn('20,414 people, 0.5 a year, 09:00', 'en')).toEqual(
      numbersIn('20.414 kişi, yılda 0,5, 09:00', 'tr'),
    );
    expect(numbersIn('1,500 seats', 'en')).not.toEqual(numbersIn('1.50 koltuk', 'tr'));
  });

  it('the Lab shows them in Turkish, and a file without them in English, marked so', () => {
    const s = scenarios.find((x) => x.name === 'teaching-mmc');
    if (!s) throw new Error('teaching-mmc not found');
    const r = {
      scenario: { assumptions: s.assumptions },
      assumptionsTr: s.translations.tr?.assumptions,
    };
    setLang('tr');
    expect(assumptionsShown(r as never)).toEqual({
      lang: 'tr',
      items: s.translations.tr?.assumptions,
    });
    expect(assumptionsShown({ ...r, assumptionsTr: undefined } as never)).toEqual({
      lang: 'en',
      items: s.assumptions,
    });
    setLang('en');
    expect(assumptionsShown(r as never)).toEqual({ lang: 'en', items: s.assumptions });
  });
});
