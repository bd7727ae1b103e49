import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { assertHandlers, handlerFor } from '../queue/handler-check';
import { failedForGood } from '../queue/records';
import { DIPLOMATIC_PORTAL_JOBS, QUEUES, type DiplomaticPortalJobName } from '../queue/queue-names';
import { WORKER_OPTIONS } from '../queue/worker-options';
import { DiplomaticPortalService, type PortalJobData } from './diplomatic-portal.service';

@Processor(QUEUES.diplomaticPortal, WORKER_OPTIONS[QUEUES.diplomaticPortal])
export class DiplomaticPortalProcessor extends WorkerHost {
  private readonly logger = new Logger(DiplomaticPortalProcessor.name);
  private readonly handlers: Record<DiplomaticPortalJobName, (job: Job) => Promise<unknown>>;

  constructor(private readonly service: DiplomaticPortalService) {
    super();
    this.handlers = {
      [DIPLOMATIC_PORTAL_JOBS.request]: (job) => this.service.decide(job as Job<PortalJobData>),
    };
    assertHandlers(QUEUES.diplomaticPortal, this.handlers);
  }

  process(job: Job): Promise<unknown> {
    return handlerFor(QUEUES.diplomaticPortal, this.handlers, job.name)(job);
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
      queue: QUEUES.diplomaticPortal,
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
