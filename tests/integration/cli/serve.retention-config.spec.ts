import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI, ensureBuilt, ROOT } from '../../helpers/fault-env';

/** A bad record retention stops the process at start (tests/unit/config/app-config.retention.spec.ts has the rules). */
describe('consular-sim serve with a bad record retention', () => {
  it('exits 2 naming the key, before it touches Redis', () => {
    ensureBuilt();
    const r = spawnSync(process.execPath, [CLI, 'serve'], {
      cwd: ROOT,
      env: {
        ...process.env,
        REDIS_URL: 'redis://127.0.0.1:1',
        PORT: '0',
        DEV_MODE: '1',
        DIPLOMATIC_PORTAL_RECORD_TTL_SECONDS: '-5',
      },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(
      /^error: configuration: DIPLOMATIC_PORTAL_RECORD_TTL_SECONDS: must be a whole number of seconds, 0 or more/,
    );
  }, 60_000);
});
