import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import type { ExpressAdapter } from '@bull-board/express';
import { getQueueToken } from '@nestjs/bullmq';
import {
  BadRequestException,
  Logger,
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
import {
  maxHeaderSize,
  STATUS_CODES,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';
import * as zlib from 'node:zlib';
import { clientKey } from '../common/client-address';
import { quoted, visibleErrorReplacer, visibleText } from '../common/visible-text';
import { SENT_ONCE_RULE } from '../common/field-rules';
import { MISSION_KEY_SCHEME } from '../common/openapi';
import {
  answerParserRefusals,
  framingProblem,
  type ParserError,
  type ParserRefusal,
} from '../common/parser-refusals';
import { lingerBeforeClose } from '../common/lingering-close';
import { isHostField } from '../common/request-host';
import { answerLabRoot, defaultLabDir, labHandler, LAB_PATH } from '../lab-server/static-site';
import type { ValidationError } from 'class-validator';
import { QUEUE_NAMES, type QueueName } from '../queue/queue-names';
import type { Redis } from 'ioredis';
import { ADMIN_LOGIN_LIMITER, adminAuth, type LoginLimiter } from '../config/admin-auth';
import { PRODUCER_REDIS } from '../queue/queue.module';
import { assertRedisDatabase } from '../queue/redis-connections';
import {
  boardCleanGuard,
  boardErrors,
  boardErrorShape,
  boardJobOptionsGuard,
} from './board-errors';
import { boardBackendGuard } from './board-guard';
import { BoardAdapter, boardJobLogsGuard, boardOptions } from './board-routes';
import { docsAllowList } from './docs-assets';
import { backendBreaker } from '../queue/queue-backend';
import {
  answerDeferredInput,
  DeferredInputInterceptor,
  deferProblem,
  jsonBodiesOnly,
  MAX_JSON_DEPTH,
  NOT_AN_OBJECT,
  percentEncodingGuard,
  requestShapeGuard,
  SafeValidationPipe,
  unlessProblem,
  UnreadInputInterceptor,
  verifyJsonBody,
} from './body-guard';
import { assertServeConfig, devTokenSecret, type AppConfig } from '../config/app-config';
import { liveModels, type LiveModels } from '../experiment/live-models';
import { AppModule } from './app.module';
import { JsonLogger } from './json-logger';
import {
  askForBody,
  deferBody,
  DeferredBodyInterceptor,
  deferContinue,
  deferredBodyReader,
  readDeferredBody,
  unlessBodyDeferred,
  waitsForContinue,
} from './expect-continue';
import { expressPath, MethodNotAllowedFilter, RouteMethods } from './method-not-allowed';
import { MetricsService } from './metrics';
import { RAW_ROUTES, RawAnswerReport } from './raw-answer-report';
import { retryAfterOn503 } from './retry-after';

export const ADMIN_QUEUES_PATH = '/admin/queues';
export const DOCS_PATH = 'docs';

/** Content-security policy of Swagger UI and Bull Board: their own scripts, inline styles, no framing. */
const UI_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'", 'https://fonts.googleapis.com'],
  fontSrc: ["'self'", 'data:', 'https://fonts.gstatic.com'],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * Server limits: a request's headers and whole body must arrive within their timeouts (Node
 * answers 408 and closes), idle keep-alive connections close, connections past the process's cap
 * are closed at once and a client's past its own cap are answered 503. Node checks the timeouts every connectionsCheckingInterval (30 s by
 * default); one second keeps the closing close to the configured time.
 */
export function applyServerLimits(
  server: Server,
  config: AppConfig,
  report?: RawAnswerReport,
  dropped?: (cap: DroppedBy) => void,
): void {
  server.requestTimeout = config.HTTP_REQUEST_TIMEOUT_MS;
  server.headersTimeout = config.HTTP_HEADERS_TIMEOUT_MS;
  server.keepAliveTimeout = config.HTTP_KEEP_ALIVE_TIMEOUT_MS;
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval =
    Math.min(1000, Math.floor(config.HTTP_HEADERS_TIMEOUT_MS / 2));
  if (config.HTTP_MAX_CONNECTIONS > 0) {
    server.maxConnections = config.HTTP_MAX_CONNECTIONS;
    // Node closes a connection past maxConnections before any 'connection' listener sees it.
    if (dropped) server.on('drop', () => dropped('process'));
  }
  if (config.HTTP_MAX_CONNECTIONS_PER_CLIENT > 0)
    limitConnectionsPerClient(
      server,
      config.HTTP_MAX_CONNECTIONS_PER_CLIENT,
      config.HTTP_HEADERS_TIMEOUT_MS,
      report,
      dropped,
    );
  closeConnectionsWhenDraining(server);
}

const draining = new WeakSet<Server>();
const inFlight = new WeakMap<Server, Set<ServerResponse>>();
const connections = new WeakMap<Server, Set<Socket>>();

/**
 * Once the server drains (shutdown), every response it still sends says `Connection: close`,
 * so a keep-alive connection closes after the request it carries. Without it a client posting
 * on keep-alive connections kept being served for the whole grace, the server never finished
 * closing, and the requests in flight when the grace expired were cut off unanswered.
 */
function closeConnectionsWhenDraining(server: Server): void {
  const open = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  inFlight.set(server, open);
  connections.set(server, sockets);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
    if (draining.has(server)) res.setHeader('Connection', 'close');
    open.add(res);
    res.once('close', () => open.delete(res));
  });
}

/**
 * How long a shutting-down `serve` drains its connections at most (drainHttpServer): a second
 * past the keep-alive timeout, so that idle connections close by that timeout rather than being
 * cut, but never more than half the grace, which leaves the other half to close queues and Redis.
 */
export function shutdownDrainMs(
  config: Pick<AppConfig, 'HTTP_KEEP_ALIVE_TIMEOUT_MS' | 'SHUTDOWN_GRACE_SECONDS'>,
): number {
  return Math.min(
    config.HTTP_KEEP_ALIVE_TIMEOUT_MS + 1_000,
    (config.SHUTDOWN_GRACE_SECONDS * 1000) / 2,
  );
}

/**
 * Drains `server` for shutdown and resolves once it holds no connection, or after `maxMs`,
 * whichever comes first; the caller then closes the server, and Node's `server.close()` closes
 * any connection still idle.
 *
 * It stops listening at once (a new connection is refused: a client knows nothing was sent),
 * and every answer from now on closes its connection (closeConnectionsWhenDraining), so a
 * connection a client goes on using closes after its next answer, and one it leaves idle
 * closes at the keep-alive timeout the server has announced (`Keep-Alive: timeout=`), which
 * clients keep clear of. The server does not close an idle connection itself: a request the
 * client was sending on it at that instant would be cut off, and the client could not tell
 * whether it had been taken. It had closed them after a fixed second, and a client slowed by a
 * busy machine lost requests that way (3 in a test posting on 20 connections). So `maxMs` should
 * exceed the keep-alive timeout; past it the remaining idle connections are closed all the same,
 * so that the process exits within its grace.
 */
export function drainHttpServer(server: Server, maxMs: number): Promise<void> {
  draining.add(server);
  for (const res of inFlight.get(server) ?? [])
    if (!res.headersSent) res.setHeader('Connection', 'close');
  // net.Server#close stops listening only; http.Server#close would close idle connections now.
  if (server.listening) NetServer.prototype.close.call(server);
  const sockets = [...(connections.get(server) ?? [])].filter((socket) => !socket.destroyed);
  return new Promise((resolve) => {
    let left = sockets.length;
    if (left === 0) return resolve();
    const timer = setTimeout(resolve, maxMs);
    for (const socket of sockets)
      socket.once('close', () => {
        if (--left === 0) {
          clearTimeout(timer);
          resolve();
        }
      });
  });
}

/**
 * An `Expect` header other than `100-continue` (the one expectation HTTP/1.1 defines) is 417
 * with the API's JSON error naming the header and the rule. Node answered it with an empty
 * 417 of its own, before any route, the one client mistake told nothing. The connection is
 * closed after it: a client that sends its body anyway is not read as a next request.
 */
export function answerUnknownExpectations(server: Server, report?: RawAnswerReport): void {
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    const start = process.hrtime.bigint();
    res.once('finish', () =>
      report?.answered(
        req.method ?? 'unknown',
        RAW_ROUTES.expectation,
        417,
        Number(process.hrtime.bigint() - start) / 1e9,
      ),
    );
    const body = JSON.stringify({
      statusCode: 417,
      error: 'Expectation Failed',
      message: visibleText(
        `Expect must be 100-continue (got ${quoted(String(req.headers.expect))}): no other expectation is supported`,
      ),
    });
    res.writeHead(417, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      Connection: 'close',
    });
    res.end(body);
  });
}

/**
 * A request that says `Expect: 100-continue` (deferContinue) and a Content-Length over the body
 * limit is recorded as the 413 the parser gives (answered after the route's guards) and its body
 * is never asked for; the connection closes after the answer. Any other such request has its body
 * read, and its `100 Continue` written, after the route's guards (readDeferredBody), so a request
 * refused from its headers alone (415, 404, 405, 401) is refused without asking for the body. A
 * compressed body's limit is on its decompressed size, which its Content-Length does not tell.
 * A chunked body without Content-Type is asked for here: whether it is empty (and needs none)
 * only its bytes tell (jsonBodiesOnly).
 */
function continueUnlessTooLarge(limitKb: number) {
  const limitBytes = limitKb * 1024;
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!waitsForContinue(res)) return next();
    const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    const length = Number(req.headers['content-length']);
    if ((encoding === '' || encoding === 'identity') && length > limitBytes) {
      deferProblem(req, 413, 'Payload Too Large', bodyTooLarge(limitKb));
      return next();
    }
    if (req.headers['transfer-encoding'] !== undefined && req.headers['content-type'] === undefined)
      askForBody(res);
    else deferBody(req);
    next();
  };
}

/** Clear words for the HTTP parser's refusals (llhttp's codes); any other is told in llhttp's own words. */
const PARSE_PROBLEMS: Record<string, string> = {
  HPE_INVALID_HEADER_TOKEN:
    'a header name or value holds a character HTTP does not allow (a control character such as NUL, CR or LF, or a space or separator in a name)',
  HPE_INVALID_METHOD: 'the method is not one HTTP defines',
  HPE_UNEXPECTED_CONTENT_LENGTH: 'Content-Length must be sent once (RFC 9112)',
  HPE_INVALID_CONTENT_LENGTH: 'Content-Length must be a decimal number of bytes (RFC 9112)',
  HPE_INVALID_URL:
    'the request target holds a character a URL does not allow (percent-encode it, RFC 3986)',
  HPE_INVALID_CHUNK_SIZE: 'a chunk size of the chunked body is not a hexadecimal number (RFC 9112)',
  HPE_INVALID_VERSION: 'the start line must end with HTTP/1.0 or HTTP/1.1 and CRLF',
  // An HTTP/2 client with prior knowledge sends this preface; llhttp's own words were "pause on PRI/Upgrade".
  HPE_PAUSED_H2_UPGRADE:
    'this server speaks HTTP/1.1, not HTTP/2 (the connection preface PRI * HTTP/2.0): send HTTP/1.1 requests',
};

/** The API's error for a request Node's HTTP parser refused, or undefined to just close the connection. */
function malformedRequestError(err: ParserError, config: AppConfig): ParserRefusal | undefined {
  switch (err.code) {
    case 'ECONNRESET':
    case 'EPIPE':
      return undefined;
    case 'HPE_HEADER_OVERFLOW':
      return {
        statusCode: 431,
        message: `request headers are larger than the ${Math.round(maxHeaderSize / 1024)} kB limit`,
      };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { statusCode: 413, message: 'chunk extensions of the request body are too large' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        statusCode: 408,
        message: `the request did not arrive in time: its headers must arrive within ${config.HTTP_HEADERS_TIMEOUT_MS} ms (HTTP_HEADERS_TIMEOUT_MS), all of it within ${config.HTTP_REQUEST_TIMEOUT_MS} ms (HTTP_REQUEST_TIMEOUT_MS)`,
      };
  }
  const framing = framingProblem(err);
  if (framing) return { statusCode: 400, message: `malformed HTTP request: ${framing}` };
  const known = err.code ? PARSE_PROBLEMS[err.code] : undefined;
  const reason = (err.reason ?? 'the request could not be parsed').replace(/^./, (c) =>
    c.toLowerCase(),
  );
  return { statusCode: 400, message: `malformed HTTP request: ${known ?? reason}` };
}

/**
 * A request Node's HTTP parser refuses (a control character in a header, an unknown method,
 * Content-Length with Transfer-Encoding, headers past the size limit, a request past its
 * timeout) is answered with the API's one error body naming the problem, as JSON, and the
 * connection closes. Node answered these itself with a bare status line and no body: the client
 * was told nothing of its mistake. Answers in progress on the connection go first
 * (answerParserRefusals).
 */
export function answerMalformedRequests(
  server: Server,
  config: AppConfig,
  report?: RawAnswerReport,
): void {
  answerParserRefusals(
    server,
    (err) => malformedRequestError(err, config),
    (socket, answer) => {
      if (writeRawError(socket, answer.statusCode, answer.message))
        // The parser gave no method (it may be what it refused), nor when the request began: the
        // duration is the answer's own writing.
        report?.answered('unknown', RAW_ROUTES.malformed, answer.statusCode, 0);
    },
    config.HTTP_REQUEST_TIMEOUT_MS,
  );
}

/**
 * Routes docs/api.md lists that the OpenAPI document does not (an admin's scrape, the document
 * itself): a method they do not take is 405 with Allow too, as on every published path. POST
 * /metrics was 404 `Cannot POST /metrics`, as for a path that does not exist.
 */
const UNPUBLISHED_ROUTES = ['/metrics', `/${DOCS_PATH}-json`, `/${DOCS_PATH}-yaml`];

/** The methods some route of the API takes: the Allow of a CONNECT's 405 and of `OPTIONS *`. */
const API_METHODS = 'GET, HEAD, POST, PUT, DELETE, OPTIONS';

/**
 * A CONNECT (a request to open a tunnel, as to a proxy) is 405 in the API's one error body,
 * naming what the server takes, and the connection closes. With no 'connect' listener Node
 * closed the connection without a word: the one method the client was told nothing about.
 */
export function answerConnect(server: Server, report?: RawAnswerReport): void {
  server.on('connect', (req: IncomingMessage, socket: Socket) => {
    if (
      writeRawError(
        socket,
        405,
        `CONNECT is not allowed: this server is no proxy; send each request to it directly (${API_METHODS})`,
        [`Allow: ${API_METHODS}`],
      )
    )
      report?.answered('CONNECT', RAW_ROUTES.connect, 405, 0);
    socket.destroy();
  });
}

/**
 * Writes an answer with the API's one error body straight to a socket Node will not answer on;
 * false when the socket was closed already (no answer).
 */
function writeRawError(
  socket: Socket,
  statusCode: number,
  message: string,
  headers: string[] = [],
): boolean {
  if (!socket.writable) return false;
  const body = JSON.stringify({
    statusCode,
    error: STATUS_CODES[statusCode],
    message: visibleText(message),
  });
  socket.write(
    [
      `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode]}`,
      ...headers,
      'Content-Type: application/json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Cache-Control: no-store',
      'X-Content-Type-Options: nosniff',
      'Connection: close',
      '',
      body,
    ].join('\r\n'),
  );
  return true;
}

/**
 * At most `limit` open connections per client. The process's cap alone let one address hold
 * every connection (a thousand sockets that send a header line every few seconds, reopened as the
 * headers timeout closes them) and refuse everybody else.
 *
 * A connection past the cap is answered, not reset: its first request gets 503 with
 * `Retry-After` and the one error body naming the setting, and the connection closes. It was
 * closed at once, so a client whose pool had opened one connection too many (Node's fetch opens
 * up to two per request in flight: it waits an event-loop turn before reusing a connection) saw
 * about one request in 70 reset unanswered, a POST without knowing whether it was taken. Such a
 * connection is held only until its first request (at most OVER_CAP_GRACE_MS, or the headers
 * timeout if shorter), and a client has at most `limit` of them waiting; past those it is closed
 * at once as before, so one client holds at most twice the cap, the extra ones briefly.
 */
function limitConnectionsPerClient(
  server: Server,
  limit: number,
  headersTimeoutMs: number,
  report?: RawAnswerReport,
  dropped?: (cap: DroppedBy) => void,
): void {
  const open = new Map<string, number>();
  const waiting = new Map<string, number>();
  const overCap = new WeakSet<Socket>();
  const count = (map: Map<string, number>, client: string, socket: Socket): void => {
    map.set(client, (map.get(client) ?? 0) + 1);
    socket.once('close', () => {
      const left = (map.get(client) ?? 1) - 1;
      if (left > 0) map.set(client, left);
      else map.delete(client);
    });
  };
  server.on('connection', (socket: Socket) => {
    const client = clientKey(socket.remoteAddress);
    if ((open.get(client) ?? 0) < limit) {
      count(open, client, socket);
      return;
    }
    if ((waiting.get(client) ?? 0) >= limit) {
      socket.destroy();
      dropped?.('client');
      return;
    }
    count(waiting, client, socket);
    overCap.add(socket);
    const grace = setTimeout(() => socket.destroy(), Math.min(OVER_CAP_GRACE_MS, headersTimeoutMs));
    grace.unref();
    socket.once('close', () => clearTimeout(grace));
  });
  // Before every 'request' listener (the API's): an over-cap connection's request reaches none.
  const emit = server.emit.bind(server) as (event: string | symbol, ...args: unknown[]) => boolean;
  server.emit = ((event: string | symbol, ...args: unknown[]): boolean => {
    if (event === 'request') {
      const [req, res] = args as [IncomingMessage, ServerResponse];
      if (overCap.has(req.socket)) {
        // Reaches no middleware: logged and counted here (raw-answer-report.ts).
        const start = process.hrtime.bigint();
        if (report)
          res.once('finish', () =>
            report.answered(
              req.method ?? 'unknown',
              RAW_ROUTES.overCap,
              503,
              Number(process.hrtime.bigint() - start) / 1e9,
            ),
          );
        answerOverCap(res, limit);
        return true;
      }
    }
    return emit(event, ...args);
  }) as Server['emit'];
}

/**
 * Which cap closed a connection at once, unanswered: the process's (HTTP_MAX_CONNECTIONS) or one
 * client's (past twice HTTP_MAX_CONNECTIONS_PER_CLIENT). Counted in the metrics
 * (http_connections_dropped_total), never with the client's address.
 */
export type DroppedBy = 'process' | 'client';

/** How long a connection past the per-client cap may take to send the request its 503 answers. */
export const OVER_CAP_GRACE_MS = 2_000;
/** The Retry-After of that 503: connections free up as fast as the client's requests finish. */
const OVER_CAP_RETRY_AFTER_SECONDS = 1;

function answerOverCap(res: ServerResponse, limit: number): void {
  const body = JSON.stringify({
    statusCode: 503,
    error: STATUS_CODES[503],
    message: `too many open connections from this client (HTTP_MAX_CONNECTIONS_PER_CLIENT: ${limit}): send fewer requests at once or reuse keep-alive connections, and retry in ${OVER_CAP_RETRY_AFTER_SECONDS} s`,
  });
  res.shouldKeepAlive = false;
  res.writeHead(503, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Retry-After': String(OVER_CAP_RETRY_AFTER_SECONDS),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    Connection: 'close',
  });
  res.end(body);
}

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
function logLevels(config: AppConfig): LogLevel[] {
  return LEVELS.slice(0, LEVELS.indexOf(config.LOG_LEVEL) + 1);
}

export interface ApiAppOptions {
  /** The live services' compiled models; default: built from the paper's scenarios. */
  models?: LiveModels;
  /** Also run these queues' workers in the API process (development, tests). */
  workers?: readonly QueueName[];
  concurrency?: number;
  /** Nest's logger: redacted JSON lines on stdout by default; false silences it (tests, benchmarks). */
  logger?: false | LoggerService;
}

/**
 * Whether text the parser refused is JSON all the same: a string, number, true, false or null,
 * which the parser's strict mode refuses as a body (every body of this API is an object).
 */
function isJson(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The request body encodings the JSON parser decompresses (body-parser's list; zstd where this
 * Node has it), in the order the 415 names them.
 */
export const BODY_ENCODINGS = [
  'identity',
  'gzip',
  'deflate',
  'br',
  ...(typeof (zlib as { createZstdDecompress?: unknown }).createZstdDecompress === 'function'
    ? ['zstd']
    : []),
];

/**
 * The 415 for a Content-Encoding the parser cannot decompress, naming the header, the value
 * sent and the encodings taken. It said "request body encoding or charset is not supported",
 * which named neither the header nor what to send instead.
 */
function unsupportedEncoding(value: string | undefined): string {
  const sent = quoted(String(value ?? ''));
  const [plain, ...packed] = BODY_ENCODINGS;
  return `Content-Encoding ${sent} is not supported: send the body uncompressed (${plain}, or no Content-Encoding) or compressed with one of ${packed.join(', ')}`;
}

/**
 * The 400 for a body its Content-Encoding's decompressor refused (zlib's Z_DATA_ERROR, Brotli's
 * ERR__ERROR_FORMAT_...), or undefined for another failure. Those errors carry no body-parser
 * type (raw-body's own all do). It said "request body could not be read", naming neither the
 * header nor the encoding.
 */
function notDecompressed(e: { type?: string }, encoding: string | undefined): string | undefined {
  const sent = String(encoding ?? '')
    .trim()
    .toLowerCase();
  if (e.type !== undefined || sent === '' || sent === 'identity') return undefined;
  const name = quoted(sent, 40).slice(1, -1);
  return `request body is not ${name} data, as Content-Encoding "${name}" says: send it compressed with ${name}, or uncompressed without Content-Encoding`;
}

/** The 413's message: the body limit is BODY_LIMIT_KB kB (of 1,024 bytes, as body-parser reads `kb`). */
function bodyTooLarge(limitKb: number): string {
  return `request body is larger than the ${limitKb} kB limit`;
}

/**
 * Body-parser failures as JSON answers that say what is wrong, instead of Express's HTML page (or
 * a 500); recorded (deferProblem) to be answered after the route's guards.
 */
function bodyErrors(limitKb: number) {
  return (err: unknown, req: Request, _res: Response, next: NextFunction): void => {
    const e = err as { type?: string; status?: number; statusCode?: number; body?: unknown };
    const status = e?.status ?? e?.statusCode;
    if (!e || typeof status !== 'number' || status >= 500) return next(err);
    const message =
      e.type === 'entity.too.large'
        ? bodyTooLarge(limitKb)
        : e.type === 'entity.parse.failed'
          ? isJson(e.body)
            ? NOT_AN_OBJECT
            : 'request body is not valid JSON'
          : e.type === 'entity.not.utf8'
            ? 'request body is not valid UTF-8 (JSON is UTF-8, RFC 8259)'
            : e.type === 'entity.too.deep'
              ? `request body is nested deeper than ${MAX_JSON_DEPTH} levels`
              : e.type === 'entity.duplicate.key' && err instanceof Error
                ? err.message
                : e.type === 'encoding.unsupported'
                  ? unsupportedEncoding(req.headers['content-encoding'])
                  : e.type === 'charset.unsupported'
                    ? 'request body charset is not supported (send UTF-8 JSON)'
                    : (notDecompressed(e, req.headers['content-encoding']) ??
                      'request body could not be read');
    const error =
      status === 413
        ? 'Payload Too Large'
        : status === 415
          ? 'Unsupported Media Type'
          : 'Bad Request';
    deferProblem(req, status, error, message);
    next();
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
    const problems = fieldProblems(e);
    for (const [rule, message] of problems)
      out.push(
        rule === 'whitelistValidation'
          ? `unknown field ${quoted(path)}: not allowed`
          : parent
            ? `${parent}.${message}`
            : message,
      );
    // The fields of a value that is not even a list or an object, or of a list of the wrong
    // length, are no problems of their own.
    const wrongType = problems.some(([rule]) => TYPE_RULES.has(rule) || LIST_SIZE_RULES.has(rule));
    if (e.children?.length && !wrongType) out.push(...validationMessages(e.children, path));
  }
  return out.length ? out : ['request body is not a valid object'];
}

/** Rules that say what type a field's value must be (a text, a whole number...). */
const TYPE_RULES = new Set(['isString', 'isInt', 'isNumber', 'isBoolean', 'isArray', 'isObject']);
/**
 * A list of the wrong length is one problem: its elements' are not listed too (1,500 arrivals
 * where 150 are allowed were answered with 7,500 messages, 257 kB).
 */
const LIST_SIZE_RULES = new Set(['arrayMaxSize', 'arrayMinSize']);

/**
 * The problems to report of one field: a missing field is one message, that it is required; a
 * value of the wrong type (a number for a text, "100" for a number) is the type's message alone.
 * Every other rule was reported too and said false or beside-the-point things ("100" for an
 * amount: "must be at most 1000000000", "must be more than 0"; 123 for a question: "must be
 * shorter than or equal to 1000 characters"). A value of the right type gets every rule it breaks.
 */
function fieldProblems(e: ValidationError): [string, string][] {
  const all = Object.entries(e.constraints ?? {});
  // A list or object whose problems are in its elements: those are reported, as children.
  if (all.length === 0) return all;
  if (all.some(([rule]) => rule === 'whitelistValidation')) return all;
  // Nest strips the value of an error with children (an element's), so only a childless one's absence means missing.
  if ((e.value === undefined || e.value === null) && !e.children?.length) {
    const required = all.filter(([rule]) => rule === 'isDefined');
    return required.length ? required : [['isDefined', `${e.property} is required`]];
  }
  // A query parameter sent twice: that is the problem, not the rules its list then breaks.
  const repeated = all.filter(([rule]) => rule === SENT_ONCE_RULE);
  if (repeated.length) return repeated;
  const types = all.filter(([rule]) => TYPE_RULES.has(rule));
  return types.length ? types : all;
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
    // /lab → /lab/ so the site's relative asset URLs resolve under /lab/: the one redirect the
    // server sends, with no body (Express's res.redirect wrote an HTML or text page of its own).
    if (req.originalUrl === LAB_PATH || req.originalUrl.startsWith(`${LAB_PATH}?`)) {
      answerLabRoot(req, res, req.originalUrl);
      return;
    }
    handle(req, res, next);
  });
}

/**
 * Request headers RFC 9110 allows once whose duplicates Node drops without a word, keeping the
 * first line (Content-Length twice the parser refuses itself).
 */
const SINGLE_HEADERS: readonly [lower: string, name: string][] = [
  ['content-type', 'Content-Type'],
  ['authorization', 'Authorization'],
];

/** The transfer codings of a Transfer-Encoding header other than the chunked the parser reads. */
function otherTransferCodings(header: string | undefined): string[] {
  if (header === undefined) return [];
  return header
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'chunked');
}

/**
 * The request's framing and its single headers, as a proxy in front may read them, before
 * anything else is read of it; each refusal is in the API's one error body, and the connection
 * closes.
 *
 * An HTTP/1.1 request without Host, any request with Host twice or with a value that names no
 * host (`Host: a b`, `x/y`, `u@h`; taken before 8 December 2026), is 400 (RFC 9112 3.2). Node
 * answered the first itself with a bare 400 and an empty chunked body, and took the second,
 * reading the first Host while a proxy may read the last. So it did with Content-Type and
 * Authorization: a body sent as `application/json` and then `text/plain` was parsed as JSON, and
 * of two credentials the first was checked; each is now 400 `… must be sent once`.
 *
 * A transfer coding other than chunked (`Transfer-Encoding: gzip, chunked`) is 501 (RFC 9112
 * 6.1): Node read only the final chunked and handed on the bytes as they came, so a body
 * labelled gzip was parsed as plain JSON while a proxy that decodes it saw another body.
 */
function framingChecked(server: Server) {
  (server as Server & { requireHostHeader: boolean }).requireHostHeader = false;
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!versionChecked(req, res) || !asteriskChecked(req, res)) return;
    const count = (lower: string) =>
      req.rawHeaders.filter((name, i) => i % 2 === 0 && name.toLowerCase() === lower).length;
    const hosts = count('host');
    const host = req.headers.host;
    const twice = SINGLE_HEADERS.find(([lower]) => count(lower) > 1);
    const message =
      hosts > 1
        ? 'Host must be sent once (RFC 9112 3.2)'
        : hosts === 0 && req.httpVersion === '1.1'
          ? 'an HTTP/1.1 request must send Host (RFC 9112 3.2)'
          : host !== undefined && !isHostField(host)
            ? `Host must be a host name or address with an optional port, such as api.example.org:8443 (RFC 9110 7.2), not ${quoted(host)}`
            : twice
              ? `${twice[1]} must be sent once (RFC 9110 5.3)`
              : undefined;
    const codings = otherTransferCodings(req.headers['transfer-encoding']);
    if (!message && codings.length === 0) return next();
    res.set({ 'Cache-Control': 'no-store', Connection: 'close' });
    if (message) {
      res.status(400).json({
        statusCode: 400,
        error: 'Bad Request',
        message: `malformed HTTP request: ${message}`,
      });
      return;
    }
    res.status(501).json({
      statusCode: 501,
      error: 'Not Implemented',
      message: `transfer coding "${codings[0]}" is not supported (Transfer-Encoding: ${req.headers['transfer-encoding']}): send the body with Content-Length or Transfer-Encoding: chunked alone, compressed if you like with Content-Encoding (RFC 9112 6.1)`,
    });
  };
}

/**
 * A request in an HTTP version other than 1.0 or 1.1 that the parser reads all the same
 * (`HTTP/0.9`, `HTTP/2.0` in HTTP/1's text framing) is 505, naming the versions taken, and the
 * connection closes; false when it was answered. They were served as HTTP/1.1, while every other
 * version (`HTTP/1.2`, `HTTP/3.0`) is the parser's 400 `the start line must end with HTTP/1.0 or
 * HTTP/1.1`. 505 (RFC 9110 15.6.6): the version is well formed, only not one this server speaks.
 */
function versionChecked(req: Request, res: Response): boolean {
  if (req.httpVersionMajor === 1) return true;
  res.set({ 'Cache-Control': 'no-store', Connection: 'close' });
  res.status(505).json({
    statusCode: 505,
    error: STATUS_CODES[505],
    message: `HTTP/${req.httpVersionMajor}.${req.httpVersionMinor} is not supported: the start line must end with HTTP/1.0 or HTTP/1.1`,
  });
  return false;
}

/**
 * The asterisk form of the request target (`OPTIONS * HTTP/1.1`, RFC 9112 3.2.4) asks about the
 * server as a whole: 204 with `Allow` naming the methods some route takes, as OPTIONS on a path
 * is answered. With any other method it is 400 naming the rule. Both were 404 `Cannot OPTIONS *`.
 * False when the request was answered.
 */
function asteriskChecked(req: Request, res: Response): boolean {
  if (req.url !== '*') return true;
  res.set({ 'Cache-Control': 'no-store' });
  if (req.method === 'OPTIONS') {
    res.set('Allow', API_METHODS).status(204).end();
    return false;
  }
  res.set('Connection', 'close');
  res.status(400).json({
    statusCode: 400,
    error: STATUS_CODES[400],
    message: `the request target * is only for OPTIONS (RFC 9112 3.2.4): send ${req.method} to a path starting with /`,
  });
  return false;
}

/** The API: validation, security headers, OpenAPI at /docs, Bull Board at /admin/queues, /metrics, /health. */
export async function createApiApp(
  config: AppConfig,
  options: ApiAppOptions = {},
): Promise<INestApplication> {
  assertServeConfig(config);
  await assertRedisDatabase(config.REDIS_URL);
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.register({
      config,
      models: options.models ?? liveModels(),
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
      "DEV_MODE without ADMIN_TOKEN: every admin route is open to anyone on this machine (clients on 127.0.0.1 or ::1; others get 403): /admin/queues (retry, clean and add jobs), /metrics, POST /replay/arrivals and the Diplomatic Portal mission-key routes (anyone here can issue a key and read that mission's requests)",
    );
  if (devTokenSecret(config))
    new Logger('Security').warn(
      'DEV_MODE without TOKEN_SECRET: a random secret for this process only; tokens and sealed data do not survive a restart or open in another replica',
    );
  app.disable('x-powered-by');
  // Client text echoed in an error message shows its invisible characters escaped (visible-text.ts).
  app.set('json replacer', visibleErrorReplacer);
  const metrics = app.get(MetricsService);
  const httpLog = new Logger('HTTP');
  const rawAnswers = new RawAnswerReport({
    log: (line) => httpLog.log(line),
    observe: (method, route, status, seconds) =>
      metrics.httpLatency.observe({ method, route, status: String(status) }, seconds),
  });
  (app.getHttpServer() as Server).once('close', () => rawAnswers.flush());
  applyServerLimits(app.getHttpServer() as Server, config, rawAnswers, (cap) =>
    metrics.connectionsDropped.inc({ cap }),
  );
  // After applyServerLimits: its per-client cap wraps server.emit too, and its 503s linger.
  lingerBeforeClose(app.getHttpServer() as Server);
  answerUnknownExpectations(app.getHttpServer() as Server, rawAnswers);
  deferContinue(app.getHttpServer() as Server);
  answerMalformedRequests(app.getHttpServer() as Server, config, rawAnswers);
  answerConnect(app.getHttpServer() as Server, rawAnswers);
  app.use(accessLog());
  app.use(framingChecked(app.getHttpServer() as Server));
  app.use(retryAfterOn503());
  // A client mistake in the path, query or body found here is recorded, not answered: it is
  // answered once the route's guards have passed (DeferredInputInterceptor; answerDeferredInput
  // on the Express mounts), so without the credential a route asks for the answer is 401.
  app.use(percentEncodingGuard());
  app.use(continueUnlessTooLarge(config.BODY_LIMIT_KB));
  app.use(jsonBodiesOnly());
  const parseJson = json({ limit: `${config.BODY_LIMIT_KB}kb`, verify: verifyJsonBody });
  app.use(unlessProblem(unlessBodyDeferred(parseJson)));
  app.use(bodyErrors(config.BODY_LIMIT_KB));
  app.use(requestShapeGuard());
  // The body of a request waiting for 100 Continue: read by the same steps, after the guards.
  const readBody = deferredBodyReader([
    parseJson,
    bodyErrors(config.BODY_LIMIT_KB),
    requestShapeGuard(),
  ]);
  app.useGlobalInterceptors(
    new DeferredInputInterceptor(),
    new DeferredBodyInterceptor(readBody),
    new UnreadInputInterceptor(),
  );
  app.useGlobalPipes(
    new SafeValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => new BadRequestException(validationMessages(errors)),
    }),
  );
  // The API's answers get helmet's strict defaults; Swagger UI and Bull Board get a policy
  // that lets their own scripts and inline styles run and nothing else (no framing, no other
  // origins except the dashboard's web font).
  const secure = helmet();
  const securePages = helmet({ contentSecurityPolicy: { directives: UI_CSP } });
  app.use((req: Request, res: Response, next: NextFunction) =>
    req.path.startsWith(`/${DOCS_PATH}`) || req.path.startsWith(ADMIN_QUEUES_PATH)
      ? securePages(req, res, next)
      : secure(req, res, next),
  );
  // Answers carry record tokens (shown once), mission keys, statuses and the dashboard's job
  // data: no browser or proxy cache may keep them, nor answer a later request from its copy
  // (OWASP ASVS 8.2.1). The Lab's static files and the docs are the same for everyone.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!req.path.startsWith(LAB_PATH) && !req.path.startsWith(`/${DOCS_PATH}`))
      res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // The dashboard (job data, retry/clean buttons) is Express, not Nest: it gets the admin check
  // as a mount, with the failed-login limiter AdminTokenGuard uses on the Nest admin routes
  // (/metrics, /replay, the Diplomatic Portal's key routes), counted in Redis across replicas,
  // and the same refusal of changes from another site's page (the browser's cached Basic
  // credential must not act for it); a body must be JSON (415, jsonBodiesOnly), which a form or
  // a simple cross-site request cannot send without a CORS preflight this server never grants.
  app.use(
    ADMIN_QUEUES_PATH,
    adminAuth(config.ADMIN_TOKEN, app.get<LoginLimiter>(ADMIN_LOGIN_LIMITER)),
    answerDeferredInput(),
    readDeferredBody(readBody),
  );
  const board = new BoardAdapter();
  board.setBasePath(ADMIN_QUEUES_PATH);
  createBullBoard({
    queues: QUEUE_NAMES.map(
      (n) => new BullMQAdapter(app.get<Queue>(getQueueToken(n), { strict: false })),
    ),
    serverAdapter: board,
  });
  // Bull Board answers every error it meets 500 with the error's own text; ours says 503 while
  // Redis is away and 400 for job options BullMQ refuses, in the API's JSON shape. (Its type
  // lists only the statuses Bull Board uses itself, no 503; the Express adapter sends any.)
  type BoardErrorHandler = Parameters<ExpressAdapter['setErrorHandler']>[0];
  board.setErrorHandler(
    boardErrors(app.get<Redis>(PRODUCER_REDIS)) as unknown as BoardErrorHandler,
  );
  const boardApp = board.getRouter() as {
    disable?: (setting: string) => void;
    set?: (setting: string, value: unknown) => void;
    router?: { stack?: readonly unknown[] };
  };
  boardApp.disable?.('x-powered-by');
  boardApp.set?.('json replacer', visibleErrorReplacer);
  // OPTIONS reads the routes, not Redis: answered before the backend check.
  app.use(
    ADMIN_QUEUES_PATH,
    boardOptions(() => boardApp.router),
  );
  app.use(ADMIN_QUEUES_PATH, boardBackendGuard(app.get<Redis>(PRODUCER_REDIS), backendBreaker));
  // Its errors (a 400 on bad input, a 404 for no such queue or job, a 405, 409, its 500s) in the
  // API's JSON error shape.
  app.use(ADMIN_QUEUES_PATH, boardErrorShape(QUEUE_NAMES));
  app.use(
    ADMIN_QUEUES_PATH,
    boardJobLogsGuard(
      new Map(QUEUE_NAMES.map((n) => [n, app.get<Queue>(getQueueToken(n), { strict: false })])),
      boardErrors(app.get<Redis>(PRODUCER_REDIS)),
    ),
  );
  app.use(ADMIN_QUEUES_PATH, boardJobOptionsGuard(), boardCleanGuard());
  app.use(ADMIN_QUEUES_PATH, boardApp);
  const doc = new DocumentBuilder()
    .setTitle('consular-sim')
    .setDescription(
      'Simulated digital consular services: e-visa, Konsolosluk.NET, payments, Hızır. ' +
        'Request bodies are JSON objects sent as application/json in UTF-8: another ' +
        'Content-Type or charset is 415, a body that is not an object ({...}) is 400. ' +
        'A method a path does not take is 405 with Allow naming the ones it takes; ' +
        'OPTIONS on a path is 204 with Allow.',
    )
    // No credential of this API is a JWT (addBearerAuth's default format said so).
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      // Overrides the 'JWT' addBearerAuth puts in by default.
      bearerFormat: 'opaque (not a JWT)',
      description:
        'ADMIN_TOKEN on the admin routes (or HTTP Basic with the token as password), or the token of a record from its 202',
    })
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'dpk_ and 43 base64url characters',
        description:
          "a Diplomatic Portal mission key, from POST /diplomatic-portal/missions/{missionId}/keys (admin): the mission's own requests only",
      },
      MISSION_KEY_SCHEME,
    )
    .build();
  // The docs and the Lab take no credential: a recorded problem is answered before them.
  app.use((req: Request, res: Response, next: NextFunction) =>
    req.path.startsWith(`/${DOCS_PATH}`) || req.path.startsWith(LAB_PATH)
      ? answerDeferredInput()(req, res, next)
      : next(),
  );
  // Of the docs' folder, only what its page loads (docs-assets.ts).
  app.use(`/${DOCS_PATH}`, docsAllowList(`/${DOCS_PATH}`));
  const document = SwaggerModule.createDocument(app, doc);
  SwaggerModule.setup(DOCS_PATH, app, document);
  // A method a published path does not take is 405 naming the ones it takes (OPTIONS: 204).
  const express = app.getHttpAdapter().getInstance() as { router?: { stack?: unknown[] } };
  app.useGlobalFilters(
    new MethodNotAllowedFilter(
      app.getHttpAdapter(),
      new RouteMethods(
        () => express.router,
        new Set([...Object.keys(document.paths).map(expressPath), ...UNPUBLISHED_ROUTES]),
      ),
    ),
  );
  mountLab(app);
  // No Nest shutdown hooks: the CLI's exitOnSignal (shutdown.ts) closes the app within a grace.
  return app;
}

/** A worker-only process: no HTTP, the processors of `queues`. */
export async function createWorkerContext(
  config: AppConfig,
  queues: readonly QueueName[],
  concurrency?: number,
  logger?: false | LoggerService,
): Promise<INestApplicationContext> {
  await assertRedisDatabase(config.REDIS_URL);
  const ctx = await NestFactory.createApplicationContext(
    AppModule.register({ config, models: liveModels(), http: false, workers: queues, concurrency }),
    {
      logger: logger ?? new JsonLogger(logLevels(config)),
    },
  );
  return ctx;
}
