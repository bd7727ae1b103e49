/**
 * Limits shared by scenario files and the command line, kept apart from the schema so that code
 * that only needs the numbers (the CLI's option parsers) does not load class-validator.
 */

/**
 * Servers a station (or one of its shifts) may have, in a scenario or with `mmc --servers`. The
 * largest real pool in the scenarios is 5,000 officers (whatif-no-evisa-peak-day.yaml; 2,000 on
 * a shift of paper-evacuation-2020.yaml), and a station of 10^6 servers already never makes
 * anyone wait at any load a run can hold (at most 500 million arrivals a replication,
 * src/sim/compile.ts). Above it a count is a slip (`1e308`): the run went ahead and reported a
 * utilisation of 0% for a desk of 10^308 officers, and Erlang C's recursion (`mmc`) walks every
 * server (10^9 took 7 s, 10^12 never ended).
 */
export const MAX_SERVERS = 1_000_000;
export const SERVERS_RULE = `must be a whole number from 0 to ${MAX_SERVERS.toLocaleString('en-US')}`;

/** Replications one run may ask for, in a scenario or with --replications. */
export const MAX_REPLICATIONS = 1000;
export const REPLICATIONS_RULE = `must be a whole number from 1 to ${MAX_REPLICATIONS}`;

/**
 * Seeds a run may use, in a scenario (`seed:`), on the command line (--seed, a swept seed) and
 * in a summary.json: whole numbers a double holds exactly. Above 2^53 − 1 neighbouring integers
 * share one double (9007199254740993 reads as …992), and replication seeds are built from the
 * seed's two 32-bit halves (src/sim/rng.ts), so a larger seed would alias a smaller one.
 */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;
export const SEED_RULE = `must be a whole number from 0 to ${MAX_SEED} (2^53 − 1)`;

export function isSeed(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= MAX_SEED;
}

/**
 * The longest label a station may have, in characters: a name for people, shown in a column of
 * the terminal's station table, beside the id in report.html and on the Lab's fields. The
 * longest a service model gives is a mission's counter ("city (type)", under 60); one of a
 * hundred thousand characters widened every row of the terminal's table to it.
 */
export const MAX_STATION_LABEL = 200;
export const STATION_LABEL_RULE = `must be a name of one line, at most ${MAX_STATION_LABEL} characters, with a visible character: no control characters (ESC, CR, LF...), bidirectional overrides or other invisible format characters (U+200B, U+FFF9-U+FFFB, tags...), private-use characters or lone surrogates`;

/**
 * A scenario's names (station, class and source ids, every key) and texts (title, description,
 * assumptions, every string) reach the terminal as they are, in the summary, compare and sweep
 * tables: an ESC sequence in them was run by the terminal (a title that set the window's title or
 * cleared the screen), a U+202E turned the rest of the line around. A label had been refused so
 * (STATION_LABEL_RULE), nothing else. The characters are those no line or text of the API may
 * hold either (src/common/printable-text.ts); the message names the first one (U+XXXX).
 */
export const CONTROL_CHARACTER_RULE =
  'must not hold control characters (ESC, CR, NUL...), bidirectional overrides or other invisible format characters (U+200B, U+FFF9-U+FFFB, tags...), private-use characters or lone surrogates, which change what the terminal or a report shows; a text may hold tabs and line breaks, a name neither';
