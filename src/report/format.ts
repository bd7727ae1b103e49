/** Small formatting helpers for terminal tables. */

export function fmt(x: number, digits = 3): string {
  // Not a number (a figure with nothing to measure, e.g. no wait where nobody was served): a dash, as formatValue.
  if (Number.isNaN(x)) return '–';
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  if (abs !== 0 && (abs >= 1e12 || abs < 1e-3)) return x.toExponential(2);
  if (Number.isInteger(x)) return x.toLocaleString('en-US');
  return x.toLocaleString('en-US', {
    maximumFractionDigits: digits,
    minimumFractionDigits: Math.min(digits, abs >= 100 ? 1 : digits),
  });
}

export function pct(x: number, digits = 1): string {
  return `${(x * 100).toFixed(digits)}%`;
}

/**
 * A share (0 to 1) as a percentage, as pct, except that a share that is not all or none never
 * reads as if it were: rounded to 100.0% it is `>99.9%`, to 0.0% `<0.1%` (a station where one
 * customer in thousands waited 0.02 min had read "100.0% were served at once").
 */
export function sharePct(x: number, digits = 1): string {
  const s = pct(x, digits);
  if (!(x > 0 && x < 1)) return s;
  const step = (10 ** -digits).toFixed(digits);
  if (Number(s.slice(0, -1)) >= 100) return `>${(100 - Number(step)).toFixed(digits)}%`;
  if (Number(s.slice(0, -1)) <= 0) return `<${step}%`;
  return s;
}

/** Renders rows as an aligned table; numbers right-aligned. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = header.map(
    (_, i) =>
      rows.length > 0 && rows.every((r) => /^[-+]?[\d,.]+(e[-+]?\d+)?%?$|^[-–]$/.test(r[i] ?? '')),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function humanMinutes(minutes: number): string {
  if (minutes < 120) return `${fmt(minutes, 1)} min`;
  if (minutes < 2 * 1440) return `${fmt(minutes / 60, 1)} h`;
  return `${fmt(minutes / 1440, 1)} days`;
}

/** Progress of a long task, shown on stderr (see progressBar). */
export interface Progress {
  /** `done` of `total` steps; `what` names the step in hand. */
  update(done: number, total: number, what?: string): void;
  /** A step without a count (a phase of a benchmark, jobs processed so far). */
  note(text: string): void;
  end(): void;
}

/** Before this, a non-terminal gets no progress line (short commands stay quiet). */
const FIRST_LINE_MS = 2000;
/** Between two progress lines when stderr is not a terminal (a log, CI). */
const LINE_EVERY_MS = 10_000;

/**
 * Progress on stderr wherever a person waits: on a terminal a live line redrawn in place; when
 * stderr is not a terminal (a log file, CI) an occasional plain line — the first after 2 s,
 * then at most one every 10 s (`CONSULAR_SIM_PROGRESS_MS` changes both, for tests). Nothing
 * when `enabled` is false (`--json`, `--quiet`). With `timeLeft` (sweep, audit: steps of about
 * one size), a count also says about how long is left (timeLeftText).
 */
export function progressBar(
  label: string,
  enabled: boolean,
  stream: NodeJS.WriteStream = process.stderr,
  options: { timeLeft?: boolean } = {},
): Progress {
  const tty = enabled && stream.isTTY === true;
  const override = Number(process.env.CONSULAR_SIM_PROGRESS_MS);
  const first = Number.isFinite(override) && override >= 0 ? override : FIRST_LINE_MS;
  const every = Number.isFinite(override) && override >= 0 ? override : LINE_EVERY_MS;
  const start = Date.now();
  let lastLine = -Infinity;
  let lastDrawn = '';
  let drawn = false;
  const seconds = () => `${Math.round((Date.now() - start) / 1000)} s`;
  const show = (text: string) => {
    if (!enabled) return;
    const now = Date.now();
    if (tty) {
      if (text === lastDrawn) return;
      lastDrawn = text;
      drawn = true;
      const columns = stream.columns ?? 80;
      stream.write(`\r\x1b[K${text.slice(0, columns - 1)}`);
      return;
    }
    if (now - start < first || now - lastLine < every) return;
    lastLine = now;
    stream.write(`${text}\n`);
  };
  let current: (() => string) | undefined;
  const set = (text: () => string) => {
    current = text;
    show(text());
  };
  // The elapsed time keeps moving (and a log keeps getting lines) while a long step runs.
  const timer = enabled
    ? setInterval(() => current && show(current()), tty ? 1000 : Math.max(every, 50))
    : undefined;
  timer?.unref();
  // From the time the bar was made, as the elapsed time shown: the set-up before the first step
  // counts in the pace, which makes the estimate, if anything, long.
  const left = (done: number, total: number) => {
    const text = options.timeLeft ? timeLeftText(done, total - done, Date.now() - start) : '';
    return text ? `, ${text}` : '';
  };
  return {
    update(done, total, what) {
      const width = 20;
      const filled = total > 0 ? Math.round((done / total) * width) : 0;
      const bar = tty ? ` [${'#'.repeat(filled)}${'.'.repeat(width - filled)}]` : '';
      set(
        () =>
          `${label}${bar} ${done}/${total}${what ? ` ${what}` : ''} (${seconds()}${left(done, total)})`,
      );
    },
    note(text) {
      set(() => `${label}: ${text} (${seconds()})`);
    },
    end() {
      if (timer) clearInterval(timer);
      current = undefined;
      if (tty && drawn) stream.write('\r\x1b[K');
    },
  };
}

/**
 * Whose waits a run's figures are: a station's waits (mean, percentiles) are those of the
 * customers who started service there, a class's time in system that of the customers who
 * finished. Customers lost unserved are in neither, so where some were lost the mean wait is
 * not every arrival's (Erlang A: the served wait less than every caller's, Palm). Said on the
 * terminal summary and in report.html wherever customers were lost.
 */
export const LOST_NOT_IN_WAITS =
  'Waits are those of the customers who started service at the station, and times in system ' +
  'those of the customers who finished: customers lost (who balked, reneged or were turned ' +
  'away) are in neither, so the mean wait is not that of every arrival (their time in the ' +
  'queue is stations.<id>.lostWait.mean in run --json).';

/**
 * A station with a retrial rule (stations.<id>.retrial): its figures as run's summary and
 * report.html head them, each with the metric it reads (`stations.<id>.<key>` in run --json).
 */
export const RETRIAL_COLUMNS: readonly (readonly [key: string, heading: string])[] = [
  ['balkedAttempts', 'turned away (arrivals)'],
  ['retrials', 'came back'],
  ['balked', 'lost for good'],
  ['gaveUpAfterRetrial', 'gave up after coming back'],
];

/** What the retrial figures count, said under their table in the terminal and report.html. */
export const RETRIALS_NOTE =
  'At a station with a retrial rule, turned away counts the arrivals who found the queue full ' +
  'or too long (balkedAttempts), those who came back later included; came back counts the ' +
  'returns (retrials), each one an arrival too; lost for good the customers turned away who ' +
  'then left (balked, counted in lost); gave up after coming back, those of them who had come ' +
  'back at least once (gaveUpAfterRetrial). Those still due back at the end are counted as ' +
  'still in the system.';

/**
 * The customers turned away at a station with a retrial rule who were still due back when the
 * run ended (StationSummary.retryingAtEnd): a count at one instant that only replication 1's
 * detail keeps, so the terminal summary and report.html show replication 1's, and say so.
 */
export const RETRYING_AT_END_HEADING = 'due back after the end';

/** Said under the terminal's retrial table (report.html says it in the table's caption). */
export const RETRYING_AT_END_NOTE =
  'Due back after the end is the count of replication 1 ' +
  '(firstReplication.<arm>.stations.<id>.retryingAtEnd in run --json).';

/**
 * A station with an overflow (stations.<id>.overflow): the arrivals it found full and sent on
 * (`stations.<id>.overflowed` in run --json), as run's summary and report.html head them.
 */
export const OVERFLOWED_HEADING = 'sent on when full (arrivals)';

/** The station they were sent on to, as run's summary and report.html head it. */
export const OVERFLOW_TO_HEADING = 'sent on to';

/** What the overflow figures count, said under their table in the terminal and report.html. */
export const OVERFLOW_NOTE =
  'At a station with an overflow, sent on when full counts the arrivals who found its queue ' +
  'full and were served at the station named instead (overflowed): they are not lost, and ' +
  'count there as arrivals, in its served and its waits.';

/**
 * What a run that simulates a sample of its customers (ServiceModel.sampledShare: e-visa's
 * params.sampling) counts: said in the terminal summary's header and in report.html.
 */
export function sampledShareText(share: number): string {
  return (
    `This run simulates ${Number((share * 100).toPrecision(3))}% of the customers one by one (params.sampling), on stations scaled to match: ` +
    'arrivals, completed, lost and the station and class tables count that sample; the derived figures scale counts back up to every customer.'
  );
}

/**
 * Says that a run's `--set` overrides changed the scenario after its description was written,
 * so that a description naming the file's values ("10 officers") is not read as the run's.
 */
export function overridesNote(overrides: readonly string[]): string {
  return (
    `Run with --set ${overrides.join(', ')}: the scenario’s title, description and assumptions ` +
    'are its file’s, written for the values before these overrides; the figures are of the run as changed.'
  );
}

/** Steps that must have finished before an estimate of the time left is given. */
export const TIME_LEFT_AFTER = 3;

/**
 * About how long the steps left take, at the mean wall time per step finished so far (elapsed /
 * finished: with steps in parallel, the pace of the whole): `about 40 s left`, `about 3 min
 * left`, `about 2.5 h left`, `about 1.2 days left`. '' before TIME_LEFT_AFTER steps finished
 * (too few to say) and when none is left.
 */
export function timeLeftText(finished: number, remaining: number, elapsedMs: number): string {
  if (finished < TIME_LEFT_AFTER || remaining <= 0 || !(elapsedMs >= 0)) return '';
  const seconds = (remaining * elapsedMs) / finished / 1000;
  if (seconds < 90) return `about ${Math.max(1, Math.round(seconds))} s left`;
  if (seconds < 90 * 60) return `about ${Math.round(seconds / 60)} min left`;
  if (seconds < 48 * 3600) return `about ${fmt(seconds / 3600, 1)} h left`;
  return `about ${fmt(seconds / 86400, 1)} days left`;
}
