/**
 * npm run bench:instructions [-- <before> <after>] — machine instructions per customer, counted
 * by valgrind (cachegrind, no cache simulation): a figure that does not drift with the load of a
 * shared machine, where CPU time moves 10-20% from one minute to the next. Each subject runs in a
 * child process of plain Node (bench/plain-node.ts) twice, on N1 and N2 customers (BENCH_N1, BENCH_N2; default 120,000 and 320,000),
 * and the difference over N2 - N1 customers is the steady state: start-up, module loading and
 * most JIT compilation cancel out. M/M/10 at rho 0.9, as in bench/kernel.bench.ts.
 *
 * Without arguments: the bare loop, the bare loop on the kernel's event list, and the built
 * kernel (dist/). With two checkouts or dist/ directories: the kernel of each, and after ÷
 * before. Instructions are not time (a logarithm or a cache miss costs more than an add), but a
 * change that removes instructions from the hot path shows here at once and exactly.
 * Needs valgrind on the PATH (Debian: apt-get install valgrind); about a minute per subject.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { distOf } from './dist-of';
import { runPlain, transpileBench } from './plain-node';

const hasValgrind = spawnSync('valgrind', ['--version'], { encoding: 'utf8' }).status === 0;
if (!hasValgrind) {
  process.stderr.write('bench:instructions counts with valgrind: apt-get install valgrind\n');
  process.exit(2);
}
const n1 = Number(process.env.BENCH_N1 ?? 120_000);
const n2 = Number(process.env.BENCH_N2 ?? 320_000);

// The subjects run as the CLI runs: plain Node, not under tsx (bench/plain-node.ts).
const subjects = join(transpileBench(['mmc-baseline', 'mmc-subjects']), 'mmc-subjects.js');

/** Instructions valgrind counts for one child run of a subject on n customers. */
function count(subject: string, dist: string, n: number): number {
  const child = runPlain(subjects, {
    wrapper: [
      'valgrind',
      '--tool=cachegrind',
      '--cache-sim=no',
      // JIT code is written and rewritten at run time: valgrind must notice.
      '--smc-check=all-non-file',
      '--cachegrind-out-file=/dev/null',
    ],
    // One thread: V8's background compiler threads would count too, unevenly.
    nodeArgs: ['--single-threaded'],
    args: [subject, String(n), dist],
  });
  const refs = /I\s+refs:\s+([\d,]+)/.exec(child.stderr);
  if (child.status !== 0 || !refs) throw new Error(`valgrind run failed: ${child.stderr}`);
  return Number(refs[1].replace(/,/g, ''));
}

function perCustomer(subject: string, dist: string): number {
  return Math.round((count(subject, dist, n2) - count(subject, dist, n1)) / (n2 - n1));
}

const [beforeArg, afterArg] = process.argv.slice(2);
const out: Record<string, unknown> = { model: 'M/M/10 at rho 0.9', customers: [n1, n2] };
if (beforeArg && afterArg) {
  const before = perCustomer('kernel', distOf(beforeArg));
  const after = perCustomer('kernel', distOf(afterArg));
  Object.assign(out, {
    before: distOf(beforeArg),
    after: distOf(afterArg),
    instructionsPerCustomerBefore: before,
    instructionsPerCustomerAfter: after,
    afterOverBefore: Number((after / before).toFixed(3)),
  });
} else {
  const dist = distOf(join(__dirname, '..'));
  const bare = perCustomer('bare', dist);
  const eventList = perCustomer('event-list', dist);
  const kernel = perCustomer('kernel', dist);
  Object.assign(out, {
    instructionsPerCustomer: { bare, bareOnEventList: eventList, kernel },
    bareOverKernel: Number((bare / kernel).toFixed(3)),
    bareOverBareOnEventList: Number((bare / eventList).toFixed(3)),
  });
}
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
