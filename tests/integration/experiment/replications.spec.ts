import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

// Worker threads load the compiled worker from dist/, so this test drives the built modules
// (the classes compared with instanceof must come from the same build).
const ROOT = join(__dirname, '..', '..', '..');
const DIST = join(ROOT, 'dist');

/* eslint-disable @typescript-eslint/no-require-imports */
type Mod = Record<string, unknown>;
const load = (path: string): Mod => require(join(DIST, path)) as Mod;

beforeAll(() => {
  if (!existsSync(join(DIST, 'experiment', 'replication.worker.js'))) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0)
      throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
  }
}, 120_000);

const plan = (model: unknown) => ({
  arms: { main: model },
  seed: 1,
  replications: 2,
  until: 100,
  warmup: 0,
  interval: 0,
  threads: 2,
});

describe('errors thrown in replication worker threads', () => {
  it('a model error keeps its class, path and rule across the thread boundary', async () => {
    const { runReplications } = load('experiment/replications.js') as {
      runReplications: (p: unknown) => Promise<unknown>;
    };
    const { ModelError } = load('sim/network.js') as { ModelError: new (...a: never[]) => Error };
    const { UserError } = load('common/user-error.js') as {
      UserError: new (...a: never[]) => Error;
    };
    const err = (await runReplications(plan({ stations: [], classes: [], sources: [] })).catch(
      (e: unknown) => e,
    )) as Error & { path?: string; rule?: string };
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toBe('stations: must list at least one station');
    expect([err.path, err.rule]).toEqual(['stations', 'must list at least one station']);
    // The stack is the worker's: it names where the error was thrown.
    expect(err.stack).toContain('network');
  });

  it('a fault in the kernel stays an internal error (not a UserError)', async () => {
    const { runReplications } = load('experiment/replications.js') as {
      runReplications: (p: unknown) => Promise<unknown>;
    };
    const { UserError } = load('common/user-error.js') as {
      UserError: new (...a: never[]) => Error;
    };
    const err = (await runReplications(plan({ stations: null })).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(TypeError);
    expect(err).not.toBeInstanceOf(UserError);
  });
});

describe('a pool of replication threads shared by several plans', () => {
  const mmc = (servers: number, mean: number) => ({
    stations: [{ id: 'desk', servers }],
    classes: [
      {
        id: 'citizen',
        route: [{ id: 'serve', station: 'desk', service: { dist: 'exponential', mean } }],
      },
    ],
    sources: [{ id: 'walk-ins', class: 'citizen', arrivals: { kind: 'poisson', rate: 0.1 } }],
  });
  const planOf = (model: unknown, seed: number, replications: number) => ({
    arms: { main: model },
    seed,
    replications,
    until: 2_000,
    warmup: 0,
    interval: 0,
  });

  it('gives each plan, run at the same time, the results it gets alone in this thread', async () => {
    const { runReplications, ReplicationPool } = load('experiment/replications.js') as {
      runReplications: (p: unknown) => Promise<unknown>;
      ReplicationPool: new (n: number) => {
        run: (p: unknown) => Promise<unknown>;
        close: () => Promise<void>;
      };
    };
    // Two plans with different models and seeds: a thread that mixed up whose arms a
    // replication runs on would give one plan the other's results.
    const a = planOf(mmc(2, 15), 7, 5);
    const b = planOf(mmc(3, 25), 11, 3);
    const pool = new ReplicationPool(2);
    try {
      const [pa, pb] = await Promise.all([pool.run(a), pool.run(b)]);
      const [la, lb] = await Promise.all([
        runReplications({ ...a, threads: 0 }),
        runReplications({ ...b, threads: 0 }),
      ]);
      const strip = (runs: unknown) =>
        (runs as Record<string, Record<string, unknown>>[]).map((r) =>
          Object.fromEntries(Object.entries(r).map(([arm, s]) => [arm, { ...s, wallSeconds: 0 }])),
        );
      expect(strip(pa)).toEqual(strip(la));
      expect(strip(pb)).toEqual(strip(lb));
      expect((pa as unknown[]).length).toBe(5);
      // A failing plan fails alone; the pool goes on with the others.
      const [bad, good] = await Promise.allSettled([
        pool.run(planOf({ stations: [], classes: [], sources: [] }, 1, 2)),
        pool.run(a),
      ]);
      expect(bad.status).toBe('rejected');
      expect(good.status === 'fulfilled' && strip(good.value)).toEqual(strip(la));
    } finally {
      await pool.close();
    }
  });
});
