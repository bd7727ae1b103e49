import { STATUS_CODES } from 'node:http';
import type { NextFunction, Request, Response } from 'express';

/**
 * The paths under /docs (as seen inside its mount) that its page needs: the page itself (`/docs`
 * and `/docs/`), the script @nestjs/swagger builds for it (`swagger-ui-init.js`, a route), and
 * the files of swagger-ui-dist the page loads (@nestjs/swagger 12, dist/swagger-ui/constants.js:
 * its stylesheet, two icons, the bundle and the standalone preset).
 */
export const DOCS_PAGE_PATHS: ReadonlySet<string> = new Set([
  '/',
  '/swagger-ui-init.js',
  '/swagger-ui.css',
  '/favicon-32x32.png',
  '/favicon-16x16.png',
  '/swagger-ui-bundle.js',
  '/swagger-ui-standalone-preset.js',
]);

/**
 * Mounted at /docs before Swagger's routes and static files: only DOCS_PAGE_PATHS are served;
 * every other path is the API's 404. @nestjs/swagger serves the whole swagger-ui-dist folder
 * there: its package.json, README.md, source maps (7 MB in all, the bundle's 1.9 MB), the ES-module bundles the
 * page does not load, and its own demonstration page, which opened the Petstore's document
 * (`/docs/./`); and a directory path (`/docs/.`) was answered with Express's HTML 301 page.
 * `/docs/index.html` is refused too: @nestjs/swagger answers it with the page built for `/docs`,
 * whose relative asset paths (`./docs/...`) resolve under /docs/docs/ and do not load. The paths
 * are compared as sent, so no spelling (`/docs/./swagger-ui.css`, `%2e`) reaches a file the
 * list does not name. A browser's developer tools ask for the bundle's source map: it is 404.
 */
export function docsAllowList(docsPath: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (DOCS_PAGE_PATHS.has(req.path)) {
      if (req.method === 'GET' || req.method === 'HEAD') return next();
      // Another method on the page or one of its files is 405 naming GET and HEAD (OPTIONS:
      // 204), as on every published path; it was 404 `Cannot POST /docs`, as for no such path.
      res.setHeader('Allow', 'GET, HEAD, OPTIONS');
      if (req.method === 'OPTIONS') {
        res.status(204).end();
        return;
      }
      const shown = req.originalUrl.split('?')[0].slice(0, 200);
      res.status(405).json({
        statusCode: 405,
        error: STATUS_CODES[405],
        message: `${req.method} is not allowed on ${shown}: the documentation page and its files take GET, HEAD`,
      });
      return;
    }
    const path = `${req.baseUrl}${req.path}`.slice(0, 200);
    res.status(404).json({
      statusCode: 404,
      error: STATUS_CODES[404],
      message: `Cannot ${req.method} ${path}: ${docsPath} serves the API's documentation page and the files it loads, nothing else (the OpenAPI document is ${docsPath}-json, or ${docsPath}-yaml)`,
    });
  };
}
