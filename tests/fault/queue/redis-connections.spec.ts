import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAppConfig } from '../../../src/config/app-config';
import { createApiApp } from '../../../src/app/bootstrap';
import { QUEUE_NAMES, RECORD_KEYS } from '../../../src/queue/queue-names';
import { TEST_ADMIN_TOKEN } from '../../helpers/redis-test-env';
import {
  applicant,
  envInt,
  freePort,
  pool,
  PrivateRedis,
  readRecords,
  sleep,
} from '../../helpers/fault-env';

/**
 * Redis restart with AOF (appendfsync always): applications are submitted over HTTP while
 * Redis is killed with SIGKILL and started again on the same port and directory. Every
 * application that got a 202 is still there afterwards and is decided; while Redis is down
 * the API answers 503 (never another 5xx, never a hang) and it recovers by itself.
 *
 * RESTART_APPLICATIONS (default 3000), RESTART_DOWN_MS (default 3000).
 */
const APPLICATIONS = envInt('RESTART_APPLICATIONS', 3000);
const DOWN_MS = envInt('RESTART_DOWN_MS', 3000);

describe('Redis killed and restarted (AOF) during a replay', () => {
  let redis: PrivateRedis;
  let app: INestApplication;
  let url: string;
  let prefix: string;

  beforeAll(async () => {
    redis = new PrivateRedis(await freePort(), true);
    await redis.start();
    prefix = `{test-restart-${randomBytes(3).toString('hex')}}`;
    const config = loadAppConfig({
      REDIS_URL: redis.url,
      QUEUE_PREFIX: prefix,
      TOKEN_SECRET: 'test-secret-0123456789',
      ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      RATE_LIMIT: '0',
      WORKER_LOCK_MS: '2000',
      WORKER_STALLED_INTERVAL_MS: '1000',
      WORKER_MAX_STALLED_COUNT: '50',
    });
    app = await createApiApp(config, { workers: QUEUE_NAMES, concurrency: 20, logger: false });
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
    await redis?.stop();
  });

  it('keeps every 202, answers 503 while down and recovers without a restart', async () => {
    const salt = `R${randomBytes(2).toString('hex').toUpperCase()}`;
    const accepted: string[] = [];
    const statuses = new Map<number, number>();
    let slowest = 0;
    let downAt = 0;
    let upAt = 0;
    let healthWhileDown = 0;
    let recoveredMs = -1;
    const t0 = Date.now();

    // A client that retries a 503 with the same Idempotency-Key, so a retry is the same application.
    const post = async (i: number): Promise<number> => {
      const started = Date.now();
      const res = await fetch(`${url}/evisa/applications`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `restart-${salt}-${i}` },
        body: JSON.stringify(applicant(i, salt)),
      });
      slowest = Math.max(slowest, Date.now() - started);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const body = (await res.json()) as { id?: string };
      if (res.status === 202 && body.id) accepted.push(body.id);
      return res.status;
    };

    // The outage: a third of the way in, kill -9 Redis; DOWN_MS later start it on the same dir.
    const outage = (async () => {
      while (accepted.length < APPLICATIONS / 3) await sleep(20);
      downAt = Date.now();
      await redis.kill();
      await sleep(DOWN_MS / 2);
      healthWhileDown = (await fetch(`${url}/health`)).status;
      await sleep(DOWN_MS / 2);
      await redis.start();
      upAt = Date.now();
      // Recovery by itself: /health back to 200, with no restart of the app.
      while ((await fetch(`${url}/health`)).status !== 200 && Date.now() - upAt < 30_000)
        await sleep(50);
      recoveredMs = Date.now() - upAt;
    })();
    // Clients keep submitting through the outage, a little slower (as a real client backs off on 503).
    await pool(
      Array.from({ length: APPLICATIONS }, (_, i) => i),
      20,
      async (i) => {
        for (let attempt = 0; attempt < 200 && (await post(i)) === 503; attempt++) await sleep(200);
      },
    );
    await outage;

    const healthAfter = (await fetch(`${url}/health`)).status;
    // Submissions after the restart are accepted again.
    const late = await fetch(`${url}/evisa/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(applicant(APPLICATIONS, salt)),
    });
    expect(late.status).toBe(202);
    accepted.push(((await late.json()) as { id: string }).id);

    const check = new Redis(redis.url);
    try {
      const keyOf = (id: string) => RECORD_KEYS.evisaApplication(prefix, id);
      let records = new Map<string, (string | null)[]>();
      const deadline = Date.now() + 120_000;
      for (;;) {
        records = await readRecords(check, keyOf, accepted, [
          'tokenHash',
          'outcome',
          'outcomeCount',
        ]);
        const open = [...records.values()].filter((r) => !r[1]).length;
        if (open === 0 || Date.now() > deadline) break;
        await sleep(500);
      }
      const missing = [...records.values()].filter((r) => !r[0]).length;
      const undecided = [...records.values()].filter((r) => r[0] && !r[1]).length;
      const twice = [...records.values()].filter((r) => r[2] && r[2] !== '1').length;
      const fiveXx = [...statuses]
        .filter(([s]) => s >= 500 && s !== 503)
        .reduce((a, [, n]) => a + n, 0);
      console.log(
        [
          `redis-restart: ${APPLICATIONS + 1} applications, ${accepted.length} accepted (202; 503s retried with the same Idempotency-Key), Redis killed at ${((downAt - t0) / 1000).toFixed(1)} s for ${DOWN_MS} ms (AOF, appendfsync always)`,
          `  answers ${JSON.stringify(Object.fromEntries(statuses))}, slowest ${slowest} ms; /health while down ${healthWhileDown}, back to 200 ${recoveredMs} ms after Redis`,
          `  accepted but missing after restart ${missing}, undecided ${undecided}, decided twice ${twice}`,
        ].join('\n'),
      );
      expect(statuses.get(503) ?? 0).toBeGreaterThan(0);
      expect(fiveXx).toBe(0);
      expect(healthWhileDown).toBe(503);
      expect(healthAfter).toBe(200);
      expect(new Set(accepted).size).toBe(APPLICATIONS + 1);
      expect(missing).toBe(0);
      expect(undecided).toBe(0);
      expect(twice).toBe(0);
      // Fail fast, not hang: a 503 comes within the producer's deadline (1.5 s) plus slack.
      expect(slowest).toBeLessThan(5000);
    } finally {
      check.disconnect();
    }
  }, 300_000);
});
