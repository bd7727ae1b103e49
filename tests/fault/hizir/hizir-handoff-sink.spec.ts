import 'reflect-metadata';
import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HizirHandoffSink } from '../../../src/hizir/hizir-handoff';
import { HizirEngine } from '../../../src/hizir/hizir.engine';
import { HizirModule } from '../../../src/hizir/hizir.module';
import { HANDOFF_UNAVAILABLE } from '../../../src/hizir/hizir.service';
import { OfficerHandoffSink } from '../../../src/konsolosluk/konsolosluk-handoff.service';

/**
 * A hand-off the sink fails on with an error of its own (not a 429/503 it chose) must not be
 * answered `handoff: true`: the citizen would be told an officer will follow up on a question
 * that never reached one. It is a 503 with a clear message, and the failure is not echoed.
 */
describe.each([
  // The live officer sink before the Konsolosluk.NET service has attached its queue.
  ['the officer sink with no queue attached yet', () => new OfficerHandoffSink()],
  [
    'a sink that rejects',
    (): HizirHandoffSink => ({
      handoff: () => Promise.reject(new Error('connection reset by officer backend')),
    }),
  ],
])('POST /hizir/messages when the hand-off sink fails: %s', (_name, makeSink) => {
  let app: INestApplication;
  let calls = 0;

  beforeAll(async () => {
    const sink = makeSink();
    const counted: HizirHandoffSink = {
      handoff: (h) => {
        calls++;
        return sink.handoff(h);
      },
    };
    const moduleRef = await Test.createTestingModule({
      imports: [
        HizirModule.register({
          engine: HizirEngine.fromConfig(`${__dirname}/../../../config`),
          handoffSink: counted,
        }),
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalPipes(
      new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
    );
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('answers 503 saying the question was not passed on, instead of handoff: true', async () => {
    const res = await request(app.getHttpServer())
      .post('/hizir/messages')
      .send({ text: 'what is the weather in Ankara tomorrow', sessionId: 'lost-handoff' });
    expect(calls).toBe(1);
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: HANDOFF_UNAVAILABLE,
    });
    expect(JSON.stringify(res.body)).not.toMatch(/officer backend|not ready|Error:|\.ts:/);
  });

  it('still answers a question that needs no officer (201), without calling the sink', async () => {
    const before = calls;
    const res = await request(app.getHttpServer())
      .post('/hizir/messages')
      .send({ text: 'pasaportumu kaybettim' })
      .expect(201);
    expect(res.body.handoff).toBe(false);
    expect(calls).toBe(before);
  });
});
