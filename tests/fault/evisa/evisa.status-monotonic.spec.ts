import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvisaFlow } from '../../../src/evisa/evisa-flow';
import { EvisaService, type EvisaJobData } from '../../../src/evisa/evisa.service';
import { evisaDigitalNetwork } from '../../../src/experiment/live-models';
import { EVISA_JOBS, QUEUES } from '../../../src/queue/queue-names';
import { startApiApp } from '../../helpers/api-app';
import { plausibleArrivalDate } from '../../helpers/fault-env';
import { testConfig } from '../../helpers/redis-test-env';

/**
 * A worker paused past its lock (SIGSTOP, a long stall of its event loop) finishes its run of
 * a job after the stalled checker gave the job to another worker, which has since moved the
 * application on. The late run's status write set the record back one step — `screening` after
 * the application had reached the step after it — until the next step's job wrote again. The
 * interleaving is played here on the service the worker calls: the run of intake that finishes
 * last is the paused worker's. The status must only move forward, and the late run must enqueue
 * nothing and repeat no effect.
 */
describe('a late run of an e-visa step (a resumed paused worker)', () => {
  let app: INestApplication;
  const config = testConfig('evisa-monotonic', { RATE_LIMIT: '0' });

  beforeAll(async () => {
    // The API alone: no worker takes the jobs; the test runs the steps itself.
    app = await startApiApp(config);
  });
  afterAll(async () => {
    await app?.close();
  });

  const job = (id: string, name: string, step?: number) =>
    ({
      id: `${id}-${name}`,
      name,
      data: step === undefined ? { id } : { id, step },
      attemptsMade: 0,
    }) as unknown as Job<EvisaJobData>;

  it('never steps the status back, and the late run enqueues nothing', async () => {
    const service = app.get(EvisaService);
    const queue = app.get<Queue>(getQueueToken(QUEUES.evisa));
    const flow = new EvisaFlow(evisaDigitalNetwork());
    // An application with at least two steps before its outcome (its path is drawn from its id).
    let id = '';
    let token = '';
    for (let i = 0; i < 50 && !id; i++) {
      const r = await request(app.getHttpServer())
        .post('/evisa/applications')
        .send({
          nationality: 'GB',
          passportNumber: `MONO${String(i).padStart(5, '0')}`,
          fullName: 'Monotonic Applicant',
          email: 'mono@example.org',
          arrivalDate: plausibleArrivalDate(20),
        })
        .expect(202);
      const first = flow.first(r.body.id);
      if ('step' in first && 'step' in flow.after(r.body.id, first.step.index)) {
        id = r.body.id;
        token = r.body.token;
      }
    }
    expect(id).not.toBe('');
    const status = async () =>
      (
        await request(app.getHttpServer())
          .get(`/evisa/applications/${id}`)
          .set('Authorization', `Bearer ${token}`)
          .expect(200)
      ).body.status as string;

    // Worker B: intake, then the first step; the application shows the second step.
    const first = flow.first(id) as { step: { index: number; job: string } };
    const second = flow.after(id, first.step.index) as { step: { index: number; job: string } };
    await service.intake(job(id, EVISA_JOBS.intake));
    expect(await status()).toBe(first.step.job);
    await service.step(job(id, first.step.job, first.step.index));
    expect(await status()).toBe(second.step.job);
    // Whatever B enqueued is gone (taken and running): only a new add from A would show.
    await queue.obliterate({ force: true });

    // Worker A, resumed: its run of intake ends now.
    await service.intake(job(id, EVISA_JOBS.intake));
    expect(await status()).toBe(second.step.job);
    expect(await queue.count()).toBe(0);
  }, 60_000);
});
