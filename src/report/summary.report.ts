import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScenarioResult } from '../experiment/scenario.runner';
import { saturatedStations, saturationText } from '../experiment/saturation';
import {
  armMetricKey,
  DERIVED_FIGURES_HEADING,
  derivedMetricKey,
  figureLabel,
  INPUT_FIGURES_HEADING,
  MAIN_ARM,
  splitInputFigures,
} from '../scenario/service-model';
import {
  humanMinutes,
  LOST_NOT_IN_WAITS,
  overridesNote,
  OVERFLOW_NOTE,
  OVERFLOW_TO_HEADING,
  OVERFLOWED_HEADING,
  RETRIAL_COLUMNS,
  RETRIALS_NOTE,
  RETRYING_AT_END_HEADING,
  RETRYING_AT_END_NOTE,
  sampledShareText,
  table,
} from './format';
import { QUANTILE_RELATIVE_ACCURACY } from '../sim/stats';
import { formatCi, formatSeconds, formatValue, quantityOf, sameValuesText } from './numbers';
import { resultStationLabels, stationName, stationText } from './station-names';
import { overflowTargetOf } from '../scenario/station-labels';

/** Stations the summary lists per arm, the busiest first, unless asked for all (--all-stations). */
export const SUMMARY_STATIONS = 10;

/** The readable terminal summary of a scenario run. */
export function renderSummary(
  result: ScenarioResult,
  options: { allStations?: boolean; overrides?: readonly string[] } = {},
): string {
  const s = result.scenario;
  const m = result.metrics;
  // One number format (src/report/numbers.ts): the CI's half-width decides the decimals.
  const ci = (key: string, quantity = quantityOf(key)) => {
    const e = m[key];
    if (!e) return '–';
    return result.replications > 1 ? formatCi(e, quantity) : formatValue(e.mean, quantity);
  };
  const out: string[] = [];
  out.push(`${s.title} (${s.file})`);
  if (options.overrides?.length) out.push(overridesNote(options.overrides));
  out.push(
    `model ${s.model}; ${humanMinutes(s.horizonMinutes)} simulated${s.warmupMinutes ? `, first ${humanMinutes(s.warmupMinutes)} discarded as warm-up` : ''}; ` +
      `${result.replications} replication${result.replications === 1 ? '' : 's'}, seed ${result.seed}; ${formatSeconds(result.elapsedSeconds)}`,
  );
  if (result.sampledShare !== undefined) out.push(sampledShareText(result.sampledShare));
  if (result.replications > 1)
    out.push(
      'Figures are means over replications ± the half-width of the 95% confidence interval (Student t); ' +
        'a percentile is that of all replications’ observations pooled, its interval from the replications’ own around it (sectioning); ' +
        `a percentile’s includes its quantile sketch’s ${QUANTILE_RELATIVE_ACCURACY * 100}% accuracy.` +
        (Object.values(m).some((e) => e.cut)
          ? ' Where an interval would reach values a figure cannot take (below 0; a share above 100%), it is cut there and shown as mean (low to high).'
          : ''),
    );
  else
    out.push(
      'Figures are those of the one replication: a 95% confidence interval needs 2 replications or more (--replications 2).',
    );
  // Stations' names for people: the scenario file's, else their model's (station-names.ts).
  const labels = resultStationLabels(result);
  for (const arm of result.arms) {
    const key = (k: string) => armMetricKey(arm, k);
    const detail = result.firstReplication[arm];
    out.push('');
    if (arm !== MAIN_ARM) out.push(`== arm: ${arm}`);
    out.push(
      `arrivals ${ci(key('totals.arrivals'))}   completed ${ci(key('totals.completed'))}   lost ${ci(key('totals.lost'))}` +
        (m[key('totals.inSystem')]?.mean > 0
          ? `   still queued or in service at the end ${ci(key('totals.inSystem'))}`
          : ''),
    );
    // Why customers were lost, where any were: a full queue, patience, or a closed station.
    if ((m[key('totals.lost')]?.mean ?? 0) > 0)
      out.push(
        `lost by cause: balked (the queue was full or too long for them) ${ci(key('totals.lostBy.balked'))}   reneged (gave up waiting) ${ci(key('totals.lostBy.reneged'))}   turned away (the station closed) ${ci(key('totals.lostBy.turnedAway'))}`,
      );
    // A jobs column only where a visit brings several jobs (transactions) somewhere.
    const stations = Object.entries(detail?.stations ?? {});
    // Officer time, as report.html counts it: the staffed stations' busy hours, not those of a
    // delay, a resource (seats) or a chatbot (StationModel.staff), which are named.
    if (m[key('totals.officerHours')]) {
      const notStaff = stations.filter(([, st]) => st.staff === false).map(([id]) => id);
      out.push(
        `officer hours ${ci(key('totals.officerHours'), 'value')}` +
          (notStaff.length
            ? ` (not counted, not staff: ${notStaff.map((id) => stationText(labels, id)).join(', ')})`
            : ''),
      );
    }
    const showJobs = stations.some(([, st]) => st.jobs !== st.served);
    // Many stations (a mission network): the busiest, by utilisation, then by mean wait.
    const busy = (id: string) => m[key(`stations.${id}.utilisation`)]?.mean;
    const wait = (id: string) => m[key(`stations.${id}.wait.mean`)]?.mean;
    const orNone = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? -1 : x);
    const listed =
      options.allStations || stations.length <= SUMMARY_STATIONS
        ? stations
        : [...stations]
            .sort(
              ([a], [b]) => orNone(busy(b)) - orNone(busy(a)) || orNone(wait(b)) - orNone(wait(a)),
            )
            .slice(0, SUMMARY_STATIONS);
    // The station's name for people last, where any has one: the id stays first, the key of
    // --set and the metrics, and the numbers stay beside it.
    const showNames = listed.some(([id]) => stationName(labels, id) !== id);
    const stationRows = listed.map(([id]) => {
      const k = key(`stations.${id}`);
      return [
        id,
        ci(`${k}.served`),
        ...(showJobs ? [ci(`${k}.jobs`)] : []),
        ci(`${k}.wait.mean`),
        ci(`${k}.wait.p90`),
        ci(`${k}.meanQueue`),
        ci(`${k}.utilisation`),
        ci(`${k}.lost`),
        ...(showNames ? [stationName(labels, id)] : []),
      ];
    });
    if (stationRows.length) {
      out.push('');
      out.push(
        table(
          [
            'station',
            'served',
            ...(showJobs ? ['jobs'] : []),
            'mean wait (min)',
            'p90 wait (min)',
            'mean queue',
            'utilisation (%)',
            'lost',
            ...(showNames ? ['name'] : []),
          ],
          stationRows,
        ),
      );
      if (listed.length < stations.length)
        out.push(
          `The ${listed.length} busiest of ${stations.length} stations (by utilisation) are shown; ${stations.length - listed.length} are left out: --all-stations lists them all, as do --json and --out (summary.json, report.html).`,
        );
    }
    // Stations with a retrial rule (only they have the metric): who was turned away, came back,
    // and was lost for good, and who was still due back after the end in replication 1 (as
    // report.html shows it: a count at one instant, kept by replication 1's detail alone).
    // A run without the rule prints nothing more.
    const retrialRows = listed
      .filter(([id]) => m[key(`stations.${id}.retrials`)] !== undefined)
      .map(([id, st]) => [
        id,
        ...RETRIAL_COLUMNS.map(([k]) => ci(key(`stations.${id}.${k}`))),
        formatValue(st.retryingAtEnd ?? 0, 'count'),
        ...(showNames ? [stationName(labels, id)] : []),
      ]);
    if (retrialRows.length) {
      out.push('');
      out.push(
        table(
          [
            'station',
            ...RETRIAL_COLUMNS.map(([, h]) => h),
            RETRYING_AT_END_HEADING,
            ...(showNames ? ['name'] : []),
          ],
          retrialRows,
        ),
      );
      out.push(`${RETRIALS_NOTE} ${RETRYING_AT_END_NOTE}`);
    }
    // Stations with an overflow (only they have the metric): how many found the station full
    // and were sent on, and to which station. A run without one prints nothing more.
    const overflowRows = listed
      .filter(([id]) => m[key(`stations.${id}.overflowed`)] !== undefined)
      .map(([id]) => {
        const to = overflowTargetOf(result, id);
        return [
          id,
          ci(key(`stations.${id}.overflowed`)),
          to === undefined ? '-' : stationText(labels, to),
          ...(showNames ? [stationName(labels, id)] : []),
        ];
      });
    if (overflowRows.length) {
      out.push('');
      out.push(
        table(
          ['station', OVERFLOWED_HEADING, OVERFLOW_TO_HEADING, ...(showNames ? ['name'] : [])],
          overflowRows,
        ),
      );
      out.push(OVERFLOW_NOTE);
    }
    const classRows = Object.keys(detail?.classes ?? {}).map((id) => {
      const k = key(`classes.${id}`);
      return [
        id,
        ci(`${k}.arrivals`),
        ci(`${k}.completed`),
        ci(`${k}.lost`),
        ci(`${k}.systemTime.mean`),
        ci(`${k}.systemTime.p90`),
      ];
    });
    if (classRows.length) {
      out.push('');
      out.push(
        table(
          ['class', 'arrivals', 'completed', 'lost', 'mean time in system (min)', 'p90 (min)'],
          classRows.slice(0, 40),
        ),
      );
    }
  }
  // The model's figures, the inputs they repeat (set by the scenario: figureKind) apart from
  // those the run produced.
  const split = splitInputFigures(Object.keys(m), result.figures, result.breakdowns);
  for (const [heading, names] of [
    [INPUT_FIGURES_HEADING, split.inputs],
    [DERIVED_FIGURES_HEADING, split.derived],
  ] as const) {
    if (!names.length) continue;
    out.push('', `${heading}:`);
    // Each figure's unit and meaning as the model declares them (a breakdown's part, its whole's).
    out.push(
      table(
        ['figure', 'value', 'unit', 'what it is'],
        names.map((name) => {
          const k = derivedMetricKey(name);
          const f = figureLabel(name, result.figures, result.breakdowns);
          // In the unit it declares beside it (a share 0.8879, as report.html and the Lab write
          // it), never scaled to percent by its name (deflection read 88.79 share).
          const q = quantityOf(k);
          return [name, ci(k, q === 'share' ? 'value' : q), f.unit, f.description];
        }),
      ),
    );
  }
  const saturated = result.saturated ?? saturatedStations(result);
  if (saturated.length) {
    out.push('');
    for (const st of saturated.slice(0, 10))
      out.push(`Warning: ${saturationText(st, result.arms.length, labels)}`);
    if (saturated.length > 10)
      out.push(
        `... and ${saturated.length - 10} more stations at or above capacity (see summary.json)`,
      );
  }
  out.push('');
  out.push(['Times are in minutes.', ...countNotes(result)].join(' '));
  const same = sameValuesText(result.metrics);
  if (same) out.push(same);
  return out.join('\n');
}

/**
 * Why the counts on the page need not add up, said where they may not. A station counts
 * services: a customer served at a station that serves each customer once ends completed, lost
 * or still in the system, so a station that served more than those served someone twice (a
 * route that comes back to it). Counts start at the warm-up's end, so customers who arrived
 * during it are not arrivals but are completed, lost or still there like any other. And where
 * customers were lost, whose waits the figures are.
 */
function countNotes(result: ScenarioResult): string[] {
  const m = result.metrics;
  let revisits = false;
  for (const arm of result.arms) {
    const mean = (k: string) => m[armMetricKey(arm, k)]?.mean ?? 0;
    const accounted = mean('totals.completed') + mean('totals.lost') + mean('totals.inSystem');
    const served = Object.keys(result.firstReplication[arm]?.stations ?? {}).map((id) =>
      mean(`stations.${id}.served`),
    );
    // A relative margin: the sums are means over replications, exact only up to rounding.
    if (served.some((n) => n > accounted * (1 + 1e-9) + 1e-6)) revisits = true;
  }
  const notes: string[] = [];
  if (result.arms.some((arm) => (m[armMetricKey(arm, 'totals.lost')]?.mean ?? 0) > 0))
    notes.push(LOST_NOT_IN_WAITS);
  if (revisits)
    notes.push(
      'A station counts services, the totals customers: a customer whose route comes back to a ' +
        'station is served there each time, so a station can serve more than the customers who arrived.',
    );
  if (result.scenario.warmupMinutes > 0)
    notes.push(
      'Counts start when the warm-up ends: customers who arrived during it are not counted as ' +
        'arrivals, but are counted as served, completed or lost when that happens after it, so ' +
        'arrivals need not equal completed + lost + still in the system.',
    );
  return notes;
}

/** Writes summary.json and timeseries.csv into dir. */
export function writeRunFiles(result: ScenarioResult, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const { timeseries, ...summary } = result;
  const files = [join(dir, 'summary.json'), join(dir, 'timeseries.csv')];
  writeFileSync(files[0], JSON.stringify(summary, null, 2));
  writeFileSync(files[1], timeseriesCsv(timeseries));
  return files;
}

export function timeseriesCsv(series: ScenarioResult['timeseries']): string {
  const lines = ['arm,t_minutes,arrivals,completions,station,queue,busy,capacity'];
  for (const [arm, ts] of Object.entries(series)) {
    if (!ts) continue;
    for (let i = 0; i < ts.t.length; i++) {
      for (const [station, s] of Object.entries(ts.stations)) {
        lines.push(
          [
            csvText(arm),
            ts.t[i],
            ts.arrivals[i],
            ts.completions[i],
            csvText(station),
            round(s.queue[i]),
            round(s.busy[i]),
            s.capacity[i],
          ].join(','),
        );
      }
    }
  }
  return lines.join('\n') + '\n';
}

/**
 * A text cell of timeseries.csv. Station names are the scenario's own keys, any text: one
 * holding a comma, a quote or a line break is quoted (RFC 4180, quotes doubled), else it split
 * the row into more cells than the header has; one starting with = + - @ or a tab or CR is
 * prefixed with ' (OWASP, CSV injection), else a spreadsheet opening the file runs it as a
 * formula (`=HYPERLINK(...)`).
 */
export function csvText(text: string): string {
  const cell = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
