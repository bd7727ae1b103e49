import 'reflect-metadata';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { QUEUE_NAMES } from '../../../src/queue/queue-names';
import { useApiApp } from '../../helpers/api-app';
import { TEST_ADMIN_TOKEN, testConfig } from '../../helpers/redis-test-env';

// The dashboard's API (Bull Board) had answered a queue or job its path named that does not
// exist with its own body, {"error":{"key":"ERRORS.QUEUE_NOT_FOUND"}}, where every other 404 of
// the API is {statusCode, error, message}.
const ADMIN = `Bearer ${TEST_ADMIN_TOKEN}`;
const BOARD = '/admin/queues';

describe('the dashboard: what its path names that is not there', () => {
  const api = useApiApp(testConfig('board404', { RATE_LIMIT: '0' }));

  it('a queue, job or job scheduler that does not exist is a 404 in the API shape', async () => {
    const queue = QUEUE_NAMES[0];
    for (const [method, path, message] of [
      ['get', '/api/queues/nope/j1', `no queue "nope": the queues are ${QUEUE_NAMES.join(', ')}`],
      ['put', '/api/queues/nope/retry/failed', 'no queue "nope"'],
      ['get', `/api/queues/${queue}/no-such-job`, `no job "no-such-job" in queue "${queue}"`],
      ['put', `/api/queues/${queue}/no-such-job/retry`, `no job "no-such-job" in queue "${queue}"`],
      [
        'put',
        `/api/queues/${queue}/job-schedulers/no-such/run`,
        `no job scheduler "no-such" in queue "${queue}"`,
      ],
    ] as const) {
      const r = await request(api.http)[method](`${BOARD}${path}`).set('Authorization', ADMIN);
      expect(r.status, `${method} ${path}: ${r.text}`).toBe(404);
      expect(r.headers['content-type']).toMatch(/^application\/json/);
      expect(Object.keys(r.body).sort(), path).toEqual(['error', 'message', 'statusCode']);
      expect(r.body.statusCode).toBe(404);
      expect(r.body.error).toBe('Not Found');
      expect(r.body.message.startsWith(message), r.body.message).toBe(true);
      expect(r.text).not.toMatch(/ERRORS\./);
    }
  });

  it('the same shape as a path no route takes, and its pages and API still answer', async () => {
    const unknown = await request(api.http).get(`${BOARD}/nope`).set('Authorization', ADMIN);
    expect(unknown.status).toBe(404);
    expect(Object.keys(unknown.body).sort()).toEqual(['error', 'message', 'statusCode']);
    for (const page of [BOARD, `${BOARD}/queue/${QUEUE_NAMES[0]}`]) {
      const r = await request(api.http).get(page).set('Authorization', ADMIN);
      expect(r.status, page).toBe(200);
      expect(r.headers['content-type']).toMatch(/^text\/html/);
    }
    const queues = await request(api.http).get(`${BOARD}/api/queues`).set('Authorization', ADMIN);
    expect(queues.status).toBe(200);
    expect(queues.body.queues.map((q: { name: string }) => q.name).sort()).toEqual(
      [...QUEUE_NAMES].sort(),
    );
  });
});
