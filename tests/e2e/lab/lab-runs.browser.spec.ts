/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Runs that can be stopped and answers that come late, in headless Chromium: the lesson's
 * scatter table's Stop (as Simulate's: from the keyboard, the focus back on its button, a line
 * saying what was kept); every run the lesson started ended when the lesson is left (another
 * tab, Back, the language), with what it finished shown on return and nothing written
 * afterwards; and a comparison answered after Unpin, or cancelled with a run, neither shown
 * for a pair no longer pinned nor left as an error in the page.
 *
 * An answer's time is not left to the machine's speed: the page's Worker is wrapped so that the
 * test can hold back chosen requests (a slow worker, as far as the page can tell) and count
 * the workers busy with a lesson request that has not been answered.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  CHROMIUM,
  eventually,
  RUN_BROWSER_TESTS,
  useLab,
  workerProbe,
} from '../../helpers/lab-browser';

if (!RUN_BROWSER_TESTS) console.warn(`lab-runs.browser.spec.ts skipped: ${CHROMIUM} not found.`);

describe.runIf(RUN_BROWSER_TESTS)('runs stopped by Stop and by leaving, and late answers', () => {
  const lab = useLab();

  // The lesson's requests of 100,000 customers are held back until __release().
  const open = (query: string): Promise<Page> =>
    lab.open(query, { init: [workerProbe("m.type === 'mmc' && m.customers === 100000")] });

  const text = async (page: Page, sel: string) => (await page.textContent(sel)) ?? '';
  const focused = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
  const busy = (page: Page) =>
    page.evaluate(() => (window as unknown as { __busy(): number }).__busy());
  const rows = (page: Page) => page.locator('[data-testid=scatter-table] tbody tr').count();
  const markers = (page: Page) => page.locator('[data-chart=erlang-curve] circle').count();
  const idle = (page: Page, button: string) =>
    eventually(
      () => page.getAttribute(button, 'aria-disabled'),
      (v) => expect(v).toBeNull(),
    );

  it('stops the scatter table from the keyboard, keeping the rows finished or saying none were', async () => {
    const page = await open('?lang=en&view=lesson&lambda=9&mu=1&c=10');
    expect(await page.isHidden('#scatter-stop')).toBe(true);
    // Stopped at once: no row was finished (every row's request is held, so none can finish
    // before Stop, however quick the machine), and the line says so.
    await page.evaluate(() => {
      (window as unknown as { __hold: (m: { type: string }) => boolean }).__hold = (m) =>
        m.type === 'mmc';
    });
    await page.focus('#scatter');
    await page.keyboard.press('Enter');
    expect(await page.getAttribute('#scatter', 'aria-disabled')).toBe('true');
    expect(await text(page, '#scatter-status')).toBe('0 of 3 rows run…');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('scatter-stop');
    expect(await page.getAttribute('#scatter-stop', 'role')).toBeNull(); // a native button
    expect(await page.getAttribute('#scatter-status', 'role')).toBe('status');
    await page.keyboard.press('Enter');
    await idle(page, '#scatter');
    expect(await text(page, '#scatter-status')).toBe(
      'Stopped before any row was finished: no row is shown.',
    );
    expect(await rows(page)).toBe(0);
    // Stop goes with the run: the focus back on the table's button, not dropped to the body.
    expect(await page.isHidden('#scatter-stop')).toBe(true);
    expect(await focused(page)).toBe('scatter');
    await eventually(
      () => busy(page),
      (n) => expect(n).toBe(0),
    );
    // Stopped after two rows (the third, of 100,000 customers, is held back): those are kept.
    await page.evaluate(() => {
      (
        window as unknown as { __hold: (m: { type: string; customers?: number }) => boolean }
      ).__hold = (m) => m.type === 'mmc' && m.customers === 100000;
    });
    await page.keyboard.press('Enter');
    await eventually(
      () => text(page, '#scatter-status'),
      (s) => expect(s).toBe('2 of 3 rows run…'),
      60_000,
    );
    expect(await busy(page)).toBeGreaterThan(0);
    await page.click('#scatter-stop');
    await idle(page, '#scatter');
    expect(await text(page, '#scatter-status')).toBe(
      'Stopped: 2 of 3 rows were finished and are shown.',
    );
    expect(await rows(page)).toBe(2);
    expect(await focused(page)).toBe('scatter');
    // Its workers were ended (the held requests with them), and new ones finish a table.
    await eventually(
      () => busy(page),
      (n) => expect(n).toBe(0),
    );
    await page.evaluate(() => {
      (window as unknown as { __hold: () => boolean }).__hold = () => false;
    });
    await page.click('#scatter');
    await eventually(
      () => rows(page),
      (n) => expect(n).toBe(3),
      120_000,
    );
    await idle(page, '#scatter');
    expect(await text(page, '#scatter-status')).toBe('');
    expect(await page.isHidden('#scatter-stop')).toBe(true);
    await page.context().close();
  });

  it('ends the lesson’s runs when another tab is picked, and shows on return what they finished, stopped', async () => {
    const page = await open('?lang=en&view=lesson&lambda=9&mu=1&c=10');
    // Both runs under way: the scatter table waiting on its third row, Simulate on its first point.
    await page.click('#scatter');
    await eventually(
      () => text(page, '#scatter-status'),
      (s) => expect(s).toBe('2 of 3 rows run…'),
      60_000,
    );
    await page.selectOption('#sim-n', '100000');
    await page.click('#simulate');
    expect(await text(page, '#sim-status')).toBe('0 of 9 points simulated…');
    expect(await busy(page)).toBeGreaterThan(0);
    await page.click('nav a[data-view=station]');
    await page.waitForSelector('[data-testid=station]');
    // No worker is left on the lesson's requests, and none is answered afterwards.
    await eventually(
      () => busy(page),
      (n) => expect(n).toBe(0),
      2_000,
    );
    await page.evaluate(() => (window as unknown as { __release(): void }).__release());
    // Back: the lesson as it was left, stopped, with nothing stuck running.
    await page.goBack();
    await page.waitForSelector('[data-testid=lesson]');
    expect(await text(page, '#scatter-status')).toBe(
      'Stopped: 2 of 3 rows were finished and are shown.',
    );
    expect(await rows(page)).toBe(2);
    expect(await text(page, '#sim-status')).toBe(
      'Stopped before any point was finished: no simulated point is drawn.',
    );
    expect(await markers(page)).toBe(0);
    for (const button of ['#scatter', '#simulate'])
      expect(await page.getAttribute(button, 'aria-disabled')).toBeNull();
    expect(await page.isHidden('#scatter-stop')).toBe(true);
    expect(await page.isHidden('#sim-stop')).toBe(true);
    // A while later, still as it was: no late answer wrote into it.
    await page.waitForTimeout(1_500);
    expect(await rows(page)).toBe(2);
    expect(await text(page, '#scatter-status')).toMatch(/^Stopped: 2 of 3/);
    await page.context().close();
  });

  it('ends a run on Back and on a change of language, and keeps a finished result for the return', async () => {
    const page = await open('?lang=en&view=lesson&lambda=9&mu=1&c=10');
    // A finished simulation (5,000 customers, not held back) is drawn again on return.
    await page.selectOption('#sim-n', '5000');
    await page.click('#simulate');
    await eventually(
      () => text(page, '#sim-status'),
      (s) => expect(s).toBe('5 × 5,000 customers'),
      60_000,
    );
    expect(await markers(page)).toBe(9);
    await page.click('nav a[data-view=scenarios]');
    await page.waitForSelector('[data-testid=scenario-list]');
    await page.click('nav a[data-view=lesson]');
    await page.waitForSelector('[data-testid=lesson]');
    expect(await markers(page)).toBe(9);
    expect(await text(page, '#sim-status')).toBe('5 × 5,000 customers');
    // Back during a run: the run ends, and Forward shows it stopped.
    await page.selectOption('#sim-n', '100000');
    await page.click('#simulate');
    await page.goBack();
    await page.waitForSelector('[data-testid=scenario-list]');
    await eventually(
      () => busy(page),
      (n) => expect(n).toBe(0),
      2_000,
    );
    await page.goForward();
    await page.waitForSelector('[data-testid=lesson]');
    expect(await text(page, '#sim-status')).toBe(
      'Stopped before any point was finished: no simulated point is drawn.',
    );
    expect(await page.getAttribute('#simulate', 'aria-disabled')).toBeNull();
    // The language changed during the scatter table: it ends, and says so in the new language.
    await page.click('#scatter');
    await eventually(
      () => text(page, '#scatter-status'),
      (s) => expect(s).toBe('2 of 3 rows run…'),
      60_000,
    );
    await page.click('[data-lang=tr]');
    await eventually(
      () => busy(page),
      (n) => expect(n).toBe(0),
      2_000,
    );
    expect(await text(page, '#scatter-status')).toBe(
      'Durduruldu: 3 satırın 2 tanesi bitti ve gösteriliyor.',
    );
    expect(await page.getAttribute('#scatter', 'aria-disabled')).toBeNull();
    expect(await page.isHidden('#scatter-stop')).toBe(true);
    await page.context().close();
  });

  it('drops a comparison answered after Unpin, and asks again for one cancelled with a run, with no error in the page', async () => {
    const page = await open('?lang=en&s=teaching-mmc&set=replications%3D2');
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    const holdCompare = (on: boolean) =>
      page.evaluate((hold) => {
        (window as unknown as { __hold: (m: { type: string }) => boolean }).__hold = (m) =>
          hold && m.type === 'compare';
      }, on);
    const release = () =>
      page.evaluate(() => (window as unknown as { __release(): void }).__release());
    const runAndWait = async () => {
      await page.waitForSelector('[data-testid=run]:not([disabled])');
      await page.click('[data-testid=run]');
      await page.waitForSelector('[data-testid=result][aria-busy=false] .run-meta', {
        timeout: 120_000,
      });
    };
    const table = () => page.locator('#compare-body table').count();
    await runAndWait();
    await page.click('#pin');
    // The comparison of the next run is held back (behind a long run, say), and Unpin comes first.
    await holdCompare(true);
    await page.fill('#f-stations-desk-servers', '11');
    await runAndWait();
    expect(await table()).toBe(0);
    await page.click('#unpin');
    await release();
    await page.waitForTimeout(1_000);
    expect(await page.locator('[data-testid=pinned]').count()).toBe(0);
    expect(await table()).toBe(0);
    expect(await text(page, '#compare-body')).toContain('Pin a run');
    // Pinned again, then a run's comparison waits while another run is cancelled (Cancel ends
    // every worker, the comparison's too): it is asked for again, and shown.
    await page.click('#pin');
    await page.fill('#f-stations-desk-servers', '12');
    await runAndWait();
    expect(await table()).toBe(0);
    await holdCompare(false);
    await page.fill('#f-replications', '40');
    await page.waitForSelector('[data-testid=run]:not([disabled])');
    await page.click('[data-testid=run]');
    await page.click('#cancel');
    await eventually(
      () => text(page, '#progress-text'),
      (s) => expect(s).toBe('Run cancelled.'),
    );
    await eventually(table, (n) => expect(n).toBe(1));
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
