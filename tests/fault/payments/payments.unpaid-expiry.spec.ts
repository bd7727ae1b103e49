import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRODUCER_REDIS } from '../../../src/queue/queue.module';
import { RECORD_KEYS } from '../../../src/queue/queue-names';
import { startApiApp, waitFor } from '../../helpers/api-app';
import { testConfig } from '../../helpers/redis-test-env';

/**
 * An unpaid payment frees its reference after PAYMENT_UNPAID_TTL_SECONDS (docs/api.md), also
 * when the API's connection to Redis is lost right after the record is written. The expiry was
 * a separate EXPIRE after the script that wrote the record: with the connection gone it was
 * never sent, the client got a 503, and the reference stayed taken for good — every later
 * payment of it, without the first request's Idempotency-Key, was 409 forever, and no capture
 * job was ever queued for the record.
 */
describe('a payment whose connection is lost right after its record is written', () => {
  let app: INestApplication;
  let http: ReturnType<INestApplication['getHttpServer']>;
  let admin: Redis;
  const TTL = 600;
  const config = testConfig('pay-lost', {
    RATE_LIMIT: '0',
    PAYMENT_UNPAID_TTL_SECONDS: String(TTL),
  });
  beforeAll(async () => {
    app = await startApiApp(config);
    http = app.getHttpServer();
    admin = new Redis(config.REDIS_URL);
  });
  afterAll(async () => {
    await app?.close();
    admin?.disconnect();
  });

  const pay = (reference: string) => ({
    reference,
    amountMinor: 700,
    currency: 'EUR',
    channel: 'virtual-pos',
  });

  it('still frees the reference when the unpaid expiry runs out', async () => {
    // A first payment loads the record's script into Redis (EVALSHA finds it from then on).
    await request(http).post('/payments').send(pay('order-2026-warm-1')).expect(202);
    const producer = app.get<Redis>(PRODUCER_REDIS);
    const producerId = String(await producer.client('ID'));
    // The fault: once the record's script has answered, the server drops the API's connection
    // (CLIENT KILL), and the request goes on only once the API has seen it go.
    const evalsha = producer.evalsha.bind(producer) as (...a: unknown[]) => Promise<unknown>;
    (producer as unknown as { evalsha: unknown }).evalsha = async (...args: unknown[]) => {
      const answer = await evalsha(...args);
      (producer as unknown as { evalsha: unknown }).evalsha = evalsha;
      await admin.client('KILL', 'ID', producerId);
      await waitFor(
        async () => producer.status,
        (s) => s !== 'ready',
        5_000,
      );
      return answer;
    };
    const reference = 'order-2026-lost-1';
    const lost = await request(http).post('/payments').send(pay(reference));
    expect(lost.status).toBe(503);
    // The API reconnects on its own.
    await waitFor(
      async () => (await request(http).get('/health')).status,
      (s) => s === 200,
    );
    // A free-form reference's payment lies under its payer's owner tag (payments.service.ts
    // paymentOwner): the one record of this reference under any owner, if it was written.
    const written = await admin.keys(RECORD_KEYS.payment(config.QUEUE_PREFIX, reference, '*'));
    expect(written.length).toBeLessThanOrEqual(1);
    const recordKey = written[0] ?? RECORD_KEYS.payment(config.QUEUE_PREFIX, reference, '-');
    // Written or not, it must not outlive the unpaid expiry (-2: not there, -1: kept for good).
    const ttl = await admin.ttl(recordKey);
    expect(ttl === -2 || (ttl > 0 && ttl <= TTL), `TTL of the record: ${ttl}`).toBe(true);
  });
});
