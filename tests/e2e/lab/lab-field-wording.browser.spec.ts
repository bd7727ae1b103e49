/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * How the panel words a station's fields, in headless Chromium (Debian's /usr/bin/chromium,
 * driven by playwright-core), in English and Turkish: each label reads as one phrase (the station,
 * then the field after a dash, never "name (id): queue limit: …") and is the input's accessible
 * name; a retrial hint at a station with no servers does not count "0 being served"; and a
 * station whose servers are not people (paper-evacuation-2020's seats) is not said to have
 * officers, in its fields' labels or hints, nor in the heading over them.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  eventually,
  hasText,
  RUN_BROWSER_TESTS,
  typeKeys,
  useLab,
} from '../../helpers/lab-browser';

const NAME = 'paper-evacuation-2020';

/** Each station field's label text (spaces as one), its station's label and id, by field path. */
async function stationLabels(
  page: Page,
): Promise<{ path: string; id: string; text: string; station: string }[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.field[data-path^="stations."]')].map((f) => {
      const label = f.querySelector('label');
      return {
        path: f.dataset.path ?? '',
        id: label?.querySelector('code')?.textContent ?? '',
        text: (label?.textContent ?? '').replace(/\s+/g, ' ').trim(),
        station: label?.querySelector('.label')?.textContent ?? '',
      };
    }),
  );
}

/** The heading of the group of fields holding the field at `path`, once it reads `text`. */
async function headingIs(page: Page, path: string, text: string): Promise<void> {
  const legend = page.locator(`fieldset:has(> .field[data-path="${path}"]) > legend`);
  await eventually(
    () => legend.textContent(),
    (v) => expect(v, path).toBe(text),
  );
}

describe.skipIf(!RUN_BROWSER_TESTS)(
  "the wording of a station's fields in the Lab, in Chromium",
  () => {
    const lab = useLab();

    it('labels each station field as one phrase, which is also its accessible name, in both languages', async () => {
      const page = await lab.open(`?lang=en&s=${NAME}`);
      await page.locator('.field[data-path="stations.registration.servers"]').waitFor();
      for (const lang of ['en', 'tr'] as const) {
        if (lang === 'tr') {
          await page.click('[data-lang=tr]');
          await hasText(
            page.locator('.field[data-path="stations.registration.servers"] label'),
            'Kayıt',
          );
        }
        const fields = await stationLabels(page);
        // Servers (or shifts), a queue limit, a balking rule, a retrial rule and an overflow at
        // four stations.
        expect(fields.length, lang).toBeGreaterThanOrEqual(20);
        for (const { path, id, text, station } of fields) {
          expect(path.split('.')[1], `${lang} ${path}`).toBe(id);
          expect(station.length, `${lang} ${path}`).toBeGreaterThan(0);
          // The station with its id in brackets, then the field after a dash.
          expect(text.startsWith(`${station} (${id}) — `), `${lang} ${path}: "${text}"`).toBe(true);
          // Never two colons in a row: one at most, within the field's own words (a shift's
          // 00:00-24:00 is a time, not a colon between words).
          expect(text.split(': ').length, `${lang} ${path}: "${text}"`).toBeLessThanOrEqual(2);
          // What a screen reader reads for the input is the label as shown.
          // An overflow is chosen from a list of stations (a select), every other field typed.
          const role = path.endsWith('.overflow') ? 'combobox' : 'textbox';
          const input = page.getByRole(role, { name: text, exact: true });
          expect(await input.count(), `${lang} ${path}: "${text}"`).toBe(1);
          expect(await input.getAttribute('name')).toBe(path);
        }
      }
      await page.context().close();
    });

    it('says in words that nobody is served at a station with no servers, in both languages', async () => {
      const page = await lab.open(`?lang=en&s=${NAME}`);
      const hint = page.locator('#f-stations-registration-retrial-hint');
      await hint.waitFor();
      await typeKeys(page, '#f-stations-registration-servers', '0');
      await typeKeys(page, '#f-stations-registration-queueLimit', '12');
      await hasText(hint, 'no one is being served while the station has no servers');
      await hasText(hint, 'room for 12 waiting');
      expect(await hint.textContent()).not.toMatch(/\b0 being served|room for 12 at once/);
      // No servers and no room to wait: everyone who comes is turned away.
      await typeKeys(page, '#f-stations-registration-queueLimit', '0');
      await hasText(hint, 'lets nobody wait');
      expect(await hint.textContent()).not.toMatch(/being served|room for 0/);
      await page.click('[data-lang=tr]');
      const trHint = page.locator('#f-stations-registration-retrial-hint');
      await hasText(trHint, 'kuyruk sınırı 0');
      expect(await trHint.textContent()).not.toMatch(/0 hizmette|0 kişilik yer/);
      await typeKeys(page, '#f-stations-registration-queueLimit', '12');
      await hasText(trHint, '12 kişi bekleyebilir');
      expect(await trHint.textContent()).not.toMatch(/0 hizmette|aynı anda 12 kişilik/);
      // With servers again, the room is counted as before: those served and those waiting.
      await typeKeys(page, '#f-stations-registration-servers', '3');
      await hasText(trHint, '(aynı anda 15 kişilik yer: 3 hizmette, 12 bekleyen)');
      await page.context().close();
    });

    it('does not call the seats of a return flight officers, in either language', async () => {
      const page = await lab.open(`?lang=en&s=${NAME}`);
      await page.locator('.field[data-path="stations.seats.schedule.0.servers"]').waitFor();
      for (const lang of ['en', 'tr'] as const) {
        if (lang === 'tr') {
          await page.click('[data-lang=tr]');
          await hasText(
            page.locator('.field[data-path="stations.seats.schedule.0.servers"] label'),
            'Dönüş',
          );
        }
        const seats = (await stationLabels(page)).filter((f) =>
          /^stations\.seats\.schedule\.\d+\.servers$/.test(f.path),
        );
        // One field a shift, each worded after the station's name.
        expect(seats.length, lang).toBe(3);
        for (const { path, text, station } of seats) {
          const what = text.slice(text.indexOf(' — ') + 3);
          expect(text.startsWith(station), `${lang} ${path}`).toBe(true);
          expect(what, `${lang} ${path}: "${text}"`).not.toMatch(/officer|görevli/i);
        }
      }
      // Nor do the seats' hints, in Turkish: no one waits, and every seat is taken.
      await typeKeys(page, '#f-stations-seats-queueLimit', '0');
      const retrial = page.locator('#f-stations-seats-retrial-hint');
      await hasText(retrial, 'kuyruk sınırı 0');
      for (const hint of [retrial, page.locator('#f-stations-seats-queueLimit-hint')]) {
        await hasText(hint, 'bütün sunucuları meşgul');
        expect(await hint.textContent()).not.toMatch(/görevli|memur/i);
      }
      await page.context().close();
    });

    it('heads the station fields by what they hold, not "Staff": seats and a chatbot are there', async () => {
      // The group had been headed Staff (Personel): over the seats of a flight, the chatbot's
      // lines, and each station's queue limit, balking and retrial rules.
      const page = await lab.open(`?lang=en&s=${NAME}`);
      for (const path of ['stations.seats.schedule.0.servers', 'stations.chatbot.servers'])
        await headingIs(page, path, 'Capacity and queues');
      await headingIs(page, 'stations.seats.queueLimit', 'Capacity and queues');
      await page.click('[data-lang=tr]');
      await headingIs(page, 'stations.seats.schedule.0.servers', 'Kapasite ve kuyruklar');
      await page.context().close();
      // A service model's group holds its capacity alone (paper-hizir: its officers).
      const hizir = await lab.open('?lang=en&s=paper-hizir');
      await headingIs(hizir, 'params.officers', 'Capacity');
      await hizir.click('[data-lang=tr]');
      await headingIs(hizir, 'params.officers', 'Kapasite');
      await hizir.context().close();
    });
  },
);
