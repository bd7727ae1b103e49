/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The lesson and the station in words and in the page's language, in headless Chromium: the
 * Erlang C curve's numbers and the simulated points with their intervals as a table (the chart
 * is an image to a screen reader), and the station's clock, counts and the lesson's choice of
 * customers written the Turkish way in Turkish (3 gün, 99.997; not 3d, 99997).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, eventually, RUN_BROWSER_TESTS, useLab } from '../../helpers/lab-browser';

if (!RUN_BROWSER_TESTS)
  console.warn(`lab-lesson-text.browser.spec.ts skipped: ${CHROMIUM} not found.`);

describe.runIf(RUN_BROWSER_TESTS)('the lesson and the station in words', () => {
  const lab = useLab();
  const pageErrors: string[] = [];
  const open = async (query: string): Promise<Page> => {
    const page = await lab.open(query, { reducedMotion: true });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return page;
  };
  const cells = (page: Page) =>
    page.$$eval('[data-testid=curve-table] tbody tr', (rows) =>
      rows.map((r) => [...r.children].map((c) => c.textContent ?? '')),
    );

  it("gives the curve's numbers and the simulated points with their intervals as a table", async () => {
    const page = await open('?lang=en&view=lesson&lambda=9&mu=1&c=10');
    await page.click('[data-testid=curve-table] summary');
    // Erlang C for every officer count drawn; 9 officers at λ = 9, μ = 1 have no steady state.
    let rows = await cells(page);
    expect(rows.find((r) => r[0] === '9')?.[1]).toBe('no steady state');
    expect(rows.find((r) => r[0] === '10')).toEqual(['10', '40.12', '–', '–']);
    await page.selectOption('#sim-n', '5000');
    await page.click('[data-testid=simulate]');
    await eventually(
      () => page.textContent('#sim-status'),
      (v) => expect(v).toContain('5 ×'),
      30_000,
    );
    // Each simulated point's mean and interval, as the chart draws them; the table kept open.
    expect(await page.getAttribute('[data-testid=curve-table]', 'open')).not.toBeNull();
    rows = await cells(page);
    const simulated = rows.filter((r) => r[2] !== '–');
    expect(simulated.map((r) => r[0])).toEqual([
      '10',
      '11',
      '12',
      '13',
      '14',
      '15',
      '16',
      '17',
      '18',
    ]);
    for (const [, , mean, ci] of simulated) {
      const [lo, hi] = ci.split('–').map(Number);
      expect(lo).toBeLessThan(Number(mean));
      expect(hi).toBeGreaterThan(Number(mean));
    }
    const titles = await page.$$eval('[data-chart=erlang-curve] circle title', (ts) =>
      ts.map((x) => x.textContent ?? ''),
    );
    for (const [c, , mean] of simulated)
      expect(
        titles.some((x) => x.includes(mean) && x.includes(`c = ${c}`)),
        c,
      ).toBe(true);
    await page.context().close();
  });

  it("writes the lesson's customers and the station's clock and counts the Turkish way", async () => {
    let page = await open('?lang=tr&view=lesson');
    expect(await page.$$eval('#sim-n option', (os) => os.map((o) => o.textContent))).toEqual([
      '5.000',
      '20.000',
      '100.000',
    ]);
    await page.context().close();
    page = await open('?lang=tr&view=station&lambda=40&mu=5&c=10');
    // Some 1,200 served over more than a simulated day, one event at a time.
    await page.evaluate(() => {
      const step = document.querySelector<HTMLButtonElement>('#step');
      for (let i = 0; i < 2400; i++) step?.click();
    });
    const stats = (await page.textContent('#station-stats')) ?? '';
    expect(stats).toMatch(/^Saat \d+ gün \d\d:\d\d · /);
    expect(stats).toMatch(/hizmet alan \d\.\d{3} · /);
    await page.context().close();
  });

  it('raised no error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
