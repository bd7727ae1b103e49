/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The Lab's links and late answers, in headless Chromium.
 *
 * The lesson's and the station's rates (λ, μ, c) go with the page: the station says it uses
 * the lesson's rates, so a tab (clicked, or its link opened), the language, Back and Forward,
 * a reload and a shared link keep them; a link's value the sliders cannot show is refused by
 * name, with its rule, not shown as NaN or a blank view.
 *
 * An answer that comes after the user has left its panel (another scenario, another tab) is
 * written into no other view. The answer's time is not left to the machine's speed: the page's
 * Worker is wrapped so that the test holds back chosen requests, then fails them.
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

if (!RUN_BROWSER_TESTS) console.warn(`lab-links.browser.spec.ts skipped: ${CHROMIUM} not found.`);

describe.runIf(RUN_BROWSER_TESTS)("the Lab's links and late answers", () => {
  const lab = useLab();

  // prefers-reduced-motion: the station starts paused (its animation is not under test).
  const open = (query: string, probe = false): Promise<Page> =>
    lab.open(query, { init: probe ? [workerProbe()] : [], reducedMotion: true });

  const rates = (page: Page) =>
    page.evaluate(() =>
      ['lambda', 'mu', 'c'].map((k) => (document.getElementById(k) as HTMLInputElement).value),
    );
  const query = (page: Page) => new URL(page.url()).searchParams;
  const ratesInUrl = (page: Page) => ['lambda', 'mu', 'c'].map((k) => query(page).get(k));

  it('keeps the rates from the lesson to the station by its tab, Back, Forward, reload and the language', async () => {
    const page = await open('?lang=en&view=lesson');
    expect(await rates(page)).toEqual(['9', '1', '10']);
    // λ one step up and c two down, from the keyboard (as a user moves a slider).
    await page.focus('#lambda');
    await page.keyboard.press('ArrowRight');
    await page.focus('#c');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect(await rates(page)).toEqual(['9.5', '1', '8']);
    expect(ratesInUrl(page)).toEqual(['9.5', '1', '8']);
    // Every tab's link carries them (a link opened in a new tab, or copied, is the same page).
    for (const view of ['scenarios', 'lesson', 'station']) {
      const href = (await page.getAttribute(`nav a[data-view=${view}]`, 'href')) ?? '';
      const q = new URL(href, page.url()).searchParams;
      expect(
        ['lambda', 'mu', 'c'].map((k) => q.get(k)),
        view,
      ).toEqual(['9.5', '1', '8']);
    }
    await page.click('nav a[data-view=station]');
    await page.waitForSelector('[data-testid=station]');
    expect(await rates(page)).toEqual(['9.5', '1', '8']);
    expect(query(page).get('view')).toBe('station');
    expect(ratesInUrl(page)).toEqual(['9.5', '1', '8']);
    // Moved here too, then back to the lesson (its own entry, as it was left) and forward.
    await page.focus('#mu');
    await page.keyboard.press('ArrowLeft');
    expect(await rates(page)).toEqual(['9.5', '0.9', '8']);
    await page.goBack();
    await page.waitForSelector('[data-testid=lesson]');
    expect(await rates(page)).toEqual(['9.5', '1', '8']);
    await page.goForward();
    await page.waitForSelector('[data-testid=station]');
    expect(await rates(page)).toEqual(['9.5', '0.9', '8']);
    await page.reload();
    await page.waitForSelector('[data-testid=station]');
    expect(await rates(page)).toEqual(['9.5', '0.9', '8']);
    // The language and a round trip through the gallery keep them.
    await page.click('[data-lang=tr]');
    expect(await rates(page)).toEqual(['9.5', '0.9', '8']);
    await page.click('nav a[data-view=scenarios]');
    await page.waitForSelector('[data-testid=scenario-list]');
    await page.click('nav a[data-view=lesson]');
    await page.waitForSelector('[data-testid=lesson]');
    expect(await rates(page)).toEqual(['9.5', '0.9', '8']);
    expect(await page.isVisible('[data-testid=rates-note]')).toBe(false);
    await page.context().close();
  });

  it('opens a shared link at its rates, in the station as in the lesson', async () => {
    const page = await open('?lang=en&view=station&lambda=12&mu=0.5&c=30');
    expect(await rates(page)).toEqual(['12', '0.5', '30']);
    expect(await page.textContent('#station-stats')).toContain('/30');
    await page.click('nav a[data-view=lesson]');
    await page.waitForSelector('[data-testid=lesson]');
    expect(await rates(page)).toEqual(['12', '0.5', '30']);
    // ρ = λ / (c μ) = 12 / 15.
    expect(await page.textContent('[data-testid=rho]')).toBe('80%');
    await page.context().close();
  });

  it("refuses a link's rates the sliders cannot show by name and rule, and shows the values used", async () => {
    const page = await open('?lang=en&view=lesson&lambda=abc&mu=9&c=2.6');
    const note = page.locator('[data-testid=rates-note]');
    await eventually(
      () => note.textContent(),
      (s) => expect(s).not.toBeNull(),
    );
    expect(await note.getAttribute('role')).toBe('alert');
    const lines = await note.locator('p').allTextContents();
    expect(lines).toEqual([
      'The link’s lambda=abc was not used: Arrival rate λ (per hour) must be a number from 0.5 to 40, in steps of 0.5. 9 is used instead.',
      'The link’s mu=9 was not used: Service rate μ per officer (per hour) must be a number from 0.1 to 5, in steps of 0.1. 5 is used instead.',
      'The link’s c=2.6 was not used: Officers c must be a number from 1 to 40, in steps of 1. 3 is used instead.',
    ]);
    // The view is drawn with the values used, and the URL (and the tabs) hold those.
    expect(await rates(page)).toEqual(['9', '5', '3']);
    expect(ratesInUrl(page)).toEqual(['9', '5', '3']);
    const station = (await page.getAttribute('nav a[data-view=station]', 'href')) ?? '';
    expect(new URL(station, page.url()).searchParams.get('lambda')).toBe('9');
    expect(await page.textContent('[data-testid=rho]')).toBe('60%');
    expect(await page.textContent('main')).not.toMatch(/NaN|Infinity|undefined/);
    // Hex, Infinity and an empty value are not numbers a link writes; in Turkish, too.
    const tr = await open('?lang=tr&view=station&lambda=0x10&mu=&c=Infinity');
    const trLines = await tr.locator('[data-testid=rates-note] p').allTextContents();
    expect(trLines).toHaveLength(3);
    expect(trLines[0]).toBe(
      'Bağlantıdaki lambda=0x10 kullanılmadı: Geliş hızı λ (saatte), 0,5 ile 40 arasında, 0,5 adımlı bir sayı olmalı. Yerine 9 kullanılıyor.',
    );
    expect(await rates(tr)).toEqual(['9', '1', '10']);
    // What the view shows (the note quotes the link, Infinity with it) reads no NaN.
    const shown = await tr.evaluate(() =>
      [...document.querySelectorAll('output, #station-stats')].map((e) => e.textContent).join(' '),
    );
    expect(shown).not.toMatch(/NaN|Infinity|undefined/);
    expect(await tr.textContent('#station-stats')).toContain('/10');
    await tr.context().close();
    await page.context().close();
  });

  it("says which of a link's names it does not know, what it shows instead, and writes that into the URL", async () => {
    // A view mistyped and a scenario renamed since the link was shared: both were ignored unseen.
    const page = await open('?lang=en&view=lessons&s=teaching-mmc-old&set=horizon%3D8w&lambda=12');
    const note = page.locator('[data-testid=link-note]');
    expect(await note.getAttribute('role')).toBe('alert');
    expect(await note.locator('p').allTextContents()).toEqual([
      'The link’s view=lessons was not used: the view must be lesson or station, or left out for the scenarios. The scenario gallery is shown instead.',
      'The link’s s=teaching-mmc-old was not used: no scenario in the gallery has that name (it may have been renamed or removed). The gallery is shown with no scenario open instead.',
    ]);
    await page.waitForSelector('[data-testid=scenario-list] button.scenario');
    expect(await page.getAttribute('nav a[data-view=scenarios]', 'aria-current')).toBe('page');
    // The URL is what is shown: no view, no scenario, nor its overrides; the rates stay.
    expect([...query(page)]).toEqual([
      ['lang', 'en'],
      ['lambda', '12'],
    ]);
    // The language says it in its own words; picking a scenario is a move on, and ends it.
    await page.click('[data-lang=tr]');
    expect(await note.locator('p').first().textContent()).toBe(
      'Bağlantıdaki view=lessons kullanılmadı: görünüm lesson ya da station olmalı ya da senaryolar için hiç yazılmamalı. Yerine senaryo galerisi gösteriliyor.',
    );
    await page.click('button[data-scenario=teaching-mmc]');
    await page.waitForSelector('#work h2');
    expect(await note.count()).toBe(0);
    await page.context().close();

    // A language the Lab does not speak: the one used is named, in it; the view is kept.
    const de = await open('?lang=de&view=station');
    expect(await de.locator('[data-testid=link-note] p').allTextContents()).toEqual([
      'The link’s lang=de was not used: the language must be en (English) or tr (Türkçe). English is used instead.',
    ]);
    await de.waitForSelector('[data-testid=station]');
    expect(query(de).get('lang')).toBe('en');
    expect(query(de).get('view')).toBe('station');
    await de.context().close();

    const tr = await open('?lang=tr&s=nope');
    expect(await tr.locator('[data-testid=link-note] p').allTextContents()).toEqual([
      'Bağlantıdaki s=nope kullanılmadı: galeride bu adda bir senaryo yok (adı değişmiş ya da kaldırılmış olabilir). Yerine hiçbir senaryo açılmadan galeri gösteriliyor.',
    ]);
    expect(query(tr).get('s')).toBeNull();
    await tr.context().close();

    // A link whose names the Lab knows gets no note, and its URL as given.
    for (const good of ['?lang=en&view=lesson', '?lang=tr&s=teaching-mmc', '?view=scenarios']) {
      const ok = await open(good);
      expect(await ok.locator('[data-testid=link-note]').count(), good).toBe(0);
      expect(new URL(ok.url()).search, good).toBe(good);
      await ok.context().close();
    }
  });

  it("writes a scenario's late failure to load into no other scenario's panel, nor another tab", async () => {
    const page = await open('?lang=en', true);
    // The form of the e-Visa paper scenario is held back, then fails once the user has moved on.
    await page.evaluate(() => {
      (window as unknown as { __hold(m: { type: string; file?: string }): boolean }).__hold = (m) =>
        m.type === 'fields' && Boolean(m.file?.endsWith('/paper-evisa.yaml'));
    });
    const held = () => page.evaluate(() => (window as unknown as { __held(): string[] }).__held());
    const fail = (message: string) =>
      page.evaluate(
        (msg) => (window as unknown as { __fail(m: string): void }).__fail(msg),
        message,
      );
    await page.click('button[data-scenario=paper-evisa]');
    await eventually(held, (h) => expect(h).toEqual([expect.stringMatching(/^fields:/)]));
    // Another scenario: its own form, and the late failure is not written into it.
    await page.click('button[data-scenario=teaching-mmc]');
    await page.waitForSelector('[data-testid=run]');
    await fail('late failure one');
    await page.waitForTimeout(300);
    expect(await page.textContent('main')).not.toContain('late failure one');
    expect(await page.isVisible('[data-testid=run]')).toBe(true);
    // Another tab: the same.
    await page.click('button[data-scenario=paper-evisa]');
    await eventually(held, (h) => expect(h).toHaveLength(1));
    await page.click('nav a[data-view=lesson]');
    await page.waitForSelector('[data-testid=lesson]');
    await fail('late failure two');
    await page.waitForTimeout(300);
    expect(await page.textContent('main')).not.toContain('late failure two');
    // On its own panel, a failure is shown there.
    await page.goBack();
    await eventually(held, (h) => expect(h).toHaveLength(1));
    await fail('a failure seen');
    await eventually(
      () => page.textContent('#work [role=alert]'),
      (s) => expect(s).toContain('a failure seen'),
    );
    await page.context().close();
  });

  it("writes a scenario's late failed check into no other scenario's panel", async () => {
    const page = await open('?lang=en', true);
    await page.evaluate(() => {
      (window as unknown as { __hold(m: { type: string }): boolean }).__hold = (m) =>
        m.type === 'check';
    });
    const held = () => page.evaluate(() => (window as unknown as { __held(): string[] }).__held());
    await page.click('button[data-scenario=paper-evisa]');
    await page.waitForSelector('[data-testid=run]');
    await eventually(held, (h) => expect(h).toEqual([expect.stringMatching(/^check:/)]));
    await page.click('button[data-scenario=teaching-mmc]');
    await page.waitForSelector('[data-testid=run]');
    // Its check, and the e-Visa one, fail: the e-Visa one, late, is written nowhere.
    const shown = await page.evaluate(async () => {
      const w = window as unknown as { __fail(m: string, only: string): void };
      w.__fail('late check failure', '/paper-evisa.yaml');
      await new Promise((r) => setTimeout(r, 50));
      return document.querySelector('#errors')?.textContent ?? '';
    });
    expect(shown).not.toContain('late check failure');
    await page.context().close();
  });

  it("writes a run's late failure into no other scenario's panel (Back while it ran)", async () => {
    const page = await open('?lang=en', true);
    await page.click('button[data-scenario=paper-evisa]');
    await page.waitForSelector('[data-testid=run]');
    await page.click('button[data-scenario=teaching-mmc]');
    await page.waitForSelector('[data-testid=run]');
    await page.evaluate(() => {
      (window as unknown as { __hold(m: { type: string }): boolean }).__hold = (m) =>
        m.type === 'run';
    });
    const held = () => page.evaluate(() => (window as unknown as { __held(): string[] }).__held());
    await page.click('[data-testid=run]');
    await eventually(held, (h) => expect(h.length).toBeGreaterThan(0), 20_000);
    await page.goBack();
    await eventually(
      () => page.textContent('#work h2'),
      (s) => expect(s).toContain('e-Visa'),
    );
    await page.waitForSelector('[data-testid=run]');
    await page.evaluate(() => {
      const w = window as unknown as { __fail(m: string, only: string): void };
      w.__fail('late run failure', '/teaching-mmc.yaml');
    });
    // The run has ended (Run is back) and its failure is written into this panel nowhere.
    await eventually(
      () => page.isDisabled('[data-testid=run]'),
      (d) => expect(d).toBe(false),
    );
    await page.waitForTimeout(200);
    expect(await page.textContent('main')).not.toContain('late run failure');
    expect(await page.isHidden('#progress')).toBe(true);
    await page.context().close();
  });
});
