import type { SavingsAudit } from '../evisa/evisa-savings-audit';
import { fmt, table } from './format';

/**
 * The savings audit in words: the paper's arithmetic, the simulation's, cost per transaction
 * and the sensitivity table. The audit itself (which e-visa figures it reads) is the e-visa
 * model's: src/evisa/evisa-savings-audit.ts.
 */

export function renderAudit(a: SavingsAudit): string {
  const out: string[] = [];
  out.push('Savings audit');
  out.push(
    `  The paper: ${fmt(a.paper.minutesPerApplication)} min × ${fmt(a.paper.applications)} applications = ${fmt((a.paper.minutesPerApplication * a.paper.applications) / 60)} h ` +
      `(reported ${fmt(a.paper.hours)} h); ÷ ${fmt(a.paper.hoursPerWorkday)} h a day = ${fmt((a.paper.minutesPerApplication * a.paper.applications) / 60 / a.paper.hoursPerWorkday)} days (reported ${fmt(a.paper.workdays)}).`,
  );
  out.push(
    '  The three savings figures are one assumption (12 minutes for every application) multiplied out.',
  );
  out.push(
    // Four decimals, as the figure table and the run write these minutes (12.1224): rounded to
    // two, 12.57 − 0.44 printed beside 12.12 did not subtract.
    `  Simulated: desk ${fmt(a.simulated.deskMinutes, 4)} min − e-visa ${fmt(a.simulated.evisaMinutes, 4)} min = ${fmt(a.simulated.minutesPerApplication, 4)} min saved per application; ` +
      `× ${fmt(Math.round(a.simulated.applications))} = ${fmt(Math.round(a.simulated.hours))} h = ${fmt(Math.round(a.simulated.workdays))} working days.`,
  );
  if (a.costPerTransaction.length) {
    out.push('');
    out.push(
      table(
        ['channel', 'cost per transaction (USD)'],
        a.costPerTransaction.map((c) => [c.channel, fmt(c.usd, 2)]),
      ),
    );
  }
  out.push('');
  const g = a.sensitivity;
  if (!g) {
    out.push(
      `  No sensitivity table of the hours saved: ${a.sensitivityRefused ?? 'the run gives no desk minutes'}.`,
    );
    return out.join('\n');
  }
  // Shares and factors as written in a scenario (0.5, 1.25), not padded to fmt's three decimals.
  const plain = (x: number) => String(Number(x.toPrecision(4)));
  const share = (s: number) => `${plain(s * 100)}%`;
  // The run's own row and column are marked: after --set they are not the paper's 100% and × 1.
  const mark = (label: string, own: boolean) => (own ? `${label} (run)` : label);
  out.push(
    '  Officer hours saved if only a share of e-visa applicants would have used a desk (rows), and if every desk step took a multiple of its minutes as the scenario writes them (columns); ' +
      `this run: ${share(g.run.deskShare)} at a desk, × ${plain(g.run.minutesFactor)} (params.manual.deskShare and minutesFactor):`,
  );
  out.push(
    table(
      [
        'desk share',
        ...g.minutesFactors.map((f) => mark(`desk min × ${plain(f)}`, f === g.run.minutesFactor)),
      ],
      g.deskShares.map((s, i) => [
        mark(share(s), s === g.run.deskShare),
        ...g.hoursSaved[i].map((h) => fmt(Math.round(h))),
      ]),
    )
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n'),
  );
  out.push(
    "  (Linear in both from the run's per-applicant minutes, its cell is the hours saved above; a negative figure means the e-visa review costs more officer time than the desks it replaces.)",
  );
  return out.join('\n');
}
