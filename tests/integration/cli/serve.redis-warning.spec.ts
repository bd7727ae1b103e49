import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../helpers/fault-env';
import { BIN, ROOT } from '../../helpers/cli';
import { testRedisUrl } from '../../helpers/redis-test-env';
import { STARTUP_PING_WAIT_MS } from '../../../src/queue/redis-connections';

beforeAll(() => ensureBuilt(), 120_000);

/** A port nothing listens on (bound, closed). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * `consular-sim <args>` against `redisUrl`: its stdout and stderr once it has printed `banner`
 * (or, when `stderrFirst`, a line on stderr) and then `settleMs` more, then killed.
 */
async function startAndStop(
  args: string[],
  redisUrl: string,
  banner: RegExp,
  settleMs: number,
): Promise<{ stdout: string; stderr: string; bannerSeen: boolean }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      CONSULAR_SIM_DEBUG: '',
      REDIS_URL: redisUrl,
      DEV_MODE: '1',
      LOG_LEVEL: 'error',
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    for (let i = 0; i < 400 && !banner.test(stdout); i++)
      await new Promise((r) => setTimeout(r, 100));
    const bannerSeen = banner.test(stdout);
    await new Promise((r) => setTimeout(r, settleMs));
    return { stdout, stderr, bannerSeen };
  } finally {
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
  }
}

const SERVE_BANNER = /consular-sim API on http:\/\/127\.0\.0\.1:\d+/;
const WORKER_BANNER = /consular-sim worker on evisa/;
// The check has STARTUP_PING_WAIT_MS to answer; a loaded machine gets as long again.
const SETTLE_MS = 2 * STARTUP_PING_WAIT_MS + 1000;

// `serve` with its Redis unreachable printed its banner, Redis URL and all, and nothing else:
// the first sign of trouble was a 503 from /health or from a submission.
describe('serve and worker warn at start of a Redis that does not answer', () => {
  it('serve: names the URL, why, and that /health and the routes on Redis answer 503', async () => {
    const url = `redis://127.0.0.1:${await closedPort()}`;
    const r = await startAndStop(['serve', '--port', '0'], url, SERVE_BANNER, SETTLE_MS);
    expect(r.bannerSeen, r.stdout + r.stderr).toBe(true);
    expect(r.stderr).toMatch(
      new RegExp(
        `^warning: Redis at ${url.replace(/\./g, '\\.')} does not answer \\(connect ECONNREFUSED [^)]+\\); until it does, GET /health answers 503, and so \\(with Retry-After\\) does every request that needs Redis: .*\\. Start it .* or point REDIS_URL at yours\\.\\n$`,
      ),
    );
  }, 60_000);

  it('worker: names the URL and that its workers take no job until it answers', async () => {
    const url = `redis://127.0.0.1:${await closedPort()}`;
    const r = await startAndStop(['worker', '--queues', 'evisa'], url, WORKER_BANNER, SETTLE_MS);
    expect(r.bannerSeen, r.stdout + r.stderr).toBe(true);
    expect(r.stderr).toContain(
      `warning: Redis at ${url} does not answer (connect ECONNREFUSED 127.0.0.1:`,
    );
    expect(r.stderr).toContain('until it does, these workers take no job');
  }, 60_000);

  it('a Redis that answers: no warning, the banner as before', async () => {
    const url = testRedisUrl();
    const serve = await startAndStop(['serve', '--port', '0'], url, SERVE_BANNER, SETTLE_MS);
    expect(serve.bannerSeen).toBe(true);
    expect(serve.stderr).toBe('');
    expect(serve.stdout).toMatch(
      /^consular-sim API on http:\/\/127\.0\.0\.1:\d+ \(Redis .*\); docs at \/docs\n$/,
    );
    const worker = await startAndStop(
      ['worker', '--queues', 'evisa'],
      url,
      WORKER_BANNER,
      SETTLE_MS,
    );
    expect(worker.bannerSeen).toBe(true);
    expect(worker.stderr).toBe('');
  }, 90_000);
});
