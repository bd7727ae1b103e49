import 'reflect-metadata';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { QUEUES } from '../../../src/queue/queue-names';
import { waitFor } from '../../helpers/api-app';
import { sleep } from '../../helpers/fault-env';
import { usePrivateApi } from '../../helpers/private-api';

/**
 * A Hızır hand-off answered 503 because Redis hung — its gate script sent, no answer in time —
 * must leave nothing behind when Redis wakes and runs the script after all. It left the task's
 * id in the set of waiting officer tasks with no job behind it: counted against
 * OFFICER_QUEUE_MAX_WAITING for ever, the client's quota spent, and the citizen's retry of the
 * same question answered 201 `handoff: true` as "already waiting" — a question no officer
 * would ever see.
 */
describe('a hand-off answered 503 while Redis hangs', () => {
  const prefix = '{test-handoff-hung}';
  const api = usePrivateApi('handoff-hung', {
    QUEUE_PREFIX: prefix,
    // The hang meets the hand-off's own script, not the rate limiter's count before it.
    RATE_LIMIT: '0',
    RATE_LIMIT_COSTLY: '0',
  });

  const question = { text: 'Who will win the football match on Sunday?' };
  const waitingAlready = { text: 'What is the best recipe for baklava?' };
  const waitingKey = `${prefix}:konsolosluk:officer:waiting`;

  it('leaves no waiting task without a job, and the retry reaches an officer', async () => {
    // A question already waiting keeps its place whatever happens to a repeat of it.
    await request(api.http).post('/hizir/messages').send(waitingAlready).expect(201);
    const before = await api.probe.smembers(waitingKey);
    expect(before).toHaveLength(1);
    api.redis.pause();
    const hung = await request(api.http).post('/hizir/messages').send(question);
    expect(hung.status).toBe(503);
    // Past the breaker's cool-down, a repeat of the waiting question sends its gate to the hung
    // Redis too: 503, and its clean-up must not take the waiting task's place.
    await sleep(2_100);
    const repeat = await request(api.http).post('/hizir/messages').send(waitingAlready);
    expect(repeat.status).toBe(503);
    api.redis.resume();
    // The script Redis received before it hung runs now; the clean-up, if any, after it.
    await sleep(500);
    const queue = api.app.get<Queue>(getQueueToken(QUEUES.konsolosluk));
    const jobIds = async () => (await queue.getJobs(['waiting', 'active'])).map((j) => j.id);
    const settled = await waitFor(
      async () => {
        const [members, ids] = [await api.probe.smembers(waitingKey), await jobIds()];
        return members.filter((m) => !ids.includes(m));
      },
      (g) => g.length === 0,
      5_000,
    );
    expect(settled).toEqual([]);
    // The citizen asks again once the service answers: a real task is made.
    const again = await waitFor(
      () => request(api.http).post('/hizir/messages').send(question),
      (r) => r.status !== 503,
      10_000,
    );
    expect(again.status).toBe(201);
    expect(again.body.handoff).toBe(true);
    const members = await api.probe.smembers(waitingKey);
    expect(members).toHaveLength(2);
    expect(members).toEqual(expect.arrayContaining(before));
    for (const id of members) expect(await queue.getJob(id)).toBeDefined();
  });
});
