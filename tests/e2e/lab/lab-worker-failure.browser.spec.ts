/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * A simulation worker that fails as a whole, in headless Chromium: its script answered with a
 * 503 (a Lab server restarting, a dropped connection on a classroom network). The failure is
 * said in the page's language where the user is, and nothing is left waiting for the dead
 * worker: picking the scenario again, or Run, starts a fresh one.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, eventually, RUN_BROWSER_TESTS, useLab } from '../../helpers/lab-browser';
import { DICTIONARIES } from '../../../lab/src/i18n';

if (!RUN_BROWSER_TESTS)
  console.warn(`lab-worker-failure.browser.spec.ts skipped: ${CHROMIUM} not found.`);

describe.runIf(RUN_BROWSER_TESTS)('a simulation worker that fails to load', () => {
  const lab = useLab();
  const pageErrors: string[] = [];

  /** The Lab with its worker's script refused while `refuse.on` holds. */
  async function open(query: string, refuse: { on: boolean }): Promise<Page> {
    const page = await lab.open(query, {
      reducedMotion: true,
      setup: (p) =>
        p
          .context()
          .route(/\/assets\/sim\.worker[^/]*\.js$/, (route) =>
            refuse.on ? route.fulfill({ status: 503, body: 'unavailable' }) : route.continue(),
          ),
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return page;
  }
  const text = async (page: Page, sel: string) => (await page.textContent(sel)) ?? '';

  it('says so when a scenario is picked, and loads it when it is picked again', async () => {
    const refuse = { on: true };
    const page = await open('?lang=en', refuse);
    await page.click('button.scenario[data-scenario="teaching-mmc"]');
    // Before: "Loading the simulator…" for ever, the request posted to the dead worker.
    await eventually(
      () => text(page, '#work [role=alert]'),
      (v) => expect(v).toBe(DICTIONARIES.en.workerFailed),
    );
    refuse.on = false;
    await page.click('button.scenario[data-scenario="teaching-mmc"]');
    await page.waitForSelector('#f-seed', { timeout: 10_000 });
    await page.context().close();
  });

  it('says so in Turkish when Run finds no worker, and runs when Run is pressed again', async () => {
    const refuse = { on: false };
    const page = await open(
      '?lang=tr&s=teaching-mmc&set=replications%3D2&set=horizon%3D2w&set=warmup%3D0',
      refuse,
    );
    await page.waitForSelector('#f-seed');
    // Cancel ends every worker: the next request needs a fresh one, and its script is refused.
    await page.evaluate(() => document.querySelector<HTMLButtonElement>('#cancel')?.click());
    refuse.on = true;
    await page.click('[data-testid=run]');
    await eventually(
      () => text(page, '#errors'),
      (v) => expect(v).toBe(DICTIONARIES.tr.workerFailed),
    );
    // Run is enabled again once the failed run has ended, which on a loaded machine may be a
    // moment after the message is shown (one CI run read it disabled there): wait for it.
    await eventually(
      () => page.isEnabled('[data-testid=run]'),
      (v) => expect(v).toBe(true),
    );
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('errors');
    refuse.on = false;
    await page.click('[data-testid=run]');
    await page.waitForSelector('[data-testid=result] .run-meta', { timeout: 30_000 });
    expect(await page.isHidden('#errors')).toBe(true);
    await page.context().close();
  });

  it('raised no error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
