import { type ArgumentsHost, Catch, NotFoundException } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { HttpServer } from '@nestjs/common';

/** The parts of an Express router layer read here (router 2.x, as Express's own OPTIONS answer reads them). */
interface RouteLayer {
  matchers?: ((path: string) => unknown)[];
  route?: { path?: unknown; _methods?: () => string[] };
  /** A `use` layer mounted at the root (`router.use(fn)`): its paths are the router's own. */
  slash?: boolean;
  /** A nested router's own layers (a `use` layer whose handler is a router). */
  handle?: { stack?: readonly unknown[] };
}

/** The order methods are listed in `Allow` and the 405's message. */
const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

function byUsualOrder(a: string, b: string): number {
  const ia = METHOD_ORDER.indexOf(a);
  const ib = METHOD_ORDER.indexOf(b);
  return (
    (ia < 0 ? METHOD_ORDER.length : ia) - (ib < 0 ? METHOD_ORDER.length : ib) || (a < b ? -1 : 1)
  );
}

/** An OpenAPI path (`/evisa/applications/{id}`) as Express spells the route (`/evisa/applications/:id`). */
export function expressPath(openApiPath: string): string {
  return openApiPath.replace(/\{([^}/]+)\}/g, ':$1');
}

/**
 * The methods each path takes, read from the app's router once its routes are registered: a
 * route added later is covered without a list to keep. With `published`, only those routes count
 * (the OpenAPI document's, and those docs/api.md lists besides: bootstrap.ts); the others (the
 * dashboard, the docs page's files) answer a wrong method themselves (boardOptions,
 * docsAllowList).
 * Without it every route counts (the dashboard's own router, for its OPTIONS answer). The routes
 * of a router mounted at the root of this one (Bull Board's API routes) count as its own.
 */
export class RouteMethods {
  private layers: { matchers: ((path: string) => unknown)[]; methods: string[] }[] | undefined;

  constructor(
    private readonly router: () => { stack?: readonly unknown[] } | undefined,
    private readonly published?: ReadonlySet<string>,
  ) {}

  /** The methods `path`'s routes take (HEAD with GET), or undefined for a path of no published route. */
  allowed(path: string): string[] | undefined {
    this.layers ??= this.read();
    const methods = new Set<string>();
    for (const layer of this.layers)
      if (layer.matchers.some((match) => match(path)))
        for (const m of layer.methods) methods.add(m);
    if (methods.size === 0) return undefined;
    return [...methods].sort(byUsualOrder);
  }

  private read(
    stack = this.router()?.stack ?? [],
  ): { matchers: ((path: string) => unknown)[]; methods: string[] }[] {
    const out: { matchers: ((path: string) => unknown)[]; methods: string[] }[] = [];
    for (const layer of stack as RouteLayer[]) {
      if (!layer.route && layer.slash && Array.isArray(layer.handle?.stack)) {
        out.push(...this.read(layer.handle.stack));
        continue;
      }
      const route = layer.route;
      if (!route || (this.published && !this.published.has(route.path as string))) continue;
      if (typeof route.path !== 'string' && !Array.isArray(route.path)) continue;
      if (!layer.matchers || typeof route._methods !== 'function') continue;
      // `_all` (any method) is listed as "*": such a route takes every method, no 405 applies.
      const methods = route._methods().filter((m) => m !== '*');
      if (methods.length) out.push({ matchers: layer.matchers, methods });
    }
    return out;
  }
}

/**
 * A method a published path does not take (`PUT /evisa/applications`) is 405 with `Allow`
 * naming the methods it takes, and `OPTIONS` on such a path is 204 with `Allow`. Nest answered
 * both 404 `Cannot PUT /evisa/applications`, as for a path that does not exist: the client could
 * not tell a wrong method from a wrong path. The filter sees the 404 Nest's not-found handler
 * throws once no route took the method; a 404 a route threw (an unknown record) and every path
 * of no published route are answered as before.
 */
@Catch(NotFoundException)
export class MethodNotAllowedFilter extends BaseExceptionFilter {
  constructor(
    adapter: HttpServer,
    private readonly routes: RouteMethods,
  ) {
    super(adapter);
  }

  override catch(exception: NotFoundException, host: ArgumentsHost): void {
    if (host.getType() === 'http') {
      const req = host.switchToHttp().getRequest<Request>();
      const res = host.switchToHttp().getResponse<Response>();
      const taken = this.routes.allowed(req.path);
      // A route that takes this method threw the 404 itself (an unknown record): its answer stands.
      if (taken && !taken.includes(req.method) && !res.headersSent) {
        const allowed = taken.includes('OPTIONS') ? taken : [...taken, 'OPTIONS'];
        res.setHeader('Allow', allowed.join(', '));
        if (req.method === 'OPTIONS') {
          res.status(204).end();
          return;
        }
        res.status(405).json({
          statusCode: 405,
          error: 'Method Not Allowed',
          message: `${req.method} is not allowed on ${req.path.slice(0, 200)}: it takes ${allowed.join(', ')}`,
        });
        return;
      }
    }
    // A 404 thrown without a message (Swagger's /docs/LICENSE route: `new NotFoundException()`)
    // has no `error`: answered in the API's one shape like any other 404.
    const body = exception.getResponse();
    if (host.getType() === 'http' && typeof body === 'object' && !('error' in body)) {
      const res = host.switchToHttp().getResponse<Response>();
      if (!res.headersSent) {
        const req = host.switchToHttp().getRequest<Request>();
        res.status(404).json({
          statusCode: 404,
          error: 'Not Found',
          message: `Cannot ${req.method} ${req.path.slice(0, 200)}`,
        });
        return;
      }
    }
    super.catch(exception, host);
  }
}
