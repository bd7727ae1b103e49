/**
 * npm run bench:hizir [-- <other checkout>] — what one Hızır answer costs, on the built engine
 * (dist/) answering the test split (config/hizir/questions/test.jsonl) in plain Node, as the API
 * and the CLI run it:
 *
 * - answers per CPU second (the goal is ≥ 5,000 on one core), over BENCH_PASSES (default 20)
 *   passes after two to warm up, in BENCH_ROUNDS (default 3) child processes;
 * - with valgrind on the PATH, machine instructions per answer: the difference between 6 and 2
 *   passes, so start-up and the first pass's caches drop out. On a shared machine whose speed
 *   drifts by a third within the hour this is the figure to compare builds by: a change that
 *   adds work to every answer shows in it at once (one did, on 3 December: 1.12 M → 2.42 M).
 *
 * With another checkout (its dist/ built), both builds are measured, alternated, on this
 * checkout's questions, and the ratio other ÷ this is printed.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { distOf } from './dist-of';
import { runPlain, transpileBench } from './plain-node';

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const passes = Number(process.env.BENCH_PASSES ?? 20);
const CONFIG = resolve(__dirname, '..', 'config');
const subject = join(transpileBench(['hizir-subject']), 'hizir-subject.js');
const hasValgrind = spawnSync('valgrind', ['--version'], { encoding: 'utf8' }).status === 0;

interface Pass {
  answers: number;
  cpuSeconds: number;
}

function run(dist: string, n: number, wrapper?: string[]): { pass: Pass; stderr: string } {
  const child = runPlain(subject, {
    args: [dist, CONFIG, String(n)],
    wrapper,
    nodeArgs: wrapper ? ['--single-threaded'] : [],
  });
  if (child.status !== 0) throw new Error(`the Hızır subject failed: ${child.stderr}`);
  return { pass: JSON.parse(child.stdout) as Pass, stderr: child.stderr };
}

function answersPerCpuSecond(dist: string): number {
  const { pass } = run(dist, passes);
  return pass.answers / pass.cpuSeconds;
}

function instructions(dist: string, n: number): number {
  const { stderr } = run(dist, n, [
    'valgrind',
    '--tool=cachegrind',
    '--cache-sim=no',
    // JIT code is written and rewritten at run time: valgrind must notice.
    '--smc-check=all-non-file',
    '--cachegrind-out-file=/dev/null',
  ]);
  const refs = /I\s+refs:\s+([\d,]+)/.exec(stderr);
  if (!refs) throw new Error(`valgrind gave no count: ${stderr}`);
  return Number(refs[1].replace(/,/g, ''));
}

function perAnswer(dist: string): number {
  const { pass } = run(dist, 1);
  const questions = pass.answers;
  return Math.round((instructions(dist, 6) - instructions(dist, 2)) / (4 * questions));
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const here = distOf(join(__dirname, '..'));
const otherArg = process.argv[2];
const other = otherArg ? distOf(otherArg) : undefined;
const builds = other ? [here, other] : [here];
const rates = builds.map(() => [] as number[]);
for (let r = 0; r < rounds; r++)
  builds.forEach((dist, i) => rates[i].push(Math.round(answersPerCpuSecond(dist))));
const out: Record<string, unknown> = {
  questions: 'config/hizir/questions/test.jsonl',
  passes,
  answersPerCpuSecond: median(rates[0]),
  rounds: rates[0],
  goal: '≥ 5,000 answers per CPU second',
};
if (other) {
  out.other = other;
  out.otherAnswersPerCpuSecond = median(rates[1]);
  out.otherRounds = rates[1];
}
if (hasValgrind) {
  const mine = perAnswer(here);
  out.instructionsPerAnswer = mine;
  if (other) {
    const theirs = perAnswer(other);
    out.otherInstructionsPerAnswer = theirs;
    out.otherOverThis = Number((theirs / mine).toFixed(3));
  }
} else {
  out.instructionsPerAnswer = 'valgrind is not on the PATH (apt-get install valgrind)';
}
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
