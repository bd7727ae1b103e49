import { Redis, type RedisOptions } from 'ioredis';

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
