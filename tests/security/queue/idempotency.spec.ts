import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiApp } from '../../helpers/api-app';
import { plausibleArrivalDate } from '../../helpers/fault-env';
import { testConfig } from '../../helpers/redis-test-env';
import { sendFrom } from '../../helpers/http-from';

/**
 * An Idempotency-Key is not a secret anybody checks, and the bodies it was bound to are easy to
 * guess: a Konsolosluk.NET transaction is a mission and an operation, a payment to a free
 * reference its reference and amount. The probe sent docs/api.md's own example (`client-0002`,
 * berlin-cg, passport-first-issue) from a second address and was answered with the first
 * citizen's transaction and its token. A key is now one client's (two loopback addresses stand
 * for two clients, as the rate limits see them): the same key from another client is a request
 * of its own, and answers nothing of the first.
 */
describe('an Idempotency-Key is bound to the client that sent it', () => {
  let app: INestApplication;
  let port: number;
  const OWNER = '127.0.0.70';
  const STRANGER = '127.0.0.71';

  beforeAll(async () => {
    app = await startApiApp(testConfig('idem-owner', { RATE_LIMIT: '0' }));
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(async () => {
    await app?.close();
  });

  const send = (
    from: string,
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: object,
  ) => sendFrom(port, from, method, path, headers, body);
  const post = (from: string, path: string, key: string, body: object) =>
    send(from, 'POST', path, { 'idempotency-key': key }, body);
  const read = (from: string, path: string, token: unknown) =>
    send(from, 'GET', path, { authorization: `Bearer ${String(token)}` });
  const freshKey = () => `k-${randomBytes(8).toString('hex')}`;

  it('a transaction: the same key and body from another client is a transaction of its own', async () => {
    const key = freshKey();
    const body = { missionId: 'berlin-cg', operationId: 'passport-first-issue' };
    const mine = await post(OWNER, '/konsolosluk/transactions', key, body);
    expect(mine.status).toBe(202);
    const theirs = await post(STRANGER, '/konsolosluk/transactions', key, body);
    expect(theirs.status).toBe(202);
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(theirs.body.token).not.toBe(mine.body.token);
    // The stranger's token opens its own transaction only.
    const path = `/konsolosluk/transactions/${String(mine.body.id)}`;
    expect((await read(STRANGER, path, theirs.body.token)).status).toBe(404);
    // The owner's retry is still the owner's transaction, token and all.
    const retry = await post(OWNER, '/konsolosluk/transactions', key, body);
    expect(retry.status).toBe(202);
    expect(retry.body.id).toBe(mine.body.id);
    expect(retry.body.token).toBe(mine.body.token);
    expect((await read(OWNER, path, retry.body.token)).status).toBe(200);
  });

  it("a stranger cannot spoil a client's key by using it first with another body", async () => {
    const key = freshKey();
    const taken = await post(STRANGER, '/konsolosluk/transactions', key, {
      missionId: 'berlin-cg',
      operationId: 'passport-first-issue',
    });
    expect(taken.status).toBe(202);
    const mine = await post(OWNER, '/konsolosluk/transactions', key, {
      missionId: 'berlin-cg',
      operationId: 'passport-renewal',
    });
    expect(mine.status).toBe(202);
    expect(mine.body.operationId).toBe('passport-renewal');
    expect(mine.body.id).not.toBe(taken.body.id);
  });

  it('an e-visa application: another client repeating key and body gets an application of its own', async () => {
    const key = freshKey();
    const body = {
      nationality: 'GB',
      passportNumber: 'P7654321',
      fullName: 'Jane Doe',
      email: 'jane@example.org',
      arrivalDate: plausibleArrivalDate(),
    };
    const mine = await post(OWNER, '/evisa/applications', key, body);
    const theirs = await post(STRANGER, '/evisa/applications', key, body);
    expect([mine.status, theirs.status]).toEqual([202, 202]);
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(theirs.body.token).not.toBe(mine.body.token);
    const retry = await post(OWNER, '/evisa/applications', key, body);
    expect(retry.body).toMatchObject({ id: mine.body.id, token: mine.body.token });
  });

  it('a payment: another client repeating key and body gets a payment of its own, with nothing of the first', async () => {
    const key = freshKey();
    const body = {
      reference: `INV-${randomBytes(4).toString('hex')}`,
      amountMinor: 2000,
      currency: 'USD',
      channel: 'virtual-pos',
    };
    const mine = await post(OWNER, '/payments', key, body);
    expect(mine.status).toBe(202);
    // A free-form reference is its payer's (payments.service.ts paymentOwner): the stranger's is
    // another payment, and its answer tells nothing of the first (it had been 409).
    const theirs = await post(STRANGER, '/payments', key, body);
    expect(theirs.status).toBe(202);
    expect(JSON.stringify(theirs.body)).not.toContain(String(mine.body.token));
    expect(theirs.body.token).not.toBe(mine.body.token);
    expect((await read(STRANGER, `/payments/${body.reference}`, theirs.body.token)).status).toBe(
      200,
    );
    const retry = await post(OWNER, '/payments', key, body);
    expect(retry.status).toBe(202);
    expect(retry.body.token).toBe(mine.body.token);
  });

  it('an idempotencyKey field sent as null leaves the header the key', async () => {
    // The field's rule takes null as left out; the key check took it for a second, different key (400).
    const key = freshKey();
    const body = {
      missionId: 'berlin-cg',
      operationId: 'passport-first-issue',
      idempotencyKey: null,
    };
    const first = await post(OWNER, '/konsolosluk/transactions', key, body);
    expect(first.status).toBe(202);
    const retry = await post(OWNER, '/konsolosluk/transactions', key, body);
    expect(retry.body).toMatchObject({ id: first.body.id, token: first.body.token });
  });
});
