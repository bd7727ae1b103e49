import 'reflect-metadata';
import { afterEach, describe, expect, it } from 'vitest';
import { getServiceModel, serviceModelIds } from '../../../src/experiment/models';
import { figureText } from '../../../lab/src/results';
import { setLang } from '../../../lab/src/i18n';

/** The Lab in Turkish names every derived figure, its meaning and its unit, in Turkish. */
describe("every service model's derived figures in Turkish", () => {
  afterEach(() => setLang('en'));

  const models = serviceModelIds().map((id) => getServiceModel(id));

  it.each(models.filter((m) => m.figures).map((m) => [m.id, m] as const))(
    '%s: each figure has a Turkish description and unit, and nothing else is translated',
    (_id, model) => {
      const figures = model.figures ?? {};
      const tr = model.figuresTr ?? {};
      expect(Object.keys(tr).sort()).toEqual(Object.keys(figures).sort());
      const untranslated: string[] = [];
      for (const [name, f] of Object.entries(figures)) {
        const said = tr[name];
        if (!said?.description.trim() || !said.unit.trim()) untranslated.push(`${name}: missing`);
        // The English words copied over are not a translation (a symbol such as USD or ms may be).
        else if (said.description === f.description) untranslated.push(`${name}: description`);
        else if (
          said.unit === f.unit &&
          /[a-z]{3,}/.test(f.unit) &&
          f.unit !== f.unit.toUpperCase()
        )
          untranslated.push(`${name}: unit ${f.unit}`);
      }
      expect(untranslated).toEqual([]);
    },
  );

  it('the results table takes them in Turkish, and the English in English', () => {
    const evisa = getServiceModel('evisa');
    const r = { figures: evisa.figures ?? {}, figuresTr: evisa.figuresTr };
    setLang('tr');
    expect(figureText(r, 'issued')).toEqual({ unit: 'başvuru', description: 'verilen e-vizeler' });
    setLang('en');
    expect(figureText(r, 'issued')).toEqual({
      unit: 'applications',
      description: 'e-visas issued',
    });
    // A part of a figure (officer hours by service area) takes the whole's words.
    const k = getServiceModel('konsolosluk');
    setLang('tr');
    expect(
      figureText({ figures: k.figures ?? {}, figuresTr: k.figuresTr }, 'officerHours.passport'),
    ).toEqual({ unit: 'saat', description: 'gişelerdeki görevli saati' });
  });
});
