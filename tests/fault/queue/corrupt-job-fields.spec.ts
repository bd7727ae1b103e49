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
 * A job whose hash Redis still holds but whose `opts`, `progress` or `parent` field is not JSON
 * (overwritten by hand or by another program, a damaged restore). BullMQ 6 parses those three
 * while it reads the hash, before the Job is made (its Redis backend's rawToJobJson): in a
 * worker that was while taking the job, after moving it to active, so the SyntaxError was thrown
 * outside any job, the job stalled and came back for ever and its record said `received` for
 * ever; in the dashboard the list holding it was a 500. Now each such job fails for good at
 * once, its reason naming the field that is corrupted, its record says `failed`, the worker goes
 * on with the other jobs, and the dashboard lists them.
 */
describe('a job whose options, progress or parent in Redis are not JSON', () => {
  // Short locks: on the old code the jobs came back every second instead of every 30 s.
  const config = testConfig('corrupt-fields', {
    RATE_LIMIT: '0',
    WORKER_LOCK_MS: '1000',
    WORKER_STALLED_INTERVAL_MS: '500',
    WORKER_MAX_STALLED_COUNT: '1',
  });
  const arrival = () => new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);

  // The API alone: the jobs wait until their fields are overwritten and the workers start.
  const api = useApiThenWorkers(config);

  const queueOf = (name: QueueName) =>
    new Queue(name, { connection: api.redis, prefix: config.QUEUE_PREFIX });

  /** Overwrites one field of a waiting job's hash with text that is not JSON. */
  async function corrupt(queue: QueueName, id: string, field: string): Promise<void> {
    const key = queueOf(queue).toKey(id);
    const before = (await api.redis.hget(key, field)) ?? '{"a":1}';
    await api.redis.hset(key, field, before.slice(0, -1) + ',');
  }

  const apply = (passport: string) =>
    request(api.http)
      .post('/evisa/applications')
      .send({
        nationality: 'GB',
        passportNumber: passport,
        fullName: 'Corrupt Applicant',
        email: 'corrupt@example.org',
        arrivalDate: arrival(),
      })
      .expect(202);

  it('fails each for good naming the field, marks its record failed, and runs the others', async () => {
    const evOpts = await apply('CORRUPT02');
    const evParent = await apply('CORRUPT03');
    const kn = await request(api.http)
      .post('/konsolosluk/transactions')
      .send({ missionId: 'berlin-cg', operationId: 'passport-first-issue' })
      .expect(202);
    const [parentId, optsId] = await api.redis.lrange(queueOf(QUEUES.evisa).toKey('wait'), 0, -1);
    const [progressId] = await api.redis.lrange(queueOf(QUEUES.konsolosluk).toKey('wait'), 0, -1);
    // The list is newest first.
    expect([optsId, parentId, progressId]).toEqual([
      expect.stringContaining(evOpts.body.id as string),
      expect.stringContaining(evParent.body.id as string),
      expect.stringContaining(kn.body.id as string),
    ]);
    await corrupt(QUEUES.evisa, optsId, 'opts');
    await corrupt(QUEUES.evisa, parentId, 'parent');
    await corrupt(QUEUES.konsolosluk, progressId, 'progress');
    const cases = [
      [QUEUES.evisa, optsId, 'opts', /options \(its `opts` field\) in Redis are not valid JSON/],
      [
        QUEUES.evisa,
        parentId,
        'parent',
        /parent \(its `parent` field\) in Redis is not valid JSON/,
      ],
      [
        QUEUES.konsolosluk,
        progressId,
        'progress',
        /progress \(its `progress` field\) in Redis is not valid JSON/,
      ],
    ] as const;
    // An application whose job is sound, queued behind them.
    const sound = await apply('SOUND0002');

    // The dashboard lists them: one such job made its whole list a 500.
    const board = async (queue: QueueName, status: string) => {
      const res = await request(api.http)
        .get(`/admin/queues/api/queues?activeQueue=${queue}&status=${status}&page=1`)
        .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`);
      const found = (
        res.body as { queues?: { name: string; jobs: { id: string }[] }[] }
      ).queues?.find((q) => q.name === queue);
      return `${res.status} ${(found?.jobs ?? [])
        .map((j) => j.id)
        .sort()
        .join(',')}`;
    };
    expect(await board(QUEUES.evisa, 'waiting')).toMatch(/^200 /);
    expect((await board(QUEUES.evisa, 'waiting')).split(/[ ,]/)).toEqual(
      expect.arrayContaining([optsId, parentId]),
    );
    expect(await board(QUEUES.konsolosluk, 'waiting')).toBe(`200 ${progressId}`);

    await api.startWorkers(QUEUE_NAMES);
    await expectRecordsFailed(api.http, [
      {
        name: 'e-visa (opts)',
        path: `/evisa/applications/${evOpts.body.id}`,
        token: evOpts.body.token,
      },
      {
        name: 'e-visa (parent)',
        path: `/evisa/applications/${evParent.body.id}`,
        token: evParent.body.token,
      },
      {
        name: 'transaction (progress)',
        path: `/konsolosluk/transactions/${kn.body.id}`,
        token: kn.body.token,
      },
    ]);
    // The jobs failed for good, saying which field is corrupted; none is left active or waiting
    // (the sound application's jobs may be).
    for (const [queue, id, field, reason] of cases) {
      const q = queueOf(queue);
      expect(`${field}: ${await api.redis.zscore(q.toKey('failed'), id)}`).not.toBe(
        `${field}: null`,
      );
      const failedReason = await api.redis.hget(q.toKey(id), 'failedReason');
      expect(failedReason).toMatch(reason);
      expect(failedReason).toMatch(
        /\(corrupted\).*its record, named by the job id, is marked failed/,
      );
      expect(failedReason).not.toMatch(/SyntaxError|JSON at position/);
      const left = [
        ...(await api.redis.lrange(q.toKey('active'), 0, -1)),
        ...(await api.redis.lrange(q.toKey('wait'), 0, -1)),
      ];
      expect(`${field}: ${left.includes(id)}`).toBe(`${field}: false`);
    }
    expect(await board(QUEUES.evisa, 'failed')).toBe(`200 ${[optsId, parentId].sort().join(',')}`);
    expect(await board(QUEUES.konsolosluk, 'failed')).toBe(`200 ${progressId}`);
    // The sound application was worked on: past `received`.
    const next = await waitFor(
      recordReader(api.http, `/evisa/applications/${sound.body.id}`, sound.body.token),
      (b) => b.status !== 'received',
      10_000,
    );
    expect(next.status).not.toMatch(/^(received|failed)$/);
  }, 40_000);
});
