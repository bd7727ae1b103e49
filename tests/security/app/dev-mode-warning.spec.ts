import 'reflect-metadata';
import type { LoggerService } from '@nestjs/common';
import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { createApiApp } from '../../../src/app/bootstrap';
import { refuseAdmin } from '../../../src/config/admin-auth';
import { testConfig } from '../../helpers/redis-test-env';

// DEV_MODE without ADMIN_TOKEN opens every admin route; the start-up warning named two of them,
// not that anyone reaching the port can issue a mission key and read that mission's requests.
describe('DEV_MODE without ADMIN_TOKEN', () => {
  it('warns that every admin route is open to this machine, the mission-key routes too', async () => {
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

// DEV_MODE says "a local setup", but the port listens on every interface: without ADMIN_TOKEN
// anyone on the network could retry and add jobs, read /metrics and issue mission keys.
describe('DEV_MODE without ADMIN_TOKEN: the admin check', () => {
  const request = (remoteAddress: string, headers: Record<string, string> = {}) =>
    ({ method: 'GET', headers, socket: { remoteAddress } }) as unknown as Request;

  it('lets clients on this machine through, IPv4 and IPv6 alike', async () => {
    for (const address of ['127.0.0.1', '127.4.5.6', '::1', '::ffff:127.0.0.1'])
      expect(await refuseAdmin(request(address), undefined), address).toBeUndefined();
  });

  it('refuses a client from elsewhere with 403 naming ADMIN_TOKEN', async () => {
    for (const address of ['10.0.0.7', '192.168.1.20', '::ffff:10.0.0.7', '2001:db8::5', '']) {
      const refusal = await refuseAdmin(request(address), undefined);
      expect(refusal?.status, address).toBe(403);
      expect(refusal?.body.message).toContain('ADMIN_TOKEN');
    }
  });

  it('does not take a request that came through a proxy for a local one', async () => {
    for (const headers of [
      { 'x-forwarded-for': '203.0.113.9' },
      { forwarded: 'for=203.0.113.9' },
    ] as Record<string, string>[])
      expect((await refuseAdmin(request('127.0.0.1', headers), undefined))?.status).toBe(403);
  });

  it('is unchanged with a token: a remote client with it passes', async () => {
    const token = 'a-long-admin-token-for-this-test-42';
    const req = request('10.0.0.7', { authorization: `Bearer ${token}` });
    expect(await refuseAdmin(req, token)).toBeUndefined();
  });
});
