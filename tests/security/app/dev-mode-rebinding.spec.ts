import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../../src/app/bootstrap';
import { testConfig } from '../../helpers/redis-test-env';

/**
 * DEV_MODE without ADMIN_TOKEN opens the admin routes to this machine. A page of another site
 * can point its own DNS name at 127.0.0.1 (DNS rebinding): the browser of whoever runs the API
 * then sends that page's requests from 127.0.0.1 as same-origin requests (Origin and Host
 * both name the other site), and they read the dashboard's job data, /metrics, and issued
 * mission keys.
 */
const MISSION = 'germany-emb-ankara';

function send(
  port: number,
  method: string,
  path: string,
  host: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, method, headers: { Host: host, ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('DEV_MODE without ADMIN_TOKEN: a page of another site pointed at this machine', () => {
  let app: INestApplication;
  let port: number;
  beforeAll(async () => {
    const config = testConfig('rebind', { DEV_MODE: '1', RATE_LIMIT: '0' });
    config.ADMIN_TOKEN = undefined;
    app = await createApiApp(config, { logger: false });
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as { port: number }).port;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('cannot read the dashboard or /metrics, nor issue a mission key: 403 naming the rule', async () => {
    for (const host of [`evil.example:${port}`, 'evil.example', `localhost.evil.example:${port}`]) {
      const sameOrigin = { Origin: `http://${host}`, 'Sec-Fetch-Site': 'same-origin' };
      for (const [method, path] of [
        ['GET', '/admin/queues'],
        ['GET', '/admin/queues/api/queues'],
        ['GET', '/metrics'],
        ['POST', `/diplomatic-portal/missions/${MISSION}/keys`],
      ]) {
        const r = await send(port, method, path, host, sameOrigin);
        const what = `${method} ${path} Host: ${host}`;
        expect(r.status, what).toBe(403);
        const body = JSON.parse(r.text) as { message: string };
        expect(body.message, what).toContain('naming this machine');
        expect(body.message, what).toContain('ADMIN_TOKEN');
        expect(r.text, what).not.toContain('"key"');
      }
    }
  });

  it('still answers a request naming this machine: localhost or an IP address, any port', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, 'LOCALHOST', `[::1]:${port}`]) {
      expect((await send(port, 'GET', '/admin/queues/api/queues', host)).status, host).toBe(200);
      expect((await send(port, 'GET', '/metrics', host)).status, host).toBe(200);
    }
    const key = await send(
      port,
      'POST',
      `/diplomatic-portal/missions/${MISSION}/keys`,
      `localhost:${port}`,
    );
    expect(key.status).toBe(201);
    expect(JSON.parse(key.text)).toMatchObject({ missionId: MISSION });
  });

  it('leaves the API routes that need no admin credential alone', async () => {
    expect((await send(port, 'GET', '/health', `evil.example:${port}`)).status).toBe(200);
  });
});
