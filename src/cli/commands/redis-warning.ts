import { redact } from './redact';

/**
 * The warning `serve` and `worker` print when their Redis did not answer at start (they start
 * anyway, and connect when it comes up), naming the URL, why, and what a user will see until
 * then. `reason` is redisUnanswered's.
 */
export function redisWarning(url: string, reason: string, process: 'serve' | 'worker'): string {
  const until =
    process === 'serve'
      ? 'until it does, GET /health answers 503, and so (with Retry-After) does every request that needs Redis: submitting or reading e-visa applications, Konsolosluk.NET transactions, payments and Diplomatic Portal requests, and /admin/queues'
      : 'until it does, these workers take no job (they keep trying, and log each failed attempt)';
  return (
    `warning: Redis at ${redact(url)} does not answer (${reason}); ${until}. ` +
    'Start it (`redis-server`, or `docker compose up -d redis`) or point REDIS_URL at yours.\n'
  );
}
