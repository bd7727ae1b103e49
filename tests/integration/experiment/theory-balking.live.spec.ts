import 'reflect-metadata';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectLiveEqualsKernel } from '../../helpers/live-twin';

// The desk whose citizens balk by the queue they find, with a queue limit as well, which
// tests/unit/sim/theory-balking.spec.ts holds against its birth-death chain, replayed live on
// BullMQ over the fixture's one day: the replay must be the kernel's replication 1 to the
// number, the balks by choice (each a keyed uniform of the customer) and at the limit apart.
const file = join(__dirname, '../../fixtures/scenarios/theory/balking.yaml');

describe('live replay of balking by choice equals the kernel', () => {
  it('M/M/3 with state-dependent balking and a queue limit (one day)', async () => {
    const { kernel, live: run } = await expectLiveEqualsKernel(file);
    const k = kernel.stations.desk;
    expect(run.stations.desk.balkedByChoice).toBe(k.balkedByChoice);
    // The day shows both kinds: some balk by choice, some find the queue at its limit.
    expect(k.balkedByChoice).toBeGreaterThan(0);
    expect(k.balked).toBeGreaterThan(k.balkedByChoice!);
  });
});
