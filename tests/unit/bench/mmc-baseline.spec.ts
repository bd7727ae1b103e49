import { describe, expect, it } from 'vitest';
import { bareMmc, bareMmcOnEventList } from '../../../bench/mmc-baseline';
import { EventList } from '../../../src/sim/event-list';
import { mmc } from '../../../src/sim/erlang';

// The bench's ratio means something only if the bare kernel simulates the same queue.
describe('the bare M/M/c baseline of npm run bench', () => {
  it('gives the Erlang C mean wait of M/M/10 at rho 0.8 (mean of 5 seeds within 5%)', () => {
    const waits = [1, 2, 3, 4, 5].map((seed) => bareMmc(8, 1, 10, 200_000, seed).meanWait);
    const mean = waits.reduce((a, b) => a + b, 0) / waits.length;
    expect(Math.abs(mean / mmc(8, 1, 10).Wq - 1)).toBeLessThan(0.05);
  });

  it('serves exactly the customers asked for', () => {
    expect(bareMmc(9, 1, 10, 12_345).served).toBe(12_345);
  });

  it("on the kernel's event list: the same queue, the same Erlang C mean wait", () => {
    const waits = [1, 2, 3, 4, 5].map(
      (seed) => bareMmcOnEventList(8, 1, 10, 200_000, seed, new EventList()).meanWait,
    );
    const mean = waits.reduce((a, b) => a + b, 0) / waits.length;
    expect(Math.abs(mean / mmc(8, 1, 10).Wq - 1)).toBeLessThan(0.05);
    expect(bareMmcOnEventList(9, 1, 10, 12_345, 1, new EventList()).served).toBe(12_345);
  });
});
