import {
  BadRequestException,
  HttpException,
  Injectable,
  ValidationPipe,
  type ArgumentMetadata,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { Observable } from 'rxjs';
import type { NextFunction, Request, Response } from 'express';
import { isUtf8 } from 'node:buffer';
import { parse as parseQuery } from 'node:querystring';
import { acceptDirectly } from '../common/fast-validation';
import { wellFormed } from '../common/field-rules';
import { quoted } from '../common/visible-text';
import { codePointName, UNPRINTABLE_KINDS } from '../common/printable-text';
import { getMetadataStorage } from 'class-validator';

/**
 * Crafted JSON bodies, stopped before the validators see them.
 *
 * Depth: arrays nested a few thousand deep fit in a small body and overflow the stack of the
 * recursive transform and validation (a 500). Every request body of this API is at most three
 * levels deep; MAX_JSON_DEPTH leaves room and stays far below where recursion fails.
 */
export const MAX_JSON_DEPTH = 16;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;

/**
 * The deepest nesting of `{`/`[` in raw JSON text, outside strings, stopping as soon as it
 * passes `limit`: one pass over the bytes, no parsing (cheaper than JSON.parse itself). The
 * bytes must be UTF-8, where no byte of a multi-byte character is a quote or a bracket;
 * jsonBodiesOnly refuses every other charset before the body is read.
 */
export function jsonDepthExceeds(raw: Buffer, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
      if (++depth > limit) return true;
    } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) depth--;
  }
  return false;
}

const COMMA = 0x2c;

/**
 * The path of the first field that appears twice in one object of raw JSON text (`"b.x"`,
 * `"a[1].z"`), or undefined: one pass over the bytes, as jsonDepthExceeds, reading only keys.
 * RFC 8259 leaves a repeated name to each reader; JSON.parse keeps the last, so
 * `"fullName":"Jane Doe","fullName":"X"` was taken as X while a proxy or a log reading the first
 * saw Jane Doe. Keys are compared as decoded (`"a"` and `"\u0061"` are one). Text that is not
 * JSON gives undefined: the parser refuses it. Run after the depth check, so the stack is short.
 */
export function jsonDuplicateKey(raw: Buffer): string | undefined {
  const open: { keys: Set<string> | null; path: string; index: number; key: string }[] = [];
  let expectKey = false;
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i];
    const top = open[open.length - 1];
    if (b === QUOTE) {
      const start = i;
      for (i++; i < raw.length && raw[i] !== QUOTE; i++) if (raw[i] === BACKSLASH) i++;
      if (!expectKey || !top?.keys) continue;
      let key: unknown;
      try {
        key = JSON.parse(raw.toString('utf8', start, i + 1));
      } catch {
        return undefined;
      }
      if (typeof key !== 'string') return undefined;
      if (top.keys.has(key)) return pathOf(top.path, key);
      top.keys.add(key);
      top.key = key;
      expectKey = false;
    } else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
      const path = !top ? '' : top.keys ? pathOf(top.path, top.key) : pathOf(top.path, top.index);
      open.push({ keys: b === OPEN_OBJECT ? new Set() : null, path, index: 0, key: '' });
      expectKey = b === OPEN_OBJECT;
    } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) {
      open.pop();
      expectKey = false;
    } else if (b === COMMA && top) {
      if (top.keys) expectKey = true;
      else top.index++;
    }
  }
  return undefined;
}

/** The media type every request body of this API is sent as. */
const JSON_TYPE = 'application/json';

/** A client mistake in a request's path, query, headers or body: its status and JSON answer. */
export interface InputProblem {
  status: number;
  body: { statusCode: number; error: string; message: string | string[] };
}

/** The first input problem of each request, found before routing and answered after the guards. */
const PROBLEM_OF = new WeakMap<Request, InputProblem>();

/**
 * Requests whose recorded problem is a query parameter's name (`?toString=1`): on a route that
 * takes no query string, every parameter is refused as such instead (UnreadInputInterceptor).
 */
const QUERY_NAME_PROBLEM = new WeakSet<Request>();

/**
 * The refusal of a query parameter a route does not take, naming the query string (not a body
 * field) and what the route takes: `unknown query parameter "text": this route takes none` on
 * `POST /hizir/messages?text=x`, which before 8 December 2026 was `unknown field "text": not
 * allowed`, as if the body held it. `takes` undefined: the route is not known yet (a built-in
 * name found before routing, on the dashboard, the docs or the Lab).
 */
export function unknownQueryParameter(name: string, takes?: readonly string[]): string {
  return `unknown query parameter ${quoted(name)}: ${queryRule(takes)}`;
}

function queryRule(takes?: readonly string[]): string {
  return takes === undefined
    ? 'not allowed'
    : takes.length === 0
      ? 'this route takes none'
      : `this route takes ${takes.join(', ')}`;
}

/**
 * Records a client mistake found by the middleware, which run before the route is known: it is
 * answered once the route's guards have passed (DeferredInputInterceptor, answerDeferredInput),
 * so a route behind a credential answers 401 without one whatever else is wrong, and a caller
 * without the credential learns none of the input rules. The first problem found is the answer.
 */
export function deferProblem(
  req: Request,
  status: number,
  error: string,
  message: string | string[],
): void {
  if (!PROBLEM_OF.has(req))
    PROBLEM_OF.set(req, { status, body: { statusCode: status, error, message } });
}

/** The problem deferProblem recorded for this request, if any. */
export function inputProblem(req: Request): InputProblem | undefined {
  return PROBLEM_OF.get(req);
}

/**
 * A middleware that runs only for a request without a recorded problem (the JSON parser: a body
 * already refused, say as text/plain or utf-16, is not parsed).
 */
export function unlessProblem(
  middleware: (req: Request, res: Response, next: NextFunction) => void,
) {
  return (req: Request, res: Response, next: NextFunction): void =>
    PROBLEM_OF.has(req) ? next() : middleware(req, res, next);
}

/**
 * Answers a recorded problem: for the Express mounts (the dashboard after its admin check, the
 * Lab, the docs), as DeferredInputInterceptor does for the Nest routes after their guards.
 */
export function answerDeferredInput() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const problem = PROBLEM_OF.get(req);
    if (!problem) return next();
    res.status(problem.status).json(problem.body);
  };
}

/**
 * The recorded problem of a request to a Nest route, thrown once the route's guards (its
 * credential check, the rate limit) have passed, before any other interceptor, pipe or handler.
 */
@Injectable()
export class DeferredInputInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    const problem = PROBLEM_OF.get(req);
    if (!problem) return next.handle();
    // A built-in name in the query (`?toString=1`), found before the route was known: named as
    // the route's other unknown parameters are, with what it takes. On a route that takes none,
    // every parameter is refused, as UnreadInputInterceptor refuses them (`?toString=1&x=2`).
    if (QUERY_NAME_PROBLEM.has(req)) {
      const reads = readsOf(context.getClass(), context.getHandler().name);
      if (!reads.query) throw new BadRequestException(unreadQuery(req));
      throw new BadRequestException(
        Object.keys(req.query)
          .filter((key) => isSpecialKey(key) || !wellFormed(key))
          .map((key) => unknownQueryParameter(key, reads.queryTakes)),
      );
    }
    throw new HttpException(problem.body, problem.status);
  }
}

/** Whether `text` decodes as percent-encoded UTF-8 (RFC 3986 §2.1). */
function decodes(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * A path segment or query parameter that is not valid percent-encoding (a `%` not followed by
 * two hex digits, or escapes that are not UTF-8, e.g. `%zz`, `%FF`) is a 400 naming it and the
 * rule, recorded to be answered after the route's credential check. Express's router answered a
 * path parameter so while matching, before any guard, and the query parser kept such a value as
 * it was sent. The path's bad segments are re-escaped (`%` as `%25`) so the request still
 * reaches its route, and its guards, to be refused there.
 */
export function percentEncodingGuard() {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const query = q < 0 ? '' : url.slice(q + 1);
    const segments = path.split('/');
    const bad = segments.find((s) => !decodes(s));
    if (bad !== undefined) {
      deferProblem(req, 400, 'Bad Request', [
        `path segment ${quoted(bad)} is not valid percent-encoding: % must start an escape %XX of UTF-8 bytes (RFC 3986)`,
      ]);
      const fixed = segments.map((s) => (decodes(s) ? s : s.replaceAll('%', '%25'))).join('/');
      req.url = q < 0 ? fixed : `${fixed}?${query}`;
    }
    const badParam = query.split('&').find((p) => !decodes(p.replaceAll('+', ' ')));
    if (badParam !== undefined)
      deferProblem(req, 400, 'Bad Request', [
        `query parameter ${quoted(badParam)} is not valid percent-encoding: % must start an escape %XX of UTF-8 bytes (RFC 3986)`,
      ]);
    next();
  };
}

/**
 * Request bodies are JSON in UTF-8 (RFC 8259 §8.1) and nothing else, refused with 415 naming
 * the header and the rule. A text/plain or form body used to be left unparsed and answered with
 * every field missing; a charset such as utf-16le was decoded after the depth scan had read its
 * bytes as UTF-8. A request without a body (DELETE, issuing a key) passes whatever it says, and
 * so does an empty chunked body (Transfer-Encoding: chunked, no bytes): it is answered as an
 * empty body sent with Content-Length: 0 is, not 415 for the Content-Type it had no need of.
 * The refusal is recorded (deferProblem), not answered here: a route's credential comes first.
 */
export function jsonBodiesOnly() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const chunked = req.headers['transfer-encoding'] !== undefined;
    const hasBody = chunked || Number(req.headers['content-length'] ?? 0) > 0;
    if (!hasBody) return next();
    const type = req.headers['content-type'];
    const refuse = (message: string) => {
      deferProblem(req, 415, 'Unsupported Media Type', message);
      next();
    };
    const notJson = () =>
      refuse(
        `Content-Type must be ${JSON_TYPE} (got ${type === undefined ? 'none' : quoted(type)}): request bodies are JSON`,
      );
    if (type === undefined && chunked)
      return firstBytes(req, (empty) => (empty ? next() : notJson()));
    if (!req.is(JSON_TYPE)) return notJson();
    const parameters = mediaTypeParameters(type ?? '');
    if (!parameters)
      return refuse(
        `Content-Type parameters must be name=value pairs, each after a ';', a value with ';' or spaces in quotes (got ${quoted(type ?? '')}): RFC 9110`,
      );
    // Every charset named, should a client name two: the parser reads one, a proxy another.
    const charset = parameters.find(
      ([name, value]) => name === 'charset' && value.toLowerCase() !== 'utf-8',
    );
    if (charset)
      return refuse(
        `Content-Type charset must be utf-8 (got ${quoted(charset[1])}): JSON is UTF-8 (RFC 8259)`,
      );
    next();
  };
}

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
/** `; name=value` (RFC 9110 §5.6.6), value a token or a quoted string; whitespace as parsers allow. */
const PARAMETER = new RegExp(
  `[ \\t]*;[ \\t]*(?:(${TOKEN})[ \\t]*=[ \\t]*(?:(${TOKEN})|"((?:[^"\\\\]|\\\\.)*)"))?`,
  'y',
);

/**
 * The parameters of a Content-Type, in order: names lowercased, quoted values unquoted
 * (`foo="charset=latin1"` is a parameter foo, not a charset); undefined when they do not parse.
 */
export function mediaTypeParameters(type: string): [string, string][] | undefined {
  const start = type.indexOf(';');
  if (start < 0) return [];
  const out: [string, string][] = [];
  PARAMETER.lastIndex = start;
  for (let at = start; at < type.length; at = PARAMETER.lastIndex) {
    const m = PARAMETER.exec(type);
    if (!m) return type.slice(at).trim() ? undefined : out;
    if (m[1]) out.push([m[1].toLowerCase(), m[2] ?? m[3].replace(/\\(.)/g, '$1')]);
  }
  return out;
}

/**
 * Waits for a chunked body's first byte or its end and says whether it was empty. A body that is
 * not empty is being refused: the rest of it is read and dropped, as Node drops the unread body
 * of a request answered without reading it.
 */
function firstBytes(req: Request, then: (empty: boolean) => void): void {
  const onData = (chunk: Buffer) => {
    if (chunk.length === 0) return;
    req.off('data', onData);
    req.off('end', onEnd);
    then(false);
  };
  const onEnd = () => {
    req.off('data', onData);
    then(true);
  };
  req.on('data', onData);
  req.once('end', onEnd);
}

/**
 * body-parser's `verify` hook, on the body's bytes before they are decoded: a body that is not
 * valid UTF-8, or is nested deeper than MAX_JSON_DEPTH, is a 400 before it is parsed.
 *
 * The decoder turns every byte sequence that is not UTF-8 into U+FFFD, so such a body was
 * accepted with other text than was sent: a name of two 0xFF bytes was stored as "��", and the
 * UTF-8 form of a lone surrogate (ED A0 80), refused when written `"\ud800"`, passed as "���".
 */
export function verifyJsonBody(_req: unknown, _res: unknown, raw: Buffer): void {
  if (!isUtf8(raw))
    throw Object.assign(new Error('request body is not valid UTF-8'), {
      status: 400,
      type: 'entity.not.utf8',
    });
  if (jsonDepthExceeds(raw, MAX_JSON_DEPTH))
    throw Object.assign(new Error('request body is nested too deeply'), {
      status: 400,
      type: 'entity.too.deep',
    });
  const twice = jsonDuplicateKey(raw);
  if (twice !== undefined)
    throw Object.assign(
      new Error(`request body has the field ${quoted(twice)} twice: each field may be sent once`),
      { status: 400, type: 'entity.duplicate.key' },
    );
}

/**
 * Keys that name built-in properties of every object (`__proto__`, `constructor`,
 * `toString`, ...): the transform drops or misreads them, so instead of vanishing silently
 * they are refused as the unknown fields they are (no body of this API has such a field).
 */
function isSpecialKey(key: string): boolean {
  return key === '__proto__' || key === 'prototype' || key in Object.prototype;
}

function pathOf(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

/**
 * The most fields one object of a body or query string may have. Every object of this API has at
 * most six; a 16 kB body of 1,700 unknown fields took the validators 30 to 80 ms (a valid body
 * takes well under one) and was answered with 1,700 messages, 65 kB.
 */
export const MAX_FIELDS = 64;

function tooManyFields(what: string, count: number): string {
  return `${what} has ${count} fields: an object of this API has at most ${MAX_FIELDS}`;
}

/**
 * How many parameters Express's query parser keeps (its "simple" parser is Node's
 * querystring.parse, whose maxKeys is 1000): a query string of more is cut there.
 */
const QUERY_PARSER_MAX_KEYS = 1000;

/**
 * The first problem in the query string, as bodyProblem finds it; a query string the parser cut
 * at its 1000 parameters is counted whole (its raw text is bounded by the 16 kB of the headers),
 * so the 400 says how many fields it has. It said "query string has 1000 fields" of 1,500.
 */
function queryProblem(req: Request): string | undefined {
  const query = req.query as Record<string, unknown>;
  if (Object.keys(query).length >= QUERY_PARSER_MAX_KEYS) {
    const raw = req.originalUrl.split('#')[0]!;
    const start = raw.indexOf('?');
    const all = parseQuery(start < 0 ? '' : raw.slice(start + 1), '&', '=', { maxKeys: 0 });
    return tooManyFields('query string', Object.keys(all).length);
  }
  return bodyProblem(query, '', 'query string');
}

/** Whether a query string's problem is a parameter's name (bodyProblem's special keys). */
function queryNameProblem(req: Request): boolean {
  const keys = Object.keys(req.query as Record<string, unknown>);
  return keys.length <= MAX_FIELDS && keys.some((key) => isSpecialKey(key) || !wellFormed(key));
}

/** The first lone surrogate half of `s` (a UTF-16 unit with no other half beside it), or undefined. */
function loneSurrogate(s: string): string | undefined {
  if (wellFormed(s)) return undefined;
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(s)?.[0];
}

/** The first problem in a parsed body that the validators must not meet, or undefined. */
export function bodyProblem(
  value: unknown,
  parent = '',
  whole = 'request body',
): string | undefined {
  if (typeof value === 'string') {
    const half = loneSurrogate(value);
    // The half is named as printable-text.ts names any refused character (U+D800). The message
    // had given the JSON escape `\ud800` as its example, whose backslash the error body doubles
    // with the request's text (visibleText), so the client read `e.g. \\ud800`, an escape of
    // no surrogate at all.
    return half === undefined
      ? undefined
      : `${parent || whole} must be valid Unicode text: it holds ${codePointName(half)} (${UNPRINTABLE_KINDS.surrogate})`;
  }
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = bodyProblem(value[i], pathOf(parent, i), whole);
      if (p) return p;
    }
    return undefined;
  }
  const keys = Object.keys(value);
  if (keys.length > MAX_FIELDS) return tooManyFields(parent || whole, keys.length);
  for (const key of keys) {
    const path = pathOf(parent, key);
    if (isSpecialKey(key) || !wellFormed(key))
      return whole === 'query string' && !parent
        ? unknownQueryParameter(key)
        : `unknown field ${quoted(path)}: not allowed`;
    const p = bodyProblem((value as Record<string, unknown>)[key], path, whole);
    if (p) return p;
  }
  return undefined;
}

/** The message for a body that is valid JSON but not an object (every body of this API is one). */
export const NOT_AN_OBJECT = 'request body must be a JSON object ({...})';

/**
 * Express middleware after the JSON parser: 400 naming the field for lone surrogates and special
 * keys, in the body and in the query string, and for a top-level array body (its indexes would
 * be refused as fields named "0", "1"...). The query needs the check as much as the body: the
 * whitelist looks a key up in a plain object, so `?toString=x` or `?constructor=z` found
 * Object's own and passed as known fields. Recorded (deferProblem), answered after the route's
 * guards.
 */
export function requestShapeGuard() {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (PROBLEM_OF.has(req)) return next();
    const inQuery = queryProblem(req);
    if (inQuery) {
      deferProblem(req, 400, 'Bad Request', [inQuery]);
      if (queryNameProblem(req)) QUERY_NAME_PROBLEM.add(req);
    } else {
      const body: unknown = req.body;
      // Like the parser's answers, a body that is not an object is one message, not a field's.
      if (Array.isArray(body)) deferProblem(req, 400, 'Bad Request', NOT_AN_OBJECT);
      else if (body !== null && typeof body === 'object') {
        const problem = bodyProblem(body);
        if (problem) deferProblem(req, 400, 'Bad Request', [problem]);
      }
    }
    next();
  };
}

/**
 * A query DTO's refusal with its unknown fields named as query parameters, with those the route
 * takes (`unknown query parameter "foo": this route takes page, pageSize`).
 */
function queryRefusal(err: BadRequestException, metatype: unknown): BadRequestException {
  const body = err.getResponse();
  if (typeof body !== 'object' || !Array.isArray((body as { message?: unknown }).message))
    return err;
  const takes = fieldsOf(metatype);
  const messages = (body as { message: unknown[] }).message.map((m) =>
    typeof m === 'string' && m.startsWith('unknown field ') && m.endsWith(': not allowed')
      ? `unknown query parameter ${m.slice('unknown field '.length, -': not allowed'.length)}: ${queryRule(takes)}`
      : m,
  );
  return new BadRequestException(messages);
}

/**
 * The ValidationPipe, with one more promise: a validator that throws (instead of saying
 * "invalid") is a 400 naming the field it choked on, never a 500. The field is found by
 * validating each field alone, only on this rare error path. A valid body of a class marked
 * @DirectValidation is accepted without the pipe's general machinery
 * (src/common/fast-validation.ts); any other body, and every refusal, goes the full way.
 */
export class SafeValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const accepted = this.direct(value, metadata);
    if (accepted) return accepted;
    try {
      return await super.transform(value, metadata);
    } catch (err) {
      if (err instanceof BadRequestException && metadata.type === 'query')
        throw queryRefusal(err, metadata.metatype);
      if (err instanceof HttpException) throw err;
      const field = await this.throwingField(value, metadata);
      throw new BadRequestException([
        `${field ?? 'request body'} could not be checked: it is not a value this field takes`,
      ]);
    }
  }

  /**
   * The body as its class when the direct check accepts it (src/common/fast-validation.ts).
   * Only with the options the direct check reproduces: the transformed instance returned, an
   * expected type, validation groups and transformer options left unset.
   */
  protected direct(value: unknown, metadata: ArgumentMetadata): object | undefined {
    if (!this.directOk || metadata.type === 'custom') return undefined;
    return acceptDirectly(metadata.metatype, value);
  }

  private get directOk(): boolean {
    const v = this.validatorOptions;
    return (
      this.isTransformEnabled &&
      this.expectedType === undefined &&
      (this.transformOptions === undefined || Object.keys(this.transformOptions).length === 0) &&
      v.groups === undefined &&
      v.always === undefined &&
      v.strictGroups === undefined
    );
  }

  private async throwingField(
    value: unknown,
    metadata: ArgumentMetadata,
  ): Promise<string | undefined> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    for (const [key, v] of Object.entries(value)) {
      try {
        await super.transform({ [key]: v }, metadata);
      } catch (err) {
        if (!(err instanceof HttpException)) return key;
      }
    }
    return undefined;
  }
}

/** What a route handler reads of a request: its body, its query string. */
function readsOf(
  controller: { prototype?: object },
  handler: string,
): { body: boolean; query: boolean; queryTakes: string[] } {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler) ?? {}) as Record<
    string,
    { index?: number }
  >;
  const types = Object.keys(args).map((key) => Number(key.split(':')[0]));
  const query = Object.entries(args).find(
    ([key]) => Number(key.split(':')[0]) === RouteParamtypes.QUERY,
  );
  const paramTypes = (
    controller.prototype
      ? Reflect.getMetadata('design:paramtypes', controller.prototype, handler)
      : undefined
  ) as unknown[] | undefined;
  const queryType = query?.[1].index === undefined ? undefined : paramTypes?.[query[1].index];
  return {
    body: types.includes(RouteParamtypes.BODY) || types.includes(RouteParamtypes.RAW_BODY),
    query: query !== undefined,
    queryTakes: fieldsOf(queryType),
  };
}

/** The fields a DTO class validates (a query's parameters), in the order written. */
function fieldsOf(metatype: unknown): string[] {
  if (typeof metatype !== 'function') return [];
  return [
    ...new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(metatype, '', true, false)
        .map((m) => m.propertyName),
    ),
  ];
}

/** The refusals of a query string on a route that takes none: one a parameter. */
function unreadQuery(req: Request): string[] {
  return Object.keys(req.query ?? {}).map((key) => unknownQueryParameter(key, []));
}

/**
 * A route that reads no body or no query string refuses one that has fields, as every route
 * refuses a field its body or query does not know: `GET /evisa/applications/{id}?token=…` or a
 * key route's `{"missionId": …}` was answered as if it had not been sent. Runs after the guards,
 * so a route behind a credential still answers 401 first.
 */
@Injectable()
export class UnreadInputInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    const reads = readsOf(context.getClass(), context.getHandler().name);
    const unread: string[] = [];
    if (!reads.query) unread.push(...unreadQuery(req));
    const body: unknown = req.body;
    if (!reads.body && body !== null && typeof body === 'object')
      unread.push(...Object.keys(body).map((key) => `unknown field ${quoted(key)}: not allowed`));
    if (unread.length) throw new BadRequestException(unread);
    return next.handle();
  }
}
