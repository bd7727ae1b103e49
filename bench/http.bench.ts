/**
 * npm run bench:http — POST /evisa/applications (validation, record, enqueue) against the trivial
 * GET /health/live of the same server, measured with wrk (the Debian package) from a separate
 * process: `consular-sim serve` runs on its own, wrk loads it over loopback, both routes in the
 * same run, alternating, BENCH_ROUNDS times (default 3) for BENCH_SECONDS each (default 8), at
 * 50 connections. Prints requests/s, p50/p99 latency and non-2xx answers per run, and the
 * POST/trivial ratio per round: on a shared machine, compare ratios measured side by side, not
 * absolute figures across runs. REDIS_URL (default redis://127.0.0.1:6379).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

const ROOT = join(__dirname, '..');
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 50;
const THREADS = 2;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

interface WrkResult {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: string;
}

/** Milliseconds from wrk's latency text (`812.00us`, `3.41ms`, `1.02s`). */
function ms(text: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(text.trim());
  if (!m) return NaN;
  const v = Number(m[1]);
  return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
}

function wrk(url: string, seconds: number, script?: string): WrkResult {
  const args = [
    `-t${THREADS}`,
    `-c${CONNECTIONS}`,
    `-d${seconds}s`,
    '--latency',
    ...(script ? ['-s', script] : []),
    url,
  ];
  const r = spawnSync('wrk', args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`wrk failed: ${r.error?.message ?? r.stderr}`);
  const out = r.stdout;
  const pick = (re: RegExp) => re.exec(out)?.[1] ?? '';
  return {
    rps: Number(pick(/Requests\/sec:\s+([\d.]+)/)),
    p50: ms(pick(/\s50%\s+(\S+)/)),
    p99: ms(pick(/\s99%\s+(\S+)/)),
    non2xx: Number(pick(/Non-2xx or 3xx responses:\s+(\d+)/) || 0),
    errors: pick(/(Socket errors:.*)/),
  };
}

async function main(): Promise<void> {
  if (spawnSync('wrk', ['--version']).error)
    throw new Error('wrk is not installed (Debian/Ubuntu: apt-get install wrk)');
  const prefix = `{bench-http-${randomBytes(3).toString('hex')}}`;
  const port = await freePort();
  const server = spawn(
    process.execPath,
    [join(ROOT, 'bin/consular-sim.js'), 'serve', '--port', String(port)],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        REDIS_URL,
        QUEUE_PREFIX: prefix,
        LOG_LEVEL: 'error',
        // A local benchmark: no admin surface in use, and one client IP must not be rate limited.
        DEV_MODE: 'true',
        RATE_LIMIT: '0',
        TOKEN_SECRET: process.env.TOKEN_SECRET ?? randomBytes(24).toString('hex'),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('API on')) resolve();
    });
    server.once('exit', (code) => reject(new Error(`serve exited (${code})`)));
  });
  const dir = mkdtempSync(join(tmpdir(), 'bench-http-'));
  const script = join(dir, 'post.lua');
  const body = JSON.stringify({
    nationality: 'GB',
    passportNumber: 'P1234567',
    fullName: 'Jane Doe',
    email: 'jane@example.org',
    // The API takes arrival dates from yesterday to a year ahead.
    arrivalDate: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
  });
  writeFileSync(
    script,
    `wrk.method = "POST"\nwrk.body = '${body}'\nwrk.headers["Content-Type"] = "application/json"\n`,
  );
  const base = `http://127.0.0.1:${port}`;
  try {
    // Warm up both routes (JIT, connections, Redis scripts).
    wrk(`${base}/health/live`, 2);
    wrk(`${base}/evisa/applications`, 2, script);
    const line = (name: string, r: WrkResult) =>
      `  ${name.padEnd(28)} ${r.rps.toFixed(0).padStart(7)} req/s   p50 ${r.p50.toFixed(1).padStart(6)} ms   p99 ${r.p99.toFixed(1).padStart(6)} ms   non-2xx ${r.non2xx}${r.errors ? `   ${r.errors}` : ''}`;
    console.log(
      `wrk ${THREADS} threads, ${CONNECTIONS} connections, ${DURATION_S} s per run, against a separate consular-sim serve process`,
    );
    const ratios: number[] = [];
    const p99s: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const trivial = wrk(`${base}/health/live`, DURATION_S);
      const post = wrk(`${base}/evisa/applications`, DURATION_S, script);
      const ratio = post.rps / trivial.rps;
      ratios.push(ratio);
      p99s.push(post.p99);
      console.log(`round ${round}`);
      console.log(line('GET /health/live (trivial)', trivial));
      console.log(line('POST /evisa/applications', post));
      console.log(`  POST / trivial: ${(100 * ratio).toFixed(1)}%`);
    }
    const sorted = [...ratios].sort((a, b) => a - b);
    console.log(
      `POST / trivial over ${ROUNDS} rounds: ${sorted.map((r) => `${(100 * r).toFixed(1)}%`).join(', ')} (median ${(100 * sorted[Math.floor(sorted.length / 2)]).toFixed(1)}%; target ≥ 50%); POST p99 ${p99s.map((p) => p.toFixed(1)).join(', ')} ms (target < 100 ms)`,
    );
  } finally {
    server.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
    // Clean up the benchmark's records and jobs.
    const redis = new Redis(REDIS_URL);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== '0');
    redis.disconnect();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
