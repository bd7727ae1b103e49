import 'reflect-metadata';
import { getQueueToken } from '@nestjs/bullmq';
import { ConsoleLogger, Logger, type INestApplication } from '@nestjs/common';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { AppConfig, loadAppConfig } from '../../../src/config/app-config';
import { JsonLogger } from '../../../src/app/json-logger';
import { shutdownHandler } from '../../../src/app/shutdown';
import { QUEUES, RECORD_KEYS } from '../../../src/queue/queue-names';
import {
  applicant,
  CLI,
  ensureBuilt,
  freePort,
  killHard,
  pool,
  PrivateRedis,
  readRecords,
  readyAt,
  ROOT,
  signalAll,
  sleep,
  spawnWorker,
} from '../../helpers/fault-env';
import { TEST_ADMIN_TOKEN } from '../../helpers/redis-test-env';
import { startApiApp } from '../../helpers/api-app';

/**
 * Bounded shutdown: `worker` and `serve` exit within SHUTDOWN_GRACE_SECONDS of SIGTERM even
 * while Redis is down, and the jobs a worker held are not lost: with Redis back, another worker
 * completes every application exactly once.
 */
const GRACE_S = 2;

async function until(ok: () => Promise<boolean> | boolean, ms: number, what: string) {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('shutdownHandler', () => {
  it('exits 0 once the app has closed, and 1 when closing outlasts the grace', async () => {
    const codes: number[] = [];
    shutdownHandler({ close: () => sleep(50) }, 5, 'test', (c) => codes.push(c))('SIGTERM');
    await until(() => codes.length > 0, 2000, 'a clean exit');
    expect(codes).toEqual([0]);

    const t0 = Date.now();
    const handler = shutdownHandler({ close: () => new Promise(() => {}) }, 1, 'test', (c) =>
      codes.push(c),
    );
    handler('SIGINT');
    await until(() => codes.length > 1, 3000, 'the forced exit');
    expect(codes[1]).toBe(1);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(Date.now() - t0).toBeLessThan(2000);
    // A second signal exits at once.
    handler('SIGTERM');
    expect(codes[2]).toBe(1);
  });

  it('names the process that stops in its log lines, in clear', async () => {
    // The field was `name`, which the redacting logger masks as personal data: every
    // shutdown line read "name":"[redacted]", so an operator could not tell which stopped.
    const lines: string[] = [];
    Logger.overrideLogger(new JsonLogger(undefined, (line) => lines.push(line)));
    try {
      const codes: number[] = [];
      shutdownHandler({ close: () => sleep(10) }, 5, 'worker', (c) => codes.push(c))('SIGTERM');
      await until(() => codes.length > 0, 2000, 'a clean exit');
    } finally {
      Logger.overrideLogger(new ConsoleLogger());
    }
    const events = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.map((e) => [e.event, e.process])).toEqual([
      ['shutdown.start', 'worker'],
      ['shutdown.done', 'worker'],
    ]);
    expect(lines.join('\n')).not.toContain('[redacted]');
  });

  it('SHUTDOWN_GRACE_SECONDS defaults to 10 and is validated', () => {
    expect(new AppConfig().SHUTDOWN_GRACE_SECONDS).toBe(10);
    expect(() => loadAppConfig({ SHUTDOWN_GRACE_SECONDS: '0' })).toThrow(
      /SHUTDOWN_GRACE_SECONDS: must be a whole number of seconds from 1 to 600/,
    );
  });
});

describe('docker-compose.yml', () => {
  it('gives serve and worker a stop_grace_period a little above their own grace', () => {
    const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
      services: Record<
        string,
        { command?: string[]; environment?: Record<string, unknown>; stop_grace_period?: string }
      >;
    };
    const seconds = (d: string | undefined) => {
      const m = /^(\d+)(s|m)$/.exec(d ?? '');
      if (!m) throw new Error(`stop_grace_period '${d}' is not Ns or Nm`);
      return Number(m[1]) * (m[2] === 'm' ? 60 : 1);
    };
    const ours = Object.entries(compose.services).filter(([, s]) =>
      ['serve', 'worker'].includes(s.command?.[0] ?? ''),
    );
    expect(ours.map(([name]) => name).sort()).toEqual(['api', 'experiments-worker', 'worker']);
    for (const [name, s] of ours) {
      const grace = Number(
        s.environment?.SHUTDOWN_GRACE_SECONDS ?? new AppConfig().SHUTDOWN_GRACE_SECONDS,
      );
      const stop = seconds(s.stop_grace_period);
      // Docker sends SIGKILL at stop_grace_period: the process must have exited by itself first.
      expect(stop, `${name}: stop_grace_period`).toBeGreaterThanOrEqual(grace + 2);
      expect(stop, `${name}: stop_grace_period`).toBeLessThanOrEqual(grace + 10);
    }
  });
});

describe('SIGTERM while Redis is down', () => {
  let redis: PrivateRedis;
  let api: INestApplication;
  let config: AppConfig;
  const children: ChildProcess[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    ensureBuilt();
    redis = new PrivateRedis(await freePort(), true);
    await redis.start();
    env = {
      REDIS_URL: redis.url,
      QUEUE_PREFIX: `{test-shutdown-${randomBytes(3).toString('hex')}}`,
      TOKEN_SECRET: 'test-secret-0123456789',
      ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      RATE_LIMIT: '0',
      LOG_LEVEL: 'warn',
      SHUTDOWN_GRACE_SECONDS: String(GRACE_S),
      WORKER_LOCK_MS: '2000',
      WORKER_STALLED_INTERVAL_MS: '1000',
      WORKER_MAX_STALLED_COUNT: '50',
    };
    config = loadAppConfig(env);
    api = await startApiApp(config);
  }, 60_000);

  afterAll(async () => {
    for (const c of children) await killHard(c);
    await api?.close();
    await redis?.stop();
  });

  it('worker and serve exit within the grace; another worker then completes every job exactly once', async () => {
    const http = api.getHttpServer();
    const salt = `S${randomBytes(2).toString('hex').toUpperCase()}`;
    const N = 500;
    const ids: string[] = [];
    await pool(
      Array.from({ length: N }, (_, i) => i),
      25,
      async (i) => {
        const r = await request(http).post('/evisa/applications').send(applicant(i, salt));
        expect(r.status, JSON.stringify(r.body)).toBe(202);
        ids.push(r.body.id);
      },
    );

    // Held until both are up: worker a, started first, could otherwise decide all 500 before a
    // slow serve (a CI run under load) said it was up, leaving no job in hand to kill Redis under.
    const evisaQueue = api.get<Queue>(getQueueToken(QUEUES.evisa), { strict: false });
    await evisaQueue.pause();
    const a = spawnWorker(env, ['--concurrency', '20']);
    const serve = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--with-workers'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(a, serve);
    let serveUp = false;
    serve.stdout?.on('data', (d: Buffer) => (serveUp ||= d.toString().includes('API on')));
    await until(() => readyAt(a) !== undefined && serveUp, 30_000, 'worker and serve to start');
    await evisaQueue.resume();

    // Kill Redis while jobs are in hand.
    const probe = new Redis(redis.url);
    const activeKey = `${env.QUEUE_PREFIX}:${QUEUES.evisa}:active`;
    await until(async () => (await probe.llen(activeKey)) > 0, 20_000, 'active jobs');
    probe.disconnect();
    await redis.kill();

    const [wa, sv] = await signalAll([a, serve], 'SIGTERM');
    console.log(
      `shutdown: with Redis down, worker exited in ${wa.ms} ms (code ${wa.code}), serve --with-workers in ${sv.ms} ms (code ${sv.code}); grace ${GRACE_S} s`,
    );
    expect(wa.ms).toBeLessThan(GRACE_S * 1000 + 1500);
    expect(sv.ms).toBeLessThan(GRACE_S * 1000 + 1500);

    // Redis back (AOF); another worker takes the stalled jobs and finishes the rest.
    const t1 = Date.now();
    await redis.start();
    const b = spawnWorker(env, ['--concurrency', '20']);
    children.push(b);
    const check = new Redis(redis.url);
    try {
      const keyOf = (id: string) => RECORD_KEYS.evisaApplication(config.QUEUE_PREFIX, id);
      const fields = ['outcome', 'outcomeCount', 'paymentCount', 'issuanceCount'];
      let records = new Map<string, (string | null)[]>();
      await until(
        async () => {
          records = await readRecords(check, keyOf, ids, fields);
          return [...records.values()].every((r) => r[0] !== null);
        },
        60_000,
        'every application decided',
      );
      let issued = 0;
      for (const [, [outcome, outcomes, payments, issuances]] of records) {
        expect(outcomes).toBe('1');
        expect(Number(payments ?? 0)).toBeLessThanOrEqual(1);
        if (outcome === 'issued') {
          issued++;
          expect(issuances).toBe('1');
        }
      }
      const failed = await check.zcard(`${env.QUEUE_PREFIX}:${QUEUES.evisa}:failed`);
      expect(failed).toBe(0);
      console.log(
        `shutdown: ${N} applications, all decided once ${Date.now() - t1} ms after the restart (${issued} issued), 0 failed jobs`,
      );
      const [wb] = await signalAll([b], 'SIGTERM');
      expect(wb.code).toBe(0);
      expect(wb.ms).toBeLessThan(GRACE_S * 1000);
    } finally {
      check.disconnect();
    }
  }, 150_000);
});
