import 'reflect-metadata';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectLiveEqualsKernel } from '../../helpers/live-twin';

// Erlang's overflow, which tests/unit/sim/theory-overflow.spec.ts holds against Erlang B and
// Riordan's variance, replayed live on BullMQ over the fixture's six hours: each customer the
// full primary group turns away is a job on the secondary's queue at the same minute, and the
// replay must be the kernel's replication 1 to the number.
const file = join(__dirname, '../../fixtures/scenarios/theory/overflow.yaml');

describe('live replay of overflow equals the kernel', () => {
  it('M/M/5/5 overflowing to a group of 100 (six hours)', async () => {
    const { kernel, live: run } = await expectLiveEqualsKernel(file);
    // Every figure of both stations, the overflow count among them.
    expect(run.stations).toEqual(kernel.stations);
    expect(kernel.stations.primary.overflowed).toBeGreaterThan(100);
    expect(kernel.stations.secondary.arrivals).toBe(kernel.stations.primary.overflowed);
    expect(kernel.totals.lost).toBe(0);
  }, 60_000);
});
