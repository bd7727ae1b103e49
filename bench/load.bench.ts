/**
 * npm run bench:load — sustained peak-day load for LOAD_MINUTES (default 10) of wall time,
 * time-compressed by LOAD_COMPRESSION (default 460; at most half of what the machine carries,
 * measured first, LOAD_SHARE): one API process with in-process
 * workers on a private redis-server (or REDIS_URL), memory sampled every 5 s, every log line
 * scanned for the applicants' personal data. Runs the same check as tests/fault/app/bootstrap.load.spec.ts:
 *   LOAD_MINUTES=10 npm run bench:load
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const minutes = process.env.LOAD_MINUTES ?? '10';
execFileSync(
  process.execPath,
  [
    join(__dirname, '../node_modules/vitest/vitest.mjs'),
    'run',
    'tests/fault/app/bootstrap.load.spec.ts',
  ],
  { cwd: join(__dirname, '..'), stdio: 'inherit', env: { ...process.env, LOAD_MINUTES: minutes } },
);
