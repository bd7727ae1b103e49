import 'reflect-metadata';
import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplication } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openText } from '../../../src/common/sealed-text';
import type { OfficerTaskData } from '../../../src/konsolosluk/konsolosluk.service';
import { KONSOLOSLUK_JOBS, QUEUES } from '../../../src/queue/queue-names';
import { startApiApp, waitFor } from '../../helpers/api-app';
import { testConfig } from '../../helpers/redis-test-env';

/**
 * The same Hızır question sent twice by one client is one officer task (deduplicated by client,
 * session and text). Two ways that went wrong:
 * - sent twice at once: the second found the first's waiting mark and was answered
 *   `handoff: true` at once, while the first was still adding the task's job; when that add
 *   failed, the first was answered 503 and took its mark back, and the second citizen had been
 *   promised an officer who never got the question;
 * - sent again after an officer had taken the task up (its job kept a while by retention): the
 *   gate marked it waiting again and the add changed nothing, so the mark had no job to clear
 *   it — counted against OFFICER_QUEUE_MAX_WAITING for ever — and the repeat spent the quota.
 */
const question = () =>
  `My brother was arrested in Munich yesterday, case ${randomBytes(3).toString('hex')}`;

describe('a repeated Hızır hand-off', () => {
  let app: INestApplication;
  let queue: Queue<OfficerTaskData>;
  let probe: Redis;
  const config = testConfig('handoff-dup', {
    RATE_LIMIT: '0',
    RATE_LIMIT_COSTLY: '0',
    // Each test a session of its own, with a quota of two hand-offs.
    HIZIR_HANDOFFS_PER_CLIENT: '1000',
    HIZIR_HANDOFFS_PER_SESSION: '2',
    HIZIR_HANDOFF_WINDOW_SECONDS: '600',
  });
  const waitingKey = `${config.QUEUE_PREFIX}:konsolosluk:officer:waiting`;

  beforeAll(async () => {
    // The konsolosluk worker in the process: an officer takes a task up as soon as it is queued.
    app = await startApiApp(config, { workers: [QUEUES.konsolosluk], concurrency: 1 });
    queue = app.get<Queue<OfficerTaskData>>(getQueueToken(QUEUES.konsolosluk));
    probe = new Redis(config.REDIS_URL);
  });
  afterEach(() => vi.restoreAllMocks());
  afterAll(async () => {
    probe?.disconnect();
    await app?.close();
  });

  const ask = (text: string, sessionId: string) =>
    request(app.getHttpServer()).post('/hizir/messages').send({ text, sessionId });
  const tasksOf = async (text: string) =>
    (await queue.getJobs(['waiting', 'active', 'completed'])).filter(
      (j) =>
        j.name === KONSOLOSLUK_JOBS.officerTask &&
        openText(config.TOKEN_SECRET, j.id!, j.data.sealedText) === text,
    );

  it('sent twice at once, the first add failing: the answer `handoff: true` has a task behind it', async () => {
    const text = question();
    const session = `dup-${randomBytes(3).toString('hex')}`;
    let addCalled!: () => void;
    const called = new Promise<void>((r) => (addCalled = r));
    let failAdd!: () => void;
    const failed = new Promise<void>((r) => (failAdd = r));
    // The first request's add waits, then fails as on a connection Redis closed; later adds run.
    vi.spyOn(queue, 'add').mockImplementationOnce(async () => {
      addCalled();
      await failed;
      throw new Error('Connection is closed.');
    });
    const first = ask(text, session).then((r) => r);
    await called;
    const second = await ask(text, session);
    failAdd();
    expect((await first).status).toBe(503);
    expect(second.status).toBe(201);
    expect(second.body.handoff).toBe(true);
    // The promise holds: the question is an officer task (waiting, or taken up already).
    const tasks = await waitFor(
      () => tasksOf(text),
      (t) => t.length > 0,
      5_000,
    );
    expect(tasks).toHaveLength(1);
  });

  it('sent again after an officer took it up: no waiting mark without a waiting job, no quota spent', async () => {
    const text = question();
    const session = `again-${randomBytes(3).toString('hex')}`;
    // (Retried past a 503: a slow first test may have left the backend breaker open a moment.)
    const first = await waitFor(
      () => ask(text, session),
      (r) => r.status !== 503,
      10_000,
    );
    expect(first.body.handoff).toBe(true);
    // The officer takes it up: its job completes and its mark goes.
    const [task] = await waitFor(
      async () => (await tasksOf(text)).filter((j) => j.finishedOn !== undefined),
      (t) => t.length === 1,
      10_000,
    );
    expect(task).toBeDefined();
    expect(await probe.sismember(waitingKey, task.id!)).toBe(0);
    const again = await ask(text, session);
    expect(again.status).toBe(201);
    expect(again.body.handoff).toBe(true);
    // Still that one task; nothing marks it waiting, since nothing will take it up again.
    expect(await tasksOf(text)).toHaveLength(1);
    expect(await probe.sismember(waitingKey, task.id!)).toBe(0);
    // The repeat counted once: the session's second hand-off of the window (quota 2) is taken.
    const other = await ask(question(), session);
    expect(other.status).toBe(201);
    expect(other.body.handoff).toBe(true);
  });
});
