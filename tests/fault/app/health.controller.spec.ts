import 'reflect-metadata';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { mkdirSync, rmSync } from 'node:fs';
import { REDIS_FULL, REDIS_REPLICA, redisRefusal } from '../../../src/app/health.controller';
import { waitFor } from '../../helpers/api-app';
import { applicant } from '../../helpers/fault-env';
import { usePrivateApi } from '../../helpers/private-api';
import { TEST_ADMIN_TOKEN } from '../../helpers/redis-test-env';

/**
 * /health answered `ok` whatever Redis could keep: on a Redis without persistence (a restart there
 * lost every application accepted and not yet decided: 202, then 404), with an evicting
 * maxmemory-policy (under allkeys-lru one of six accepted applications was evicted and read 404),
 * and even past maxmemory under noeviction, where every submission was 503 while PING answered.
 * Now it says what Redis keeps, warns of each way accepted requests can be lost, and is 503 while
 * Redis refuses writes.
 */
describe('GET /health and what Redis keeps', () => {
  const api = usePrivateApi('health', { RATE_LIMIT: '0' });
  type Redis = {
    status: string;
    persistence?: string;
    maxmemoryPolicy?: string;
    warnings?: string[];
    message?: string;
  };
  /** GET /health as the operator (the admin credential) or as `as` says. */
  const health = async (as: string | null = `Bearer ${TEST_ADMIN_TOKEN}`) => {
    const req = request(api.http).get('/health');
    const r = await (as === null ? req : req.set('Authorization', as));
    return { status: r.status, redis: (r.body as { details: { redis: Redis } }).details.redis };
  };

  it('tells anyone else the status alone, not how Redis keeps data or how it could lose it', async () => {
    for (const as of [null, 'Bearer not-the-admin-token-at-all', 'Basic Og==']) {
      const h = await health(as);
      expect(h.status).toBe(200);
      expect(h.redis).toEqual({ status: 'up' });
    }
    expect((await health()).redis.persistence).toBe('none');
  });

  it('warns that a Redis without persistence loses accepted requests on restart', async () => {
    // The private Redis runs with appendonly no and no save points.
    const h = await health();
    expect(h.status).toBe(200);
    expect(h.redis).toMatchObject({
      status: 'up',
      persistence: 'none',
      maxmemoryPolicy: 'noeviction',
    });
    expect(h.redis.warnings).toEqual([
      expect.stringMatching(/restart loses every accepted request/),
    ]);
  });

  it('names snapshots only, AOF, and an evicting policy', async () => {
    await api.probe.config('SET', 'save', '3600 1');
    expect((await health()).redis).toMatchObject({
      persistence: 'rdb',
      warnings: [expect.stringMatching(/since the last snapshot/)],
    });
    await api.probe.config('SET', 'appendonly', 'yes');
    await api.probe.config('SET', 'appendfsync', 'everysec');
    expect((await health()).redis).toMatchObject({
      persistence: 'aof',
      warnings: [expect.stringMatching(/^appendfsync everysec: a crash of the machine/)],
    });
    await api.probe.config('SET', 'appendfsync', 'always');
    expect((await health()).redis).toMatchObject({ persistence: 'aof', warnings: [] });
    await api.probe.config('SET', 'maxmemory-policy', 'allkeys-lru');
    const h = await health();
    expect(h.status).toBe(200);
    expect(h.redis.warnings).toEqual([
      expect.stringMatching(/^maxmemory-policy allkeys-lru: .*accepted records/),
    ]);
    await api.probe.config('SET', 'maxmemory-policy', 'noeviction');
  });

  it('is 503 while Redis is out of memory and refuses writes, and 200 once it takes them', async () => {
    await api.probe.config('SET', 'maxmemory', '1');
    try {
      // What a client meets meanwhile: a submission Redis refuses.
      const sub = await request(api.http).post('/evisa/applications').send(applicant(1, 'HX'));
      expect(sub.status).toBe(503);
      const h = await health();
      expect(h.status).toBe(503);
      expect(h.redis).toMatchObject({
        status: 'down',
        message: REDIS_FULL,
        maxmemoryPolicy: 'noeviction',
      });
      // Anyone may learn why the service is down, not how its store is set up.
      expect(await health(null)).toEqual({
        status: 503,
        redis: { status: 'down', message: REDIS_FULL },
      });
    } finally {
      await api.probe.config('SET', 'maxmemory', '0');
    }
    expect((await health()).status).toBe(200);
    await request(api.http).post('/evisa/applications').send(applicant(2, 'HX')).expect(202);
  });

  it('is 503 while Redis is a replica (a failover, REPLICAOF), and 200 once it is a primary again', async () => {
    // Replica of an address where nothing listens: Redis keeps its data, answers PING and reads,
    // and refuses every write (READONLY). /health said `ok` while each submission was 503.
    await api.probe.replicaof('127.0.0.1', 1);
    try {
      const sub = await request(api.http).post('/evisa/applications').send(applicant(3, 'HX'));
      expect(sub.status).toBe(503);
      expect(sub.headers['retry-after']).toBeDefined();
      const h = await health();
      expect(h.status).toBe(503);
      expect(h.redis).toMatchObject({ status: 'down', message: REDIS_REPLICA });
      expect(await health(null)).toEqual({
        status: 503,
        redis: { status: 'down', message: REDIS_REPLICA },
      });
    } finally {
      await api.probe.replicaof('NO', 'ONE');
    }
    expect((await health()).status).toBe(200);
    await request(api.http).post('/evisa/applications').send(applicant(4, 'HX')).expect(202);
  });

  it('names a Redis that cannot write to its disk (MISCONF), not a PING without answer', async () => {
    // A snapshot that fails (its folder gone, as a full disk does) with save points set: Redis
    // refuses every command, PING too, with MISCONF. /health said `no answer to PING`.
    const info = async () =>
      (await api.probe.info('persistence')).match(/rdb_last_bgsave_status:(\w+)/)?.[1];
    await api.probe.config('SET', 'save', '3600 1');
    rmSync(api.redis.dir, { recursive: true, force: true });
    try {
      // SCHEDULE: a child Redis forked earlier (the replication above makes one) may still be
      // at work, and a plain BGSAVE is then refused ("Another child process is active").
      await api.probe.bgsave('SCHEDULE');
      expect(await waitFor(info, (s) => s === 'err')).toBe('err');
      const sub = await request(api.http).post('/evisa/applications').send(applicant(5, 'HX'));
      expect(sub.status).toBe(503);
      const h = await health(null);
      expect(h.redis.message).toMatch(/^Redis cannot write to its disk \(MISCONF/);
      expect(h).toEqual({
        status: 503,
        redis: { status: 'down', message: redisRefusal('MISCONF Errors writing the RDB') },
      });
    } finally {
      // Redis's working folder is gone for good: take writes again without snapshots.
      await api.probe.config('SET', 'stop-writes-on-bgsave-error', 'no');
      await api.probe.config('SET', 'save', '');
      mkdirSync(api.redis.dir, { recursive: true });
    }
    expect((await health()).status).toBe(200);
  });
});
