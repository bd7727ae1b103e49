import { spawn } from 'node:child_process';
import { startLabServer } from '../../lab-server/static-site';
import { UsageError } from '../errors';

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
    const hint = () => process.stderr.write(`could not open a browser; open ${url}\n`);
    child.on('error', hint);
    // xdg-open with no browser to hand it to (a server, a container) exits 3 and says nothing.
    child.on('exit', (code) => {
      if (code !== null && code !== 0) hint();
    });
    child.unref();
  } catch {
    process.stderr.write(`could not open a browser; open ${url}\n`);
  }
}

/** What `consular-sim lab` does; its options and help text are in lab.command.ts. */
export async function labAction(opts: {
  port: number;
  host: string;
  allowHost?: string[];
  open?: boolean;
}) {
  let started: Awaited<ReturnType<typeof startLabServer>>;
  try {
    started = await startLabServer(opts.port, opts.host, undefined, opts.allowHost ?? []);
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
}
