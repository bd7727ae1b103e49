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
  out.push(
    '  Officer hours saved if only a share of e-visa applicants would have used a desk (rows), and if a desk application took a multiple of the simulated desk minutes (columns):',
  );
  out.push(
    table(
      ['desk share', ...a.sensitivity.minutesFactors.map((f) => `desk min × ${f}`)],
      a.sensitivity.deskShares.map((s, i) => [
        `${s * 100}%`,
        ...a.sensitivity.hoursSaved[i].map((h) => fmt(Math.round(h))),
      ]),
    )
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n'),
  );
  out.push(
    '  (Linear in both from the simulated per-applicant minutes; a negative figure means the e-visa review costs more officer time than the desks it replaces.)',
  );
  return out.join('\n');
}
