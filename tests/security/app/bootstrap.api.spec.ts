import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppConfigError } from '../../../src/config/app-config';
import { createApiApp } from '../../../src/app/bootstrap';
import { startApiApp } from '../../helpers/api-app';
import { JsonLogger, logLevelsFrom } from '../../../src/app/json-logger';
import { openPersonalData } from '../../../src/evisa/personal-data';
import { RECORD_KEYS } from '../../../src/queue/queue-names';
import { TEST_ADMIN_TOKEN, testConfig } from '../../helpers/redis-test-env';
import { CLI, ensureBuilt, plausibleArrivalDate, ROOT } from '../../helpers/fault-env';

/** OWASP API Security Top 10 checks on the live API: API1 (BOLA), API2, API4, API8, and personal data. */
const jane = {
  nationality: 'GB',
  passportNumber: 'U98765432',
  fullName: 'Jane Q Applicant',
  email: 'jane.q@example.org',
  arrivalDate: plausibleArrivalDate(),
};
const john = {
  ...jane,
  passportNumber: 'K11223344',
  fullName: 'John R Applicant',
  email: 'john@example.org',
};

describe('security of the live API', () => {
  let app: INestApplication;
  let http: ReturnType<INestApplication['getHttpServer']>;
  const config = testConfig('sec', { RATE_LIMIT: '0' });

  beforeAll(async () => {
    app = await startApiApp(config);
    http = app.getHttpServer();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('API1: an applicant sees only their own application; guessed ids find nothing', async () => {
    const a = await request(http).post('/evisa/applications').send(jane).expect(202);
    const b = await request(http).post('/evisa/applications').send(john).expect(202);
    const own = await request(http)
      .get(`/evisa/applications/${a.body.id}`)
      .set('Authorization', `Bearer ${a.body.token}`)
      .expect(200);
    // The status answer carries no personal data.
    expect(JSON.stringify(own.body)).not.toMatch(/U98765432|Jane|jane\.q/);
    await request(http).get(`/evisa/applications/${a.body.id}`).expect(401);
    await request(http)
      .get(`/evisa/applications/${a.body.id}`)
      .set('Authorization', `Bearer ${b.body.token}`)
      .expect(404);
    await request(http)
      .get(`/evisa/applications/${a.body.id}`)
      .set('Authorization', `Bearer ${a.body.token}x`)
      .expect(404);
    await request(http)
      .get(`/evisa/applications/${a.body.id}`)
      .set('Authorization', `Basic ${a.body.token}`)
      .expect(401);
    // Guessing: random well-formed ids, ids next to a real one, other shapes.
    const guesses = [
      ...Array.from({ length: 200 }, () => `ev_${randomBytes(13).toString('hex')}`),
      `${a.body.id.slice(0, -1)}${a.body.id.endsWith('0') ? '1' : '0'}`,
      a.body.id.toUpperCase(),
      `${a.body.id}/`,
      `${a.body.id}%00`,
      'ev_*',
    ];
    let found = 0;
    for (const id of guesses) {
      const r = await request(http)
        .get(`/evisa/applications/${id}`)
        .set('Authorization', `Bearer ${b.body.token}`);
      if (r.status === 200) found++;
      expect(r.status).toBe(404);
    }
    console.log(
      `security: ${guesses.length} guessed e-visa ids with a stranger's token: ${found} opened`,
    );
    expect(found).toBe(0);
  });

  it('keeps passport number, name and e-mail only sealed in the record; job data holds the id', async () => {
    const a = await request(http).post('/evisa/applications').send(jane).expect(202);
    const redis = new Redis(config.REDIS_URL);
    try {
      const record = await redis.hgetall(
        RECORD_KEYS.evisaApplication(config.QUEUE_PREFIX, a.body.id),
      );
      expect(Object.keys(record)).not.toContain('passportNumber');
      expect(JSON.stringify(record)).not.toMatch(/U98765432|Jane Q|jane\.q/);
      expect(openPersonalData(config.TOKEN_SECRET, a.body.id, record.pii)).toEqual({
        passportNumber: jane.passportNumber,
        fullName: jane.fullName,
        email: jane.email,
      });
      // Sealed to its record: the same ciphertext does not open under another id.
      expect(() => openPersonalData(config.TOKEN_SECRET, 'ev_other', record.pii)).toThrow();
      const job = await redis.hgetall(`${config.QUEUE_PREFIX}:evisa:${a.body.id}-intake`);
      expect(JSON.parse(job.data)).toEqual({ id: a.body.id });
    } finally {
      redis.disconnect();
    }
  });

  it('API8: security headers on API answers', async () => {
    const r = await request(http).get('/health/live').expect(200);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['strict-transport-security']).toMatch(/max-age=/);
    expect(r.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(r.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(r.headers['x-powered-by']).toBeUndefined();
  });

  it('API8: answers holding tokens, keys or statuses may not be stored by any cache', async () => {
    // The probe found no Cache-Control on the 202 that shows a record's token once, nor on
    // the status reads and the mission key: a shared or browser cache was free to keep them.
    const accepted = await request(http).post('/evisa/applications').send(jane).expect(202);
    const status = await request(http)
      .get(`/evisa/applications/${accepted.body.id}`)
      .set('Authorization', `Bearer ${accepted.body.token}`)
      .expect(200);
    const key = await request(http)
      .post('/diplomatic-portal/missions/germany-emb-ankara/keys')
      .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
      .expect(201);
    const refused = await request(http).get(`/evisa/applications/${accepted.body.id}`).expect(401);
    const metrics = await request(http)
      .get('/metrics')
      .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
      .expect(200);
    const board = await request(http)
      .get('/admin/queues/api/queues')
      .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
      .expect(200);
    for (const [what, r] of Object.entries({ accepted, status, key, refused, metrics, board }))
      expect(r.headers['cache-control'], what).toBe('no-store');
  });

  it('API2/API5: /metrics and the dashboard need the admin credential', async () => {
    for (const path of ['/metrics', '/admin/queues', '/admin/queues/api/queues']) {
      const none = await request(http).get(path).expect(401);
      expect(none.headers['www-authenticate']).toMatch(/^Basic/);
      expect(none.body.message).toMatch(/admin credential/);
      await request(http)
        .get(path)
        .set('Authorization', 'Bearer wrong-token-0123456789')
        .expect(401);
      await request(http).get(path).set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`).expect(200);
      const basic = Buffer.from(`ops:${TEST_ADMIN_TOKEN}`).toString('base64');
      await request(http).get(path).set('Authorization', `Basic ${basic}`).expect(200);
    }
  });

  it('API4: a body over 16 kB is 413 with a JSON answer; malformed JSON is 400, not 500', async () => {
    const big = await request(http)
      .post('/evisa/applications')
      .send({ ...jane, fullName: 'x'.repeat(17 * 1024) })
      .expect(413);
    expect(big.body).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'request body is larger than the 16 kB limit',
    });
    const bad = await request(http)
      .post('/payments')
      .set('content-type', 'application/json')
      .send('{"reference": ')
      .expect(400);
    expect(bad.body.message).toBe('request body is not valid JSON');
    const extra = await request(http)
      .post('/evisa/applications')
      .send({ ...jane, isAdmin: true })
      .expect(400);
    expect(extra.body.message).toEqual(['unknown field "isAdmin": not allowed']);
  });
});

describe('rate limit on the public endpoints', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await startApiApp(
      testConfig('rate', { RATE_LIMIT: '5', RATE_LIMIT_WINDOW_SECONDS: '60' }),
    );
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers 429 with Retry-After past the limit; health stays open', async () => {
    const http = app.getHttpServer();
    const codes: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 8; i++) {
      const r = await request(http).post('/hizir/messages').send({ text: 'e-vize ücreti?' });
      codes.push(r.status);
      if (r.status === 429) retryAfter = r.headers['retry-after'];
    }
    expect(codes.slice(0, 5).every((c) => c < 400)).toBe(true);
    expect(codes.slice(5)).toEqual([429, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    for (let i = 0; i < 10; i++) await request(http).get('/health/live').expect(200);
  });
});

describe('start-up without an admin credential', () => {
  it('createApiApp refuses unless DEV_MODE', async () => {
    const noAdmin = testConfig('noadmin', { DEV_MODE: 'false' });
    noAdmin.ADMIN_TOKEN = undefined;
    await expect(createApiApp(noAdmin, { logger: false })).rejects.toThrow(AppConfigError);
    await expect(createApiApp(noAdmin, { logger: false })).rejects.toThrow(
      /ADMIN_TOKEN: must be set/,
    );
    const dev = testConfig('dev', { DEV_MODE: '1' });
    dev.ADMIN_TOKEN = undefined;
    const app = await startApiApp(dev);
    try {
      await request(app.getHttpServer()).get('/metrics').expect(200);
    } finally {
      await app.close();
    }
  });

  it('consular-sim serve exits 2 naming ADMIN_TOKEN', () => {
    ensureBuilt();
    const env: NodeJS.ProcessEnv = { ...process.env, REDIS_URL: 'redis://127.0.0.1:1', PORT: '0' };
    delete env.ADMIN_TOKEN;
    delete env.DEV_MODE;
    const r = spawnSync(process.execPath, [CLI, 'serve'], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: configuration: ADMIN_TOKEN: must be set/);
  }, 60_000);
});

describe('the redacting JSON logger', () => {
  it('masks personal-data fields, secrets and passport- or e-mail-shaped text', () => {
    const lines: string[] = [];
    const log = new JsonLogger(logLevelsFrom('verbose'), (l) => lines.push(l));
    log.log(
      {
        event: 'x',
        passportNumber: 'U98765432',
        fullName: 'Jane Q Applicant',
        email: 'jane.q@example.org',
        id: 'ev_abc',
      },
      'Ctx',
    );
    log.warn({
      nested: { applicant: { PassportNo: 'K11223344', full_name: 'John' } },
      headers: { authorization: 'Bearer sekret123' },
    });
    log.error('lookup of U98765432 for jane.q@example.org failed', 'stack', 'Ctx');
    log.debug(new Error('passport K11223344 rejected'));
    log.log('token: Bearer abc.def-ghi');
    const all = lines.join('\n');
    expect(lines).toHaveLength(5);
    for (const secret of [
      'U98765432',
      'K11223344',
      'Jane Q',
      'jane.q@',
      'John',
      'sekret123',
      'abc.def-ghi',
    ])
      expect(all).not.toContain(secret);
    expect(all).toContain('ev_abc');
    expect(JSON.parse(lines[0])).toMatchObject({
      level: 'log',
      context: 'Ctx',
      event: 'x',
      passportNumber: '[redacted]',
    });
  });
});
