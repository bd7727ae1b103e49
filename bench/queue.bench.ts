/**
 * npm run bench:queue — the e-visa peak day (evisa.peak_day_issued applications in one day)
 * replayed at maximum speed through real BullMQ queues, against a raw BullMQ baseline (no-op
 * jobs added with addBulk and taken by a worker) measured in the same run on the same Redis.
 * Prints figures only; REDIS_URL (default redis://127.0.0.1:6379).
 */
import 'reflect-metadata';
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { join } from 'node:path';
import { figureValue, loadReferenceData } from '../src/config/reference-data';
import { evisaDigitalNetwork } from '../src/experiment/live-models';
import { runLive } from '../src/experiment/live-engine';
import { workerRedisOptions } from '../src/queue/redis-connections';
import { loadScenario } from '../src/scenario/scenario.loader';
import { MINUTES_PER_DAY } from '../src/sim/calendar';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const BATCH = 500;
const CONCURRENCY = 64;

async function baseline(jobs: number): Promise<number> {
  const prefix = `{bench-raw-${Date.now()}}`;
  const connection = new Redis(workerRedisOptions(redisUrl));
  const queue = new Queue('noop', { connection, prefix });
  let done = 0;
  let resolveDone: () => void = () => undefined;
  const allDone = new Promise<void>((r) => (resolveDone = r));
  const worker = new Worker('noop', async () => undefined, {
    connection: workerRedisOptions(redisUrl) as ConnectionOptions,
    prefix,
    concurrency: CONCURRENCY,
  });
  worker.on('completed', () => {
    if (++done === jobs) resolveDone();
  });
  const t0 = Date.now();
  for (let i = 0; i < jobs; i += BATCH) {
    await queue.addBulk(
      Array.from({ length: Math.min(BATCH, jobs - i) }, (_, k) => ({
        name: 'noop',
        data: { i: i + k },
        opts: { removeOnComplete: true },
      })),
    );
  }
  await allDone;
  const seconds = (Date.now() - t0) / 1000;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
  return jobs / seconds;
}

async function main(): Promise<void> {
  const peakDay = figureValue(loadReferenceData(), 'evisa.peak_day_issued');
  const scenario = loadScenario(join(__dirname, '../scenarios/teaching-mmc.yaml'), {
    set: ['horizon=1d', 'warmup=0'],
  });
  // The e-visa model's digital arm, with the record day's demand as Poisson arrivals.
  const network = evisaDigitalNetwork();
  network.name = 'evisa-peak-day';
  network.sources = network.sources.map((src) => ({
    ...src,
    arrivals: { kind: 'poisson', rate: peakDay / MINUTES_PER_DAY },
  }));
  scenario.network = network;
  scenario.title = `e-visa peak day (${peakDay} applications expected)`;
  const live = await runLive(scenario, { speed: Infinity, via: 'queue', redisUrl });
  const raw = await baseline(live.jobs);
  console.log(
    `e-visa peak day replay (max speed): ${live.totals.arrivals} applications, ${live.jobs} jobs in ${live.wallSeconds.toFixed(2)} s = ${live.jobsPerSecond.toFixed(0)} jobs/s`,
  );
  console.log(
    `  completed ${live.totals.completed}, in system at end ${live.totals.inSystemAtEnd}`,
  );
  console.log(
    `raw BullMQ baseline (addBulk ${BATCH}, no-op worker, concurrency ${CONCURRENCY}): ${live.jobs} jobs = ${raw.toFixed(0)} jobs/s`,
  );
  console.log(
    `replay / baseline: ${((100 * live.jobsPerSecond) / raw).toFixed(1)}% (target ≥ 50%)`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
