import { describe, expect, it } from 'vitest';
import { mean, run } from '../../helpers/scenario-run';

describe('konsolosluk.gov.tr model', () => {
  it('too few portal slots lose citizens at the peaks', async () => {
    const base = await run('paper-gov-tr-2020', ['horizon=14d', 'params.citizens=50000'], 2);
    const small = await run(
      'paper-gov-tr-2020',
      ['horizon=14d', 'params.citizens=50000', 'params.slots=3'],
      2,
    );
    expect(mean(small, 'derived.abandoned')).toBeGreaterThan(
      10 * Math.max(1, mean(base, 'derived.abandoned')),
    );
    expect(mean(small, 'derived.citizensServed')).toBeLessThan(
      mean(base, 'derived.citizensServed'),
    );
  });
});
