import 'reflect-metadata';
import type { LoggerService } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { createApiApp } from '../../../src/app/bootstrap';
import { testConfig } from '../../helpers/redis-test-env';

// DEV_MODE without ADMIN_TOKEN opens every admin route; the start-up warning named two of them,
// not that anyone reaching the port can issue a mission key and read that mission's requests.
describe('DEV_MODE without ADMIN_TOKEN', () => {
  it('warns that every admin route is open, the mission-key routes too', async () => {
    const warnings: string[] = [];
    const logger: LoggerService = {
      log: () => undefined,
      error: () => undefined,
      warn: (message: unknown) => void warnings.push(String(message)),
    };
    const config = testConfig('devwarn', { DEV_MODE: '1' });
    config.ADMIN_TOKEN = undefined;
    const app = await createApiApp(config, { logger });
    await app.close();
    const warning = warnings.find((w) => w.startsWith('DEV_MODE without ADMIN_TOKEN'));
    expect(warning).toBeDefined();
    for (const route of ['/admin/queues', '/metrics', '/replay/arrivals', 'mission-key'])
      expect(warning).toContain(route);
  });
});
