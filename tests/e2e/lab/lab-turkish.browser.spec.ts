/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The Lab in Turkish says nothing in English, in headless Chromium: on every screen a Turkish
 * teacher goes through (the gallery, a run with its derived figures, a comparison, an invalid
 * value, the lesson, the animated station) no English text of the Lab's own catalogue is shown
 * — its labels (lab/src/i18n.ts), the units of parameters, every model's derived figures and
 * parameter names, the scenarios' titles, questions and assumptions with their sources — in the
 * page's text, its tooltips and its charts' titles. The list is built from the English catalogue
 * itself, so a label added later is covered too. Code (YAML, the command line, metric keys) and
 * text marked English (`lang="en"`: the CLI's own message where its rule has no Turkish) are not
 * translated and are left out; the scenarios' assumptions and the error box's message, which
 * have Turkish, are not so marked. Numbers are the Turkish way (1.000, not 1,000) on the axes.
 */
import 'reflect-metadata';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DICTIONARIES, setLang, unitText } from '../../../lab/src/i18n';
import { getServiceModel, serviceModelIds } from '../../../src/experiment/models';
import { PARAM_UNITS } from '../../../src/scenario/service-model';
import { CHROMIUM, RUN_BROWSER_TESTS, runAndWait, useLab } from '../../helpers/lab-browser';

if (!RUN_BROWSER_TESTS) console.warn(`lab-turkish.browser.spec.ts skipped: ${CHROMIUM} not found.`);

const ROOT = resolve(__dirname, '../../..');

/** The English catalogue and the Turkish one, text for text (`en[i]` is `tr[i]` in English). */
function catalogues(): { en: string[]; tr: string[] } {
  const en: string[] = [];
  const tr: string[] = [];
  for (const key of Object.keys(DICTIONARIES.en) as (keyof typeof DICTIONARIES.en)[]) {
    en.push(DICTIONARIES.en[key]);
    tr.push(DICTIONARIES.tr[key]);
  }
  for (const lang of ['en', 'tr'] as const) {
    setLang(lang);
    (lang === 'en' ? en : tr).push(...PARAM_UNITS.map((u) => unitText(u)));
  }
  setLang('en');
  for (const id of serviceModelIds()) {
    const model = getServiceModel(id);
    for (const [name, f] of Object.entries(model.figures ?? {})) {
      en.push(f.description, f.unit);
      const said = model.figuresTr?.[name];
      tr.push(said?.description ?? '', said?.unit ?? '');
    }
    for (const label of Object.values(model.paramLabels ?? {})) {
      en.push(label.en);
      tr.push(label.tr);
    }
  }
  for (const file of readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml'))) {
    const doc = parse(readFileSync(join(ROOT, 'scenarios', file), 'utf8')) as {
      title: string;
      question?: string;
      assumptions?: { text: string; source?: string }[];
      translations?: {
        tr?: {
          title?: string;
          question?: string;
          assumptions?: { text: string; source?: string }[];
        };
      };
    };
    en.push(doc.title, doc.question ?? '');
    const t = doc.translations?.tr;
    tr.push(t?.title ?? '', t?.question ?? '');
    // Each assumption and its source (a source that is one word, `assumption`, as well).
    (doc.assumptions ?? []).forEach((a, i) => {
      en.push(a.text, a.source ?? '');
      tr.push(t?.assumptions?.[i]?.text ?? '', t?.assumptions?.[i]?.source ?? '');
    });
  }
  return { en, tr };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A phrase as words of a sentence, not as part of a name: `servers` in `stations.desk.servers`
 * or `day` in `paper-evisa-peak-day.yaml` is an identifier, written as the files write it.
 */
const wordsOf = (phrase: string) =>
  new RegExp(`(?<![\\p{L}\\d_./-])${escape(phrase)}(?![\\p{L}\\d_/-]|\\.[\\p{L}\\d])`, 'u');

/**
 * The English phrases to look for: each catalogue text cut at its placeholders (`{station}`),
 * trimmed of punctuation, with letters in it; less a text both languages write alike (USD,
 * Erlang C, ms), which is not English.
 */
function englishPhrases(): string[] {
  const { en, tr } = catalogues();
  const alike = new Set(en.filter((text, i) => text === tr[i]));
  const out = new Set<string>();
  for (const text of en) {
    if (alike.has(text)) continue;
    for (const piece of text.split(/\{\w+\}/)) {
      const phrase = piece.replace(/^[\s\p{P}\p{S}\d]+|[\s\p{P}\p{S}\d]+$/gu, '');
      if (/[A-Za-z]{2}/.test(phrase) && !alike.has(phrase)) out.add(phrase);
    }
  }
  return [...out];
}

/**
 * What the page says, less code and text marked English: its text (hidden parts included, as
 * they are shown later), every tooltip, accessible name and placeholder.
 */
async function said(page: Page): Promise<string> {
  return page.evaluate(() => {
    const body = document.body.cloneNode(true) as HTMLElement;
    body
      .querySelectorAll('code, pre, script, style, [lang=en], select#station-pick')
      .forEach((e) => e.remove());
    const attrs = [...body.querySelectorAll('[title], [aria-label], [placeholder], [alt]')].map(
      (e) =>
        ['title', 'aria-label', 'placeholder', 'alt']
          .map((a) => e.getAttribute(a) ?? '')
          .join('\n'),
    );
    // Text nodes apart, so that two elements' words do not run into one.
    const texts: string[] = [];
    const walk = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) texts.push(n.textContent ?? '');
    return [...texts, ...attrs].join('\n');
  });
}

describe.runIf(RUN_BROWSER_TESTS)('the Lab in Turkish, in Chromium', () => {
  const lab = useLab();
  const phrases = englishPhrases();
  const english = (text: string) => phrases.filter((p) => wordsOf(p).test(text));

  it('builds its list of English phrases from the catalogue (and would see them)', () => {
    // The derived figures' English words, a unit and a label are in the list, and are seen.
    expect(phrases).toEqual(
      expect.arrayContaining([
        'e-visas issued',
        'applications',
        'Run',
        'mean wait',
        // A scenario's assumption and its source.
        'Service times are exponential with a mean of 60 minutes',
        'assumption',
      ]),
    );
    expect(english('rakam: e-visas issued (applications)').sort()).toEqual([
      'applications',
      'e-visas issued',
    ]);
    expect(english('verilen e-vizeler (başvuru)')).toEqual([]);
    expect(phrases.length).toBeGreaterThan(300);
  });

  const run = (page: Page) => runAndWait(page, { timeout: 60_000 });

  it('shows no English text of its catalogue on any screen, and writes numbers the Turkish way', async () => {
    const found: Record<string, string[]> = {};
    const look = async (page: Page, screen: string) => {
      const text = await said(page);
      // Each phrase with the words around it, to find it on the page.
      const hits = english(text).map((p) => {
        const at = wordsOf(p).exec(text);
        return `${p}: ${JSON.stringify(text.slice(Math.max(0, (at?.index ?? 0) - 60), (at?.index ?? 0) + p.length + 60))}`;
      });
      if (hits.length) found[screen] = hits;
    };
    const page = await lab.open('?lang=tr', { context: { locale: 'tr-TR' } });
    await look(page, 'gallery');

    // A run with derived figures, its charts and a warning at capacity.
    await page.click('button[data-scenario=whatif-evisa-demand-x2]');
    await page.waitForSelector('#f-replications');
    await page.fill('#f-replications', '2');
    await run(page);
    // Drawn: the figures in words (a derived figure's description, its key beside it), the charts.
    await page.waitForSelector('[data-testid=result] th .label + code.raw-id');
    await page.waitForSelector('[data-testid=result] svg .axis text');
    await look(page, 'e-visa results');
    // The axes' numbers as Turkish writes them: 20.000, not 20,000.
    const ticks = await page.$$eval('[data-testid=result] svg .axis text', (els) =>
      els.map((e) => e.textContent ?? ''),
    );
    expect(ticks.some((x) => /^\d{1,3}(\.\d{3})+$/.test(x))).toBe(true);
    expect(ticks.filter((x) => /^[1-9]\d{0,2}(,\d{3})+$/.test(x))).toEqual([]);

    // A comparison, and a value the loader refuses.
    await page.click('button[data-scenario=teaching-mmc]');
    await page.waitForSelector('#f-stations-desk-servers');
    await page.fill('#f-replications', '2');
    await page.fill('#f-horizon', '8w');
    await run(page);
    await page.click('#pin');
    await page.fill('#f-stations-desk-servers', '11');
    await run(page);
    await page.waitForSelector('[data-testid=compare-table]');
    await look(page, 'comparison');
    // The assumptions in Turkish, not marked English (a screen reader reads them as Turkish).
    expect(await page.locator('[data-testid=result] details ul li').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=result] details ul[lang=en]').count()).toBe(0);
    await page.fill('#f-stations-desk-servers', 'abc');
    await page.waitForSelector('#errors:not([hidden])');
    await look(page, 'invalid value');
    // The error box says it all in Turkish but the file and the field's path: no English rule
    // (the CLI's message) left in it, marked English or not.
    const lines = await page.$$eval('#errors li', (els) => els.map((e) => e.textContent ?? ''));
    expect(lines.length).toBeGreaterThan(0);
    const rest = lines.map((l) => l.replace('scenarios/teaching-mmc.yaml: ', ''));
    expect(rest).toEqual([expect.stringMatching(/^stations\.desk\.servers: /)]);
    const englishWords =
      /(?<!\p{L})(must|be|is|or|and|of|the|a|an|number|whole|more|than|required|from|to)(?!\p{L})/u;
    for (const l of rest)
      expect(l.replace(/^stations\.desk\.servers: /, '')).not.toMatch(englishWords);
    expect(await page.locator('#errors [lang=en]').count()).toBe(0);

    await page.click('nav a[data-view=lesson]');
    await page.waitForSelector('[data-testid=lesson]');
    // Simulated points, with their tooltips, at the smallest size.
    await page.selectOption('#sim-n', '5000');
    await page.click('[data-testid=simulate]');
    await page.waitForFunction(
      () => !document.querySelector('[data-testid=simulate]')?.hasAttribute('aria-disabled'),
      undefined,
      { timeout: 60_000 },
    );
    expect(await page.locator('[data-chart=erlang-curve] circle title').count()).toBeGreaterThan(0);
    await look(page, 'lesson');
    await page.click('nav a[data-view=station]');
    await page.waitForSelector('#play');
    await look(page, 'station');
    expect(found).toEqual({});
    await page.context().close();
  }, 120_000);
});
