import { describe, expect, it } from 'vitest';
import { MMC_MAX_RATE, parseMmcRate } from '../../../../src/cli/commands/mmc.command';
import {
  checkMmcSpan,
  compareMmc,
  MMC_MAX_CUSTOMERS,
} from '../../../../src/cli/commands/mmc.action';
import { MAX_THREADS, parseThreadsOption, UsageError } from '../../../../src/cli/errors';
import { MAX_ARRIVALS_PER_REPLICATION } from '../../../../src/sim/compile';

// Numbers an outsider types to see what breaks: a run of mmc or bench as long as a scenario's
// replication may be at most, rates whose waits the kernel can still measure, and as many
// threads as a machine may usefully start.

describe('mmc and bench: --customers', () => {
  it("is at most a scenario replication's arrivals", () => {
    expect(MMC_MAX_CUSTOMERS).toBe(MAX_ARRIVALS_PER_REPLICATION);
  });

  it("more, at a rate that fits them in the kernel's longest run, is a usage error naming the option", () => {
    expect(() => checkMmcSpan('--accuracy-customers', 1e13, 1e6, 1e5)).toThrow(
      new UsageError(
        '--accuracy-customers: must be a whole number from 1 to 500,000,000 (got 10000000000000): more would run for hours',
      ),
    );
    expect(() => checkMmcSpan('--customers', MMC_MAX_CUSTOMERS + 1, 1e6, 1e5)).toThrow(
      /^--customers: must be a whole number from 1 to 500,000,000 /,
    );
  });

  it('takes up to the most; a count too long for its rate still says so first', () => {
    expect(() => checkMmcSpan('--customers', MMC_MAX_CUSTOMERS, 1e6, 1e5)).not.toThrow();
    expect(() => checkMmcSpan('--customers', 1e300, 0.5, 1)).toThrow(
      /longer than the kernel's longest run/,
    );
  });
});

describe('mmc: --lambda and --mu', () => {
  it.each(['1e308', '1e7', '1000001'])(
    '%s is a usage error: its waits are too short to measure',
    (v) => {
      expect(() => parseMmcRate('--mu')(v)).toThrow(
        new UsageError(
          `--mu: must be at most 1,000,000 a time unit (got '${v}'): the simulated waits would be too short to measure; give the rates in a longer time unit`,
        ),
      );
    },
  );

  it('still refuses what is not a positive number, as before', () => {
    expect(() => parseMmcRate('--lambda')('0')).toThrow(
      /^--lambda: must be a number greater than 0/,
    );
  });

  it("at the highest rate the simulated P(wait) is still Erlang C's (at 1e15 it read 0)", () => {
    const r = compareMmc(MMC_MAX_RATE, MMC_MAX_RATE, 2, 200_000, 1);
    expect(r.analytic.Pwait).toBeCloseTo(1 / 3, 10);
    expect(Math.abs(r.simulated.Pwait - r.analytic.Pwait)).toBeLessThan(0.01);
    expect(Math.abs(r.simulated.Wq / r.analytic.Wq - 1)).toBeLessThan(0.05);
  });
});

describe('--threads', () => {
  it.each(['257', '100000', '1e9'])('%s is a usage error naming the most', (v) => {
    expect(() => parseThreadsOption(v)).toThrow(
      new UsageError(
        `--threads: must be a whole number from 0 to ${MAX_THREADS}, written in decimal (got '${v}'); more threads than cores run no faster`,
      ),
    );
  });

  it('takes 0 to the most', () => {
    expect(parseThreadsOption('0')).toBe(0);
    expect(parseThreadsOption(String(MAX_THREADS))).toBe(MAX_THREADS);
  });
});
