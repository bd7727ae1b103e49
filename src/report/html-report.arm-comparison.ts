/**
 * An arm comparison the service model declares (`ServiceModel.comparisons`): officer
 * minutes per application in a baseline arm against a candidate arm, and what is saved,
 * as a waterfall and a table. No model's metric names are written here: they come from
 * the declaration, and per-arm and derived keys from `armMetricKey` and `derivedMetricKey`.
 */
import type { MetricEstimate } from '../experiment/scenario.runner';
import {
  confidenceInterval,
  NON_NEGATIVE,
  UNBOUNDED,
  withinSupport,
  type Support,
} from '../sim/stats';
import { armMetricKey, derivedMetricKey, type ArmComparison } from '../scenario/service-model';
import { fmt } from './format';
import {
  barCi,
  ciBesideIntervalText,
  figure,
  intervalText,
  note,
  type ReportResult,
} from './html-report.helpers';
import { negligible } from './numbers';
import { esc, waterfallChart } from './svg-chart';

interface PerApplication {
  baseline: MetricEstimate;
  candidate: MetricEstimate;
  saved: MetricEstimate;
  source: string;
}

/** Per-application officer minutes: the model's derived figures, else officer time (totals.officerHours) per arrival. */
function perApplication(result: ReportResult, c: ArmComparison): PerApplication | undefined {
  const m = result.metrics;
  const figures = c.minutesPerApplication;
  if (figures) {
    const base = m[derivedMetricKey(figures.baseline)];
    const cand = m[derivedMetricKey(figures.candidate)];
    const saved = m[derivedMetricKey(figures.saved)];
    if (base && cand && saved)
      return { baseline: base, candidate: cand, saved, source: figures.source };
  }
  const perRep = (arm: string): number[] | undefined => {
    const arrivals = m[armMetricKey(arm, 'totals.arrivals')];
    if (!arrivals) return undefined;
    // Officer time only (totals.officerHours: the staffed stations'), not a delay's or a machine's.
    const officer = m[armMetricKey(arm, 'totals.officerHours')];
    if (officer) return arrivals.samples.map((n, r) => (officer.samples[r] * 60) / Math.max(1, n));
    // A summary.json of a build before totals.officerHours: every station's busy hours.
    const stations = armMetricKey(arm, 'stations.');
    const keys = Object.keys(m).filter((k) => k.startsWith(stations) && k.endsWith('.busyHours'));
    if (!keys.length) return undefined;
    return arrivals.samples.map(
      (n, r) => (keys.reduce((acc, k) => acc + m[k].samples[r], 0) * 60) / Math.max(1, n),
    );
  };
  const a = perRep(c.baseline.arm);
  const b = perRep(c.candidate.arm);
  if (!a || !b || a.length !== b.length) return undefined;
  // Each replication's minutes per arrival, as estimateMetric treats a run's figures: the
  // Student-t interval over replications (none from one), cut where minutes cannot go. The
  // saved minutes are paired by replication: both arms served the same applicants.
  const est = (xs: number[], support: Support): MetricEstimate => {
    const ci = confidenceInterval(xs);
    return ci.n > 1
      ? { ...withinSupport(ci, support), samples: xs }
      : { ...ci, halfWidth: null, ci95: null, samples: xs };
  };
  return {
    baseline: est(a, NON_NEGATIVE),
    candidate: est(b, NON_NEGATIVE),
    saved: est(
      a.map((v, i) => v - b[i]),
      UNBOUNDED,
    ),
    source: 'officer time (the staffed stations) per arrival in each arm',
  };
}

/**
 * An estimate's 95% CI column. Replications that all gave the same figure have no spread to
 * estimate an interval from: that is said (to rounding where they differ only in it), not
 * written as a 0-wide interval.
 */
function intervalCell(e: MetricEstimate): string {
  const xs = e.samples ?? [];
  if (e.ci95 !== null && xs.length > 1 && negligible(e.mean, e.halfWidth))
    return `the same in all ${xs.length} replications${xs.every((x) => x === xs[0]) ? '' : ', to rounding'}`;
  return intervalText(e.ci95);
}

/** "a desk", "an e-visa". */
function article(label: string): string {
  return `${/^[aeiou]/i.test(label) ? 'an' : 'a'} ${label}`;
}

/** The section body for one declared comparison whose two arms both ran. */
export function armComparison(result: ReportResult, c: ArmComparison): string {
  const per = perApplication(result, c);
  const base = c.baseline;
  const cand = c.candidate;
  if (!per)
    return note(`The run has arms ${cand.arm} and ${base.arm} but no officer time to compare.`);
  const m = result.metrics;
  const baseNoun = article(base.label);
  const svg = waterfallChart({
    title: `Officer minutes per application: ${base.label}, ${cand.label} and saved`,
    desc: `${baseNoun[0].toUpperCase()}${baseNoun.slice(1)} application takes ${fmt(per.baseline.mean, 2)} officer minutes; ${article(cand.label)} ${fmt(per.candidate.mean, 2)}; ${fmt(per.saved.mean, 2)} minutes are saved per application.`,
    steps: [
      {
        label: `${base.label} (${base.arm} arm)`,
        value: per.baseline.mean,
        kind: 'total',
        ci: barCi(per.baseline),
      },
      { label: `${cand.label} (${cand.arm} arm)`, value: -per.candidate.mean, kind: 'delta' },
      {
        label: 'saved',
        value: per.saved.mean,
        kind: 'total',
        ci: barCi(per.saved),
      },
    ],
    yLabel: 'officer minutes per application',
  });
  const rows: [string, MetricEstimate | undefined, string][] = [
    [`${base.label} minutes per application (${base.arm} arm)`, per.baseline, 'minutes'],
    [`${cand.label} minutes per application (${cand.arm} arm)`, per.candidate, 'minutes'],
    ['saved per application', per.saved, 'minutes'],
    ...(c.figures ?? []).map((f): [string, MetricEstimate | undefined, string] => [
      f.label,
      m[derivedMetricKey(f.figure)],
      f.unit,
    ]),
  ];
  const table = `<table class="data compact"><caption>Officer time, ${esc(base.label)} against ${esc(cand.label)} (mean ± half-width of the 95% CI; both arms served the same applicants)</caption><thead><tr><th scope="col">figure</th><th scope="col">value</th><th scope="col">95% CI</th><th scope="col">unit</th></tr></thead><tbody>${rows
    .filter(([, e]) => e)
    .map(
      ([label, e, unit]) =>
        `<tr><th scope="row">${esc(label)}</th><td class="num">${esc(ciBesideIntervalText(e!))}</td><td class="num">${esc(intervalCell(e!))}</td><td>${esc(unit)}</td></tr>`,
    )
    .join('')}</tbody></table>`;
  return `${figure('savings-waterfall', svg, `The ${esc(base.label)} arm’s officer minutes per application, less what the ${esc(cand.label)} still takes, leave what is saved. Source: ${esc(per.source)}.`)}${table}`;
}
