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

export interface TestApiOptions extends ApiAppOptions {
  /**
   * A GET path polled after start-up until it stops answering 503 (at most 100 times, 100 ms
   * apart): the API answers 503 until its Redis connection is up, which a loaded machine may delay.
   */
  readyPath?: string;
}

/** The app of a describe block, and its HTTP server for supertest (both set once beforeAll has run). */
export interface TestApi {
  readonly app: INestApplication;
  readonly http: ReturnType<INestApplication['getHttpServer']>;
}

/**
 * Registers a beforeAll that creates and initialises the API on `config` (Nest's logger off
 * unless `options.logger` says otherwise) and an afterAll that closes it; call it in a describe block.
 */
export function useApiApp(config: AppConfig, options: TestApiOptions = {}): TestApi {
  const { readyPath, ...appOptions } = options;
  let app: INestApplication | undefined;
  let http: ReturnType<INestApplication['getHttpServer']> | undefined;

  beforeAll(async () => {
    app = await createApiApp(config, { logger: false, ...appOptions });
    await app.init();
    http = app.getHttpServer();
    if (readyPath === undefined) return;
    for (let i = 0; i < 100; i++) {
      const r = await request(http).get(readyPath);
      if (r.status !== 503) break;
      await new Promise((done) => setTimeout(done, 100));
    }
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
