/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import 'reflect-metadata';
/**
 * Stations and metrics by their names for people, with the CLI's keys beside them (a service
 * model's stations by the labels their model declares), and the
 * panel's field for a station's balking rule, in headless Chromium (Debian's /usr/bin/chromium,
 * driven by playwright-core): the rule checked by the loader's own message in English and
 * Turkish, the CLI line's `--set` that reproduces it, and the same numbers as that CLI line.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { getServiceModel } from '../../../src/experiment/models';
import { BALKING_PROBABILITY_RULE } from '../../../src/sim/compile';
import {
  downloadFile,
  eventually,
  RUN_BROWSER_TESTS,
  runAndWait as runLab,
  SHORT_RUN,
  useLab,
} from '../../helpers/lab-browser';

const ROOT = resolve(__dirname, '../../..');
const BIN = join(ROOT, 'bin', 'consular-sim.js');

type Loc = ReturnType<Page['locator']>;
const hasText = (l: Loc, text: string, timeout?: number) =>
  eventually(
    () => l.textContent(),
    (v) => expect(v ?? '').toContain(text),
    timeout,
  );

/** Types into a field key by key, as a user does. */
async function type(page: Page, selector: string, text: string): Promise<void> {
  await page.focus(selector);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
}

const runAndWait = (page: Page) => runLab(page, { timeout: 60_000 });

/** A scenario file's station label, English and Turkish, as the file gives them. */
function labelsIn(file: string, id: string): { en: string; tr: string } {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const en = new RegExp(`\\n  ${id}:\\n    label: (.+)\\n`).exec(text)?.[1];
  const tr = new RegExp(`\\n    stations:\\n(?: {6}.*\\n)*? {6}${id}: "(.+)"\\n`).exec(text)?.[1];
  expect(en && tr, `${file}: ${id} has a label in both languages`).toBeTruthy();
  return { en: en as string, tr: tr as string };
}

describe.skipIf(!RUN_BROWSER_TESTS)('names for people, keys beside them, in Chromium', () => {
  const lab = useLab();
  const SHORT = SHORT_RUN;
  const query = (name: string, set: readonly string[], lang = 'en') =>
    `?lang=${lang}&s=${name}${set.map((s) => `&set=${encodeURIComponent(s)}`).join('')}`;

  it("shows a station by its label and a metric in words, each with the CLI's key beside it", async () => {
    const desk = labelsIn('scenarios/teaching-mmc.yaml', 'desk');
    const page = await lab.open(query('teaching-mmc', SHORT));
    const field = page.locator('.field[data-path="stations.desk.servers"] label');
    await hasText(field, desk.en);
    expect(await field.locator('code.raw-id').textContent()).toBe('desk');
    await runAndWait(page);
    const row = page.locator('tr[data-station=desk] th');
    expect(await row.locator('.label').textContent()).toBe(desk.en);
    expect(await row.locator('.label').getAttribute('title')).toBeNull();
    expect(await row.locator('code.raw-id').textContent()).toBe('desk');
    await hasText(page.locator('figure[data-chart=queue] .chart-title'), `${desk.en} (desk)`);
    // The comparison: pin, run again, each metric in words with its key as code.
    await page.click('#pin');
    await runAndWait(page);
    const wait = page.locator('tr[data-metric="stations.desk.wait.mean"] th');
    await hasText(wait, `${desk.en}: mean wait`);
    expect(await wait.locator('code.raw-id').textContent()).toBe('stations.desk.wait.mean');
    const arrivals = page.locator('tr[data-metric="totals.completed"] th .label');
    expect(await arrivals.textContent()).toBe('completed');
    // In Turkish: the file's Turkish label, the key as it was.
    await page.click('[data-lang=tr]');
    await hasText(page.locator('tr[data-station=desk] th .label'), desk.tr);
    expect(await page.locator('tr[data-station=desk] th code.raw-id').textContent()).toBe('desk');
    await hasText(page.locator('.field[data-path="stations.desk.servers"] label .label'), desk.tr);
    await page.context().close();
  });

  it('shows the stations a service model builds by the labels it declares, in both languages', async () => {
    const model = getServiceModel('payments');
    const page = await lab.open(query('paper-payments', ['replications=1', 'horizon=1d']));
    await runAndWait(page);
    const rows = page.locator('tr[data-station]');
    expect(await rows.count()).toBeGreaterThan(0);
    const ids = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-station')!));
    for (const id of ids) {
      const label = model.stationLabel?.(id);
      expect(label, `payments declares a label for ${id}`).toBeDefined();
      const th = page.locator(`tr[data-station="${id}"] th`);
      expect(await th.locator('.label').textContent()).toBe(label!.en);
      expect(await th.locator('code.raw-id').textContent()).toBe(id);
    }
    // The chart's station picker: the label with the id in brackets.
    const options = await page
      .locator('select option')
      .evaluateAll((os) => os.map((o) => o.textContent ?? ''));
    expect(options).toContain(`${model.stationLabel!(ids[0])!.en} (${ids[0]})`);
    await page.click('[data-lang=tr]');
    for (const id of ids)
      await hasText(
        page.locator(`tr[data-station="${id}"] th .label`),
        model.stationLabel!(id)!.tr,
      );
    expect(await page.locator(`tr[data-station="${ids[0]}"] th code.raw-id`).textContent()).toBe(
      ids[0],
    );
    await page.context().close();
  });

  it("names a derived figure by its model's description, its key beside it", async () => {
    const page = await lab.open(query('paper-hizir', ['replications=1', 'horizon=1d']));
    await runAndWait(page);
    // The figures the run produced (Hızır's questions asked, an input, are listed before them).
    const rows = page.locator('[data-testid="derived-figures"] tr[data-metric^="derived."]');
    expect(await rows.count()).toBeGreaterThan(0);
    const first = rows.first();
    const key = (await first.getAttribute('data-metric')) as string;
    const label = (await first.locator('th .label').textContent()) ?? '';
    expect(label.length).toBeGreaterThan(0);
    expect(label).not.toContain(key.slice('derived.'.length));
    expect(await first.locator('th code.raw-id').textContent()).toBe(key.slice('derived.'.length));
    await page.context().close();
  });

  it('lists the inputs a model repeats apart from the figures derived from the run, in both languages', async () => {
    // The Diplomatic Portal's missions list and areas (config/) and its requests are inputs.
    const page = await lab.open(
      query('paper-diplomatic-portal', ['replications=1', 'params.demandFactor=0.05']),
    );
    await runAndWait(page);
    const keys = (section: string) =>
      page
        .locator(`[data-testid="${section}"] tr[data-metric]`)
        .evaluateAll((rs) => rs.map((r) => r.getAttribute('data-metric')));
    const inputs = ['diplomats', 'missions', 'serviceAreas', 'requests'].map((n) => `derived.${n}`);
    expect(await keys('input-figures')).toEqual(inputs);
    const derived = await keys('derived-figures');
    expect(derived).toContain('derived.officerHoursSaved');
    for (const k of inputs) expect(derived).not.toContain(k);
    expect(await page.locator('[data-testid="input-figures"] caption').textContent()).toBe(
      'Inputs (set by the scenario, not simulated)',
    );
    await page.click('[data-lang=tr]');
    await hasText(
      page.locator('[data-testid="input-figures"] caption'),
      'Girdiler (senaryonun belirlediği, simüle edilmeyen)',
    );
    await page.context().close();
  });

  it('compares the inputs apart, under their heading and never marked, the derived figures marked as before', async () => {
    // Hızır's questions asked (kind input) follow the demand typed; what the bot answered is derived.
    const page = await lab.open(query('paper-hizir', ['replications=2', 'horizon=1d']));
    await runAndWait(page);
    await page.click('#pin');
    await type(page, '#f-params-questionsPerDay', '6000');
    await runAndWait(page);
    const inputs = page.locator('[data-testid="compare-inputs"]');
    await hasText(inputs.locator('caption'), 'Inputs (set by the scenario, not simulated)');
    const questions = inputs.locator('tr[data-metric="derived.questions"]');
    expect(await questions.count()).toBe(1);
    // The run doubled them (3,000 to about 6,000 a day): a difference, shown, not judged.
    const diff = await questions.locator('td.num').nth(2).textContent();
    expect(Number((diff ?? '').replace(/[^0-9.]/g, ''))).toBeGreaterThan(2000);
    expect(await questions.textContent()).not.toContain('●');
    expect(await questions.locator('.sig').count()).toBe(0);
    const derived = page.locator('[data-testid="compare-table"]');
    expect(await derived.locator('tr[data-metric="derived.questions"]').count()).toBe(0);
    const bot = derived.locator('tr[data-metric="derived.answeredByBot"]');
    expect(await bot.locator('td.sig').count()).toBe(1);
    expect(await bot.textContent()).toContain('●');
    await page.click('[data-lang=tr]');
    await hasText(inputs.locator('caption'), 'Girdiler (senaryonun belirlediği, simüle edilmeyen)');
    await page.context().close();
  });

  it("takes a station's balking rule with the loader's check, in both languages, and runs as the CLI line does", async () => {
    const name = 'teaching-queue-balking';
    const path = 'stations.desk.balking.probabilities';
    const fromCli = new Promise<{ metrics: Record<string, { samples: number[] }> }>((done, fail) =>
      execFile(
        process.execPath,
        [
          BIN,
          'run',
          `scenarios/${name}.yaml`,
          ...[...SHORT, `${path}=[0, 0.5]`].flatMap((s) => ['--set', s]),
          '--json',
        ],
        { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
        (err, stdout, stderr) =>
          err ? fail(new Error(stderr || err.message)) : done(JSON.parse(stdout)),
      ),
    );
    const page = await lab.open(query(name, SHORT));
    const input = `#f-${path.replace(/\./g, '-')}`;
    // The file's rule, as written.
    expect(await page.inputValue(input)).toBe('[0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]');
    const error = page.locator(`.field[data-path="${path}"] .err`);
    await type(page, input, '[0, 1.5]');
    await hasText(error, `${path}.1: ${BALKING_PROBABILITY_RULE}`);
    await hasText(page.locator('#errors'), `${path}[1]: ${BALKING_PROBABILITY_RULE}`);
    await page.click('[data-lang=tr]');
    await hasText(
      page.locator(`.field[data-path="${path}"] .err`),
      `${path}.1: 0 ile 1 arasında bir sayı olmalı`,
    );
    await page.click('[data-lang=en]');
    await type(page, input, '[0, 0.5]');
    await hasText(page.locator('#cli-text'), `--set '${path}=[0, 0.5]'`);
    await eventually(
      () => page.locator('#errors').isHidden(),
      (hidden) => expect(hidden).toBe(true),
    );
    await runAndWait(page);
    const download = await downloadFile(page, '#download-json');
    const got = JSON.parse(download.text) as {
      set: string[];
      metrics: Record<string, { samples: number[] }>;
    };
    expect(got.set).toContain(`${path}=[0, 0.5]`);
    const cli = await fromCli;
    expect(Object.keys(got.metrics).sort()).toEqual(Object.keys(cli.metrics).sort());
    expect(cli.metrics['stations.desk.balkedByChoice']).toBeDefined();
    for (const [k, v] of Object.entries(cli.metrics))
      v.samples.forEach((x, i) => {
        const y = got.metrics[k].samples[i];
        // As lab.browser.spec.ts: counts equal, floats within V8's last-bit differences.
        if (x === null || Number.isInteger(x)) expect(y, `${k}[${i}]`).toBe(x);
        else
          expect(Math.abs(y - x), `${k}[${i}]`).toBeLessThanOrEqual(
            Math.max(Math.abs(x), 1) * 1e-12,
          );
      });
    // A station without a rule has an empty field: none is set until one is typed.
    const mmc = await lab.open(query('teaching-mmc', []));
    expect(await mmc.inputValue(input)).toBe('');
    await page.context().close();
    await mmc.context().close();
  });
});
