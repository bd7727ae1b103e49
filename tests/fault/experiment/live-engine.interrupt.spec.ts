import { spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureBuilt, freePort, PrivateRedis, ROOT } from '../../helpers/fault-env';

// `run --engine bullmq` stopped by Ctrl+C or SIGTERM mid-replay. Node's default exit on the signal
// skipped the replay's clean-up, so its station queues, their jobs (some held active, their
// locks lost with the process) and its marker stayed in Redis with no expiry, for every replay
// a user interrupted. Now the signal stops the replay through that clean-up: nothing of it is
// left, and the command exits as the signal would (130, 143), saying so.
let redis: PrivateRedis;

beforeAll(async () => {
  ensureBuilt();
  redis = new PrivateRedis(await freePort(), false);
  await redis.start();
}, 120_000);

afterAll(async () => {
  await redis?.stop();
});

/** The keys a live replay leaves under its own prefix (`{consular-live-<run>}:…`). */
async function replayKeys(url: string): Promise<string[]> {
  const admin = new Redis(url);
  try {
    return await admin.keys('{consular-live-*');
  } finally {
    admin.disconnect();
  }
}

/** Starts a paced replay, sends `signal` once it has taken jobs, and returns how it ended. */
function interruptedReplay(
  signal: NodeJS.Signals,
): Promise<{ code: number | null; stderr: string; keysWhileRunning: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        CLI,
        'run',
        'scenarios/teaching-mmc.yaml',
        '--set',
        'horizon=400d',
        '--set',
        'warmup=0',
        '--engine',
        'bullmq',
        '--speed',
        '20000',
        '--redis-url',
        redis.url,
      ],
      { cwd: ROOT, env: { ...process.env, CONSULAR_SIM_DEBUG: '' } },
    );
    let stderr = '';
    let keysWhileRunning = -1;
    let sent = false;
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (!sent && /[1-9][\d,]* jobs done/.test(stderr)) {
        sent = true;
        void replayKeys(redis.url).then((keys) => {
          keysWhileRunning = keys.length;
          child.kill(signal);
        }, reject);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr, keysWhileRunning }));
  });
}

describe('live replay interrupted', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    '%s: its queues and jobs are removed from Redis, and it exits %i saying so',
    async (signal, exitCode) => {
      const { code, stderr, keysWhileRunning } = await interruptedReplay(signal);
      // The replay had its queues in Redis when it was stopped.
      expect(keysWhileRunning).toBeGreaterThan(0);
      expect(code).toBe(exitCode);
      expect(stderr).toContain(
        `interrupted: the live replay stopped at ${signal} and its queues were removed from Redis`,
      );
      expect(stderr).not.toMatch(/internal error/);
      expect(await replayKeys(redis.url)).toEqual([]);
    },
    60_000,
  );
});
