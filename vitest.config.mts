import { availableParallelism } from 'node:os';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

/**
 * Vitest's default for `run` is one file fewer than the cores: on the 2-core machines this suite
 * is run on, one file at a time. Most files spend much of their time waiting on Redis, child
 * processes, Chromium or timers, so two at a time finish sooner; on more cores, the default.
 */
const WORKERS = Math.max(2, availableParallelism() - 1);

/**
 * Tests that offer the server an open-loop load sized for a whole machine: beside another test
 * file on 2 cores the server falls behind and the backlog, not the code, decides the memory
 * and latency they judge (5 December 2026: alone, p99 0.3 s and every answer; beside the rest of
 * the suite, p99 5-24 s, 408s and dropped connections). They run after the rest, one at a time.
 */
const ALONE = ['tests/fault/app/bootstrap.load.spec.ts'];

// SWC (not esbuild) compiles the tests: Nest's dependency injection needs the
// decorator metadata that esbuild does not emit.
export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: {
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'suite',
          include: ['tests/**/*.spec.ts', 'src/**/*.spec.ts'],
          exclude: ALONE,
          maxWorkers: WORKERS,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'alone',
          include: ALONE,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
