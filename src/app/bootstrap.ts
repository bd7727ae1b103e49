import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { getQueueToken } from '@nestjs/bullmq';
import {
  ValidationPipe,
  type INestApplication,
  type INestApplicationContext,
  type LogLevel,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { QUEUE_NAMES, type QueueName } from '../queue/queue-names';
import type { AppConfig } from './app-config';
import { AppModule } from './app.module';

export const ADMIN_QUEUES_PATH = '/admin/queues';
export const DOCS_PATH = 'docs';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
function logLevels(config: AppConfig): LogLevel[] {
  return LEVELS.slice(0, LEVELS.indexOf(config.LOG_LEVEL) + 1);
}

export interface ApiAppOptions {
  /** Also run these queues' workers in the API process (development, tests). */
  workers?: readonly QueueName[];
  concurrency?: number;
  /** Nest's logger; false silences it (tests, benchmarks). */
  logger?: false;
}

/** The API: validation, security headers, OpenAPI at /docs, Bull Board at /admin/queues, /metrics, /health. */
export async function createApiApp(
  config: AppConfig,
  options: ApiAppOptions = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(
    AppModule.register({
      config,
      http: true,
      workers: options.workers ?? [],
      concurrency: options.concurrency,
    }),
    {
      logger: options.logger ?? logLevels(config),
    },
  );
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
  );
  // Swagger UI and Bull Board ship inline scripts that a strict CSP would block; the API keeps it.
  const secure = helmet();
  app.use((req: Request, res: Response, next: NextFunction) =>
    req.path.startsWith(`/${DOCS_PATH}`) || req.path.startsWith(ADMIN_QUEUES_PATH)
      ? next()
      : secure(req, res, next),
  );
  const board = new ExpressAdapter();
  board.setBasePath(ADMIN_QUEUES_PATH);
  createBullBoard({
    queues: QUEUE_NAMES.map(
      (n) => new BullMQAdapter(app.get<Queue>(getQueueToken(n), { strict: false })),
    ),
    serverAdapter: board,
  });
  app.use(ADMIN_QUEUES_PATH, board.getRouter());
  const doc = new DocumentBuilder()
    .setTitle('consular-sim')
    .setDescription('Simulated digital consular services: e-visa, Konsolosluk.NET, payments, Hızır')
    .addBearerAuth()
    .build();
  SwaggerModule.setup(DOCS_PATH, app, SwaggerModule.createDocument(app, doc));
  app.enableShutdownHooks();
  return app;
}

/** A worker-only process: no HTTP, the processors of `queues`. */
export async function createWorkerContext(
  config: AppConfig,
  queues: readonly QueueName[],
  concurrency?: number,
  logger?: false,
): Promise<INestApplicationContext> {
  const ctx = await NestFactory.createApplicationContext(
    AppModule.register({ config, http: false, workers: queues, concurrency }),
    {
      logger: logger ?? logLevels(config),
    },
  );
  ctx.enableShutdownHooks();
  return ctx;
}
