import type { LoggerService, LogLevel } from '@nestjs/common';
import { redact } from '../common/redact';
import { visibleJson } from '../common/visible-text';

/**
 * Structured logging: one JSON object per line, every field passed through `redact`
 * (src/common/redact.ts), so no personal data reaches a log line.
 */

const ORDER: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Where lines go: stdout by default; tests pass a function that keeps them. */
export type LogSink = (line: string) => void;
const stdoutSink: LogSink = (line) => {
  process.stdout.write(`${line}\n`);
};

/** Nest's LoggerService, writing redacted JSON lines. */
export class JsonLogger implements LoggerService {
  private levels: Set<LogLevel>;

  constructor(
    levels: LogLevel[] = ORDER.slice(0, 4),
    private readonly sink: LogSink = stdoutSink,
  ) {
    this.levels = new Set(levels);
  }

  setLogLevels(levels: LogLevel[]): void {
    this.levels = new Set(levels);
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: LogLevel, message: unknown, rest: unknown[]): void {
    if (!this.levels.has(level)) return;
    // Nest passes the context as the last string argument, and an error's stack before it.
    const params = [...rest];
    const context =
      params.length && typeof params[params.length - 1] === 'string'
        ? (params.pop() as string)
        : undefined;
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level };
    if (context) entry.context = context;
    if (message !== null && typeof message === 'object' && !(message instanceof Error))
      Object.assign(entry, redact(message) as Record<string, unknown>);
    else entry.msg = redact(message instanceof Error ? message.message : String(message));
    if (params.length) entry.extra = redact(params);
    // A bidi override or C1 control a client sent stays an escape in the line (`\u202e`, the
    // same JSON text): JSON.stringify escapes only C0 controls, the rest turned a terminal's line.
    this.sink(visibleJson(JSON.stringify(entry)));
  }
}

export function logLevelsFrom(level: LogLevel): LogLevel[] {
  return ORDER.slice(0, ORDER.indexOf(level) + 1);
}
