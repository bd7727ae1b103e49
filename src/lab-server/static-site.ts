import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIPv6 } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { UserError } from '../common/user-error';

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

export type LabHandler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

/**
 * A request handler for the Lab's files. `url` is relative to where the Lab is mounted
 * (Express strips the mount path from req.url); GET and HEAD only; no directory listings,
 * no path outside the folder.
 */
export function labHandler(dir = defaultLabDir()): LabHandler {
  const root = resolve(dir);
  if (!existsSync(join(root, 'index.html'))) throw new LabNotBuiltError(root);
  return (req, res, next) => {
    const send = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'Content-Type': type, 'X-Content-Type-Options': 'nosniff' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      send(405, 'method not allowed: the Lab is a static site (GET, HEAD)\n');
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://lab.invalid').pathname);
    } catch {
      send(400, 'bad request: the path is not valid URL encoding\n');
      return;
    }
    if (path.includes('\0')) {
      send(400, 'bad request\n');
      return;
    }
    if (path === '' || path.endsWith('/')) path += 'index.html';
    const file = resolve(root, `.${path}`);
    if (file !== root && !file.startsWith(root + sep)) {
      send(404, 'not found\n');
      return;
    }
    if (!existsSync(file) || !statSync(file).isFile()) {
      if (next) next();
      else send(404, 'not found\n');
      return;
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const isIndex = file.endsWith(`${sep}index.html`);
    res.writeHead(200, {
      'Content-Type': type,
      'Content-Security-Policy': LAB_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'X-Frame-Options': 'SAMEORIGIN',
      // Hashed asset names never change; the page itself is checked on every load.
      'Cache-Control': isIndex ? 'no-cache' : 'public, max-age=31536000, immutable',
    });
    res.end(req.method === 'HEAD' ? undefined : readFileSync(file));
  };
}

/** `consular-sim lab`: the Lab alone on 127.0.0.1 (no Redis, no API). Port 0 picks a free one. */
export function startLabServer(
  port: number,
  host = '127.0.0.1',
  dir?: string,
): Promise<{ server: Server; url: string }> {
  const handle = labHandler(dir);
  const server = createServer((req, res) => {
    // The Lab lives at / here and at /lab under serve; both URLs work on either.
    if (req.url === '/lab' || req.url?.startsWith('/lab/') || req.url?.startsWith('/lab?')) {
      if (req.url === '/lab' || req.url.startsWith('/lab?')) {
        res.writeHead(301, { Location: `/lab/${req.url.slice(4)}` });
        res.end();
        return;
      }
      req.url = req.url.slice(4);
    }
    handle(req, res);
  });
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
