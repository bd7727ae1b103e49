import 'reflect-metadata';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { connect } from 'node:net';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { QUEUES } from '../../../src/queue/queue-names';
import { startApiApp, waitFor } from '../../helpers/api-app';
import { applicant } from '../../helpers/fault-env';
import { testConfig } from '../../helpers/redis-test-env';

/**
 * app.close() — what `serve` runs on SIGTERM after its drain (shutdown.ts) — while a request is
 * still arriving: Nest closes the HTTP server before any module's shutdown hook, so the request
 * is served with Redis still connected. It is answered 202, and what the 202 promises holds: the
 * application is stored and its intake job is queued for a worker (none runs here). A new
 * connection meanwhile is refused (nothing sent, so a client knows to try another replica)
 * rather than accepted and reset.
 */
describe('app.close() with a request in flight', () => {
  it('answers it 202 with its record and job in Redis, and refuses new connections', async () => {
    const config = testConfig('close-inflight', { RATE_LIMIT: '0', RATE_LIMIT_COSTLY: '0' });
    const app = await startApiApp(config);
    await app.listen(0, '127.0.0.1');
    const server = app.getHttpServer() as Server;
    const { port } = server.address() as AddressInfo;

    // Headers and half the body now; the rest once the shutdown has begun.
    const body = JSON.stringify(applicant(1, 'Z'));
    const half = Math.floor(body.length / 2);
    // Its headers read: the server holds a request in flight, not an idle connection.
    const arrived = new Promise<void>((r) => server.once('request', () => r()));
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (answer += d));
    const ended = new Promise<void>((r) => socket.on('close', () => r()));
    await new Promise<void>((r) => socket.once('connect', () => r()));
    socket.write(
      `POST /evisa/applications HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, half)}`,
    );
    await arrived;

    const closed = app.close();
    await waitFor(
      async () => server.listening,
      (listening) => !listening,
      10_000,
    );
    expect(server.listening).toBe(false);
    const refused = await new Promise<string>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve('connected');
      });
      s.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? String(err)));
    });
    expect(refused).toBe('ECONNREFUSED');

    socket.write(body.slice(half));
    await waitFor(
      async () => answer,
      (a) => a.includes('\r\n\r\n') && a.trimEnd().endsWith('}'),
      10_000,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 202 /);
    const accepted = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as {
      id: string;
      token: string;
    };
    socket.end();
    await ended;
    await closed;

    // After the shutdown, another instance on the same Redis: the application and its job are there.
    const next = await startApiApp(config);
    try {
      await request(next.getHttpServer())
        .get(`/evisa/applications/${accepted.id}`)
        .set('Authorization', `Bearer ${accepted.token}`)
        .expect(200);
      const job = await next
        .get<Queue>(getQueueToken(QUEUES.evisa), { strict: false })
        .getJob(`${accepted.id}-intake`);
      expect(job?.data).toEqual({ id: accepted.id });
    } finally {
      await next.close();
    }
  });
});
