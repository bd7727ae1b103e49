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

export function comparisonSection(c: ComparisonResult): Section {
  const sig = c.differences.filter((d) => d.significant);
  const oneReplication = oneReplicationNote(c);
  const shown = c.differences.filter((d) => d.diff !== 0 || (d.halfWidth ?? 0) !== 0).slice(0, 40);
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
  const row = (d: MetricDifference) => {
    const q = quantityOf(d.metric);
    // One decimal place for the three, B − A the difference of A and B as written.
    const [a, b, diff] = comparisonCells(d.a, d.b, { mean: d.diff, halfWidth: d.halfWidth }, q);
    return `<tr class="${d.significant ? 'sig' : ''}"><th scope="row"><code>${esc(d.metric)}</code></th><td>${esc(unitOf(d.metric))}</td><td class="num">${esc(a)}</td><td class="num">${esc(b)}</td><td class="num">${esc(diff)}</td><td class="num">${esc(formatInterval(d.ci95, q))}</td><td class="num">${d.relative === null || Number.isNaN(d.relative) ? '–' : esc(`${d.relative > 0 ? '+' : ''}${pct(d.relative)}`)}</td><td>${d.significant ? '<span class="pass">yes</span>' : 'no'}</td></tr>`;
  };
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
          desc: `${sig.length} of ${c.differences.length} metrics differ significantly (${c.method === 'paired' ? 'paired' : 'Welch'} intervals).`,
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
    html: `<div data-section="comparison"><dl class="meta">${who(c.a)}${who(c.b)}</dl><p class="summary-line"><strong>${sig.length}</strong> of ${c.differences.length} shared metrics differ significantly. ${esc(c.methodNote)}</p>${oneReplication ? note(oneReplication) : ''}${c.lostNote ? note(c.lostNote) : ''}${changes}${chart}${scrollBox('Differences B − A', `<table class="data"><caption>Differences B − A (the ${shown.length} most important; significant first)</caption><thead><tr><th scope="col">metric</th><th scope="col">unit</th><th scope="col">A</th><th scope="col">B</th><th scope="col">B − A</th><th scope="col">95% CI</th><th scope="col">relative</th><th scope="col">significant</th></tr></thead><tbody>${shown.map(row).join('')}</tbody></table>`)}${c.onlyInA.length || c.onlyInB.length ? note(`${c.onlyInA.length} metrics only in A and ${c.onlyInB.length} only in B are left out.`) : ''}</div>`,
  };
}

function short(v: unknown): string {
  const s = v === undefined ? '(absent)' : typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}
