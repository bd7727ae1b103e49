import { describe, expect, it } from 'vitest';
import { mean, pairedDifference, run } from './helpers';

describe('Konsolosluk.NET model', () => {
  // One quarter keeps the suite fast; missions and catalogue are the real ones.
  // The base model (the pandemic stages have their own tests in tests/unit/konsolosluk).
  const QUARTER = ['horizon=91d', 'params.citizens=170000', 'params.pandemic=null'];

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

describe('Hızır load model', () => {
  it('officer hours fall as the bot deflects more questions', async () => {
    const hours = [];
    for (const d of [0, 0.3, 0.6]) {
      const r = await run('hizir-load', [`params.deflection=${d}`, 'horizon=14d'], 3);
      hours.push(mean(r, 'derived.handedOff'));
    }
    expect(hours[1]).toBeLessThan(hours[0]);
    expect(hours[2]).toBeLessThan(hours[1]);
  });

  it('measured deflection comes from running the real engine', async () => {
    const r = await run('paper-hizir', ['horizon=2d'], 2);
    const d = mean(r, 'derived.deflection');
    expect(d).toBeGreaterThan(0.5);
    expect(d).toBeLessThanOrEqual(1);
    expect(mean(r, 'derived.answersInstantly')).toBe(1);
  });
});

describe('payments model', () => {
  it('payments a year follow the volumes that feed them', async () => {
    const base = await run('paper-payments', ['horizon=30d'], 2);
    const fewer = await run('paper-payments', ['horizon=30d', 'params.evisaYears=[2020]'], 2);
    expect(mean(fewer, 'derived.paymentsPerYear')).toBeLessThan(
      mean(base, 'derived.paymentsPerYear'),
    );
    const noOnline = await run(
      'paper-payments',
      ['horizon=30d', 'params.onlineShareWhereOffered=0'],
      2,
    );
    expect(mean(noOnline, 'derived.physicalPosPaymentsPerYear')).toBeGreaterThan(
      mean(base, 'derived.physicalPosPaymentsPerYear'),
    );
  });
});

describe('konsolosluk.gov.tr model', () => {
  it('too few portal slots lose citizens at the peaks', async () => {
    const base = await run('paper-gov-tr-2020', ['horizon=14d', 'params.citizens=50000'], 2);
    const small = await run(
      'paper-gov-tr-2020',
      ['horizon=14d', 'params.citizens=50000', 'params.slots=3'],
      2,
    );
    expect(mean(small, 'derived.abandoned')).toBeGreaterThan(
      10 * Math.max(1, mean(base, 'derived.abandoned')),
    );
    expect(mean(small, 'derived.citizensServed')).toBeLessThan(
      mean(base, 'derived.citizensServed'),
    );
  });
});
