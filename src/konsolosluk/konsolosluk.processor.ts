import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { assertHandlers, handlerFor } from '../queue/handler-check';
import { failedForGood } from '../queue/records';
import { KONSOLOSLUK_JOBS, QUEUES, type KonsoloslukJobName } from '../queue/queue-names';
import { WORKER_OPTIONS } from '../queue/worker-options';
import {
  KonsoloslukService,
  type OfficerTaskData,
  type TransactionJobData,
} from './konsolosluk.service';

@Processor(QUEUES.konsolosluk, WORKER_OPTIONS[QUEUES.konsolosluk])
export class KonsoloslukProcessor extends WorkerHost {
  private readonly logger = new Logger(KonsoloslukProcessor.name);
  private readonly handlers: Record<KonsoloslukJobName, (job: Job) => Promise<unknown>>;

  constructor(private readonly service: KonsoloslukService) {
    super();
    this.handlers = {
      [KONSOLOSLUK_JOBS.transaction]: (job) => this.service.serve(job as Job<TransactionJobData>),
      [KONSOLOSLUK_JOBS.officerTask]: (job) =>
        this.service.officerTask(job as Job<OfficerTaskData>),
    };
    assertHandlers(QUEUES.konsolosluk, this.handlers);
  }

  process(job: Job): Promise<unknown> {
    return handlerFor(QUEUES.konsolosluk, this.handlers, job.name)(job);
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
      queue: QUEUES.konsolosluk,
      job: job.name,
      jobId: job.id,
      attempts: job.attemptsMade,
      error: err.message,
    });
    try {
      if (job.name === KONSOLOSLUK_JOBS.transaction) await this.service.transactionFailed(job);
    } catch (e) {
      this.logger.warn(`could not mark job ${job.id} failed: ${(e as Error).message}`);
    }
  }

  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.logger.warn(`worker: ${err.message}`);
  }
}
