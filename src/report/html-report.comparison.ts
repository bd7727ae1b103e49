/** The comparison of two runs (`consular-sim compare`): what differs and by how much. */
import {
  oneReplicationNote,
  type ComparisonResult,
  type MetricDifference,
} from '../experiment/compare';
import { fmt, pct } from './format';
import { comparisonCells, formatInterval, quantityOf, unitOf } from './numbers';
import { figure, note, scrollBox, type Section } from './html-report.helpers';
import { esc, hBarChart, PALETTE } from './svg-chart';
import { DERIVED_FIGURES_HEADING, INPUT_FIGURES_HEADING } from '../scenario/service-model';

export function comparisonSection(c: ComparisonResult): Section {
  // The inputs the runs repeat (set by the scenarios, never significant) in their own table,
  // apart from the figures derived from the runs, as run's report.html has them. A comparison.json
  // written before kinds were recorded has none: every metric is then as it was, derived.
  const inputs = c.differences.filter((d) => d.kind === 'input');
  const derived = c.differences.filter((d) => d.kind !== 'input');
  const differs = (d: MetricDifference) => d.diff !== 0 || (d.halfWidth ?? 0) !== 0;
  const sig = derived.filter((d) => d.significant);
  const oneReplication = oneReplicationNote(c);
  const shown = derived.filter(differs).slice(0, 40);
  const inputsShown = inputs.filter(differs);
  // A figure that is not a number on either side (no wait where nobody was served) has no bar.
  const forest = shown
    .filter(
      (d) =>
        d.relative !== null &&
        Number.isFinite(d.relative) &&
        (d.ci95 === null || Number.isFinite(d.ci95[0])),
    )
    .slice(0, 20);
  const who = (r: ComparisonResult['a']) =>
    `<div><dt>${esc(r.label)}</dt><dd><strong>${esc(r.title || r.name)}</strong> <code>${esc(r.dir)}</code><br>${esc(r.file)}; seed ${esc(r.seed)}, ${esc(r.replications)} replication${r.replications === 1 ? '' : 's'}</dd></div>`;
  // The terminal's numbers (compare.command.ts): a unit per metric, shares in %, counts whole,
  // decimals from each figure's CI.
  const row = (d: MetricDifference, judged = true) => {
    const q = quantityOf(d.metric);
    // One decimal place for the three, B − A the difference of A and B as written.
    const [a, b, diff] = comparisonCells(d.a, d.b, { mean: d.diff, halfWidth: d.halfWidth }, q);
    return `<tr class="${d.significant ? 'sig' : ''}"><th scope="row"><code>${esc(d.metric)}</code></th><td>${esc(unitOf(d.metric))}</td><td class="num">${esc(a)}</td><td class="num">${esc(b)}</td><td class="num">${esc(diff)}</td><td class="num">${esc(formatInterval(d.ci95, q))}</td><td class="num">${d.relative === null || Number.isNaN(d.relative) ? '–' : esc(`${d.relative > 0 ? '+' : ''}${pct(d.relative)}`)}</td>${judged ? `<td>${d.significant ? '<span class="pass">yes</span>' : 'no'}</td>` : ''}</tr>`;
  };
  const head = (judged: boolean) =>
    `<thead><tr><th scope="col">metric</th><th scope="col">unit</th><th scope="col">A</th><th scope="col">B</th><th scope="col">B − A</th><th scope="col">95% CI</th><th scope="col">relative</th>${judged ? '<th scope="col">significant</th>' : ''}</tr></thead>`;
  const inputTable = inputsShown.length
    ? `<table class="data" data-section="input-figures"><caption>${esc(INPUT_FIGURES_HEADING)}: differences B − A the scenarios set, not judged</caption>${head(false)}<tbody>${inputsShown.map((d) => row(d, false)).join('')}</tbody></table>`
    : '';
  const other = c.otherChanges?.length
    ? note(
        `The scenarios' ${c.otherChanges.join(', ')} differ too; ${c.otherChanges.length === 1 ? 'it describes' : 'they describe'} a scenario or how it is run, not the model's inputs.`,
      )
    : '';
  const unrelated = c.unrelated ? note(`Warning: ${c.unrelated}`) : '';
  const changes = c.scenarioChanges.length
    ? `${unrelated}${other}<table class="data compact"><caption>What differs between the two scenarios' inputs</caption><thead><tr><th scope="col">key</th><th scope="col">A</th><th scope="col">B</th></tr></thead><tbody>${c.scenarioChanges
        .slice(0, 50)
        .map(
          (ch) =>
            `<tr><th scope="row"><code>${esc(ch.path)}</code></th><td><code>${esc(short(ch.a))}</code></td><td><code>${esc(short(ch.b))}</code></td></tr>`,
        )
        .join('')}</tbody></table>`
    : c.otherChanges?.length
      ? `${unrelated}${other}${note("The two scenarios' inputs are the same.")}`
      : `${unrelated}${note('The two scenario documents are identical.')}`;
  const chart = forest.length
    ? figure(
        'comparison',
        hBarChart({
          title: 'Differences B − A relative to A, with 95% CI',
          desc: `${sig.length} of ${derived.length} metrics differ significantly (${c.method === 'paired' ? 'paired' : 'Welch'} intervals).`,
          items: forest.map((d) => ({
            label: d.metric,
            value: d.relative! * 100,
            // No whisker where a run had one replication (no interval). The interval of the
            // relative difference counts A's mean as uncertain (relativeDifference in compare.ts).
            ci: d.relativeCi95
              ? ([d.relativeCi95[0] * 100, d.relativeCi95[1] * 100] as [number, number])
              : undefined,
            color: d.significant ? PALETTE[0] : '#9ca3af',
          })),
          xLabel: '(B − A) / A, %',
          xFormat: (v) => `${fmt(v, 1)}%`,
        }),
        'The most important differences, relative to A; blue intervals exclude zero (significant at 95%), grey ones do not.',
      )
    : '';
  return {
    id: 'comparison',
    title: 'Comparison of two runs',
    html: `<div data-section="comparison"><dl class="meta">${who(c.a)}${who(c.b)}</dl><p class="summary-line"><strong>${sig.length}</strong> of ${derived.length} shared metrics${inputs.length ? ' derived from the runs' : ''} differ significantly${inputs.length ? `; ${inputs.length === 1 ? 'the 1 input' : `the ${inputs.length} inputs`} (set by the scenario, not simulated) ${inputs.length === 1 ? 'is' : 'are'} not judged` : ''}. ${esc(c.methodNote)}</p>${c.chanceNote ? note(c.chanceNote) : ''}${oneReplication ? note(oneReplication) : ''}${c.lostNote ? note(c.lostNote) : ''}${changes}${chart}${inputTable}${scrollBox('Differences B − A', `<table class="data" data-section="derived-figures"><caption>${inputs.length ? `${esc(DERIVED_FIGURES_HEADING)}: differences` : 'Differences'} B − A (the ${shown.length} most important; significant first)</caption>${head(true)}<tbody>${shown.map((d) => row(d)).join('')}</tbody></table>`)}${c.onlyInA.length || c.onlyInB.length ? note(`${c.onlyInA.length} metrics only in A and ${c.onlyInB.length} only in B are left out.`) : ''}</div>`,
  };
}

function short(v: unknown): string {
  const s = v === undefined ? '(absent)' : typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}
