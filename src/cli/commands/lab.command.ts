import type { Command } from 'commander';
import { hostName } from '../../common/request-host';
import { parsePortOption, UsageError } from '../errors';
import { lazyAction } from '../lazy-action';

export const DEFAULT_LAB_PORT = 4178;

/**
 * One --allow-host: a DNS name or an IP address, collected. A name with a port, a scheme or a
 * path would never match a request's Host, so it is refused here rather than ignored.
 */
function collectHost(value: string, previous: string[] = []): string[] {
  if (!hostName(value))
    throw new UsageError(
      `--allow-host: must be a host name or an IP address, without a port or scheme (got '${value}')`,
    );
  return [...previous, value];
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
    .option(
      '--port <n>',
      'port to listen on (0 picks a free one)',
      parsePortOption,
      DEFAULT_LAB_PORT,
    )
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option(
      '--allow-host <name>',
      'also answer requests naming this host (repeatable); it answers localhost, 127.0.0.1, [::1] and --host, and other names get 421',
      collectHost,
    )
    .option('--open', 'open it in the default browser')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  consular-sim lab --open   # not run: serves the Lab until Ctrl+C\n' +
        '  consular-sim lab --host 0.0.0.0 --allow-host lab.school.example   # not run: a classroom network; serves until Ctrl+C',
    )
    .action(lazyAction(async () => (await import('./lab.action')).labAction));
}
