import 'reflect-metadata';
import { Queue } from 'bullmq';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { QUEUE_NAMES, QUEUES, type QueueName } from '../../../src/queue/queue-names';
import { useApiThenWorkers, waitFor } from '../../helpers/api-app';
import { TEST_ADMIN_TOKEN, testConfig } from '../../helpers/redis-test-env';

/**
 * A job whose hash Redis evicted (`maxmemory-policy allkeys-lru`, or a `volatile-*` one) while
 * its id still waited in the queue's list: a worker takes the id, finds no name and no data,
 * and the job fails for good ("unknown job 'undefined'"). Its record was never told: the
 * status route answered `received`, `queued` or `pending` for ever (probed: 2 of 1,300
 * applications accepted under allkeys-lru). The job's id names its record, so the record now
 * says `failed`, as for any job that failed for good, and the owner knows to submit again.
 * The eviction is done here by deleting the job's hash, exactly what an evicting Redis does.
 */
describe('a job whose hash Redis evicted while it waited', () => {
  const config = testConfig('evicted-job', { RATE_LIMIT: '0' });

  // The API alone: the jobs wait until their hashes are gone and the workers start.
  const api = useApiThenWorkers(config);

  /** Deletes the hash of every job waiting in the queue; returns their ids. */
  async function evictWaiting(queue: QueueName): Promise<string[]> {
    const q = new Queue(queue, { connection: api.redis, prefix: config.QUEUE_PREFIX });
    const ids = await api.redis.lrange(q.toKey('wait'), 0, -1);
    for (const id of ids) await api.redis.del(q.toKey(id));
    return ids;
  }

  it('leaves its record failed, not pending for ever, on every service', async () => {
    const ev = await request(api.http)
      .post('/evisa/applications')
      .send({
        nationality: 'GB',
        passportNumber: 'EVICT0001',
        fullName: 'Evicted Applicant',
        email: 'evicted@example.org',
        arrivalDate: new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10),
      })
      .expect(202);
    const kn = await request(api.http)
      .post('/konsolosluk/transactions')
      .send({ missionId: 'berlin-cg', operationId: 'passport-first-issue' })
      .expect(202);
    // A free-form reference (under its payer's owner tag) and an application's id (under the
    // reference alone): the two forms of a capture job's id.
    const payFree = await request(api.http)
      .post('/payments')
      .send({
        reference: 'order-2026-evicted',
        amountMinor: 1500,
        currency: 'EUR',
        channel: 'virtual-pos',
      })
      .expect(202);
    const evFee = await request(api.http)
      .post('/evisa/applications')
      .send({
        nationality: 'GB',
        passportNumber: 'EVICT0002',
        fullName: 'Evicted Payer',
        email: 'payer@example.org',
        arrivalDate: new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10),
      })
      .expect(202);
    const due = await request(api.http)
      .post('/payments')
      .set('Authorization', `Bearer ${evFee.body.token}`)
      .send({
        reference: evFee.body.id,
        amountMinor: 2000,
        currency: 'USD',
        channel: 'virtual-pos',
      });
    // The fee due depends on config/evisa.yaml: ask again with the amount the 400 names.
    const amount =
      due.status === 202 ? 2000 : Number(/: (\d+) \(/.exec(String(due.body.message))?.[1]);
    const payApp =
      due.status === 202
        ? due
        : await request(api.http)
            .post('/payments')
            .set('Authorization', `Bearer ${evFee.body.token}`)
            .send({
              reference: evFee.body.id,
              amountMinor: amount,
              currency: 'USD',
              channel: 'virtual-pos',
            })
            .expect(202);
    const key = await request(api.http)
      .post('/diplomatic-portal/missions/germany-emb-ankara/keys')
      .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
      .expect(201);
    const dp = await request(api.http)
      .post('/diplomatic-portal/requests')
      .set('Authorization', `Bearer ${key.body.key}`)
      .send({ area: 'accreditation', subject: 'An evicted request' })
      .expect(202);
    // A Hızır hand-off's officer task: no record, but a place among the tasks waiting
    // (OFFICER_QUEUE_MAX_WAITING) until an officer takes it.
    const handoff = await request(api.http)
      .post('/hizir/messages')
      .send({ text: 'recipe for baklava please', sessionId: 'web-evicted' })
      .expect(201);
    expect(handoff.body.handoff).toBe(true);
    const waitingKey = `${config.QUEUE_PREFIX}:konsolosluk:officer:waiting`;
    expect(await api.redis.scard(waitingKey)).toBe(1);

    const evicted = (
      await Promise.all(
        [QUEUES.evisa, QUEUES.konsolosluk, QUEUES.payments, QUEUES.diplomaticPortal].map(
          evictWaiting,
        ),
      )
    ).flat();
    // Two applications' intakes, a transaction, an officer task, two captures and a portal request.
    expect(evicted).toHaveLength(7);

    await api.startWorkers(QUEUE_NAMES);
    const read = (path: string, token: string) => async () =>
      (await request(api.http).get(path).set('Authorization', `Bearer ${token}`)).body as {
        status?: string;
      };
    const checks: [string, () => Promise<{ status?: string }>][] = [
      ['e-visa', read(`/evisa/applications/${ev.body.id}`, ev.body.token)],
      ['transaction', read(`/konsolosluk/transactions/${kn.body.id}`, kn.body.token)],
      ['free-form payment', read(`/payments/${payFree.body.reference}`, payFree.body.token)],
      ["an application's payment", read(`/payments/${payApp.body.reference}`, payApp.body.token)],
      ['portal request', read(`/diplomatic-portal/requests/${dp.body.id}`, key.body.key)],
    ];
    for (const [name, status] of checks) {
      const last = await waitFor(status, (b) => b.status === 'failed', 10_000);
      expect(`${name}: ${last.status}`).toBe(`${name}: failed`);
    }
    // The officer task's place is given back: it counted against the cap for ever.
    expect(
      await waitFor(
        () => api.redis.scard(waitingKey),
        (n) => n === 0,
        10_000,
      ),
    ).toBe(0);
    // And no queue holds an id without its hash (the worker's view: active or waiting).
    for (const queue of [
      QUEUES.evisa,
      QUEUES.konsolosluk,
      QUEUES.payments,
      QUEUES.diplomaticPortal,
    ]) {
      const q = new Queue(queue, { connection: api.redis, prefix: config.QUEUE_PREFIX });
      const counts = await q.getJobCounts('active', 'wait', 'delayed', 'prioritized');
      expect(`${queue}: ${JSON.stringify(counts)}`).toBe(
        `${queue}: ${JSON.stringify({ active: 0, wait: 0, delayed: 0, prioritized: 0 })}`,
      );
    }
  }, 60_000);
});
