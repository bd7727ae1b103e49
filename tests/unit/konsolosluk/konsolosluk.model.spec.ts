import { describe, expect, it } from 'vitest';
import { mean, pairedDifference, run } from '../../helpers/scenario-run';

describe('Konsolosluk.NET model', () => {
  // One quarter keeps the suite fast; missions and catalogue are the real ones.
  const QUARTER = ['horizon=91d', 'params.citizens=170000'];

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
    expect(saved.ci95[0]).toBeGreaterThan(0);
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
