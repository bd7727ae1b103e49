import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll } from 'vitest';
import { createApiApp, type ApiAppOptions } from '../../src/app/bootstrap';
import type { AppConfig } from '../../src/config/app-config';
import { QUEUE_NAMES } from '../../src/queue/queue-names';

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
