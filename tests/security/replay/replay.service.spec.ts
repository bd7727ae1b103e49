import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LIVE_RUN_TTL_SECONDS,
  liveStationQueue,
  registerLiveRun,
  unregisterLiveRun,
} from '../../../src/queue/live-http';
import { livePrefix } from '../../../src/queue/queue-names';
import { startApiApp } from '../../helpers/api-app';
import { TEST_ADMIN_TOKEN, testConfig, testRedisUrl } from '../../helpers/redis-test-env';

/**
 * POST /replay/arrivals adds jobs to a live replay's station queues. A station or run that no
 * replay is working (a typo, `nope`, `constructor`, `__proto__`, a run that ended) would be a
 * queue no worker ever takes, its jobs kept in Redis for ever: the route refuses them (400
 * naming the field) and adds nothing, as it refuses customer numbers past 2^53.
 */
describe('POST /replay/arrivals adds only to a replay in progress and its stations', () => {
  let app: INestApplication;
  let redis: Redis;
  const auth = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
  const hex = () => randomBytes(4).toString('hex');
  const run = hex();
  const stations = ['desk', 'mission:ankara'];

  beforeAll(async () => {
    app = await startApiApp(testConfig('replay-sec'));
    redis = new Redis(testRedisUrl());
    // What the replay does before it posts its first batch (runLiveArm, --via http).
    await registerLiveRun(redis, run, stations);
  });
  afterAll(async () => {
    await app?.close();
    if (redis) {
      for (const station of stations) {
        const q = new Queue(liveStationQueue(station), {
          connection: redis,
          prefix: livePrefix(run),
        });
        await q.obliterate({ force: true });
        await q.close();
      }
      await unregisterLiveRun(redis, run);
      redis.disconnect();
    }
  });

  const post = (body: object) =>
    request(app.getHttpServer()).post('/replay/arrivals').set(auth).send(body);
  /** Every key under a run's prefix but its registration. */
  const queueKeys = async (runId: string) =>
    (await redis.keys(`${livePrefix(runId)}*`)).filter((k) => !k.endsWith(':stations')).sort();
  const arrival = (station: string, c = 0) => ({ station, c, s: 0, t: 1 });

  it("refuses a station the run's network does not have, and adds nothing of the batch", async () => {
    for (const station of ['nope', 'constructor', '__proto__', 'toString', 'Desk']) {
      const r = await post({ run, arrivals: [arrival('desk'), arrival(station, 1)] });
      expect(r.status, station).toBe(400);
      expect(r.body.message).toEqual([
        `arrivals.1.station must be a station of run ${run}: '${station}' is not one`,
      ]);
    }
    expect(await queueKeys(run)).toEqual([]);
  });

  it('refuses an arrival that is not an object, naming the rule, and adds nothing', async () => {
    // A list inside the list passed the field rules and was told its station 'undefined' is not
    // one; a text or a number got class-validator's "each value in nested property ...".
    for (const arrivals of [
      [[]],
      [[arrival('desk')]],
      ['desk'],
      [1],
      [arrival('desk'), [arrival('desk', 1)]],
    ]) {
      const r = await post({ run, arrivals });
      expect(r.status, JSON.stringify(arrivals)).toBe(400);
      expect(r.body.message, JSON.stringify(arrivals)).toEqual([
        'arrivals must be a list of 1 to 150 arrivals, each an object {station, c, s, t}',
      ]);
    }
    expect(await queueKeys(run)).toEqual([]);
  });

  it('refuses a run that is not in progress, whatever the station', async () => {
    const other = hex();
    for (const arrivals of [[arrival('desk')], [arrival('nope')]]) {
      const r = await post({ run: other, arrivals });
      expect(r.status).toBe(400);
      expect(r.body.message).toEqual([
        `run must be the id of a live replay in progress (run --engine bullmq --via http): '${other}' is not one`,
      ]);
    }
    expect(await redis.keys(`${livePrefix(other)}*`)).toEqual([]);
  });

  it('refuses a customer number past 2^53', async () => {
    // As written in the JSON text: 9007199254740993 is read as 2^53.
    for (const c of ['9007199254740992', '9007199254740993', '1e300']) {
      const r = await request(app.getHttpServer())
        .post('/replay/arrivals')
        .set(auth)
        .set('content-type', 'application/json')
        .send(`{"run":"${run}","arrivals":[{"station":"desk","c":${c},"s":0,"t":1}]}`);
      expect(r.status, c).toBe(400);
      expect(r.body.message).toEqual([
        `arrivals.0.c must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`,
      ]);
    }
    expect(await queueKeys(run)).toEqual([]);
  });

  it('adds to the stations of a run in progress, and to none once it has ended', async () => {
    await post({
      run,
      arrivals: [arrival('desk', Number.MAX_SAFE_INTEGER), arrival('mission:ankara', 1)],
    }).expect(202, { accepted: 2 });
    for (const station of stations) {
      const q = new Queue(liveStationQueue(station), {
        connection: redis,
        prefix: livePrefix(run),
      });
      expect(await q.getJobCounts('wait'), station).toEqual({ wait: 1 });
      await q.close();
    }
    // The registration expires unless the replay refreshes it.
    const ttl = await redis.ttl(`${livePrefix(run)}:stations`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(LIVE_RUN_TTL_SECONDS);

    await unregisterLiveRun(redis, run);
    const r = await post({ run, arrivals: [arrival('desk', 2)] });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body.message)).toMatch(
      /run must be the id of a live replay in progress/,
    );
    await registerLiveRun(redis, run, stations);
  });
});
