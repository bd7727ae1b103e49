import { Redis, type RedisOptions } from 'ioredis';
import { AppConfigError } from '../config/app-config';

/** How long a producer waits for Redis before answering 503 (ms). */
export const PRODUCER_COMMAND_TIMEOUT_MS = 1500;

/** Host, port, password and db of a redis:// or rediss:// URL, as ioredis options. */
export function redisOptionsFromUrl(url: string): RedisOptions {
  const u = new URL(url);
  const db = u.pathname && u.pathname !== '/' ? Number(u.pathname.slice(1)) : 0;
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 6379,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db,
    tls: u.protocol === 'rediss:' ? {} : undefined,
  };
}

/**
 * The API's connection: fail fast. No offline queue (a command while disconnected is
 * rejected at once instead of waiting for a reconnect), one retry, a short command timeout;
 * reconnects go on in the background so the API recovers when Redis does.
 */
export function producerRedisOptions(url: string): RedisOptions {
  return {
    ...redisOptionsFromUrl(url),
    enableOfflineQueue: false,
    // Commands issued in the same tick (many requests at once) go to Redis in one write.
    enableAutoPipelining: true,
    maxRetriesPerRequest: 1,
    commandTimeout: PRODUCER_COMMAND_TIMEOUT_MS,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(200 * times, 2000),
  };
}

/** Workers wait for Redis instead: BullMQ requires maxRetriesPerRequest null on them. */
export function workerRedisOptions(url: string): RedisOptions {
  return {
    ...redisOptionsFromUrl(url),
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    retryStrategy: (times) => Math.min(500 * times, 5000),
  };
}

export function createProducerRedis(url: string): Redis {
  const redis = new Redis(producerRedisOptions(url));
  // Errors surface on the commands (as 503s); without a listener ioredis would log each retry.
  redis.on('error', () => undefined);
  return redis;
}

/** How long the start-up database check waits for Redis before leaving it to the usual waiting. */
const DATABASE_CHECK_WAIT_MS = 3000;

/**
 * The database a REDIS_URL names (`redis://host:6379/3`) must exist on that Redis. ioredis
 * selects it after connecting and, when Redis refuses (`ERR DB index is out of range`: an index
 * past the server's `databases`, 16 by default; any but 0 on Redis Cluster), only emits an
 * error and goes on in database 0: the API said it was healthy and wrote its records and jobs
 * among whatever else lives there, and workers took that database's jobs — the isolation the
 * index was meant to give, silently gone. `serve` and `worker` check once at start and stop,
 * naming REDIS_URL (exit 2). A Redis that does not answer is not a configuration error: the
 * check passes and the process waits for Redis as before.
 */
export async function assertRedisDatabase(url: string): Promise<void> {
  const options = redisOptionsFromUrl(url);
  const db = options.db ?? 0;
  if (db === 0) return;
  const probe = new Redis({
    ...options,
    db: 0,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: DATABASE_CHECK_WAIT_MS,
    commandTimeout: DATABASE_CHECK_WAIT_MS,
    retryStrategy: () => null,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
  } catch {
    probe.disconnect();
    return;
  }
  try {
    await probe.select(db);
  } catch (err) {
    if ((err as Error).name === 'ReplyError')
      throw new AppConfigError(
        'REDIS_URL',
        `names database ${db}, which this Redis refuses (${(err as Error).message}); use a database it has (0 to 15 by default, only 0 on Redis Cluster) or a QUEUE_PREFIX of its own`,
      );
  } finally {
    probe.disconnect();
  }
}

/**
 * How long `serve` and `worker` wait, at start, for Redis to answer a PING before they warn
 * that it does not: the producer's command timeout, past which the API answers 503 anyway.
 */
export const STARTUP_PING_WAIT_MS = PRODUCER_COMMAND_TIMEOUT_MS;

/**
 * Why the Redis at `url` does not answer (the connection error, or no answer within `waitMs`),
 * or undefined when it answers PING. One connection, no retry; never throws. A start-up check
 * for a warning only: the processes start, and wait for Redis, either way.
 */
export async function redisUnanswered(
  url: string,
  waitMs = STARTUP_PING_WAIT_MS,
): Promise<string | undefined> {
  let options: RedisOptions;
  try {
    options = redisOptionsFromUrl(url);
  } catch (err) {
    return (err as Error).message;
  }
  const probe = new Redis({
    ...options,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: waitMs,
    commandTimeout: waitMs,
    retryStrategy: () => null,
  });
  // The connection's own error (ECONNREFUSED host:port): connect() rejects with a bare
  // "Connection is closed." once it gives up.
  let cause: string | undefined;
  probe.on('error', (err: Error) => (cause ??= err.message));
  let timer: NodeJS.Timeout | undefined;
  // A name that takes long to resolve is not bounded by connectTimeout: the race is.
  const late = new Promise<string>((resolve) => {
    // After one more turn of I/O: an answer that came while the process was busy (a start-up
    // compiling its models) is read before the wait is called over.
    timer = setTimeout(
      () => setImmediate(() => resolve(`no answer within ${waitMs / 1000} s`)),
      waitMs,
    );
    timer.unref();
  });
  const answer = (async () => {
    try {
      await probe.connect();
      await probe.ping();
      return undefined;
    } catch (err) {
      return cause ?? ((err as Error).message || 'no answer');
    }
  })();
  try {
    return await Promise.race([answer, late]);
  } finally {
    clearTimeout(timer);
    probe.disconnect();
  }
}
