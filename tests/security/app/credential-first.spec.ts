import 'reflect-metadata';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { useApiApp } from '../../helpers/api-app';
import { TEST_ADMIN_TOKEN, testConfig } from '../../helpers/redis-test-env';

/**
 * A route behind a credential answers 401 to a caller without it before it judges the path,
 * query or body: the input rules are told only to the credential's holder, who still gets the
 * 400 (or 415) naming the rule.
 */
const ADMIN = `Bearer ${TEST_ADMIN_TOKEN}`;
/** A bearer header of the right form: the record routes' guard accepts it, the handler checks it. */
const SOME_TOKEN = 'Bearer tok_0123456789abcdef';

interface Route {
  method: 'get' | 'post';
  /** The route with `{p}` where a path parameter goes. */
  path: string;
  /** A credential the route's guard lets through. */
  credential: string;
}

const ROUTES: Route[] = [
  { method: 'get', path: '/evisa/applications/{p}', credential: SOME_TOKEN },
  { method: 'get', path: '/konsolosluk/transactions/{p}', credential: SOME_TOKEN },
  { method: 'get', path: '/payments/{p}', credential: SOME_TOKEN },
  { method: 'post', path: '/diplomatic-portal/missions/{p}/keys', credential: ADMIN },
  { method: 'get', path: '/metrics', credential: ADMIN },
  { method: 'post', path: '/replay/arrivals', credential: ADMIN },
  { method: 'get', path: '/admin/queues/api/queues/{p}', credential: ADMIN },
];

/** Mistakes in the path, the query and the body, each with the rule its 400 or 415 names. */
const MISTAKES: {
  name: string;
  /** The request's path on `route`; undefined where the mistake has no place (no path parameter). */
  path: (route: string) => string | undefined;
  type?: string;
  status: number;
  rule: RegExp;
}[] = [
  {
    name: 'bad percent-encoding in the path',
    path: (r) => (r.includes('{p}') ? r.replace('{p}', '%zz') : undefined),
    status: 400,
    rule: /path segment "%zz" is not valid percent-encoding/,
  },
  {
    name: 'bad percent-encoding in the query',
    path: (r) => `${r.replace('{p}', 'x1')}?q=%E0%A4%A`,
    status: 400,
    rule: /query parameter "q=%E0%A4%A" is not valid percent-encoding/,
  },
  {
    name: 'a built-in name as a query field',
    path: (r) => `${r.replace('{p}', 'x1')}?toString=1`,
    status: 400,
    rule: /unknown query parameter "toString": (?:this route takes none|not allowed)/,
  },
  {
    name: 'a text/plain body',
    path: (r) => r.replace('{p}', 'x1'),
    type: 'text/plain',
    status: 415,
    rule: /Content-Type must be application\/json \(got "text\/plain"\)/,
  },
];

describe('the credential is checked before the input', () => {
  const api = useApiApp(
    testConfig('cred-first', { RATE_LIMIT: '0', ADMIN_AUTH_MAX_FAILURES: '0' }),
  );

  const send = (route: Route, path: string, credential?: string, type?: string) => {
    let r = request(api.http)[route.method](path);
    if (credential) r = r.set('Authorization', credential);
    return type ? r.set('Content-Type', type).send('hello') : r;
  };

  it('without a credential every mistake is the 401 a clean request gets', async () => {
    for (const route of ROUTES) {
      const clean = await send(route, route.path.replace('{p}', 'x1'));
      expect(clean.status, route.path).toBe(401);
      for (const mistake of MISTAKES) {
        const path = mistake.path(route.path);
        if (path === undefined) continue;
        const r = await send(route, path, undefined, mistake.type);
        expect(r.status, `${route.method} ${path} (${mistake.name})`).toBe(401);
        expect(r.body).toEqual(clean.body);
        expect(r.headers['www-authenticate']).toBe(clean.headers['www-authenticate']);
      }
    }
  });

  it('with the credential each mistake is its 400 or 415 naming the rule', async () => {
    for (const route of ROUTES)
      for (const mistake of MISTAKES) {
        const path = mistake.path(route.path);
        if (path === undefined) continue;
        const r = await send(route, path, route.credential, mistake.type);
        const where = `${route.method} ${path} (${mistake.name}): ${JSON.stringify(r.body)}`;
        expect(r.status, where).toBe(mistake.status);
        expect(r.body.statusCode, where).toBe(mistake.status);
        expect([r.body.message].flat().join('\n'), where).toMatch(mistake.rule);
      }
  });

  it('a route without a credential still judges its input', async () => {
    const r = await request(api.http).get('/health?q=%zz');
    expect(r.status).toBe(400);
    expect([r.body.message].flat().join('\n')).toMatch(/query parameter "q=%zz"/);
    const lab = await request(api.http).get('/lab/%zz');
    expect(lab.status).toBe(400);
    expect([lab.body.message].flat().join('\n')).toMatch(/path segment "%zz"/);
  });
});
