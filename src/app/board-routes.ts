import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import express, { type NextFunction, type Request, type Response } from 'express';
import { STATUS_CODES } from 'node:http';
import type { BoardErrorResponse } from './board-errors';
import { noJob } from './board-errors';
import { RouteMethods } from './method-not-allowed';

/**
 * Bull Board's Express adapter with its page's files served without directory redirects. Its
 * own `express.static` answered a directory path (`/admin/queues/static/js`) with Express's HTML
 * 301 page to the same path with a slash, which then was the API's 404 anyway (no directory is
 * listed): now the path falls through to that 404 at once, in the API's JSON shape. No page of the
 * dashboard asks for a directory (its page loads files by name, under its `<base href>`), so no
 * redirect is needed there.
 */
export class BoardAdapter extends ExpressAdapter {
  override setStaticPath(staticsRoute: string, staticsPath: string): ExpressAdapter {
    this.app.use(staticsRoute, express.static(staticsPath, { redirect: false }));
    return this;
  }
}

/**
 * OPTIONS on a dashboard path is 204 with `Allow` naming the methods its routes take, as on the
 * API's own paths (MethodNotAllowedFilter), with no body. Express answered it itself, 200
 * `text/plain` with the list as the body (`GET, HEAD`), the one answer of the API in neither its
 * JSON nor its OPTIONS form. A path no route of the dashboard takes falls through to the 404.
 * Mounted after the admin check: without the credential OPTIONS is 401 like any other method.
 */
export function boardOptions(boardRouter: () => { stack?: readonly unknown[] } | undefined) {
  const routes = new RouteMethods(boardRouter);
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'OPTIONS') return next();
    const taken = routes.allowed(req.path);
    if (!taken) return next();
    res.setHeader('Allow', [...taken, 'OPTIONS'].join(', '));
    res.status(204).end();
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
