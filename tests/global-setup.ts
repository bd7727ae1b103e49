import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import 'vitest';

// Integration tests need a real Redis. When REDIS_URL is set we use it; otherwise
// we start a private redis-server on a free port and stop it afterwards.

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
    redisError: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPing(port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const r = spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' });
    if (r.stdout?.trim() === 'PONG') return true;
    await new Promise((res) => setTimeout(res, 50));
  }
  return false;
}

let child: ChildProcess | undefined;
let dir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  if (process.env.REDIS_URL) {
    project.provide('redisUrl', process.env.REDIS_URL);
    project.provide('redisError', '');
    return;
  }
  const which = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (which.error || which.status !== 0) {
    project.provide('redisUrl', '');
    project.provide(
      'redisError',
      'redis-server is not installed and REDIS_URL is not set. Install it (Debian/Ubuntu: `apt-get install redis-server`; macOS: `brew install redis`) or point REDIS_URL at a Redis 7+.',
    );
    return;
  }
  const port = await freePort();
  dir = mkdtempSync(join(tmpdir(), 'consular-sim-redis-'));
  child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
    ],
    { stdio: 'ignore' },
  );
  if (!(await waitForPing(port, 10_000)))
    throw new Error(`redis-server did not start on port ${port}`);
  const url = `redis://127.0.0.1:${port}`;
  process.env.REDIS_URL = url;
  project.provide('redisUrl', url);
  project.provide('redisError', '');
}

export async function teardown(): Promise<void> {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((res) => child?.once('exit', res));
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
}
