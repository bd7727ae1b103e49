/**
 * npm run bench:lab — the Lab in headless Chromium (Debian's /usr/bin/chromium): first load on
 * localhost (navigation to a usable gallery), teaching-mmc with its 10 replications, and one
 * replication of paper-konsolosluk-2020, each beside the same run of the CLI measured in this
 * run (`consular-sim run --json`, worker threads, one per core) as the baseline. Prints figures.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { startLabServer } from '../src/lab-server/static-site';

const ROOT = resolve(__dirname, '..');
const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const LOADS = Number(process.env.BENCH_LOADS ?? 5);

function ensureBuilt(): void {
  for (const [file, script] of [
    ['dist/lab/index.html', 'build:lab'],
    ['dist/cli/main.js', 'build'],
  ]) {
    if (existsSync(join(ROOT, file))) continue;
    const r = spawnSync('npm', ['run', script], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`npm run ${script} failed`);
  }
}

/** The CLI's own elapsedSeconds for the same run (its worker threads, one per core). */
function cliSeconds(args: string[]): number {
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'bin/consular-sim.js'), 'run', ...args, '--json'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
    },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  return (JSON.parse(r.stdout) as { elapsedSeconds: number }).elapsedSeconds;
}

async function browserRun(browser: Browser, base: string, query: string): Promise<number> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}${query}`);
  await page.waitForSelector('body[data-ready=true]');
  await page.waitForSelector('[data-testid=run]');
  await page.click('[data-testid=run]');
  await page.waitForSelector('[data-testid=result][data-elapsed-ms]', { timeout: 600_000 });
  const ms = Number(await page.getAttribute('[data-testid=result]', 'data-elapsed-ms'));
  await context.close();
  return ms / 1000;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
}

async function main(): Promise<void> {
  ensureBuilt();
  const assets = join(ROOT, 'dist/lab/assets');
  let raw = 0;
  let gz = 0;
  for (const f of [
    ...readdirSync(assets).map((f) => join(assets, f)),
    join(ROOT, 'dist/lab/index.html'),
  ]) {
    const b = readFileSync(f);
    raw += b.length;
    gz += gzipSync(b, { level: 9 }).length;
  }
  const { server, url } = await startLabServer(0);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const loads: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${url}?lang=en`);
      await page.waitForSelector('body[data-ready=true]');
      loads.push(Number(await page.getAttribute('body', 'data-ready-ms')));
      await context.close();
    }
    const mmcLab = await browserRun(browser, url, '?lang=en&s=teaching-mmc');
    const mmcCli = cliSeconds(['scenarios/teaching-mmc.yaml']);
    const konLab = await browserRun(
      browser,
      url,
      '?lang=en&s=paper-konsolosluk-2020&set=replications%3D1',
    );
    const konCli = cliSeconds(['scenarios/paper-konsolosluk-2020.yaml', '--replications', '1']);
    const rows: [string, string, string, string, string][] = [
      [
        'first load (navigation to a usable gallery)',
        `${median(loads)} ms (median of ${LOADS}; ${Math.min(...loads)}-${Math.max(...loads)})`,
        '< 1 s',
        '',
        '',
      ],
      [
        'teaching-mmc, 10 replications',
        `${mmcLab.toFixed(2)} s`,
        '< 3 s',
        `${mmcCli.toFixed(2)} s`,
        `${(mmcLab / mmcCli).toFixed(2)}`,
      ],
      [
        'paper-konsolosluk-2020, 1 replication',
        `${konLab.toFixed(2)} s`,
        '< 15 s',
        `${konCli.toFixed(2)} s`,
        `${(konLab / konCli).toFixed(2)}`,
      ],
      [
        'bundle (every file of dist/lab)',
        `${(gz / 1024).toFixed(0)} KB gzipped (${(raw / 1024).toFixed(0)} KB raw)`,
        '< 1.5 MB',
        '',
        '',
      ],
    ];
    process.stdout.write(
      `consular-sim Lab in Chromium, ${cpus().length} cores (the Lab uses one Web Worker per core; the CLI one thread per core)\n\n`,
    );
    process.stdout.write(
      '| measure | Lab | target | CLI (same run) | Lab / CLI |\n|---|---|---|---|---|\n',
    );
    for (const r of rows) process.stdout.write(`| ${r.join(' | ')} |\n`);
    process.stdout.write(
      `\n${JSON.stringify({ firstLoadMs: median(loads), teachingMmcSeconds: mmcLab, teachingMmcCliSeconds: mmcCli, konsolosluk1Seconds: konLab, konsolosluk1CliSeconds: konCli, bundleGzipBytes: gz })}\n`,
    );
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
