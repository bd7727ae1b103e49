import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { connect, type AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonLogger } from '../../../src/app/json-logger';
import { startApiApp } from '../../helpers/api-app';
import { TEST_ADMIN_TOKEN, testConfig } from '../../helpers/redis-test-env';

/** Sends `raw` (latin1 bytes) and returns the answer's bytes once the server closes. */
function rawExchange(port: number, raw: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('close', () => resolve(Buffer.concat(chunks)));
    socket.on('error', reject);
    socket.setTimeout(5000, () => socket.destroy(new Error('no close after 5 s')));
    socket.write(raw, 'latin1');
  });
}

/** Characters a human reading a log or a terminal must see as escapes, never as themselves. */
// eslint-disable-next-line no-control-regex -- the control characters are what is looked for
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

/**
 * Client text echoed in an error message (a field name, a value, a path, a header) shows its
 * controls and bidi characters escaped: `unknown field "‮"` with U+202E in it reversed the rest of
 * the line where a human read it.
 */
describe('client text echoed in error messages', () => {
  let app: INestApplication;
  let port: number;
  beforeAll(async () => {
    app = await startApiApp(testConfig('invisible', { RATE_LIMIT: '0' }));
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer() as { address(): AddressInfo }).address().port;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('a query parameter named U+202E is `unknown query parameter "\\u202e"`', async () => {
    const res = await request(app.getHttpServer()).get('/health/live?%E2%80%AE=1');
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual(['unknown query parameter "\\u202e": this route takes none']);
    expect(res.text).not.toMatch(INVISIBLE);
  });

  it('a field typed as the six characters `\\u202e` reads `\\\\u202e`, never as U+202E itself', async () => {
    const typed = await request(app.getHttpServer()).get('/health/live?%5Cu202e=1');
    const sent = await request(app.getHttpServer()).get('/health/live?%E2%80%AE=1');
    expect(typed.body.message).toEqual([
      'unknown query parameter "\\\\u202e": this route takes none',
    ]);
    expect(sent.body.message).toEqual(['unknown query parameter "\\u202e": this route takes none']);
  });

  it('a body field with a no-break, en, hair or ideographic space shows it escaped', async () => {
    const res = await request(app.getHttpServer())
      .post('/hizir/messages')
      .send({ text: 'merhaba', 'text\u00a0': 1, 'a\u2000b\u200ac\u3000': 2 });
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual([
      'unknown field "text\\u00a0": not allowed',
      'unknown field "a\\u2000b\\u200ac\\u3000": not allowed',
    ]);
    expect(res.text).not.toMatch(/[\u00a0\u2000-\u200a\u3000]/);
  });

  it('a body field, nested or not, shows its bidi, zero-width and C1 characters escaped', async () => {
    const res = await request(app.getHttpServer())
      .post('/hizir/messages')
      .send({ text: 'merhaba', 'a\u2066b\u200b': 1, 'c\u009b': 2 });
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual([
      'unknown field "a\\u2066b\\u200b": not allowed',
      'unknown field "c\\u009b": not allowed',
    ]);
  });

  it('a path segment the dashboard decodes and names (a job id) shows it escaped', async () => {
    const res = await request(app.getHttpServer())
      .get('/admin/queues/api/queues/evisa/%E2%80%AEx')
      .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`);
    expect(res.status).toBe(404);
    expect(res.body.message).toBe('no job "\\u202ex" in queue "evisa"');
    expect(res.text).not.toMatch(INVISIBLE);
  });

  it('an Expect header with a C1 control (latin1 0x9B, a terminal escape) is 417 naming it escaped', async () => {
    const answer = await rawExchange(
      port,
      'POST /hizir/messages HTTP/1.1\r\nHost: localhost\r\nExpect: \x9b2J\r\nContent-Length: 0\r\n\r\n',
    );
    const body = answer.toString('utf8').split('\r\n\r\n')[1];
    expect(JSON.parse(body).message).toBe(
      'Expect must be 100-continue (got "\\u009b2J"): no other expectation is supported',
    );
    expect(body).not.toMatch(INVISIBLE);
  });

  it('a log line shows a client text escaped, and parses back to it', () => {
    const lines: string[] = [];
    new JsonLogger(['log'], (line) => lines.push(line)).log({ event: 'x', field: 'a\u202eb' });
    expect(lines[0]).toContain('"field":"a\\u202eb"');
    expect(lines[0]).not.toMatch(INVISIBLE);
    expect(JSON.parse(lines[0]).field).toBe('a\u202eb');
  });

  it('a log line shows a no-break space escaped, and a typed `\\u00a0` apart from it', () => {
    const lines: string[] = [];
    const logger = new JsonLogger(['log'], (line) => lines.push(line));
    logger.log({ event: 'x', field: 'a\u00a0b' });
    logger.log({ event: 'x', field: 'a\\u00a0b' });
    expect(lines[0]).toContain('"field":"a\\u00a0b"');
    expect(lines[1]).toContain('"field":"a\\\\u00a0b"');
    expect(JSON.parse(lines[0]).field).toBe('a\u00a0b');
    expect(JSON.parse(lines[1]).field).toBe('a\\u00a0b');
  });
});
