#!/usr/bin/env node
/**
 * Measures the HTML report of a one-year Konsolosluk.NET run: its size, and the time
 * headless Chromium takes from navigation to every chart drawn (median of 5 loads).
 * Budgets (issue "Reports people would rather look at"): under 5 MB, under 2 s.
 *
 *   npm run build && node scripts/report-bench.cjs [scenario.yaml] [out-dir]
 *
 * Runs the compiled code in dist/ (the scenario schema needs decorator metadata, which tsx
 * does not emit) and Debian's /usr/bin/chromium through playwright-core (never a download).
 */
/* global require, process, __dirname, performance, document */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS script over dist/ */
'use strict';
require('reflect-metadata');
const { statSync, existsSync } = require('node:fs');
const { resolve } = require('node:path');
const { pathToFileURL } = require('node:url');

const ROOT = resolve(__dirname, '..');
const CHROMIUM = '/usr/bin/chromium';
const LOADS = 5;
const SIZE_BUDGET = 5 * 1024 * 1024;
const LOAD_BUDGET_MS = 2000;

async function main() {
  const file = resolve(process.argv[2] ?? resolve(ROOT, 'scenarios/paper-konsolosluk-2020.yaml'));
  const dir = resolve(process.argv[3] ?? resolve(ROOT, 'out/report-bench'));
  const { loadScenario } = require(resolve(ROOT, 'dist/scenario/scenario.loader'));
  const { runScenario } = require(resolve(ROOT, 'dist/experiment/scenario.runner'));
  const { writeReport } = require(resolve(ROOT, 'dist/report/html-report'));
  const t0 = process.hrtime.bigint();
  const result = await runScenario(loadScenario(file));
  const runS = Number(process.hrtime.bigint() - t0) / 1e9;
  const t1 = process.hrtime.bigint();
  const path = writeReport(dir, { result });
  const renderMs = Number(process.hrtime.bigint() - t1) / 1e6;
  const bytes = statSync(path).size;
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const times = [];
  let charts = 0;
  try {
    for (let i = 0; i < LOADS; i++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const start = performance.now();
      await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
      charts = await page.evaluate(() => {
        const figs = [...document.querySelectorAll('figure.chart')];
        return figs.every((f) => f.querySelector('svg path, svg rect, svg circle'))
          ? figs.length
          : -1;
      });
      times.push(performance.now() - start);
      await page.close();
    }
  } finally {
    await browser.close();
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const out = {
    scenario: result.scenario.file,
    stations: Object.keys(result.firstReplication.main?.stations ?? {}).length,
    replications: result.replications,
    runSeconds: Number(runS.toFixed(2)),
    renderMs: Number(renderMs.toFixed(0)),
    report: path,
    bytes,
    charts,
    loadMsMedian: Number(median.toFixed(0)),
    loadMsAll: times.map((t) => Number(t.toFixed(0))),
    withinBudget: bytes < SIZE_BUDGET && median < LOAD_BUDGET_MS && charts > 0,
  };
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  process.stdout.write(
    `report ${(bytes / 1024).toFixed(0)} KiB (budget 5 MB), ${charts} charts drawn, load to all charts drawn ${out.loadMsMedian} ms median of ${LOADS} (budget ${LOAD_BUDGET_MS} ms)\n`,
  );
  if (!out.withinBudget) process.exitCode = 1;
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
