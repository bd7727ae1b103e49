import { isSeed, MAX_REPLICATIONS, REPLICATIONS_RULE, SEED_RULE } from '../scenario/limits';
import { UserError } from '../common/user-error';
import { decimalInteger, decimalNumber } from '../common/decimal-text';
import { closest } from '../scenario/suggest';
import { InterruptedError } from './interrupt';

/** A mistake in what the user asked for on the command line: printed as one clear line, exit code 2. */
export class UsageError extends UserError {
  constructor(message: string) {
    super(undefined, '', message);
  }
}

/**
 * A service the command needs is not there (Redis, a running serve) or refused it: not a bug,
 * so a user error. The message names what was tried and how to start it.
 */
export class UnreachableError extends UsageError {}

/**
 * Exit code of a bug. 2 is kept for a user's mistake; `reproduce` also exits 1 when a figure is
 * out of tolerance, and says so on stdout, so the two are told apart by what is printed.
 */
export const INTERNAL_ERROR_EXIT = 1;

/**
 * Prints an error the way users should see it: their mistakes (any UserError) as
 * `file: path: rule`, exit code 2, never a stack trace; anything else — a kernel
 * invariant, a RangeError, a bug — as an internal error, exit code 1, with a hint to
 * report it (the stack only with CONSULAR_SIM_DEBUG=1).
 */
export function reportError(err: unknown): number {
  const e = err instanceof Error ? err : new Error(String(err));
  // Stopped by Ctrl+C or SIGTERM after its clean-up: said, with the signal's exit code.
  if (e instanceof InterruptedError) {
    process.stderr.write(`interrupted: ${e.message}\n`);
    return e.exitCode;
  }
  if (e instanceof UserError) {
    process.stderr.write(`error: ${e.message}\n`);
    return 2;
  }
  process.stderr.write(`internal error: ${e.message}\n`);
  if (process.env.CONSULAR_SIM_DEBUG) process.stderr.write(`${e.stack}\n`);
  else
    process.stderr.write(
      '(this is a bug in consular-sim, not in your input: please report it with the command you ran; set CONSULAR_SIM_DEBUG=1 to see the stack trace)\n',
    );
  return INTERNAL_ERROR_EXIT;
}

/** Wraps a command action so that errors become exit codes. */
export function action<A extends unknown[]>(
  fn: (...args: A) => Promise<number | void> | number | void,
) {
  return async (...args: A): Promise<void> => {
    try {
      const code = await fn(...args);
      process.exitCode = code ?? 0;
    } catch (err) {
      process.exitCode = reportError(err);
    }
  };
}

/**
 * An option's text as a number, written in decimal (`2.5`, `1e3`); anything else (`0x10`, ` 7`,
 * `Infinity`, an empty value) is NaN, which every rule below refuses.
 */
function optionNumber(value: string): number {
  return decimalNumber(value);
}

/**
 * A whole-number option's text as a number: decimal digits, with a power of ten if wished (`1e6`).
 * `0x10`, `+7`, `7.0`, ` 7` and `12abc` are NaN: a count or a seed written any other way is more
 * likely a slip than meant (`--seed 0x10` had run as seed 16).
 */
function optionInteger(value: string): number {
  return decimalInteger(value);
}

export function parseNumberOption(
  name: string,
  rule: 'positive' | 'nonnegative' | 'integer' | 'positive-integer',
) {
  return (value: string): number => {
    const n =
      rule === 'integer' || rule === 'positive-integer'
        ? optionInteger(value)
        : optionNumber(value);
    const ok =
      Number.isFinite(n) &&
      (rule === 'positive'
        ? n > 0
        : rule === 'nonnegative'
          ? n >= 0
          : rule === 'integer'
            ? Number.isInteger(n) && n >= 0
            : Number.isInteger(n) && n >= 1);
    if (!ok) {
      const words = {
        positive: 'a number greater than 0',
        nonnegative: 'a number, 0 or more',
        integer: 'a whole number, 0 or more, written in decimal',
        'positive-integer': 'a whole number, 1 or more, written in decimal',
      };
      throw new UsageError(`${name}: must be ${words[rule]} (got '${value}')`);
    }
    return n;
  };
}

/**
 * A --port option: a TCP port, 0 to 65535 (0 picks a free one). `lab` and `serve` say the same,
 * and say it of --port: a port out of range had reached serve's settings and come back as
 * `configuration: PORT: ...`, the name of a variable the user had not set.
 */
export function parsePortOption(value: string): number {
  const n = optionInteger(value);
  if (!(Number.isInteger(n) && n >= 0 && n <= 65535))
    throw new UsageError(
      `--port: must be a port number, 0 to 65535, written in decimal (got '${value}')`,
    );
  return n;
}

/**
 * Most worker threads --threads may start. Each holds a copy of the simulator and its models
 * (about 12 MB on teaching-mmc; a run of 64 peaked at 0.84 GB) and they all start at once:
 * `reproduce --threads 300` on 2 cores took 3.8 GB and 234 s instead of 17 s, and its Hızır
 * latency check then failed for the CPU its threads took, while 100000 would have asked for
 * over a terabyte. 256 is an assumption: room for the cores of a large server (a larger pool of
 * machines takes --workers). More threads than cores run no faster (the default is one per core).
 */
export const MAX_THREADS = 256;

/** A --threads option: 0 (none: this thread) to MAX_THREADS. */
export function parseThreadsOption(value: string): number {
  const n = optionInteger(value);
  if (!(Number.isInteger(n) && n >= 0 && n <= MAX_THREADS))
    throw new UsageError(
      `--threads: must be a whole number from 0 to ${MAX_THREADS}, written in decimal (got '${value}'); more threads than cores run no faster`,
    );
  return n;
}

/** A --replications option: the same rule as a scenario's replications key (1 to 1000). */
export function parseReplicationsOption(name = '--replications') {
  return (value: string): number => {
    const n = optionInteger(value);
    if (!(Number.isInteger(n) && n >= 1 && n <= MAX_REPLICATIONS))
      throw new UsageError(`${name}: ${REPLICATIONS_RULE}, written in decimal (got '${value}')`);
    return n;
  };
}

/** A --seed option: the rule of a scenario's seed key (0 to 2^53 − 1, scenario/limits.ts). */
export function parseSeedOption(name = '--seed') {
  return (value: string): number => {
    const n = optionInteger(value);
    if (!isSeed(n))
      throw new UsageError(`${name}: ${SEED_RULE}, written in decimal (got '${value}')`);
    return n;
  };
}

/** Why a second value is refused, for the options that say it their own way (see onlyOnce). */
const ONCE_REASONS = new WeakMap<object, string>();

/**
 * An option's parser that keeps its value as typed and gives the reason a second one is refused
 * (a sweep's --target: "a sweep meets one target"). Every option that takes one value refuses a
 * second (main.ts, `oneValueEach`); this only says why, where there is more to say than that.
 */
export function onlyOnce(why: string) {
  const parse = (value: string): string => value;
  ONCE_REASONS.set(parse, why);
  return parse;
}

/** The reason `oneValueEach` gives for an option's second value: onlyOnce's, else the rule. */
export function onceReason(parser: unknown): string {
  return (
    (typeof parser === 'function' && ONCE_REASONS.get(parser)) || 'it takes one value; give it once'
  );
}

/**
 * A second value of an option that takes one: refused, naming both, rather than replacing the
 * first without a word (a sweep's second --target had been its only one; `--seed 1 --seed 2` had
 * run seed 2). `undefined` is an occurrence without its optional value (`--with-workers`).
 */
export function givenTwice(
  name: string,
  previous: string | undefined,
  value: string | undefined,
  why: string,
): string {
  const shown = (v: string | undefined) => (v === undefined ? 'without a value' : `'${v}'`);
  return `${name}: given twice (${shown(previous)}, then ${shown(value)}): ${why}`;
}

/**
 * An option that takes one of a fixed set of values (--engine, --method, --lang): the values
 * listed, and the one meant when the value is a typo of it (`--engine kernal`).
 */
export function notOneOf(name: string, value: string, allowed: readonly string[]): string {
  const meant = closest(value, allowed);
  const hint = meant !== undefined && meant !== value ? `; did you mean '${meant}'?` : '';
  return `${name}: must be one of ${allowed.join(', ')} (got '${value}')${hint}`;
}

/** A parser for an option whose value is one of `allowed`; anything else is notOneOf's error. */
export function parseOneOf<T extends string>(name: string, allowed: readonly T[]) {
  return (value: string): T => {
    if (!(allowed as readonly string[]).includes(value))
      throw new UsageError(notOneOf(name, value, allowed));
    return value as T;
  };
}

/**
 * A repeatable --set path=value, kept as typed: its path may name a list item as messages print
 * it (route[0]) or dotted (route.0), which the loader reads alike, and a message about the value
 * names the --set the way the user wrote it.
 */
export function collectSet(value: string, previous: string[] = []): string[] {
  return [...previous, oneArgument('--set', value, 'stations.desk.servers=12')];
}

/** A repeatable --param key=values (sweep), kept as typed; `sweep` reads its ranges. */
export function collectParam(value: string, previous: string[] = []): string[] {
  return [...previous, oneArgument('--param', value, 'stations.desk.servers=10..14')];
}

/**
 * A --set or --param value is `key=value` in one argument. Without `=`, as in `--set
 * stations.desk.servers 12`, the value had gone on as a second scenario and the mistake was
 * reported as "too many arguments for 'run'": it is named here, with the form it takes.
 */
function oneArgument(option: string, value: string, example: string): string {
  if (!value.includes('='))
    throw new UsageError(
      `${option} '${value}': takes key=value as one argument, with no space around =, e.g. ${option} ${example}`,
    );
  return value;
}
