import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApiApp } from '../../helpers/api-app';
import { plausibleArrivalDate } from '../../helpers/fault-env';
import { TEST_ADMIN_TOKEN, testConfig, testRedisUrl } from '../../helpers/redis-test-env';
import { registerLiveRun } from '../../../src/queue/live-http';
import { Redis } from 'ioredis';

/**
 * The OpenAPI document at /docs-json against what the routes do. For every operation it lists,
 * a recipe makes one call that should succeed; from there each check is read off the document,
 * not written here: the answer is a documented 2xx whose schema the body fits; a header, query
 * parameter, credential or body field marked required is refused when left out, and one marked
 * optional is not; every error the test provokes (left-out parts, a bad path id, unknown
 * fields, malformed, oversized or non-UTF-8 bodies, a rate limit of one, Redis down) is a
 * documented status whose documented schema the body fits.
 */

interface Schema {
  $ref?: string;
  type?: string;
  nullable?: boolean;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: boolean | Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
}
interface Operation {
  parameters?: Parameter[];
  security?: Record<string, string[]>[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
  security?: Record<string, string[]>[];
}

/** The parts of a call: path parameters, query, headers and a JSON body. */
interface Call {
  params?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: Record<string, unknown>;
}
type Http = ReturnType<typeof useApiApp>['http'];
/** Makes a fresh call that succeeds (new references and keys each time). */
type Recipe = (http: Http) => Promise<Call>;

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const idempotency = () => ({ 'Idempotency-Key': `doc-${hex(8)}` });
const application = () => ({
  nationality: 'GB',
  passportNumber: `P${hex(4).toUpperCase()}`,
  fullName: 'Jane Doe',
  email: 'jane@example.org',
  arrivalDate: plausibleArrivalDate(),
});
const transaction = () => ({ missionId: 'berlin-cg', operationId: 'passport-first-issue' });
const payment = () => ({
  reference: `doc-${hex(6)}`,
  amountMinor: 2000,
  currency: 'USD',
  channel: 'virtual-pos',
});
const created = async (
  http: Http,
  path: string,
  body: object,
  headers: Record<string, string> = {},
) =>
  (
    await request(http)
      .post(path)
      .set(headers)
      .send(body)
      .expect((r) => r.status < 300)
  ).body;
const missionKey = async (http: Http) =>
  (await created(http, '/diplomatic-portal/missions/germany-emb-ankara/keys', {}, ADMIN)) as {
    key: string;
    keyId: string;
  };

const RECIPES: Record<string, Recipe> = {
  'GET /health': async () => ({}),
  'GET /health/live': async () => ({}),
  'POST /evisa/applications': async () => ({ body: application(), headers: idempotency() }),
  'GET /evisa/applications/{id}': async (http) => {
    const r = await created(http, '/evisa/applications', application());
    return { params: { id: r.id }, headers: { Authorization: `Bearer ${r.token}` } };
  },
  'POST /konsolosluk/transactions': async () => {
    // The field and the header may both be sent when they agree.
    const key = idempotency();
    return { body: { ...transaction(), idempotencyKey: key['Idempotency-Key'] }, headers: key };
  },
  'GET /konsolosluk/transactions/{id}': async (http) => {
    const r = await created(http, '/konsolosluk/transactions', transaction());
    return { params: { id: r.id }, headers: { Authorization: `Bearer ${r.token}` } };
  },
  'POST /payments': async () => ({ body: payment(), headers: idempotency() }),
  'GET /payments/{reference}': async (http) => {
    const r = await created(http, '/payments', payment());
    return { params: { reference: r.reference }, headers: { Authorization: `Bearer ${r.token}` } };
  },
  'POST /diplomatic-portal/missions/{missionId}/keys': async () => ({
    params: { missionId: 'japan-emb-ankara' },
    headers: ADMIN,
  }),
  'DELETE /diplomatic-portal/missions/{missionId}/keys/{keyId}': async (http) => ({
    params: { missionId: 'germany-emb-ankara', keyId: (await missionKey(http)).keyId },
    headers: ADMIN,
  }),
  'POST /diplomatic-portal/requests': async (http) => ({
    body: { area: 'tax', subject: 'Exemption', body: 'Details.' },
    headers: { Authorization: `Bearer ${(await missionKey(http)).key}`, ...idempotency() },
  }),
  'GET /diplomatic-portal/requests': async (http) => ({
    query: { page: '1', pageSize: '5' },
    headers: { Authorization: `Bearer ${(await missionKey(http)).key}` },
  }),
  'GET /diplomatic-portal/requests/{id}': async (http) => {
    const { key } = await missionKey(http);
    const auth = { Authorization: `Bearer ${key}` };
    const r = await created(
      http,
      '/diplomatic-portal/requests',
      { area: 'tax', subject: 'Exemption' },
      auth,
    );
    return { params: { id: r.id }, headers: auth };
  },
  // A question with two close answers: the answer carries a clarifying question.
  'POST /hizir/messages': async () => ({
    body: { text: 'pasaportumu kaybettim', lang: 'tr', sessionId: `doc-${hex(6)}` },
  }),
  // A replay in progress registers its run and stations first (runLiveArm, --via http).
  'POST /replay/arrivals': async () => {
    const run = hex(4);
    const redis = new Redis(testRedisUrl());
    try {
      await registerLiveRun(redis, run, ['desk']);
    } finally {
      redis.disconnect();
    }
    return { body: { run, arrivals: [{ station: 'desk', c: 0, s: 0, t: 1.5 }] }, headers: ADMIN };
  },
};

function send(http: Http, method: string, path: string, call: Call) {
  const url = path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(call.params?.[name] ?? ''),
  );
  const verb = method.toLowerCase() as 'get' | 'post' | 'delete';
  const agent = request(http);
  const req = agent[verb](url)
    .query(call.query ?? {})
    .set(call.headers ?? {});
  return call.body === undefined ? req : req.send(call.body);
}

const without = <T extends object>(o: T | undefined, key: string): T =>
  Object.fromEntries(
    Object.entries(o ?? {}).filter(([k]) => k.toLowerCase() !== key.toLowerCase()),
  ) as T;

function resolve(doc: OpenApi, s: Schema): Schema {
  if (s.$ref) return resolve(doc, doc.components.schemas[s.$ref.split('/').pop()!]);
  return s;
}

/** What in `value` does not fit `schema` (empty when it fits), each naming where. */
function misfits(doc: OpenApi, schema: Schema, value: unknown, at = 'body'): string[] {
  const s = resolve(doc, schema);
  if (value === null) return s.nullable ? [] : [`${at} is null, not nullable`];
  if (s.allOf) return s.allOf.flatMap((part) => misfits(doc, part, value, at));
  const alternatives = s.oneOf ?? s.anyOf;
  if (alternatives)
    return alternatives.some((alt) => misfits(doc, alt, value, at).length === 0)
      ? []
      : [`${at} fits none of its alternatives: ${JSON.stringify(value)}`];
  if (s.enum && !s.enum.includes(value))
    return [`${at} is ${JSON.stringify(value)}, not in the enum`];
  const type = Array.isArray(value) ? 'array' : typeof value;
  if (s.type === 'integer' ? !Number.isInteger(value) : s.type && s.type !== type)
    return [`${at} is ${type}, documented ${s.type}`];
  if (type === 'array')
    return s.items
      ? (value as unknown[]).flatMap((v, i) => misfits(doc, s.items!, v, `${at}[${i}]`))
      : [];
  if (type !== 'object') return [];
  const record = value as Record<string, unknown>;
  const out = (s.required ?? [])
    .filter((k) => record[k] === undefined)
    .map((k) => `${at}.${k} is documented required but missing`);
  for (const [k, v] of Object.entries(record)) {
    const property = s.properties?.[k];
    if (property) out.push(...misfits(doc, property, v, `${at}.${k}`));
    else if (typeof s.additionalProperties === 'object')
      out.push(...misfits(doc, s.additionalProperties, v, `${at}.${k}`));
    else if (s.properties && s.additionalProperties !== true)
      out.push(`${at}.${k} is in the answer but not in the document`);
  }
  return out;
}

function schemaOf(
  answer: { content?: Record<string, { schema?: Schema }> } | undefined,
): Schema | undefined {
  return answer?.content?.['application/json']?.schema;
}

describe('the OpenAPI document describes every route as it behaves', () => {
  const config = testConfig('openapi', { RATE_LIMIT: '0' });
  const api = useApiApp(config);
  // The same Redis and prefix with a limit of one request, and an app whose Redis is down.
  const limited = useApiApp(
    testConfig('openapi', {
      QUEUE_PREFIX: config.QUEUE_PREFIX,
      RATE_LIMIT: '1',
      RATE_LIMIT_COSTLY: '1',
    }),
  );
  const down = useApiApp(testConfig('openapi-down', { REDIS_URL: 'redis://127.0.0.1:1' }), {
    ready: false,
  });
  let doc: OpenApi;
  beforeAll(async () => {
    doc = (await request(api.http).get('/docs-json').expect(200)).body as OpenApi;
  });

  /** Checks an answer against the operation: a documented status, a body that fits its schema. */
  function documented(op: Operation, what: string, res: { status: number; body: unknown }): void {
    const answer = op.responses[String(res.status)];
    expect(
      answer,
      `${what}: answered ${res.status}, not documented (${Object.keys(op.responses)})`,
    ).toBeDefined();
    if (res.status === 204) return;
    const schema = schemaOf(answer);
    expect(schema, `${what}: the ${res.status} answer has no schema`).toBeDefined();
    expect(misfits(doc, schema!, res.body), `${what}: ${JSON.stringify(res.body)}`).toEqual([]);
  }
  const isSuccess = (status: number) => status >= 200 && status < 300;

  it('has a recipe for every operation it lists, and lists every route a recipe calls', () => {
    const listed = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(listed.sort()).toEqual(Object.keys(RECIPES).sort());
  });

  it('lists each header once, the Idempotency-Key as optional, and no Authorization header (a credential is security)', () => {
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops)) {
        const headers = (op.parameters ?? []).filter((p) => p.in === 'header');
        const names = headers.map((h) => h.name.toLowerCase());
        expect(new Set(names).size, `${method} ${path}: ${names}`).toBe(names.length);
        expect(names, `${method} ${path}`).not.toContain('authorization');
      }
  });

  for (const [name, recipe] of Object.entries(RECIPES)) {
    const [method, path] = name.split(' ');

    it(`${name}: the success, and every part documented required or optional, as the route takes them`, async () => {
      const op = doc.paths[path][method.toLowerCase()];
      const call = await recipe(api.http);
      const ok = await send(api.http, method, path, call);
      expect(isSuccess(ok.status), `${name}: ${ok.status} ${JSON.stringify(ok.body)}`).toBe(true);
      documented(op, name, ok);

      // Header and query parameters.
      for (const p of op.parameters ?? []) {
        if (p.in === 'path') continue;
        const key = p.in === 'header' ? 'headers' : 'query';
        const given = Object.keys(call[key] ?? {}).some(
          (k) => k.toLowerCase() === p.name.toLowerCase(),
        );
        if (!p.required && !given) continue;
        expect(
          given,
          `${name}: ${p.in} ${p.name} is documented required; the recipe must send it`,
        ).toBe(true);
        const fresh = await recipe(api.http);
        const res = await send(api.http, method, path, {
          ...fresh,
          [key]: without(fresh[key], p.name),
        });
        const what = `${name} without ${p.in} ${p.name} (documented ${p.required ? 'required' : 'optional'})`;
        expect(isSuccess(res.status), `${what}: ${res.status}`).toBe(!p.required);
        documented(op, what, res);
      }

      // The credential: required unless the security list holds {} (none).
      const security = op.security ?? doc.security ?? [];
      const credential = Object.keys(call.headers ?? {}).some(
        (k) => k.toLowerCase() === 'authorization',
      );
      if (credential)
        expect(
          security.length,
          `${name} takes a credential the document does not name`,
        ).toBeGreaterThan(0);
      const optional = security.length === 0 || security.some((s) => Object.keys(s).length === 0);
      if (!optional) expect(credential, `${name}: documented to need a credential`).toBe(true);
      if (credential) {
        const fresh = await recipe(api.http);
        const res = await send(api.http, method, path, {
          ...fresh,
          headers: without(fresh.headers, 'authorization'),
        });
        const what = `${name} without a credential (documented ${optional ? 'optional' : 'required'})`;
        expect(isSuccess(res.status), `${what}: ${res.status}`).toBe(optional);
        if (!optional) expect(res.status, what).toBe(401);
        documented(op, what, res);
      }

      // Path parameters that name nothing.
      for (const p of (op.parameters ?? []).filter((q) => q.in === 'path')) {
        const fresh = await recipe(api.http);
        const res = await send(api.http, method, path, {
          ...fresh,
          params: { ...fresh.params, [p.name]: 'no-such-thing' },
        });
        expect(isSuccess(res.status), `${name} with ${p.name} naming nothing`).toBe(false);
        documented(op, `${name} with ${p.name} naming nothing`, res);
      }
    });

    // Every operation the document lists (RECIPES holds exactly its operations, as the first
    // test checks), GET routes above all: a query parameter it does not take is answered with a
    // documented status (the portal's routes documented their 400 alone, though GET /health,
    // /health/live and the status routes refuse one too).
    it(`${name}: an unknown query parameter, and one sent twice, answered as documented`, async () => {
      const op = doc.paths[path][method.toLowerCase()];
      const fresh = await recipe(api.http);
      const unknown = await send(api.http, method, path, {
        ...fresh,
        query: { ...fresh.query, surprise: '1' },
      });
      documented(op, `${name} with an unknown query parameter`, unknown);
      expect(unknown.status, `${name} with an unknown query parameter`).toBeLessThan(500);
      const again = await recipe(api.http);
      const twice = await send(api.http, method, path, again).query('surprise=1&surprise=2');
      documented(op, `${name} with an unknown query parameter sent twice`, twice);
    });

    // Before 8 December 2026 `POST /hizir/messages?text=x` with a valid body was told `unknown
    // field "text": not allowed`, naming a body field: the problem is the query string. Every
    // POST and DELETE route takes no query; the list route names those it takes.
    it(`${name}: a query parameter it does not take is named as one, with what the route takes, as its 400 says`, async () => {
      const op = doc.paths[path][method.toLowerCase()];
      const takes = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      if (method !== 'GET') expect(takes, `${name} takes no query string`).toEqual([]);
      const rule = takes.length ? `this route takes ${takes.join(', ')}` : 'this route takes none';
      const described = (op.responses['400'] as { description?: string } | undefined)?.description;
      expect(described, `${name}: its 400`).toContain(
        takes.length
          ? 'unknown query parameter "x": this route takes none, or names those it takes'
          : 'unknown query parameter "x": this route takes none',
      );
      for (const [query, names] of [
        ['text=x', ['text']],
        // A built-in name, found before the route is known, is told the same.
        ['toString=1', ['toString']],
        ['text=x&constructor=1', takes.length ? ['constructor'] : ['text', 'constructor']],
      ] as const) {
        const fresh = await recipe(api.http);
        const res = await send(api.http, method, path, fresh).query(query);
        expect([res.status, res.body.message], `${name}?${query}`).toEqual([
          400,
          names.map((n) => `unknown query parameter "${n}": ${rule}`),
        ]);
        documented(op, `${name}?${query}`, res);
      }
    });

    it(`${name}: the body's required and optional fields, and bodies refused before the fields`, async () => {
      const op = doc.paths[path][method.toLowerCase()];
      const call = await recipe(api.http);
      if (call.body === undefined) {
        expect(op.requestBody, `${name} takes no body but documents one`).toBeUndefined();
        return;
      }
      expect(op.requestBody?.required, `${name}: the body is documented required`).toBe(true);
      const schema = resolve(doc, schemaOf(op.requestBody)!);
      expect(misfits(doc, schema, call.body), `${name}: the recipe's body`).toEqual([]);
      for (const field of Object.keys(schema.properties ?? {})) {
        const fresh = await recipe(api.http);
        if (fresh.body?.[field] === undefined) continue;
        const res = await send(api.http, method, path, {
          ...fresh,
          body: without(fresh.body, field),
        });
        const required = schema.required?.includes(field) ?? false;
        const what = `${name} without ${field} (documented ${required ? 'required' : 'optional'})`;
        expect(isSuccess(res.status), `${what}: ${res.status} ${JSON.stringify(res.body)}`).toBe(
          !required,
        );
        documented(op, what, res);
        if (required) expect(JSON.stringify(res.body.message), what).toContain(field);
        // null: what the document says of it. Every optional field takes null as left out
        // (IsOptional), and says so (nullable); a required one refuses it as missing. Before 8
        // December 2026 the optional fields took null without the document saying so.
        const withNull = await send(api.http, method, path, {
          ...(await recipe(api.http)),
          body: { ...fresh.body, [field]: null },
        });
        const nullable = resolve(doc, schema.properties![field]!).nullable === true;
        const whatNull = `${name} with ${field}: null (documented ${nullable ? '' : 'not '}nullable)`;
        expect(nullable, `${name}: ${field} is optional, so nullable`).toBe(!required);
        expect(
          isSuccess(withNull.status),
          `${whatNull}: ${withNull.status} ${JSON.stringify(withNull.body)}`,
        ).toBe(nullable);
        documented(op, whatNull, withNull);
      }
      for (const field of schema.required ?? [])
        expect(call.body[field], `${name}: the recipe leaves out required ${field}`).toBeDefined();

      const fresh = await recipe(api.http);
      const refused: [string, Promise<{ status: number; body: unknown }>][] = [
        [
          'an unknown field',
          send(api.http, method, path, { ...fresh, body: { ...fresh.body, surprise: 1 } }),
        ],
        [
          'malformed JSON',
          send(api.http, method, path, { ...fresh, body: undefined })
            .set('Content-Type', 'application/json')
            .send('{"a":'),
        ],
        [
          'a body over the limit',
          send(api.http, method, path, {
            ...fresh,
            body: { ...fresh.body, pad: 'x'.repeat(17 * 1024) },
          }),
        ],
        [
          'a Latin-1 body',
          send(api.http, method, path, { ...fresh, body: undefined })
            .set('Content-Type', 'application/json; charset=latin1')
            .send(JSON.stringify(fresh.body)),
        ],
      ];
      for (const [what, pending] of refused) {
        const res = await pending;
        expect(isSuccess(res.status), `${name} with ${what}`).toBe(false);
        expect(res.status, `${name} with ${what}`).toBeLessThan(500);
        documented(op, `${name} with ${what}`, res);
      }
    });

    it(`${name}: the answers at a rate limit of one, and with Redis down, are documented`, async () => {
      const op = doc.paths[path][method.toLowerCase()];
      for (const [where, http] of [
        ['at a rate limit of one', limited.http],
        ['with Redis down', down.http],
      ] as const)
        for (let i = 0; i < 2; i++) {
          const res = await send(http, method, path, await recipe(api.http));
          documented(op, `${name} ${where} (call ${i + 1})`, res);
        }
    });

    // A browser's request from another site's page: an admin change is 403 even with the right
    // credential (AdminTokenGuard), which POST /replay/arrivals answered without listing it.
    it(`${name}: sent from another site's page, answered as documented`, async () => {
      const op = doc.paths[path][method.toLowerCase()];
      const call = await recipe(api.http);
      const headers = {
        ...call.headers,
        Origin: 'https://elsewhere.example',
        'Sec-Fetch-Site': 'cross-site',
      };
      const res = await send(api.http, method, path, { ...call, headers });
      documented(op, `${name} from another site's page`, res);
    });
  }
});
