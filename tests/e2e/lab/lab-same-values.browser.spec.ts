/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * A metric every replication gave alike, in the Lab's results in headless Chromium (Debian's
 * /usr/bin/chromium, driven by playwright-core): marked beside the figure and named in the note
 * under the tables (its interval holds no spread between replications, which is not certainty), in English and Turkish,
 * while a figure that varies is not; the note names as many metrics as run's summary does, also in
 * a 375 px window. And the percentiles the Lab shows and downloads are the CLI's, pooled over the
 * replications (sectioning), to the same digits.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatCi, SAME_VALUES_MARK } from '../../../src/report/numbers';
import {
  downloadFile,
  eventually,
  hasText,
  RUN_BROWSER_TESTS,
  runCli,
  type RunMetrics,
  SHORT_RUN,
  useLab,
} from '../../helpers/lab-browser';

type Metrics = Record<
  string,
  RunMetrics['metrics'][string] & { sameInEveryReplication?: true; pooled?: true }
>;

const query = (name: string) =>
  `?lang=en&s=${name}${SHORT_RUN.map((s) => `&set=${encodeURIComponent(s)}`).join('')}`;

/** `run --json` of the scenario with the Lab's short run, before the page's work. */
function cliMetrics(name: string): Metrics {
  const ran = runCli(name, SHORT_RUN);
  expect(ran.status, ran.stderr).toBe(0);
  return (JSON.parse(ran.stdout) as { metrics: Metrics }).metrics;
}

/** Runs the panel and gives the metrics of its JSON download once the note is drawn. */
async function runLab(page: Page): Promise<Metrics> {
  await page.click('[data-testid=run]');
  await page.locator('[data-testid=same-values]').waitFor({ timeout: 30_000 });
  const download = await downloadFile(page, '#download-json');
  return (JSON.parse(download.text) as { metrics: Metrics }).metrics;
}

const sameKeys = (m: Metrics) => Object.keys(m).filter((k) => m[k].sameInEveryReplication);

describe.skipIf(!RUN_BROWSER_TESTS)(
  'metrics every replication gave alike, in the Lab in Chromium',
  () => {
    const lab = useLab();

    it("marks lost = 0 at one desk beside the figure and in the note, in English and Turkish, not a figure that varies, and shows the CLI's pooled percentiles", async () => {
      const name = 'teaching-mmc';
      const cli = cliMetrics(name);
      // The premise, from the CLI: nobody is lost (no capacity limit), arrivals and waits vary.
      expect(cli['totals.lost'].sameInEveryReplication).toBe(true);
      expect(cli['totals.arrivals'].sameInEveryReplication).toBeUndefined();
      expect(cli['stations.desk.wait.mean'].sameInEveryReplication).toBeUndefined();
      const page = await lab.open(query(name));
      const lab_ = await runLab(page);
      expect(sameKeys(lab_)).toEqual(sameKeys(cli));

      const mark = (metric: string) =>
        page.locator(`[data-metric="${metric}"] [data-testid=same-mark]`);
      const note = page.locator('[data-testid=same-values]');
      const check = async (said: { mark: string; note: string }) => {
        // Beside the figure: the lost card; not the arrivals card nor the desk's mean wait.
        await hasText(mark('totals.lost'), `(${said.mark})`);
        expect(await mark('totals.arrivals').count()).toBe(0);
        expect(await mark('stations.desk.wait.mean').count()).toBe(0);
        expect(await mark('stations.desk.wait.p90').count()).toBe(0);
        // Under the tables: the note, naming each metric alike as run's summary does, no other.
        await hasText(note, said.note);
        const named = await note.locator('[data-testid=same-keys] code').allTextContents();
        expect(named).toEqual(sameKeys(cli));
        expect(named).not.toContain('totals.arrivals');
      };
      await check({
        mark: SAME_VALUES_MARK,
        note: 'Every replication gave the same value, so the interval holds no spread between replications (a percentile’s only its quantile sketches’ 1% accuracy), which is not certainty',
      });

      // The percentiles by sectioning: the pooled percentile of all replications, as run --json
      // gives it, and the station table's p90 written as formatCi writes the CLI's. To 12 digits,
      // not to the bit: a replication's percentile from its sketch (Math.log, Math.pow) can differ
      // in the last bit between Chromium's engine and Node's.
      const near = (a: number, b: number, k: string) =>
        expect(Math.abs(a - b), `${k}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-12 * Math.abs(b));
      for (const k of [
        'stations.desk.wait.p50',
        'stations.desk.wait.p90',
        'stations.desk.wait.p99',
      ]) {
        expect(lab_[k].pooled, k).toBe(true);
        near(lab_[k].mean, cli[k].mean, k);
        near(lab_[k].halfWidth, cli[k].halfWidth, k);
        lab_[k].samples.forEach((x, i) => near(x, cli[k].samples[i], k));
      }
      // Pooled, not the average of the replications' own percentiles.
      const p99 = cli['stations.desk.wait.p99'];
      expect(p99.mean).not.toBeCloseTo((p99.samples[0] + p99.samples[1]) / 2, 6);
      const p90Cell = page.locator('[data-metric="stations.desk.wait.p90"]');
      const written = (locale: string) =>
        formatCi(cli['stations.desk.wait.p90'], 'value', 1, { locale, to: ' – ' });
      await eventually(
        () => p90Cell.textContent(),
        (v) => expect(v).toBe(written('en-GB')),
      );

      await page.click('[data-lang=tr]');
      await check({
        mark: 'tüm tekrarlar eşit',
        note: 'Her tekrar aynı değeri verdi; bu yüzden aralık tekrarlar arasında hiçbir yayılım içermiyor (bir yüzdelikte yalnızca nicelik çizelgelerinin %1 doğruluğu), ama bu kesinlik değildir',
      });
      await eventually(
        () => p90Cell.textContent(),
        (v) => expect(v).toBe(written('tr-TR')),
      );
      await page.context().close();
    }, 60_000);

    it('names the first 8 of many such metrics and how many more, as run does, without widening a 375 px page', async () => {
      // Payments has dozens (and a network of 249 missions thousands): not a wall of keys.
      const name = 'paper-payments';
      const cli = cliMetrics(name);
      const all = sameKeys(cli);
      expect(all.length).toBeGreaterThan(8);
      const page = await lab.open(query(name), {
        context: { viewport: { width: 375, height: 800 } },
      });
      await runLab(page);
      const note = page.locator('[data-testid=same-values]');
      // The metrics alike, the first 8 (the percentiles among them whose ± is the sketch's allowance
      // follow in a list of their own).
      expect(await note.locator('[data-testid=same-keys] code').allTextContents()).toEqual(
        all.slice(0, 8),
      );
      await hasText(
        note,
        `(${all.length - 8} more are marked sameInEveryReplication in the downloaded JSON)`,
      );
      await page.click('[data-lang=tr]');
      await hasText(
        note,
        `(indirilen JSON’da ${all.length - 8} tane daha sameInEveryReplication ile işaretli)`,
      );
      expect(await note.locator('[data-testid=same-keys] code').count()).toBe(8);
      // The note wraps in the window: the page does not scroll sideways for it.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        375,
      );
      const box = await note.boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(375);
      await page.context().close();
    }, 60_000);
  },
);
