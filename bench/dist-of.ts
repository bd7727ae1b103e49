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
