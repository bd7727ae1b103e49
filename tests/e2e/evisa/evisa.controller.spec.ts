import 'reflect-metadata';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { EVISA_JOBS, QUEUES } from '../../../src/queue/queue-names';
import { TEST_ADMIN_TOKEN, testConfig } from '../../helpers/redis-test-env';
import { plausibleArrivalDate } from '../../helpers/fault-env';
import { IN_PROCESS_WORKERS, useApiApp, waitFor } from '../../helpers/api-app';

const application = {
  nationality: 'GB',
  passportNumber: 'P1234567',
  fullName: 'Jane Doe',
  email: 'jane@example.org',
  arrivalDate: plausibleArrivalDate(),
};

describe('e-visa API on a real Redis, with in-process workers', () => {
  const api = useApiApp(testConfig('evisa'), IN_PROCESS_WORKERS);

  it('takes an application (202) and moves it through the flow to an outcome', async () => {
    const res = await request(api.http).post('/evisa/applications').send(application).expect(202);
    expect(res.body).toMatchObject({ status: 'received' });
    expect(res.body.id).toMatch(/^ev_/);
    expect(res.body.token.length).toBeGreaterThan(20);
    const final = await waitFor(
      () =>
        request(api.http)
          .get(`/evisa/applications/${res.body.id}`)
          .set('Authorization', `Bearer ${res.body.token}`),
      (r) => ['issued', 'refused'].includes(r.body.status),
    );
    expect(final.status).toBe(200);
    expect(['issued', 'refused']).toContain(final.body.status);
    expect(final.body.outcome).toBe(final.body.status);
  });

  it('is idempotent: the same key gives the same id and token, and one intake job', async () => {
    const key = `idem-${Date.now()}`;
    const a = await request(api.http)
      .post('/evisa/applications')
      .set('Idempotency-Key', key)
      .send(application)
      .expect(202);
    const b = await request(api.http)
      .post('/evisa/applications')
      .set('Idempotency-Key', key)
      .send(application)
      .expect(202);
    const c = await request(api.http)
      .post('/evisa/applications')
      .send({ ...application, idempotencyKey: key })
      .expect(202);
    expect(b.body.id).toBe(a.body.id);
    expect(c.body.id).toBe(a.body.id);
    expect(b.body.token).toBe(a.body.token);
    const queue = api.app.get<Queue>(getQueueToken(QUEUES.evisa), { strict: false });
    const jobs = await queue.getJobs(['waiting', 'active', 'completed', 'delayed', 'failed']);
    expect(
      jobs.filter((j) => j.name === EVISA_JOBS.intake && j.data.id === a.body.id),
    ).toHaveLength(1);
    const other = await request(api.http)
      .post('/evisa/applications')
      .set('Idempotency-Key', `${key}-other`)
      .send(application)
      .expect(202);
    expect(other.body.id).not.toBe(a.body.id);
  });

  it('authorises status reads by the application token: 401 without, 404 with another or unknown', async () => {
    const a = await request(api.http).post('/evisa/applications').send(application).expect(202);
    const b = await request(api.http).post('/evisa/applications').send(application).expect(202);
    await request(api.http).get(`/evisa/applications/${a.body.id}`).expect(401);
    await request(api.http)
      .get(`/evisa/applications/${a.body.id}`)
      .set('Authorization', `Bearer ${b.body.token}`)
      .expect(404);
    await request(api.http)
      .get(`/evisa/applications/ev_doesnotexist`)
      .set('Authorization', `Bearer ${a.body.token}`)
      .expect(404);
    await request(api.http)
      .get(`/evisa/applications/${a.body.id}`)
      .set('Authorization', `Bearer ${a.body.token}`)
      .expect(200);
  });

  it('rejects invalid and unknown fields (400)', async () => {
    await request(api.http)
      .post('/evisa/applications')
      .send({ ...application, nationality: 'gbr' })
      .expect(400);
    const res = await request(api.http)
      .post('/evisa/applications')
      .send({ ...application, admin: true })
      .expect(400);
    expect(JSON.stringify(res.body.message)).toContain('admin');
    await request(api.http)
      .post('/evisa/applications')
      .set('Idempotency-Key', 'x')
      .send(application)
      .expect(400);
  });

  it('serves /health, /metrics, /docs and the Bull Board (admin ones with the admin credential)', async () => {
    await request(api.http).get('/health').expect(200);
    const admin = `Bearer ${TEST_ADMIN_TOKEN}`;
    const metrics = await request(api.http).get('/metrics').set('Authorization', admin).expect(200);
    expect(metrics.text).toContain('queue_jobs{queue="evisa"');
    expect(metrics.text).toContain('http_request_duration_seconds_bucket');
    await request(api.http).get('/docs').expect(200);
    await request(api.http).get('/admin/queues').set('Authorization', admin).expect(200);
  });
});

describe('e-visa API when Redis is down', () => {
  // Port 1 on loopback: nothing listens there.
  const api = useApiApp(testConfig('down', { REDIS_URL: 'redis://127.0.0.1:1' }), {
    ready: false,
  });

  it('answers 503 with a clear body, quickly, instead of hanging', async () => {
    const started = Date.now();
    const res = await request(api.http).post('/evisa/applications').send(application).expect(503);
    expect(res.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'queue backend unavailable: retry later',
    });
    expect(Date.now() - started).toBeLessThan(5000);
    await request(api.http).get('/health').expect(503);
  });
});
