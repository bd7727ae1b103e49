import type { Command } from 'commander';
import { parsePortOption } from '../errors';
import { lazyAction } from '../lazy-action';

export const DEFAULT_LAB_PORT = 4178;

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
    .option('--open', 'open it in the default browser')
    .addHelpText('after', '\nExample:\n  npx consular-sim lab --open')
    .action(lazyAction(async () => (await import('./lab.action')).labAction));
}
