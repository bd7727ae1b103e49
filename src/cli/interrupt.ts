/**
 * Ctrl+C (SIGINT) or SIGTERM during a command that has work queued in Redis (a live replay, the
 * jobs of `--workers`): Node's default exit on the signal skipped the clean-up that takes that
 * work off Redis. The first signal aborts instead, so the command stops through its clean-up;
 * a second one exits at once, as the signal would have without a handler.
 */

/** Exit codes of a command stopped by a signal, as a shell reports them (128 + its number). */
export const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;
export type StopSignal = keyof typeof SIGNAL_EXIT;

/** A command stopped by a signal after its clean-up: `interrupted: <message>`, its exit code. */
export class InterruptedError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'InterruptedError';
  }
}

export interface Interrupt {
  /** Aborted at the first SIGINT or SIGTERM. */
  readonly signal: AbortSignal;
  /** The signal that aborted it (SIGINT until one has). */
  readonly signalName: StopSignal;
  /** Removes the handlers: the signals act as Node's defaults again. */
  dispose(): void;
}

export function interruptOnSignal(): Interrupt {
  const controller = new AbortController();
  let signalName: StopSignal = 'SIGINT';
  const onSignal = (name: StopSignal) => {
    if (controller.signal.aborted) process.exit(SIGNAL_EXIT[name]);
    signalName = name;
    controller.abort(new Error(`interrupted (${name})`));
  };
  const onInt = () => onSignal('SIGINT');
  const onTerm = () => onSignal('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    signal: controller.signal,
    get signalName() {
      return signalName;
    },
    dispose() {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}

/**
 * `err` as the command's end: an InterruptedError saying `what` (given the signal's name) when
 * the interrupt had aborted, else `err` itself.
 */
export function interruptedOr(
  interrupt: Interrupt,
  err: unknown,
  what: (signal: StopSignal) => string,
): unknown {
  return interrupt.signal.aborted
    ? new InterruptedError(what(interrupt.signalName), SIGNAL_EXIT[interrupt.signalName])
    : err;
}
