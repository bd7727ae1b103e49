import { describe, expect, it, vi } from 'vitest';

// Every run of the benchmark goes through runNetwork: counting its calls tells whether a
// mistake was refused before any work or only after minutes of it.
const runs = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../../../src/sim/network', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../../src/sim/network')>();
  return {
    ...original,
    runNetwork: (...args: Parameters<typeof original.runNetwork>) => {
      runs.count++;
      return original.runNetwork(...args);
    },
  };
});

import { benchAction } from '../../../../src/cli/commands/bench.action';
import { UsageError } from '../../../../src/cli/errors';

describe('consular-sim bench: a load it cannot run is refused before the first run', () => {
  it('--accuracy-rhos 0.5,1.2 is a usage error naming the option, with no run started', () => {
    runs.count = 0;
    const opts = {
      customers: 1000,
      accuracyCustomers: 1000,
      accuracyReplications: 1,
      accuracyRhos: [0.5, 1.2],
      seed: 1,
      quiet: true,
    };
    expect(() => benchAction(opts)).toThrow(UsageError);
    expect(() => benchAction(opts)).toThrow('--accuracy-rhos: each load must be at most 0.9997');
    expect(() => benchAction(opts)).toThrow('(got 1.2)');
    expect(runs.count).toBe(0);
  });

  // Below 1 but above mmc's highest load: a run of the accuracy check could not forget its empty
  // start, and its error against Erlang C (-99.92% at 0.99999) blamed the kernel for it.
  it.each([0.99999, 0.9998])('--accuracy-rhos 0.9,%s is refused as mmc refuses it', (rho) => {
    runs.count = 0;
    const opts = {
      customers: 1000,
      accuracyCustomers: 20_000,
      accuracyReplications: 2,
      accuracyRhos: [0.9, rho],
      seed: 1,
      quiet: true,
    };
    expect(() => benchAction(opts)).toThrow(UsageError);
    expect(() => benchAction(opts)).toThrow(
      `--accuracy-rhos: each load must be at most 0.9997, as for mmc (got ${rho})`,
    );
    expect(runs.count).toBe(0);
  });
});
