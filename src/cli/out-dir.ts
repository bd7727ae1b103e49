import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  openSync,
  readSync,
  statSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { COMMAND_OUTPUTS } from '../experiment/compare';
import { GENERATOR_META } from '../report/html-report.assets';
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

/**
 * Refuses an --out directory that holds another command's output, before anything is written:
 * every command writes its report as `report.html`, so writing there would silently replace
 * that output's report (compare --out into run A's folder lost A's report). `own` is the file
 * this command writes beside its report.html: a folder holding it beside a report this program
 * wrote is an earlier output of the same command, replaced as `run --out` replaces its own
 * files; `own` or one of `alsoWrites` (a run's timeseries.csv) without such a report is someone
 * else's file, and refused. `others` are the files that
 * mark the other commands' outputs, each with what wrote it. A report.html beside none of these
 * is refused too: it is not ours to replace.
 */
export function refuseOtherOutput(
  path: string,
  dir: string,
  own: string,
  others: readonly (readonly [string, string])[],
  option = '--out',
  alsoWrites: readonly string[] = [],
): void {
  const other = others.find(([name]) => existsSync(join(path, name)));
  const why = other
    ? `holds the ${other[0]} of ${other[1]}`
    : existsSync(join(path, 'report.html')) && !existsSync(join(path, own))
      ? `holds a report.html that is not from an earlier ${own}`
      : undefined;
  const tail = `give a folder of its own: a new or empty one, one whose files have other names (they are left as they are), or one holding an earlier ${own} and its report`;
  if (why)
    throw new UsageError(
      `${option}: '${dir}' ${why}; its report.html would be overwritten: ${tail}`,
    );
  // An earlier output of this command is its own file beside a report this program wrote. Any
  // other file of the name this command writes is someone else's: a summary.json of one's own
  // (or a timeseries.csv) in the folder had been replaced without a word.
  if (existsSync(join(path, own)) && writtenByUs(join(path, 'report.html'))) return;
  const taken = [own, ...alsoWrites].find((name) => existsSync(join(path, name)));
  if (taken)
    throw new UsageError(
      `${option}: '${dir}' holds a ${taken} that is not from an earlier ${own} (no report.html of consular-sim beside it); it would be overwritten: ${tail}`,
    );
}

/** Whether `file` is a report page this program wrote (its head carries GENERATOR_META). */
function writtenByUs(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(2048);
    const n = readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, n).toString('utf8').includes(GENERATOR_META);
  } catch {
    // Missing, a folder, unreadable: not a report of ours.
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * refuseOtherOutput for the command whose own file is `own` (one of COMMAND_OUTPUTS), against
 * every other command's: run, sweep, reproduce, audit and compare each refuse a folder holding
 * another's output, and replace their own.
 */
export function refuseOtherCommandOutput(
  path: string,
  dir: string,
  own: string,
  option = '--out',
  alsoWrites: readonly string[] = [],
): void {
  refuseOtherOutput(
    path,
    dir,
    own,
    COMMAND_OUTPUTS.filter(([name]) => name !== own),
    option,
    alsoWrites,
  );
}

/**
 * Runs `write`, which writes a command's --out files (synchronously), with SIGINT and SIGTERM
 * held: Node's default exit on Ctrl+C had been able to land between two of them (a sweep's
 * report.html written, its sweep.json not), and the folder was then refused on the rerun as
 * holding a report.html that is not from an earlier sweep. Writing takes milliseconds, after
 * every run has ended: a signal in that time lets the files be finished, and the command ends
 * as it would have a moment later.
 */
export function writeOutputs<T>(write: () => T): T {
  const hold = () => undefined;
  process.on('SIGINT', hold);
  process.on('SIGTERM', hold);
  try {
    return write();
  } finally {
    process.off('SIGINT', hold);
    process.off('SIGTERM', hold);
  }
}
