import 'reflect-metadata';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { useApiApp } from '../../helpers/api-app';
import { TEST_ADMIN_TOKEN, testConfig } from '../../helpers/redis-test-env';

/** The dashboard's API (Bull Board) answers errors in the API's JSON shape, without ioredis's or BullMQ's text. */
const ADMIN = `Bearer ${TEST_ADMIN_TOKEN}`;
const ADD = '/admin/queues/api/queues/evisa/add';
const INTERNAL = /Custom Id|Priority should|ERRORS\./;

describe('the dashboard', () => {
  const api = useApiApp(testConfig('boarderr', { RATE_LIMIT: '0' }));

  it('a job option BullMQ refuses is 400 naming the option and its rule', async () => {
    for (const [options, message] of [
      [{ jobId: 'x:y' }, 'options.jobId must not contain ":"'],
      [{ jobId: '42' }, 'options.jobId must not be a whole number'],
      [{ priority: 1.5 }, 'options.priority must be a whole number'],
    ] as const) {
      const r = await request(api.http)
        .post(ADD)
        .set('Authorization', ADMIN)
        .send({ name: 'intake', data: { id: 'ev_x' }, options });
      expect(r.status, JSON.stringify(options)).toBe(400);
      expect(r.body).toEqual({ statusCode: 400, error: 'Bad Request', message });
      expect(JSON.stringify(r.body)).not.toMatch(INTERNAL);
    }
    // A job it takes is still added.
    await request(api.http)
      .post(ADD)
      .set('Authorization', ADMIN)
      .send({ name: 'intake', data: { id: 'ev_x' }, options: { jobId: 'board-ok', delay: 60_000 } })
      .expect(200);
  });
});

/**
 * Job options BullMQ stores as they come were taken into a live queue (`delay: "abc"`,
 * `attempts: -1`, 200), and some were a 500 (`deduplication.ttl: "x"`, a Redis script error; a
 * `parent` that does not exist).
 */
describe('the dashboard: the options of a job it adds', () => {
  const api = useApiApp(testConfig('boardopts', { RATE_LIMIT: '0' }));

  it('an option of the wrong type is 400 naming it and its rule, and no job is added', async () => {
    for (const [options, message] of [
      [{ delay: 'abc' }, 'options.delay must be a whole number of ms, 0 or more'],
      [{ attempts: -1 }, 'options.attempts must be a whole number, 1 or more'],
      [{ backoff: 'nope' }, 'options.backoff must be a whole number of ms, or {type:'],
      [{ timestamp: 'x' }, 'options.timestamp must be a whole number of ms since 1970'],
      [{ removeOnComplete: 'x' }, 'options.removeOnComplete must be true, false'],
      [{ deduplication: { id: 'a', ttl: 'x' } }, 'options.deduplication must be {id: a text'],
      [{ parent: { id: 'x', queue: 'y' } }, 'options.parent is not taken from the dashboard'],
    ] as const) {
      const r = await request(api.http)
        .post(ADD)
        .set('Authorization', ADMIN)
        .send({ name: 'intake', data: { id: 'ev_x' }, options });
      expect(r.status, `${JSON.stringify(options)}: ${r.text}`).toBe(400);
      expect(Object.keys(r.body).sort()).toEqual(['error', 'message', 'statusCode']);
      expect(r.body.message).toEqual([expect.stringContaining(message)]);
    }
    const counts = await request(api.http)
      .get('/admin/queues/api/queues')
      .set('Authorization', ADMIN)
      .expect(200);
    const evisa = counts.body.queues.find((q: { name: string }) => q.name === 'evisa');
    expect(Object.values(evisa.counts as Record<string, number>).every((n) => n === 0)).toBe(true);
    // Options that keep the rules are still taken.
    await request(api.http)
      .post(ADD)
      .set('Authorization', ADMIN)
      .send({
        name: 'intake',
        data: { id: 'ev_x' },
        options: {
          delay: 60_000,
          attempts: 2,
          backoff: { type: 'fixed', delay: 10 },
          removeOnComplete: true,
        },
      })
      .expect(200);
  });
});
