import type { INestApplication } from '@nestjs/common';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import type { ApiAppOptions } from '../../src/app/bootstrap';
import { startApiApp } from './api-app';
import { freePort, PrivateRedis } from './fault-env';
import { testConfig } from './redis-test-env';

/** The API of a describe block on a Redis of its own, which the tests may kill, pause or stall. */
export interface PrivateApi {
  /** The Redis the API uses (kill, pause, resume). */
  readonly redis: PrivateRedis;
  readonly app: INestApplication;
  readonly http: ReturnType<INestApplication['getHttpServer']>;
  /** A client of that Redis for the test itself (to read keys, or CLIENT PAUSE it). */
  readonly probe: Redis;
  /** The API's QUEUE_PREFIX: every key it writes starts with it. */
  readonly prefix: string;
}

/**
 * Registers a beforeAll that starts a private redis-server (with `redisArgs`) and the API on it
 * (testConfig(name) with `env` on top) and waits until the API is ready, and an afterAll that wakes a paused
 * Redis and closes the API, the probe and the server; call it in a describe block.
 */
export function usePrivateApi(
  name: string,
  env: Record<string, string> = {},
  options: ApiAppOptions = {},
  redisArgs: readonly string[] = [],
): PrivateApi {
  let state: Omit<PrivateApi, 'http'> | undefined;
  beforeAll(async () => {
    const redis = new PrivateRedis(await freePort(), false, redisArgs);
    await redis.start();
    const config = testConfig(name, { ...env, REDIS_URL: redis.url });
    const app = await startApiApp(config, options);
    state = { redis, app, probe: new Redis(redis.url), prefix: config.QUEUE_PREFIX };
  });
  afterAll(async () => {
    state?.redis.resume();
    await state?.app.close();
    state?.probe.disconnect();
    await state?.redis.stop();
  });
  const get = (): Omit<PrivateApi, 'http'> => {
    if (!state) throw new Error('the private API is used before its beforeAll has run');
    return state;
  };
  return {
    get redis() {
      return get().redis;
    },
    get app() {
      return get().app;
    },
    get http() {
      return get().app.getHttpServer();
    },
    get probe() {
      return get().probe;
    },
    get prefix() {
      return get().prefix;
    },
  };
}
