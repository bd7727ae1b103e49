import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { assertHandlers, handlerFor } from '../queue/handler-check';
import { PAYMENT_JOBS, QUEUES, type PaymentJobName } from '../queue/queue-names';
import { RecordWorkerHost, type JobOfId } from '../queue/record-worker';
import { WORKER_OPTIONS } from '../queue/worker-options';
import { captureJobOfId, PaymentsService, type PaymentJobData } from './payments.service';

@Processor(QUEUES.payments, WORKER_OPTIONS[QUEUES.payments])
export class PaymentsProcessor extends RecordWorkerHost {
  private readonly handlers: Record<PaymentJobName, (job: Job<PaymentJobData>) => Promise<unknown>>;

  constructor(private readonly service: PaymentsService) {
    super(QUEUES.payments);
    this.handlers = { [PAYMENT_JOBS.capture]: (job) => this.service.capture(job) };
    assertHandlers(QUEUES.payments, this.handlers);
  }

  protected handle(job: Job<PaymentJobData>): Promise<unknown> {
    return handlerFor(QUEUES.payments, this.handlers, job.name)(job);
  }

  protected recordRunning(job: Job<PaymentJobData>): Promise<number | undefined> {
    return this.service.running(job);
  }

  protected override jobOfId(jobId: string): JobOfId | undefined {
    return captureJobOfId(jobId);
  }

  protected recordFailed(job: Job<PaymentJobData>): Promise<boolean> {
    return this.service.failed(job);
  }
}
