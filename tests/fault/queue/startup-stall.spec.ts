import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { connect, createServer, type Server, type Socket } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../../src/app/bootstrap';
import { PRODUCER_COMMAND_TIMEOUT_MS } from '../../../src/queue/redis-connections';
import { waitFor, waitUntilReady } from '../../helpers/api-app';
import { applicant } from '../../helpers/fault-env';
import { testConfig, testRedisUrl } from '../../helpers/redis-test-env';

/**
 * A TCP proxy to the test Redis that, on each connection, holds Redis's answers for `stallMs`
 * from the first command after the connection's ready check (its first INFO): a Redis that
 * stalls just after the API connected, as a loaded machine or a busy Redis does.
 */
class StallingProxy {
  stalls = 0;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly upstreamPort: number,
    private readonly stallMs: number,
  ) {
    this.server = createServer((client) => this.pipe(client));
  }

  async listen(): Promise<number> {
    await new Promise<void>((done) => this.server.listen(0, '127.0.0.1', done));
    const address = this.server.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  private pipe(client: Socket): void {
    const upstream = connect(this.upstreamPort, '127.0.0.1');
    this.sockets.add(client).add(upstream);
    let readyChecked = false;
    let stalled = false;
    let heldUntil = 0;
    const held: Buffer[] = [];
    client.on('data', (chunk) => {
      if (readyChecked && !stalled) {
        stalled = true;
        this.stalls++;
        heldUntil = Date.now() + this.stallMs;
        setTimeout(() => {
          for (const b of held.splice(0)) if (!client.destroyed) client.write(b);
        }, this.stallMs);
      }
      if (/\$4\r\ninfo\r\n/i.test(chunk.toString('latin1'))) readyChecked = true;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (Date.now() < heldUntil || held.length > 0) held.push(chunk);
      else client.write(chunk);
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((done) => this.server.close(done));
  }
}

describe('Redis stalling just after the API connected', () => {
  // Longer than the producer's command deadline: the commands sent then time out.
  const STALL_MS = PRODUCER_COMMAND_TIMEOUT_MS + 1000;
  let proxy: StallingProxy;
  let app: INestApplication;

  beforeAll(async () => {
    proxy = new StallingProxy(Number(new URL(testRedisUrl()).port), STALL_MS);
    const port = await proxy.listen();
    app = await createApiApp(
      testConfig('stall', { REDIS_URL: `redis://127.0.0.1:${port}`, RATE_LIMIT: '0' }),
      { logger: false },
    );
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await proxy?.close();
  });

  it('takes applications once Redis answers again, without a restart', async () => {
    const http = app.getHttpServer();
    await waitUntilReady(http);
    expect(proxy.stalls).toBeGreaterThan(0);
    // Once Redis answers, a submission is taken within a few deadlines; a queue whose start-up
    // call timed out in the stall would refuse every job with a 503 until the process restarts.
    let i = 0;
    const res = await waitFor(
      () => request(http).post('/evisa/applications').send(applicant(i++, 'ST')),
      (r) => r.status !== 503,
      10_000,
    );
    expect(res.status).toBe(202);
    await request(http).post('/evisa/applications').send(applicant(i++, 'ST')).expect(202);
  });
});
