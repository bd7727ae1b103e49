import { Logger } from '@nestjs/common';

/** What the signal handler closes: a Nest application or application context. */
export interface Closable {
  close(): Promise<void>;
}

/**
 * Bounded shutdown of `serve` and `worker`. On SIGTERM or SIGINT the process closes the app
 * (the HTTP server stops taking connections, workers finish the jobs in hand, Redis
 * connections close) and exits 0. If that has not finished within `graceSeconds` — typically
 * because Redis does not answer, so a worker cannot report its jobs — it exits 1 anyway: the
 * jobs it held stay locked in Redis until their lock expires (WORKER_LOCK_MS), and stalled-job
 * recovery gives them to another worker. A second signal exits at once.
 *
 * `exit` is injectable for tests.
 */
export function exitOnSignal(app: Closable, graceSeconds: number, name: string): void {
  const onSignal = shutdownHandler(app, graceSeconds, name, (code) => process.exit(code));
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/** The signal handler of exitOnSignal: the first signal closes within the grace, a second exits. */
export function shutdownHandler(
  app: Closable,
  graceSeconds: number,
  name: string,
  exit: (code: number) => void,
): (signal: NodeJS.Signals) => void {
  const logger = new Logger('Shutdown');
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ event: 'shutdown.forced', process: name, signal, reason: 'second signal' });
      exit(1);
      return;
    }
    stopping = true;
    logger.log({ event: 'shutdown.start', process: name, signal, graceSeconds });
    const started = Date.now();
    const timer = setTimeout(() => {
      logger.warn({
        event: 'shutdown.grace-expired',
        process: name,
        graceSeconds,
        note: 'did not close in time (Redis unreachable?); jobs in hand return to their queue when their lock expires',
      });
      exit(1);
    }, graceSeconds * 1000);
    app.close().then(
      () => {
        clearTimeout(timer);
        logger.log({ event: 'shutdown.done', process: name, ms: Date.now() - started });
        exit(0);
      },
      (err: unknown) => {
        clearTimeout(timer);
        logger.error({ event: 'shutdown.failed', process: name, error: String(err) });
        exit(1);
      },
    );
  };
  return onSignal;
}
