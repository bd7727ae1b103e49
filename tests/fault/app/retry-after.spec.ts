import 'reflect-metadata';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { BACKEND_COOL_DOWN_MS } from '../../../src/queue/queue-backend';
import { applicant } from '../../helpers/fault-env';
import { usePrivateApi } from '../../helpers/private-api';
import { TEST_ADMIN_TOKEN } from '../../helpers/redis-test-env';

/**
 * A 503 that says Redis is away tells the client when to try again. It said "retry later" with no
 * Retry-After on any route — a submission, a status read, /health, the dashboard's API — so a
 * client had no time to wait on (RFC 9110 §10.2.3); now each carries the breaker's cool-down.
 */
describe('503 answers while Redis is away', () => {
  const api = usePrivateApi('retryafter', { RATE_LIMIT: '0' });
  const seconds = String(Math.ceil(BACKEND_COOL_DOWN_MS / 1000));

  const routes = (id: string) => [
    () => request(api.http).post('/evisa/applications').send(applicant(1, 'RA')),
    () =>
      request(api.http)
        .post('/konsolosluk/transactions')
        .send({ missionId: 'berlin-cg', operationId: 'passport-first-issue' }),
    () => request(api.http).get(`/evisa/applications/${id}`).set('Authorization', 'Bearer t'),
    () => request(api.http).get('/health'),
    () =>
      request(api.http)
        .get('/admin/queues/api/queues')
        .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`),
  ];

  it('carries Retry-After on every 503 while Redis hangs, then while it is down', async () => {
    const first = await request(api.http)
      .post('/evisa/applications')
      .send(applicant(0, 'RA'))
      .expect(202);
    const { id } = first.body as { id: string };
    api.redis.pause();
    const hung = [];
    for (const route of routes(id)) hung.push(await route());
    api.redis.resume();
    await api.redis.kill();
    const down = [];
    for (const route of routes(id)) down.push(await route());
    const answers = [...hung, ...down].map((r, i) => ({
      route: `${i < hung.length ? 'hung' : 'down'} #${i % hung.length}`,
      status: r.status,
      retryAfter: r.headers['retry-after'],
    }));
    expect(answers).toEqual(
      answers.map(({ route }) => ({ route, status: 503, retryAfter: seconds })),
    );
  });
});
