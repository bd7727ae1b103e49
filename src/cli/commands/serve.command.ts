import type { Command } from 'commander';
import { action, parseNumberOption } from '../errors';
import { redact } from './redact';
import { parseQueues } from './worker.command';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .summary('run the HTTP API (e-visa, Konsolosluk.NET, payments, Hızır) on Redis')
    .description(
      'Serve the consular services over HTTP. Jobs go to BullMQ queues on REDIS_URL (default redis://127.0.0.1:6379); ' +
        'run `consular-sim worker` processes to work them, or pass --with-workers for a single-process setup. ' +
        'Also serves OpenAPI at /docs, Bull Board at /admin/queues, Prometheus metrics at /metrics, /health, and the Lab (the simulator in the browser) at /lab. ' +
        'On SIGINT/SIGTERM it closes and exits within SHUTDOWN_GRACE_SECONDS (default 10), whether or not Redis answers. ' +
        'It refuses to start without ADMIN_TOKEN and TOKEN_SECRET (16+ characters; TOKEN_SECRET random, the same in every replica) unless DEV_MODE=1; ' +
        'request timeouts, the connection cap and the other limits are settings too (docs/live-services.md).',
    )
    .option(
      '--port <n>',
      'port to listen on (default: PORT or 3000)',
      parseNumberOption('--port', 'integer'),
    )
    .option(
      '--with-workers [queues]',
      'also run workers in this process (all queues, or a comma-separated list)',
    )
    .action(
      action(async (opts: { port?: number; withWorkers?: string | boolean }) => {
        // Nest and BullMQ load only when the command runs (seconds), not for --help.
        const { loadAppConfig } = await import('../../config/app-config');
        const { createApiApp, DOCS_PATH } = await import('../../app/bootstrap');
        const { exitOnSignal } = await import('../../app/shutdown');
        const config = loadAppConfig(process.env, { PORT: opts.port });
        const workers =
          opts.withWorkers === undefined || opts.withWorkers === false
            ? []
            : parseQueues(opts.withWorkers === true ? undefined : opts.withWorkers);
        const app = await createApiApp(config, { workers });
        // The server keeps the process alive; on a signal, exitOnSignal closes queues, workers
        // and Redis, and exits within SHUTDOWN_GRACE_SECONDS whether or not Redis answers.
        exitOnSignal(app, config.SHUTDOWN_GRACE_SECONDS, 'serve');
        await app.listen(config.PORT);
        process.stdout.write(
          `consular-sim API on http://127.0.0.1:${config.PORT} (Redis ${redact(config.REDIS_URL)}); docs at /${DOCS_PATH}\n`,
        );
      }),
    );
}
