import 'reflect-metadata';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisSessionStore } from '../../../src/hizir/hizir-conversation';
import { readSplit } from '../../../src/hizir/hizir-questions';
import { HizirEngine } from '../../../src/hizir/hizir.engine';
import { HizirModule } from '../../../src/hizir/hizir.module';
import { testRedisUrl } from '../../helpers/redis-test-env';

// The live route and `consular-sim ask` must give the same answers, clarifying exchange included.
const ROOT = join(__dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'consular-sim.js');

function ask(args: string[], input: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'ask', ...args], { cwd: ROOT });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(out.trim().split('\n'))
        : reject(new Error(`ask exited ${code}: ${err}`)),
    );
    child.stdin.end(input);
  });
}

describe('Hızır over HTTP with sessions in Redis, and the same answers from ask', () => {
  let app: INestApplication;
  let redis: Redis;
  const prefix = `hizir-test-${randomBytes(3).toString('hex')}:`;

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
      const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
      if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}`);
    }
    redis = new Redis(testRedisUrl());
    const moduleRef = await Test.createTestingModule({
      imports: [
        HizirModule.register({
          engine: HizirEngine.fromConfig(join(ROOT, 'config')),
          sessionStore: new RedisSessionStore(
            redis,
            { conceal: (t) => t, reveal: (t) => t, keyOf: (id) => id },
            prefix,
          ),
        }),
      ],
    }).compile();
    app = moduleRef.createNestApplication();
    app.useGlobalPipes(
      new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
    );
    await app.init();
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    if (redis) {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
  });

  const post = async (body: Record<string, string | null>): Promise<Record<string, unknown>> =>
    (await request(app.getHttpServer()).post('/hizir/messages').send(body).expect(201))
      .body as Record<string, unknown>;

  it('asks once, keeps the question in Redis with a TTL, and answers from the reply', async () => {
    const first = await post({ text: 'I lost my passport', sessionId: 'web-1' });
    expect(first.clarify).toMatchObject({ question: expect.stringMatching(/travel/) });
    // Kept under the sessionId bound to the client (the store's keyOf is the identity here).
    const [key] = await redis.keys(`${prefix}*web-1*`);
    expect(key).toBeDefined();
    expect(await redis.ttl(key)).toBeGreaterThan(0);
    const second = await post({ text: 'yes, I fly on Saturday', sessionId: 'web-1' });
    expect(second.operationId).toBe('travel-document-emergency-passport');
    expect(second.clarify).toBeUndefined();
    expect(await redis.exists(key)).toBe(0);
  });

  it('takes "sessionId": null and "lang": null as left out, as every optional field of the API', async () => {
    // Before, null was a session of its own, keyed "null": the clarifying question waited in it,
    // and the next message of that client with null (any question) was read as the reply.
    const before = await redis.keys(`${prefix}*`);
    const asked = await post({ text: 'I lost my passport', sessionId: null, lang: null });
    expect(asked).toEqual(await post({ text: 'I lost my passport' }));
    expect(asked.clarify).toBeDefined();
    expect((await redis.keys(`${prefix}*`)).sort()).toEqual(before.sort());
    const next = await post({ text: '1', sessionId: null });
    expect(next).toEqual(await post({ text: '1' }));
    expect(next.operationId).toBeNull();
  });

  it('gives the same answers as `ask --json` for questions it has never seen', async () => {
    const questions = readSplit(join(ROOT, 'config'), 'test')
      .filter((_, i) => i % 10 === 0)
      .map((q) => q.text);
    const fromCli = (await ask(['--json'], questions.join('\n') + '\n')).map((l) => JSON.parse(l));
    expect(fromCli).toHaveLength(questions.length);
    for (const [i, text] of questions.entries()) {
      expect(await post({ text }), text).toEqual(fromCli[i]);
    }
  });

  it('gives the same clarifying exchange as `ask --interactive`', async () => {
    const lines = [
      'pasaportumu kaybettim',
      '2',
      'babam yurt dışında vefat etti',
      'cenazeyi nakletmek',
    ];
    const fromCli = (await ask(['--interactive', '--json'], lines.join('\n') + '\n')).map((l) =>
      JSON.parse(l),
    );
    const fromHttp = [];
    for (const text of lines) fromHttp.push(await post({ text, sessionId: 'web-2' }));
    expect(fromHttp).toEqual(fromCli);
    expect(fromCli.map((a: { operationId: string }) => a.operationId)).toEqual([
      expect.any(String),
      'passport-lost-stolen',
      expect.any(String),
      'repatriation-customs-funeral-transfer',
    ]);
    expect(fromCli[0].clarify.options).toHaveLength(2);
  });

  it('asks again after a number that is no option, in Redis as in `ask --interactive`', async () => {
    // Before, "9" after five options took the question out of Redis and was answered as a
    // message of its own ("I could not find a question", lang tr): "5" then meant nothing.
    const lines = ['passport', '9', '5'];
    const fromCli = (await ask(['--interactive', '--json'], lines.join('\n') + '\n')).map((l) =>
      JSON.parse(l),
    );
    const fromHttp = [];
    for (const text of lines) fromHttp.push(await post({ text, sessionId: 'web-3' }));
    expect(fromHttp).toEqual(fromCli);
    const [asked, again, picked] = fromHttp as {
      lang: string;
      operationId: string;
      clarify?: { question: string; options: string[] };
    }[];
    expect(asked!.clarify!.options).toHaveLength(5);
    expect(again!.lang).toBe('en');
    expect(again!.clarify!.question).toMatch(/^9 is not one of the options/);
    expect(again!.clarify!.options).toEqual(asked!.clarify!.options);
    expect(picked!.operationId).toBe('passport-lost-stolen');
    expect(picked!.clarify).toBeUndefined();
    expect(await redis.keys(`${prefix}*web-3*`)).toEqual([]);
  });
});
