import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { AppConfigError, assertServeConfig, loadAppConfig } from '../../../src/config/app-config';
import { createApiApp } from '../../../src/app/bootstrap';
import { startApiApp } from '../../helpers/api-app';
import { testConfig } from '../../helpers/redis-test-env';
import { CLI, ensureBuilt, ROOT } from '../../helpers/fault-env';

/** TOKEN_SECRET derives the key sealing personal data and signs tokens: no default, no published value. */
describe('TOKEN_SECRET at start-up', () => {
  const base = { ADMIN_TOKEN: 'admin-token-0123456789abcdef' };

  it('is refused when missing, published or trivial; DEV_MODE alone makes up a random one', async () => {
    const missing = loadAppConfig(base);
    expect(missing.TOKEN_SECRET).toBe('');
    expect(() => assertServeConfig(missing)).toThrow(AppConfigError);
    expect(() => assertServeConfig(missing)).toThrow(/^configuration: TOKEN_SECRET: must be set/);
    for (const weak of [
      'change-me-to-a-long-random-secret',
      'CHANGE_ME_please_0123456789',
      'aaaaaaaaaaaaaaaaaaaaaaaa',
      'secret-secret-secret-secret',
    ]) {
      const c = loadAppConfig({ ...base, TOKEN_SECRET: weak, DEV_MODE: '1' });
      expect(() => assertServeConfig(c), weak).toThrow(/TOKEN_SECRET: (is a published|has fewer)/);
    }
    expect(() => loadAppConfig({ ...base, TOKEN_SECRET: 'short' })).toThrow(
      /TOKEN_SECRET: must be at least 16 characters/,
    );
    const good = loadAppConfig({ ...base, TOKEN_SECRET: 'f3a9c2e17b4d8e06a5c1' });
    expect(() => assertServeConfig(good)).not.toThrow();

    // DEV_MODE: starts, with a secret of its own that differs per process.
    const dev = testConfig('devsecret', { DEV_MODE: '1' });
    dev.TOKEN_SECRET = '';
    const app = await startApiApp(dev);
    try {
      expect(dev.TOKEN_SECRET.length).toBeGreaterThanOrEqual(32);
      await request(app.getHttpServer()).get('/health/live').expect(200);
    } finally {
      await app.close();
    }
    const noSecret = testConfig('nosecret');
    noSecret.TOKEN_SECRET = '';
    await expect(createApiApp(noSecret, { logger: false })).rejects.toThrow(/TOKEN_SECRET/);
  });

  it('consular-sim serve exits 2 naming TOKEN_SECRET when it is missing or the old compose default', () => {
    ensureBuilt();
    for (const secret of [undefined, 'change-me-to-a-long-random-secret']) {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        REDIS_URL: 'redis://127.0.0.1:1',
        PORT: '0',
        ADMIN_TOKEN: base.ADMIN_TOKEN,
      };
      delete env.DEV_MODE;
      if (secret === undefined) delete env.TOKEN_SECRET;
      else env.TOKEN_SECRET = secret;
      const r = spawnSync(process.execPath, [CLI, 'serve'], {
        cwd: ROOT,
        env,
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/^error: configuration: TOKEN_SECRET: /);
    }
  }, 60_000);

  it('refuses a trivial or example ADMIN_TOKEN, and one equal to TOKEN_SECRET, in DEV_MODE too', () => {
    const secret = 'f3a9c2e17b4d8e06a5c1';
    for (const weak of [
      'aaaaaaaaaaaaaaaa',
      'change-me-admin-token',
      'secret-secret-secret-secret',
      'password1234567890',
    ]) {
      for (const dev of [{}, { DEV_MODE: '1' }]) {
        const c = loadAppConfig({ ADMIN_TOKEN: weak, TOKEN_SECRET: secret, ...dev });
        expect(() => assertServeConfig(c), weak).toThrow(
          /^configuration: ADMIN_TOKEN: (is a published|has fewer)/,
        );
      }
    }
    const same = loadAppConfig({ ADMIN_TOKEN: secret, TOKEN_SECRET: secret });
    expect(() => assertServeConfig(same)).toThrow(/ADMIN_TOKEN: must differ from TOKEN_SECRET/);
    const good = loadAppConfig({ ADMIN_TOKEN: 'admin-token-0123456789abcdef', TOKEN_SECRET: secret });
    expect(() => assertServeConfig(good)).not.toThrow();
  });

  it('docker-compose.yml requires TOKEN_SECRET and ADMIN_TOKEN (no defaults)', () => {
    const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
      services: Record<string, { environment?: Record<string, string> }>;
    };
    const env = compose.services.api.environment ?? {};
    expect(env.TOKEN_SECRET).toMatch(/^\$\{TOKEN_SECRET:\?[^}]+\}$/);
    expect(env.ADMIN_TOKEN).toMatch(/^\$\{ADMIN_TOKEN:\?[^}]+\}$/);
    // Nowhere in the file a fallback value for a secret.
    const text = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
    expect(text).not.toMatch(/(TOKEN_SECRET|ADMIN_TOKEN):-/);
  });
});
