import 'reflect-metadata';
import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplication } from '@nestjs/common';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../../src/app/bootstrap';
import { QUEUE_NAMES, QUEUES } from '../../../src/queue/queue-names';
import { testConfig } from '../../helpers/redis-test-env';

async function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Konsolosluk.NET API on a real Redis, with in-process workers', () => {
  let app: INestApplication;
  let http: ReturnType<INestApplication['getHttpServer']>;
  const config = testConfig('konsolosluk');

  beforeAll(async () => {
    app = await createApiApp(config, {
      workers: QUEUE_NAMES,
      concurrency: 5,
      logger: false,
    });
    await app.init();
    http = app.getHttpServer();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('Konsolosluk.NET transactions are checked against the mission and operation catalogues and served', async () => {
    const bad = await request(http)
      .post('/konsolosluk/transactions')
      .send({ missionId: 'atlantis-cg', operationId: 'passport-first-issue' })
      .expect(400);
    expect(JSON.stringify(bad.body.message)).toContain('missionId');
    const ok = await request(http)
      .post('/konsolosluk/transactions')
      .send({ missionId: 'berlin-cg', operationId: 'passport-first-issue' })
      .expect(202);
    await request(http).get(`/konsolosluk/transactions/${ok.body.id}`).expect(401);
    const done = await waitFor(
      () =>
        request(http)
          .get(`/konsolosluk/transactions/${ok.body.id}`)
          .set('Authorization', `Bearer ${ok.body.token}`),
      (r) => r.body.status === 'done',
    );
    expect(done.body.officerMinutes).toBeGreaterThan(0);
    expect(done.body.transactions).toBeGreaterThanOrEqual(1);
  });

  it('a Hızır hand-off becomes an officer task on the konsolosluk queue', async () => {
    const res = await request(http)
      .post('/hizir/messages')
      .send({ text: 'zxqv wplk mmmr', sessionId: 'handoff-test' })
      .expect(201);
    expect(res.body.handoff).toBe(true);
    const queue = app.get<Queue>(getQueueToken(QUEUES.konsolosluk), { strict: false });
    const tasks = await waitFor(
      async () =>
        (await queue.getJobs(['waiting', 'active', 'completed'])).filter(
          (j) => j.name === 'officer-task',
        ),
      (t) => t.length > 0,
    );
    // The question masked for triage and sealed for the officer; the session as a keyed hash.
    // The task carries Hızır's reason for the hand-off, whichever gate it was.
    expect(res.body.handoffReason).not.toBeNull();
    expect(tasks[0].data).toMatchObject({
      text: 'zxqv wplk mmmr',
      reason: res.body.handoffReason,
    });
    expect(typeof tasks[0].data.sealedText).toBe('string');
    expect(tasks[0].data.session).toMatch(/^[0-9a-f]{24}$/);
  });
});
