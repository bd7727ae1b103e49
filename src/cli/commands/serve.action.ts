import type { Server } from 'node:http';
import { redact } from './redact';
import { redisWarning } from './redis-warning';
import { parseQueues } from './worker.action';

/** What `consular-sim serve` does; its options and help text are in serve.command.ts. */
export async function serveAction(opts: { port?: number; withWorkers?: string | boolean }) {
  // Nest and BullMQ load only when the command runs (seconds), not for --help.
  const { loadAppConfig } = await import('../../config/app-config');
  const { createApiApp, drainHttpServer, DOCS_PATH, shutdownDrainMs } =
    await import('../../app/bootstrap');
  const { exitOnSignal } = await import('../../app/shutdown');
  const config = loadAppConfig(process.env, { PORT: opts.port });
  const workers =
    opts.withWorkers === undefined || opts.withWorkers === false
      ? []
      : parseQueues(opts.withWorkers === true ? undefined : opts.withWorkers, '--with-workers');
  const app = await createApiApp(config, { workers });
  // The server keeps the process alive; on a signal, exitOnSignal closes queues, workers
  // and Redis, and exits within SHUTDOWN_GRACE_SECONDS whether or not Redis answers.
  // It stops listening at once; keep-alive connections close after the request they carry or at
  // their keep-alive timeout, and the app closes once none is left (at most half the grace).
  const drainMs = shutdownDrainMs(config);
  exitOnSignal(
    {
      close: async () => {
        await drainHttpServer(app.getHttpServer() as Server, drainMs);
        await app.close();
      },
    },
    config.SHUTDOWN_GRACE_SECONDS,
    'serve',
  );
  await app.listen(config.PORT);
  // The port it listens on: the one asked for, or the free one port 0 picked.
  const address = (app.getHttpServer() as Server).address();
  const port = address !== null && typeof address === 'object' ? address.port : config.PORT;
  process.stdout.write(
    `consular-sim API on http://127.0.0.1:${port} (Redis ${redact(config.REDIS_URL)}); docs at /${DOCS_PATH}\n`,
  );
  // Asked once the app has started (the API serves whether or not Redis answers, and connects
  // when it comes up), not while it starts: a start-up busy compiling its models would not read
  // a prompt answer in time, and warn of a Redis that is there.
  const { redisUnanswered } = await import('../../queue/redis-connections');
  const unanswered = await redisUnanswered(config.REDIS_URL);
  if (unanswered) process.stderr.write(redisWarning(config.REDIS_URL, unanswered, 'serve'));
}
