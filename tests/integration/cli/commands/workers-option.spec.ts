import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureBuilt,
  freePort,
  killHard,
  PrivateRedis,
  readyAt,
  sleep,
  spawnWorker,
} from '../../../helpers/fault-env';
import { runCli } from '../../../helpers/cli';

// `run` and `sweep --workers <redis-url>` as a user types them: the compiled CLI, its own
// redis-server, one `consular-sim worker --queues experiments` process; the numbers must be the
// local run's to the last digit (only the wall time may differ).
let redis: PrivateRedis;
let worker: ChildProcess | undefined;

const cli = runCli;

/** The JSON a command printed, without its wall times (`elapsedSeconds`, `wallSeconds`). */
function numbers(stdout: string): unknown {
  const parsed = JSON.parse(stdout) as Record<string, unknown>;
  expect(typeof parsed.elapsedSeconds).toBe('number');
  return JSON.parse(stdout, (key, value: unknown) =>
    key === 'elapsedSeconds' || key === 'wallSeconds' ? undefined : value,
  ) as unknown;
}

const SCENARIO = 'scenarios/teaching-mmc.yaml';
const SHORT = ['--set', 'horizon=4w', '--set', 'warmup=1w', '--seed', '7'];

beforeAll(async () => {
  ensureBuilt();
  redis = new PrivateRedis(await freePort(), false);
  await redis.start();
  worker = spawnWorker({ REDIS_URL: redis.url }, ['--queues', 'experiments', '--concurrency', '2']);
  const deadline = Date.now() + 60_000;
  while (readyAt(worker) === undefined) {
    if (Date.now() > deadline) throw new Error('the experiments worker did not start');
    await sleep(100);
  }
}, 120_000);

afterAll(async () => {
  if (worker) await killHard(worker);
  await redis?.stop();
});

describe('--workers <redis-url>', () => {
  it('run: the replications worked on the queue give the local numbers', async () => {
    const args = ['run', SCENARIO, ...SHORT, '--replications', '3', '--json'];
    const [local, queued] = [await cli(args), await cli([...args, '--workers', redis.url])];
    expect(local.code, local.stderr).toBe(0);
    expect(queued.code, queued.stderr).toBe(0);
    expect(numbers(queued.stdout)).toEqual(numbers(local.stdout));
  }, 120_000);

  it('sweep: every design point worked on the queue gives the local numbers and the same answer', async () => {
    const args = [
      'sweep',
      SCENARIO,
      ...SHORT,
      '--param',
      'stations.desk.servers=10..12',
      '--target',
      'stations.desk.wait.mean<=30',
      '--replications',
      '2',
      '--json',
    ];
    const [local, queued] = [await cli(args), await cli([...args, '--workers', redis.url])];
    expect(local.code, local.stderr).toBe(0);
    expect(queued.code, queued.stderr).toBe(0);
    const l = numbers(local.stdout) as { points: unknown[]; best: unknown };
    expect(l.points).toHaveLength(3);
    expect(numbers(queued.stdout)).toEqual(l);
  }, 120_000);

  it('a URL that is not Redis is a usage error (exit 2, one line) for run and sweep', async () => {
    for (const cmd of [
      ['run', SCENARIO, '--workers', 'http://127.0.0.1:6379'],
      [
        'sweep',
        SCENARIO,
        '--param',
        'stations.desk.servers=10..11',
        '--target',
        'stations.desk.wait.mean<=30',
        '--workers',
        'not a url',
      ],
    ]) {
      const r = await cli(cmd);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /^error: --workers: must be a (Redis URL|redis:\/\/ or rediss:\/\/ URL)/,
      );
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
  }, 60_000);

  it('with no worker on the queue, the run fails after --worker-timeout as a user error, not a hang', async () => {
    if (worker) await killHard(worker);
    worker = undefined;
    const r = await cli([
      'run',
      SCENARIO,
      ...SHORT,
      '--replications',
      '2',
      '--workers',
      redis.url,
      '--worker-timeout',
      '2',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --workers: /);
    expect(r.stdout).toBe('');
  }, 60_000);
});
