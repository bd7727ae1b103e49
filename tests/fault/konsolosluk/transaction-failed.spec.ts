import 'reflect-metadata';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { QUEUES, RECORD_KEYS } from '../../../src/queue/queue-names';
import { useApiThenWorkers, waitFor } from '../../helpers/api-app';
import { testConfig } from '../../helpers/redis-test-env';

/**
 * An accepted transaction whose job fails for good (every attempt used: 5, backoff 1 to 8 s)
 * is told to its owner as failed. Before, nothing marked it: the status route answered
 * `queued` for ever, and the failure showed only on the dashboard, for the week failed jobs
 * are kept. The failure here is a catalogue change between a submission and its service (the
 * operation it names is gone from config/konsolosluk/operations.yaml), which no retry mends.
 */
describe('a transaction whose job fails for good', () => {
  const config = testConfig('kn-failed', { RATE_LIMIT: '0' });
  // The API alone: the job waits until the record has been changed and a worker starts.
  const api = useApiThenWorkers(config);

  it('answers status failed, not queued for ever', async () => {
    const accepted = await request(api.http)
      .post('/konsolosluk/transactions')
      .send({ missionId: 'berlin-cg', operationId: 'passport-first-issue' })
      .expect(202);
    const { id, token } = accepted.body as { id: string; token: string };
    await api.redis.hset(
      RECORD_KEYS.konsoloslukTransaction(config.QUEUE_PREFIX, id),
      'operationId',
      'retired-operation',
    );
    await api.startWorkers([QUEUES.konsolosluk]);
    const status = async () =>
      (
        await request(api.http)
          .get(`/konsolosluk/transactions/${id}`)
          .set('Authorization', `Bearer ${token}`)
      ).body as { status?: string };
    // Five attempts take about 15 s of backoff.
    const last = await waitFor(status, (b) => b.status !== 'queued', 45_000);
    expect(last.status).toBe('failed');
  }, 60_000);
});
