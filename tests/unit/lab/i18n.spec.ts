import { describe, expect, it } from 'vitest';
import { DICTIONARIES, detectLang, num, setLang, unitText } from '../../../lab/src/i18n';

describe('the Lab speaks English and Turkish', () => {
  it('has every label in both, with the same placeholders', () => {
    const en = DICTIONARIES.en;
    const tr = DICTIONARIES.tr;
    expect(Object.keys(tr).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(tr[key].trim(), key).not.toBe('');
      const vars = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect(vars(tr[key]), key).toEqual(vars(en[key]));
    }
  });

  it("calls a station's servers officers in Turkish only where the English says officers", () => {
    // A station's servers may be seats on a flight or a chatbot's lines (paper-evacuation-2020):
    // what is said of any station's servers is neutral (sunucu, kapasite); the M/M/c lesson's
    // officers are officers in both languages.
    const { en, tr } = DICTIONARIES;
    const keys = Object.keys(en) as (keyof typeof en)[];
    const anyStation = keys.filter((k) => /\bservers?\b/i.test(en[k]) && !/officer/i.test(en[k]));
    const officers = keys.filter((k) => /officer/i.test(en[k]));
    expect(anyStation.length).toBeGreaterThan(10);
    for (const k of anyStation) expect(tr[k], k).not.toMatch(/görevli|memur/i);
    for (const k of officers) expect(tr[k], k).toMatch(/görevli/i);
    // A model's parameter counted in officers or in servers, by its unit.
    setLang('tr');
    expect(unitText('officers')).toBe('görevli');
    expect(unitText('servers')).toBe('sunucu');
    setLang('en');
  });

  it("the animated station's intro names the shapes it draws: squares waiting, circles served", () => {
    // lab/src/teach.ts draws the queue as squares (fillRect) and a citizen at an officer as a
    // circle (arc), so that waiting and served read without colour; the intro said circles for
    // every citizen, in line too.
    const { en, tr } = DICTIONARIES;
    expect(en.stationIntro).toMatch(/wait in line \(squares\)/);
    expect(en.stationIntro).toMatch(/being served is a circle/);
    expect(tr.stationIntro).toMatch(/sırada bekler \(kareler\)/);
    expect(tr.stationIntro).toMatch(/hizmet alan vatandaş bir dairedir/);
  });

  it("the animated station's mean wait says whose waits it averages: the served and those in service", () => {
    // lab/src/teach.ts averages the waits of the citizens who reached an officer, not of those
    // still in line: "mean wait so far" read as everyone's, 0 minutes with 566 waiting (c = 1,
    // μ = 0.1, λ = 40). The label names the same groups as the counts beside it.
    for (const lang of ['en', 'tr'] as const) {
      const d = DICTIONARIES[lang];
      expect(d.meanWaitSoFar, lang).toContain(d.servedSoFar);
      expect(d.meanWaitSoFar, lang).toContain(d.inService);
    }
  });

  it('takes ?lang first, then the browser', () => {
    expect(detectLang('?lang=tr', ['en-GB'])).toBe('tr');
    expect(detectLang('?lang=en', ['tr-TR'])).toBe('en');
    expect(detectLang('?lang=de', ['tr-TR', 'en'])).toBe('tr');
    expect(detectLang('', ['de-DE', 'en-US'])).toBe('en');
  });

  it('writes a count with no decimals, whatever its size (75,726 ± 197, not ± 197.1)', () => {
    setLang('en');
    expect(num(197.13, 0)).toBe('197');
    expect(num(75726.4, 0)).toBe('75,726');
    expect(num(7.4, 0)).toBe('7');
    expect(num(197.13)).toBe('197.1');
    setLang('tr');
    expect(num(197.13, 0)).toBe('197');
    setLang('en');
  });
});
