import {
  applyDecorators,
  BadRequestException,
  createParamDecorator,
  type ExecutionContext,
  type Type,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiHeader,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';

/**
 * What the OpenAPI document at /docs-json says of the API's headers and error answers, in one
 * place, so that it says what docs/api.md says and what the routes do.
 */

/** The body of every error answer: Nest's HttpException body, and the body-parser's errors. */
export class ApiErrorDto {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiPropertyOptional({ example: 'Bad Request', description: "the status's name" })
  error?: string;
  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: ['fullName must be printable text ...'],
    description:
      'what is wrong; a 400 of field rules lists one message a problem, naming the field',
  })
  message!: string | string[];
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;

/**
 * The 400 of a route that takes no query string, for any query parameter sent to it: every POST
 * and DELETE route of the API. Before 8 December 2026 `POST /hizir/messages?text=x` was told
 * `unknown field "text": not allowed`, as if the body held it.
 */
export const NO_QUERY_400 =
  'any query parameter: the route takes none (unknown query parameter "x": this route takes none)';

/**
 * Answers every route with a JSON body can give, whatever the route (every such route, a POST,
 * takes no query string: NO_QUERY_400).
 */
export const BODY_400 =
  'bad input: a field breaking its rule (the message names it), an unknown field, malformed JSON, nesting deeper than 16 levels';
export const BODY_ERRORS = {
  400: `${BODY_400}; ${NO_QUERY_400}`,
  413: 'the body is larger than BODY_LIMIT_KB (16 kB)',
  415: 'the body is not UTF-8 JSON: another Content-Type or charset, or a Content-Encoding other than identity, gzip, deflate or br (the message names the header and the value)',
} as const satisfies Partial<Record<ErrorStatus, string>>;

export const RATE_LIMITED = {
  429: "over the client's rate limit (RATE_LIMIT, RATE_LIMIT_COSTLY per window), with Retry-After; the message names the limit and the wait",
} as const;

export const BACKEND_DOWN = {
  503: 'Redis does not answer (queue backend unavailable: retry later)',
} as const;

/**
 * What a route answers a query it does not take: every route refuses an unknown query parameter
 * and a repeated one (400), which the portal's routes had not listed, nor the health and status
 * routes (GET /health, /health/live and the records' status routes). Routes taking no query
 * list it too.
 */
export const QUERY_ERRORS = {
  400: 'a query parameter the route does not take (unknown query parameter "x": this route takes none, or names those it takes), or one sent twice',
} as const satisfies Partial<Record<ErrorStatus, string>>;

/** The 403 of an admin change (AdminTokenGuard on a route that is not GET or HEAD). */
export const ADMIN_CHANGE_FORBIDDEN =
  'sent from a page of another site (Origin, Sec-Fetch-Site), even with the right credential; with DEV_MODE and no ADMIN_TOKEN, a client not on this machine, behind a proxy, or naming another host';

/**
 * An admin change (AdminTokenGuard on a write route: issuing or revoking a mission key): sent
 * from another site's page, it is 403 even with the right credential; DEV_MODE without
 * ADMIN_TOKEN refuses a client not on this machine, or one naming another host, with 403 too;
 * the route takes no body, so one that is not JSON is 415, and any field in one an unknown
 * field (400). docs/live-services.md, **Security**.
 */
export const ADMIN_CHANGE_ERRORS = {
  400: `a body that is not {} (the route takes no fields): an unknown field, malformed JSON; ${NO_QUERY_400}`,
  403: ADMIN_CHANGE_FORBIDDEN,
  413: BODY_ERRORS[413],
  415: BODY_ERRORS[415],
} as const satisfies Partial<Record<ErrorStatus, string>>;

/**
 * The security scheme of the Diplomatic Portal's mission routes (bootstrap.ts adds it): a mission
 * key, `Authorization: Bearer dpk_...`, which the document had listed as the one `bearer` scheme
 * of the admin token and the record tokens, described as a JWT.
 */
export const MISSION_KEY_SCHEME = 'missionKey';

export const IDEMPOTENCY_ERRORS = {
  409: 'the record this Idempotency-Key made is no longer held (past its retention: *_RECORD_TTL_SECONDS after its final state, or an unpaid payment expired)',
  422: 'this Idempotency-Key was already used with a different request body',
} as const;

/** Error answers of a route, each with the shared error body (ApiErrorDto). */
export function ApiErrors(
  answers: Partial<Record<ErrorStatus, string>>,
): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...Object.entries(answers).map(([status, description]) =>
      ApiResponse({ status: Number(status), description, type: ApiErrorDto }),
    ),
  );
}

/**
 * A record's status route, read with the token its 202 gave: bearer auth, the status body, and
 * one 404 for a record that does not exist and for one the token is not for (a token tells
 * nothing of other records). `noun` names the record: "application", "payment".
 */
export function ApiTokenStatus(noun: string, type: Type<unknown>): MethodDecorator {
  const article = /^[aeiou]/.test(noun) ? 'An' : 'A';
  // In the order stacked decorators take effect (the last written first), as the routes had them.
  return applyDecorators(
    ApiErrors({
      ...QUERY_ERRORS,
      401: 'no Authorization: Bearer <token>',
      404: `no such ${noun}, another ${noun}'s token, or one past its retention (one answer); to its token's holder, with its own message, one the queue store lost with its data or removed (evicted, deleted) before its retention could have ended`,
      ...RATE_LIMITED,
      ...BACKEND_DOWN,
    }),
    ApiResponse({ status: 200, type }),
    ApiOperation({ summary: `${article} ${noun}'s status (the token from the 202)` }),
    ApiBearerAuth(),
  );
}

/**
 * The optional Idempotency-Key header. Read with IdempotencyKey() rather than Nest's
 * @Headers('idempotency-key'): the OpenAPI generator documents every @Headers parameter as a
 * required header of its lower-case name, so the header had been listed twice, once required.
 */
export function ApiIdempotencyKey(
  /**
   * Whose key it is: a client address's (the public routes), or the mission's whose key the
   * request carries (the Diplomatic Portal: any of its offices, whatever their addresses), which
   * the portal's route had documented as the client address's.
   */
  owner: 'client' | 'mission' = 'client',
): MethodDecorator & ClassDecorator {
  const scope =
    owner === 'client'
      ? 'makes a retried request from the same client the same record'
      : 'makes a retried request of the same mission (its key, from any address) the same record';
  const other =
    owner === 'client'
      ? 'from another client address it is another key'
      : "another mission's same key is another key";
  return ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: `${scope}: 8 to 128 letters, digits or . _ : -, sent once (twice in one request is 400; the same key with another body is 422; ${other})`,
    schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{8,128}$' },
  });
}

/**
 * The Idempotency-Key header's value (undefined when absent); see ApiIdempotencyKey. Read from
 * the raw headers: Node joins a repeated header's values with ", ", and a header sent twice is
 * refused as such (idempotencyHeaderOf), not as a malformed key.
 */
export const IdempotencyKey = createParamDecorator(
  (_: unknown, context: ExecutionContext): string | undefined =>
    idempotencyHeaderOf(rawHeaderValues(context, 'idempotency-key')),
);

/**
 * The Idempotency-Key header's one value, from every value the request sent under that name
 * (undefined when none). Node joins a repeated header's values with ", ", which then broke the
 * key's rule and was refused as a malformed key; two keys are two answers to "which request is
 * this", so a header sent more than once is refused as such, whatever its values.
 */
export function idempotencyHeaderOf(values: readonly string[]): string | undefined {
  if (values.length > 1)
    throw new BadRequestException(
      `Idempotency-Key header sent ${values.length} times: send it once (one key per request)`,
    );
  return values[0];
}

/** Every value the request sent under a header name (lower-case), in order. */
function rawHeaderValues(context: ExecutionContext, name: string): string[] {
  const raw = context.switchToHttp().getRequest<Request>().rawHeaders;
  const values: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2)
    if (raw[i]!.toLowerCase() === name) values.push(raw[i + 1]!);
  return values;
}

/**
 * The Authorization header's value (undefined when absent). The credential is documented by
 * @ApiBearerAuth as the route's security, not as a header parameter that @Headers would mark
 * required (and OpenAPI ignores a header parameter named Authorization anyway).
 */
export const Authorization = createParamDecorator(
  (_: unknown, context: ExecutionContext): string | undefined => headerOf(context, 'authorization'),
);

function headerOf(context: ExecutionContext, name: string): string | undefined {
  const value = context.switchToHttp().getRequest<Request>().headers[name];
  return Array.isArray(value) ? value[0] : value;
}
