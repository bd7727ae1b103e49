import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { assertHandlers, handlerFor } from '../queue/handler-check';
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

  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.logger.warn(`worker: ${err.message}`);
  }
}
