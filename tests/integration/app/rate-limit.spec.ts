import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisThrottlerStorage } from '../../../src/app/rate-limit';
import { CLI, ensureBuilt, freePort, killHard, ROOT, sleep } from '../../helpers/fault-env';
import { TEST_ADMIN_TOKEN, testRedisUrl } from '../../helpers/redis-test-env';
import { waitUntilReady } from '../../helpers/api-app';

/**
 * Rate limits shared across replicas: two `consular-sim serve` processes on one Redis, one
 * client, requests alternating between them. The limit holds once for both together, not
 * once per process; the costly routes (every public POST) have their own, tighter limit.
 */
const LIMIT = 10;
const COSTLY = 4;

describe('rate limits across two serve processes', () => {
  const children: ChildProcess[] = [];
  const bases: string[] = [];

  beforeAll(async () => {
    ensureBuilt();
    const env = {
      ...process.env,
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: `{test-rl-${randomBytes(3).toString('hex')}}`,
      TOKEN_SECRET: 'test-secret-0123456789',
      ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      RATE_LIMIT: String(LIMIT),
      RATE_LIMIT_COSTLY: String(COSTLY),
      RATE_LIMIT_WINDOW_SECONDS: '120',
      LOG_LEVEL: 'warn',
    };
    await Promise.all(
      [0, 1].map(async () => {
        const port = await freePort();
        const child = spawn(process.execPath, [CLI, 'serve', '--port', String(port)], {
          cwd: ROOT,
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        children.push(child);
        let up = false;
        child.stdout?.on('data', (d: Buffer) => (up ||= d.toString().includes('API on')));
        const deadline = Date.now() + 60_000;
        while (!up) {
          if (Date.now() > deadline || child.exitCode !== null)
            throw new Error('serve did not start');
          await sleep(100);
        }
        // Listening is not ready: until its Redis connection is up a replica counts alone.
        await waitUntilReady(`http://127.0.0.1:${port}`);
        bases.push(`http://127.0.0.1:${port}`);
      }),
    );
  }, 90_000);

  afterAll(async () => {
    for (const c of children) await killHard(c);
  });

  it('counts one limit for both replicas, and the tighter one on POSTs', async () => {
    const codes = async (n: number, init: (i: number) => [string, RequestInit]) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) {
        const [path, req] = init(i);
        const r = await fetch(`${bases[i % 2]}${path}`, req);
        await r.arrayBuffer();
        out.push(r.status);
      }
      return out;
    };
    // A cheap route (401 without a token, but counted like any request).
    const reads = await codes(LIMIT + 6, () => [
      `/konsolosluk/transactions/kn_${'0'.repeat(26)}`,
      {},
    ]);
    expect(reads.slice(0, LIMIT).every((c) => c === 401)).toBe(true);
    expect(reads.slice(LIMIT)).toEqual(Array(6).fill(429));

    const asks = await codes(COSTLY + 4, () => [
      '/hizir/messages',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'e-vize ücreti ne kadar?' }),
      },
    ]);
    expect(asks.slice(0, COSTLY).every((c) => c < 400)).toBe(true);
    expect(asks.slice(COSTLY)).toEqual(Array(4).fill(429));
    // Both replicas answered 429s: the count was shared, not per process.
    console.log(
      `rate-limit: 2 serve processes, limit ${LIMIT} (costly ${COSTLY}): reads ${JSON.stringify(reads)}, questions ${JSON.stringify(asks)}`,
    );
    // Health stays open.
    expect((await fetch(`${bases[0]}/health/live`)).status).toBe(200);
  }, 60_000);
});

describe('RedisThrottlerStorage', () => {
  it('blocks past the limit with the time left, and counts in-process while Redis is down', async () => {
    const redis = new Redis(testRedisUrl());
    const storage = new RedisThrottlerStorage(
      redis,
      `{test-rls-${randomBytes(3).toString('hex')}}`,
    );
    try {
      const seen = [];
      for (let i = 0; i < 4; i++) seen.push(await storage.increment('k', 5000, 3, 5000, 'default'));
      expect(seen.map((r) => r.isBlocked)).toEqual([false, false, false, true]);
      expect(seen[3].timeToBlockExpire).toBeGreaterThan(0);
      expect(seen[3].timeToBlockExpire).toBeLessThanOrEqual(5);
    } finally {
      redis.disconnect();
    }
    const down = new Redis({
      port: await freePort(),
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    down.on('error', () => undefined);
    const local = new RedisThrottlerStorage(down, '{x}');
    const hits = [];
    for (let i = 0; i < 3; i++) hits.push(await local.increment('k', 5000, 2, 5000, 'default'));
    expect(hits.map((r) => r.isBlocked)).toEqual([false, false, true]);
    down.disconnect();
  });
});
