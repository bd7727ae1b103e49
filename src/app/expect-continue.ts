import {
  HttpException,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Observable } from 'rxjs';
import { inputProblem } from './body-guard';

/**
 * `Expect: 100-continue` (RFC 9110 10.1.1): the client sends the body only once the server says
 * `100 Continue`, and a server that will refuse the request should answer instead. The 100 is
 * written when the body is about to be read: after the route is found and its guards (the
 * credential, the rate limit) have passed and the headers showed no mistake. Node wrote it at
 * once; then the framing checks did, before the Content-Type was looked at or the route found,
 * so a client was told to upload a body answered 415, 404, 405 or 401 unread. Without the 100
 * Node closes the connection after the answer: the client's body is never read as a next request.
 */

/** The responses of requests that wait for `100 Continue` (deferContinue). */
const awaitingContinue = new WeakSet<ServerResponse>();
/** The requests whose body is read after the guards (readDeferredBody), not by the middleware. */
const bodyDeferred = new WeakSet<IncomingMessage>();

/** Node's `checkContinue` handled as any request, its `100 Continue` left to askForBody. */
export function deferContinue(server: Server): void {
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    awaitingContinue.add(res);
    // server.emit, not a listener of its own: the per-client cap's wrapper sees the request.
    server.emit('request', req, res);
  });
}

/** Writes the `100 Continue` a request waits for, once: its body is about to be read. */
export function askForBody(res: ServerResponse): void {
  if (!awaitingContinue.has(res)) return;
  awaitingContinue.delete(res);
  res.writeContinue();
}

/** Whether the request waits for `100 Continue`, which nothing has written yet. */
export function waitsForContinue(res: ServerResponse): boolean {
  return awaitingContinue.has(res);
}

/** Leaves the body of a request waiting for `100 Continue` to readDeferredBody. */
export function deferBody(req: IncomingMessage): void {
  bodyDeferred.add(req);
}

/** A middleware that runs only for a request whose body is read now (the JSON parser). */
export function unlessBodyDeferred(
  middleware: (req: Request, res: Response, next: NextFunction) => void,
) {
  return (req: Request, res: Response, next: NextFunction): void =>
    bodyDeferred.has(req) ? next() : middleware(req, res, next);
}

type Step =
  | ((req: Request, res: Response, next: NextFunction) => void)
  | ((err: unknown, req: Request, res: Response, next: NextFunction) => void);

/**
 * Reads a deferred body with `steps`, the middleware that read every other body (the parser, its
 * error handler, the shape check), run as Express runs them: an error skips to the next error
 * handler. A request with a problem recorded already is not read, and gets no 100.
 */
export function deferredBodyReader(steps: readonly Step[]) {
  return (req: Request, res: Response): Promise<void> =>
    new Promise((resolve, reject) => {
      if (!bodyDeferred.has(req) || inputProblem(req)) return resolve();
      bodyDeferred.delete(req);
      askForBody(res);
      let i = 0;
      const next = (err?: unknown): void => {
        const step = steps[i++];
        if (!step) return err ? reject(err as Error) : resolve();
        if (step.length === 4)
          return err
            ? (step as (e: unknown, q: Request, s: Response, n: NextFunction) => void)(
                err,
                req,
                res,
                next,
              )
            : next();
        if (err) return next(err);
        (step as (q: Request, s: Response, n: NextFunction) => void)(req, res, next);
      };
      next();
    });
}

export type BodyReader = ReturnType<typeof deferredBodyReader>;

/**
 * Reads a deferred body on a Nest route once its guards have passed (after
 * DeferredInputInterceptor has answered any problem the headers showed), and answers a problem
 * found in it as the middleware would have.
 */
@Injectable()
export class DeferredBodyInterceptor implements NestInterceptor {
  constructor(private readonly read: BodyReader) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    await this.read(req, http.getResponse<Response>());
    const problem = inputProblem(req);
    if (problem) throw new HttpException(problem.body, problem.status);
    return next.handle();
  }
}

/** The same for an Express mount (the dashboard), after its credential check. */
export function readDeferredBody(read: BodyReader) {
  return (req: Request, res: Response, next: NextFunction): void => {
    read(req, res).then(() => {
      const problem = inputProblem(req);
      if (!problem) return next();
      res.status(problem.status).json(problem.body);
    }, next);
  };
}
