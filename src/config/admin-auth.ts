import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { clientOf } from '../common/client-address';
import { isLocalOrAddress, requestHost } from '../common/request-host';
import { quoted } from '../common/visible-text';

/** Constant-time comparison of two secrets of any length (hashed first, so lengths do not leak). */
export function sameSecret(a: string, b: string): boolean {
  const h = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(h(a), h(b));
}

/** The credential an Authorization header carries: a Bearer token, or the password of Basic. */
export function presentedCredential(authorization: string | undefined): string | undefined {
  const m = /^(Bearer|Basic)\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!m) return undefined;
  if (m[1].toLowerCase() === 'bearer') return m[2];
  const decoded = Buffer.from(m[2], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 ? decoded.slice(colon + 1) : undefined;
}

/**
 * Counts failed admin logins per client. `blockedFor` answers the seconds until the client may
 * try again (0: now). The shared implementation keeps its counts in Redis (src/app); this
 * in-memory one serves a single process and stands in while Redis does not answer.
 */
export interface LoginLimiter {
  blockedFor(client: string): number | Promise<number>;
  fail(client: string): void | Promise<void>;
}

/**
 * Failed admin logins per client IP in a fixed window. Past `maxFailures` every admin request
 * from that client is refused (even with the right token, so a guesser learns nothing) until
 * the window ends. In this process's memory, bounded: at most `maxClients` clients are
 * tracked, the oldest windows dropped first.
 */
export class AdminLoginLimiter implements LoginLimiter {
  private readonly failures = new Map<string, { count: number; until: number }>();

  constructor(
    readonly maxFailures: number,
    readonly windowMs: number,
    private readonly maxClients = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until `client` may try again, or 0 when it may try now. */
  blockedFor(client: string): number {
    if (this.maxFailures <= 0) return 0;
    const f = this.failures.get(client);
    if (!f) return 0;
    const left = f.until - this.now();
    if (left <= 0) {
      this.failures.delete(client);
      return 0;
    }
    return f.count >= this.maxFailures ? Math.ceil(left / 1000) : 0;
  }

  fail(client: string): void {
    if (this.maxFailures <= 0) return;
    const now = this.now();
    const f = this.failures.get(client);
    if (f && f.until > now) {
      f.count++;
      return;
    }
    this.failures.delete(client);
    if (this.failures.size >= this.maxClients) {
      // Insertion order is window-start order: the first entry is the oldest.
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
    this.failures.set(client, { count: 1, until: now + this.windowMs });
  }
}


export function tooManyLoginsBody(seconds: number) {
  return {
    statusCode: 429,
    error: 'Too Many Requests',
    message: `too many failed admin logins from this client: try again in ${seconds} s`,
  };
}

/** What the admin check answers a refused request: its status, headers and JSON body. */
export interface AdminRefusal {
  status: 401 | 403 | 429;
  headers: Record<string, string>;
  body: { statusCode: number; error: string; message: string };
}

/** The provider token of the one LoginLimiter every admin check of an API process shares. */
export const ADMIN_LOGIN_LIMITER = Symbol('ADMIN_LOGIN_LIMITER');

/**
 * The one admin check, for the Express mounts (the dashboard) and the Nest guard (key routes,
 * /metrics, /replay) alike: undefined when `req` may pass, else the refusal. A client past the
 * failed-login limit is refused before its credential is looked at, so the right token gets
 * the same 429 as a wrong one; every wrong or missing credential counts as a failure. No token
 * configured means DEV_MODE: open to this machine only (refuseRemote). A change a browser sends from another site's page is 403 with
 * the right credential, and in DEV_MODE too (refuseOtherSites).
 */
export async function refuseAdmin(
  req: Request,
  token: string | undefined,
  limiter?: LoginLimiter,
): Promise<AdminRefusal | undefined> {
  if (!token) return refuseRemote(req) ?? refuseOtherSites(req);
  const client = clientOf(req);
  const wait = (await limiter?.blockedFor(client)) ?? 0;
  if (wait > 0)
    return { status: 429, headers: { 'Retry-After': String(wait) }, body: tooManyLoginsBody(wait) };
  const given = presentedCredential(req.headers.authorization);
  if (given !== undefined && sameSecret(given, token)) return refuseOtherSites(req);
  await limiter?.fail(client);
  return {
    status: 401,
    headers: { 'WWW-Authenticate': 'Basic realm="consular-sim admin", charset="UTF-8"' },
    body: {
      statusCode: 401,
      error: 'Unauthorized',
      message: 'admin credential required: Authorization: Bearer <ADMIN_TOKEN> (or Basic)',
    },
  };
}

/**
 * Whether a request to a public route may also see what only an operator should (GET /health's
 * account of Redis): what refuseAdmin lets through. A request with no Authorization header is
 * simply anonymous where ADMIN_TOKEN is set, and not counted as a failed login; a wrong
 * credential is counted, as on every admin route, so the public route is no way round the limit.
 */
export async function mayAdmin(
  req: Request,
  token: string | undefined,
  limiter?: LoginLimiter,
): Promise<boolean> {
  if (token && req.headers.authorization === undefined) return false;
  return (await refuseAdmin(req, token, limiter)) === undefined;
}

/** A peer address on this machine: 127.0.0.0/8, ::1, or 127.x written as IPv6. */
function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = /^(?:::ffff:)?(\d{1,3})\.\d{1,3}\.\d{1,3}\.\d{1,3}$/i.exec(address);
  if (v4) return v4[1] === '127';
  return address === '::1';
}

/**
 * DEV_MODE without ADMIN_TOKEN: the admin routes answer this machine alone (a local setup, as
 * DEV_MODE says), not anyone who can reach the port, which listens on every interface. The
 * socket's own peer decides; a request that came through a proxy (it names a client in
 * Forwarded or X-Forwarded-For) is not taken as local, since a proxy on this machine would
 * make everyone behind it look local.
 */
function refuseRemote(req: Request): AdminRefusal | undefined {
  const proxied =
    req.headers.forwarded !== undefined || req.headers['x-forwarded-for'] !== undefined;
  if (proxied || !isLoopback(req.socket?.remoteAddress))
    return forbidden(
      'without ADMIN_TOKEN (DEV_MODE) the admin routes answer only this machine (127.0.0.1 or ::1, not through a proxy): set ADMIN_TOKEN to reach them from elsewhere',
    );
  return refuseOtherNames(req);
}

/**
 * DEV_MODE without ADMIN_TOKEN: a request from this machine must also name it (Host localhost
 * or an IP address). A page of another site can point its own DNS name at 127.0.0.1 (DNS
 * rebinding): the browser of whoever runs the API then sends that page's requests from
 * 127.0.0.1, as same-origin requests (Origin and Host alike name the other site), and the open
 * dashboard let it read job data, retry and clean jobs, and issue mission keys.
 */
function refuseOtherNames(req: Request): AdminRefusal | undefined {
  const named = requestHost(req);
  if (named === undefined || (named.name !== null && isLocalOrAddress(named.name)))
    return undefined;
  return forbidden(
    `without ADMIN_TOKEN (DEV_MODE) the admin routes answer only requests naming this machine (Host localhost or an IP address, got ${quoted(named.field)}), so that a page of another site whose name points here cannot use them: set ADMIN_TOKEN to reach them by another name`,
  );
}

/**
 * A change (any method but GET, HEAD, OPTIONS) that a browser says comes from another site's
 * page: 403. A browser that has the admin credential cached (HTTP Basic, from opening the
 * dashboard) sends it with any page's request, so a form on another site could act as the
 * admin. The dashboard's own routes were refused so; the Nest admin routes were not, and a
 * body-less cross-site form issued mission keys (POST /diplomatic-portal/missions/{id}/keys).
 * A client outside a browser (curl, the CLI's replay) sends neither Origin nor Sec-Fetch-Site.
 */
function refuseOtherSites(req: Request): AdminRefusal | undefined {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return undefined;
  const site = req.headers['sec-fetch-site'];
  let other = site !== undefined && site !== 'same-origin' && site !== 'none';
  const origin = req.headers.origin;
  if (!other && origin !== undefined) {
    try {
      other = new URL(origin).host !== req.headers.host;
    } catch {
      other = true;
    }
  }
  if (!other) return undefined;
  return forbidden(
    'admin changes must come from the dashboard itself or a client outside the browser, not from a page of another site (Origin, Sec-Fetch-Site)',
  );
}

/** A 403 refusal with its reason. */
function forbidden(message: string): AdminRefusal {
  return { status: 403, headers: {}, body: { statusCode: 403, error: 'Forbidden', message } };
}

/**
 * Guards the admin surfaces with ADMIN_TOKEN (Bearer, or Basic with any user name so a
 * browser can open the dashboard), with failed logins limited per client (refuseAdmin).
 */
export function adminAuth(token: string | undefined, limiter?: LoginLimiter) {
  const check = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const refusal = await refuseAdmin(req, token, limiter);
    if (!refusal) return next();
    res.status(refusal.status).set(refusal.headers).json(refusal.body);
  };
  return (req: Request, res: Response, next: NextFunction): void => {
    check(req, res, next).catch(next);
  };
}
