import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKEND_COOL_DOWN_MS } from '../../../src/queue/queue-backend';
import { QUEUES, RECORD_KEYS } from '../../../src/queue/queue-names';
import { PRODUCER_REDIS } from '../../../src/queue/queue.module';
import { PRODUCER_COMMAND_TIMEOUT_MS } from '../../../src/queue/redis-connections';
import { startApiApp } from '../../helpers/api-app';
import { sleep } from '../../helpers/fault-env';
import { testConfig } from '../../helpers/redis-test-env';

/**
 * A submission writes its record, then queues its job: two steps, each answered by Redis. The
 * request had one deadline (PRODUCER_COMMAND_TIMEOUT_MS) over both, while each command has the
 * connection's own timeout from when it is sent: an enqueue sent before the deadline and answered
 * after it (Redis slow, not dead) queued the job and answered the client 503 — and without an
 * Idempotency-Key the record was then deleted, so the job was an orphan; a record write answered
 * after the deadline went on to queue a job after the 503. Now the enqueue, once sent, answers
 * for itself (up to one more deadline), and nothing is queued after a 503. The late answers are
 * made here by holding Redis's answer on the API's side, after Redis has run the command.
 */
describe('a submission whose Redis answers late', () => {
  let app: INestApplication;
  let http: ReturnType<INestApplication['getHttpServer']>;
  let producer: Redis;
  let queue: Queue;
  const config = testConfig('submit-commit', { RATE_LIMIT: '0' });
  const body = { missionId: 'berlin-cg', operationId: 'passport-first-issue' };
  /** Past the deadline, within the connection's timeout of a command sent just before it. */
  const LATE_MS = PRODUCER_COMMAND_TIMEOUT_MS + 300;

  beforeAll(async () => {
    // The API alone: every job queued stays waiting, to be counted.
    app = await startApiApp(config);
    http = app.getHttpServer();
    producer = app.get<Redis>(PRODUCER_REDIS);
    queue = app.get<Queue>(`BullQueue_${QUEUES.konsolosluk}`, { strict: false });
    // One submission loads the record's script (EVALSHA finds it from then on).
    await request(http).post('/konsolosluk/transactions').send(body).expect(202);
  });
  afterAll(async () => {
    await app?.close();
  });

  const waiting = async () => (await queue.getJobCounts('waiting')).waiting;
  const records = async () =>
    (await producer.keys(RECORD_KEYS.konsoloslukTransaction(config.QUEUE_PREFIX, '*'))).length;

  it('answers 202 when the enqueue is answered after the deadline (the job is queued)', async () => {
    const add = queue.add.bind(queue);
    queue.add = (async (...args: Parameters<Queue['add']>) => {
      queue.add = add;
      const job = await add(...args);
      await sleep(LATE_MS - 100);
      return job;
    }) as Queue['add'];
    const jobsBefore = await waiting();
    const res = await request(http).post('/konsolosluk/transactions').send(body);
    expect(res.status).toBe(202);
    const { id } = res.body as { id: string };
    expect(await queue.getJob(`${id}-tx`)).toBeDefined();
    expect(await waiting()).toBe(jobsBefore + 1);
    expect(
      await producer.hget(RECORD_KEYS.konsoloslukTransaction(config.QUEUE_PREFIX, id), 'status'),
    ).toBe('queued');
  });

  /** The next EVALSHA (the record's script) runs, and its answer reaches the API late. */
  const answerNextScriptLate = () => {
    const evalsha = producer.evalsha.bind(producer) as (...a: unknown[]) => Promise<unknown>;
    (producer as unknown as { evalsha: unknown }).evalsha = async (...args: unknown[]) => {
      (producer as unknown as { evalsha: unknown }).evalsha = evalsha;
      const answer = await evalsha(...args);
      await sleep(LATE_MS);
      return answer;
    };
  };

  it('queues no job after answering 503 when the record write is answered after the deadline', async () => {
    // Whatever the case above left of the breaker (open for a while after a late answer).
    await sleep(BACKEND_COOL_DOWN_MS + 100);
    answerNextScriptLate();
    const jobsBefore = await waiting();
    const recordsBefore = await records();
    const res = await request(http).post('/konsolosluk/transactions').send(body);
    expect(res.status).toBe(503);
    // Time for what went on after the answer: an enqueue, and the deletion of the record.
    await sleep(1_000);
    expect(await waiting()).toBe(jobsBefore);
    expect(await records()).toBe(recordsBefore);
  });

  it('with an Idempotency-Key, queues the job all the same, and the retry answers that record', async () => {
    await sleep(BACKEND_COOL_DOWN_MS + 100);
    answerNextScriptLate();
    const jobsBefore = await waiting();
    const key = `commit-keyed-${Date.now()}`;
    const res = await request(http)
      .post('/konsolosluk/transactions')
      .set('Idempotency-Key', key)
      .send(body);
    expect(res.status).toBe(503);
    // The record stays (the retry's), and so that it is not pending without a job, its job is queued.
    await sleep(1_000);
    expect(await waiting()).toBe(jobsBefore + 1);
    await sleep(BACKEND_COOL_DOWN_MS);
    const retry = await request(http)
      .post('/konsolosluk/transactions')
      .set('Idempotency-Key', key)
      .send(body)
      .expect(202);
    const { id } = retry.body as { id: string };
    expect(await queue.getJob(`${id}-tx`)).toBeDefined();
    expect(await waiting()).toBe(jobsBefore + 1);
  });
});
