import { describe, expect, it } from 'vitest';
import { portalJobOfId } from '../../../src/diplomatic-portal/diplomatic-portal.service';
import { evisaJobOfId } from '../../../src/evisa/evisa.service';
import { transactionJobOfId } from '../../../src/konsolosluk/konsolosluk.service';
import { captureJobId, captureJobOfId } from '../../../src/payments/payments.service';
import { EVISA_JOBS } from '../../../src/queue/queue-names';

/** A job whose hash Redis evicted is known by its id alone: each id reads back to its record. */
describe('the record a job id names', () => {
  const ev = `ev_${'a1'.repeat(13)}`;
  const kn = `kn_${'b2'.repeat(13)}`;
  const owner = '0123456789abcdef0123';
  const created = '2026-12-06T02:00:00.000Z';

  it('reads every e-visa job id back to its application and job', () => {
    for (const name of Object.values(EVISA_JOBS))
      expect(evisaJobOfId(`${ev}-${name}`)).toEqual({ name, data: { id: ev } });
    expect(evisaJobOfId(`${ev}-nope`)).toBeUndefined();
    expect(evisaJobOfId(`ev_short-intake`)).toBeUndefined();
  });

  it('reads a transaction and a portal request, and no officer task', () => {
    expect(transactionJobOfId(`${kn}-tx`)).toEqual({ name: 'transaction', data: { id: kn } });
    expect(transactionJobOfId(`task-${'c3'.repeat(16)}`)).toBeUndefined();
    const dp = `dp_${'d4'.repeat(13)}`;
    expect(portalJobOfId(`${dp}-req`)).toEqual({ name: 'request', data: { id: dp } });
  });

  it("reads captureJobId's ids back: a record's reference alone, a free-form one with its owner", () => {
    for (const reference of [ev, kn])
      expect(captureJobOfId(captureJobId(reference, created))?.data).toEqual({ reference });
    // Free-form references may hold dashes and digits, even a run like an owner tag.
    for (const reference of ['order-2026-17', `${owner}-x`, 'a.b_c-9'])
      expect(captureJobOfId(captureJobId(reference, created, owner))?.data).toEqual({
        reference,
        owner,
      });
    expect(captureJobOfId(`${ev}-intake`)).toBeUndefined();
  });
});
