import 'reflect-metadata';
import type { Request, Response } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { boardErrorShape } from '../../../src/app/board-errors';
import { QUEUE_NAMES } from '../../../src/queue/queue-names';
import { useApiApp } from '../../helpers/api-app';
import { TEST_ADMIN_TOKEN, testConfig } from '../../helpers/redis-test-env';

/**
 * Every error of the dashboard's mount is the API's one shape, {statusCode, error, message}.
 * Its 404s were; its other errors kept Bull Board's own body, a key for its page to translate
 * (`{"error":{"key":"ERRORS.INVALID_CONCURRENCY"},"code":"INVALID_REQUEST"}`), which named
 * neither the rule broken nor, mostly, the field.
 */
const ADMIN = `Bearer ${TEST_ADMIN_TOKEN}`;
const BOARD = '/admin/queues';
const SHAPE = ['error', 'message', 'statusCode'];

describe('the dashboard: its errors in the API shape', () => {
  const api = useApiApp(testConfig('boardshape', { RATE_LIMIT: '0' }));
  const queue = QUEUE_NAMES[0];

  it('bad input, a wrong status, a refused credential: each names what is wrong', async () => {
    const cases: [string, string, object | undefined, Record<string, string>, number, string][] = [
      [
        'get',
        '/api/queues?status=nope',
        undefined,
        {},
        400,
        'query parameter status must be one of',
      ],
      [
        'get',
        '/api/queues?page=abc',
        undefined,
        {},
        400,
        'query parameter page must be a whole number',
      ],
      ['post', `/api/queues/${queue}/add`, { name: 1 }, {}, 400, 'name must be a text'],
      [
        'put',
        `/api/queues/${queue}/concurrency`,
        { concurrency: -1 },
        {},
        400,
        'concurrency must be a whole number, 0 or more',
      ],
      [
        'put',
        `/api/queues/${queue}/retry/nope`,
        undefined,
        {},
        400,
        'jobs that are "nope" cannot be retried',
      ],
      [
        'patch',
        `/api/queues/${queue}/job-schedulers/s1`,
        { pattern: '* * * * *', every: 10 },
        {},
        400,
        'give either pattern',
      ],
      // It was 200 with nothing cleaned.
      [
        'put',
        `/api/queues/${queue}/clean/nope`,
        undefined,
        {},
        400,
        'cannot clean jobs that are "nope": the states are completed, wait',
      ],
      [
        'get',
        '/api/queues',
        undefined,
        { Authorization: 'Bearer wrong' },
        401,
        'admin credential required',
      ],
      [
        'put',
        `/api/queues/${queue}/pause`,
        undefined,
        { Origin: 'https://evil.example' },
        403,
        'admin changes must come from',
      ],
    ];
    for (const [method, path, body, headers, status, message] of cases) {
      const agent = request(api.http);
      const base = agent[method as 'get'](`${BOARD}${path}`)
        .set('Authorization', ADMIN)
        .set(headers);
      const r = body === undefined ? await base : await base.send(body);
      expect(r.status, `${method} ${path}: ${r.text}`).toBe(status);
      expect(r.headers['content-type']).toMatch(/^application\/json/);
      expect(Object.keys(r.body).sort(), r.text).toEqual(SHAPE);
      expect(r.body.statusCode).toBe(status);
      expect(r.body.message, path).toContain(message);
      expect(r.text).not.toMatch(/ERRORS\.|INVALID_REQUEST|"key"|\bat .*\.js:\d+/);
    }
    // A state BullMQ has is still cleaned.
    await request(api.http)
      .put(`${BOARD}/api/queues/${queue}/clean/completed`)
      .set('Authorization', ADMIN)
      .expect(200);
  });
});

/** Errors Bull Board answers that a test cannot provoke on a live board (no read-only queue, no 500 body). */
describe('boardErrorShape', () => {
  function answer(status: number, body: unknown, params: Record<string, string> = {}) {
    const logged: unknown[] = [];
    const logger = { error: (line: unknown) => logged.push(line) };
    let sent: unknown;
    const res = { statusCode: status, json: (b: unknown) => (sent = b) } as unknown as Response;
    const req = { params } as unknown as Request;
    boardErrorShape(QUEUE_NAMES, logger as never)(req, res, () => undefined);
    res.json(body);
    return { sent: sent as Record<string, unknown>, logged };
  }

  it('a 405 on a read-only queue and a 409 name the queue or job', () => {
    expect(
      answer(405, { error: { key: 'ERRORS.QUEUE_READ_ONLY' } }, { queueName: 'evisa' }).sent,
    ).toEqual({
      statusCode: 405,
      error: 'Method Not Allowed',
      message: 'queue "evisa" is read-only: it can be viewed, not changed',
    });
    const busy = answer(
      409,
      {
        error: { key: 'ERRORS.JOB_IS_ACTIVE' },
        message: { key: 'ERRORS.JOB_IS_ACTIVE_DETAILS', options: { jobId: '7' } },
      },
      { queueName: 'evisa', jobId: '7' },
    ).sent;
    expect(busy).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message:
        'job "7" in queue "evisa" is being processed by a worker: it can be removed once it finishes',
    });
  });

  it('a 5xx body says only that it is logged; its text and stack go to the log', () => {
    const stack = 'Error: boom\n    at handler (/app/node_modules/@bull-board/api/dist/x.js:1:1)';
    const { sent, logged } = answer(500, {
      error: { key: 'ERRORS.INTERNAL_SERVER_ERROR' },
      message: 'Connection lost: secret-host:6379',
      details: stack,
      code: 'RESPONSE_SCHEMA_MISMATCH',
    });
    expect(sent).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'the dashboard could not do this: the error is logged for operations',
    });
    expect(JSON.stringify(logged)).toContain('Connection lost');
  });

  it("keeps the one code its page acts on (a scheduler's job), and only that one", () => {
    const scheduled = answer(
      400,
      {
        error: { key: 'ERRORS.JOB_BELONGS_TO_JOB_SCHEDULER' },
        code: 'JOB_BELONGS_TO_JOB_SCHEDULER',
      },
      { queueName: 'evisa', jobId: 'repeat:1' },
    ).sent;
    expect(scheduled).toMatchObject({ statusCode: 400, code: 'JOB_BELONGS_TO_JOB_SCHEDULER' });
    expect(typeof scheduled.message).toBe('string');
    const other = answer(400, { error: { key: 'ERRORS.INVALID_QUEUE' }, code: 'INVALID_REQUEST' });
    expect(Object.keys(other.sent).sort()).toEqual(SHAPE);
  });

  it('an unknown key is still a message, and a success or an API-shaped error is left alone', () => {
    const { sent } = answer(400, { error: { key: 'ERRORS.SOMETHING_NEW' } });
    expect(Object.keys(sent).sort()).toEqual(SHAPE);
    expect(sent.message).toBe('the dashboard refused this request (something new)');
    expect(answer(200, { error: 'x' }).sent).toEqual({ error: 'x' });
    const shaped = { statusCode: 404, error: 'Not Found', message: 'no job' };
    expect(answer(404, shaped).sent).toBe(shaped);
  });
});
