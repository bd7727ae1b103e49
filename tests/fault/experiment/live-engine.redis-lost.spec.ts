import 'reflect-metadata';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/common/user-error';
import { runLive } from '../../../src/experiment/live-engine';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { freePort, PrivateRedis, ROOT, sleep } from '../../helpers/fault-env';

// `run --engine bullmq` while its Redis loses the replay: restarted without persistence (its
// queued jobs gone) or gone for good. The replay's jobs live only in Redis and its connection
// waits for Redis for ever, so before, it waited for jobs that would never come, with no end and
// no word. Now it stops with a user error naming the cause, and returns.
let redis: PrivateRedis;

beforeAll(async () => {
  redis = new PrivateRedis(await freePort(), false);
  await redis.start();
}, 30_000);

afterAll(async () => {
  await redis?.stop();
});

/** 400 days of the M/M/10 desk (86,000 customers) as fast as Redis goes: many jobs queued at once. */
const scenario = () =>
  loadScenario(join(ROOT, 'scenarios/teaching-mmc.yaml'), { set: ['horizon=400d', 'warmup=0'] });

/** Resolves once the replay has taken `n` jobs (its progress, about once a second). */
function progress(n: number): {
  onProgress: (arm: string, done: number) => void;
  reached: Promise<void>;
} {
  let reach: () => void = () => undefined;
  const reached = new Promise<void>((r) => (reach = r));
  return { onProgress: (_arm, done) => done >= n && reach(), reached };
}

/** What a replay ends with within `ms`: its error, 'finished', or 'still waiting'. */
function outcome(p: Promise<unknown>, ms: number): Promise<unknown> {
  return Promise.race([
    p.then(
      () => 'finished',
      (e: unknown) => e,
    ),
    sleep(ms).then(() => 'still waiting'),
  ]);
}

describe('live replay when Redis loses it', () => {
  it('its data flushed mid-run (a restart without persistence): a user error within seconds, not a hang', async () => {
    const p = progress(1000);
    const replay = runLive(scenario(), {
      speed: Infinity,
      via: 'queue',
      redisUrl: redis.url,
      onProgress: p.onProgress,
    });
    await p.reached;
    const admin = new Redis(redis.url);
    await admin.flushall();
    admin.disconnect();
    const t0 = Date.now();
    const err = await outcome(replay, 15_000);
    expect(err).toBeInstanceOf(UserError);
    expect(String((err as Error).message)).toMatch(
      /^--engine bullmq: redis:\/\/127\.0\.0\.1:\d+: Redis no longer holds this replay .*restarted without persistence, or flushed/,
    );
    expect(Date.now() - t0).toBeLessThan(10_000);
  }, 60_000);

  it('Redis gone for good mid-run: a user error naming the connection error once its wait is over, and the replay returns', async () => {
    const p = progress(1000);
    const replay = runLive(scenario(), {
      speed: Infinity,
      via: 'queue',
      redisUrl: redis.url,
      redisGoneAfterMs: 3000,
      onProgress: p.onProgress,
    });
    await p.reached;
    await redis.kill();
    try {
      const err = await outcome(replay, 20_000);
      expect(err).toBeInstanceOf(UserError);
      expect(String((err as Error).message)).toMatch(
        /^--engine bullmq: redis:\/\/127\.0\.0\.1:\d+: lost the connection to Redis with the replay under way \(ECONNREFUSED; no answer for 3 s\)/,
      );
    } finally {
      await redis.start();
    }
  }, 60_000);
});
