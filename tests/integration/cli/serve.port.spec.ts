import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI, ensureBuilt, ROOT } from '../../helpers/fault-env';

/** `serve --port 0` listens on a free port, and the line it prints names that port, not 0. */
describe('consular-sim serve --port 0', () => {
  it('prints the port it listens on', async () => {
    ensureBuilt();
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0'], {
      cwd: ROOT,
      // No Redis is needed to start and answer /health/live: nothing listens on port 1.
      env: { ...process.env, REDIS_URL: 'redis://127.0.0.1:1', DEV_MODE: '1', LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /API on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) resolve(m[1]);
        });
        child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
      });
      expect(url).not.toMatch(/:0$/);
      const live = await fetch(`${url}/health/live`);
      expect(live.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});
