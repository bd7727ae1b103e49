import { describe, expect, it } from 'vitest';
import { mean, run } from '../../helpers/scenario-run';

describe('payments model', () => {
  it('payments a year follow the volumes that feed them', async () => {
    const base = await run('paper-payments', ['horizon=30d'], 2);
    const fewer = await run('paper-payments', ['horizon=30d', 'params.evisaYears=[2020]'], 2);
    expect(mean(fewer, 'derived.paymentsPerYear')).toBeLessThan(
      mean(base, 'derived.paymentsPerYear'),
    );
    const noOnline = await run(
      'paper-payments',
      ['horizon=30d', 'params.onlineShareWhereOffered=0'],
      2,
    );
    expect(mean(noOnline, 'derived.physicalPosPaymentsPerYear')).toBeGreaterThan(
      mean(base, 'derived.physicalPosPaymentsPerYear'),
    );
  });
});
