import 'reflect-metadata';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/common/user-error';
import { distributedExecutor } from '../../../src/experiment/experiments-queue';
import { runScenarioSet } from '../../../src/experiment/experiment';
import { EXPERIMENTS_QUEUE } from '../../../src/queue/queue-names';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import {
  ensureBuilt,
  freePort,
  killHard,
  PrivateRedis,
  readyAt,
  ROOT,
  sleep,
  spawnWorker,
} from '../../helpers/fault-env';

// A worker built from other code under the same version and config/: here one whose
// replications hand back no quantile sketches, as every build before percentiles by sectioning
// did. Its results had passed the version/config check and been assembled as this build's,
// the percentiles silently averages instead of pooled (other numbers than a local run).
const PREFIX = '{test-experiments-build}';
let redis: PrivateRedis;
const dirs: string[] = [];
const workers: ChildProcess[] = [];

/** A copy of the built CLI (bin/, dist/, package.json; node_modules and config/ linked). */
function copyOfBuild(prefix: string): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(root);
  for (const d of ['bin', 'dist']) cpSync(join(ROOT, d), join(root, d), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(root, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  symlinkSync(join(ROOT, 'config'), join(root, 'config'));
  return root;
}

/**
 * A copy of the built CLI whose replications leave out their sketches; `unchecked`: its worker
 * also takes jobs of any fingerprint and names none in its results, as workers before that check.
 */
function otherBuild(unchecked: boolean): string {
  const root = copyOfBuild('consular-other-build-');
  const patch = (rel: string, from: string, to: string) => {
    const file = join(root, rel);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(from);
    writeFileSync(file, text.replace(from, to));
  };
  patch(
    'dist/experiment/experiment.js',
    '...(Object.keys(kept).length > 0 && { sketches: kept }),',
    '',
  );
  if (unchecked) {
    patch(
      'dist/experiment/experiments-queue.js',
      'job.data.fingerprint !== undefined && job.data.fingerprint !== mine',
      'false',
    );
    const file = join(root, 'dist/experiment/experiments-queue.js');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        /\.\.\.output,\s*fingerprint: runtimeFingerprint\(\),?/,
        '...output,',
      ),
    );
  }
  return root;
}

async function startWorker(root: string): Promise<ChildProcess> {
  const w = spawnWorker(
    { REDIS_URL: redis.url, QUEUE_PREFIX: PREFIX },
    ['--queues', EXPERIMENTS_QUEUE, '--concurrency', '1'],
    root,
  );
  workers.push(w);
  const deadline = Date.now() + 60_000;
  while (readyAt(w) === undefined) {
    if (Date.now() > deadline) throw new Error('the experiments worker did not start');
    await sleep(100);
  }
  return w;
}

beforeAll(async () => {
  ensureBuilt();
  redis = new PrivateRedis(await freePort(), false);
  await redis.start();
}, 120_000);

afterEach(async () => {
  for (const w of workers.splice(0)) await killHard(w);
});

afterAll(async () => {
  await redis?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A run of 2 replications on the queue: its result, or the error it failed with. */
async function runOnQueue(): Promise<unknown> {
  const scenario = loadScenario(join(ROOT, 'scenarios/teaching-mmc.yaml'), {
    set: ['horizon=4w', 'warmup=1w'],
  });
  const ex = distributedExecutor({
    redisUrl: redis.url,
    prefix: PREFIX,
    pollMs: 50,
    workerTimeoutMs: 60_000,
  });
  try {
    return await runScenarioSet([scenario], { replications: 2, executor: ex }).then(
      (r) => r,
      (e: unknown) => e,
    );
  } finally {
    await ex.close();
  }
}

describe('run --workers with a worker built from other code of the same version', () => {
  it('the worker refuses the job: a --workers error naming both builds, not other percentiles', async () => {
    await startWorker(otherBuild(false));
    const outcome = await runOnQueue();
    expect(outcome).toBeInstanceOf(UserError);
    expect(String((outcome as Error).message)).toMatch(
      /--workers: .*another consular-sim version, build.*\(worker [^,]+, here [^)]+\)/,
    );
  }, 90_000);

  it('a worker that checks nothing (older than the check): its results are refused when assembled', async () => {
    await startWorker(otherBuild(true));
    const outcome = await runOnQueue();
    expect(outcome).toBeInstanceOf(UserError);
    expect(String((outcome as Error).message)).toMatch(
      /--workers: redis:\/\/.*job \w+-0-\d was run by a worker of another consular-sim build \(worker older, unnamed, here [^)]+\)/,
    );
  }, 90_000);
});

describe("the build's fingerprint", () => {
  const fingerprintOf = (root: string) =>
    execFileSync(
      process.execPath,
      [
        '-e',
        `require('reflect-metadata'); process.stdout.write(require(${JSON.stringify(join(root, 'dist/experiment/experiments-queue.js'))}).runtimeFingerprint())`,
      ],
      { encoding: 'utf8', cwd: ROOT },
    );

  it("leaves out the Lab's bundle, which no worker runs, and counts every other compiled file", () => {
    const root = copyOfBuild('consular-fingerprint-');
    const built = fingerprintOf(root);
    // A machine that never built the Lab computes the same numbers: the same fingerprint.
    rmSync(join(root, 'dist/lab'), { recursive: true, force: true });
    expect(fingerprintOf(root)).toBe(built);
    // A compiled file older code left behind is code the worker could load: another build.
    writeFileSync(join(root, 'dist/experiment/left-behind.js'), 'module.exports = {};\n');
    expect(fingerprintOf(root)).not.toBe(built);
  });
});
