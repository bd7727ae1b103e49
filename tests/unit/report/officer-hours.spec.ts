import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../../src/report/html-report';
import { renderSummary } from '../../../src/report/summary.report';
import { armMetricKey } from '../../../src/scenario/service-model';
import { fromDocument } from '../../../src/scenario/scenario.loader';
import { ScenarioErrors } from '../../../src/scenario/scenario-error';
import { run } from '../../helpers/scenario-run';

/**
 * Officer hours count the staffed stations only (stations.<id>.staff, StationModel.staff): a
 * courier's days in transit, a mission's days correcting a request, seats on a flight and a
 * chatbot are not officer time. The text, --json (totals.officerHours) and report.html agree.
 */
const busy = (r: Awaited<ReturnType<typeof run>>, arm: string, id: string, i: number) =>
  r.metrics[armMetricKey(arm, `stations.${id}.busyHours`)].samples[i];

describe('officer hours: the staffed stations only', () => {
  it('the Diplomatic Portal: the protocol officers, not the courier nor the missions', async () => {
    const r = await run('paper-diplomatic-portal', ['horizon=28d'], 2);
    for (const arm of ['main', 'paper']) {
      const total = r.metrics[armMetricKey(arm, 'totals.officerHours')];
      expect(total, arm).toBeDefined();
      total.samples.forEach((x, i) => {
        expect(x).toBeCloseTo(busy(r, arm, 'officers', i), 9);
        // The delay stations were busy (days in transit), and are left out.
        expect(busy(r, arm, 'mission', i)).toBeGreaterThan(0);
      });
      expect(r.firstReplication[arm].stations.courier.staff).toBe(false);
      expect(r.firstReplication[arm].stations.officers.staff).toBeUndefined();
    }
    // The model's own figure is the same officer time.
    expect(r.metrics['totals.officerHours'].samples).toEqual(
      r.metrics['derived.officerHours'].samples,
    );
    const text = renderSummary(r);
    expect(text).toMatch(
      /^officer hours [\d,]+ ± [\d,.]+ \(not counted, not staff: .*\(courier\)/m,
    );
    const html = renderReport({ result: r });
    const section = html.slice(html.indexOf('data-section="officer-hours"'));
    const table = section.slice(
      section.indexOf('Officer hours by arm'),
      section.indexOf('</table>'),
    );
    const mainRow =
      /<th scope="row">main<\/th><td class="num">([^<]+)<\/td><td class="num">1<\/td>/.exec(table);
    expect(mainRow, table).not.toBeNull();
    // The table's total is the text's: one figure, not all server time.
    expect(text).toContain(`officer hours ${mainRow![1]} (`);
    expect(section).toContain('data-testid="not-staff"');
    expect(section).toMatch(/Not officer time, so not counted: [^<]*\(mission\)/);
  }, 60_000);

  it('the 2020 evacuation: registration and medical, not seats nor the chatbot', async () => {
    const r = await run('paper-evacuation-2020', ['horizon=14d'], 2);
    r.metrics['totals.officerHours'].samples.forEach((x, i) => {
      expect(x).toBeCloseTo(busy(r, 'main', 'registration', i) + busy(r, 'main', 'medical', i), 6);
      expect(busy(r, 'main', 'seats', i)).toBeGreaterThan(x);
    });
    const html = renderReport({ result: r });
    expect(html).toMatch(
      /Not officer time, so not counted: [^<]*\(chatbot\)[^<]*\(seats\)|\(seats\)[^<]*\(chatbot\)/,
    );
  }, 60_000);

  it('stations.<id>.staff must be true or false, named at its key', () => {
    const doc = {
      name: 's',
      horizon: '1d',
      stations: { desk: { servers: 1, staff: 'no' } },
      classes: {
        c: { route: [{ id: 's', station: 'desk', service: { dist: 'exponential', mean: 5 } }] },
      },
      sources: { w: { class: 'c', arrivals: { kind: 'poisson', perHour: 1 } } },
    };
    let messages: string[] = [];
    try {
      fromDocument(doc, 'x.yaml');
    } catch (err) {
      if (!(err instanceof ScenarioErrors)) throw err;
      messages = err.errors.map((e) => e.message);
    }
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^x\.yaml: stations\.desk\.staff: must be true or false/);
  });
});
