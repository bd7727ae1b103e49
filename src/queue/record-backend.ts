import {
  createRedisBackend,
  raw2NextJobData,
  RedisQueueBackend,
  type BackendFactory,
  type IRedisTransaction,
  type JobJson,
  type RedisClient,
} from 'bullmq';

/**
 * The fields of a job's hash that BullMQ 6's Redis backend parses as JSON while it reads the
 * hash, before any Job is made (rawToJobJson in redis-queue-backend.js): a SyntaxError there
 * escapes every job. `data` is not among them: it is parsed later, in Job.fromJSON (RecordJob).
 */
export const PARSED_FIELDS = ['opts', 'progress', 'parent'] as const;
export type ParsedField = (typeof PARSED_FIELDS)[number];

/**
 * The key, in the options a read job carries, that lists the fields of its hash that were not
 * JSON (RecordJob takes it out again and marks the job). The options are the one place of the
 * read job's JSON that keeps a key BullMQ does not know, and nothing writes them back to Redis.
 */
export const UNREADABLE_FIELDS_KEY = 'consular-sim:unreadableFields';

/** The Lua scripts whose answer holds a job's hash as read, and where in the answer it is. */
const HASH_IN_ANSWER: Record<string, 'first' | 'list at 4'> = {
  // A worker taking a job: [hash, id, rate-limit delay, delay until].
  moveToActive: 'first',
  // A job finished, failed or delayed with the next one fetched: the same shape.
  moveToFinished: 'first',
  moveToDelayed: 'first',
  // A parent's children read with their jobs: [cursor, offset, items, total, hashes].
  paginate: 'list at 4',
};

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether BullMQ can read a field of a job's hash as it is. BullMQ reads an empty `opts` or
 * `progress` as absent; an empty `parent` too, but its script that finishes a job
 * (moveToFinished) decodes any `parent` there is, an empty one included, and stops on one that
 * is not JSON.
 */
function readableField(field: ParsedField, value: unknown): boolean {
  if (typeof value !== 'string') return true;
  if (value === '') return field !== 'parent';
  return parses(value);
}

/**
 * A job's hash, as a flat [field, value, …] list, whose `opts`, `progress` and `parent` BullMQ
 * can parse: each field that is not JSON is emptied (BullMQ reads an empty one as absent: no
 * options, progress 0, no parent) and named under UNREADABLE_FIELDS_KEY in the options. A hash
 * whose fields all parse is given back as it is.
 */
export function readableHash(raw: unknown[]): unknown[] {
  const fields = new Map<string, number>();
  for (let i = 0; i + 1 < raw.length; i += 2) fields.set(String(raw[i]), i + 1);
  const bad = PARSED_FIELDS.filter((field) => {
    const at = fields.get(field);
    return at !== undefined && !readableField(field, raw[at]);
  });
  if (bad.length === 0) return raw;
  const out = [...raw];
  for (const field of bad) out[fields.get(field)!] = '';
  const optsAt = fields.get('opts');
  const opts = optsAt === undefined || out[optsAt] === '' ? {} : JSON.parse(String(out[optsAt]));
  const marked = JSON.stringify({ ...(opts as object), [UNREADABLE_FIELDS_KEY]: bad });
  if (optsAt === undefined) out.push('opts', marked);
  else out[optsAt] = marked;
  return out;
}

/** The fields a read job's options say were not JSON, and the options without that mark. */
export function takeUnreadableFields(opts: JobJson['opts']): {
  fields: ParsedField[];
  opts: JobJson['opts'];
} {
  const { [UNREADABLE_FIELDS_KEY]: listed, ...rest } = (opts ?? {}) as Record<string, unknown>;
  const fields = Array.isArray(listed)
    ? PARSED_FIELDS.filter((field) => (listed as unknown[]).includes(field))
    : [];
  return { fields, opts: fields.length === 0 ? opts : (rest as JobJson['opts']) };
}

/**
 * The Redis backend of the services' queues and workers (recordBackendFactory). BullMQ parses a
 * job's `opts`, `progress` and `parent` while it reads the hash; one of them not JSON threw a
 * SyntaxError there. In a worker that was while taking the job, after the script had moved it to
 * active, so outside any job: the job was never run nor failed; it stalled, came back and threw
 * again for ever, and its record said `received` for ever. In the dashboard, the list holding it
 * was a 500. Here the hash is made readable before BullMQ parses it (readableHash), so the job
 * is read, marked, and failed for good by RecordWorkerHost like one whose data is not JSON.
 */
export class RecordQueueBackend extends RedisQueueBackend {
  override execCommand(
    client: RedisClient | IRedisTransaction,
    commandName: string,
    args: unknown[],
  ): unknown {
    const answer: unknown = super.execCommand(client, commandName, args);
    const where = HASH_IN_ANSWER[commandName];
    // These scripts run on a client, not in a transaction, so the answer is a promise.
    if (where === undefined || !(answer instanceof Promise)) return answer;
    return answer.then((result: unknown) => {
      if (!Array.isArray(result)) return result;
      const out = [...result] as unknown[];
      if (where === 'first' && Array.isArray(out[0])) out[0] = readableHash(out[0]);
      if (where === 'list at 4' && Array.isArray(out[4]))
        out[4] = out[4].map((hash: unknown) => (Array.isArray(hash) ? readableHash(hash) : hash));
      return out;
    });
  }

  /**
   * Removes a job's `parent` field when it is not JSON, so that the job can be finished: BullMQ's
   * script that moves a job to failed or completed decodes the field and stops with an error on
   * one that is not JSON, so the job stayed active, stalled and came back for ever. The parent's
   * key, a plain field (`parentKey`), stays, and the script falls back on it: a job that has a
   * parent still tells it. Answers whether the field was removed. BullMQ writes the field only
   * when a job is added, so nothing rewrites it between the read and the delete.
   */
  async dropUnreadableParent(jobId: string): Promise<boolean> {
    const client = await this.queue.client;
    const key = this.queue.toKey(jobId);
    const parent = await client.hget(key, 'parent');
    if (parent === null || readableField('parent', parent)) return false;
    return (await client.hdel(key, 'parent')) === 1;
  }

  /** A job read by its id (a Queue's getJob, the dashboard's lists). */
  override async getJobData(jobId: string): Promise<JobJson | undefined> {
    try {
      return await super.getJobData(jobId);
    } catch (e) {
      if (!(e instanceof SyntaxError)) throw e;
      // Read again, made readable, and turned into a job's JSON the way BullMQ does it.
      const client = await this.queue.client;
      const hash = await client.hgetall(this.queue.toKey(jobId));
      const flat = Object.entries(hash).flat();
      if (flat.length === 0) return undefined;
      return (raw2NextJobData([readableHash(flat)]) as [JobJson])[0];
    }
  }
}

/**
 * Makes the backends of RecordJobWorker and RecordJobQueue. BullMQ's own factory makes the
 * connections (a worker's blocking one among them) and a RedisQueueBackend; the backend is made
 * a RecordQueueBackend afterwards, which adds methods and no state (no fields, no constructor),
 * so the instance is whole as either. Any other class from BullMQ's factory (a BullMQ whose
 * factory changed) is refused, naming why, rather than losing its methods or the protection:
 * tests/integration/queue/record-backend.spec.ts checks both on the installed BullMQ.
 */
export const recordBackendFactory: BackendFactory<RecordQueueBackend> = (name, opts, options) => {
  const backend = createRedisBackend(name, opts, options);
  if (Object.getPrototypeOf(backend) !== RedisQueueBackend.prototype)
    throw new Error(
      `BullMQ's createRedisBackend made a ${backend.constructor.name}, not a RedisQueueBackend: ` +
        'record-backend.ts cannot guard its job reads (a job whose opts are not JSON would loop)',
    );
  return Object.setPrototypeOf(backend, RecordQueueBackend.prototype) as RecordQueueBackend;
};
