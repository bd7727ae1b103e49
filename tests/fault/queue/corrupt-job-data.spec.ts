import 'reflect-metadata';
import { Queue } from 'bullmq';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { QUEUE_NAMES, QUEUES, type QueueName } from '../../../src/queue/queue-names';
import {
  expectRecordsFailed,
  recordReader,
  useApiThenWorkers,
  waitFor,
} from '../../helpers/api-app';
import { TEST_ADMIN_TOKEN, testConfig } from '../../helpers/redis-test-env';

/**
 * A job whose hash Redis still holds but whose `data` field is not JSON (overwritten by hand or
 * by another program, a damaged restore). BullMQ parses the data while it takes the job, after
 * moving it to active: the parse threw outside any job, as a worker 'error'. The job was never
 * run nor failed; it stalled, came back and threw again for ever (probed: stall count 10 past a
 * limit of 1), and its record said `received` for ever. Now it fails for good at once, saying its
 * data is corrupted, its record says `failed`, and the worker goes on with the other jobs.
 */
describe('a job whose data in Redis is not JSON', () => {
  // Short locks: on the old code the job came back every second instead of every 30 s.
  const config = testConfig('corrupt-job', {
    RATE_LIMIT: '0',
    WORKER_LOCK_MS: '1000',
    WORKER_STALLED_INTERVAL_MS: '500',
    WORKER_MAX_STALLED_COUNT: '1',
  });
  const arrival = () => new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);

  // The API alone: the jobs wait until their data is overwritten and the workers start.
  const api = useApiThenWorkers(config);

  /** Overwrites the data of every job waiting in the queue with text that is not JSON. */
  async function corruptWaiting(queue: QueueName): Promise<string[]> {
    const q = new Queue(queue, { connection: api.redis, prefix: config.QUEUE_PREFIX });
    const ids = await api.redis.lrange(q.toKey('wait'), 0, -1);
    for (const id of ids) {
      const data = await api.redis.hget(q.toKey(id), 'data');
      await api.redis.hset(q.toKey(id), 'data', String(data).slice(0, -1) + ',');
    }
    return ids;
  }

  it('fails it for good saying so, marks its record failed, and runs the others', async () => {
    const ev = await request(api.http)
      .post('/evisa/applications')
      .send({
        nationality: 'GB',
        passportNumber: 'CORRUPT01',
        fullName: 'Corrupt Applicant',
        email: 'corrupt@example.org',
        arrivalDate: arrival(),
      })
      .expect(202);
    const kn = await request(api.http)
      .post('/konsolosluk/transactions')
      .send({ missionId: 'berlin-cg', operationId: 'passport-first-issue' })
      .expect(202);
    const corrupted = (
      await Promise.all([QUEUES.evisa, QUEUES.konsolosluk].map(corruptWaiting))
    ).flat();
    expect(corrupted).toHaveLength(2);
    // An application whose job is sound, queued behind them.
    const sound = await request(api.http)
      .post('/evisa/applications')
      .send({
        nationality: 'GB',
        passportNumber: 'SOUND0001',
        fullName: 'Sound Applicant',
        email: 'sound@example.org',
        arrivalDate: arrival(),
      })
      .expect(202);

    // The dashboard lists them: one such job made its whole list a 500.
    const board = async (status: string) => {
      const res = await request(api.http)
        .get(`/admin/queues/api/queues?activeQueue=evisa&status=${status}&page=1`)
        .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`);
      const queue = (
        res.body as { queues?: { name: string; jobs: { id: string }[] }[] }
      ).queues?.find((q) => q.name === QUEUES.evisa);
      return `${res.status} ${(queue?.jobs ?? []).map((j) => j.id).join(',')}`;
    };
    expect((await board('waiting')).split(/[ ,]/)).toEqual(
      expect.arrayContaining(['200', corrupted[0]]),
    );

    await api.startWorkers(QUEUE_NAMES);
    await expectRecordsFailed(api.http, [
      { name: 'e-visa', path: `/evisa/applications/${ev.body.id}`, token: ev.body.token },
      {
        name: 'transaction',
        path: `/konsolosluk/transactions/${kn.body.id}`,
        token: kn.body.token,
      },
    ]);
    // The jobs failed for good, saying why, and nothing of them is left active or waiting.
    for (const [queue, id] of [
      [QUEUES.evisa, corrupted[0]],
      [QUEUES.konsolosluk, corrupted[1]],
    ] as const) {
      const q = new Queue(queue, { connection: api.redis, prefix: config.QUEUE_PREFIX });
      expect(await api.redis.zscore(q.toKey('failed'), id)).not.toBeNull();
      expect(await api.redis.hget(q.toKey(id), 'failedReason')).toMatch(
        /not valid JSON \(corrupted\)/,
      );
      // By id: the sound application behind it may be active by now (on a busy machine, still).
      for (const list of ['active', 'wait'])
        expect(await api.redis.lrange(q.toKey(list), 0, -1), `${queue} ${list}`).not.toContain(id);
    }
    expect(await board('failed')).toBe(`200 ${corrupted[0]}`);
    // The sound application was worked on: past `received`.
    const next = await waitFor(
      recordReader(api.http, `/evisa/applications/${sound.body.id}`, sound.body.token),
      (b) => b.status !== 'received',
      10_000,
    );
    expect(next.status).not.toMatch(/^(received|failed)$/);
  }, 30_000);
});
