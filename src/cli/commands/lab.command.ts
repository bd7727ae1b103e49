import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { startLabServer } from '../../lab-server/static-site';
import { action, parseNumberOption, UsageError } from '../errors';

function parsePort(value: string): number {
  const n = parseNumberOption('--port', 'integer')(value);
  if (n > 65535) throw new UsageError(`--port: must be a port number, 0 to 65535 (got '${value}')`);
  return n;
}

export const DEFAULT_LAB_PORT = 4178;

/** Opens a URL in the desktop's browser; a failure only prints a hint. */
function openBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args as string[], { detached: true, stdio: 'ignore' });
    child.on('error', () => process.stderr.write(`could not open a browser; open ${url}\n`));
    child.unref();
  } catch {
    process.stderr.write(`could not open a browser; open ${url}\n`);
  }
}

export function registerLab(program: Command): void {
  program
    .command('lab')
    .summary('the Lab: the simulator in your browser (no Redis)')
    .description(
      'Serve the Lab on 127.0.0.1: a scenario gallery, parameters you can change, runs with confidence intervals ' +
        'and paired comparisons, the M/M/c lesson and an animated station, in English and Turkish. ' +
        'The simulation runs in the browser (Web Workers, one per core) with the same code as `consular-sim run`; ' +
        'this command only serves files. `consular-sim serve` also serves it at /lab; `npm run build:lab` writes it to dist/lab for any static host.',
    )
    .option('--port <n>', 'port to listen on (0 picks a free one)', parsePort, DEFAULT_LAB_PORT)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--open', 'open it in the default browser')
    .addHelpText('after', '\nExample:\n  npx consular-sim lab --open')
    .action(
      action(async (opts: { port: number; host: string; open?: boolean }) => {
        let started: Awaited<ReturnType<typeof startLabServer>>;
        try {
          started = await startLabServer(opts.port, opts.host);
        } catch (err) {
          const code = (err as { code?: string }).code;
          if (code === 'EADDRINUSE')
            throw new UsageError(
              `--port ${opts.port}: the port is in use; pick another (--port 0 picks a free one)`,
            );
          if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
            throw new UsageError(`--host ${opts.host}: not an address of this machine`);
          throw err;
        }
        process.stdout.write(`consular-sim Lab on ${started.url} (Ctrl+C to stop)\n`);
        if (opts.open) openBrowser(started.url);
        const stop = () => started.server.close(() => process.exit(0));
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      }),
    );
}
