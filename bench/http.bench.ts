/**
 * npm run bench:http — POST /evisa/applications (validation + record + enqueue) against the
 * trivial GET /health/live of the same server, under autocannon: requests/s and p99 latency.
 * Runs the compiled app (dist/, built by the npm script: Nest's injection needs the decorator
 * metadata that tsx does not emit). Prints figures only; REDIS_URL (default redis://127.0.0.1:6379).
 */
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../src/config/app-config';
import type * as Bootstrap from '../src/app/bootstrap';

// eslint-disable-next-line @typescript-eslint/no-require-imports
require('reflect-metadata');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { loadAppConfig } = require('../dist/config/app-config') as {
  loadAppConfig: (env: NodeJS.ProcessEnv) => AppConfig;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createApiApp } = require('../dist/app/bootstrap') as typeof Bootstrap;

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;

function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) =>
    autocannon(opts, (err, res) => (err ? reject(err) : resolve(res))),
  );
}

async function main(): Promise<void> {
  const prefix = `{bench-http-${randomBytes(3).toString('hex')}}`;
  const config = loadAppConfig({
    ...process.env,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'error',
    // A local benchmark: no admin surface in use, and one client IP must not be rate limited.
    DEV_MODE: 'true',
    RATE_LIMIT: '0',
  });
  const app = await createApiApp(config, { logger: false });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const body = JSON.stringify({
    nationality: 'GB',
    passportNumber: 'P1234567',
    fullName: 'Jane Doe',
    email: 'jane@example.org',
    // The API takes arrival dates from yesterday to a year ahead.
    arrivalDate: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
  });
  // Warm up each route, then measure each alone.
  await run({ url: `${url}/health/live`, duration: 2, connections: CONNECTIONS });
  const trivial = await run({
    url: `${url}/health/live`,
    duration: DURATION_S,
    connections: CONNECTIONS,
  });
  const postOptions = {
    url: `${url}/evisa/applications`,
    method: 'POST' as const,
    headers: { 'content-type': 'application/json' },
    body,
    connections: CONNECTIONS,
  };
  // The POST route is warmed up too, so both are measured in steady state.
  await run({ ...postOptions, duration: 2 });
  const post = await run({
    url: `${url}/evisa/applications`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    duration: DURATION_S,
    connections: CONNECTIONS,
  });
  const line = (name: string, r: autocannon.Result) =>
    `${name.padEnd(28)} ${r.requests.average.toFixed(0).padStart(7)} req/s   p50 ${r.latency.p50} ms   p99 ${r.latency.p99} ms   non-2xx ${r.non2xx}`;
  console.log(`autocannon, ${CONNECTIONS} connections, ${DURATION_S} s each, one API process`);
  console.log(line('GET /health/live (trivial)', trivial));
  console.log(line('POST /evisa/applications', post));
  console.log(
    `POST / trivial: ${((100 * post.requests.average) / trivial.requests.average).toFixed(1)}% (target ≥ 40%)`,
  );
  // Clean up the benchmark's records and jobs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Redis } = require('ioredis') as typeof import('ioredis');
  const redis = new Redis(config.REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== '0');
  redis.disconnect();
  await app.close();
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
