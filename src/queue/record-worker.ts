import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import {
  Job,
  Queue,
  UnrecoverableError,
  Worker,
  type JobJson,
  type QueueOptions,
  type WorkerOptions,
} from 'bullmq';
import { FAILED_RETENTION } from './job-options';
import {
  RecordQueueBackend,
  recordBackendFactory,
  takeUnreadableFields,
  type ParsedField,
} from './record-backend';
import { QUEUES, type QueueName } from './queue-names';
import { RECORD_GONE } from './records';
import { isRedisRefusingWrites, retryWhileRedisDown } from './redis-retry';
import { pauseFetchingAfterRefusal } from './worker-backoff';
import { closesAtOnce, countingJobsInHand, type JobsInHand } from './worker-close';

/**
 * Whether a job the worker reports failed is failed for good — BullMQ will not run it again —
 * rather than waiting for a retry. Three ways there: every attempt used; an UnrecoverableError;
 * or a job that stalled more than WORKER_MAX_STALLED_COUNT times (its workers died, or lost
 * its lock, mid-job), which BullMQ fails with an UnrecoverableError ("job stalled more than
 * allowable limit") when a worker next takes it, after as few as one attempt. Counting attempts
 * alone missed that last way: the record said `queued` or `screening` for ever. A job moved to
 * failed has its finishing time set; one waiting for a retry has not.
 */
export function failedForGood(
  job: Pick<Job, 'attemptsMade' | 'finishedOn'> & { opts: { attempts?: number } },
  err?: Pick<Error, 'name'>,
): boolean {
  return (
    job.finishedOn !== undefined ||
    err?.name === 'UnrecoverableError' ||
    job.attemptsMade >= (job.opts.attempts ?? 1)
  );
}

/** The setting whose retention (or expiry) removes a queue's records once they are final. */
const RETENTION_SETTING: Record<QueueName, string> = {
  [QUEUES.evisa]: 'EVISA_RECORD_TTL_SECONDS',
  [QUEUES.konsolosluk]: 'KONSOLOSLUK_RECORD_TTL_SECONDS',
  [QUEUES.payments]: 'PAYMENT_UNPAID_TTL_SECONDS',
  [QUEUES.diplomaticPortal]: 'DIPLOMATIC_PORTAL_RECORD_TTL_SECONDS',
};

/**
 * Why a job run again (a retry, from the dashboard or by BullMQ) fails at once when its record is
 * gone: the job is kept a week after it fails (FAILED_RETENTION), its record only the service's
 * retention, so a retry after that finds nothing to work on.
 */
export function recordGoneReason(queue: QueueName): string {
  return (
    `the record this job works on is gone (past its retention, ${RETENTION_SETTING[queue]}, ` +
    'after it failed, or deleted): the job cannot run again and nothing was changed; its owner ' +
    'reads 404 and must submit anew'
  );
}

/**
 * Why a job whose hash is gone fails for good: Redis evicted it (an evicting `maxmemory-policy`,
 * which GET /health warns about) while its id still waited in the queue, so it has no name and
 * no data to run with.
 */
export function jobLostReason(queue: QueueName): string {
  return (
    `this job's data is gone from Redis (evicted: maxmemory-policy other than noeviction) while it ` +
    `waited in queue '${queue}': it cannot run; its record, named by the job id, is marked failed ` +
    'and its owner must submit anew'
  );
}

/** How a reason names each field of a job's hash that can be unreadable, and its verb. */
const FIELD_WORDS: Record<UnreadableField, [string, string]> = {
  data: ['data', 'is'],
  opts: ['options (its `opts` field)', 'are'],
  progress: ['progress (its `progress` field)', 'is'],
  parent: ['parent (its `parent` field)', 'is'],
};

/**
 * Why a job whose hash Redis holds but with a field that is not JSON fails for good: the field
 * was overwritten (by hand, another program, a damaged restore) and cannot be read. Without its
 * data the job has nothing to run with; without its options, progress or parent it would run
 * with defaults that are not its own, so none is run. The parser's message is left out: V8
 * quotes the text it read.
 */
export function jobUnreadableReason(
  queue: QueueName,
  fields: readonly UnreadableField[] = ['data'],
): string {
  const words = fields.map((field) => FIELD_WORDS[field][0]).join(' and ');
  const verb = fields.length === 1 ? FIELD_WORDS[fields[0]][1] : 'are';
  return (
    `this job's ${words} in Redis ${verb} not valid JSON (corrupted) in queue '${queue}': it ` +
    'cannot run; its record, named by the job id, is marked failed and its owner must submit anew'
  );
}

/** A field of a job's hash that can be unreadable: its data, or one BullMQ parses on reading. */
export type UnreadableField = 'data' | ParsedField;

/** Marks a job RecordJob read from a hash with fields that were not JSON: which ones. */
const UNREADABLE = Symbol('job fields not JSON');

/** The fields of a job's hash that were not JSON in Redis (RecordJob); none for a sound job. */
export function unreadableFields(job: Job): readonly UnreadableField[] {
  return (job as Job & { [UNREADABLE]?: UnreadableField[] })[UNREADABLE] ?? [];
}

/** Whether a job's hash had a field that was not JSON in Redis (RecordJob). */
export function unreadableData(job: Job): boolean {
  return unreadableFields(job).length > 0;
}

/**
 * The Job of the services' queues and workers (RecordJobWorker, RecordJobQueue). BullMQ parses a
 * job's `data` when it reads the job: data that is not JSON threw. In a worker that was while
 * taking the job, after moving it to active, so outside any job, as a worker 'error': the job
 * was never run nor failed; it stalled, came back and threw again for ever (probed: stall count
 * 10 past a limit of 1, its "stalled more than allowable limit" never applied), and its record
 * said `received` for ever. In the dashboard, one such job made its whole list a 500. Such a job
 * is read here with empty data and marked, so RecordWorkerHost fails it for good and marks its
 * record from its id, and the dashboard lists it (with its failure's reason). A job whose
 * `opts`, `progress` or `parent` was not JSON comes here already read (RecordQueueBackend), with
 * those fields named in its options; it is marked the same way.
 */
export class RecordJob extends Job {
  static override fromJSON<T = unknown, R = unknown, N extends string = string>(
    queue: Parameters<typeof Job.fromJSON>[0],
    json: JobJson,
    jobId?: string,
  ): Job<T, R, N> {
    const taken = takeUnreadableFields(json.opts);
    const fields: UnreadableField[] = [...taken.fields];
    // Options lost: it is kept failed as long as the services' failed jobs, not for ever.
    const opts = fields.includes('opts')
      ? { ...taken.opts, removeOnFail: FAILED_RETENTION }
      : taken.opts;
    let job: Job<T, R, N>;
    try {
      job = super.fromJSON<T, R, N>(queue, { ...json, opts }, jobId);
    } catch (e) {
      if (!(e instanceof SyntaxError)) throw e;
      job = super.fromJSON<T, R, N>(queue, { ...json, opts, data: '{}' }, jobId);
      fields.unshift('data');
    }
    if (fields.length > 0) (job as Job & { [UNREADABLE]?: UnreadableField[] })[UNREADABLE] = fields;
    return job;
  }
}

/**
 * The Worker of every @Processor (QueueModule installs it): reads jobs as RecordJob, through a
 * backend that makes a hash with unreadable options, progress or parent readable first.
 */
export class RecordJobWorker extends Worker {
  /** Jobs whose processor is running (see close). */
  private readonly hand: JobsInHand;

  constructor(
    name: string,
    processor: ConstructorParameters<typeof Worker>[1],
    opts: WorkerOptions,
  ) {
    const hand: JobsInHand = { jobs: 0 };
    super(name, countingJobsInHand(processor, hand), opts, recordBackendFactory);
    this.hand = hand;
  }

  /** Closes the worker; at once when it holds no job and Redis is not connected (worker-close.ts). */
  override close(force = false): Promise<void> {
    return super.close(force || closesAtOnce(this, this.hand));
  }

  protected override get Job(): typeof Job {
    // Job's constructor is generic in the job's name type; RecordJob's, inherited, is not.
    return RecordJob as unknown as typeof Job;
  }
}

/** The Queue of every service (QueueModule installs it; the dashboard reads jobs through it). */
export class RecordJobQueue extends Queue {
  constructor(name: string, opts: QueueOptions) {
    super(name, opts, recordBackendFactory);
  }

  protected override get Job(): typeof Job {
    // Job's constructor is generic in the job's name type; RecordJob's, inherited, is not.
    return RecordJob as unknown as typeof Job;
  }
}

/** A job's name and data as its id tells them (each service's job id derives from its record). */
export interface JobOfId {
  name: string;
  data: unknown;
}

/**
 * How long the worker keeps trying to mark a record failed while Redis is away or refuses writes
 * (for memory, or as a replica) (ms): a restart, a failover, or an operator raising `maxmemory`, with room.
 */
export const MARK_FAILED_DEADLINE_MS = 120_000;

/**
 * The WorkerHost of a service whose jobs carry a record its owner reads (an e-visa application,
 * a transaction, a portal request, a payment). One listener for all of them: when a job fails
 * for good — whatever the way (failedForGood) — the record says `failed` through the service's
 * `recordFailed`, instead of the step it reached, which its owner would otherwise read as in
 * progress for ever. Marking is idempotent (records.ts markFailed), so it is tried again while
 * Redis is briefly away or refuses writes for memory. And before each run, `recordRunning` keeps the record of a job retried
 * from the dashboard: in progress again, not expiring under it.
 */
export abstract class RecordWorkerHost extends WorkerHost {
  protected readonly logger: Logger;

  protected constructor(private readonly queueName: QueueName) {
    super();
    this.logger = new Logger(`Worker:${queueName}`);
  }

  /** Marks the record of a job that failed for good (unless it already has its outcome). */
  protected abstract recordFailed(job: Job): Promise<unknown>;

  /**
   * Keeps the record of a job about to run (records.ts reopenRecord): one retried from the
   * dashboard after failing for good finds its record `failed` and expiring, and puts it back in
   * progress without an expiry before it runs. A service may skip a first attempt (attemptsMade
   * 0), whose record cannot have failed yet. Answers RECORD_GONE when the record is not there.
   */
  protected abstract recordRunning(job: Job): Promise<number | undefined>;

  /** The service's handler for the job (what `process` was). */
  protected abstract handle(job: Job): Promise<unknown>;

  /**
   * The name and data of a job as its id tells them (a job's id derives from its record's id),
   * or undefined for an id that names no record: what marks the record of a job whose hash
   * Redis evicted. Every service's processor answers it; none here.
   */
  protected jobOfId(_jobId: string): JobOfId | undefined {
    return undefined;
  }

  /**
   * A job run again whose record is gone fails for good with the reason (recordGoneReason), the
   * dashboard's answer for it: run, it completed having done nothing, as if it had worked. A
   * first attempt without its record (an application deleted after its POST was answered 503,
   * submit-once.ts) still does nothing, as it always did.
   */
  async process(job: Job): Promise<unknown> {
    // A job's hash evicted by Redis while its id waited: BullMQ hands over a job without a name
    // or data, which failed as "unknown job 'undefined'" and left its record in progress for
    // ever (the mark of a failure read the record's id from the data). Its id names the record.
    if (!job.name || unreadableData(job)) await this.lost(job);
    const kept = await this.recordRunning(job);
    if (kept === RECORD_GONE && job.attemptsMade > 0)
      throw new UnrecoverableError(recordGoneReason(this.queueName));
    return this.handle(job);
  }

  /**
   * A job without its hash, or with a field that is not JSON (RecordJob): its record marked
   * failed, and it fails for good (jobLostReason, jobUnreadableReason naming the fields).
   */
  private async lost(job: Job): Promise<never> {
    const reason = unreadableData(job)
      ? jobUnreadableReason(this.queueName, unreadableFields(job))
      : jobLostReason(this.queueName);
    // The 'failed' listener marks from these too; a mark here as well does not hang on
    // BullMQ's move to failed, which a job without its hash may not survive.
    if (this.restore(job)) await this.markFailed(job);
    // A `parent` that is not JSON stops BullMQ's move to failed too (record-backend.ts).
    const backend = this.worker.getBackend();
    if (unreadableFields(job).includes('parent') && backend instanceof RecordQueueBackend)
      await backend.dropUnreadableParent(String(job.id));
    throw new UnrecoverableError(reason);
  }

  /**
   * Gives a job without its hash the name and data its id tells (jobOfId); false when the id
   * names no record. A job whose hash was evicted and that then stalled past
   * WORKER_MAX_STALLED_COUNT never reaches `process`: the stalled check's HINCRBY of its stall
   * count makes it a hash of that count and the failure reason alone, and BullMQ fails it
   * ("job stalled more than allowable limit") as soon as a worker takes it. The mark of the
   * failure read the record's id from the empty data, so its record stayed in progress for ever.
   */
  private restore(job: Job): boolean {
    const restored = job.id === undefined ? undefined : this.jobOfId(job.id);
    if (!restored) return false;
    job.name = restored.name;
    job.data = restored.data;
    return true;
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job | undefined, err: Error): Promise<void> {
    if (!job || !failedForGood(job, err)) return;
    if (!job.name || unreadableData(job)) this.restore(job);
    this.logger.warn({
      event: 'job.failed',
      queue: this.queueName,
      job: job.name,
      jobId: job.id,
      attempts: job.attemptsMade,
      error: err.message,
    });
    await this.markFailed(job);
  }

  /** Marks the job's record failed, tried again while Redis is away or refuses writes. */
  private async markFailed(job: Job): Promise<void> {
    try {
      // Past `maxmemory` (noeviction) the job's every attempt failed with OOM, and so did this
      // mark: it was given up at once, and the record said `issuance` or `received` for ever.
      // So was a mark refused by a read-only replica (READONLY) during a failover.
      await retryWhileRedisDown(() => this.recordFailed(job), {
        deadlineMs: MARK_FAILED_DEADLINE_MS,
        retryIf: isRedisRefusingWrites,
      });
    } catch (e) {
      this.logger.warn(`could not mark job ${job.id} failed: ${(e as Error).message}`);
    }
  }

  @OnWorkerEvent('error')
  onError(err: Error): void {
    // Redis refused the fetch (a replica, out of memory): BullMQ would ask again at once.
    pauseFetchingAfterRefusal(this.worker, err);
    this.logger.warn(`worker: ${err.message}`);
  }
}
