import { describe, expect, it } from 'vitest';
import type { ScenarioResult } from '../../../src/scenario/scenario.runner';
import { mean, pairedDifference, run } from '../models/helpers';

/**
 * The pandemic year of paper-konsolosluk-2020 on a half year (January-June) with a
 * smaller demand, so the closure (mid-March to May) and the start of the reopening
 * are inside the horizon and the runs stay short.
 */
const HALF = ['horizon=182d', 'params.citizens=60000'];

const perDay = (r: ScenarioResult, month: string) => mean(r, `derived.completionsPerDay.${month}`);

describe('Konsolosluk.NET in the pandemic year', () => {
  it('the closure is visible: April serves far fewer citizens a day than January-February, and the total is kept', async () => {
    const r = await run('paper-konsolosluk-2020', HALF, 3);
    const before = (perDay(r, '2020-01') * 31 + perDay(r, '2020-02') * 29) / 60;
    expect(perDay(r, '2020-04')).toBeLessThan(0.25 * before);
    // The demand moved in time, not away: every citizen of the horizon arrives.
    expect(mean(r, 'derived.citizens')).toBe(60_000);
    // June brings the held-back demand back on fewer counters: busier than before the closure.
    expect(perDay(r, '2020-06')).toBeGreaterThan(before);
    // Without the stages the same months are flat (the shape comes from the pandemic block).
    const flat = await run('paper-konsolosluk-2020', [...HALF, 'params.pandemic=null'], 2);
    const flatBefore = (perDay(flat, '2020-01') * 31 + perDay(flat, '2020-02') * 29) / 60;
    expect(Number.isNaN(perDay(flat, '2020-04'))).toBe(false);
    expect(perDay(flat, '2020-04') / flatBefore).toBeGreaterThan(0.85);
  });

  it('the arm without the online channels costs officer hours and grows the backlog (paired)', async () => {
    const r = await run('paper-konsolosluk-2020', HALF, 3);
    const hours = r.metrics['derived.withoutOnline.officerHours'];
    expect(hours.ci95[0]).toBeGreaterThan(0);
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
