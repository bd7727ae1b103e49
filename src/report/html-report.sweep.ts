/** The staffing sweep's sections: the target against staffing, cost against service, every point. */
import { stringify as toYaml } from 'yaml';
import {
  saturationNotes,
  seedNote,
  sweptInputs,
  targetInputNote,
  type SweepResult,
} from '../experiment/sweep';
import { derivedFigureOf, figureLabel, INPUT_FIGURES_HEADING } from '../scenario/service-model';
import { fmt } from './format';
import {
  formatColumn,
  formatGiven,
  formatSeconds,
  markSameValues,
  SAME_VALUES_NOTE,
} from './numbers';
import {
  assumptions,
  barCi,
  ciBesideIntervalText,
  ciText,
  figure,
  intervalText,
  note,
  type Section,
} from './html-report.helpers';
import { esc, lineChart, PALETTE, scatterChart } from './svg-chart';

export function sweepSections(sw: SweepResult): Section[] {
  const t = sw.target;
  const best = sw.best === null ? undefined : sw.points[sw.best];
  const cfg = (v: Record<string, number>) =>
    Object.entries(v)
      .map(([k, x]) => `${k}=${x}`)
      .join(', ');
  const goal = `${t.metric} ${t.op} ${formatGiven(t.value)}${t.useCi ? ' (on the 95% CI bound)' : ' (on the mean)'}`;
  const verdict = best
    ? `<p class="summary-line">Cheapest configuration that meets <code>${esc(goal)}</code>: <strong>${esc(cfg(best.values))}</strong>, cost ${esc(fmt(best.cost))}, ${esc(t.metric)} = ${esc(ciText(best.target, 3))}.</p>`
    : `<p class="summary-line fail">No configuration in the grid meets <code>${esc(goal)}</code>.</p>`;
  const saturation = saturationNotes(sw).map(note).join('');
  const inputTarget = targetInputNote(sw);
  // The figures that repeat an input, apart: what the configurations set, not what was found.
  const inputs = sweptInputs(sw);
  const inputTable = inputs.length
    ? `<table class="data" data-section="input-figures"><caption>${esc(INPUT_FIGURES_HEADING)}</caption><thead><tr><th scope="col">figure</th><th scope="col">unit</th><th scope="col">across the configurations</th></tr></thead><tbody>${inputs
        .map(
          (f) =>
            `<tr><th scope="row"><code>${esc(f.metric)}</code></th><td>${esc(figureLabel(derivedFigureOf(f.metric) ?? f.metric, sw.figures, sw.breakdowns).unit)}</td><td>${esc(f.follows ? `${fmt(f.min)} to ${fmt(f.max)}: follows the swept values, set by them, not found` : `${fmt(f.min)} in every configuration`)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '';
  const charts: string[] = [];
  const [p1, p2] = sw.params;
  const groups = p2
    ? p2.values.map((v) => ({
        name: `${p2.key}=${v}`,
        pts: sw.points.filter((p) => p.values[p2.key] === v),
      }))
    : [{ name: t.metric, pts: sw.points }];
  const x = p1.values;
  charts.push(
    figure(
      'sweep-target',
      lineChart({
        title: `${t.metric} against ${p1.key}`,
        desc: `Mean ${t.metric} with 95% CI for each value of ${p1.key}; target ${t.op} ${formatGiven(t.value)}.`,
        x,
        series: groups.slice(0, 8).map((g, i) => {
          const by = (v: number) => g.pts.find((p) => p.values[p1.key] === v);
          return {
            name: g.name,
            values: x.map((v) => by(v)?.target.mean ?? NaN),
            band: {
              lo: x.map((v) => by(v)?.target.ci95?.[0] ?? NaN),
              hi: x.map((v) => by(v)?.target.ci95?.[1] ?? NaN),
            },
            markers: true,
            color: PALETTE[i % PALETTE.length],
          };
        }),
        xLabel: p1.key,
        yLabel: t.metric,
        xTicks: x.length <= 15 ? x : undefined,
        refLines: [{ y: t.value, label: `target ${t.op} ${formatGiven(t.value)}` }],
      }),
      `The service level against staffing: mean and 95% CI (band) of <code>${esc(t.metric)}</code> for each configuration; the dashed line is the target.`,
    ),
  );
  charts.push(
    figure(
      'sweep-cost',
      scatterChart({
        title: 'Cost against service level',
        desc: `${sw.points.filter((p) => p.feasible).length} of ${sw.points.length} configurations meet the target.${best ? ` The cheapest is ${cfg(best.values)}.` : ''}`,
        points: sw.points.map((p, i) => ({
          x: p.cost,
          y: p.target.mean,
          yCi: barCi(p.target),
          good: p.feasible,
          highlight: i === sw.best,
          label: `${cfg(p.values)}: cost ${fmt(p.cost)}, ${t.metric} ${ciText(p.target)}${p.feasible ? ' (meets the target)' : ''}`,
        })),
        xLabel: `cost (${sw.cost})`,
        yLabel: t.metric,
        refY: { y: t.value, label: `target ${t.op} ${formatGiven(t.value)}` },
      }),
      'Each configuration’s cost against its service level. Filled: meets the target; hollow: does not; ringed: the cheapest that does.',
    ),
  );
  const costs = formatColumn(sw.points.map((p) => p.cost));
  const rows = sw.points.map(
    (p, i) =>
      `<tr class="${i === sw.best ? 'best' : ''}"><th scope="row">${esc(cfg(p.values))}</th><td class="num">${esc(costs[i])}</td><td class="num">${esc(ciBesideIntervalText(p.target))}</td><td class="num">${esc(markSameValues(intervalText(p.target.ci95), p.target))}</td><td>${p.feasible ? '<span class="pass">✓ meets</span>' : '<span class="fail">✗ misses</span>'}${p.saturated.length ? ' (saturated)' : ''}${i === sw.best ? ' <strong>(cheapest)</strong>' : ''}</td></tr>`,
  );
  const overview = `<div data-section="sweep"><dl class="meta"><div><dt>Scenario</dt><dd>${esc(sw.scenario.title)} <code>${esc(sw.scenario.file)}</code></dd></div><div><dt>Grid</dt><dd>${sw.params.map((p) => `<code>${esc(p.key)}</code> ∈ {${esc(p.values.join(', '))}}`).join(' × ')} (${sw.points.length} configuration${sw.points.length === 1 ? '' : 's'})</dd></div><div><dt>Target</dt><dd><code>${esc(goal)}</code></dd></div><div><dt>Cost</dt><dd><code>${esc(sw.cost)}</code>${sw.costNote ? `<br><span data-testid="cost-note">${esc(sw.costNote)}</span>` : ''}</dd></div><div><dt>Replications</dt><dd>${esc(sw.replications)} per configuration, ${esc(seedNote(sw))}; ${esc(formatSeconds(sw.elapsedSeconds))}</dd></div></dl>${inputTarget ? note(inputTarget) : ''}${verdict}${saturation}${charts.join('')}<table class="data"><caption>Every configuration (mean ± half-width of the 95% CI)</caption><thead><tr><th scope="col">configuration</th><th scope="col">cost</th><th scope="col">${esc(t.metric)}</th><th scope="col">95% CI</th><th scope="col">target</th></tr></thead><tbody>${rows.join('')}</tbody></table>${sw.points.some((p) => p.target.sameInEveryReplication) ? note(`95% CI: ${SAME_VALUES_NOTE}.`) : ''}${inputTable}</div>`;
  return [
    { id: 'sweep', title: 'Staffing sweep', html: overview },
    {
      id: 'sweep-assumptions',
      title: 'Assumptions',
      html: `<div data-section="assumptions">${assumptions(sw.scenario.assumptions)}</div>`,
    },
    {
      id: 'sweep-scenario',
      title: 'Base scenario',
      html: `<div data-section="scenario-document"><p>The scenario before the swept overrides, from <code>${esc(sw.scenario.file)}</code>.</p><details><summary>Scenario YAML</summary><pre tabindex="0"><code>${esc(toYaml(sw.scenario.document ?? {}))}</code></pre></details></div>`,
    },
  ];
}
