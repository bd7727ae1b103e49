import 'reflect-metadata';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectLiveEqualsKernel } from '../../helpers/live-twin';

// The tandem with a lunch break that tests/unit/sim/theory-heldout-4.spec.ts holds against its
// exact transient, replayed live on BullMQ: the replay must be the kernel's replication 1 to the
// number, the hourly time series (the figures checked against theory there) included.
const file = join(__dirname, '../../fixtures/scenarios/theory/tandem-lunch.yaml');

describe('live replay of a held-out theory case equals the kernel', () => {
  it('two stations in tandem, a lunch break and a closing with carry-over (one day)', async () => {
    const { kernel, live: run } = await expectLiveEqualsKernel(file);
    expect(run.timeseries).toEqual(kernel.timeseries);
    // The day is the one of the theory: a queue before opening and one held at midnight.
    expect(kernel.timeseries!.stations.counter.queue[8]).toBeGreaterThan(0);
    expect(kernel.stations.counter.waitingAtEnd).toBeGreaterThan(0);
  });
});
