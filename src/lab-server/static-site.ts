import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import {
  createServer,
  maxHeaderSize,
  STATUS_CODES,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { isIP, isIPv6 } from 'node:net';
import { lingerBeforeClose } from '../common/lingering-close';
import { answerParserRefusals, framingProblem } from '../common/parser-refusals';
import { hostName, requestHost } from '../common/request-host';
import { extname, join, relative, resolve, sep } from 'node:path';
import { UserError } from '../common/user-error';
import { quoted, visibleText } from '../common/visible-text';

/**
 * Serves the Lab (the static site `npm run build:lab` writes to dist/lab) with its
 * security headers: `consular-sim lab` on its own, and `consular-sim serve` under /lab.
 * The site needs nothing from the server but its files: the simulation runs in the
 * browser's Web Workers.
 */

/** Where `consular-sim serve` mounts the Lab. */
export const LAB_PATH = '/lab';

/** The Lab's content-security policy: its own files only; no request leaves the page's origin. */
export const LAB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** The site is missing: a setup step the user skipped, reported like any user mistake. */
export class LabNotBuiltError extends UserError {
  constructor(readonly dir: string) {
    super(
      undefined,
      '',
      `the Lab is not built (no ${join(dir, 'index.html')}): run npm run build:lab (npm ci runs it)`,
    );
  }
}

/** dist/lab, found from the compiled file (dist/lab-server) or from the sources (src/lab-server). */
export function defaultLabDir(): string {
  const candidates = [resolve(__dirname, '../lab'), resolve(__dirname, '../../dist/lab')];
  return candidates.find((d) => existsSync(join(d, 'index.html'))) ?? candidates[0];
}

/**
 * A refusal's policy: a JSON body loads nothing and is framed by no page (the site's own
 * CSP is for its page; an error answer needs none of it).
 */
const REFUSAL_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * The headers of every answer that is not one of the site's files (a refusal, the redirect of
 * /lab to /lab/): stored by no cache, read as nothing but its type, loading nothing, framed by
 * no page.
 */
const NON_FILE_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': REFUSAL_CSP,
  'X-Frame-Options': 'DENY',
} as const;

/**
 * /lab → /lab/ (`url` as sent, /lab or /lab?query), so that the page's relative asset URLs
 * resolve under /lab/: a permanent redirect with no body, and the headers of the server's
 * other answers that are not files. Both servers send it: `consular-sim lab` and serve.
 */
export function redirectToLab(res: ServerResponse, url: string): void {
  res.writeHead(301, {
    ...NON_FILE_HEADERS,
    Location: `${LAB_PATH}/${url.slice(LAB_PATH.length)}`,
    'Content-Length': 0,
  });
  res.end();
}

/** What a file of the Lab (and /lab, its redirect) takes: its Allow header, as the API writes one. */
export const LAB_METHODS = 'GET, HEAD, OPTIONS';

/** 204 with Allow: what OPTIONS on a path of the Lab is answered, as on the API's paths. */
function allow(res: ServerResponse): void {
  res.writeHead(204, { ...NON_FILE_HEADERS, Allow: LAB_METHODS });
  res.end();
}

/**
 * Answers a request to a path of the Lab that is not GET or HEAD: OPTIONS is 204 with Allow, any
 * other method 405 with Allow (true), as the API answers a method a path does not take;
 * GET and HEAD are left to the caller (false).
 */
function methodAnswered(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return false;
  if (req.method === 'OPTIONS') allow(res);
  else
    refuse(
      req,
      res,
      405,
      `${req.method} is not allowed on ${(req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url}: the Lab is a static site, it takes ${LAB_METHODS}`,
      { Allow: LAB_METHODS },
    );
  return true;
}

/**
 * /lab, as sent (`url`: /lab or /lab?query): GET and HEAD are redirected to /lab/
 * (redirectToLab), OPTIONS is 204 with Allow and another method 405, as on the Lab's files
 * (before 6 December 2026 every method was redirected: a POST was told to go to /lab/).
 */
export function answerLabRoot(req: IncomingMessage, res: ServerResponse, url: string): void {
  if (!methodAnswered(req, res)) redirectToLab(res, url);
}

/** A strong entity tag (RFC 9110 8.8.3) for a file's bytes: their SHA-256, in base64url. */
function entityTag(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url')}"`;
}

/**
 * Whether If-None-Match (RFC 9110 13.1.2) names the file's tag: `*`, or a list of tags compared
 * weakly (W/"x" matches "x", as the RFC asks of this field). An absent field matches nothing.
 */
function noneMatch(field: string | undefined, tag: string): boolean {
  if (field === undefined) return false;
  if (field.trim() === '*') return true;
  for (const m of field.matchAll(/(?:W\/)?("[^"]*")/g)) if (m[1] === tag) return true;
  return false;
}

/**
 * A file Vite names by its content (`assets/index-ZzC5qWxW.js`: the name, a dash, an 8-character
 * hash; lab/vite.config.mts keeps Vite's default names and has no public folder): it never
 * changes under its name, so it is cached for a year. Any other file (the page, a file put
 * beside it by hand) is checked on every load.
 */
const HASHED = /^assets\/[^/]+-[A-Za-z0-9_-]{8}\.[a-z]+$/;

export type LabHandler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

/**
 * A refusal in the API's one error body, as JSON, with the headers of every answer that is not
 * one of the site's files; no body to a HEAD.
 */
function refuse(
  req: IncomingMessage,
  res: ServerResponse,
  status: 400 | 404 | 405 | 417 | 421,
  message: string,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify({
    statusCode: status,
    error: STATUS_CODES[status],
    message: visibleText(message),
  });
  res.writeHead(status, {
    ...headers,
    ...NON_FILE_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** The names of this machine's loopback address that `consular-sim lab` always answers. */
export const LAB_LOOPBACK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/**
 * Which Host names `consular-sim lab` answers. A page of another site can point its own DNS
 * name at 127.0.0.1 (DNS rebinding) and then read this server as its own origin from the
 * browser of whoever runs it; its requests still name the other site in Host, so a server
 * that answers only its own names gives that page nothing. Accepted: localhost, 127.0.0.1,
 * [::1], the address it listens on (`--host`), any IP address when that is 0.0.0.0 or ::
 * (every interface; an IP address names no other site), and the names given by
 * `--allow-host`. The port is not compared: a forwarded port (ssh -L, a container's -p) is
 * another one, and a page of another site cannot change the name.
 */
export function labHostCheck(
  listenHost: string,
  allowedHosts: readonly string[] = [],
): (req: IncomingMessage) => { status: 400 | 421; message: string } | undefined {
  const bound = hostName(listenHost);
  const names = new Set([...LAB_LOOPBACK_HOSTS, ...(bound ? [bound] : [])]);
  for (const h of allowedHosts) {
    const n = hostName(h);
    if (n) names.add(n);
  }
  const everyInterface = bound === '0.0.0.0' || bound === '[::]';
  const listed = [...names].join(', ');
  return (req) => {
    const hosts = req.rawHeaders.filter((_, i) => i % 2 === 0 && /^host$/i.test(_));
    if (hosts.length > 1) return { status: 400, message: 'Host must be sent once (RFC 9112 3.2)' };
    const named = requestHost(req);
    if (named === undefined)
      return req.httpVersion === '1.0'
        ? undefined
        : { status: 400, message: 'an HTTP/1.1 request must send Host (RFC 9112 3.2)' };
    const { field, name } = named;
    if (name !== null) {
      if (names.has(name)) return undefined;
      if (everyInterface && isIP(name.replace(/^\[|\]$/g, ''))) return undefined;
    }
    const shown = quoted(field, 118);
    const message = `Host ${shown} is not a name of this server: the Lab answers ${listed}${everyInterface ? ' and any IP address' : ''} (a page of another site whose name points at this machine must not read it); --allow-host <name> adds a name`;
    return { status: 421, message };
  };
}

/**
 * A request handler for the Lab's files. `url` is relative to where the Lab is mounted
 * (Express strips the mount path from req.url); GET and HEAD (OPTIONS: 204 with Allow); no directory listings,
 * no path outside the folder.
 */
export function labHandler(dir = defaultLabDir()): LabHandler {
  const root = resolve(dir);
  if (!existsSync(join(root, 'index.html'))) throw new LabNotBuiltError(root);
  // The folder as the disk has it (dist may be a link): a file is served only if its own real
  // path is inside it, so that a link in the folder does not lead out of it.
  const realRoot = realpathSync(root);
  // Each file's tag, computed on its first read and again only when its size or modification
  // time changes (the Lab rebuilt under a running server gets new tags, so no browser keeps
  // the old page on a 304).
  const tags = new Map<string, { size: number; mtimeMs: number; tag: string }>();
  return (req, res, next) => {
    // A refusal is the API's one error body, as JSON (it was a line of text under /lab, where
    // every other path of serve, a missing file included, answers JSON).
    // Not a file of the site (missing, outside its folder, or holding NUL): under serve the
    // API's 404 for any path it does not have, so a path outside the folder answers as a
    // missing one does; on its own the Lab's.
    const notFound = () =>
      next ? next() : refuse(req, res, 404, `no file ${quoted(req.url ?? '/')} in the Lab`);
    // `OPTIONS *` asks what the server takes (the Lab's own server; under serve the API answers it).
    if (req.method === 'OPTIONS' && req.url === '*' && !next) {
      allow(res);
      return;
    }
    let path: string;
    let target = '';
    try {
      // The path as sent, without its query: `//x/index.html` is a path, not a host x (parsed
      // as a URL relative to a base it was, and answered as /index.html). A request in absolute
      // form (`GET http://host/path`, RFC 9112 3.2.2) gives its URL's path.
      target = req.url ?? '/';
      const raw = /^https?:\/\//i.test(target)
        ? new URL(target).pathname
        : target.replace(/[?#].*$/s, '');
      if (!raw.startsWith('/')) {
        // `GET *` or `GET index.html`: a target that is no path was told it held a bad escape.
        refuse(
          req,
          res,
          400,
          `the request target must be a path starting with / (got ${quoted(target)})`,
        );
        return;
      }
      path = decodeURIComponent(raw);
    } catch {
      refuse(
        req,
        res,
        400,
        'the path is not valid percent-encoding: % must start an escape %XX of UTF-8 bytes (RFC 3986)',
      );
      return;
    }
    if (path.includes('\0')) {
      notFound();
      return;
    }
    if (path === '' || path.endsWith('/')) path += 'index.html';
    const file = resolve(root, `.${path}`);
    if (file !== root && !file.startsWith(root + sep)) {
      notFound();
      return;
    }
    if (!existsSync(file) || !statSync(file).isFile()) {
      notFound();
      return;
    }
    const real = realpathSync(file);
    if (!real.startsWith(realRoot + sep)) {
      notFound();
      return;
    }
    // The method, once the path is known to be a file of the site, as the API does: a path that
    // does not exist is 404 whatever the method. Under serve, OPTIONS was 405 (and `Allow: GET,
    // HEAD`) while the API's paths, /docs's files among them, answer it 204 with Allow.
    if (methodAnswered(req, res)) return;
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const hashed = HASHED.test(relative(root, file).split(sep).join('/'));
    const stat = statSync(real);
    let body: Buffer | undefined;
    let known = tags.get(real);
    if (!known || known.size !== stat.size || known.mtimeMs !== stat.mtimeMs) {
      body = readFileSync(real);
      known = { size: stat.size, mtimeMs: stat.mtimeMs, tag: entityTag(body) };
      tags.set(real, known);
    }
    const headers = {
      'Content-Security-Policy': LAB_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'X-Frame-Options': 'SAMEORIGIN',
      // Hashed asset names never change; the page itself is checked on every load, and its
      // tag lets that check answer 304 with no body when the browser's copy is current.
      'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      ETag: known.tag,
    };
    if (noneMatch(req.headers['if-none-match'], known.tag)) {
      // RFC 9110 15.4.5: no content, and of the 200's fields those a cache updates its copy
      // from (ETag, Cache-Control; Node adds Date), not the content's type or length.
      res.writeHead(304, headers);
      res.end();
      return;
    }
    body ??= readFileSync(real);
    res.writeHead(200, { ...headers, 'Content-Type': type, 'Content-Length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}

/** Clear words for the HTTP parser's refusals (llhttp's codes); any other is told in its own words. */
const PARSE_PROBLEMS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [
    431,
    `request headers are larger than the ${Math.round(maxHeaderSize / 1024)} kB limit`,
  ],
  HPE_INVALID_HEADER_TOKEN: [
    400,
    'a header name or value holds a character HTTP does not allow (a control character such as NUL, CR or LF)',
  ],
  HPE_INVALID_CONTENT_LENGTH: [400, 'Content-Length must be a decimal number of bytes (RFC 9112)'],
  HPE_UNEXPECTED_CONTENT_LENGTH: [400, 'Content-Length must be sent once (RFC 9112)'],
  HPE_INVALID_METHOD: [400, 'the method is not one HTTP defines'],
  HPE_INVALID_URL: [
    400,
    'the request target holds a character a URL does not allow (percent-encode it, RFC 3986)',
  ],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'the request did not arrive in time'],
};

/**
 * A request Node's parser refuses (a control character in a header, headers past the size
 * limit, Content-Length with Transfer-Encoding, no Host in HTTP/1.1) is answered with the
 * server's one error body and headers, and the connection closes. Node answered it with a bare
 * status line, no body and none of the headers of the server's other refusals. Answers in
 * progress on the connection go first (answerParserRefusals, as on the API): written at once,
 * the refusal closed the connection under a file still being sent.
 */
function answerMalformedLabRequests(server: Server): void {
  answerParserRefusals(
    server,
    (err) => {
      if (err.code === 'ECONNRESET' || err.code === 'EPIPE') return undefined;
      // Content-Length with Transfer-Encoding in the API's words (framingProblem).
      const framing = framingProblem(err);
      if (framing) return { statusCode: 400, message: `malformed HTTP request: ${framing}` };
      const [statusCode, words] = PARSE_PROBLEMS[err.code ?? ''] ?? [
        400,
        (err.reason ?? 'the request could not be parsed').replace(/^./, (c) => c.toLowerCase()),
      ];
      return { statusCode, message: `malformed HTTP request: ${words}` };
    },
    (socket, { statusCode, message }) => {
      const body = JSON.stringify({
        statusCode,
        error: STATUS_CODES[statusCode],
        message: visibleText(message),
      });
      socket.write(
        [
          `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode]}`,
          ...Object.entries(NON_FILE_HEADERS).map(([k, v]) => `${k}: ${v}`),
          'Content-Type: application/json; charset=utf-8',
          `Content-Length: ${Buffer.byteLength(body)}`,
          'Connection: close',
          '',
          body,
        ].join('\r\n'),
      );
    },
    LAB_REQUEST_TIMEOUT_MS,
  );
}

/**
 * The Lab reads no request body, so a client that waits for `100 Continue` before sending one is
 * never told to: its request is answered at once (a POST is 405) and the connection then closes
 * (Node keeps no connection alive whose 100 was not sent). Node wrote the 100 first, and the
 * client uploaded its whole body, however large, to be read and dropped. Another expectation is
 * 417 in the server's error shape: Node's own was a bare status line with an empty body.
 */
function answerExpectations(server: Server): void {
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) =>
    server.emit('request', req, res),
  );
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    res.shouldKeepAlive = false;
    refuse(
      req,
      res,
      417,
      `Expect must be 100-continue (got ${quoted(String(req.headers.expect))}): no other expectation is supported`,
      { Connection: 'close' },
    );
  });
}

/**
 * How long the Lab's server waits for a client, as the API does (HTTP_HEADERS_TIMEOUT_MS and
 * HTTP_REQUEST_TIMEOUT_MS there): Node's own defaults (a minute for the headers, five for the
 * request, checked every 30 s) let a client that sends a byte now and then hold a connection for
 * minutes, and a few hundred such clients hold the server of a classroom Lab (`--host 0.0.0.0`).
 * Past either limit the client gets 408 and the connection is closed.
 */
export const LAB_HEADERS_TIMEOUT_MS = 10_000;
export const LAB_REQUEST_TIMEOUT_MS = 30_000;

/**
 * `consular-sim lab`: the Lab alone on 127.0.0.1 (no Redis, no API). Port 0 picks a free one.
 * A request naming another host is 421 (labHostCheck); `allowedHosts` adds names to answer.
 */
export function startLabServer(
  port: number,
  host = '127.0.0.1',
  dir?: string,
  allowedHosts: readonly string[] = [],
): Promise<{ server: Server; url: string }> {
  const handle = labHandler(dir);
  const misdirected = labHostCheck(host, allowedHosts);
  // Node's own refusal of a request without Host was a bare 400 with an empty chunked body:
  // labHostCheck answers it in the server's error shape.
  const server = createServer(
    {
      requireHostHeader: false,
      headersTimeout: LAB_HEADERS_TIMEOUT_MS,
      requestTimeout: LAB_REQUEST_TIMEOUT_MS,
      connectionsCheckingInterval: 1_000,
    },
    (req, res) => {
      const problem = misdirected(req);
      if (problem) {
        refuse(req, res, problem.status, problem.message);
        return;
      }
      // The Lab lives at / here and at /lab under serve; both URLs work on either.
      if (req.url === '/lab' || req.url?.startsWith('/lab/') || req.url?.startsWith('/lab?')) {
        if (req.url === '/lab' || req.url.startsWith('/lab?')) {
          answerLabRoot(req, res, req.url);
          return;
        }
        req.url = req.url.slice(4);
      }
      handle(req, res);
    },
  );
  answerMalformedLabRequests(server);
  answerExpectations(server);
  // The Lab reads no body: a POST's 405 is sent before its body has arrived.
  lingerBeforeClose(server);
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const addr = server.address();
      const actual = typeof addr === 'object' && addr ? addr.port : port;
      // An IPv6 address is bracketed in a URL (RFC 3986): http://[::1]:4178/, not http://::1:4178/.
      const shown = isIPv6(host) ? `[${host}]` : host;
      resolvePromise({ server, url: `http://${shown}:${actual}/` });
    });
  });
}
