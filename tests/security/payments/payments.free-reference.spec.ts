import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IN_PROCESS_WORKERS, startApiApp, waitFor } from '../../helpers/api-app';
import { testConfig } from '../../helpers/redis-test-env';
import { sendFrom, type JsonAnswer } from '../../helpers/http-from';

/**
 * A free-form payment reference (an order number, not an application's or transaction's id)
 * names nothing the server holds. It was first come, first served across every client: a second
 * client sending a reference already used got 409 "payment reference '…' already exists" — an
 * oracle telling an outsider which references exist — and anyone could squat a reference before
 * its payer. A free-form reference is now its payer's (the client, as an Idempotency-Key is): two
 * clients paying one reference make two payments, neither learns of the other, and a 409 answers
 * only the client that already paid it. Two loopback addresses stand for two clients.
 */
describe('a free-form payment reference is its payer’s own', () => {
  let app: INestApplication;
  let port: number;
  const OWNER = '127.0.0.80';
  const STRANGER = '127.0.0.81';

  beforeAll(async () => {
    app = await startApiApp(testConfig('pay-owner', { RATE_LIMIT: '0' }), IN_PROCESS_WORKERS);
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(async () => {
    await app?.close();
  });

  type Answer = JsonAnswer;
  const send = (
    from: string,
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: object,
  ) => sendFrom(port, from, method, path, headers, body);
  const pay = (from: string, reference: string, amountMinor: number, key?: string) =>
    send(from, 'POST', '/payments', key ? { 'idempotency-key': key } : {}, {
      reference,
      amountMinor,
      currency: 'EUR',
      channel: 'virtual-pos',
    });
  const read = (from: string, reference: string, token: unknown) =>
    send(from, 'GET', `/payments/${reference}`, { authorization: `Bearer ${String(token)}` });
  const freshReference = () => `order-${randomBytes(5).toString('hex')}`;
  /** What a client can tell from an answer: its status and the shape of its body. */
  const shape = (a: Answer) => ({ status: a.status, fields: Object.keys(a.body).sort() });

  it('another client paying the same reference gets a payment of its own, not 409', async () => {
    const reference = freshReference();
    const mine = await pay(OWNER, reference, 2000);
    expect(mine.status).toBe(202);
    const theirs = await pay(STRANGER, reference, 3100);
    expect(theirs.status).toBe(202);
    expect(theirs.body).toMatchObject({ reference, amountMinor: 3100, status: 'pending' });
    expect(theirs.body.token).not.toBe(mine.body.token);
    // Each token opens its own payment, whatever address reads it.
    expect((await read(STRANGER, reference, theirs.body.token)).body).toMatchObject({
      amountMinor: 3100,
    });
    expect((await read(STRANGER, reference, mine.body.token)).body).toMatchObject({
      amountMinor: 2000,
    });
    expect((await read(OWNER, reference, mine.body.token)).body).toMatchObject({
      amountMinor: 2000,
    });
    // Both are captured (or declined), each as its own attempt.
    for (const token of [mine.body.token, theirs.body.token]) {
      const end = await waitFor(
        () => read(OWNER, reference, token),
        (a) => a.body.status !== 'pending',
      );
      expect(['captured', 'declined']).toContain(end.body.status);
    }
  });

  it('tells an outsider nothing: a reference in use and a fresh one answer alike', async () => {
    const used = freshReference();
    expect((await pay(OWNER, used, 2000)).status).toBe(202);
    const onUsed = await pay(STRANGER, used, 2000);
    const onFresh = await pay(STRANGER, freshReference(), 2000);
    expect(shape(onUsed)).toEqual(shape(onFresh));
    expect(onUsed.body.status).toBe(onFresh.body.status);
  });

  it('cannot be squatted: a reference taken first by another client is still payable by its payer', async () => {
    const reference = freshReference();
    expect((await pay(STRANGER, reference, 1)).status).toBe(202);
    const mine = await pay(OWNER, reference, 2000);
    expect(mine.status).toBe(202);
    expect(mine.body).toMatchObject({ reference, amountMinor: 2000 });
  });

  it('is still paid once by its payer: 409 for the payer’s second request, a retry with its key is the same payment', async () => {
    const reference = freshReference();
    const key = `k-${randomBytes(8).toString('hex')}`;
    const mine = await pay(OWNER, reference, 2000, key);
    expect(mine.status).toBe(202);
    const retry = await pay(OWNER, reference, 2000, key);
    expect(retry.status).toBe(202);
    expect(retry.body.token).toBe(mine.body.token);
    const again = await pay(OWNER, reference, 2000);
    expect(again.status).toBe(409);
    expect(again.body.message).toBe(
      `a payment from this client with reference '${reference}' already exists`,
    );
    expect(again.body).not.toHaveProperty('token');
    // The same key and body from another client: its own payment, nothing of the payer's.
    const theirs = await pay(STRANGER, reference, 2000, key);
    expect(theirs.status).toBe(202);
    expect(theirs.body.token).not.toBe(mine.body.token);
    expect(JSON.stringify(theirs.body)).not.toContain(String(mine.body.token));
  });
});
