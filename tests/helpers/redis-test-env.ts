import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { loadAppConfig, type AppConfig } from '../../src/config/app-config';

/** The test Redis from tests/global-setup.ts; fails (not skips) with the install hint when there is none. */
export function testRedisUrl(): string {
  const url = inject('redisUrl');
  if (!url) throw new Error(inject('redisError') || 'no Redis for integration tests');
  return url;
}

/** The admin credential test apps start with (the API refuses to start without one). */
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789';

/** Config with a private hash-tagged prefix, so test files can share one Redis in parallel. */
export function testConfig(name: string, env: Record<string, string> = {}): AppConfig {
  return loadAppConfig({
    // A test's own Redis (env.REDIS_URL) needs no shared one.
    REDIS_URL: env.REDIS_URL ?? testRedisUrl(),
    QUEUE_PREFIX: `{test-${name}-${randomBytes(3).toString('hex')}}`,
    TOKEN_SECRET: 'test-secret-0123456789',
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    ...env,
  });
}
