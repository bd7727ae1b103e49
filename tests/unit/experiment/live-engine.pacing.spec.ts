import 'reflect-metadata';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACED_JOBS_PER_SECOND, pacingWarning } from '../../../src/experiment/live-engine';
import { LatenessHistogram } from '../../../src/queue/live-lateness';
import { loadScenario } from '../../../src/scenario/scenario.loader';

const mmc = () =>
  loadScenario(join(__dirname, '../../../scenarios/teaching-mmc.yaml'), {
    set: ['horizon=1w', 'warmup=0'],
  });

describe('pacing warning of run --engine bullmq --speed F', () => {
  it('is silent at a speed the replay keeps and at max, and names a speed it keeps otherwise', () => {
    const scenario = mmc();
    // About 9 arrivals an hour, one step each: 1,512 jobs in a week.
    expect(pacingWarning(scenario, 1000)).toBeNull();
    expect(pacingWarning(scenario, Infinity)).toBeNull();
    const warning = pacingWarning(scenario, 1e8);
    expect(warning).toMatch(/^warning: --speed 100000000 asks for about [\d,]+ jobs\/s/);
    const keep = Number(/use --speed (\d+) or less/.exec(warning ?? '')?.[1]);
    expect(keep).toBeGreaterThan(1000);
    expect(pacingWarning(scenario, keep)).toBeNull();
    expect(pacingWarning(scenario, keep * 1.2)).not.toBeNull();
    expect(PACED_JOBS_PER_SECOND).toBeGreaterThan(0);
  });
});

describe('LatenessHistogram', () => {
  it('counts shares over 10 and 100 ms and the p99, early counting as on time', () => {
    const h = new LatenessHistogram();
    for (let i = 0; i < 98; i++) h.add(i % 2 ? -5 : 3);
    h.add(50);
    h.add(250);
    expect(h.summary()).toEqual({ count: 100, over10ms: 2, over100ms: 1, p99ms: 50 });
    const other = new LatenessHistogram();
    other.add(70_000);
    h.merge(other);
    expect(h.summary().over100ms).toBe(2);
    expect(h.quantile(1)).toBe(60_000);
  });
});
