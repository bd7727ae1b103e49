import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { DiplomaticPortalService } from '../../../src/diplomatic-portal/diplomatic-portal.service';
import { KonsoloslukService } from '../../../src/konsolosluk/konsolosluk.service';
import { waitFor } from '../../helpers/api-app';
import { usePrivateApi } from '../../helpers/private-api';

/**
 * Keyless submissions answered 503 while Redis stalls (CLIENT PAUSE), for the routes whose ids
 * the server makes (as tests/fault/evisa/evisa.stalled-submit.spec.ts for the e-visa): the
 * record Redis writes when it wakes was kept for ever — a transaction `queued` with no job, a
 * portal request unlisted and undecided — though nobody could reach it. It is deleted now.
 */
describe('keyless submissions answered 503 while Redis stalls', () => {
  const prefix = '{test-stall-q}';
  const api = usePrivateApi('stall-q', { QUEUE_PREFIX: prefix });

  /** Submits once accepted, once during a 3 s pause (503), and returns the records left. */
  async function submitThroughStall(submit: () => Promise<unknown>, pattern: string) {
    const records = async () => (await api.probe.keys(`${prefix}:${pattern}`)).length;
    // The first accepted one (after an earlier stall the API answers 503 for 2 s more).
    const accepted = () =>
      submit().then(
        () => true,
        () => false,
      );
    expect(await waitFor(accepted, (ok) => ok, 8_000)).toBe(true);
    expect(await records()).toBe(1);
    await api.probe.client('PAUSE', 3000, 'ALL');
    await expect(submit()).rejects.toMatchObject({ status: 503 });
    return waitFor(records, (n) => n === 1, 8_000);
  }

  it('leaves no Konsolosluk.NET transaction behind', async () => {
    const service = api.app.get(KonsoloslukService);
    const left = await submitThroughStall(
      () => service.submit({ missionId: 'berlin-cg', operationId: 'passport-first-issue' }),
      'konsolosluk:tx:*',
    );
    expect(left).toBe(1);
  });

  it('leaves no Diplomatic Portal request behind', async () => {
    const service = api.app.get(DiplomaticPortalService);
    const left = await submitThroughStall(
      () => service.submit('germany-emb-ankara', { area: 'vehicles', subject: 'A new car' }),
      'dp:req:*',
    );
    expect(left).toBe(1);
  });
});
