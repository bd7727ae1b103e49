import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { loadReferenceData } from '../../../src/config/reference-data';
import { KONSOLOSLUK_LIVE_SCENARIO, liveArm } from '../../../src/experiment/live-models';
import { KonsoloslukFlow } from '../../../src/konsolosluk/konsolosluk-flow';
import { createSampler } from '../../../src/sim/distributions';

const network = liveArm(KONSOLOSLUK_LIVE_SCENARIO);
const ref = loadReferenceData();
const operation = (id: string) => ref.operations.find((o) => o.id === id)!;

/** Mean and standard error of the mean. */
function meanAndSe(xs: number[]): { mean: number; se: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1);
  return { mean, se: Math.sqrt(variance / xs.length) };
}

describe('the live Konsolosluk.NET service serves as the model', () => {
  it('serves every catalogue operation by its area’s class: appointment, or walk-in when it takes none', () => {
    const flow = new KonsoloslukFlow(network);
    for (const op of ref.operations)
      expect(flow.classOf(op)).toBe(
        `${op.area}/${op.appointment === 'none' ? 'walk-in' : 'appointment'}`,
      );
  });

  it('draws transactions per visit and officer minutes with the class’s distributions (fixed ids, 4.5 standard errors)', () => {
    const flow = new KonsoloslukFlow(network);
    const op = operation('passport-first-issue');
    const step = network.classes.find((c) => c.id === flow.classOf(op))!.route[0];
    const jobs = createSampler(step.jobs!);
    const minutes = createSampler(step.service);
    const visits = Array.from({ length: 20_000 }, (_, i) => flow.serve(`kn_${i}`, op));
    const t = meanAndSe(visits.map((v) => v.transactions));
    expect(Math.abs(t.mean - jobs.mean)).toBeLessThan(4.5 * t.se);
    const m = meanAndSe(visits.map((v) => v.officerMinutes));
    expect(Math.abs(m.mean - jobs.mean * minutes.mean)).toBeLessThan(4.5 * m.se);
  });

  it('a retried job serves the same visit', () => {
    const flow = new KonsoloslukFlow(network);
    const op = operation('passport-first-issue');
    expect(flow.serve('kn_retry', op)).toEqual(new KonsoloslukFlow(network).serve('kn_retry', op));
    expect(flow.serve('kn_retry', op)).not.toEqual(flow.serve('kn_other', op));
  });

  it('refuses an operation whose class the network lacks', () => {
    const op = operation('passport-first-issue');
    // A valid network without the area's classes: gone from the classes and the sources' mixes.
    const other = (id: string) => !id.startsWith(`${op.area}/`);
    const flow = new KonsoloslukFlow({
      ...network,
      classes: network.classes.filter((c) => other(c.id)),
      sources: network.sources.map((s) => ({
        ...s,
        class:
          typeof s.class === 'string'
            ? s.class
            : Object.fromEntries(Object.entries(s.class).filter(([id]) => other(id))),
      })),
    });
    expect(() => flow.classOf(op)).toThrow(/no class 'passport\/appointment'/);
  });
});
