import { action } from './errors';

/** A command's implementation: its exit code, or nothing for 0. */
type Implementation<A extends unknown[]> = (...args: A) => Promise<number | void> | number | void;

/**
 * A command's action that imports the command's implementation (its `.action.ts`) only when
 * the command runs: `--version`, `--help` and `<command> --help` read the options and help text
 * from the `.command.ts` files alone, without loading Nest, BullMQ, the simulator or YAML
 * (`npm run bench:cli`). Errors become exit codes as with `action`.
 */
export function lazyAction<A extends unknown[]>(load: () => Promise<Implementation<A>>) {
  return action(async (...args: A) => {
    // Decorator metadata (Nest's injection, class-transformer's types) needs the Reflect
    // polyfill before any decorated class is defined, so before the implementation loads.
    await import('reflect-metadata');
    const implementation = await load();
    return implementation(...args);
  });
}
