/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The panel's field for a station's retrial rule and the retrial figures in the results, in
 * headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core): the rule checked by
 * the loader's own message in English and Turkish, the CLI line's `--set` that reproduces it,
 * the same numbers as that CLI line, and the figures named in both languages.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { RETRIAL_PROBABILITY_RULE } from '../../../src/sim/compile';
import { formatCi } from '../../../src/report/numbers';
import { eventually, RUN_BROWSER_TESTS, useLab } from '../../helpers/lab-browser';

const ROOT = resolve(__dirname, '../../..');
const BIN = join(ROOT, 'bin', 'consular-sim.js');

type Loc = ReturnType<Page['locator']>;
const hasText = (l: Loc, text: string) =>
  eventually(
    () => l.textContent(),
    (v) => expect(v ?? '').toContain(text),
  );

/** Types into a field key by key, as a user does. */
async function type(page: Page, selector: string, text: string): Promise<void> {
  await page.focus(selector);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
}

interface Metrics {
  metrics: Record<string, { mean: number; halfWidth: number; samples: number[] }>;
}

describe.skipIf(!RUN_BROWSER_TESTS)("a station's retrial rule in the Lab, in Chromium", () => {
  const lab = useLab();
  // A short run: two replications of two weeks, no warm-up.
  const SHORT = ['replications=2', 'horizon=2w', 'warmup=0'];
  const query = (name: string, set: string[]) =>
    `?lang=en&s=${name}${set.map((s) => `&set=${encodeURIComponent(s)}`).join('')}`;

  it("takes the rule with the loader's check in both languages, runs as the CLI line does, and shows what it did", async () => {
    const name = 'teaching-queue-retrial';
    const path = 'stations.desk.retrial';
    const rule = '{probability: 0.4, meanDelayMinutes: 20, maxRetries: 2}';
    const fromCli = new Promise<Metrics>((done, fail) =>
      execFile(
        process.execPath,
        [
          BIN,
          'run',
          `scenarios/${name}.yaml`,
          ...[...SHORT, `${path}=${rule}`].flatMap((s) => ['--set', s]),
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
    expect(await page.inputValue(input)).toBe(
      '{probability: 0.7, meanDelayMinutes: 30, maxRetries: 3}',
    );
    await type(page, input, '{probability: 1.5, meanDelayMinutes: 20}');
    const error = page.locator(`.field[data-path="${path}"] .err`);
    await hasText(error, `${path}.probability: ${RETRIAL_PROBABILITY_RULE}`);
    await page.click('[data-lang=tr]');
    await hasText(
      page.locator(`.field[data-path="${path}"] .err`),
      `${path}.probability: 0 ile 1 arasında bir sayı olmalı: burada kuyruğa girmeden giden`,
    );
    await hasText(page.locator(`.field[data-path="${path}"] label`), 'yeniden gelme kuralı');
    await page.click('[data-lang=en]');
    await type(page, input, rule);
    await hasText(page.locator('#cli-text'), `--set '${path}=${rule}'`);
    await eventually(
      () => page.locator('#errors').isHidden(),
      (hidden) => expect(hidden).toBe(true),
    );
    await page.click('[data-testid=run]');
    const table = page.locator('[data-testid=retrials-table]');
    await table.waitFor({ timeout: 60_000 });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#download-json'),
    ]);
    const got = JSON.parse(readFileSync((await download.path()) as string, 'utf8')) as Metrics & {
      set: string[];
    };
    expect(got.set).toContain(`${path}=${rule}`);
    const cli = await fromCli;
    expect(Object.keys(got.metrics).sort()).toEqual(Object.keys(cli.metrics).sort());
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
    // The figures, as the CLI's run gives them, each under its name with its CI.
    expect(cli.metrics['stations.desk.retrials'].mean).toBeGreaterThan(0);
    for (const k of ['balkedAttempts', 'retrials', 'balked', 'gaveUpAfterRetrial'])
      expect(await table.locator(`td[data-metric="stations.desk.${k}"]`).textContent(), k).toBe(
        formatCi(cli.metrics[`stations.desk.${k}`], 'count'),
      );
    await hasText(table.locator('thead'), 'came back (retrials)');
    await page.click('[data-lang=tr]');
    await hasText(page.locator('[data-testid=retrials-table] thead'), 'yeniden gelen');
    // A station where nobody can balk gets no retrial field, and its results no such table.
    const mmc = await lab.open(query('teaching-mmc', []));
    await mmc.locator('.field[data-path="stations.desk.servers"]').waitFor();
    expect(await mmc.locator(`.field[data-path="${path}"]`).count()).toBe(0);
    await page.context().close();
    await mmc.context().close();
  });
});
