import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { assertHandlers, handlerFor } from '../queue/handler-check';
import { DIPLOMATIC_PORTAL_JOBS, QUEUES, type DiplomaticPortalJobName } from '../queue/queue-names';
import { RecordWorkerHost, type JobOfId } from '../queue/record-worker';
import { WORKER_OPTIONS } from '../queue/worker-options';
import {
  DiplomaticPortalService,
  portalJobOfId,
  type PortalJobData,
} from './diplomatic-portal.service';

@Processor(QUEUES.diplomaticPortal, WORKER_OPTIONS[QUEUES.diplomaticPortal])
export class DiplomaticPortalProcessor extends RecordWorkerHost {
  private readonly handlers: Record<DiplomaticPortalJobName, (job: Job) => Promise<unknown>>;

  constructor(private readonly service: DiplomaticPortalService) {
    super(QUEUES.diplomaticPortal);
    this.handlers = {
      [DIPLOMATIC_PORTAL_JOBS.request]: (job) => this.service.decide(job as Job<PortalJobData>),
    };
    assertHandlers(QUEUES.diplomaticPortal, this.handlers);
  }

  protected handle(job: Job): Promise<unknown> {
    return handlerFor(QUEUES.diplomaticPortal, this.handlers, job.name)(job);
  }

  protected recordRunning(job: Job<PortalJobData>): Promise<number | undefined> {
    return this.service.running(job);
  }

  protected override jobOfId(jobId: string): JobOfId | undefined {
    return portalJobOfId(jobId);
  }

  protected recordFailed(job: Job<PortalJobData>): Promise<boolean> {
    return this.service.failed(job);
  }
}
