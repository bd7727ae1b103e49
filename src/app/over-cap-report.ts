/**
 * The access log and the metrics of the 503s the per-client connection cap answers
 * (limitConnectionsPerClient, bootstrap.ts). Those requests reach no route and no middleware, so
 * neither the access log nor http_request_duration_seconds saw them: an operator could not tell
 * that clients were being turned away.
 *
 * Every such answer is counted in the metrics (a histogram observation costs no more than the
 * answer itself). The log is aggregated: these answers are what a client flooding the server
 * gets, at the rate it can open connections, and a line per answer would let that client fill
 * the log (and spend the process's time writing it) as fast as it connects. So the first answer
 * after a quiet window is logged at once, as an access-log line, and the ones after it within
 * the window are counted and written as one line when the window ends: at most one line per
 * window whatever the rate, and the exact count stays in the metrics. No line names the client
 * (its address is the personal data the log keeps out) nor the path (it may hold ids).
 */

/** The route label of these answers, in the access log and the metrics: they reach no route. */
export const OVER_CAP_ROUTE = 'over-connection-cap';

/**
 * The aggregation window (ms). Ten seconds keeps this source to at most 8,640 lines a day under
 * any flood, yet shows the first refusal at once and the size of a flood within seconds;
 * Prometheus scrapes every 15 s to 1 min (its default), so the metric is no finer than this.
 */
export const OVER_CAP_LOG_WINDOW_MS = 10_000;

/** An access-log line: the first answer of a window, or the count of the others. */
export type OverCapLogLine =
  | { event: 'http'; method: string; route: string; status: 503; ms: number }
  | {
      event: 'http';
      route: string;
      status: 503;
      count: number;
      methods: Record<string, number>;
      windowMs: number;
    };

export interface OverCapSinks {
  log(line: OverCapLogLine): void;
  observe(method: string, route: string, status: number, seconds: number): void;
}

export class OverCapReport {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private count = 0;
  private methods: Record<string, number> = {};

  constructor(
    private readonly sinks: OverCapSinks,
    private readonly windowMs = OVER_CAP_LOG_WINDOW_MS,
  ) {}

  /** One 503 answered to `method` in `seconds`. */
  answered(method: string, seconds: number): void {
    this.sinks.observe(method, OVER_CAP_ROUTE, 503, seconds);
    if (this.timer === undefined) {
      this.sinks.log({
        event: 'http',
        method,
        route: OVER_CAP_ROUTE,
        status: 503,
        ms: Math.round(seconds * 1e5) / 100,
      });
      this.startWindow();
      return;
    }
    this.count++;
    // Bounded: Node's parser takes only the methods HTTP defines (about 35).
    this.methods[method] = (this.methods[method] ?? 0) + 1;
  }

  /** Writes the window's count now, if any (the server closing); the next answer is logged at once. */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.writeCount();
  }

  private startWindow(): void {
    this.timer = setTimeout(() => this.endWindow(), this.windowMs);
    this.timer.unref?.();
  }

  /** A window with answers counted writes them and starts another; a quiet one ends the run. */
  private endWindow(): void {
    this.timer = undefined;
    if (this.writeCount()) this.startWindow();
  }

  private writeCount(): boolean {
    if (this.count === 0) return false;
    this.sinks.log({
      event: 'http',
      route: OVER_CAP_ROUTE,
      status: 503,
      count: this.count,
      methods: this.methods,
      windowMs: this.windowMs,
    });
    this.count = 0;
    this.methods = {};
    return true;
  }
}
