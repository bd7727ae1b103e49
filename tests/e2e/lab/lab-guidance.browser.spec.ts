/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * What the Lab tells a student before and around a run, in headless Chromium (Debian's
 * /usr/bin/chromium, driven by playwright-core): every parameter of every shipped scenario named
 * in words with its unit, in English and Turkish; every scenario's title and description in
 * Turkish; the estimated size and time of a run, and a question before a long one; a warning
 * on reload or close only while a run is under way or pinned; and a copied link that does not outlive a
 * change to the form.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, type Dialog, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  eventually,
  runAndWait,
  RUN_BROWSER_TESTS,
  SHORT_RUN,
  startLab,
  type LabSession,
} from '../../helpers/lab-browser';

const ROOT = resolve(__dirname, '../../..');
const RUN = RUN_BROWSER_TESTS;
/** Every shipped scenario: its name and the Turkish its file gives. */
const SCENARIOS = readdirSync(join(ROOT, 'scenarios'))
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => {
    const doc = parse(readFileSync(join(ROOT, 'scenarios', f), 'utf8')) as {
      name: string;
      title: string;
      translations?: { tr?: { title?: string; description?: string } };
    };
    return { name: doc.name, title: doc.title, tr: doc.translations?.tr };
  });

/** The fields every scenario has, labelled by the page itself (not by the model). */
const RUN_FIELDS = new Set(['horizon', 'warmup', 'replications', 'seed']);

describe.skipIf(!RUN)('the Lab guides a student, in Chromium', () => {
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

  async function open(query: string, init?: () => void): Promise<Page> {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    if (init) await page.addInitScript(init);
    page.on('pageerror', (e) => pageErrors.push(`${query}: ${e.message}`));
    await page.goto(`${base}${query}`);
    await page.waitForSelector('body[data-ready=true]', { timeout: 20_000 });
    return page;
  }

  /** The panel's labels of the scenario picked in the gallery, by field path. */
  async function labels(page: Page, name: string): Promise<Record<string, string>> {
    await page.click(`button[data-scenario="${name}"]`);
    await page.waitForSelector('[data-testid=run]', { timeout: 20_000 });
    return page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll<HTMLElement>('.field')].map((f) => [
          f.dataset.path ?? '',
          f.querySelector('label')?.textContent?.trim() ?? '',
        ]),
      ),
    );
  }

  it('names every parameter of every shipped scenario in words with its unit, in English and Turkish', async () => {
    const page = await open('?lang=en');
    const raw: string[] = [];
    const english: Record<string, Record<string, string>> = {};
    for (const lang of ['en', 'tr'] as const) {
      if (lang === 'tr') await page.click('button[data-lang=tr]');
      for (const { name } of SCENARIOS) {
        const shown = await labels(page, name);
        if (lang === 'en') english[name] = shown;
        for (const [path, label] of Object.entries(shown)) {
          if (RUN_FIELDS.has(path)) continue;
          const key = path.split('.').at(-1) ?? path;
          // A key as the YAML spells it (counterShare, officersPerMission) is not a label.
          const camel = /\b[a-z]+[A-Z][A-Za-z]*\b/.test(label);
          const bare = label === key || label === path.replace(/^params\./, '');
          // A model's parameter says its unit, in brackets after its name.
          const unitless = path.startsWith('params.') && !/\(.+\)$/.test(label);
          // In Turkish a model's parameter is named in Turkish, not in the English words.
          const untranslated =
            lang === 'tr' && path.startsWith('params.') && label === english[name][path];
          if (camel || bare || unitless || untranslated)
            raw.push(`${lang} ${name} ${path}: "${label}"`);
        }
      }
    }
    expect(raw).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('gives every shipped scenario its title and description in Turkish, from the scenario file', async () => {
    const missing = SCENARIOS.filter((s) => !s.tr?.title || !s.tr.description).map((s) => s.name);
    expect(missing).toEqual([]);
    const page = await open('?lang=tr');
    const titles = await page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll<HTMLElement>('button.scenario')].map((b) => [
          b.dataset.scenario ?? '',
          b.querySelector('.s-title')?.textContent ?? '',
        ]),
      ),
    );
    for (const s of SCENARIOS) expect(titles[s.name], s.name).toBe(s.tr?.title);
    // The panel too, and back in English by the switch.
    await page.click('button[data-scenario=teaching-mmc]');
    const mmc = SCENARIOS.find((s) => s.name === 'teaching-mmc');
    await eventually(
      () => page.locator('#work h2').textContent(),
      (v) => expect(v).toBe(mmc?.tr?.title),
    );
    // Its text, the backticks of `inline code` aside (shown as <code>: lab.browser.spec.ts).
    expect((await page.locator('#work .desc').textContent())?.replace(/\s+/g, ' ')).toBe(
      mmc?.tr?.description?.trim().replace(/`/g, '').replace(/\s+/g, ' '),
    );
    await page.click('button[data-lang=en]');
    await eventually(
      () => page.locator('#work h2').textContent(),
      (v) => expect(v).toBe(mmc?.title),
    );
    await page.context().close();
  });

  it('estimates a run before it starts, and asks before a long one', async () => {
    const countRuns = () => {
      const w = window as unknown as { runsPosted: number };
      w.runsPosted = 0;
      const post = Worker.prototype.postMessage;
      Worker.prototype.postMessage = function (this: Worker, ...args: unknown[]) {
        if ((args[0] as { type?: string } | undefined)?.type === 'run') w.runsPosted++;
        return (post as (...a: unknown[]) => void).apply(this, args);
      };
    };
    const runsPosted = (page: Page) =>
      page.evaluate(() => (window as unknown as { runsPosted: number }).runsPosted);
    const page = await open('?lang=en&s=teaching-mmc', countRuns);
    const estimate = page.locator('#estimate');
    // 9 an hour for 52 weeks (78,624 expected arrivals) in each of 10 replications.
    await eventually(
      () => estimate.textContent(),
      (v) => {
        expect(v).toContain('about 786,240 arrivals to simulate (78,624 per replication × 10)');
        expect(v).toMatch(/estimated time in this browser: (under a second|about \d+ s)\./);
        expect(v).toContain('Only an estimate');
      },
      20_000,
    );
    expect(await estimate.getAttribute('class')).not.toContain('long');

    // 100 times the horizon and 100 times the replications: hours of a busy tab.
    await page.fill('#f-horizon', '5200w');
    await page.fill('#f-replications', '1000');
    await eventually(
      () => estimate.textContent(),
      (v) => {
        expect(v).toContain('about 7,862,400,000 arrivals to simulate');
        expect(v).toContain('Run will ask you to confirm');
      },
    );
    expect(await estimate.getAttribute('class')).toContain('long');
    const asked: string[] = [];
    const answer = (accept: boolean) => (d: Dialog) => {
      asked.push(d.message());
      void (accept ? d.accept() : d.dismiss());
    };
    const no = answer(false);
    page.on('dialog', no);
    await page.click('[data-testid=run]');
    await eventually(
      async () => asked.length,
      (n) => expect(n).toBe(1),
    );
    expect(asked[0]).toMatch(/estimated to take about [\d.,]+ (h|min) in this browser/);
    expect(asked[0]).toContain('only an estimate');
    await eventually(
      () => page.locator('[data-testid=run]').isEnabled(),
      (v) => expect(v).toBe(true),
    );
    expect(await runsPosted(page)).toBe(0);
    expect(await page.locator('#cancel').isHidden()).toBe(true);
    page.off('dialog', no);

    // Said yes to, it runs (and is cancelled here).
    page.on('dialog', answer(true));
    await page.click('[data-testid=run]');
    await page.waitForSelector('#cancel:not([hidden])');
    expect(await runsPosted(page)).toBeGreaterThan(0);
    expect(asked).toHaveLength(2);
    await page.click('#cancel');
    await page.waitForSelector('[data-testid=run]:not([disabled])');

    // A short run is not asked about; once run, the estimate rests on this scenario's own run.
    await page.click('#reset');
    await page.click('[data-testid=run]');
    await page.waitForSelector('[data-testid=result] .run-meta', { timeout: 30_000 });
    expect(asked).toHaveLength(2);
    await eventually(
      () => estimate.textContent(),
      (v) => expect(v).toContain('Based on your last run of this scenario here'),
    );
    await page.context().close();
  }, 60_000);

  it('draws the estimate again in the new language when the language is switched during a run', async () => {
    // The panel is drawn anew and its check waits behind the run's replications: the estimate
    // (and the YAML) were blank until the run ended.
    const page = await open('?lang=en&s=teaching-mmc&set=replications%3D400');
    // Yes to a question about the run's length (on a slow machine).
    page.on('dialog', (d) => void d.accept());
    const estimate = page.locator('#estimate');
    await eventually(
      () => estimate.textContent(),
      (v) => expect(v).toContain('arrivals to simulate'),
      20_000,
    );
    await page.click('[data-testid=run]');
    await page.waitForSelector('#cancel:not([hidden])');
    await page.click('button[data-lang=tr]');
    await eventually(
      async () => ((await estimate.isVisible()) ? await estimate.textContent() : ''),
      (v) => expect(v).toMatch(/^Tahmini büyüklük: benzetilecek yaklaşık [\d.]+ geliş/),
    );
    expect(await page.textContent('#yaml-text')).toContain('teaching-mmc');
    // Still under way: drawn by the switch, not by the run's end.
    expect(await page.locator('#cancel').isVisible()).toBe(true);
    expect(await page.locator('[data-testid=run]').isDisabled()).toBe(true);
    await page.click('#cancel');
    await page.waitForSelector('[data-testid=run]:not([disabled])');
    await page.context().close();
  }, 60_000);

  it('asks before a reload or close throws a run away, and only while one is under way', async () => {
    const page = await open('?lang=en&s=teaching-mmc&set=replications%3D400');
    const unloads: string[] = [];
    page.on('dialog', (d) => {
      // Yes to a question about the run's length (on a slow machine), no to leaving the page.
      if (d.type() === 'confirm') return void d.accept();
      unloads.push(d.type());
      void d.dismiss();
    });
    await page.waitForSelector('[data-testid=run]');
    // Nothing running: a reload is not held up.
    await page.reload();
    await page.waitForSelector('[data-testid=run]');
    expect(unloads).toEqual([]);
    await page.click('[data-testid=run]');
    await page.waitForSelector('#cancel:not([hidden])');
    // Dismissed, the reload does not happen: the run goes on.
    await page.reload({ timeout: 3_000 }).catch(() => undefined);
    expect(unloads).toEqual(['beforeunload']);
    expect(await page.locator('#cancel').isVisible()).toBe(true);
    await page.click('#cancel');
    await page.waitForSelector('[data-testid=run]:not([disabled])');
    await page.reload();
    await page.waitForSelector('[data-testid=run]');
    expect(unloads).toEqual(['beforeunload']);
    await page.context().close();
  }, 60_000);

  it('asks before a reload or close throws a pinned run away, and not once it is unpinned', async () => {
    // The pin is not in the URL: a reload would lose it without a word.
    const page = await open(
      `?lang=en&s=teaching-mmc${SHORT_RUN.map((x) => `&set=${encodeURIComponent(x)}`).join('')}`,
    );
    const unloads: string[] = [];
    page.on('dialog', (d) => {
      if (d.type() === 'confirm') return void d.accept();
      unloads.push(d.type());
      void d.dismiss();
    });
    await runAndWait(page);
    await page.click('#pin');
    await page.waitForSelector('[data-testid=pinned]');
    // Dismissed, the reload does not happen: the pin stays.
    await page.reload({ timeout: 3_000 }).catch(() => undefined);
    expect(unloads).toEqual(['beforeunload']);
    expect(await page.locator('[data-testid=pinned]').count()).toBe(1);
    await page.click('#unpin');
    await page.reload();
    await page.waitForSelector('[data-testid=run]');
    expect(unloads).toEqual(['beforeunload']);
    await page.context().close();
  }, 60_000);

  it('Copy link: "Link copied." goes when the form changes; a link shown by hand follows it', async () => {
    const page = await open('?lang=en&s=teaching-mmc');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    const button = page.locator('#copy-link');
    await page.waitForSelector('#f-stations-desk-servers');
    await page.click('#copy-link');
    await eventually(
      () => button.textContent(),
      (v) => expect(v).toBe('Link copied.'),
    );
    await page.fill('#f-stations-desk-servers', '12');
    await eventually(
      () => button.textContent(),
      (v) => expect(v).toBe('Copy link to this setup'),
    );
    await page.context().close();

    // No clipboard (plain http on a classroom network): the link shown to copy is this setup's.
    const bare = await open('?lang=en&s=teaching-mmc', () => {
      Object.defineProperty(navigator, 'clipboard', { value: undefined });
    });
    await bare.waitForSelector('#f-stations-desk-servers');
    await bare.click('#copy-link');
    await bare.waitForSelector('#link-text', { state: 'visible' });
    expect(await bare.inputValue('#link-text')).not.toContain('servers');
    await bare.fill('#f-stations-desk-servers', '12');
    await eventually(
      () => bare.inputValue('#link-text'),
      (v) => expect(v).toContain('set=stations.desk.servers%3D12'),
    );
    await bare.context().close();
  });

  it('raised no error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
