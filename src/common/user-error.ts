import { visibleText } from './visible-text';

/**
 * A mistake in what a user gave us — a scenario, a reference-data file, a command-line option,
 * a model parameter, the server's configuration — as opposed to a fault in this program.
 * Reported as `file: path: rule` (each part only when known) with exit code 2 and never a stack
 * trace; anything that is not a UserError is an internal error. Framework-free: the kernel and
 * the browser import it too.
 */
export class UserError extends Error {
  constructor(
    /** The file the mistake is in (`scenarios/x.yaml`), when there is one. */
    readonly file: string | undefined,
    /** Where in it: `stations.desk.servers`, `--seed`; '' for the whole. */
    readonly path: string,
    /** What is wrong, phrased as the rule: `must be a whole number, 0 or more`. */
    readonly rule: string,
  ) {
    super(userErrorMessage(file, path, rule));
    this.name = new.target.name;
  }
}

/**
 * `file: path: rule`, each part only when known, with the invisible characters of each (a
 * scenario key or a file name holding U+202E) escaped (visible-text.ts): the parts themselves
 * keep the text as it was.
 */
function userErrorMessage(file: string | undefined, path: string, rule: string): string {
  return [file, path, rule]
    .filter((part) => part)
    .map((part) => visibleText(part!))
    .join(': ');
}

/** An error as plain data, so that it can cross a worker-thread boundary. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  file?: string;
  path?: string;
  rule?: string;
}

export function serializeError(err: unknown): SerializedError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err) };
  const out: SerializedError = { name: err.name, message: err.message, stack: err.stack };
  if (err instanceof UserError) {
    out.file = err.file;
    out.path = err.path;
    out.rule = err.rule;
  }
  return out;
}

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Rebuilds a serialized error as an instance of the class of the same name among `known`
 * (so `instanceof` holds on this side of the boundary); a user error of a class not among them
 * becomes a UserError, anything else a plain Error, each carrying the original name, message
 * and stack.
 */
export function reviveError(data: SerializedError, known: readonly ErrorClass[]): Error {
  const cls =
    known.find((c) => c.name === data.name) ?? (data.rule !== undefined ? UserError : Error);
  const err = Object.create(cls.prototype as object) as Error & Record<string, unknown>;
  Object.defineProperty(err, 'message', {
    value: data.message,
    writable: true,
    configurable: true,
  });
  Object.defineProperty(err, 'stack', { value: data.stack, writable: true, configurable: true });
  err.name = data.name;
  if (data.rule !== undefined) {
    err.file = data.file;
    err.path = data.path;
    err.rule = data.rule;
  }
  return err;
}

/**
 * `err` located in `file` when it names no file yet (a model error raised while a scenario's
 * networks run, which knows the station but not the file they came from): the same class, path
 * and rule, with the file in front of its message. Anything else comes back as it is.
 */
export function inFile(err: unknown, file: string): unknown {
  if (!(err instanceof UserError) || err.file !== undefined || !file) return err;
  const data = serializeError(err);
  const message = userErrorMessage(file, err.path, err.rule);
  return reviveError({ ...data, file, message }, [err.constructor as ErrorClass]);
}

/**
 * `err` with `; note` after its message — where the mistake was found (a sweep's configuration,
 * an audit's design point) — and the same class, file, path and rule, the rule word for word.
 * Anything that is not a UserError comes back as it is.
 */
export function withNote(err: unknown, note: string): unknown {
  if (!(err instanceof UserError)) return err;
  const copy = Object.assign(Object.create(Object.getPrototypeOf(err) as object) as object, err);
  Object.defineProperty(copy, 'message', {
    value: `${err.message}; ${visibleText(note)}`,
    writable: true,
    configurable: true,
  });
  Object.defineProperty(copy, 'stack', { value: err.stack, writable: true, configurable: true });
  return copy;
}
