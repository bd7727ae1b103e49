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
import {
  CHROMIUM,
  eventually,
  RUN_BROWSER_TESTS,
  useLab,
  workerProbe,
} from '../../helpers/lab-browser';
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

  // A value typed and Run pressed at once: the key press had scheduled a check of its own (120 ms
  // on), which was asked for while Run's was answered and made Run's the older one. Run's check
  // failing then ended the run with nothing said: no result, no error, Run enabled again.
  it("says so when Run's own check fails, a value having been typed just before", async () => {
    const page = await lab.open(
      '?lang=en&s=teaching-mmc&set=replications%3D2&set=horizon%3D2w&set=warmup%3D0',
      { init: [workerProbe()], reducedMotion: true },
    );
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // The panel's first check answered: the form is drawn and valid.
    await eventually(
      () => text(page, '#yaml-text'),
      (v) => expect(v).toContain('servers'),
    );
    await page.evaluate(() => {
      const w = window as unknown as {
        __hold(m: { type: string }): boolean;
        __checks: number;
        __holdNext: boolean;
      };
      // Every check counted; the next one (Run's, posted in the click's own task) held back.
      w.__checks = 0;
      w.__holdNext = false;
      w.__hold = (m) => {
        if (m.type !== 'check') return false;
        w.__checks++;
        const hold = w.__holdNext;
        w.__holdNext = false;
        return hold;
      };
      const seed = document.querySelector<HTMLInputElement>('#f-seed')!;
      seed.value = '7';
      seed.dispatchEvent(new Event('input', { bubbles: true }));
      w.__holdNext = true;
      document.querySelector<HTMLButtonElement>('[data-testid=run]')!.click();
    });
    const held = () => page.evaluate(() => (window as unknown as { __held(): string[] }).__held());
    await eventually(held, (h) => expect(h).toEqual([expect.stringMatching(/^check:/)]));
    // Past the key press's 120 ms (lab/src/main.ts scheduleCheck).
    await page.waitForTimeout(500);
    await page.evaluate(() =>
      (window as unknown as { __fail(m: string): void }).__fail('the check did not finish'),
    );
    await eventually(
      () => text(page, '#errors'),
      (v) => expect(v).toContain('the check did not finish'),
    );
    await eventually(
      () => page.isEnabled('[data-testid=run]'),
      (v) => expect(v).toBe(true),
    );
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('errors');
    expect(await page.locator('[data-testid=result] .run-meta').count()).toBe(0);
    // Run's check was the form's check: the key press's was not asked for besides it.
    expect(await page.evaluate(() => (window as unknown as { __checks: number }).__checks)).toBe(1);
    await page.context().close();
  });

  it('raised no error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
