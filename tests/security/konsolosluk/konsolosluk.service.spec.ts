import 'reflect-metadata';
import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplication } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiApp } from '../../helpers/api-app';
import { openText } from '../../../src/common/sealed-text';
import { TRIAGE_MASK } from '../../../src/hizir/hizir-triage';
import {
  KonsoloslukService,
  type OfficerTaskData,
} from '../../../src/konsolosluk/konsolosluk.service';
import { QUEUES } from '../../../src/queue/queue-names';
import { TEST_ADMIN_TOKEN, testConfig } from '../../helpers/redis-test-env';

const ADMIN = `Bearer ${TEST_ADMIN_TOKEN}`;

/** Every value of every key in this Redis (all types), as text: what a dump would show. */
async function dumpRedis(redis: Redis): Promise<string> {
  const parts: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      const type = await redis.type(key);
      parts.push(key);
      if (type === 'string') parts.push((await redis.get(key)) ?? '');
      else if (type === 'hash') parts.push(JSON.stringify(await redis.hgetall(key)));
      else if (type === 'list') parts.push(JSON.stringify(await redis.lrange(key, 0, -1)));
      else if (type === 'set') parts.push(JSON.stringify(await redis.smembers(key)));
      else if (type === 'zset') parts.push(JSON.stringify(await redis.zrange(key, '0', '-1')));
      else if (type === 'stream') parts.push(JSON.stringify(await redis.xrange(key, '-', '+')));
    }
  } while (cursor !== '0');
  return parts.join('\n');
}

describe('Hızır hand-offs hold no personal data in clear', () => {
  let app: INestApplication;
  const config = testConfig('handoff-pii', { RATE_LIMIT: '0' });
  const salt = randomBytes(2).toString('hex').toUpperCase();
  // Out-of-scope questions (so Hızır hands them off) carrying a name, an e-mail, a passport,
  // phone, ID and IBAN numbers, each made unique to this run.
  const secrets = {
    name: `Smithson${salt}`,
    email: `john.smithson${salt.toLowerCase()}@example.com`,
    passport: `U9${salt}5432`.replace(/[^A-Z0-9]/g, '7'),
    turkishName: `Yılmazoğlu${salt}`,
    phone: `+90 532 ${salt.replace(/\D/g, '1').padEnd(3, '4').slice(0, 3)} 45 67`,
    tcId: `1${String(parseInt(salt, 16)).padStart(5, '0')}78901`,
    iban: 'TR33 0006 1005 1978 6457 8413 26',
    englishName: `Janet${salt}`,
    mehmet: `Mehmet${salt}`,
    // Names, a place and a date with no cue before them: the triage text keeps only known words.
    karl: `Heinzmann${salt}`,
    munich: `Munich${salt}`,
    brother: `yılmazoğlu${salt.toLowerCase()}`,
    date: `${salt.replace(/\D/g, '3')}.2024`,
  };
  const questions = [
    `Who will win the football match? Contact John ${secrets.name} at ${secrets.email}, passport ${secrets.passport}`,
    `Yarın Ankara'da hava nasıl olacak? Adım Ayşe ${secrets.turkishName}, telefonum ${secrets.phone}, TC ${secrets.tcId}`,
    `recipe for baklava please, my name is ${secrets.englishName} Doe, IBAN ${secrets.iban}`,
    `Futbol maçını kim kazanacak? Benim adım ${secrets.mehmet} Öz`,
    `Who will win the football match? Karl ${secrets.karl} from ${secrets.munich} watched it on ${secrets.date}`,
    `futbol maçını kim kazanacak, kardeşim mehmet ${secrets.brother} soruyor`,
  ];

  beforeAll(async () => {
    app = await startApiApp(config);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('masks the text and seals the original: nothing in any Redis key or the dashboard API', async () => {
    const http = app.getHttpServer();
    for (const [i, text] of questions.entries()) {
      const r = await request(http)
        .post('/hizir/messages')
        .send({ text, sessionId: `web-${salt}-${i}` })
        .expect(201);
      expect(r.body.handoff, text).toBe(true);
    }
    const queue = app.get<Queue<OfficerTaskData>>(getQueueToken(QUEUES.konsolosluk));
    const jobs = (await queue.getJobs(['waiting'])).filter((j) => j.name === 'officer-task');
    expect(jobs).toHaveLength(questions.length);

    const redis = new Redis(config.REDIS_URL);
    let dump: string;
    try {
      dump = await dumpRedis(redis);
    } finally {
      redis.disconnect();
    }
    const board = [
      JSON.stringify(
        (
          await request(http)
            .get('/admin/queues/api/queues?activeQueue=konsolosluk&status=waiting&page=1')
            .set('Authorization', ADMIN)
            .expect(200)
        ).body,
      ),
      ...(await Promise.all(
        jobs.map(async (j) =>
          JSON.stringify(
            (
              await request(http)
                .get(`/admin/queues/api/queues/konsolosluk/${j.id}`)
                .set('Authorization', ADMIN)
                .expect(200)
            ).body,
          ),
        ),
      )),
    ].join('\n');
    // The scans see the tasks (so they could see a leak).
    expect(dump).toContain(jobs[0].data.sealedText);
    expect(board).toContain(jobs[0].data.sealedText);
    expect(board).toContain(TRIAGE_MASK);
    for (const [what, secret] of Object.entries(secrets)) {
      expect(dump, `${what} in Redis`).not.toContain(secret);
      expect(board, `${what} on the dashboard`).not.toContain(secret);
    }
    // The officer who takes a task up can still read the question.
    const opened = jobs.map((j: Job<OfficerTaskData>) =>
      openText(config.TOKEN_SECRET, j.id ?? '', j.data.sealedText),
    );
    expect(opened.sort()).toEqual([...questions].sort());
    // The masked text keeps what the officer needs to triage, and no first name either.
    const triage = jobs.map((j) => j.data.text).join('\n');
    expect(triage).toMatch(/football/);
    expect(triage).toMatch(/hava nasıl/);
    expect(triage).not.toMatch(/Karl|mehmet|John|Ayşe|Ankara/i);
  });
});

describe('officer queue flooding', () => {
  const ask = (
    http: ReturnType<INestApplication['getHttpServer']>,
    text: string,
    sessionId?: string,
  ) =>
    request(http)
      .post('/hizir/messages')
      .send(sessionId ? { text, sessionId } : { text });
  const outOfScope = (i: number) => `Who will win football match number ${i}?`;

  it('limits hand-offs per session and per client (429 with Retry-After)', async () => {
    const app = await startApiApp(
      testConfig('handoff-quota', {
        RATE_LIMIT: '0',
        HIZIR_HANDOFFS_PER_CLIENT: '5',
        HIZIR_HANDOFFS_PER_SESSION: '2',
        HIZIR_HANDOFF_WINDOW_SECONDS: '600',
      }),
    );
    try {
      const http = app.getHttpServer();
      await ask(http, outOfScope(1), 's-1').expect(201);
      await ask(http, outOfScope(2), 's-1').expect(201);
      // A repeat of a waiting question is the same task, not a new one.
      await ask(http, outOfScope(2), 's-1').expect(201);
      const third = await ask(http, outOfScope(3), 's-1').expect(429);
      expect(third.body.message).toMatch(/in this session \(2 per 600 s\)/);
      expect(Number(third.headers['retry-after'])).toBeGreaterThan(500);
      // Changing sessionId does not get around the client's quota.
      await ask(http, outOfScope(4), 's-2').expect(201);
      await ask(http, outOfScope(5), 's-3').expect(201);
      await ask(http, outOfScope(6)).expect(201);
      const past = await ask(http, outOfScope(7), 's-4').expect(429);
      expect(past.body.message).toMatch(/from this client \(5 per 600 s\)/);
      // Answers that need no officer are not limited.
      const answered = await ask(http, 'e-vize ücreti ne kadar?', 's-4').expect(201);
      expect(answered.body.handoff).toBe(false);
    } finally {
      await app.close();
    }
  });

  it('refuses past the cap on waiting tasks (503) without dropping a waiting task', async () => {
    const app = await startApiApp(
      testConfig('handoff-cap', {
        RATE_LIMIT: '0',
        HIZIR_HANDOFFS_PER_CLIENT: '1000',
        HIZIR_HANDOFFS_PER_SESSION: '1000',
        OFFICER_QUEUE_MAX_WAITING: '3',
      }),
    );
    try {
      const http = app.getHttpServer();
      const queue = app.get<Queue<OfficerTaskData>>(getQueueToken(QUEUES.konsolosluk));
      for (let i = 0; i < 3; i++) await ask(http, outOfScope(i), `cap-${i}`).expect(201);
      const first = await queue.getJobs(['waiting']);
      expect(first).toHaveLength(3);
      for (let i = 3; i < 8; i++) {
        const r = await ask(http, outOfScope(i), `cap-${i}`).expect(503);
        expect(r.body.message).toMatch(/officer queue is full \(3 questions waiting\)/);
        expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
      }
      const after = await queue.getJobs(['waiting']);
      expect(after.map((j) => j.id).sort()).toEqual(first.map((j) => j.id).sort());
      // An officer takes one up: there is room for one more.
      await app.get(KonsoloslukService).officerTask(first[0] as Job<OfficerTaskData>);
      await ask(http, outOfScope(100), 'cap-100').expect(201);
      await ask(http, outOfScope(101), 'cap-101').expect(503);
    } finally {
      await app.close();
    }
  });
});
