import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { EvisaService } from '../../../src/evisa/evisa.service';
import { waitFor } from '../../helpers/api-app';
import { applicant } from '../../helpers/fault-env';
import { usePrivateApi } from '../../helpers/private-api';

/**
 * A submission without an Idempotency-Key while Redis stalls (CLIENT PAUSE, as in a failover or
 * a long fork). The API answers 503 after its 1.5 s deadline, but Redis runs the record's script
 * when it wakes: the record stayed, `received` for ever, with the applicant's sealed passport
 * number, name and e-mail and no job — one per submission in flight (the probe: 50 of them after
 * a 4 s pause under 50 concurrent clients). Nobody holds its token, and without a key no retry
 * reaches it, so it is deleted.
 */
describe('a keyless e-visa submission answered 503 while Redis stalls', () => {
  const prefix = '{test-stall}';
  const api = usePrivateApi('stall', { QUEUE_PREFIX: prefix });

  const records = async () => (await api.probe.keys(`${prefix}:evisa:app:*`)).length;

  it('leaves no record behind', async () => {
    const service = api.app.get(EvisaService);
    // One accepted application first (it also loads the record's script into Redis).
    await service.submit(applicant(1, 'STALL') as never);
    expect(await records()).toBe(1);
    await api.probe.client('PAUSE', 3000, 'ALL');
    await expect(service.submit(applicant(2, 'STALL') as never)).rejects.toMatchObject({
      status: 503,
    });
    // Once Redis wakes (3 s), only the accepted one is there.
    const left = await waitFor(records, (n) => n === 1, 8_000);
    expect(left).toBe(1);
  });
});
