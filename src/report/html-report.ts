/**
 * One self-contained HTML report: every chart is inline SVG drawn here, the styles are
 * inline, and a content security policy forbids fetching anything, so the file opens
 * offline, prints, and can be mailed as it is. Scenario strings are escaped everywhere.
 *
 * This file is the page shell (head, contents, sections, footer); each kind of report
 * draws its sections in its own file: a run (`html-report.run.ts`, with the model's arm
 * comparisons in `html-report.arm-comparison.ts`), a reproduction, a comparison of two
 * runs, a sweep; shared helpers are in `html-report.helpers.ts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ComparisonResult } from '../experiment/compare';
import type { SavingsAudit } from '../evisa/evisa-savings-audit';
import type { ReproduceResult } from '../experiment/reproduce';
import type { SweepResult } from '../experiment/sweep';
import { QUANTILE_RELATIVE_ACCURACY } from '../sim/stats';
import { formatSeconds } from './numbers';
import { reportPage } from './html-report.assets';
import { comparisonSection } from './html-report.comparison';
import type { ReportResult, Section } from './html-report.helpers';
import {
  findingsSection,
  reproductionSection,
  savingsAuditSection,
} from './html-report.reproduction';
import { scenarioSections } from './html-report.run';
import { sweepSections } from './html-report.sweep';
import { esc, resetChartIds } from './svg-chart';

export { TOP_STATIONS } from './html-report.helpers';

export interface ReportInput {
  /** A scenario run; summary.json without time series works too (the time charts are then left out). */
  result?: ReportResult;
  reproduction?: ReproduceResult;
  /** The reproduction's savings audit (the terminal's "Savings audit"), shown after its findings. */
  savingsAudit?: SavingsAudit;
  comparison?: ComparisonResult;
  sweep?: SweepResult;
  /** The run's `--set` overrides (path=value), named in its overview beside the file's description. */
  overrides?: readonly string[];
  /** Shown in the footer; defaults to now (pass a fixed one for byte-identical output). */
  generatedAt?: Date;
}

export function renderReport(input: ReportInput): string {
  resetChartIds();
  const sections: Section[] = [];
  let title = 'consular-sim report';
  let subtitle = '';
  if (input.comparison) {
    const c = input.comparison;
    title = `Comparison: ${c.b.title || c.b.name} against ${c.a.title || c.a.name}`;
    sections.push(comparisonSection(c));
  }
  if (input.sweep) {
    title = `Sweep: ${input.sweep.scenario.title || input.sweep.scenario.name}`;
    sections.push(...sweepSections(input.sweep));
  }
  if (input.reproduction) {
    title = 'Reproducing the paper’s figures';
    subtitle = `${input.reproduction.scenarios.length} scenarios, ${input.reproduction.figures.length} figures, ${formatSeconds(input.reproduction.elapsedSeconds)}`;
    sections.push(reproductionSection(input.reproduction.figures));
    if (input.reproduction.findings?.length)
      sections.push(findingsSection(input.reproduction.findings));
    if (input.savingsAudit) sections.push(savingsAuditSection(input.savingsAudit));
    input.reproduction.scenarios.forEach((r, i) =>
      sections.push(...scenarioSections(r, `s${i + 1}`, true)),
    );
  }
  if (input.result) {
    if (!input.comparison && !input.sweep && !input.reproduction) {
      title = input.result.scenario.title || input.result.scenario.name;
    }
    sections.push(
      ...scenarioSections(
        input.result,
        'run',
        Boolean(input.reproduction || input.comparison || input.sweep),
        input.overrides,
      ),
    );
  }
  if (!sections.length)
    sections.push({
      id: 'empty',
      title: 'Nothing to show',
      html: '<p>This report was generated without a run, reproduction, comparison or sweep.</p>',
    });
  // A reproduction holds several scenarios: its contents list each scenario once (its
  // overview) rather than every section of every scenario.
  const navSections = input.reproduction
    ? sections
        .filter((s) => s.title && (!s.title.includes(': ') || s.title.endsWith(': Overview')))
        .map((s) => ({ ...s, title: s.title.replace(/: Overview$/, '') }))
    : sections.filter((s) => s.title);
  const nav = navSections
    .map((s) => `<li><a href="#${esc(s.id)}">${esc(s.title)}</a></li>`)
    .join('');
  return reportPage({
    title,
    lede: subtitle,
    nav,
    main: sections.map(
      (s) =>
        `<section id="${esc(s.id)}" aria-labelledby="${esc(s.id)}-h">${s.title ? `<h2 id="${esc(s.id)}-h">${esc(s.title)}</h2>` : ''}${s.html}</section>`,
    ),
    footer:
      'Times are in minutes unless stated. Intervals are 95% Student-t confidence intervals over independent replications; ' +
      'a percentile is that of all replications’ observations pooled, its interval from the replications’ own around it (sectioning); ' +
      `a percentile’s includes its quantile sketch’s ${QUANTILE_RELATIVE_ACCURACY * 100}% accuracy, and one that would reach ` +
      'values a figure cannot take (below 0; a share above 100%) is cut there and shown as mean (low to high), not ± half-width. ' +
      'Differences between runs or arms are not cut.' +
      (oneReplication(input)
        ? ' One replication gives no interval: its spread cannot be estimated, so a figure of one replication is shown without one (“needs ≥ 2 replications”), and no difference from it is called significant.'
        : ''),
    script: true,
    generatedAt: input.generatedAt ?? new Date(),
  });
}

/** Whether anything the report shows comes from a run of one replication (no intervals). */
function oneReplication(input: ReportInput): boolean {
  return (
    (input.result !== undefined && input.result.replications < 2) ||
    (input.comparison !== undefined &&
      (input.comparison.a.replications < 2 || input.comparison.b.replications < 2)) ||
    (input.sweep !== undefined && input.sweep.replications < 2) ||
    (input.reproduction?.scenarios.some((r) => r.replications < 2) ?? false)
  );
}

/** Writes `report.html` into dir and returns its path. */
export function writeReport(dir: string, input: ReportInput): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'report.html');
  writeFileSync(file, renderReport(input));
  return file;
}
