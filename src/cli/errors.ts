import { DistributionError } from '../sim/distributions';
import { ModelError } from '../sim/network';
import { ScenarioError, ScenarioErrors } from '../scenario/scenario-error';

/** A mistake in what the user asked for: printed as one clear line, exit code 2. */
export class UsageError extends Error {}

/**
 * A service the command needs is not there (Redis, a running serve) or refused it: not a bug,
 * so a user error. The message names what was tried and how to start it.
 */
export class UnreachableError extends UsageError {}

/** Exit code of a bug (1 is `reproduce`'s "out of tolerance", 2 a user's mistake). */
export const INTERNAL_ERROR_EXIT = 3;

const USER_ERRORS = [
  UsageError,
  ScenarioError,
  ScenarioErrors,
  ModelError,
  DistributionError,
  RangeError,
];

/**
 * Prints an error the way users should see it: their mistakes as messages that
 * name the field and the rule, never a stack trace; anything else as an internal
 * error (the stack only with CONSULAR_SIM_DEBUG=1).
 */
export function reportError(err: unknown): number {
  const e = err instanceof Error ? err : new Error(String(err));
  const isUser =
    USER_ERRORS.some((cls) => e instanceof cls) || (e as { name?: string }).name === 'ConfigError';
  if (isUser) {
    process.stderr.write(`error: ${e.message}\n`);
    return 2;
  }
  process.stderr.write(`internal error: ${e.message}\n`);
  if (process.env.CONSULAR_SIM_DEBUG) process.stderr.write(`${e.stack}\n`);
  else
    process.stderr.write(
      '(set CONSULAR_SIM_DEBUG=1 to see the stack trace, and please report it)\n',
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

export function parseNumberOption(
  name: string,
  rule: 'positive' | 'nonnegative' | 'integer' | 'positive-integer',
) {
  return (value: string): number => {
    const n = Number(value);
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
        integer: 'a whole number, 0 or more',
        'positive-integer': 'a whole number, 1 or more',
      };
      throw new UsageError(`${name}: must be ${words[rule]} (got '${value}')`);
    }
    return n;
  };
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
