import { randomBytes } from 'node:crypto';
import {
  createRedisBackend,
  raw2NextJobData,
  RedisQueueBackend,
  type Job,
  type JobJson,
} from 'bullmq';
import { Redis } from 'ioredis';
import { FAILED_RETENTION } from '../../../src/queue/job-options';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PARSED_FIELDS,
  readableHash,
  RecordQueueBackend,
  recordBackendFactory,
  UNREADABLE_FIELDS_KEY,
} from '../../../src/queue/record-backend';
import {
  RecordJob,
  RecordJobQueue,
  RecordJobWorker,
  unreadableFields,
} from '../../../src/queue/record-worker';
import { testRedisUrl } from '../../helpers/redis-test-env';

/**
 * record-backend.ts leans on how BullMQ 6 reads a job's hash: its Redis backend parses `opts`,
 * `progress` and `parent` (rawToJobJson, reached through raw2NextJobData), the scripts that hand
 * a job over answer with its hash first, and createRedisBackend makes a plain RedisQueueBackend
 * that the factory can make a RecordQueueBackend. These tests fail if a BullMQ upgrade changes
 * any of that, before the fault test (tests/fault/queue/corrupt-job-fields.spec.ts) hangs.
 */
describe('the BullMQ that record-backend.ts guards', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
  });
  afterAll(() => redis?.disconnect());

  it('parses opts, progress and parent while it reads a hash, which throws on one not JSON', () => {
    for (const field of PARSED_FIELDS)
      expect(() => raw2NextJobData([[field, '{"a":1,']]), field).toThrow(SyntaxError);
  });

  it('reads a hash made readable, whatever of those fields was not JSON', () => {
    for (const field of PARSED_FIELDS) {
      const raw = ['name', 'n', 'data', '{}', field, '{"a":1,'];
      const [json] = raw2NextJobData([readableHash(raw)]) as [JobJson];
      expect(`${field}: ${JSON.stringify(json.opts)}`).toBe(
        `${field}: ${JSON.stringify({ [UNREADABLE_FIELDS_KEY]: [field] })}`,
      );
    }
    // A sound hash is given back as it is; an empty parent, which BullMQ's script cannot decode,
    // is not sound.
    const sound = ['opts', '{"attempts":5}', 'progress', '40', 'parent', '{"id":"p"}'];
    expect(readableHash(sound)).toBe(sound);
    expect(readableHash(['parent', ''])).toEqual([
      'parent',
      '',
      'opts',
      JSON.stringify({ [UNREADABLE_FIELDS_KEY]: ['parent'] }),
    ]);
  });

  it('makes a plain RedisQueueBackend, which the factory makes a RecordQueueBackend', async () => {
    const opts = { connection: redis, prefix: `{rb-${randomBytes(3).toString('hex')}}` };
    const plain = createRedisBackend('q', opts);
    expect(Object.getPrototypeOf(plain)).toBe(RedisQueueBackend.prototype);
    await plain.close();
    const ours = recordBackendFactory('q', opts);
    expect(ours).toBeInstanceOf(RecordQueueBackend);
    expect(ours).toBeInstanceOf(RedisQueueBackend);
    expect(ours.keys.wait).toBe(`${opts.prefix}:q:wait`);
    await ours.close();
  });
});

describe('a RecordJobQueue and RecordJobWorker reading hashes whose fields are not JSON', () => {
  let redis: Redis;
  let queue: RecordJobQueue;
  let worker: RecordJobWorker;
  const name = 'fields';
  const prefix = `{rb-${randomBytes(3).toString('hex')}}`;

  beforeAll(async () => {
    redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
    queue = new RecordJobQueue(name, { connection: redis, prefix });
    worker = new RecordJobWorker(name, null, { connection: redis, prefix, autorun: false });
  });
  afterAll(async () => {
    await worker?.close();
    await queue?.close();
    redis?.disconnect();
  });

  it('reads each one marked, by id, in a list, and as the next job a worker takes', async () => {
    const ids: string[] = [];
    for (const field of PARSED_FIELDS) {
      const job = await queue.add('n', { field }, { removeOnFail: 7 });
      await redis.hset(queue.toKey(job.id!), field, '{"a":1,');
      ids.push(job.id!);
    }
    // Read by id (a Queue's getJob) and in a list (the dashboard's).
    for (const [i, field] of PARSED_FIELDS.entries()) {
      const job = await queue.getJob(ids[i]);
      expect(`${field}: ${unreadableFields(job!).join()}`).toBe(`${field}: ${field}`);
      expect(Object.keys(job!.opts)).not.toContain(UNREADABLE_FIELDS_KEY);
    }
    expect((await queue.getJobs(['wait'])).map((j) => unreadableFields(j).join()).sort()).toEqual(
      [...PARSED_FIELDS].sort(),
    );

    // Taken by a worker (moveToActive), then each next one fetched as the one before fails
    // (moveToFinished): the options keep no mark, and the lost options have a retention.
    const token = 'record-backend-test';
    let job: Job | undefined = await worker.getNextJob(token, { block: false });
    for (const field of PARSED_FIELDS) {
      expect(`${field}: ${unreadableFields(job!).join()}`).toBe(`${field}: ${field}`);
      if (field === 'opts') expect(job!.opts.removeOnFail).toEqual(FAILED_RETENTION);
      else expect(job!.opts.removeOnFail).toBe(7);
      if (field === 'parent') {
        // BullMQ's script cannot fail a job whose parent is not JSON: the field goes first.
        const backend = worker.getBackend() as RecordQueueBackend;
        expect(await backend.dropUnreadableParent(job!.id!)).toBe(true);
        expect(await redis.hexists(queue.toKey(job!.id!), 'parent')).toBe(0);
      }
      const next: void | unknown[] = await job!.moveToFailed(new Error('corrupted'), token, true);
      job =
        Array.isArray(next) && next[0]
          ? RecordJob.fromJSON(worker, next[0] as JobJson, String(next[1]))
          : undefined;
    }
    expect(job).toBeUndefined();
    expect((await queue.getFailed()).map((j) => j.id).sort()).toEqual([...ids].sort());
  });
});
