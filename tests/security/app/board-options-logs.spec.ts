import 'reflect-metadata';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { QUEUE_NAMES } from '../../../src/queue/queue-names';
import { useApiApp } from '../../helpers/api-app';
import { TEST_ADMIN_TOKEN, testConfig } from '../../helpers/redis-test-env';

/**
 * Two answers of the dashboard (Bull Board) that were Express's or Bull Board's own: OPTIONS was
 * Express's 200 `text/plain` with the methods as the body ("GET, HEAD"), where the API's own
 * paths answer 204 with `Allow`; and the logs of a job that does not exist were 200 with an empty
 * list, where every other route of one job answers 404 naming it.
 */
const ADMIN = `Bearer ${TEST_ADMIN_TOKEN}`;
const BOARD = '/admin/queues';

describe('the dashboard: OPTIONS and the logs of a job', () => {
  const api = useApiApp(testConfig('board-opt', { RATE_LIMIT: '0' }));
  const queue = QUEUE_NAMES[0];

  it('OPTIONS is 204 with Allow naming the methods its routes take, and no body', async () => {
    for (const [path, allow] of [
      ['', 'GET, HEAD, OPTIONS'],
      ['/api/queues', 'GET, HEAD, OPTIONS'],
      [`/api/queues/${queue}/some-job/logs`, 'GET, HEAD, OPTIONS'],
      // Also the path of one job, GET /api/queues/:queue/:job.
      [`/api/queues/${queue}/add`, 'GET, HEAD, POST, OPTIONS'],
      [`/api/queues/${queue}/some-job/retry`, 'PUT, OPTIONS'],
    ] as const) {
      const r = await request(api.http).options(`${BOARD}${path}`).set('Authorization', ADMIN);
      expect(r.status, `${path}: ${r.text}`).toBe(204);
      expect(r.headers.allow, path).toBe(allow);
      expect(r.text, path).toBe('');
      expect(r.headers['content-type'], path).toBeUndefined();
    }
  });

  it('OPTIONS needs the credential, and a path no route takes is the 404', async () => {
    const anonymous = await request(api.http).options(`${BOARD}/api/queues`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.allow).toBeUndefined();
    const unknown = await request(api.http).options(`${BOARD}/nope`).set('Authorization', ADMIN);
    expect(unknown.status).toBe(404);
    expect(Object.keys(unknown.body).sort()).toEqual(['error', 'message', 'statusCode']);
  });

  it('a job that does not exist has no logs: 404 naming the job and its queue', async () => {
    const r = await request(api.http)
      .get(`${BOARD}/api/queues/${queue}/no-such-job/logs`)
      .set('Authorization', ADMIN);
    expect(r.status, r.text).toBe(404);
    expect(r.body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: `no job "no-such-job" in queue "${queue}"`,
    });
    // A queue that does not exist: the dashboard's own 404, naming the queues.
    const noQueue = await request(api.http)
      .get(`${BOARD}/api/queues/nope/no-such-job/logs`)
      .set('Authorization', ADMIN);
    expect(noQueue.status).toBe(404);
    expect(noQueue.body.message).toBe(`no queue "nope": the queues are ${QUEUE_NAMES.join(', ')}`);
  });

  it('a job that exists answers its logs, and one with none an empty list', async () => {
    const q = api.app.get<Queue>(getQueueToken(queue), { strict: false });
    // No worker runs in this app: the jobs wait, untouched.
    const logged = await q.add('probe', {}, { jobId: 'logged-job' });
    await logged.log('first line');
    await q.add('probe', {}, { jobId: 'silent-job' });
    const withLogs = await request(api.http)
      .get(`${BOARD}/api/queues/${queue}/logged-job/logs`)
      .set('Authorization', ADMIN);
    expect(withLogs.status, withLogs.text).toBe(200);
    expect(JSON.stringify(withLogs.body)).toContain('first line');
    const silent = await request(api.http)
      .get(`${BOARD}/api/queues/${queue}/silent-job/logs`)
      .set('Authorization', ADMIN);
    expect(silent.status, silent.text).toBe(200);
    expect(JSON.stringify(silent.body)).not.toContain('first line');
  });
});
