import 'reflect-metadata';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectLiveEqualsKernel } from '../../helpers/live-twin';

// The priority desk whose two classes give up at their own rates, which
// tests/unit/sim/theory-heldout-6.spec.ts holds against its exact chain, replayed live on BullMQ
// over the fixture's one day: the replay must be the kernel's replication 1 to the number, each
// class's reneging (the figures checked against theory there) included.
const file = join(__dirname, '../../fixtures/scenarios/theory/priority-patience.yaml');

describe('live replay of a held-out theory case equals the kernel', () => {
  it('non-preemptive priority, each class reneging at its own rate (one day)', async () => {
    const { kernel, live: run } = await expectLiveEqualsKernel(file);
    // The theory's per-class queues also read the time the lost spent waiting.
    for (const id of ['urgent', 'routine']) {
      expect(run.classes[id].lostTime.count).toBe(kernel.classes[id].lostTime.count);
      expect(run.classes[id].lostTime.mean).toBeCloseTo(kernel.classes[id].lostTime.mean, 9);
    }
    // The day is the one of the theory: both classes give up, and the urgent are served first
    // (a shorter mean wait for those served despite a patience five times shorter).
    expect(kernel.classes.urgent.outcomes.reneged).toBeGreaterThan(0);
    expect(kernel.classes.routine.outcomes.reneged).toBeGreaterThan(0);
    expect(kernel.classes.urgent.waitTime.mean).toBeLessThan(kernel.classes.routine.waitTime.mean);
  });
});
