import { describe, expect, it } from 'vitest';
import { mean, pairedDifference, run } from '../../helpers/scenario-run';
import type { ScenarioResult } from '../../../src/experiment/scenario.runner';

describe('Konsolosluk.NET model', () => {
  // One quarter keeps the suite fast; missions and catalogue are the real ones.
  // The base model: the pandemic stages have their own tests below.
  const QUARTER = [
    'horizon=91d',
    'params.citizens=170000',
    'params.pandemic=null',
    'params.atClosing=turn-away',
  ];

  it('serves the demand it is given with the calibrated transactions per citizen', async () => {
    const r = await run('paper-konsolosluk-2020', QUARTER, 3);
    expect(mean(r, 'derived.citizens')).toBe(170_000);
    const perCitizen = mean(r, 'derived.transactionsPerCitizen');
    expect(perCitizen).toBeGreaterThan(2.3);
    expect(perCitizen).toBeLessThan(2.45);
    expect(mean(r, 'derived.missions')).toBeGreaterThan(240);
  });

  it('a 20% staff cut raises waits and walk-ins lost (paired, same citizens)', async () => {
    const base = await run('paper-konsolosluk-2020', QUARTER, 3);
    const cut = await run('paper-konsolosluk-2020', [...QUARTER, 'params.staffFactor=0.8'], 3);
    const wait = pairedDifference(base, cut, 'derived.meanWaitWalkInMinutes');
    expect(wait.mean - wait.halfWidth).toBeGreaterThan(0);
    expect(mean(cut, 'derived.walkInsLost')).toBeGreaterThan(mean(base, 'derived.walkInsLost'));
    expect(mean(cut, 'derived.transactions')).toBeLessThan(mean(base, 'derived.transactions'));
  });

  it('an 8-week closure pushes the same demand into fewer days: more lost', async () => {
    const base = await run('paper-konsolosluk-2020', QUARTER, 3);
    const closed = await run(
      'paper-konsolosluk-2020',
      [...QUARTER, 'calendar.closures=[{from: 2020-02-01, to: 2020-03-27}]'],
      3,
    );
    expect(mean(closed, 'derived.citizens')).toBe(170_000);
    expect(mean(closed, 'derived.walkInsLost')).toBeGreaterThan(
      2 * mean(base, 'derived.walkInsLost'),
    );
  });

  it('pre-applications on konsolosluk.gov.tr save officer hours only when they shorten the counter work', async () => {
    const saves = await run('paper-konsolosluk-2020', QUARTER, 3);
    expect(mean(saves, 'derived.preAppliedVisits')).toBeGreaterThan(0);
    const saved = saves.metrics['derived.officerHoursSavedByPreApplication'];
    expect(saved.ci95![0]).toBeGreaterThan(0);
    const same = await run(
      'paper-konsolosluk-2020',
      [...QUARTER, 'params.preApplication.minutesFactor=1'],
      3,
    );
    // Same minutes with or without the portal: the difference is noise around zero.
    expect(Math.abs(mean(same, 'derived.officerHoursSavedByPreApplication'))).toBeLessThan(
      saved.mean / 5,
    );
  });

  it('the multi-year trend is judged on simulated years, and can fail', async () => {
    const ok = await run('paper-konsolosluk-trend', ['horizon=28d', 'params.citizens=60000'], 2);
    expect(mean(ok, 'derived.trendHolds')).toBe(1);
    // Minutes that rise instead of fall must break the trend verdict.
    const broken = await run(
      'paper-konsolosluk-trend',
      [
        'horizon=28d',
        'params.citizens=60000',
        'params.trend=[{year: 2019, volumeFactor: 0.9, minutesFactor: 0.8}, {year: 2020, volumeFactor: 1, minutesFactor: 1}]',
      ],
      2,
    );
    expect(mean(broken, 'derived.trendHolds')).toBe(0);
  });
});

/**
 * The pandemic year of paper-konsolosluk-2020 on a half year (January-June) with a
 * smaller demand, so the closure (mid-March to May) and the start of the reopening
 * are inside the horizon and the runs stay short.
 */
const HALF = ['horizon=182d', 'params.citizens=30000'];

const perDay = (r: ScenarioResult, month: string) => mean(r, `derived.completionsPerDay.${month}`);

describe('Konsolosluk.NET in the pandemic year', () => {
  it('the closure is visible: April serves far fewer citizens a day than January-February, and the total is kept', async () => {
    const r = await run('paper-konsolosluk-2020', HALF, 2);
    const before = (perDay(r, '2020-01') * 31 + perDay(r, '2020-02') * 29) / 60;
    expect(perDay(r, '2020-04')).toBeLessThan(0.25 * before);
    // The demand moved in time, not away: every citizen of the horizon arrives.
    expect(mean(r, 'derived.citizens')).toBe(30_000);
    // June brings the held-back demand back on fewer counters: busier than before the closure.
    expect(perDay(r, '2020-06')).toBeGreaterThan(before);
  });

  it('without the pandemic stages the same months are flat (the shape comes from the stages)', async () => {
    const flat = await run('paper-konsolosluk-2020', [...HALF, 'params.pandemic=null'], 2);
    const flatBefore = (perDay(flat, '2020-01') * 31 + perDay(flat, '2020-02') * 29) / 60;
    expect(Number.isNaN(perDay(flat, '2020-04'))).toBe(false);
    expect(perDay(flat, '2020-04') / flatBefore).toBeGreaterThan(0.85);
  });

  it('the arm without the online channels costs officer hours and grows the backlog (paired)', async () => {
    const r = await run('paper-konsolosluk-2020', HALF, 3);
    const hours = r.metrics['derived.withoutOnline.officerHours'];
    expect(hours.ci95![0]).toBeGreaterThan(0);
    expect(mean(r, 'derived.withoutOnline.peakBacklog')).toBeGreaterThan(0);
    // Perturbation: dearer phone bookings and enquiries mean more extra hours (same citizens).
    const dear = await run(
      'paper-konsolosluk-2020',
      [...HALF, 'params.pandemic.withoutOnline={bookingMinutes: 8, enquiryMinutes: 6}'],
      3,
    );
    const d = pairedDifference(r, dear, 'derived.withoutOnline.officerHours');
    expect(d.mean - d.halfWidth).toBeGreaterThan(0);
  });

  it('more deferred demand coming back raises the peak backlog; more staff in the reopening lowers it', async () => {
    const base = await run('paper-konsolosluk-2020', HALF, 2);
    const none = await run(
      'paper-konsolosluk-2020',
      [...HALF, 'params.pandemic.deferred.share=0'],
      2,
    );
    expect(mean(none, 'derived.peakBacklog')).toBeLessThan(mean(base, 'derived.peakBacklog'));
    const staffed = await run(
      'paper-konsolosluk-2020',
      [...HALF, 'params.pandemic.phases.1.counterShare=0.6'],
      2,
    );
    expect(mean(staffed, 'derived.peakBacklog')).toBeLessThan(mean(base, 'derived.peakBacklog'));
  });
});
