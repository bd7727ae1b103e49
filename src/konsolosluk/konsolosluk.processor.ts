import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { assertHandlers, handlerFor } from '../queue/handler-check';
import { KONSOLOSLUK_JOBS, QUEUES, type KonsoloslukJobName } from '../queue/queue-names';
import { RecordWorkerHost, type JobOfId } from '../queue/record-worker';
import { WORKER_OPTIONS } from '../queue/worker-options';
import {
  KonsoloslukService,
  transactionJobOfId,
  type OfficerTaskData,
  type TransactionJobData,
} from './konsolosluk.service';

@Processor(QUEUES.konsolosluk, WORKER_OPTIONS[QUEUES.konsolosluk])
export class KonsoloslukProcessor extends RecordWorkerHost {
  private readonly handlers: Record<KonsoloslukJobName, (job: Job) => Promise<unknown>>;

  constructor(private readonly service: KonsoloslukService) {
    super(QUEUES.konsolosluk);
    this.handlers = {
      [KONSOLOSLUK_JOBS.transaction]: (job) => this.service.serve(job as Job<TransactionJobData>),
      [KONSOLOSLUK_JOBS.officerTask]: (job) =>
        this.service.officerTask(job as Job<OfficerTaskData>),
    };
    assertHandlers(QUEUES.konsolosluk, this.handlers);
  }

  protected handle(job: Job): Promise<unknown> {
    return handlerFor(QUEUES.konsolosluk, this.handlers, job.name)(job);
  }

  /** A transaction's record; an officer task has none. */
  protected async recordRunning(job: Job): Promise<number | undefined> {
    if (job.name !== KONSOLOSLUK_JOBS.transaction) return undefined;
    return this.service.transactionRunning(job as Job<TransactionJobData>);
  }

  protected override jobOfId(jobId: string): JobOfId | undefined {
    return transactionJobOfId(jobId);
  }

  protected recordFailed(job: Job): Promise<unknown> {
    return job.name === KONSOLOSLUK_JOBS.transaction
      ? this.service.transactionFailed(job as Job<TransactionJobData>)
      : this.service.officerTaskFailed(job as Job<OfficerTaskData>);
  }
}
