import { DEFAULT_QUEUE_PREFIX } from '../config/queue-prefix';

/**
 * Every queue and job name in one place. Producers, processors, Bull Board, metrics and the
 * start-up handler check all read these constants; nothing else spells a queue name.
 *
 * The key prefix carries a Redis Cluster hash tag (`{consular}`), so all of a queue's keys
 * (and the application hashes beside them) land in one slot: BullMQ's Lua scripts touch
 * several keys at once, which Redis Cluster and Dragonfly only allow within one slot.
 */
/** Default key prefix (QUEUE_PREFIX in the environment overrides it, e.g. per test file). */
export const QUEUE_PREFIX = DEFAULT_QUEUE_PREFIX;

export const QUEUES = {
  evisa: 'evisa',
  konsolosluk: 'konsolosluk',
  payments: 'payments',
  diplomaticPortal: 'diplomatic-portal',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
export const QUEUE_NAMES: readonly QueueName[] = Object.values(QUEUES);

/** E-visa: one job per step of the flow (intake → screening → [manual review] → payment → issuance). */
export const EVISA_JOBS = {
  intake: 'intake',
  screening: 'screening',
  manualReview: 'manual-review',
  payment: 'payment',
  issuance: 'issuance',
} as const;
export type EvisaJobName = (typeof EVISA_JOBS)[keyof typeof EVISA_JOBS];

/** Konsolosluk.NET: a counter transaction, or an officer task handed off by Hızır. */
export const KONSOLOSLUK_JOBS = {
  transaction: 'transaction',
  officerTask: 'officer-task',
} as const;
export type KonsoloslukJobName = (typeof KONSOLOSLUK_JOBS)[keyof typeof KONSOLOSLUK_JOBS];

export const PAYMENT_JOBS = {
  capture: 'capture',
} as const;
export type PaymentJobName = (typeof PAYMENT_JOBS)[keyof typeof PAYMENT_JOBS];

/** Diplomatic Portal: a foreign mission's request, decided by a protocol officer. */
export const DIPLOMATIC_PORTAL_JOBS = {
  request: 'request',
} as const;
export type DiplomaticPortalJobName =
  (typeof DIPLOMATIC_PORTAL_JOBS)[keyof typeof DIPLOMATIC_PORTAL_JOBS];

/** The jobs each queue carries: a processor must handle all of them (checked at start). */
export const JOBS_BY_QUEUE: Readonly<Record<QueueName, readonly string[]>> = {
  [QUEUES.evisa]: Object.values(EVISA_JOBS),
  [QUEUES.konsolosluk]: Object.values(KONSOLOSLUK_JOBS),
  [QUEUES.payments]: Object.values(PAYMENT_JOBS),
  [QUEUES.diplomaticPortal]: Object.values(DIPLOMATIC_PORTAL_JOBS),
};

/**
 * Experiments (`run`, `sweep`, `audit` with --workers): one job per replication of one design
 * point, worked by `consular-sim worker --queues experiments` on any number of machines.
 * Not one of QUEUE_NAMES (the services' queues): a worker takes it only when asked to.
 */
export const EXPERIMENTS_QUEUE = 'experiments';
export const EXPERIMENT_JOB = 'replication';
export const EXPERIMENT_KEYS = {
  results: (prefix: string, runId: string) => `${prefix}:experiments:${runId}:results`,
  errors: (prefix: string, runId: string) => `${prefix}:experiments:${runId}:errors`,
  /** Present while the coordinator waits for the run (renewed; EXPERIMENT_ALIVE_SECONDS). */
  alive: (prefix: string, runId: string) => `${prefix}:experiments:${runId}:alive`,
};
/**
 * How long a run's `alive` key outlives the coordinator's last renewal (seconds); it renews it
 * every few seconds while it waits and deletes it when it ends. A worker runs a job, and writes
 * its result, only while the key is there: a job of a run that failed, was interrupted or whose
 * coordinator was killed (a job the dead worker held, recovered as stalled, or one still in
 * hand) is dropped, not computed for nobody ahead of the next run's and kept in Redis. An
 * assumption: a minute, far longer than a coordinator's poll (0.2 s) or a batch of jobs added.
 */
export const EXPERIMENT_ALIVE_SECONDS = 60;
/**
 * How long a run's results and errors are kept after the last one written (seconds). The
 * coordinator deletes them when it ends; a job a worker still had in hand then (a run that
 * failed, timed out or was interrupted) writes its result afterwards, and without an expiry that
 * hash stayed in Redis for ever. A week, as a failed job is kept (FAILED_RETENTION): an
 * assumption, far longer than any replication runs, and every result written renews it.
 */
export const EXPERIMENT_RESULTS_TTL_SECONDS = 7 * 24 * 3600;

/** Live replay (`run --engine bullmq`): one queue per station, under a per-run prefix. */
export const LIVE_JOB = 'customer-step';
export function liveQueueName(station: string): string {
  return `live-${station}`;
}
export function livePrefix(runId: string): string {
  return `{consular-live-${runId}}`;
}
/**
 * The station ids of a live replay in progress (a set under its prefix, beside its queues, whose
 * names all start `live-`): what POST /replay/arrivals may add to (see registerLiveRun).
 */
export function liveStationsKey(runId: string): string {
  return `${livePrefix(runId)}:stations`;
}

/** Redis keys beside the queues (same prefix, so the same hash tag): per-record hashes. */
export const RECORD_KEYS = {
  evisaApplication: (prefix: string, id: string) => `${prefix}:evisa:app:${id}`,
  konsoloslukTransaction: (prefix: string, id: string) => `${prefix}:konsolosluk:tx:${id}`,
  /**
   * A payment: under its reference alone when that names an application or a transaction (one
   * payment of that record, whoever pays), else under the paying client's owner tag and the
   * reference (payments.service.ts paymentOwner): a free-form reference is the client's own.
   * A reference holds no ':', so the two shapes never meet.
   */
  payment: (prefix: string, reference: string, owner?: string) =>
    owner === undefined
      ? `${prefix}:payments:ref:${reference}`
      : `${prefix}:payments:ref:${owner}:${reference}`,
  portalRequest: (prefix: string, id: string) => `${prefix}:dp:req:${id}`,
  /** A mission's requests, newest first by score (creation time). */
  portalMissionRequests: (prefix: string, missionId: string) =>
    `${prefix}:dp:mission:${missionId}:req`,
  /**
   * Those of a mission's listed requests that have a retention, by score the time they expire
   * (ms since the epoch): what a write to the list trims from it (diplomatic-portal.service.ts).
   */
  portalMissionExpiries: (prefix: string, missionId: string) =>
    `${prefix}:dp:mission:${missionId}:exp`,
  /** A mission key's record, by the SHA-256 of the key (the key itself is never stored). */
  portalKey: (prefix: string, keyHash: string) => `${prefix}:dp:key:${keyHash}`,
  /** A mission's live keys: key id → key hash. */
  portalMissionKeys: (prefix: string, missionId: string) =>
    `${prefix}:dp:mission:${missionId}:keys`,
};
