import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from './errors';

/**
 * The directory an --out option names, made (with its parents) and checked writable before any
 * run starts, so that a path that cannot take the files is a usage error naming the option at
 * once, not an internal error after minutes of runs whose results are then lost.
 */
export function outputDir(dir: string, option = '--out'): string {
  // resolve('') is the working directory: an empty value names no directory.
  if (!dir.trim()) throw new UsageError(`${option}: must name a directory (got '${dir}')`);
  const path = resolve(dir);
  try {
    makeDirs(path);
    if (!statSync(path).isDirectory())
      throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    accessSync(path, constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'EEXIST' || code === 'ENOTDIR'
        ? 'is a file (or lies under one), not a directory'
        : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
          ? 'cannot be written here (permission denied or a read-only file system)'
          : `cannot be made: ${(err as Error).message}`;
    throw new UsageError(`${option}: '${dir}' ${why}`);
  }
  return path;
}

/**
 * mkdir -p, one level at a time from the deepest directory that exists. Not
 * mkdirSync(path, { recursive: true }): under /proc (and other file systems that answer ENOENT
 * for a directory that exists) Node 20's recursive mkdir retries for ever.
 */
function makeDirs(path: string): void {
  const missing: string[] = [];
  for (let p = path; !existsSync(p); p = dirname(p)) {
    missing.push(p);
    if (dirname(p) === p) break;
  }
  for (const d of missing.reverse()) mkdirSync(d);
}
