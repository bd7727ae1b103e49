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
import { acceptDirectly } from '../common/fast-validation';
import { wellFormed } from '../common/field-rules';

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

/** The media type every request body of this API is sent as. */
const JSON_TYPE = 'application/json';

/** A header value quoted into a message: JSON-escaped and short (it is whatever the client sent). */
function quoted(value: string): string {
  return JSON.stringify(value).slice(0, 80);
}

/**
 * Request bodies are JSON in UTF-8 (RFC 8259 §8.1) and nothing else, refused with 415 naming
 * the header and the rule. A text/plain or form body used to be left unparsed and answered with
 * every field missing; a charset such as utf-16le was decoded after the depth scan had read its
 * bytes as UTF-8. A request without a body (DELETE, issuing a key) passes whatever it says.
 */
export function jsonBodiesOnly() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const hasBody =
      req.headers['transfer-encoding'] !== undefined ||
      Number(req.headers['content-length'] ?? 0) > 0;
    if (!hasBody) return next();
    const type = req.headers['content-type'];
    const refuse = (message: string) =>
      void res.status(415).json({ statusCode: 415, error: 'Unsupported Media Type', message });
    if (!req.is(JSON_TYPE))
      return refuse(
        `Content-Type must be ${JSON_TYPE} (got ${type === undefined ? 'none' : quoted(type)}): request bodies are JSON`,
      );
    const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(type ?? '')?.[1];
    if (charset !== undefined && charset.toLowerCase() !== 'utf-8')
      return refuse(
        `Content-Type charset must be utf-8 (got ${quoted(charset)}): JSON is UTF-8 (RFC 8259)`,
      );
    next();
  };
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

/** The first problem in a parsed body that the validators must not meet, or undefined. */
export function bodyProblem(
  value: unknown,
  parent = '',
  whole = 'request body',
): string | undefined {
  if (typeof value === 'string')
    return wellFormed(value)
      ? undefined
      : `${parent || whole} must be valid Unicode text (it holds a lone surrogate, e.g. \\ud800)`;
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = bodyProblem(value[i], pathOf(parent, i), whole);
      if (p) return p;
    }
    return undefined;
  }
  const keys = Object.keys(value);
  if (keys.length > MAX_FIELDS)
    return `${parent || whole} has ${keys.length} fields: an object of this API has at most ${MAX_FIELDS}`;
  for (const key of keys) {
    const path = pathOf(parent, key);
    if (isSpecialKey(key) || !wellFormed(key))
      return `unknown field ${JSON.stringify(path).slice(0, 80)}: not allowed`;
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
 * Object's own and passed as known fields.
 */
export function requestShapeGuard() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const inQuery = bodyProblem(req.query, '', 'query string');
    if (inQuery)
      return void res
        .status(400)
        .json({ statusCode: 400, error: 'Bad Request', message: [inQuery] });
    const body: unknown = req.body;
    if (body === undefined || body === null || typeof body !== 'object') return next();
    // Like the parser's answers, a body that is not an object is one message, not a field's.
    if (Array.isArray(body))
      return void res.status(400).json({
        statusCode: 400,
        error: 'Bad Request',
        message: NOT_AN_OBJECT,
      });
    const problem = bodyProblem(body);
    if (!problem) return next();
    res.status(400).json({ statusCode: 400, error: 'Bad Request', message: [problem] });
  };
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
function readsOf(controller: object, handler: string): { body: boolean; query: boolean } {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler) ?? {}) as Record<
    string,
    unknown
  >;
  const types = Object.keys(args).map((key) => Number(key.split(':')[0]));
  return {
    body: types.includes(RouteParamtypes.BODY) || types.includes(RouteParamtypes.RAW_BODY),
    query: types.includes(RouteParamtypes.QUERY),
  };
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
    if (!reads.query) unread.push(...Object.keys(req.query ?? {}));
    const body: unknown = req.body;
    if (!reads.body && body !== null && typeof body === 'object') unread.push(...Object.keys(body));
    if (unread.length)
      throw new BadRequestException(
        unread.map((key) => `unknown field ${JSON.stringify(key).slice(0, 80)}: not allowed`),
      );
    return next.handle();
  }
}
