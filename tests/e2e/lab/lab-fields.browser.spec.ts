/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * What the panel's number fields do with what a user types, in headless Chromium (Debian's
 * /usr/bin/chromium, driven by playwright-core): text that is not a number gets the CLI's
 * message by name instead of running as the loader's default, an emptied field is refused by
 * name, a decimal comma is kept as typed (Chromium's number input dropped it: `1,5` ran as
 * 15) and explained in Turkish, ArrowUp and ArrowDown still step a field, and a demand
 * multiplier is drawn again as it was typed.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  RUN_BROWSER_TESTS,
  startLab,
  type LabSession,
} from '../../helpers/lab-browser';

const ROOT = resolve(__dirname, '../../..');
const RUN = RUN_BROWSER_TESTS;
describe.skipIf(!RUN)("the panel's number fields take what is typed, in Chromium", () => {
  let browser: Browser;
  let base: string;
  const pageErrors: string[] = [];

  let lab: LabSession | undefined;
  beforeAll(async () => {
    lab = await startLab();
    ({ browser, base } = lab);
  });

  afterAll(async () => {
    await lab?.close();
  });

  async function open(query: string, locale = 'en-GB'): Promise<Page> {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(`${query}: ${e.message}`));
    await page.goto(`${base}${query}`);
    await page.waitForSelector('#f-seed', { timeout: 20_000 });
    return page;
  }

  /** Types into a field key by key, as a user does (fill() would bypass the browser's filter). */
  async function type(page: Page, selector: string, text: string): Promise<void> {
    await page.focus(selector);
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.type(text);
  }

  const fieldError = (page: Page, path: string) =>
    page.locator(`.field[data-path="${path}"] .err`).textContent();

  it('refuses text that is not a number, and an emptied field, by name; Run runs nothing', async () => {
    const page = await open('?lang=en&s=teaching-mmc');
    const cli = spawnSync(
      process.execPath,
      [join(ROOT, 'bin', 'consular-sim.js'), 'run', 'scenarios/teaching-mmc.yaml'].concat([
        '--set',
        'seed=1e400',
      ]),
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(cli.status).toBe(2);
    // The CLI names the --set that gave the value; the Lab's field stands beside its error.
    const note = '; the value comes from --set seed=1e400, not from the file';
    expect(cli.stderr.trim().endsWith(note), cli.stderr).toBe(true);
    const rule = cli.stderr
      .trim()
      .replace(/^error: scenarios\/teaching-mmc\.yaml: /, '')
      .slice(0, -note.length);
    // A number input handed the page '' for 1e400, and the run took the loader's seed, 1.
    await type(page, '#f-seed', '1e400');
    await eventually(
      () => fieldError(page, 'seed'),
      (v) => expect(v).toBe(rule),
    );
    expect(await page.inputValue('#f-seed')).toBe('1e400');
    await type(page, '#f-seed', '7');
    // An emptied field ran with the loader's default (5 replications) while it showed nothing.
    await type(page, '#f-replications', '');
    await eventually(
      () => fieldError(page, 'replications'),
      (v) => expect(v).toBe('replications: is required'),
    );
    // So did an emptied warm-up, which ran with none (the loader's default) while it showed nothing.
    await type(page, '#f-warmup', '');
    await eventually(
      () => fieldError(page, 'warmup'),
      (v) => expect(v).toBe('warmup: is required'),
    );
    await page.click('[data-testid=run]');
    await eventually(
      () => page.evaluate(() => document.activeElement?.id),
      (v) => expect(v).toBe('errors'),
    );
    expect(await page.locator('[data-testid=result] .run-meta').count()).toBe(0);
    expect(await page.isHidden('#cancel')).toBe(true);
    // ArrowUp and ArrowDown still step a field, as they did a number input.
    await page.focus('#f-stations-desk-servers');
    await page.keyboard.press('ArrowUp');
    expect(await page.inputValue('#f-stations-desk-servers')).toBe('11');
    await page.focus('#f-sources-walk-ins-arrivals-perHour');
    await page.keyboard.press('ArrowDown');
    expect(await page.inputValue('#f-sources-walk-ins-arrivals-perHour')).toBe('0.95');
    // Never down to a value the loader refuses: a multiplier stays above 0 (its rate must be).
    await type(page, '#f-sources-walk-ins-arrivals-perHour', '0.05');
    await page.keyboard.press('ArrowDown');
    expect(await page.inputValue('#f-sources-walk-ins-arrivals-perHour')).toBe('0.05');
    // An emptied field (replications, above) steps to its smallest value, as a number input's does.
    await page.focus('#f-replications');
    await page.keyboard.press('ArrowUp');
    expect(await page.inputValue('#f-replications')).toBe(
      await page.getAttribute('#f-replications', 'data-min'),
    );
    await eventually(
      () => page.locator('.field[data-path="replications"] .err').isHidden(),
      (hidden) => expect(hidden).toBe(true),
    );
    // A multiplier is drawn again (here by the language switch) as it was typed and runs: it
    // was shown to 3 decimals, 1.235, while 1.23456 ran.
    await type(page, '#f-sources-walk-ins-arrivals-perHour', '1.23456');
    await eventually(
      () => page.textContent('#cli-text'),
      (v) => expect(v).toContain('perHour=11.11104'),
    );
    await page.click('[data-lang=tr]');
    await page.click('[data-lang=en]');
    expect(await page.inputValue('#f-sources-walk-ins-arrivals-perHour')).toBe('1.23456');
    await page.context().close();
  });

  it('keeps a decimal comma as typed and says in Turkish to write a point', async () => {
    const page = await open('?lang=tr&s=teaching-mmc', 'tr-TR');
    await type(page, '#f-sources-walk-ins-arrivals-perHour', '1,5');
    await eventually(
      () => fieldError(page, 'sources.walk-ins.arrivals.perHour'),
      (v) => expect(v).toContain('ondalık sayıyı noktayla yazın'),
    );
    expect(await page.inputValue('#f-sources-walk-ins-arrivals-perHour')).toBe('1,5');
    // Not 15 times the demand (135 an hour), as when Chromium dropped the comma. Waited for:
    // "1," already draws the same error, so the error can show before "5" reaches the line.
    await eventually(
      () => page.textContent('#cli-text'),
      (v) => expect(v).toContain('perHour=1,5 '),
    );
    await type(page, '#f-replications', '');
    await eventually(
      () => fieldError(page, 'replications'),
      (v) => expect(v).toBe('replications: zorunlu'),
    );
    await page.context().close();
  });

  it('says beside a duration field, as beside a demand field, to write a decimal with a point', async () => {
    // The note was in the error box (the CLI's, for `1,5`) but not beside horizon or warm-up.
    const page = await open('?lang=en&s=teaching-mmc');
    const note = 'write a decimal with a point';
    await type(page, '#f-sources-walk-ins-arrivals-perHour', '1,5');
    await eventually(
      () => fieldError(page, 'sources.walk-ins.arrivals.perHour'),
      (v) => expect(v).toContain(note),
    );
    await type(page, '#f-sources-walk-ins-arrivals-perHour', '1');
    for (const [id, path, value] of [
      ['#f-horizon', 'horizon', '1,5'],
      ['#f-warmup', 'warmup', '0,5d'],
    ]) {
      await type(page, id, value);
      await eventually(
        () => fieldError(page, path),
        (v) => expect(v).toMatch(new RegExp(`^${path}: must be a duration .*\\(${note}`)),
      );
    }
    await page.context().close();
  });

  it('names the file of an emptied field in Turkish too, as in English and as every other error does', async () => {
    // The Lab's own "is required" had no file: in Turkish, where the whole message is given in
    // Turkish, the error box read "replications: zorunlu", the file left out.
    const line = (page: Page) => page.locator('#errors li').first().textContent();
    const en = await open('?lang=en&s=teaching-mmc');
    await type(en, '#f-replications', '');
    await eventually(
      () => line(en),
      (v) => expect(v).toMatch(/: replications: is required$/),
    );
    const file = (await line(en))!.replace(/: replications: is required$/, '');
    expect(file).toBe('scenarios/teaching-mmc.yaml');
    await en.context().close();
    const tr = await open('?lang=tr&s=teaching-mmc', 'tr-TR');
    await type(tr, '#f-replications', '');
    await eventually(
      () => line(tr),
      (v) => expect(v).toBe(`${file}: replications: zorunlu`),
    );
    await tr.context().close();
  });

  it('refuses a multiplier whose rate overflows for the demand it brings, and keeps Infinity out of the link', async () => {
    const page = await open('?lang=en&s=teaching-mmc');
    // 1e308 × 9 an hour is Infinity: it went to the loader (and the link and the CLI line) as
    // `Infinity`, refused as "must be a number greater than 0", and was drawn back as Infinity.
    await type(page, '#f-sources-walk-ins-arrivals-perHour', '1e308');
    await eventually(
      () => fieldError(page, 'sources.walk-ins.arrivals.perHour'),
      (v) => expect(v).toContain('is expected to bring more than 1.80e+308 arrivals'),
    );
    expect(await page.textContent('#cli-text')).not.toContain('Infinity');
    expect(decodeURIComponent(page.url())).not.toContain('Infinity');
    await page.click('[data-lang=tr]');
    expect(await page.inputValue('#f-sources-walk-ins-arrivals-perHour')).not.toContain('Infinity');
    await page.context().close();
  });

  it('cuts a paste of megabytes at the field, not into the URL and the CLI line', async () => {
    const page = await open('?lang=en&s=teaching-mmc');
    await page.focus('#f-seed');
    await page.keyboard.press('Control+A');
    // As a paste arrives: one insertion of 5 MB (it froze the page for seconds, written into
    // the URL, the CLI line and every tab's link, and took seconds more to be checked).
    await page.keyboard.insertText('9'.repeat(5 * 1024 * 1024));
    expect((await page.inputValue('#f-seed')).length).toBeLessThanOrEqual(64);
    await eventually(
      () => fieldError(page, 'seed'),
      (v) => expect(v).toContain('seed: must be a whole number from 0 to 9007199254740991'),
    );
    expect(page.url().length).toBeLessThan(500);
    expect((await page.textContent('#cli-text'))?.length).toBeLessThan(500);
    await page.context().close();
  });

  it('raised no error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
