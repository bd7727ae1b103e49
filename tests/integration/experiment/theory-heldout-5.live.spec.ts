import 'reflect-metadata';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectLiveEqualsKernel } from '../../helpers/live-twin';

// The desk whose officers go from 2 to 4 at 08:00 and back at 20:00, which
// tests/unit/sim/theory-heldout-5.spec.ts holds against its exact transient, replayed live on
// BullMQ over the fixture's two days: the replay must be the kernel's replication 1 to the
// number, the hourly time series (the figures checked against theory there) included.
const file = join(__dirname, '../../fixtures/scenarios/theory/capacity-step.yaml');

describe('live replay of a held-out theory case equals the kernel', () => {
  it('an M/M/c whose capacity steps up and down each day (two days)', async () => {
    const { kernel, live: run } = await expectLiveEqualsKernel(file);
    expect(run.timeseries).toEqual(kernel.timeseries);
    // The days are the ones of the theory: a queue at the end of the night, and an hour after
    // 20:00 with more officers busy on average than the two on duty (the day officers finish).
    const series = kernel.timeseries!.stations.desk;
    expect(series.queue[7]).toBeGreaterThan(0);
    expect(series.capacity[20]).toBe(2);
    expect(series.busy.some((b, i) => b > series.capacity[i])).toBe(true);
  });
});
