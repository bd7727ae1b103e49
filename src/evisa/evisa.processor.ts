import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { assertHandlers, handlerFor } from '../queue/handler-check';
import { failedForGood } from '../queue/records';
import { EVISA_JOBS, QUEUES, type EvisaJobName } from '../queue/queue-names';
import { WORKER_OPTIONS } from '../queue/worker-options';
import { EvisaService, type EvisaJobData } from './evisa.service';

type Handler = (job: Job<EvisaJobData>) => Promise<unknown>;

@Processor(QUEUES.evisa, WORKER_OPTIONS[QUEUES.evisa])
export class EvisaProcessor extends WorkerHost {
  private readonly logger = new Logger(EvisaProcessor.name);
  private readonly handlers: Record<EvisaJobName, Handler>;

  constructor(private readonly service: EvisaService) {
    super();
    const step: Handler = (job) => this.service.step(job);
    this.handlers = {
      [EVISA_JOBS.intake]: (job) => this.service.intake(job),
      [EVISA_JOBS.screening]: step,
      [EVISA_JOBS.manualReview]: step,
      [EVISA_JOBS.payment]: step,
      [EVISA_JOBS.issuance]: step,
    };
    assertHandlers(QUEUES.evisa, this.handlers);
  }

  process(job: Job<EvisaJobData>): Promise<unknown> {
    return handlerFor(QUEUES.evisa, this.handlers, job.name)(job);
  }

  /**
   * A job that used its last attempt: its record says `failed` (records.ts markFailed) instead
   * of the step it reached, which its owner would otherwise read as in progress for ever.
   */
  @OnWorkerEvent('failed')
  async onFailed(job: Job<{ id: string }> | undefined, err: Error): Promise<void> {
    if (!job || !failedForGood(job)) return;
    this.logger.warn({
      event: 'job.failed',
      queue: QUEUES.evisa,
      job: job.name,
      jobId: job.id,
      attempts: job.attemptsMade,
      error: err.message,
    });
    try {
      await this.service.failed(job);
    } catch (e) {
      this.logger.warn(`could not mark job ${job.id} failed: ${(e as Error).message}`);
    }
  }

  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.logger.warn(`worker: ${err.message}`);
  }
}
