import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiApp } from '../../helpers/api-app';
import { testConfig } from '../../helpers/redis-test-env';
import { sendFrom } from '../../helpers/http-from';

/**
 * A Hızır sessionId is chosen by the client and can be guessed (docs/api.md once showed
 * `web-42`). Two clients on two addresses (two loopback addresses, as the rate limits see
 * them) send the same sessionId to the live API: neither may read, answer or spend the other's
 * conversation — its pending clarifying question or its hand-off quota.
 */
describe('Hızır sessions are bound to the client that sends them', () => {
  let app: INestApplication;
  let port: number;
  const PER_SESSION = 2;

  beforeAll(async () => {
    app = await startApiApp(
      testConfig('hizir-owner', {
        RATE_LIMIT: '0',
        HIZIR_HANDOFFS_PER_CLIENT: '1000',
        HIZIR_HANDOFFS_PER_SESSION: String(PER_SESSION),
        HIZIR_HANDOFF_WINDOW_SECONDS: '600',
      }),
    );
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(async () => {
    await app?.close();
  });

  /** POST /hizir/messages from the loopback address `from`. */
  const ask = (from: string, text: string, sessionId: string) =>
    sendFrom(port, from, 'POST', '/hizir/messages', {}, { text, sessionId });
  const VICTIM = '127.0.0.60';
  const STRANGER = '127.0.0.61';
  const fresh = () => `web-${randomBytes(4).toString('hex')}`;

  it("another client's reply neither answers nor takes the pending clarifying question", async () => {
    const question = 'my father died abroad, his name is Ahmet Yilmaz';
    // The victim's conversation as it goes when nobody interferes.
    const alone = fresh();
    expect((await ask(VICTIM, question, alone)).body.clarify).toBeDefined();
    const expected = await ask(VICTIM, '2', alone);
    expect(expected.status).toBe(201);
    expect(expected.body).toMatchObject({ handoff: false });
    expect(expected.body.clarify).toBeUndefined();

    const shared = fresh();
    const first = await ask(VICTIM, question, shared);
    expect(first.body.clarify).toEqual((await ask(VICTIM, question, fresh())).body.clarify);
    // The stranger sending the same sessionId gets what "2" gets in a new conversation, not
    // the answer to the victim's question.
    const stranger = await ask(STRANGER, '2', shared);
    expect(stranger.status).toBe(201);
    expect(stranger.body).toEqual((await ask(STRANGER, '2', fresh())).body);
    expect(stranger.body.operationId).not.toBe(expected.body.operationId);
    // The victim's reply still answers the victim's question.
    expect(await ask(VICTIM, '2', shared)).toEqual(expected);
  });

  it("another client cannot spend a session's hand-off quota", async () => {
    const shared = fresh();
    const outOfScope = (i: number) => `Who will win football match number ${i}?`;
    for (let i = 0; i < PER_SESSION; i++)
      expect((await ask(STRANGER, outOfScope(i), shared)).status).toBe(201);
    const spent = await ask(STRANGER, outOfScope(PER_SESSION), shared);
    expect(spent.status).toBe(429);
    expect(spent.body.message).toMatch(/in this session/);
    // The victim's conversation with the same id has its own quota.
    const victim = await ask(VICTIM, outOfScope(100), shared);
    expect(victim.status).toBe(201);
    expect(victim.body.handoff).toBe(true);
  });
});
