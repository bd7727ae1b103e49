import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { assertHandlers, handlerFor } from '../queue/handler-check';
import { EVISA_JOBS, QUEUES, type EvisaJobName } from '../queue/queue-names';
import { RecordWorkerHost, type JobOfId } from '../queue/record-worker';
import { WORKER_OPTIONS } from '../queue/worker-options';
import { EvisaService, evisaJobOfId, type EvisaJobData } from './evisa.service';

type Handler = (job: Job<EvisaJobData>) => Promise<unknown>;

@Processor(QUEUES.evisa, WORKER_OPTIONS[QUEUES.evisa])
export class EvisaProcessor extends RecordWorkerHost {
  private readonly handlers: Record<EvisaJobName, Handler>;

  constructor(private readonly service: EvisaService) {
    super(QUEUES.evisa);
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

  protected handle(job: Job<EvisaJobData>): Promise<unknown> {
    return handlerFor(QUEUES.evisa, this.handlers, job.name)(job);
  }

  protected recordRunning(job: Job<EvisaJobData>): Promise<number | undefined> {
    return this.service.running(job);
  }

  protected override jobOfId(jobId: string): JobOfId | undefined {
    return evisaJobOfId(jobId);
  }

  protected recordFailed(job: Job<EvisaJobData>): Promise<boolean> {
    return this.service.failed(job);
  }
}
