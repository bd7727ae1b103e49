import 'reflect-metadata';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DiplomaticPortalService } from '../../../src/diplomatic-portal/diplomatic-portal.service';
import { EvisaService } from '../../../src/evisa/evisa.service';
import { KonsoloslukService } from '../../../src/konsolosluk/konsolosluk.service';
import { PaymentsService } from '../../../src/payments/payments.service';
import { QUEUE_NAMES } from '../../../src/queue/queue-names';
import { waitFor } from '../../helpers/api-app';
import {
  applicant,
  ensureBuilt,
  killHard,
  pool,
  readyAt,
  sleep,
  spawnWorker,
} from '../../helpers/fault-env';
import { usePrivateApi } from '../../helpers/private-api';

/**
 * A `consular-sim worker` of the four services stopped while it holds jobs, Redis healthy (the
 * e-visa alone under repeated SIGKILL is tests/fault/evisa/evisa.processor.spec.ts; SIGTERM with
 * Redis down is tests/fault/app/shutdown.spec.ts). SIGTERM: the jobs in hand finish before the
 * process exits 0, and none is left active. SIGKILL: the jobs it held stay active, locked, until
 * the stalled check (WORKER_LOCK_MS, WORKER_STALLED_INTERVAL_MS, short here) gives them to the
 * next worker. In the end every accepted record is final once: a transaction done, a payment
 * settled (captured or declined), a portal request decided, an e-visa decided with payment and
 * issuance applied at most once; no job failed.
 */
describe('a worker stopped while it holds jobs, Redis healthy', () => {
  const STALLED = {
    WORKER_LOCK_MS: '2000',
    WORKER_STALLED_INTERVAL_MS: '1000',
    WORKER_MAX_STALLED_COUNT: '50',
  };
  const api = usePrivateApi('worker-stop', { ...STALLED, LOG_LEVEL: 'error', RATE_LIMIT: '0' });
  const N = 300;

  const activeKey = (q: string) => `${api.prefix}:${q}:active`;
  /** The ids of the jobs active in Redis now, on every service queue. */
  const activeJobs = async (): Promise<string[]> =>
    (await Promise.all(QUEUE_NAMES.map((q) => api.probe.lrange(activeKey(q), 0, -1)))).flat();

  const exited = (c: ChildProcess) =>
    new Promise<number | null>((r) =>
      c.exitCode !== null ? r(c.exitCode) : c.once('exit', (code) => r(code)),
    );

  /** A worker up and holding jobs. */
  async function holdingWorker(): Promise<ChildProcess> {
    const env = {
      REDIS_URL: api.redis.url,
      QUEUE_PREFIX: api.prefix,
      TOKEN_SECRET: 'test-secret-0123456789',
      LOG_LEVEL: 'error',
      ...STALLED,
    };
    const w = spawnWorker(env, ['--concurrency', '2']);
    const held = await waitFor(
      async () => readyAt(w) !== undefined && (await activeJobs()).length > 0,
      (ok) => ok,
      20_000,
    );
    if (!held) await killHard(w);
    expect(held, 'a worker up with jobs in hand').toBe(true);
    return w;
  }

  /** Each record's fields, by key pattern under the prefix. */
  async function records(pattern: string, fields: string[]) {
    const keys = await api.probe.keys(`${api.prefix}:${pattern}`);
    const p = api.probe.pipeline();
    for (const k of keys) p.hmget(k, ...fields);
    return ((await p.exec()) ?? []).map(([, v]) => v as (string | null)[]);
  }

  it('SIGTERM finishes the jobs in hand; SIGKILL hands them to the next worker; each record ends once', async () => {
    ensureBuilt();
    const t0 = Date.now();
    const salt = `W${randomBytes(2).toString('hex').toUpperCase()}`;
    const evisa = api.app.get(EvisaService);
    const kn = api.app.get(KonsoloslukService);
    const pay = api.app.get(PaymentsService);
    const dp = api.app.get(DiplomaticPortalService);
    // The backlog, queued before any worker runs.
    await pool(
      Array.from({ length: N }, (_, i) => i),
      50,
      async (i) => {
        await evisa.submit(applicant(i, salt) as never);
        await kn.submit({ missionId: 'berlin-cg', operationId: 'passport-first-issue' });
        await pay.create(
          {
            reference: `order-${salt}-${i}`,
            amountMinor: 1500,
            currency: 'EUR',
            channel: 'virtual-pos',
          } as never,
          undefined,
          undefined,
          `client-${i}`,
        );
        await dp.submit('germany-emb-ankara', { area: 'vehicles', subject: `car ${i}` } as never);
      },
    );

    const queued = Date.now() - t0;
    // SIGTERM while it holds jobs: it exits 0 and leaves none of them active.
    const a = await holdingWorker();
    const inHand = (await activeJobs()).length;
    const aExit = exited(a);
    a.kill('SIGTERM');
    expect(await aExit).toBe(0);
    expect(await activeJobs()).toEqual([]);

    // SIGKILL while it holds jobs: they stay active (locked) after it is gone...
    let held: string[] = [];
    for (let tries = 0; tries < 5 && held.length === 0; tries++) {
      const b = await holdingWorker();
      await killHard(b);
      held = await activeJobs();
    }
    expect(held.length, 'jobs held by the killed worker').toBeGreaterThan(0);
    // ...still there a lock's length later (no worker runs to take them back)...
    await sleep(Number(STALLED.WORKER_LOCK_MS) + 500);
    expect(await activeJobs()).toEqual(held);

    // ...and the next worker takes them back at its stalled check and finishes everything.
    const c = spawnWorker(
      {
        REDIS_URL: api.redis.url,
        QUEUE_PREFIX: api.prefix,
        TOKEN_SECRET: 'test-secret-0123456789',
        LOG_LEVEL: 'error',
        ...STALLED,
      },
      ['--concurrency', '20'],
    );
    const t1 = Date.now();
    try {
      const done = await waitFor(
        async () => {
          const [ev, tx, pm, rq] = await Promise.all([
            records('evisa:app:*', ['outcome']),
            records('konsolosluk:tx:*', ['doneAt']),
            records('payments:ref:*', ['settledAt']),
            records('dp:req:*', ['decidedAt']),
          ]);
          return [ev, tx, pm, rq].every((rs) => rs.length === N && rs.every((r) => r[0] !== null));
        },
        (ok) => ok,
        25_000,
      );
      expect(done, 'every record final').toBe(true);
      console.log(
        `worker-stop: ${4 * N} records queued in ${queued} ms; SIGTERM with ${inHand} jobs active, exit 0, none left; SIGKILL left ${held.length} active; all final ${Date.now() - t1} ms after the next worker started`,
      );
      for (const [outcome, outcomes, payments, issuances] of await records('evisa:app:*', [
        'outcome',
        'outcomeCount',
        'paymentCount',
        'issuanceCount',
      ])) {
        expect(outcomes).toBe('1');
        expect(Number(payments ?? 0)).toBeLessThanOrEqual(1);
        expect(issuances ?? '0').toBe(outcome === 'issued' ? '1' : '0');
      }
      for (const [status] of await records('konsolosluk:tx:*', ['status']))
        expect(status).toBe('done');
      for (const [status] of await records('payments:ref:*', ['status']))
        expect(['captured', 'declined']).toContain(status);
      for (const [status] of await records('dp:req:*', ['status'])) expect(status).toBe('decided');
      // The killed worker's jobs completed, and no job failed.
      for (const q of QUEUE_NAMES)
        expect(await api.probe.zcard(`${api.prefix}:${q}:failed`), q).toBe(0);
      const completed = (
        await Promise.all(
          QUEUE_NAMES.map((q) => api.probe.zrange(`${api.prefix}:${q}:completed`, '0', '-1')),
        )
      ).flat();
      expect(completed).toEqual(expect.arrayContaining(held));
      const cExit = exited(c);
      c.kill('SIGTERM');
      expect(await cExit).toBe(0);
    } finally {
      await killHard(c);
    }
  }, 90_000);
});
