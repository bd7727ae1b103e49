import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../../src/app/bootstrap';
import { liveNetwork, runLive } from '../../../src/experiment/live-engine';
import { Redis } from 'ioredis';
import { liveStationQueue, registerLiveRun, unregisterLiveRun } from '../../../src/queue/live-http';
import { livePrefix } from '../../../src/queue/queue-names';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { runScenario } from '../../../src/experiment/scenario.runner';
import { runNetwork } from '../../../src/sim/network';
import { replicationSeed } from '../../../src/sim/rng';
import { TEST_ADMIN_TOKEN, testConfig, testRedisUrl } from '../../helpers/redis-test-env';
import { expectSameRun, hardNetwork, twoStationNetwork } from './live-fixtures';

const root = join(__dirname, '../../..');

/** The API app on a free local port, as a serve the replay posts to. */
async function listening(
  config: Parameters<typeof createApiApp>[0],
): Promise<{ app: INestApplication; baseUrl: string }> {
  const app = await createApiApp(config, { logger: false });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, baseUrl: `http://127.0.0.1:${port}` };
}

describe('live replay --via http: arrivals posted to a running serve (in-process Nest app, test Redis)', () => {
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    ({ app, baseUrl } = await listening(testConfig('replay')));
  });

  afterAll(async () => {
    await app?.close();
  });

  it('equals the kernel on a network with priority, turn-away, @name stations and a route back', async () => {
    const sc = loadScenario(join(root, 'scenarios/teaching-mmc.yaml'), {
      set: ['horizon=3d', 'warmup=0'],
    });
    sc.network = hardNetwork();
    const kernel = runNetwork(sc.network, {
      seed: replicationSeed(sc.seed, 0),
      until: sc.horizon,
      warmup: 0,
    });
    const live = await runLive(sc, {
      speed: Infinity,
      via: 'http',
      baseUrl,
      adminToken: TEST_ADMIN_TOKEN,
      redisUrl: testRedisUrl(),
    });
    expect(live.via).toBe('http');
    expectSameRun(live.arms.main.run, kernel);
  });

  it('equals the kernel with station ids the serve refused (gişe, a space, 90 characters: batches past 16 kB)', async () => {
    const sc = loadScenario(join(root, 'scenarios/teaching-mmc.yaml'), {
      set: ['horizon=2d', 'warmup=0'],
    });
    // Every arrival comes to the first station: 150 of them with its id are about 22 kB.
    const [a, b] = ['Gişe 1 '.padEnd(90, 'x'), 'Konsolosluk gişesi'];
    const net = twoStationNetwork(a, b);
    sc.network = net;
    const kernel = runNetwork(net, {
      seed: replicationSeed(sc.seed, 0),
      until: sc.horizon,
      warmup: 0,
    });
    const live = await runLive(sc, {
      speed: Infinity,
      via: 'http',
      baseUrl,
      adminToken: TEST_ADMIN_TOKEN,
      redisUrl: testRedisUrl(),
    });
    expectSameRun(live.arms.main.run, kernel);
    expect(kernel.totals.arrivals).toBeGreaterThan(150);
  });

  it('equals the kernel on paper-konsolosluk-2020 for a week (249 missions) at 2,000,000×', async () => {
    const set = ['horizon=7d', 'params.citizens=3000'];
    const file = join(root, 'scenarios/paper-konsolosluk-2020.yaml');
    const kernel = await runScenario(loadScenario(file, { set }), { replications: 1, threads: 0 });
    const live = await runLive(loadScenario(file, { set }), {
      speed: 2_000_000,
      via: 'http',
      baseUrl,
      adminToken: TEST_ADMIN_TOKEN,
      redisUrl: testRedisUrl(),
    });
    expectSameRun(live.arms.main.run, kernel.firstReplication.main as never);
  }, 120_000);

  it('asks for the admin credential and validates the batch', async () => {
    const http = app.getHttpServer();
    const ok = { run: '0a1b2c3d', arrivals: [{ station: 'desk', c: 0, s: 0, t: 1.5 }] };
    await request(http).post('/replay/arrivals').send(ok).expect(401);
    const auth = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
    // The run in progress, as the replay registers it (tests/security/replay has the refusals).
    const redis = new Redis(testRedisUrl());
    await registerLiveRun(redis, ok.run, ['desk']);
    await request(http).post('/replay/arrivals').set(auth).send(ok).expect(202, { accepted: 1 });
    await unregisterLiveRun(redis, ok.run);
    redis.disconnect();
    const q = new Queue(liveStationQueue('desk'), {
      connection: { url: testRedisUrl() },
      prefix: livePrefix(ok.run),
    });
    expect(await q.getJobCounts('wait')).toEqual({ wait: 1 });
    await q.obliterate({ force: true });
    await q.close();
    const bad = async (body: unknown, message: RegExp) => {
      const res = await request(http)
        .post('/replay/arrivals')
        .set(auth)
        .send(body as object);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.message)).toMatch(message);
    };
    await bad({ ...ok, run: '../etc' }, /run must be 8 lower-case hex digits/);
    await bad({ ...ok, arrivals: [] }, /arrivals must be a list of 1 to 150/);
    await bad(
      { ...ok, arrivals: [{ station: 'desk', c: -1, s: 0, t: 1 }] },
      /c must be a whole number/,
    );
    await bad(
      { ...ok, arrivals: [{ station: 'a\u001b[2Jb', c: 0, s: 0, t: 1 }] },
      /station must be a station id of the run: 1 to 1,000 characters, no control characters/,
    );
    await bad(
      { ...ok, arrivals: [{ station: 'desk', c: 0, s: 0, t: 'soon' }] },
      /t must be a number/,
    );
    await bad({ ...ok, extra: 1 }, /extra/);
  });

  it("stops with the serve's message when the credential is wrong, and names the URL when nobody listens", async () => {
    const sc = loadScenario(join(root, 'scenarios/teaching-mmc.yaml'), {
      set: ['horizon=1h', 'warmup=0'],
    });
    await expect(
      runLive(sc, {
        speed: Infinity,
        via: 'http',
        baseUrl,
        adminToken: 'wrong-token-0123456789',
        redisUrl: testRedisUrl(),
      }),
    ).rejects.toThrow(/answered 401/);
    await expect(
      runLive(sc, {
        speed: Infinity,
        via: 'http',
        baseUrl: 'http://127.0.0.1:9',
        redisUrl: testRedisUrl(),
      }),
    ).rejects.toThrow(/cannot reach http:\/\/127\.0\.0\.1:9\/replay\/arrivals/);
  });
});

describe('live replay --via http: the rate limits do not apply to POST /replay/arrivals', () => {
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    // Two requests a window on every route and on every POST: a replay posts far more batches.
    ({ app, baseUrl } = await listening(
      testConfig('replay-limits', { RATE_LIMIT: '2', RATE_LIMIT_COSTLY: '2' }),
    ));
  });

  afterAll(async () => {
    await app?.close();
  });

  it('answers every batch past both limits, and the replay equals the kernel', async () => {
    // The costly limit counts every POST; the route skipped only the default one and answered 429.
    for (let i = 0; i < 4; i++)
      await request(app.getHttpServer())
        .post('/replay/arrivals')
        .set('authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
        .send({})
        .expect(400);
    const sc = loadScenario(join(root, 'scenarios/teaching-mmc.yaml'), {
      set: ['horizon=3d', 'warmup=0'],
    });
    const kernel = runNetwork(liveNetwork(sc), {
      seed: replicationSeed(sc.seed, 0),
      until: sc.horizon,
      warmup: 0,
    });
    expect(kernel.totals.arrivals).toBeGreaterThan(3 * 150);
    const live = await runLive(sc, {
      speed: Infinity,
      via: 'http',
      baseUrl,
      adminToken: TEST_ADMIN_TOKEN,
      redisUrl: testRedisUrl(),
    });
    expectSameRun(live.arms.main.run, kernel);
  });
});
