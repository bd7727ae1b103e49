import 'reflect-metadata';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectLiveEqualsKernel } from '../../helpers/live-twin';

// The desk whose citizens, turned away at a full queue, come back later (retrials), which
// tests/unit/sim/theory-retrial.spec.ts holds against its two-dimensional chain, replayed live on
// BullMQ over the fixture's one day: each return is a job on the station's queue, due at its
// time, and the replay must be the kernel's replication 1 to the number, the decisions to come
// back and their delays (keyed draws of the customer and attempt) included.
const file = join(__dirname, '../../fixtures/scenarios/theory/retrial.yaml');

describe('live replay of retrials equals the kernel', () => {
  it('M/M/3/5 whose customers turned away come back with probability 0.6 (one day)', async () => {
    const { kernel, live: run } = await expectLiveEqualsKernel(file);
    // Every figure of the station, its retrials and wait percentiles among them.
    expect(run.stations.desk).toEqual(kernel.stations.desk);
    const k = kernel.stations.desk;
    // The day shows it all: returns, and customers lost for good after coming back.
    expect(k.retrials).toBeGreaterThan(20);
    expect(k.gaveUpAfterRetrial).toBeGreaterThan(0);
    expect(k.balkedAttempts).toBeGreaterThan(k.balked);
  }, 60_000);
});
