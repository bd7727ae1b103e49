import 'reflect-metadata';
import { afterEach, describe, expect, it } from 'vitest';
import { setLang, t } from '../../../lab/src/i18n';
import { stationCalled, stationFieldHtml, stationFieldText } from '../../../lab/src/labels';

/** What an element with this HTML reads as: its text, tags dropped and entities read. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

// A station field's label in the panel: a station with a label reads "Consular desk (desk) —
// servers"; one with only an id is named as a station by that id, not by the bare id as if it
// were a word ("desk — servers").
describe("a station field's label", () => {
  afterEach(() => setLang('en'));
  const labelled = { desk: { en: 'Consular desk', tr: 'Konsolosluk gişesi' } };

  it.each([
    ['en', 'Station desk — servers', 'Consular desk (desk) — servers'],
    ['tr', 'Birim desk — kapasite', 'Konsolosluk gişesi (desk) — kapasite'],
  ] as const)('in %s, a station with only an id reads as one by its id', (lang, bare, named) => {
    setLang(lang);
    const servers = t('serversField');
    expect(stationFieldText({}, 'desk', servers)).toBe(bare);
    expect(stationFieldText(labelled, 'desk', servers)).toBe(named);
    // The label shown is the input's accessible name: the HTML reads as the text does, the id
    // as code.
    const html = stationFieldHtml({}, 'desk', servers);
    expect(textOf(html)).toBe(bare);
    expect(html).toContain('<code>desk</code>');
    expect(textOf(stationFieldHtml(labelled, 'desk', servers))).toBe(named);
    // What the station's hints call it ("{station}: an arrival who …").
    expect(stationCalled({}, 'desk')).toBe(bare.slice(0, bare.indexOf(' — ')));
    expect(stationCalled(labelled, 'desk')).toBe(labelled.desk[lang]);
  });

  it('escapes an id that HTML would read, and keeps it whole in the text', () => {
    const id = 'a<b>&"c';
    expect(stationFieldText({}, id, 'servers')).toBe(`Station ${id} — servers`);
    const html = stationFieldHtml({}, id, 'servers');
    expect(html).not.toContain('<b>');
    expect(textOf(html)).toBe(`Station ${id} — servers`);
  });
});
