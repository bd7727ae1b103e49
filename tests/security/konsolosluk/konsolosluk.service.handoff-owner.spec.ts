import 'reflect-metadata';
import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplication } from '@nestjs/common';
import type { Job, JobType, Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openText } from '../../../src/common/sealed-text';
import {
  KonsoloslukService,
  type OfficerTaskData,
} from '../../../src/konsolosluk/konsolosluk.service';
import { KONSOLOSLUK_JOBS, QUEUES } from '../../../src/queue/queue-names';
import { startApiApp } from '../../helpers/api-app';
import { testConfig } from '../../helpers/redis-test-env';
import { sendFrom } from '../../helpers/http-from';

/**
 * Two citizens on two addresses (two loopback addresses, as the quotas see them) send Hızır the
 * same question without a sessionId. Each is answered `handoff: true`, so each must have an
 * officer task of their own: the second's question must not vanish into the first's task
 * (waiting, or already taken up by an officer), and whether someone else's question with that
 * text is waiting must not show in the second client's quota.
 */
describe("a Hızır hand-off is the asking client's own officer task", () => {
  let app: INestApplication;
  let port: number;
  let queue: Queue<OfficerTaskData>;
  const config = testConfig('handoff-owner', {
    RATE_LIMIT: '0',
    HIZIR_HANDOFFS_PER_CLIENT: '2',
    HIZIR_HANDOFFS_PER_SESSION: '1000',
    HIZIR_HANDOFF_WINDOW_SECONDS: '600',
  });

  beforeAll(async () => {
    // No workers in the process: a task stays waiting until the test takes it up.
    app = await startApiApp(config);
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
    queue = app.get<Queue<OfficerTaskData>>(getQueueToken(QUEUES.konsolosluk));
  });
  afterAll(async () => {
    await app?.close();
  });

  /** POST /hizir/messages from the loopback address `from`, without a sessionId. */
  const ask = (from: string, text: string) =>
    sendFrom(port, from, 'POST', '/hizir/messages', {}, { text });
  /** The officer tasks whose question is `text` (waiting only, or in any state). */
  const tasksOf = async (text: string, states: JobType[] = ['waiting']) =>
    (await queue.getJobs(states)).filter(
      (j) =>
        j.name === KONSOLOSLUK_JOBS.officerTask &&
        openText(config.TOKEN_SECRET, j.id!, j.data.sealedText) === text,
    );
  const question = () =>
    `My brother was arrested in Munich yesterday, case ${randomBytes(3).toString('hex')}`;

  it('the same question from two clients is two waiting tasks, each counted in its own quota', async () => {
    const text = question();
    const first = await ask('127.0.0.80', text);
    expect(first.status).toBe(201);
    expect(first.body.handoff).toBe(true);
    const second = await ask('127.0.0.81', text);
    expect(second.status).toBe(201);
    expect(second.body.handoff).toBe(true);
    expect(await tasksOf(text)).toHaveLength(2);
    // The second client's hand-off spent its own quota (2): one more question, then 429.
    expect((await ask('127.0.0.81', question())).status).toBe(201);
    expect((await ask('127.0.0.81', question())).status).toBe(429);
  });

  it('a question an officer already took up from one client is a new task for another', async () => {
    const text = question();
    expect((await ask('127.0.0.82', text)).status).toBe(201);
    const [taken] = await tasksOf(text);
    expect(taken).toBeDefined();
    // The officer takes it up: it no longer waits, and its job is kept a while (retention).
    await app.get(KonsoloslukService).officerTask(taken as Job<OfficerTaskData>);
    const other = await ask('127.0.0.83', text);
    expect(other.body.handoff).toBe(true);
    const all = await tasksOf(text, ['waiting', 'active', 'completed']);
    expect(new Set(all.map((j) => j.id)).size).toBe(2);
  });

  it("one client's repeat of a waiting question is still that one task", async () => {
    const text = question();
    expect((await ask('127.0.0.84', text)).status).toBe(201);
    expect((await ask('127.0.0.84', text)).status).toBe(201);
    expect(await tasksOf(text)).toHaveLength(1);
  });
});
