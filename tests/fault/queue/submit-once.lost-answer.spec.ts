import 'reflect-metadata';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { BACKEND_COOL_DOWN_MS } from '../../../src/queue/queue-backend';
import { QUEUES, RECORD_KEYS } from '../../../src/queue/queue-names';
import { PRODUCER_COMMAND_TIMEOUT_MS } from '../../../src/queue/redis-connections';
import { waitFor } from '../../helpers/api-app';
import { applicant, sleep } from '../../helpers/fault-env';
import { usePrivateApi } from '../../helpers/private-api';

/**
 * A keyed submission whose record's script runs but whose answer never comes back in time (Redis
 * held past the command's timeout: CLIENT PAUSE WRITE here; a network delay of 1.2 s each way in
 * the probe that found it) is answered 503 and no enqueue was sent. The record stayed `received`
 * (`queued` for a transaction) for ever with no job unless the client retried with its key. Now
 * the API queues that record's job itself once Redis answers, as the retry would.
 */
describe('a keyed submission whose record is written after its 503', () => {
  const api = usePrivateApi('lostanswer', { RATE_LIMIT: '0' });
  const queue = (name: keyof typeof QUEUES) =>
    api.app.get<Queue>(`BullQueue_${QUEUES[name]}`, { strict: false });

  /** Holds every write for longer than the request's deadline and the command's timeout. */
  const holdWrites = () =>
    api.probe.call('CLIENT', 'PAUSE', String(PRODUCER_COMMAND_TIMEOUT_MS + 1_000), 'WRITE');

  const routes = [
    {
      name: 'e-visa application',
      queue: 'evisa' as const,
      send: (key = 'lost-answer-ev-1') =>
        request(api.http)
          .post('/evisa/applications')
          .set('Idempotency-Key', key)
          .send(applicant(1, 'LA')),
      records: () => RECORD_KEYS.evisaApplication(api.prefix, '*'),
      job: (id: string) => `${id}-intake`,
    },
    {
      name: 'Konsolosluk.NET transaction',
      queue: 'konsolosluk' as const,
      send: (key = 'lost-answer-kn-1') =>
        request(api.http)
          .post('/konsolosluk/transactions')
          .set('Idempotency-Key', key)
          .send({ missionId: 'berlin-cg', operationId: 'passport-first-issue' }),
      records: () => RECORD_KEYS.konsoloslukTransaction(api.prefix, '*'),
      job: (id: string) => `${id}-tx`,
    },
  ];

  for (const route of routes)
    it(`queues the job of a ${route.name} the 503 left without one`, async () => {
      // The API alone: a job it queues stays waiting, to be found. One submission first loads
      // the record's script (a first EVALSHA held past its timeout would never run it).
      const warm = await route.send('lost-answer-warm-up');
      expect(warm.status).toBe(202);
      const warmId = (warm.body as { id: string }).id;
      await holdWrites();
      const res = await route.send();
      expect(res.status).toBe(503);
      await sleep(1_200);
      // The script ran once the pause ended: the record is there, pending.
      const keys = (await api.probe.keys(route.records())).filter((k) => !k.endsWith(warmId));
      expect(keys).toHaveLength(1);
      const id = keys[0].split(':').pop() as string;
      const job = await waitFor(
        () => queue(route.queue).getJob(route.job(id)),
        (j) => j !== undefined,
        8_000,
      );
      expect(job?.id).toBe(route.job(id));
      // The client's retry with the same key (once the API tries Redis again) finds that
      // record and its one job.
      await sleep(BACKEND_COOL_DOWN_MS);
      const retry = await route.send();
      expect(retry.status).toBeLessThan(300);
      expect((retry.body as { id: string }).id).toBe(id);
      expect(await queue(route.queue).getJobCounts('waiting')).toEqual({ waiting: 2 });
    });
});
