import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { getQueueToken } from '@nestjs/bullmq';
import {
  BadRequestException,
  Logger,
  ValidationPipe,
  type INestApplication,
  type INestApplicationContext,
  type LoggerService,
  type LogLevel,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import { json, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { defaultLabDir, labHandler, LAB_PATH } from '../lab-server/static-site';
import type { ValidationError } from 'class-validator';
import { QUEUE_NAMES, type QueueName } from '../queue/queue-names';
import { adminAuth } from './admin-auth';
import { assertServeConfig, type AppConfig } from './app-config';
import { AppModule } from './app.module';
import { JsonLogger } from './json-logger';

export const ADMIN_QUEUES_PATH = '/admin/queues';
export const DOCS_PATH = 'docs';
export const METRICS_PATH = '/metrics';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
function logLevels(config: AppConfig): LogLevel[] {
  return LEVELS.slice(0, LEVELS.indexOf(config.LOG_LEVEL) + 1);
}

export interface ApiAppOptions {
  /** Also run these queues' workers in the API process (development, tests). */
  workers?: readonly QueueName[];
  concurrency?: number;
  /** Nest's logger: redacted JSON lines on stdout by default; false silences it (tests, benchmarks). */
  logger?: false | LoggerService;
}

/** Body-parser failures as JSON answers that say what is wrong, instead of Express's HTML page (or a 500). */
function bodyErrors(limitKb: number) {
  return (err: unknown, _req: Request, res: Response, next: NextFunction): void => {
    const e = err as { type?: string; status?: number; statusCode?: number };
    const status = e?.status ?? e?.statusCode;
    if (!e || typeof status !== 'number' || status >= 500) return next(err);
    const message =
      e.type === 'entity.too.large'
        ? `request body is larger than the ${limitKb} kB limit`
        : e.type === 'entity.parse.failed'
          ? 'request body is not valid JSON'
          : e.type === 'encoding.unsupported' || e.type === 'charset.unsupported'
            ? 'request body encoding or charset is not supported (send UTF-8 JSON)'
            : 'request body could not be read';
    const error =
      status === 413
        ? 'Payload Too Large'
        : status === 415
          ? 'Unsupported Media Type'
          : 'Bad Request';
    res.status(status).json({ statusCode: status, error, message });
  };
}

/**
 * Validation failures as one message per problem that names the field. class-validator's
 * own messages start with the property name; an unexpected property is quoted, since its
 * name is whatever the client sent (`unknown field " ": not allowed`).
 */
export function validationMessages(errors: ValidationError[], parent = ''): string[] {
  const out: string[] = [];
  for (const e of errors) {
    const path = parent ? `${parent}.${e.property}` : e.property;
    for (const [rule, message] of Object.entries(e.constraints ?? {}))
      out.push(
        rule === 'whitelistValidation'
          ? `unknown field ${JSON.stringify(path).slice(0, 80)}: not allowed`
          : parent
            ? `${parent}.${message}`
            : message,
      );
    if (e.children?.length) out.push(...validationMessages(e.children, path));
  }
  return out.length ? out : ['request body is not a valid object'];
}

/** One access-log line per request: method, route pattern (never the path: it holds ids), status, duration. */
function accessLog() {
  const logger = new Logger('HTTP');
  return (req: Request, res: Response, next: NextFunction): void => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path;
      logger.log({
        event: 'http',
        method: req.method,
        route: route ? `${req.baseUrl}${route}` : 'unmatched',
        status: res.statusCode,
        ms: Math.round(Number(process.hrtime.bigint() - start) / 1e4) / 100,
      });
    });
    next();
  };
}

/** The Lab's static site at /lab when it is built (npm ci builds it); the API works without it. */
function mountLab(app: INestApplication): void {
  const dir = defaultLabDir();
  if (!existsSync(join(dir, 'index.html'))) {
    new Logger('Lab').warn(
      `the Lab is not built (${dir}); run npm run build:lab to serve it at ${LAB_PATH}`,
    );
    return;
  }
  const handle = labHandler(dir);
  app.use(LAB_PATH, (req: Request, res: Response, next: NextFunction) => {
    // /lab → /lab/ so the site's relative asset URLs resolve under /lab/.
    if (req.originalUrl === LAB_PATH || req.originalUrl.startsWith(`${LAB_PATH}?`)) {
      res.redirect(301, `${LAB_PATH}/${req.originalUrl.slice(LAB_PATH.length)}`);
      return;
    }
    handle(req, res, next);
  });
}

/** The API: validation, security headers, OpenAPI at /docs, Bull Board at /admin/queues, /metrics, /health. */
export async function createApiApp(
  config: AppConfig,
  options: ApiAppOptions = {},
): Promise<INestApplication> {
  assertServeConfig(config);
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.register({
      config,
      http: true,
      workers: options.workers ?? [],
      concurrency: options.concurrency,
    }),
    {
      logger: options.logger ?? new JsonLogger(logLevels(config)),
      // Parsed below, with a size limit and JSON errors.
      bodyParser: false,
    },
  );
  if (!config.ADMIN_TOKEN)
    new Logger('Security').warn(
      'DEV_MODE without ADMIN_TOKEN: /admin/queues and /metrics are open to anyone who can reach this port',
    );
  app.use(accessLog());
  app.use(json({ limit: `${config.BODY_LIMIT_KB}kb` }));
  app.use(bodyErrors(config.BODY_LIMIT_KB));
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => new BadRequestException(validationMessages(errors)),
    }),
  );
  // Swagger UI and Bull Board ship inline scripts that a strict CSP would block; the API keeps it.
  const secure = helmet();
  app.use((req: Request, res: Response, next: NextFunction) =>
    req.path.startsWith(`/${DOCS_PATH}`) || req.path.startsWith(ADMIN_QUEUES_PATH)
      ? next()
      : secure(req, res, next),
  );
  // Admin surfaces: the dashboard (job data, retry/clean buttons) and the metrics.
  const admin = adminAuth(config.ADMIN_TOKEN);
  app.use(ADMIN_QUEUES_PATH, admin);
  app.use(METRICS_PATH, admin);
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
  mountLab(app);
  app.enableShutdownHooks();
  return app;
}

/** A worker-only process: no HTTP, the processors of `queues`. */
export async function createWorkerContext(
  config: AppConfig,
  queues: readonly QueueName[],
  concurrency?: number,
  logger?: false | LoggerService,
): Promise<INestApplicationContext> {
  const ctx = await NestFactory.createApplicationContext(
    AppModule.register({ config, http: false, workers: queues, concurrency }),
    {
      logger: logger ?? new JsonLogger(logLevels(config)),
    },
  );
  ctx.enableShutdownHooks();
  return ctx;
}
