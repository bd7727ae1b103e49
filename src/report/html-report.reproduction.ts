/** The reproduction's sections: each paper figure against the simulation, and emergent findings. */
import type { SavingsAudit } from '../evisa/evisa-savings-audit';
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

/**
 * The savings audit, as the terminal prints it under the figures: the paper's arithmetic, the
 * simulation's (desk minutes less e-visa minutes), cost per transaction and the hours saved as the
 * desk share and desk minutes move. The report's assumptions point to it ("the savings audit
 * shows what lower shares do"), so the page must hold it, not only the terminal and reproduce.json.
 */
export function savingsAuditSection(a: SavingsAudit): Section {
  const paperHours = (a.paper.minutesPerApplication * a.paper.applications) / 60;
  const arithmetic =
    `<p>The paper: ${esc(fmt(a.paper.minutesPerApplication))} min × ${esc(fmt(a.paper.applications))} applications = ${esc(fmt(paperHours))} h ` +
    `(reported ${esc(fmt(a.paper.hours))} h); ÷ ${esc(fmt(a.paper.hoursPerWorkday))} h a day = ${esc(fmt(paperHours / a.paper.hoursPerWorkday))} days (reported ${esc(fmt(a.paper.workdays))}). ` +
    'The three savings figures are one assumption (12 minutes for every application) multiplied out.</p>' +
    // Four decimals, as the terminal writes them, so that desk − e-visa visibly gives the saving.
    `<p>Simulated: desk ${esc(fmt(a.simulated.deskMinutes, 4))} min − e-visa ${esc(fmt(a.simulated.evisaMinutes, 4))} min = ${esc(fmt(a.simulated.minutesPerApplication, 4))} min saved per application; ` +
    `× ${esc(fmt(Math.round(a.simulated.applications)))} = ${esc(fmt(Math.round(a.simulated.hours)))} h = ${esc(fmt(Math.round(a.simulated.workdays)))} working days.</p>`;
  const costs = a.costPerTransaction.length
    ? `<table class="data"><caption>Cost per transaction by channel</caption><thead><tr><th scope="col">channel</th><th scope="col">cost per transaction (USD)</th></tr></thead><tbody>${a.costPerTransaction
        .map(
          (c) =>
            `<tr><th scope="row">${esc(c.channel)}</th><td class="num">${esc(fmt(c.usd, 2))}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '';
  const g = a.sensitivity;
  let grid: string;
  if (!g) {
    grid = `<p>No sensitivity table of the hours saved: ${esc(a.sensitivityRefused ?? 'the run gives no desk minutes')}.</p>`;
  } else {
    const plain = (x: number) => String(Number(x.toPrecision(4)));
    const share = (s: number) => `${plain(s * 100)}%`;
    const mark = (label: string, own: boolean) => (own ? `${label} (run)` : label);
    const caption = `Officer hours saved if only a share of e-visa applicants would have used a desk (rows), and if every desk step took a multiple of its minutes as the scenario writes them (columns); this run: ${share(g.run.deskShare)} at a desk, × ${plain(g.run.minutesFactor)} (params.manual.deskShare and minutesFactor)`;
    grid = scrollBox(
      'Officer hours saved by desk share and desk minutes',
      `<table class="data" data-table="savings-sensitivity"><caption>${esc(caption)}</caption><thead><tr><th scope="col">desk share</th>${g.minutesFactors
        .map(
          (f) =>
            `<th scope="col">${esc(mark(`desk min × ${plain(f)}`, f === g.run.minutesFactor))}</th>`,
        )
        .join('')}</tr></thead><tbody>${g.deskShares
        .map(
          (s, i) =>
            `<tr><th scope="row">${esc(mark(share(s), s === g.run.deskShare))}</th>${g.hoursSaved[i]
              .map((h) => `<td class="num">${esc(fmt(Math.round(h)))}</td>`)
              .join('')}</tr>`,
        )
        .join('')}</tbody></table>`,
    );
    grid += note(
      "Linear in both from the run's per-applicant minutes, its cell is the hours saved above; a negative figure means the e-visa review costs more officer time than the desks it replaces.",
    );
  }
  return {
    id: 'savings-audit',
    title: 'Savings audit',
    html: `<div data-section="savings-audit">${arithmetic}${costs}${grid}</div>`,
  };
}
