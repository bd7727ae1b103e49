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
