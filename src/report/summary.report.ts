import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScenarioResult } from '../experiment/scenario.runner';
import { fmt, humanMinutes, pct, table } from './format';

/** The readable terminal summary of a scenario run. */
export function renderSummary(result: ScenarioResult): string {
  const s = result.scenario;
  const m = result.metrics;
  const ci = (key: string, digits = 3, scale = 1) => {
    const e = m[key];
    if (!e) return '–';
    return result.replications > 1
      ? `${fmt(e.mean * scale, digits)} ± ${fmt(e.halfWidth * scale, digits)}`
      : fmt(e.mean * scale, digits);
  };
  const out: string[] = [];
  out.push(`${s.title} (${s.file})`);
  out.push(
    `model ${s.model}; ${humanMinutes(s.horizonMinutes)} simulated${s.warmupMinutes ? `, first ${humanMinutes(s.warmupMinutes)} discarded as warm-up` : ''}; ` +
      `${result.replications} replication${result.replications === 1 ? '' : 's'}, seed ${result.seed}; ${result.elapsedSeconds.toFixed(2)} s`,
  );
  if (result.replications > 1)
    out.push(
      'Figures are means over replications ± the half-width of the 95% confidence interval (Student t).',
    );
  for (const arm of result.arms) {
    const p = arm === 'main' ? '' : `${arm}.`;
    const detail = result.firstReplication[arm];
    out.push('');
    if (arm !== 'main') out.push(`== arm: ${arm}`);
    out.push(
      `arrivals ${ci(`${p}totals.arrivals`, 0)}   completed ${ci(`${p}totals.completed`, 0)}   lost ${ci(`${p}totals.lost`, 0)}`,
    );
    const stationRows = Object.keys(detail?.stations ?? {}).map((id) => {
      const k = `${p}stations.${id}`;
      return [
        id,
        ci(`${k}.served`, 0),
        ci(`${k}.wait.mean`, 2),
        ci(`${k}.wait.p90`, 2),
        ci(`${k}.meanQueue`, 2),
        m[`${k}.utilisation`] ? pct(m[`${k}.utilisation`].mean) : '–',
        ci(`${k}.lost`, 0),
      ];
    });
    if (stationRows.length) {
      out.push('');
      out.push(
        table(
          ['station', 'served', 'mean wait', 'p90 wait', 'mean queue', 'utilisation', 'lost'],
          stationRows.slice(0, 40),
        ),
      );
      if (stationRows.length > 40)
        out.push(`... and ${stationRows.length - 40} more stations (see summary.json)`);
    }
    const classRows = Object.keys(detail?.classes ?? {}).map((id) => {
      const k = `${p}classes.${id}`;
      return [
        id,
        ci(`${k}.arrivals`, 0),
        ci(`${k}.completed`, 0),
        ci(`${k}.lost`, 0),
        ci(`${k}.systemTime.mean`, 2),
        ci(`${k}.systemTime.p90`, 2),
      ];
    });
    if (classRows.length) {
      out.push('');
      out.push(
        table(
          ['class', 'arrivals', 'completed', 'lost', 'mean time in system', 'p90'],
          classRows.slice(0, 40),
        ),
      );
    }
  }
  const derived = Object.keys(m).filter((k) => k.startsWith('derived.'));
  if (derived.length) {
    out.push('');
    out.push(
      table(
        ['figure', 'value', 'unit'],
        derived.map((k) => {
          const name = k.slice('derived.'.length);
          return [name, ci(k, 3), result.figures[name]?.unit ?? ''];
        }),
      ),
    );
  }
  out.push('');
  out.push('Times are in minutes.');
  return out.join('\n');
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
            arm,
            ts.t[i],
            ts.arrivals[i],
            ts.completions[i],
            station,
            s.queue[i],
            round(s.busy[i]),
            s.capacity[i],
          ].join(','),
        );
      }
    }
  }
  return lines.join('\n') + '\n';
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
