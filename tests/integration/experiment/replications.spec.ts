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
  if (!existsSync(join(DIST, 'scenario', 'replication.worker.js'))) {
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
    const { UserError } = load('sim/user-error.js') as { UserError: new (...a: never[]) => Error };
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
    const { UserError } = load('sim/user-error.js') as { UserError: new (...a: never[]) => Error };
    const err = (await runReplications(plan({ stations: null })).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(TypeError);
    expect(err).not.toBeInstanceOf(UserError);
  });
});
