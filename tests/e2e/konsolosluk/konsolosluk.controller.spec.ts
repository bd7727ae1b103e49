import 'reflect-metadata';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { TRIAGE_MASK } from '../../../src/hizir/hizir-triage';
import { QUEUES } from '../../../src/queue/queue-names';
import { testConfig } from '../../helpers/redis-test-env';
import { IN_PROCESS_WORKERS, useApiApp, waitFor } from '../../helpers/api-app';

describe('Konsolosluk.NET API on a real Redis, with in-process workers', () => {
  const api = useApiApp(testConfig('konsolosluk'), IN_PROCESS_WORKERS);

  it('Konsolosluk.NET transactions are checked against the mission and operation catalogues and served', async () => {
    const bad = await request(api.http)
      .post('/konsolosluk/transactions')
      .send({ missionId: 'atlantis-cg', operationId: 'passport-first-issue' })
      .expect(400);
    expect(JSON.stringify(bad.body.message)).toContain('missionId');
    const ok = await request(api.http)
      .post('/konsolosluk/transactions')
      .send({ missionId: 'berlin-cg', operationId: 'passport-first-issue' })
      .expect(202);
    await request(api.http).get(`/konsolosluk/transactions/${ok.body.id}`).expect(401);
    const done = await waitFor(
      () =>
        request(api.http)
          .get(`/konsolosluk/transactions/${ok.body.id}`)
          .set('Authorization', `Bearer ${ok.body.token}`),
      (r) => r.body.status === 'done',
    );
    expect(done.body.officerMinutes).toBeGreaterThan(0);
    expect(done.body.transactions).toBeGreaterThanOrEqual(1);
  });

  it('an id longer than any in the catalogues is refused by its length, and not echoed back', async () => {
    const long = 'berlin-' + 'x'.repeat(16_000);
    const res = await request(api.http)
      .post('/konsolosluk/transactions')
      .send({ missionId: long, operationId: 'passport-first-issue' })
      .expect(400);
    expect(JSON.stringify(res.body)).toContain('missionId must be at most 80 characters');
    expect(JSON.stringify(res.body).length).toBeLessThan(2_000);
  });

  it('a Hızır hand-off becomes an officer task on the konsolosluk queue', async () => {
    const res = await request(api.http)
      .post('/hizir/messages')
      .send({ text: 'zxqv wplk mmmr', sessionId: 'handoff-test' })
      .expect(201);
    expect(res.body.handoff).toBe(true);
    const queue = api.app.get<Queue>(getQueueToken(QUEUES.konsolosluk), { strict: false });
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
      // No word of it is common consular vocabulary: all of it masked, as one run.
      text: TRIAGE_MASK,
      reason: res.body.handoffReason,
    });
    expect(typeof tasks[0].data.sealedText).toBe('string');
    expect(tasks[0].data.session).toMatch(/^[0-9a-f]{24}$/);
  });
});
