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

/**
 * Files that replace a module for the whole process (vi.mock): they run each in a process of its
 * own. Every other file shares its worker's process with the files before it (isolate: false):
 * a file no longer loads Nest, BullMQ, class-validator and the rest again (1,434 modules for
 * the API), which had taken 468 of the suite's 3,616 s of work (7 December 2026), and the code
 * the files share is already compiled by V8. The price is that a file must leave the process as
 * it found it (environment variables, globals, timers, listeners):
 * tests/unit/package/isolation.spec.ts keeps module mocks to this list and every change to
 * process.env restored.
 */
const ISOLATED = [
  'tests/unit/experiment/run-errors.spec.ts',
  'tests/unit/cli/commands/bench.action.spec.ts',
  'tests/unit/cli/commands/reproduce.action.json.spec.ts',
  'tests/unit/experiment/params-validated-once.spec.ts',
];

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
          exclude: [...ALONE, ...ISOLATED],
          isolate: false,
          setupFiles: ['tests/helpers/leave-process-as-found.ts'],
          maxWorkers: WORKERS,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'isolated',
          include: ISOLATED,
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
