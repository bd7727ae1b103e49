/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The panel's field for a station's queue limit, in headless Chromium (Debian's /usr/bin/chromium,
 * driven by playwright-core): "what if we cap the waiting room?", then "what if those turned away
 * come back?", at teaching-mmc's desk, which has neither. The limit is checked by the loader's own
 * message in English and Turkish, lets a retrial rule act, goes into the link and the CLI line,
 * and runs to the same balked counts, replication by replication, as that CLI line.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatCi } from '../../../src/report/numbers';
import {
  downloadFile,
  eventually,
  hasText,
  RUN_BROWSER_TESTS,
  runCli,
  type RunMetrics,
  SHORT_RUN,
  typeKeys,
  useLab,
} from '../../helpers/lab-browser';

type Loc = ReturnType<Page['locator']>;
const type = typeKeys;

describe.skipIf(!RUN_BROWSER_TESTS)("a station's queue limit in the Lab, in Chromium", () => {
  const lab = useLab();
  const SHORT = SHORT_RUN;
  const name = 'teaching-mmc';
  const path = 'stations.desk.queueLimit';
  const retrialPath = 'stations.desk.retrial';
  const rule = '{probability: 0.5, meanDelayMinutes: 15}';
  // Five waiting at a desk at 90% load (Erlang C's mean queue is about 6.7): many are turned away.
  const limit = '5';
  const cli = (set: string[]) => runCli(name, [...SHORT, ...set]);
  const ranAs = (set: string[]) => {
    const ran = cli(set);
    expect(ran.status, ran.stderr).toBe(0);
    return (JSON.parse(ran.stdout) as RunMetrics).metrics;
  };
  /**
   * Runs the panel as it stands and gives the metrics of its JSON download, once the result
   * shows `done` (the previous result's download button is there until the new one replaces it).
   */
  const runLab = async (page: Page, done: Loc): Promise<RunMetrics['metrics']> => {
    await eventually(
      () => page.locator('#errors').isHidden(),
      (hidden) => expect(hidden).toBe(true),
    );
    await page.click('[data-testid=run]');
    await done.waitFor({ timeout: 60_000 });
    const download = await downloadFile(page, '#download-json');
    return (JSON.parse(download.text) as RunMetrics).metrics;
  };

  it("caps the desk's queue with the loader's check, lets a retrial rule act, and counts the balked as the CLI line does", async () => {
    const wrong = cli([`${path}=-1`]);
    expect(wrong.status).toBe(2);
    const page = await lab.open(
      `?lang=en&s=${name}${SHORT.map((s) => `&set=${encodeURIComponent(s)}`).join('')}`,
    );
    const input = `#f-${path.replace(/\./g, '-')}`;
    const retrialInput = `#f-${retrialPath.replace(/\./g, '-')}`;
    const error = page.locator(`.field[data-path="${path}"] .err`);
    const retrialError = page.locator(`.field[data-path="${retrialPath}"] .err`);
    // The field is there, empty (the file has no limit), its hint saying what empty means.
    await page.locator(`.field[data-path="${path}"]`).waitFor();
    expect(await page.inputValue(input)).toBe('');
    await hasText(page.locator(`${input}-hint`), 'empty for no limit');
    await hasText(page.locator(`.field[data-path="${path}"] label`), 'queue limit');

    // A mistake: the loader's message word for word, as `consular-sim run --set` prints it.
    await type(page, input, '-1');
    await hasText(error, `${path}: must be a whole number, 0 or more`);
    const message = (await page.locator('#errors code[lang=en]').textContent()) ?? '';
    expect(message).toBe(`scenarios/${name}.yaml: ${path}: must be a whole number, 0 or more`);
    expect(wrong.stderr).toContain(message);
    await page.click('[data-lang=tr]');
    await hasText(
      page.locator(`.field[data-path="${path}"] .err`),
      `${path}: 0 ya da daha büyük bir tam sayı olmalı`,
    );
    await hasText(page.locator(`.field[data-path="${path}"] label`), 'kuyruk sınırı');
    await hasText(page.locator(`${input}-hint`), 'sınır yoksa boş bırakın');
    await page.click('[data-lang=en]');

    // "What if we cap the waiting room?": in the link and the CLI line, run as that line runs.
    await type(page, input, limit);
    await hasText(page.locator('#cli-text'), `--set ${path}=${limit} --json`);
    expect(new URL(page.url()).searchParams.getAll('set')).toContain(`${path}=${limit}`);
    const capped = await runLab(page, page.locator('[data-testid=lost-by-cause]'));
    const cappedCli = ranAs([`${path}=${limit}`]);
    expect(cappedCli['totals.lostBy.balked'].mean).toBeGreaterThan(0);
    for (const k of ['totals.lostBy.balked', 'stations.desk.lost', 'totals.arrivals'])
      expect(capped[k].samples, k).toEqual(cappedCli[k].samples);
    // The field's effect, where the results say why customers were lost (written as the Lab
    // writes an interval in English: en-GB, an en dash).
    const balked = formatCi(cappedCli['totals.lostBy.balked'], 'count', 1, {
      locale: 'en-GB',
      to: ' – ',
    });
    await hasText(
      page.locator('[data-testid=lost-by-cause]'),
      `balked (the queue was full or too long for them) ${balked}`,
    );
    // And at the station that turned them away, in the stations table's lost column.
    const lostHere = formatCi(cappedCli['stations.desk.lost'], 'count', 1, {
      locale: 'en-GB',
      to: ' – ',
    });
    await hasText(page.locator('[data-metric="stations.desk.lost"]'), lostHere);
    expect(
      await page
        .locator('table.data th', { hasText: 'lost (balked, reneged, turned away)' })
        .count(),
    ).toBe(1);

    // Emptied, the limit is none again (not "is required"): a retrial rule typed now acts on
    // nobody, and the loader says so; the limit typed back clears that error.
    await type(page, input, '');
    await type(page, retrialInput, rule);
    await hasText(retrialError, `${retrialPath}: has no effect: nobody balks at this station`);
    expect(await error.isHidden()).toBe(true);
    await type(page, input, limit);
    await eventually(
      () => retrialError.isHidden(),
      (hidden) => expect(hidden).toBe(true),
    );

    // "What if those turned away come back?": the same counts as the CLI line, replication by
    // replication, and the retrial table.
    await hasText(page.locator('#cli-text'), `--set ${path}=${limit}`);
    await hasText(page.locator('#cli-text'), `--set '${retrialPath}=${rule}'`);
    const retried = await runLab(page, page.locator('[data-testid=retrials-table]'));
    const retriedCli = ranAs([`${path}=${limit}`, `${retrialPath}=${rule}`]);
    expect(retriedCli['stations.desk.retrials'].mean).toBeGreaterThan(0);
    for (const k of [
      'totals.lostBy.balked',
      'stations.desk.balked',
      'stations.desk.balkedAttempts',
      'stations.desk.retrials',
    ])
      expect(retried[k].samples, k).toEqual(retriedCli[k].samples);
    await page.context().close();
  });

  it('steps the empty limit (none) with the arrow keys to the smallest limit, and the CLI line, the retrial hint and the run follow', async () => {
    const page = await lab.open(
      `?lang=en&s=${name}${SHORT.map((s) => `&set=${encodeURIComponent(s)}`).join('')}`,
    );
    const input = `#f-${path.replace(/\./g, '-')}`;
    const hint = page.locator(`#f-${retrialPath.replace(/\./g, '-')}-hint`);
    await page.locator(`.field[data-path="${path}"]`).waitFor();
    expect(await page.inputValue(input)).toBe('');
    const station = (await page.locator(`.field[data-path="${path}"] label .label`).textContent())!;
    await hasText(hint, `${station}: no queue limit and no balking rule`);
    await page.focus(input);
    // ArrowDown keeps none: no limit is the loosest setting, with no smaller one below it.
    await page.keyboard.press('ArrowDown');
    expect(await page.inputValue(input)).toBe('');
    expect(new URL(page.url()).searchParams.getAll('set').join(' ')).not.toContain(path);
    expect(await page.textContent('#cli-text')).not.toContain(path);
    // ArrowUp steps none to the smallest limit the field takes (its min), then on by its step.
    await page.keyboard.press('ArrowUp');
    const min = Number(await page.getAttribute(input, 'data-min'));
    expect(await page.inputValue(input)).toBe(String(min));
    await hasText(page.locator('#cli-text'), `--set ${path}=${min} --json`);
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowDown');
    const stepped = String(min + 4);
    expect(await page.inputValue(input)).toBe(stepped);
    await hasText(page.locator('#cli-text'), `--set ${path}=${stepped} --json`);
    expect(new URL(page.url()).searchParams.getAll('set')).toContain(`${path}=${stepped}`);
    // The retrial rule's hint, under the same station, now says whom a rule would bring back.
    const servers = Number(await page.inputValue('#f-stations-desk-servers'));
    await hasText(
      hint,
      `${station}: an arrival who finds every server busy and ${stepped} waiting is turned away at its queue limit (room for ${servers + Number(stepped)} at once`,
    );
    // And the run is that of the stepped limit, replication by replication, as its CLI line.
    const ran = await runLab(page, page.locator('[data-testid=lost-by-cause]'));
    const want = ranAs([`${path}=${stepped}`]);
    expect(want['totals.lostBy.balked'].mean).toBeGreaterThan(0);
    for (const k of ['totals.lostBy.balked', 'stations.desk.lost', 'totals.arrivals'])
      expect(ran[k].samples, k).toEqual(want[k].samples);
    // Down to the smallest limit it stops there; emptied, the limit is none again.
    await page.focus(input);
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowDown');
    expect(await page.inputValue(input)).toBe(String(min));
    await type(page, input, '');
    await eventually(
      () => page.textContent('#cli-text'),
      (v) => expect(v).not.toContain(path),
    );
    await hasText(hint, `${station}: no queue limit and no balking rule`);
    // Empty is none, and the field says so where a blank would ask for a value.
    expect(await page.getAttribute(input, 'placeholder')).toBe('no limit');
    await page.context().close();
  });
});
