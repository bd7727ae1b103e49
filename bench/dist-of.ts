import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The dist/ directory of a checkout, or the directory itself when it is one; exits with a
 * message when neither holds a built kernel (for the benches that compare builds).
 */
export function distOf(dir: string): string {
  const root = resolve(dir);
  for (const d of [join(root, 'dist'), root])
    if (existsSync(join(d, 'sim', 'network.js'))) return d;
  process.stderr.write(`${dir}: no built kernel (dist/sim/network.js); run npm run build there\n`);
  process.exit(2);
}

/**
 * The M/M/c network builder of a build: src/sim/mmc-network.ts, or in builds before it the CLI's
 * mmc command file, which held it then.
 */
export function mmcNetworkOf(
  dist: string,
): (lambda: number, mu: number, servers: number) => import('../src/sim/model').NetworkModel {
  const file = existsSync(join(dist, 'sim', 'mmc-network.js'))
    ? join(dist, 'sim', 'mmc-network')
    : join(dist, 'cli', 'commands', 'mmc.command');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(file) as typeof import('../src/sim/mmc-network')).mmcNetwork;
}
