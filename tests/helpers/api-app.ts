import 'reflect-metadata';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, expect } from 'vitest';
import { createApiApp, createWorkerContext, type ApiAppOptions } from '../../src/app/bootstrap';
import type { AppConfig } from '../../src/config/app-config';
import { QUEUE_NAMES, type QueueName } from '../../src/queue/queue-names';

/** Helpers of the HTTP tests: one API app a describe block, and polling until a flow has moved on. */

/** Every queue's worker in the API process, five jobs at a time: a submitted item reaches its outcome. */
export const IN_PROCESS_WORKERS: ApiAppOptions = { workers: QUEUE_NAMES, concurrency: 5 };

/**
 * Calls `fn` every 50 ms until `ok` holds of its value or `ms` have passed, and returns the last
 * value either way: the caller's assertions then say what was expected.
 */
export async function waitFor<T>(
  fn: () => Promise<T>,
  ok: (v: T) => boolean,
  ms = 15_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The route that answers 200 once the API's Redis connection is up (503 before, docs/api.md). */
export const READY_PATH = '/health';

/**
 * Polls GET /health of an app's HTTP server, or of a base URL such as a `serve` process's,
 * until it answers 200 and throws, naming its last answer, if it has not after `ms`. The API
 * starts after waiting at most a few seconds for Redis and answers 503 until its connection is
 * up (its rate limits count in-process meanwhile); on a loaded machine start-up can use up that
 * wait, so a test's first request waits for readiness instead of racing the connection.
 */
export async function waitUntilReady(
  http: ReturnType<INestApplication['getHttpServer']> | string,
  ms = 30_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const r = await request(http).get(READY_PATH);
    if (r.status === 200) return;
    if (Date.now() > deadline)
      throw new Error(
        `the API is not ready ${ms} ms after start: GET ${READY_PATH} answers ${r.status} ${JSON.stringify(r.body)}`,
      );
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** Creates and initialises the API on `config` (Nest's logger off unless `options.logger` says otherwise) and waits until it is ready. */
export async function startApiApp(
  config: AppConfig,
  options: ApiAppOptions = {},
): Promise<INestApplication> {
  const app = await createApiApp(config, { logger: false, ...options });
  try {
    await app.init();
    await waitUntilReady(app.getHttpServer());
  } catch (err) {
    await app.close();
    throw err;
  }
  return app;
}

export interface TestApiOptions extends ApiAppOptions {
  /**
   * Wait for readiness (waitUntilReady) before the tests run; default true. False for an API
   * started without a Redis, whose 503s the tests are about.
   */
  ready?: boolean;
}

/** The app of a describe block, and its HTTP server for supertest (both set once beforeAll has run). */
export interface TestApi {
  readonly app: INestApplication;
  readonly http: ReturnType<INestApplication['getHttpServer']>;
}

/**
 * Registers a beforeAll that creates and initialises the API on `config` (Nest's logger off
 * unless `options.logger` says otherwise) and waits until it is ready, and an afterAll that
 * closes it; call it in a describe block.
 */
export function useApiApp(config: AppConfig, options: TestApiOptions = {}): TestApi {
  const { ready = true, ...appOptions } = options;
  let app: INestApplication | undefined;
  let http: ReturnType<INestApplication['getHttpServer']> | undefined;

  beforeAll(async () => {
    app = await createApiApp(config, { logger: false, ...appOptions });
    await app.init();
    http = app.getHttpServer();
    if (ready) await waitUntilReady(http);
  });

  afterAll(async () => {
    await app?.close();
  });

  return {
    get app() {
      if (!app) throw new Error('the API app is used before its beforeAll has run');
      return app;
    },
    get http() {
      if (!http) throw new Error('the API app is used before its beforeAll has run');
      return http;
    },
  };
}

/** The API of a describe block without workers, a Redis client on its database, and its workers once started. */
export interface TestApiThenWorkers extends TestApi {
  readonly redis: Redis;
  /**
   * Starts a worker context on `queues` (Nest's logger off), `concurrency` jobs at a time, and
   * returns it; afterAll closes it unless stopWorkers has.
   */
  startWorkers(
    queues: readonly QueueName[],
    concurrency?: number,
  ): Promise<INestApplicationContext>;
  /** Closes every worker context started so far: what is queued from now on waits. */
  stopWorkers(): Promise<void>;
}

/**
 * Registers a beforeAll that starts the API on `config` alone, no worker in it (startApiApp), and
 * opens a Redis client (`redisOptions`) on its database, and an afterAll that closes the workers
 * still running, then the app, then the client; call it in a describe block. For tests that
 * prepare Redis (overwrite a job, change a record) while the jobs wait, then start the workers.
 */
export function useApiThenWorkers(
  config: AppConfig,
  redisOptions: RedisOptions = {},
): TestApiThenWorkers {
  let app: INestApplication | undefined;
  let http: ReturnType<INestApplication['getHttpServer']> | undefined;
  let redis: Redis | undefined;
  let workers: INestApplicationContext[] = [];

  const stopWorkers = async (): Promise<void> => {
    const running = workers;
    workers = [];
    for (const w of running) await w.close();
  };

  beforeAll(async () => {
    app = await startApiApp(config);
    http = app.getHttpServer();
    redis = new Redis(config.REDIS_URL, redisOptions);
  });

  afterAll(async () => {
    await stopWorkers();
    await app?.close();
    redis?.disconnect();
  });

  const before = (): never => {
    throw new Error('the API app is used before its beforeAll has run');
  };
  return {
    get app() {
      return app ?? before();
    },
    get http() {
      return http ?? before();
    },
    get redis() {
      return redis ?? before();
    },
    async startWorkers(queues, concurrency = 2) {
      const ctx = await createWorkerContext(config, queues, concurrency, false);
      workers.push(ctx);
      return ctx;
    },
    stopWorkers,
  };
}

/** A reader of a record as its owner sees it (GET `path` with its token): the HTTP code and the body. */
export function recordReader(
  http: ReturnType<INestApplication['getHttpServer']>,
  path: string,
  token: string,
): () => Promise<{ code: number; status?: string }> {
  return async () => {
    const res = await request(http).get(path).set('Authorization', `Bearer ${token}`);
    return { code: res.status, ...(res.body as { status?: string }) };
  };
}

/**
 * Waits until each record reads `failed` to its owner (GET `path` with its token, within 10 s),
 * and checks the answer is 200 and carries no parser message or stack trace: how a record whose
 * job could not be read (corrupted in Redis) is told to the person who submitted it.
 */
export async function expectRecordsFailed(
  http: ReturnType<INestApplication['getHttpServer']>,
  records: readonly { name: string; path: string; token: string }[],
): Promise<void> {
  for (const { name, path, token } of records) {
    const last = await waitFor(
      recordReader(http, path, token),
      (b) => b.status === 'failed',
      10_000,
    );
    expect(`${name}: ${last.code} ${last.status}`).toBe(`${name}: 200 failed`);
    expect(JSON.stringify(last)).not.toMatch(/SyntaxError|JSON at position|\n\s+at /);
  }
}
