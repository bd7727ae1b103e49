import type { Command } from 'commander';
import { parsePortOption } from '../errors';
import { lazyAction } from '../lazy-action';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .summary('run the HTTP API (e-visa, Konsolosluk.NET, payments, Hızır) on Redis')
    .description(
      'Serve the consular services over HTTP. Jobs go to BullMQ queues on REDIS_URL (default redis://127.0.0.1:6379); ' +
        'run `consular-sim worker` processes to work them, or pass --with-workers for a single-process setup. ' +
        'Also serves OpenAPI at /docs, Bull Board at /admin/queues, Prometheus metrics at /metrics, /health, and the Lab (the simulator in the browser) at /lab. ' +
        'It starts whether or not Redis answers; when Redis does not answer a PING at start, it warns on stderr (GET /health and the routes on Redis answer 503 until it does). ' +
        'On SIGINT/SIGTERM it closes and exits within SHUTDOWN_GRACE_SECONDS (default 10), whether or not Redis answers. ' +
        'It refuses to start without ADMIN_TOKEN and TOKEN_SECRET (16+ characters; TOKEN_SECRET random, the same in every replica) unless DEV_MODE=1; ' +
        'request timeouts, the connection cap and the other limits are settings too (docs/live-services.md).',
    )
    .option(
      '--port <n>',
      'port to listen on (0 picks a free one; default: PORT or 3000)',
      parsePortOption,
    )
    .option(
      '--with-workers [queues]',
      'also run workers in this process (all queues, or a comma-separated list)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  DEV_MODE=1 consular-sim serve --with-workers   # not run: needs a Redis (REDIS_URL); serves until Ctrl+C\n' +
        '  REDIS_URL=redis://queue-host:6379 consular-sim serve --port 8080   # not run: needs a Redis, ADMIN_TOKEN and TOKEN_SECRET',
    )
    .action(lazyAction(async () => (await import('./serve.action')).serveAction));
}
