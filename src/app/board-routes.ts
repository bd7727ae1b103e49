import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import express, { type NextFunction, type Request, type Response } from 'express';
import { readdirSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import { join } from 'node:path';
import type { BoardErrorResponse } from './board-errors';
import { noJob } from './board-errors';
import { RouteMethods } from './method-not-allowed';

/**
 * The files of Bull Board's static folder (paths relative to it, with `/`) that its page loads:
 * the entry scripts and stylesheet its page names, the chunks and stylesheets its scripts load
 * on demand (`js/async/`, `css/async/`, the highlighter's worker among them), the messages of
 * each language (i18next asks for `locales/<lang>/messages.json`) and the two icons the page
 * links (@bull-board/api: `images/logo.svg`, `favicon-32x32.png`). Not the `*.LICENSE.txt`
 * beside the scripts, nor `favicon.ico`, which the page does not link.
 */
export function isBoardPageFile(file: string): boolean {
  return (
    /^js\/(async\/)?[\w.-]+\.js$/.test(file) ||
    /^css\/(async\/)?[\w.-]+\.css$/.test(file) ||
    /^locales\/[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*\/messages\.json$/.test(file) ||
    file === 'images/logo.svg' ||
    file === 'favicon-32x32.png'
  );
}

/** Every file under `dir`, as paths relative to it with `/`. */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? filesUnder(join(dir, e.name), `${prefix}${e.name}/`)
      : e.isFile()
        ? [`${prefix}${e.name}`]
        : [],
  );
}

/**
 * Bull Board's Express adapter with its page's files served from an allow-list, without
 * directory redirects. Its own `express.static` served the whole folder: the licence texts
 * beside the scripts, an icon the page does not link, and any spelling of a file's path
 * (`js%2fmain.js`, `STATIC/...`); and it answered a directory path (`/admin/queues/static/js`)
 * with Express's HTML 301 page. Now a path is served only as sent and only when it names one of
 * the files the page loads (isBoardPageFile, listed from the folder at start, so an upgrade of
 * Bull Board needs no list edited); any other path is the API's 404 in its JSON shape, a listed
 * file asked with another method 405 naming GET and HEAD, as /docs and the Lab answer.
 */
export class BoardAdapter extends ExpressAdapter {
  override setStaticPath(staticsRoute: string, staticsPath: string): ExpressAdapter {
    const files = new Set(
      filesUnder(staticsPath)
        .filter(isBoardPageFile)
        .map((f) => `/${f}`),
    );
    const serve = express.static(staticsPath, { redirect: false, dotfiles: 'deny' });
    this.app.use(staticsRoute, (req: Request, res: Response, next: NextFunction) => {
      const shown = `${req.baseUrl}${req.path}`.slice(0, 200);
      if (!files.has(req.path) || req.baseUrl !== `${this.basePath}${staticsRoute}`) {
        res.status(404).json({
          statusCode: 404,
          error: STATUS_CODES[404],
          message: `Cannot ${req.method} ${shown}: the dashboard's static folder serves the files its page loads, nothing else`,
        });
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('Allow', 'GET, HEAD');
        if (req.method === 'OPTIONS') {
          res.status(204).end();
          return;
        }
        res.status(405).json({
          statusCode: 405,
          error: STATUS_CODES[405],
          message: `${req.method} is not allowed on ${shown}: a file of the dashboard's page takes GET, HEAD`,
        });
        return;
      }
      serve(req, res, next);
    });
    return this;
  }
}

/**
 * OPTIONS on a dashboard path is 204 with `Allow` naming the methods its routes take, as on the
 * API's own paths (MethodNotAllowedFilter), with no body. Express answered it itself, 200
 * `text/plain` with the list as the body (`GET, HEAD`), the one answer of the API in neither its
 * JSON nor its OPTIONS form. A method no route of the path takes (`POST /admin/queues`, the
 * page) is 405 with `Allow`: it was 404 `Cannot POST /admin/queues`, as for no such path. A path
 * no route of the dashboard takes falls through to the 404. Mounted after the admin check:
 * without the credential OPTIONS is 401 like any other method.
 */
export function boardOptions(boardRouter: () => { stack?: readonly unknown[] } | undefined) {
  const routes = new RouteMethods(boardRouter);
  return (req: Request, res: Response, next: NextFunction): void => {
    const taken = routes.allowed(req.path);
    if (!taken || (req.method !== 'OPTIONS' && taken.includes(req.method))) return next();
    const allowed = [...taken, 'OPTIONS'].join(', ');
    res.setHeader('Allow', allowed);
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    res.status(405).json({
      statusCode: 405,
      error: STATUS_CODES[405],
      message: `${req.method} is not allowed on ${req.originalUrl.split('?')[0].slice(0, 200)}: it takes ${allowed}`,
    });
  };
}

/**
 * Mounted before Bull Board: the logs of a job that does not exist
 * (GET /api/queues/:queue/:job/logs) are a 404 naming the job and its queue, as every other route
 * of one job answers (Bull Board's jobProvider). Its logs handler reads the job's log list
 * without looking for the job, and a job that is not there has an empty list: it answered 200
 * `{"logs":[],"count":0}`, as if the job existed and had logged nothing. A queue that does not
 * exist is left to Bull Board (its 404 names the queues); an error reading the job (Redis away or
 * hung) is answered as the dashboard's other errors are (`onError`: board-errors.ts).
 */
export function boardJobLogsGuard(
  queues: ReadonlyMap<string, Pick<Queue, 'getJob'>>,
  onError: (err: Error) => BoardErrorResponse,
) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const m = /^\/api\/queues\/([^/]+)\/([^/]+)\/logs\/?$/.exec(req.path);
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !m) return next();
    let queueName: string;
    let jobId: string;
    try {
      queueName = decodeURIComponent(m[1]);
      jobId = decodeURIComponent(m[2]);
    } catch {
      return next();
    }
    const queue = queues.get(queueName);
    if (!queue) return next();
    queue.getJob(jobId).then(
      (job) => {
        if (job) return next();
        res
          .status(404)
          .json({ statusCode: 404, error: STATUS_CODES[404], message: noJob(jobId, queueName) });
      },
      (err: Error) => {
        const answer = onError(err);
        res.status(answer.status).json(answer.body);
      },
    );
  };
}
