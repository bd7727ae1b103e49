/** The reproduction's sections: each paper figure against the simulation, and emergent findings. */
import type { FigureComparison, Finding } from '../experiment/reproduce';
import { fmt, pct } from './format';
import { figure, intervalText, note, scrollBox, type Section } from './html-report.helpers';
import { formatMean, halfWidthOf, markSameValues, SAME_VALUES_NOTE } from './numbers';
import { esc, hBarChart, PALETTE } from './svg-chart';

export function reproductionSection(figures: FigureComparison[]): Section {
  const ok = figures.filter((f) => f.ok).length;
  const sym = { exact: '=', about: '≈', 'at-least': '≥', qualitative: '' } as const;
  const rows = figures.map(
    (f) =>
      `<tr class="${f.ok ? 'ok' : 'bad'}"><th scope="row"><code>${esc(f.id)}</code><div class="sub">${esc(f.description)}</div></th><td data-kind="${esc(f.kind)}">${esc(f.kind)}</td><td class="num">${f.paper === null ? 'qualitative' : `${esc(sym[f.comparison])} ${esc(fmt(f.paper))}`}</td>${simulatedCells(f)}<td class="num">${f.relError === null ? '–' : esc(pct(f.relError, 2))}</td><td class="num">${f.comparison === 'at-least' ? '≥ paper' : f.comparison === 'qualitative' ? '–' : `±${esc(pct(f.tolerance, 0))}`}</td><td>${esc(f.unit)}</td><td class="verdict">${f.ok ? '<span class="pass">✓ agrees</span>' : '<span class="fail">✗ differs</span>'}</td><td><code>${esc(f.scenario)}</code><div class="sub"><code>${esc(f.metric)}</code>${f.note ? ` — ${esc(f.note)}` : ''}</div></td></tr>`,
  );
  const quantitative = figures.filter(
    (f) => f.paper !== null && f.paper !== 0 && f.relError !== null,
  );
  const chart = quantitative.length
    ? figure(
        'reproduction',
        hBarChart({
          title: 'Simulated against the paper: relative error with 95% CI',
          desc: `${ok} of ${figures.length} figures agree within tolerance.`,
          items: quantitative.map((f) => ({
            label: f.id,
            value: f.relError! * 100,
            // No whisker where the figure had one replication (no interval).
            ci: f.simulated.ci95
              ? ([
                  ((f.simulated.ci95[0] - f.paper!) / f.paper!) * 100,
                  ((f.simulated.ci95[1] - f.paper!) / f.paper!) * 100,
                ] as [number, number])
              : undefined,
            color: f.ok ? PALETTE[2] : PALETTE[5],
            note: f.ok ? 'agrees' : 'differs',
          })),
          xLabel: '(simulated − paper) / paper, %',
          xFormat: (v) => `${fmt(v, 1)}%`,
        }),
        'Relative error of each simulated figure against the paper, with the 95% CI; green agrees within its tolerance, orange does not.',
      )
    : '';
  return {
    id: 'reproduction',
    title: 'The paper against the simulation',
    html: `<div data-section="reproduction"><p class="summary-line"><strong>${ok} of ${figures.length}</strong> figures agree with the paper within their tolerance. <em>Input</em> figures were used to calibrate the model; <em>emergent</em> ones come out of the simulated events; <em>measured</em> ones are measured outside the simulation (the Hızır engine over its test questions), so no assumption about the simulated load moves them.</p>${chart}${scrollBox('Figures from the paper and from simulation', `<table class="data"><caption>Figures from the paper and from simulation</caption><thead><tr><th scope="col">figure</th><th scope="col">kind</th><th scope="col">paper</th><th scope="col">simulated</th><th scope="col">95% CI</th><th scope="col">rel. error</th><th scope="col">tolerance</th><th scope="col">unit</th><th scope="col">verdict</th><th scope="col">scenario, metric</th></tr></thead><tbody>${rows.join('')}</tbody></table>`)}${sameValuesNote(figures.filter((f) => f.comparison !== 'qualitative'))}</div>`,
  };
}

/** SAME_VALUES_NOTE under a table where a row's replications all gave the same value. */
function sameValuesNote(rows: { simulated: { sameInEveryReplication?: true } }[]): string {
  return rows.some((r) => r.simulated.sameInEveryReplication)
    ? note(`95% CI: ${SAME_VALUES_NOTE}.`)
    : '';
}

/**
 * The simulated value and its interval. A qualitative figure (a trend holds, or not) is a yes or a
 * no, as the terminal prints it, with no interval and no tolerance: its 0/1 mean had been shown
 * as `1`, `1 to 1` and `±5%`.
 */
function simulatedCells(f: FigureComparison): string {
  if (f.comparison === 'qualitative')
    return `<td class="num">${f.simulated.mean >= 1 ? 'yes' : 'no'}</td><td class="num">–</td>`;
  return `<td class="num">${esc(formatMean(f.simulated.mean, halfWidthOf(f.simulated.ci95)))}</td><td class="num">${esc(markSameValues(intervalText(f.simulated.ci95), f.simulated))}</td>`;
}

/** Emergent findings: simulated results that are not paper figures. */
export function findingsSection(findings: Finding[]): Section {
  const rows = findings.map(
    (f) =>
      `<tr><th scope="row">${esc(f.label)}${f.note ? `<div class="sub">${esc(f.note)}</div>` : ''}</th><td class="num">${esc(formatMean(f.simulated.mean, halfWidthOf(f.simulated.ci95)))}</td><td class="num">${esc(markSameValues(intervalText(f.simulated.ci95), f.simulated))}</td><td>${esc(f.unit)}</td><td><code>${esc(f.scenario)}</code><div class="sub"><code>${esc(f.metric)}</code></div></td></tr>`,
  );
  return {
    id: 'findings',
    title: 'Emergent findings (not paper figures)',
    html: `<div data-section="findings"><p>Results the simulation produces that the paper does not report: they rest on the scenarios' stated assumptions, so read them as what those assumptions imply.</p>${scrollBox('Emergent findings', `<table class="data"><caption>Emergent findings: mean and 95% CI over replications</caption><thead><tr><th scope="col">finding</th><th scope="col">simulated</th><th scope="col">95% CI</th><th scope="col">unit</th><th scope="col">scenario, metric</th></tr></thead><tbody>${rows.join('')}</tbody></table>`)}${sameValuesNote(findings)}</div>`,
  };
}
