import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { assertHandlers, handlerFor } from '../queue/handler-check';
import { PAYMENT_JOBS, QUEUES, type PaymentJobName } from '../queue/queue-names';
import { WORKER_OPTIONS } from '../queue/worker-options';
import { PaymentsService, type PaymentJobData } from './payments.service';

@Processor(QUEUES.payments, WORKER_OPTIONS[QUEUES.payments])
export class PaymentsProcessor extends WorkerHost {
  private readonly logger = new Logger(PaymentsProcessor.name);
  private readonly handlers: Record<PaymentJobName, (job: Job<PaymentJobData>) => Promise<unknown>>;

  constructor(private readonly service: PaymentsService) {
    super();
    this.handlers = { [PAYMENT_JOBS.capture]: (job) => this.service.capture(job) };
    assertHandlers(QUEUES.payments, this.handlers);
  }

  process(job: Job<PaymentJobData>): Promise<unknown> {
    return handlerFor(QUEUES.payments, this.handlers, job.name)(job);
  }

  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.logger.warn(`worker: ${err.message}`);
  }
}
