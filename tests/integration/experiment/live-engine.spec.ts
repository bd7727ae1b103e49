import 'reflect-metadata';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { liveNetwork, runLive } from '../../../src/experiment/live-engine';
import { loadScenario, type Scenario } from '../../../src/scenario/scenario.loader';
import type { NetworkModel } from '../../../src/sim/model';
import { runScenario, type ScenarioResult } from '../../../src/experiment/scenario.runner';
import { runNetwork } from '../../../src/sim/network';
import { ModelPlan } from '../../../src/sim/plan';
import { replicationSeed } from '../../../src/sim/rng';
import { testRedisUrl } from '../../helpers/redis-test-env';
import {
  expectSameRun,
  hardNetwork,
  coincidingEventsNetwork,
  routedTieNetwork,
  sharedMinuteTraceNetwork,
  twoStationNetwork,
} from '../queue/live-fixtures';

const root = join(__dirname, '../../..');
const scenarioFile = (name: string) => join(root, 'scenarios', name);

/** The kernel's replication 1 per arm, and the CI half-width of a metric over the scenario's replications. */
async function kernelOf(file: string, set: string[], replications = 1): Promise<ScenarioResult> {
  return runScenario(loadScenario(file, { set }), { replications, threads: 0 });
}

/** Replays `network` (the scenario's) live at max speed and expects the kernel's replication 1. */
async function expectLiveIsKernel(sc: Scenario, network: NetworkModel) {
  const kernel = runNetwork(network, {
    seed: replicationSeed(sc.seed, 0),
    until: sc.horizon,
    warmup: sc.warmup,
  });
  const live = await runLive(sc, { speed: Infinity, via: 'queue', redisUrl: testRedisUrl() });
  expectSameRun(live.arms.main.run, kernel);
  return { kernel, live };
}

describe('live replay: refused as the kernel refuses the run', () => {
  afterEach(() => vi.restoreAllMocks());

  it('a demand over the ceiling: the kernel run’s error, before an arrival is planned or a job added', async () => {
    const sc = loadScenario(scenarioFile('teaching-mmc.yaml'), {
      set: ['sources.walk-ins.arrivals.perHour=1e12'],
    });
    const kernel = await runScenario(sc, { replications: 1, threads: 0 }).then(
      () => new Error('the kernel ran it'),
      (err: Error) => err,
    );
    expect(kernel.message).toContain('a replication may bring');
    // The replay had planned 8.7e15 arrivals, one by one, before its first job: a plan or a
    // job now fails the test at once instead.
    const planned = vi.spyOn(ModelPlan.prototype, 'arrivals').mockImplementation(() => {
      throw new Error('the replay planned its arrivals');
    });
    const added = vi.spyOn(Queue.prototype, 'addBulk');
    await expect(
      runLive(sc, { speed: Infinity, via: 'queue', redisUrl: testRedisUrl() }),
    ).rejects.toThrow(kernel.message);
    await expect(
      runLive(sc, { speed: 60, via: 'queue', redisUrl: testRedisUrl() }),
    ).rejects.toThrow(kernel.message);
    expect(planned).not.toHaveBeenCalled();
    expect(added).not.toHaveBeenCalled();
  });
});

describe('live replay on BullMQ reproduces the kernel (replication 1)', () => {
  it('M/M/10 over two days at max speed and at 50,000×: same counts, same waits', async () => {
    const scenario = loadScenario(scenarioFile('teaching-mmc.yaml'), {
      set: ['horizon=2d', 'warmup=0'],
    });
    const kernel = runNetwork(liveNetwork(scenario), {
      seed: replicationSeed(scenario.seed, 0),
      until: scenario.horizon,
      warmup: scenario.warmup,
    });
    for (const speed of [Infinity, 50_000]) {
      const live = await runLive(scenario, { speed, via: 'queue', redisUrl: testRedisUrl() });
      expectSameRun(live.arms.main.run, kernel);
      expect(live.jobs).toBe(kernel.totals.arrivals);
    }
  });

  it('two stations with exits at max speed: exactly the kernel, though jobs reach b out of model-time order', async () => {
    const sc = loadScenario(scenarioFile('teaching-mmc.yaml'), { set: ['horizon=2d', 'warmup=0'] });
    sc.network = twoStationNetwork();
    const { live } = await expectLiveIsKernel(sc, sc.network);
    expect(live.arms.main.run.classes.x.outcomes.refused).toBeGreaterThan(0);
  });

  it('stations whose ids once escaped to one queue name (room 13, room–): each its own queue, the kernel', async () => {
    const sc = loadScenario(scenarioFile('teaching-mmc.yaml'), { set: ['horizon=2d', 'warmup=0'] });
    // U+2013 was written %2013, as were a space (%20) and 13: both stations had one queue.
    const [a, b] = ['room 13', 'room\u2013'];
    const net = twoStationNetwork(a, b);
    sc.network = net;
    const { live } = await expectLiveIsKernel(sc, sc.network);
    expect(live.arms.main.run.stations[b].served).toBeGreaterThan(0);
  });

  it('shifts limited to dates and arrivals weighted by date periods (the 2020 evacuation, small)', async () => {
    const sc = loadScenario(scenarioFile('paper-evacuation-2020.yaml'), {
      set: [
        'horizon=20d',
        'sources.stranded.arrivals.total=2000',
        // Few officers and few seats, so queues form and cross the seats' change of dates.
        'stations.registration.servers=1',
        'stations.seats.schedule.0.servers=20',
        'stations.seats.schedule.1.servers=60',
      ],
    });
    const { kernel } = await expectLiveIsKernel(sc, liveNetwork(sc));
    expect(kernel.stations.seats.wait.mean).toBeGreaterThan(0);
  });

  it('priority, turn-away, reneging, balking, @name stations, jobs per step and a route back to a station', async () => {
    const sc = loadScenario(scenarioFile('teaching-mmc.yaml'), {
      set: ['horizon=5d', 'warmup=1d'],
    });
    sc.network = hardNetwork();
    await expectLiveIsKernel(sc, sc.network);
  });

  it('two trace sources with repeated minutes: arrivals at one minute in the kernel’s order', async () => {
    const sc = loadScenario(scenarioFile('teaching-mmc.yaml'), { set: ['horizon=3d', 'warmup=0'] });
    sc.network = sharedMinuteTraceNetwork();
    await expectLiveIsKernel(sc, sc.network);
  });

  it('events of different kinds at one minute (a shift’s end, a patience, a newcomer beside a service’s end)', async () => {
    const sc = loadScenario(scenarioFile('teaching-mmc.yaml'), { set: ['horizon=3d', 'warmup=0'] });
    sc.network = coincidingEventsNetwork();
    const { kernel } = await expectLiveIsKernel(sc, sc.network);
    expect(kernel.stations.capped.balked).toBeGreaterThan(0);
  });

  it('a customer routed on at the minute of the next station’s own departure and reneging', async () => {
    const sc = loadScenario(scenarioFile('teaching-mmc.yaml'), { set: ['horizon=3d', 'warmup=0'] });
    sc.network = routedTieNetwork();
    const { kernel } = await expectLiveIsKernel(sc, sc.network);
    expect(kernel.stations.counter.reneged).toBeGreaterThan(0);
  });

  it('paper-konsolosluk-2020 for a week (249 missions, 20,000 citizens): per-mission served and lost equal the kernel in every arm', async () => {
    const set = ['horizon=7d', 'params.citizens=20000'];
    const kernel = await kernelOf(scenarioFile('paper-konsolosluk-2020.yaml'), set);
    const sc = loadScenario(scenarioFile('paper-konsolosluk-2020.yaml'), { set });
    const live = await runLive(sc, { speed: Infinity, via: 'queue', redisUrl: testRedisUrl() });
    const k = kernel.firstReplication.main;
    expect(Object.keys(k.stations)).toHaveLength(249);
    expect(k.totals.lost).toBeGreaterThan(0);
    expect(Object.keys(live.arms)).toEqual(kernel.arms);
    for (const arm of kernel.arms)
      expectSameRun(live.arms[arm].run, kernel.firstReplication[arm] as never);
  }, 120_000);

  it('paper-evisa-peak-day for two hours: equal to the kernel', async () => {
    const set = ['horizon=2h'];
    const kernel = await kernelOf(scenarioFile('paper-evisa-peak-day.yaml'), set);
    const sc = loadScenario(scenarioFile('paper-evisa-peak-day.yaml'), { set });
    const live = await runLive(sc, { speed: Infinity, via: 'queue', redisUrl: testRedisUrl() });
    expectSameRun(live.arms.main.run, kernel.firstReplication.main as never);
  }, 120_000);

  it('paper-evisa, both arms (digital and desk on common random numbers), five days: each arm equal to the kernel', async () => {
    const set = ['horizon=5d', 'params.sampling=0.001'];
    const kernel = await kernelOf(scenarioFile('paper-evisa.yaml'), set);
    const sc = loadScenario(scenarioFile('paper-evisa.yaml'), { set });
    const live = await runLive(sc, { speed: Infinity, via: 'queue', redisUrl: testRedisUrl() });
    expect(Object.keys(live.arms)).toEqual(kernel.arms);
    expect(kernel.arms.length).toBe(2);
    for (const arm of kernel.arms)
      expectSameRun(live.arms[arm].run, kernel.firstReplication[arm] as never);
  }, 120_000);
});
