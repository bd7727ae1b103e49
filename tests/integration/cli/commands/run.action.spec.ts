import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../../helpers/fault-env';
import { runCli } from '../../../helpers/cli';

beforeAll(() => ensureBuilt(), 120_000);

const RUN = ['run', 'scenarios/teaching-mmc.yaml', '--set', 'horizon=1d', '--set', 'warmup=1h'];
/** A small sweep, for the options sweep shares with run. */
const SWEEP = [
  'sweep',
  'scenarios/teaching-mmc.yaml',
  '--param',
  'stations.desk.servers=10..11',
  '--target',
  'stations.desk.wait.mean<=15',
];
/** Were an option not refused, a live replay would find no Redis here rather than use a real one. */
const NO_REDIS = { REDIS_URL: 'redis://127.0.0.1:1' };

// An option of one engine given to the other used to be ignored without a word: a kernel run
// with --redis-url touched no Redis, and a live replay with --out wrote no files.
describe('consular-sim run: an option the chosen engine does not use is refused, not ignored', () => {
  it.each([
    [['--speed', '2'], /^error: --speed: only with --engine bullmq/],
    [['--speed', 'max'], /^error: --speed: only with --engine bullmq/],
    [['--via', 'http'], /^error: --via: only with --engine bullmq/],
    [['--redis-url', 'redis://127.0.0.1:1'], /^error: --redis-url: only with --engine bullmq/],
    [['--base-url', 'http://127.0.0.1:1'], /^error: --base-url: only with --engine bullmq/],
    [['--worker-timeout', '5'], /^error: --worker-timeout: only with --workers/],
    [['--engine', 'bullmq', '--out', 'out/never'], /^error: --out: not with --engine bullmq/],
    [
      ['--engine', 'bullmq', '--replications', '3'],
      /^error: --replications: not with --engine bullmq/,
    ],
    [['--engine', 'bullmq', '--threads', '0'], /^error: --threads: not with --engine bullmq/],
    [
      ['--engine', 'bullmq', '--workers', 'redis://127.0.0.1:1'],
      /^error: --workers: not with --engine bullmq/,
    ],
    [
      ['--engine', 'bullmq', '--base-url', 'http://127.0.0.1:1'],
      /^error: --base-url: only with --via http/,
    ],
  ])('run %j: exit 2 and one line naming the option', async (more, message) => {
    const r = await runCli([...RUN, ...more, '--quiet'], NO_REDIS);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('sweep and audit refuse --worker-timeout without --workers too', async () => {
    for (const args of [SWEEP, ['audit', 'scenarios/paper-evisa.yaml']]) {
      const r = await runCli([...args, '--worker-timeout', '5', '--quiet']);
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr, args[0]).toMatch(/^error: --worker-timeout: only with --workers/);
    }
  });

  it('a kernel run with none of them still runs', async () => {
    const r = await runCli([...RUN, '--replications', '2', '--threads', '0', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 replications');
  });
});

// An empty --out or --workers was taken as not given (a run with no files, a local run), and a
// --redis-url or REDIS_URL that is no URL stopped the live replay with an internal error.
describe('consular-sim run: an empty or malformed value is refused, not ignored', () => {
  it.each([
    [['--out', ''], /^error: --out: must name a directory \(got ''\)/],
    [['--workers', ''], /^error: --workers: must be a Redis URL/],
    [['--engine', 'bullmq', '--redis-url', ''], /^error: --redis-url: must be a redis:\/\//],
    [['--engine', 'bullmq', '--redis-url', 'notaurl'], /^error: --redis-url: must be a redis:\/\//],
    [
      ['--engine', 'bullmq', '--redis-url', 'http://x'],
      /^error: --redis-url: must be a redis:\/\//,
    ],
  ])('run %j: exit 2, one line naming the option', async (more, message) => {
    const r = await runCli([...RUN, ...more, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('REDIS_URL that is no URL: exit 2 naming REDIS_URL', async () => {
    const r = await runCli([...RUN, '--engine', 'bullmq', '--quiet'], { REDIS_URL: 'localhost' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/);
  });

  it('sweep and audit refuse an empty --out and --workers too', async () => {
    const sweep = SWEEP;
    for (const [args, more, message] of [
      [sweep, ['--out', ''], /^error: --out: must name a directory/],
      [sweep, ['--workers', ''], /^error: --workers: must be a Redis URL/],
      [
        ['audit', 'scenarios/paper-evisa.yaml'],
        ['--out', ''],
        /^error: --out: must name a directory/,
      ],
      [
        ['audit', 'scenarios/paper-evisa.yaml'],
        ['--workers', ''],
        /^error: --workers: must be a Redis URL/,
      ],
    ] as const) {
      const r = await runCli([...args, ...more, '--quiet']);
      expect(r.code, `${args[0]} ${more.join(' ')}`).toBe(2);
      expect(r.stderr, `${args[0]} ${more.join(' ')}`).toMatch(message);
    }
  });
});
