import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiApp } from '../../helpers/api-app';
import { testConfig } from '../../helpers/redis-test-env';
import { applicant } from '../../helpers/fault-env';

/** No existence oracle: "no such id" and "not your id" are one answer. */
describe('e-visa status with a stranger token', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await startApiApp(testConfig('oracle', { RATE_LIMIT: '0' }));
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers 404 with the same body for an existing id and a missing one', async () => {
    const http = app.getHttpServer();
    const mine = await request(http)
      .post('/evisa/applications')
      .send(applicant(1, 'OR'))
      .expect(202);
    const theirs = await request(http)
      .post('/evisa/applications')
      .send(applicant(2, 'OR'))
      .expect(202);
    const auth = `Bearer ${mine.body.token}`;
    const existing = await request(http)
      .get(`/evisa/applications/${theirs.body.id}`)
      .set('Authorization', auth);
    const missing = await request(http)
      .get(`/evisa/applications/ev_${randomBytes(13).toString('hex')}`)
      .set('Authorization', auth);
    const malformed = await request(http)
      .get('/evisa/applications/not-an-id')
      .set('Authorization', auth);
    expect(existing.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(malformed.status).toBe(404);
    expect(existing.body).toEqual(missing.body);
    expect(malformed.body).toEqual(missing.body);
    // Its owner still reads it.
    await request(http)
      .get(`/evisa/applications/${theirs.body.id}`)
      .set('Authorization', `Bearer ${theirs.body.token}`)
      .expect(200);
  });
});
