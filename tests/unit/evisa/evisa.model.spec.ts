import { describe, expect, it } from 'vitest';
import { mean, pairedDifference, run } from '../../helpers/scenario-run';

// A short, thin slice of 2013-2021 keeps these fast; savings are per applicant, so the
// sample only widens their confidence interval.
const SMALL = ['params.sampling=0.002', 'horizon=365d'];

describe('e-visa model: emergent figures come from simulated events', () => {
  it('officer minutes saved are desk minus e-visa officer busy time per applicant', async () => {
    const r = await run('paper-evisa', SMALL);
    const saved = mean(r, 'derived.officerMinutesSavedPerApplication');
    const desk =
      (mean(r, 'manual.stations.desk.busyHours') * 60) / mean(r, 'manual.totals.arrivals');
    const digital = (mean(r, 'stations.review.busyHours') * 60) / mean(r, 'totals.arrivals');
    expect(saved).toBeCloseTo(desk - digital, 6);
    // The two arms see the same applicants (common random numbers).
    expect(r.metrics['manual.totals.arrivals'].samples).toEqual(
      r.metrics['totals.arrivals'].samples,
    );
  });

  it('doubling the desk arm officer minutes raises the hours saved accordingly', async () => {
    const base = await run('paper-evisa', SMALL);
    const slow = await run('paper-evisa', [...SMALL, 'params.manual.minutesFactor=2']);
    const deskMinutes = mean(base, 'derived.manualOfficerMinutesPerApplication');
    expect(mean(slow, 'derived.manualOfficerMinutesPerApplication')).toBeCloseTo(
      2 * deskMinutes,
      1,
    );
    const d = pairedDifference(base, slow, 'derived.officerHoursSaved');
    expect(d.mean - d.halfWidth).toBeGreaterThan(0);
    // Saved hours rise by one more desk arm's worth of minutes per applicant.
    const expected = (deskMinutes * mean(base, 'derived.applications')) / 60;
    expect(Math.abs(d.mean - expected) / expected).toBeLessThan(0.02);
  });

  it('fewer applicants who would have gone to a desk means fewer hours saved', async () => {
    const base = await run('paper-evisa', SMALL);
    const half = await run('paper-evisa', [...SMALL, 'params.manual.deskShare=0.5']);
    expect(mean(half, 'derived.officerHoursSaved')).toBeLessThan(
      0.6 * mean(base, 'derived.officerHoursSaved'),
    );
  });

  it('fee revenue is what simulated applicants paid: refusing more applicants lowers it', async () => {
    const base = await run('paper-evisa', SMALL);
    const strict = await run('paper-evisa', [...SMALL, 'params.digital.screening.refuseShare=0.2']);
    const ratio = mean(strict, 'derived.feeRevenueUsd') / mean(base, 'derived.feeRevenueUsd');
    expect(ratio).toBeGreaterThan(0.75);
    expect(ratio).toBeLessThan(0.85);
  });
});

describe('e-visa record day: capacity decides', () => {
  it('halving processing capacity issues far fewer than 50,000 in the day', async () => {
    const base = await run('paper-evisa-peak-day', [], 3);
    const half = await run('paper-evisa-peak-day', ['params.capacityFactor=0.5'], 3);
    const issued = mean(base, 'derived.peakDayIssued');
    const demand = mean(base, 'derived.peakDayDemand');
    expect(issued).toBeLessThan(demand); // a backlog remains at midnight: capacity binds
    expect(mean(half, 'derived.peakDayIssued')).toBeLessThan(0.7 * issued);
    expect(mean(half, 'derived.peakDayIssued')).toBeLessThan(50_000);
  });

  it('more demand on the day cannot push issuance far past capacity', async () => {
    const base = await run('paper-evisa-peak-day', [], 3);
    const double = await run('paper-evisa-peak-day', ['params.demandFactor=2'], 3);
    expect(mean(double, 'derived.peakDayDemand')).toBeCloseTo(
      2 * mean(base, 'derived.peakDayDemand'),
      -1,
    );
    expect(mean(double, 'derived.peakDayIssued')).toBeLessThan(
      1.25 * mean(base, 'derived.peakDayIssued'),
    );
  });
});
