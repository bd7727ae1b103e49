import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../../src/app/bootstrap';
import { LAB_CSP } from '../../../src/lab-server/static-site';
import { testConfig } from '../../helpers/redis-test-env';

const ROOT = resolve(__dirname, '../../..');

describe('consular-sim serve mounts the Lab at /lab', () => {
  let app: INestApplication;
  let http: ReturnType<INestApplication['getHttpServer']>;
  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist', 'lab', 'index.html'))) {
      const b = spawnSync('npm', ['run', 'build:lab'], { cwd: ROOT, encoding: 'utf8' });
      expect(b.status, b.stderr).toBe(0);
    }
    app = await createApiApp(testConfig('lab', { RATE_LIMIT: '0' }), { logger: false });
    await app.init();
    http = app.getHttpServer();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('serves the page and its assets with the Lab policy; /lab redirects to /lab/', async () => {
    const page = await request(http).get('/lab/?lang=tr').expect(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toBe(LAB_CSP);
    const asset = /src="\.\/(assets\/[^"]+\.js)"/.exec(page.text)?.[1];
    expect(asset).toBeDefined();
    const js = await request(http).get(`/lab/${asset}`).expect(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    // The page needs the slash (its asset URLs are relative): the redirect stays, with no body.
    // Express's res.redirect wrote a page of its own, HTML to a browser, text to other clients.
    for (const accept of ['text/html', '*/*']) {
      const moved = await request(http)
        .get('/lab?s=teaching-mmc')
        .set('Accept', accept)
        .expect(301);
      expect(moved.headers.location).toBe('/lab/?s=teaching-mmc');
      expect(moved.text, accept).toBe('');
      expect(moved.headers['content-type'], accept).toBeUndefined();
      // The headers of the server's other answers under /lab that are not files (helmet's page
      // policy and SAMEORIGIN were all it had).
      expect(moved.headers['content-security-policy']).toBe(
        "default-src 'none'; frame-ancestors 'none'",
      );
      expect(moved.headers['x-frame-options']).toBe('DENY');
      expect(moved.headers['cache-control']).toBe('no-store');
    }
  });

  it('leaves unknown paths under /lab to the API (404 JSON) and refuses writes', async () => {
    const missing = await request(http).get('/lab/nope.js').expect(404);
    expect(missing.headers['content-type']).toMatch(/json/);
    await request(http).post('/lab/').send({}).expect(405);
  });
});
