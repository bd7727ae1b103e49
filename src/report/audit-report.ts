/**
 * The audit's report.html: per figure, the distribution of the figure over the sampled
 * assumptions with the paper's value marked, a tornado chart of the assumptions' influence,
 * and a scatter of the figure against its top driver. Self-contained like report.html
 * (inline SVG from svg-chart.ts, inline styles, a CSP that forbids fetching anything).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditFigure, AuditReport, QuantileInterval } from '../experiment/audit';
import { quantile } from '../scenario/audit/estimators';
import { fmt, pct, sharePct } from './format';
import { formatSeconds, formatValue } from './numbers';
import { DERIVED_FIGURES_HEADING, INPUT_FIGURES_HEADING } from '../scenario/service-model';
import { reportPage } from './html-report.assets';
import {
  esc,
  hBarChart,
  histogramChart,
  PALETTE,
  resetChartIds,
  scatterChart,
  type BarItem,
} from './svg-chart';

/**
 * The 95% interval of P(paper holds) and the draws it counts, "95% CI 4.9% to 14.7% over 128
 * draws" for 8.6% of 128: two audits' 7.8% and 8.6% are the same answer. Empty where there is
 * none (Morris).
 */
export function holdsInterval(ci: [number, number] | null, draws: number): string {
  return ci ? `95% CI ${pct(ci[0])} to ${pct(ci[1])} over ${fmt(draws)} draws` : '';
}

/** "95% CI 6.31 to 7.02" of a quantile, – at an end the draws are too few to back; '' for none. */
export function quantileCi(ci: QuantileInterval | null | undefined): string {
  if (!ci) return '';
  const end = (v: number | null) => (v === null ? '–' : formatValue(v));
  return `95% CI ${end(ci[0])} to ${end(ci[1])}`;
}

/**
 * What an audit says of its claims on inputs (kind input), under their heading: such a figure
 * repeats what the scenario gives the model, so its spread is that of the sampled inputs and its
 * agreement with the paper is set, not evidence from the simulation.
 */
export const INPUT_CLAIMS_NOTE =
  'These claims rest on inputs: each figure repeats what the scenario gives the model (kind input), so its spread is that of the sampled inputs and its agreement with the paper is set by the scenario, not evidence from the simulation.';

/**
 * What stands for a figure no sampled assumption moved (the same value at every design point):
 * the audit did not test it, and says so instead of a P(paper holds) of 100%. A figure of kind
 * measured (the Hızır engine over its test questions) is not an output of the simulated load at
 * all, which the line says, so that its one value is not read as a robust simulation result.
 */
export function notMoved(value: number, unit: string, points: number, kind?: string): string {
  const why =
    kind === 'measured'
      ? 'it is measured outside the simulation (kind measured: the Hızır engine over its test questions), not produced by the simulated load, so no sampled assumption moves it and the audit cannot test it'
      : kind === 'input'
        ? 'it repeats an input the scenario sets (kind input), not a simulated figure, and no sampled assumption moves it, so the audit cannot test it'
        : 'no sampled assumption moves it, so the audit cannot test it';
  return `${formatValue(value)}${unit ? ` ${unit}` : ''} at every one of the ${fmt(points)} design points: ${why} (no spread, no P(paper holds); reproduce judges it at the scenario's own values)`;
}

/**
 * The simulation noise at the samples, which the spread leaves out (every sample runs on the same
 * seed): `± h` with what it is, or that one replication a sample leaves it unknown. '' for an
 * audit.json written before the noise was measured.
 */
export function noiseText(f: Pick<AuditFigure, 'noise'>, unit: string, samples: number): string {
  const n = f.noise;
  if (!n) return '';
  if (n.halfWidth95 === null)
    return n.replications < 2
      ? 'simulation noise unknown: with 1 replication a sample it is not measured (--replications 2 or more measures it), and the spread and P(paper holds) leave it out, since every sample runs on the same seed'
      : 'simulation noise unknown: no sample has an interval over its replications';
  return `simulation noise ± ${formatValue(n.halfWidth95)}${unit ? ` ${unit}` : ''}: the median over the ${fmt(samples)} samples of each one's 95% CI half-width over its ${fmt(n.replications)} replications; every sample runs on the same seed, so the noise moves them all together and is not in the spread, its intervals or P(paper holds)`;
}

/**
 * Where the noise is not small against the spread across samples (AuditNoise.dominates: its
 * half-width above a quarter of p95 − p5), what that means and what to do; '' otherwise.
 */
export function noiseWarning(f: Pick<AuditFigure, 'noise' | 'quantiles'>, unit: string): string {
  const n = f.noise;
  if (!n?.dominates || n.halfWidth95 === null) return '';
  const u = unit ? ` ${unit}` : '';
  return `Warning: the simulation noise (± ${formatValue(n.halfWidth95)}${u}) is not small against the spread across samples (p5 to p95: ${formatValue(f.quantiles.p95 - f.quantiles.p5)}${u}; the rule: more than a quarter of it), so the percentiles' intervals understate the uncertainty and P(paper holds) is not stated; run more replications (--replications) or a longer horizon (--set horizon=...) until the noise is small against the spread`;
}

/**
 * P(paper holds) as the text and report.html state it, after "P(paper holds) " and its rule: the
 * share of samples with its Wilson interval; where the noise is measured, also its bounds over
 * each sample's 95% interval; where the noise dominates, not stated, only those bounds.
 */
export function holdsStatement(
  f: Pick<AuditFigure, 'noise' | 'probabilityPaperHolds' | 'probabilityPaperHoldsCi95'>,
  draws: number,
  rule = '',
): string {
  if (f.probabilityPaperHolds === null) return '';
  const r = rule ? ` (${rule})` : '';
  const b = f.noise?.probabilityPaperHoldsBounds;
  const within = b
    ? `counting each sample's 95% interval, between ${pct(b[0])} and ${pct(b[1])}`
    : '';
  if (f.noise?.dominates)
    return `not stated${r}: the simulation noise, not the assumptions, decides it${within ? ` (${within})` : ''}`;
  const ci = holdsInterval(f.probabilityPaperHoldsCi95, draws);
  return `${sharePct(f.probabilityPaperHolds)}${r}${ci ? `, ${ci}` : ''}${within ? `; with the noise, ${within}` : ''}`;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function parenthesised(text: string): string {
  return text ? ` (${text})` : '';
}

function figureBox(kind: string, svg: string, caption: string): string {
  return `<figure class="chart" data-chart="${esc(kind)}">${svg}<figcaption>${esc(caption)}</figcaption></figure>`;
}

function histogram(values: number[], bins: number): { edges: number[]; counts: number[] } {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const width = (hi - lo) / bins || Math.abs(lo) * 0.01 || 1;
  const edges = Array.from({ length: bins }, (_, i) => lo + i * width);
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
  return { edges, counts };
}

export function renderAuditReport(a: AuditReport, generatedAt = new Date()): string {
  resetChartIds();
  const sections: string[] = [];
  sections.push(
    `<section id="method"><h2>What was sampled</h2><p class="desc">${esc(
      `${a.method} design, ${a.samples} base samples, ${a.runs} model runs (${a.replications} replication(s) each), every run with seed ${a.scenario.seed} (common random numbers: the spread below is the assumptions', not the simulation noise's), on ${a.executor}, ${formatSeconds(a.elapsedSeconds)}.`,
    )}</p><table><thead><tr><th>assumption</th><th>range</th><th>source</th></tr></thead><tbody>${a.parameters
      .map(
        (p) =>
          `<tr><td><code>${esc(p.path)}</code></td><td>${esc(p.dist)}</td><td>${esc(p.source)}</td></tr>`,
      )
      .join('')}</tbody></table>${rerunHtml(a)}</section>`,
  );
  // The claims that rest on inputs (kind input), named before the figures and marked in each.
  const onInputs = a.figures.filter((f) => f.kind === 'input');
  if (onInputs.length)
    sections.push(
      `<section id="input-claims" data-section="input-figures"><h2>${esc(INPUT_FIGURES_HEADING)}</h2><p class="desc">${esc(INPUT_CLAIMS_NOTE)}</p><ul>${onInputs.map((f) => `<li><code>${esc(f.id)}</code></li>`).join('')}</ul>${a.figures.length > onInputs.length ? `<p class="desc">${esc(`${DERIVED_FIGURES_HEADING}: the other ${a.figures.length - onInputs.length}.`)}</p>` : ''}</section>`,
    );
  a.figures.forEach((f, idx) => {
    const d = a.detail[idx];
    const parts: string[] = [];
    if (f.kind === 'input')
      parts.push(
        `<p class="note" data-kind="input">${esc(`${INPUT_FIGURES_HEADING}: this claim rests on an input, which the scenario sets; its agreement with the paper is no evidence from the simulation.`)}</p>`,
      );
    if (f.movedByAssumptions === false) {
      // Nothing to chart: one value, and indices of 0 for every assumption.
      parts.push(
        `<p class="desc">${esc(`${d.description} ${capitalised(notMoved(f.quantiles.p50, d.unit, a.runs / a.replications, d.kind))}.`)}</p>`,
      );
      sections.push(
        `<section id="fig-${idx + 1}"><h2>${esc(f.id)}${f.paper === null ? '' : ` (paper ${esc(d.comparison === 'at-least' ? '> ' : '')}${esc(fmt(f.paper))})`}</h2>${parts.join('')}</section>`,
      );
      return;
    }
    const q = (name: 'p5' | 'p50' | 'p95') =>
      `${formatValue(f.quantiles[name])}${parenthesised(quantileCi(f.quantilesCi95?.[name]))}`;
    const held =
      f.probabilityPaperHolds === null
        ? ''
        : ` Probability that the paper's value holds (${d.comparison === 'at-least' ? 'value at least the paper' : d.comparison === 'qualitative' ? 'the figure holds' : `within ${pct(d.tolerance, 0)}`}): ${holdsStatement(f, d.values.length)}.`;
    const noise = noiseText(f, d.unit, d.values.length);
    parts.push(
      `<p class="desc">${esc(`${d.description} Median ${q('p50')}, 90% of samples between ${q('p5')} and ${q('p95')}${d.unit ? ` ${d.unit}` : ''}${f.quantilesCi95 ? ' (each with its distribution-free 95% interval from the order statistics of the draws; – where they are too few for that end)' : ''}.${held}${noise ? ` ${capitalised(noise)}.` : ''}`)}</p>`,
    );
    const warning = noiseWarning(f, d.unit);
    if (warning) parts.push(`<p class="note" data-noise="dominates">${esc(`${warning}.`)}</p>`);
    const { edges, counts } = histogram(
      d.values,
      Math.min(30, Math.max(6, Math.round(Math.sqrt(d.values.length)))),
    );
    // A finding with no paper value (a what-if's own figure) has nothing to mark or hold.
    const paperMarked = f.paper === null ? ' marked' : " and the paper's value marked";
    const markers = [
      { x: f.quantiles.p5, label: 'p5' },
      { x: f.quantiles.p50, label: 'p50' },
      { x: f.quantiles.p95, label: 'p95' },
    ];
    if (f.paper !== null) markers.push({ x: f.paper, label: `paper ${fmt(f.paper)}` });
    parts.push(
      figureBox(
        'distribution',
        histogramChart({
          title: `${f.id}: distribution over the sampled assumptions`,
          desc: `Histogram of ${d.values.length} samples of ${f.id}; p5, p50, p95${paperMarked}.`,
          edges,
          counts,
          xLabel: d.unit || f.id,
          yLabel: 'samples',
          markers,
        }),
        `Distribution of ${f.id} over ${d.values.length} samples${f.paper === null ? ' (no paper value to mark)' : ", the paper's value marked"}.`,
      ),
    );
    const items: BarItem[] = f.sensitivity.map((s) => {
      if (s.muStar !== undefined)
        return {
          label: s.parameter,
          value: s.muStar,
          ci: Array.isArray(s.ci95) ? s.ci95 : undefined,
          note: `mu ${fmt(s.mu ?? 0)}, sigma ${fmt(s.sigma ?? 0)}`,
        };
      const ci = Array.isArray(s.ci95) ? undefined : s.ci95;
      const value = s.total ?? s.first ?? 0;
      return {
        label: s.parameter,
        value,
        ci: (s.total !== null ? ci?.total : ci?.first) ?? undefined,
        color: s.total !== null ? PALETTE[0] : PALETTE[1],
        note:
          [
            s.first !== null && s.total !== null ? `first-order ${fmt(s.first, 2)}` : '',
            (s.total !== null ? s.cut?.total : s.cut?.first) ? 'interval cut to 0–1' : '',
          ]
            .filter(Boolean)
            .join('; ') || undefined,
      };
    });
    const measure =
      a.method === 'morris'
        ? 'Morris mu* (mean absolute elementary effect)'
        : a.method === 'sobol'
          ? 'total-order Sobol index'
          : 'first-order index (correlation ratio)';
    parts.push(
      figureBox(
        'tornado',
        hBarChart({
          title: `${f.id}: which assumption decides it`,
          desc: `Tornado chart: ${measure} of each uncertain assumption, largest first, with 95% bootstrap intervals.`,
          items,
          xLabel: measure,
        }),
        `Assumptions ranked by ${measure}, 95% bootstrap intervals as whiskers${a.method === 'morris' ? '' : ' (an index is a share of the variance: an interval is cut to 0–1 where it reached beyond)'}.`,
      ),
    );
    const top = f.sensitivity[0];
    const col = a.parameters.findIndex((p) => p.path === top?.parameter);
    if (col >= 0) {
      const y = d.values;
      const points = d.inputs.map((row, i) => ({
        x: row[col],
        y: y[i],
        label: `${top.parameter} = ${fmt(row[col])}: ${fmt(y[i])}`,
        good:
          f.paper === null
            ? true
            : d.comparison === 'at-least'
              ? y[i] >= f.paper
              : Math.abs(y[i] - f.paper) <= d.tolerance * Math.abs(f.paper),
      }));
      parts.push(
        figureBox(
          'scatter',
          scatterChart({
            title: `${f.id} against its top driver, ${top.parameter}`,
            desc: `Each sample's ${f.id} against its value of ${top.parameter}${f.paper === null ? '' : "; filled where the paper's value holds"}.`,
            points,
            xLabel: top.parameter,
            yLabel: f.id,
            refY: f.paper === null ? undefined : { y: f.paper, label: `paper ${fmt(f.paper)}` },
          }),
          `${f.paper === null ? '' : "Filled points: samples in which the paper's value holds. "}Median of ${top.parameter} sampled: ${fmt(
            quantile(
              d.inputs.map((r) => r[col]),
              0.5,
            ),
          )}.`,
        ),
      );
    }
    sections.push(
      `<section id="fig-${idx + 1}"><h2>${esc(f.id)}${f.paper === null ? '' : ` (paper ${esc(d.comparison === 'at-least' ? '> ' : '')}${esc(fmt(f.paper))})`}</h2>${parts.join('')}</section>`,
    );
  });
  const title = `Audit: ${a.scenario.title}`;
  return reportPage({
    title,
    lede: `${a.scenario.file}: how sure can one be of each figure, given what is not known?`,
    main: sections,
    generatedAt,
  });
}

export function writeAuditReport(dir: string, a: AuditReport): string {
  const file = join(dir, 'report.html');
  writeFileSync(file, renderAuditReport(a));
  return file;
}

/**
 * The overrides every run of the audit applied (named by where each came from) and the `run`
 * command line that reruns design point 1 with them, with what the audit took for its figures
 * there. Nothing for an audit.json written before they were recorded.
 */
export function rerunLines(a: Pick<AuditReport, 'overrides' | 'rerun' | 'replications'>): string[] {
  const lines: string[] = [];
  if (a.overrides)
    lines.push(
      a.overrides.length
        ? `Overrides on every run: ${a.overrides.map((o) => `${o.set} (${overrideSource(o.from)})`).join(', ')}`
        : 'Overrides on every run: none',
    );
  if (a.rerun) {
    const r = a.rerun;
    lines.push(
      `To rerun design point ${r.point} (its draws as --set, after the overrides; run prints each figure's metric as the mean over its ${a.replications} replication${a.replications === 1 ? '' : 's'}; the audit took there ${r.figures.map((f) => `${f.id} ${formatValue(f.value)}`).join(', ')}):`,
      `  ${r.command}`,
    );
  }
  return lines;
}

/** Where an override of an audit's runs came from, in words. */
export function overrideSource(from: 'audit.set' | '--set'): string {
  return from === 'audit.set' ? "the scenario's audit.set" : '--set';
}

/** The overrides and the rerun command (rerunLines) as report.html shows them: the command as code. */
function rerunHtml(a: AuditReport): string {
  const lines = rerunLines(a);
  if (!a.rerun)
    return lines.map((l) => `<p class="desc" data-audit="overrides">${esc(l)}</p>`).join('');
  const [command, ...before] = [lines.pop()!, ...lines];
  return `${before
    .map(
      (l, i) =>
        `<p class="desc" data-audit="${i === before.length - 1 ? 'rerun' : 'overrides'}">${esc(l)}</p>`,
    )
    .join('')}<pre data-audit="rerun-command"><code>${esc(command.trim())}</code></pre>`;
}
