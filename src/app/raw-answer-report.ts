/**
 * The access log and the metrics of the answers the server writes before any route or
 * middleware sees the request: the per-client connection cap's 503 (limitConnectionsPerClient,
 * bootstrap.ts), and the answers to requests Node's parser refused or that timed out (400, 408,
 * 413, 431), to an unknown Expect (417) and to CONNECT (405). None reached the access log or
 * http_request_duration_seconds: an operator could not tell that clients were being turned away.
 *
 * Every such answer is counted in the metrics (a histogram observation costs no more than the
 * answer itself). The log is aggregated: these answers are what a client flooding the server
 * gets, at the rate it can open connections or send garbage, and a line per answer would let
 * that client fill the log (and spend the process's time writing it) as fast as it connects. So
 * the first answer of a kind (route label and status) after a quiet window is logged at once, as
 * an access-log line, and the ones after it within the window are counted and written as one
 * line when the window ends: at most two lines per kind and window whatever the rate, and the
 * exact count stays in the metrics. No line names the client (its address is the personal data
 * the log keeps out) nor the path (it may hold ids).
 */

/** The route labels of these answers, in the access log and the metrics: they reach no route. */
export const RAW_ROUTES = {
  overCap: 'over-connection-cap',
  malformed: 'malformed-request',
  expectation: 'unknown-expectation',
  connect: 'connect',
} as const;

/**
 * The aggregation window (ms). Ten seconds keeps each kind to at most 8,640 count lines a day
 * under any flood, yet shows the first refusal at once and the size of a flood within seconds;
 * Prometheus scrapes every 15 s to 1 min (its default), so the metric is no finer than this.
 */
export const RAW_ANSWER_LOG_WINDOW_MS = 10_000;

/** An access-log line: the first answer of a kind in a window, or the count of the others. */
export type RawAnswerLogLine =
  | { event: 'http'; method: string; route: string; status: number; ms: number }
  | {
      event: 'http';
      route: string;
      status: number;
      count: number;
      methods: Record<string, number>;
      windowMs: number;
    };

export interface RawAnswerSinks {
  log(line: RawAnswerLogLine): void;
  observe(method: string, route: string, status: number, seconds: number): void;
}

interface Tally {
  route: string;
  status: number;
  count: number;
  methods: Record<string, number>;
}

export class RawAnswerReport {
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The kinds logged in this window (a key per route label and status), with their counts. */
  private readonly kinds = new Map<string, Tally>();

  constructor(
    private readonly sinks: RawAnswerSinks,
    private readonly windowMs = RAW_ANSWER_LOG_WINDOW_MS,
  ) {}

  /** One answer of `status` on `route` (a RAW_ROUTES label) to `method`, written in `seconds`. */
  answered(method: string, route: string, status: number, seconds: number): void {
    this.sinks.observe(method, route, status, seconds);
    const key = `${route} ${status}`;
    const tally = this.kinds.get(key);
    if (tally === undefined) {
      this.sinks.log({ event: 'http', method, route, status, ms: Math.round(seconds * 1e5) / 100 });
      this.kinds.set(key, { route, status, count: 0, methods: {} });
      if (this.timer === undefined) this.startWindow();
      return;
    }
    tally.count++;
    // Bounded: Node's parser takes only the methods HTTP defines (about 35), else 'unknown'.
    tally.methods[method] = (tally.methods[method] ?? 0) + 1;
  }

  /** Writes the window's counts now (the server closing); the next answer is logged at once. */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.writeCounts();
    this.kinds.clear();
  }

  private startWindow(): void {
    this.timer = setTimeout(() => this.endWindow(), this.windowMs);
    this.timer.unref?.();
  }

  /**
   * A kind with answers counted writes them and stays quiet another window (it is still being
   * answered); a kind with none is forgotten, so its next answer is logged at once.
   */
  private endWindow(): void {
    this.timer = undefined;
    this.writeCounts();
    for (const [key, tally] of this.kinds) {
      if (tally.count === 0) this.kinds.delete(key);
      else {
        tally.count = 0;
        tally.methods = {};
      }
    }
    if (this.kinds.size > 0) this.startWindow();
  }

  private writeCounts(): void {
    for (const { route, status, count, methods } of this.kinds.values())
      if (count > 0)
        this.sinks.log({ event: 'http', route, status, count, methods, windowMs: this.windowMs });
  }
}
