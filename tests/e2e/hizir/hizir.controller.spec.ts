import 'reflect-metadata';
import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HizirHandoff } from '../../../src/hizir/hizir-handoff';
import { HizirEngine, WORDLESS_TEXT } from '../../../src/hizir/hizir.engine';
import { HizirModule } from '../../../src/hizir/hizir.module';

describe('POST /hizir/messages', () => {
  let app: INestApplication;
  const handoffs: HizirHandoff[] = [];

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        HizirModule.register({
          engine: HizirEngine.fromConfig(`${__dirname}/../../../config`),
          handoffSink: { handoff: (h) => void handoffs.push(h) },
        }),
      ],
    }).compile();
    app = moduleRef.createNestApplication();
    app.useGlobalPipes(
      new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
    );
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('answers a question', async () => {
    const res = await request(app.getHttpServer())
      .post('/hizir/messages')
      .send({ text: 'pasaportumu kaybettim', sessionId: 's-1' })
      .expect(201);
    expect(res.body).toMatchObject({
      area: 'passport',
      operationId: 'passport-lost-stolen',
      handoff: false,
      handoffReason: null,
      lang: 'tr',
    });
    expect(typeof res.body.answer).toBe('string');
    expect(res.body.confidence).toBeGreaterThan(0.5);
    expect(res.body.sources.length).toBeGreaterThan(0);
  });

  it('asks which operation a message naming only an area means, and takes the reply', async () => {
    const server = app.getHttpServer();
    const first = await request(server)
      .post('/hizir/messages')
      .send({ text: 'info about visas please', sessionId: 's-area' })
      .expect(201);
    // It had been handed off as out of scope (0.987).
    expect(first.body).toMatchObject({
      area: 'visa',
      handoff: false,
      handoffReason: null,
      lang: 'en',
    });
    expect(first.body.clarify.question).toMatch(/^Visas: which of these/);
    expect(first.body.clarify.options[2]).toBe('Student visa');
    const reply = await request(server)
      .post('/hizir/messages')
      .send({ text: '3', sessionId: 's-area' })
      .expect(201);
    expect(reply.body).toMatchObject({ operationId: 'visa-student', handoff: false });
    expect(reply.body.clarify).toBeUndefined();
  });

  it('answers in the requested language', async () => {
    const res = await request(app.getHttpServer())
      .post('/hizir/messages')
      .send({ text: 'pasaport yenileme', lang: 'en' })
      .expect(201);
    expect(res.body.lang).toBe('en');
    expect(res.body.operationId).toBe('passport-renewal');
  });

  it('hands off out-of-scope questions and passes them to the sink', async () => {
    const res = await request(app.getHttpServer())
      .post('/hizir/messages')
      .send({ text: 'what is the weather in Ankara tomorrow', sessionId: 's-2' })
      .expect(201);
    expect(res.body).toMatchObject({ handoff: true, handoffReason: 'out-of-scope', area: null });
    // The sink gets the session bound to the client that sent it (one client's quota).
    const handoff = handoffs.find((h) => h.text === 'what is the weather in Ankara tomorrow');
    expect(handoff?.client).toMatch(/127\.0\.0\.1/);
    expect(JSON.parse(handoff?.sessionId ?? 'null')).toEqual([handoff?.client, 's-2']);
  });

  it.each([
    [{}, 'text'],
    [{ text: '' }, 'text'],
    [{ text: 'x'.repeat(1001) }, 'text'],
    [{ text: 42 }, 'text'],
    [{ text: 'vize', lang: 'de' }, 'lang'],
    [{ text: 'vize', sessionId: 'x'.repeat(101) }, 'sessionId'],
    [{ text: 'vize', extra: true }, 'extra'],
  ])('rejects %j with 400 naming %s', async (body, field) => {
    const res = await request(app.getHttpServer()).post('/hizir/messages').send(body).expect(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
  });

  it('asks for words, in Turkish and English, for a message of no letters, and hands nothing off', async () => {
    for (const text of ['😀😀', '???', '!!! ...', '👍 ❤️ ☺', '—', '¿?', '😀 42', '12345']) {
      const before = handoffs.length;
      const res = await request(app.getHttpServer())
        .post('/hizir/messages')
        .send({ text, sessionId: 's-wordless' })
        .expect(201);
      expect(res.body, text).toEqual({
        answer: `${WORDLESS_TEXT.tr}\n\n${WORDLESS_TEXT.en}`,
        area: null,
        operationId: null,
        confidence: 1,
        handoff: false,
        handoffReason: null,
        lang: 'tr',
        sources: [],
      });
      expect(handoffs.length, text).toBe(before);
    }
  });

  it('asks for words in the language the client gives', async () => {
    const res = await request(app.getHttpServer())
      .post('/hizir/messages')
      .send({ text: '😀😀', lang: 'en' })
      .expect(201);
    expect(res.body).toMatchObject({ answer: WORDLESS_TEXT.en, lang: 'en', handoff: false });
  });

  it('still hands off a message with a letter that is out of scope', async () => {
    for (const text of ['😀 x 42', '?? x ??']) {
      const res = await request(app.getHttpServer())
        .post('/hizir/messages')
        .send({ text })
        .expect(201);
      expect(res.body.answer, text).not.toContain(WORDLESS_TEXT.tr);
    }
  });
});
