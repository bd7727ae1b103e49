/**
 * npx tsx scripts/lab-screenshots.ts — the README's screenshots of the Lab (docs/lab/*.png),
 * taken in headless Chromium from the built site (npm run build:lab).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startLabServer } from '../src/lab-server/static-site';

const ROOT = resolve(__dirname, '..');
const OUT = join(ROOT, 'docs', 'lab');

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const { server, url } = await startLabServer(0);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const context = await browser.newContext({
      viewport: { width: 1180, height: 760 },
      locale: 'en-GB',
      reducedMotion: 'reduce',
    });
    const page = await context.newPage();
    // Gallery and parameters.
    await page.goto(`${url}?lang=en&s=teaching-mmc`);
    await page.waitForSelector('[data-testid=run]');
    await page.screenshot({ path: join(OUT, 'gallery.png') });
    // A run, pinned, then an 11th officer: results and the paired difference.
    await page.fill('#f-replications', '5');
    await page.click('[data-testid=run]');
    await page.waitForSelector('[data-testid=result][data-elapsed-ms]');
    await page.click('#pin');
    await page.fill('#f-stations-desk-servers', '11');
    await page.evaluate(() =>
      document.querySelector('[data-testid=result]')?.removeAttribute('data-elapsed-ms'),
    );
    await page.click('[data-testid=run]');
    await page.waitForSelector('[data-testid=result][data-elapsed-ms]');
    await page.waitForSelector('[data-testid=compare-table]');
    await page.locator('[data-testid=compare]').scrollIntoViewIfNeeded();
    await page.evaluate(() => document.querySelector('[data-testid=compare]')?.scrollIntoView());
    await page.screenshot({ path: join(OUT, 'compare.png') });
    await page.evaluate(() =>
      document.querySelector('[data-testid=result] .cards')?.scrollIntoView(),
    );
    await page.screenshot({ path: join(OUT, 'results.png') });
    // The lesson, with simulated points.
    await page.goto(`${url}?lang=en&view=lesson&lambda=9&mu=1&c=10`);
    await page.waitForSelector('body[data-ready=true]');
    await page.selectOption('#sim-n', '5000');
    await page.click('[data-testid=simulate]');
    await page.waitForFunction(
      () => document.querySelector('#sim-status')?.textContent?.includes('×'),
      undefined,
      { timeout: 120_000 },
    );
    await page.screenshot({ path: join(OUT, 'lesson.png') });
    // The animated station, in Turkish, paused after a while.
    const tr = await browser.newContext({
      viewport: { width: 1180, height: 760 },
      locale: 'tr-TR',
      reducedMotion: 'reduce',
    });
    const p2 = await tr.newPage();
    await p2.goto(`${url}?view=station&lambda=9&mu=1&c=10`);
    await p2.waitForSelector('#play');
    for (let i = 0; i < 160; i++) await p2.click('#step');
    await p2.screenshot({ path: join(OUT, 'station-tr.png') });
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
