import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../helpers/fault-env';
import { BIN, ROOT } from '../../helpers/cli';

// --version, --help and <command> --help are a newcomer's first commands, and shell completion
// and scripts call them often: they must read the commands' options and help text without
// loading what the commands do. Loading Nest, BullMQ, YAML and the simulator made --help take
// about 600 ms more than `node -e 0`. Checked by what loads, not by a timing
// (npm run bench:cli times it).

const COMMANDS = [
  'run',
  'reproduce',
  'compare',
  'sweep',
  'audit',
  'mmc',
  'bench',
  'ask',
  'lab',
  'serve',
  'worker',
];

/** Packages only a command's work needs (the HTTP API, the queues, the scenario loader). */
const HEAVY_PACKAGES = ['bullmq', 'ioredis', 'yaml', 'class-validator', 'class-transformer'];

const dir = mkdtempSync(join(tmpdir(), 'consular-startup-'));

beforeAll(() => ensureBuilt(), 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI and returns the packages and the project's own compiled files it loaded. */
function loads(args: string[]): { packages: string[]; ownFiles: string[]; stdout: string } {
  const packagesFile = join(dir, 'packages.txt');
  const filesFile = join(dir, 'files.txt');
  const r = spawnSync(
    process.execPath,
    ['-r', join(ROOT, 'tests/helpers/loaded-packages.cjs'), BIN, ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        CONSULAR_SIM_DEBUG: '',
        LOADED_PACKAGES_FILE: packagesFile,
        LOADED_FILES_FILE: filesFile,
      },
    },
  );
  expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  const ownFiles = readFileSync(filesFile, 'utf8')
    .split('\n')
    .filter((f) => f.startsWith(join(ROOT, 'dist')))
    .map((f) => relative(ROOT, f));
  return { packages: readFileSync(packagesFile, 'utf8').split('\n'), ownFiles, stdout: r.stdout };
}

describe('consular-sim start-up', () => {
  it.each([[['--version']], [['-V']], [['--help']], ...COMMANDS.map((c) => [[c, '--help']])])(
    '%j loads no framework, queue, YAML or validation package and nothing of the simulator',
    (args) => {
      const { packages, ownFiles, stdout } = loads(args);
      expect(stdout).not.toBe('');
      expect(packages).toContain('commander'); // the check sees what loads
      expect(packages.filter((p) => p.startsWith('@nestjs/'))).toEqual([]);
      for (const heavy of HEAVY_PACKAGES) expect(packages, heavy).not.toContain(heavy);
      expect(ownFiles.filter((f) => f.startsWith('dist/sim/'))).toEqual([]);
      // A command's implementation (its .action file) loads only when it runs.
      expect(ownFiles.filter((f) => f.endsWith('.action.js'))).toEqual([]);
    },
  );

  it('a command that runs loads its implementation (so the checks above can fail)', () => {
    const { ownFiles } = loads([
      'mmc',
      ...['--lambda', '1', '--mu', '2', '--servers', '1', '--customers', '1000', '--json'],
    ]);
    expect(ownFiles).toContain(join('dist', 'cli', 'commands', 'mmc.action.js'));
    expect(ownFiles.filter((f) => f.startsWith('dist/sim/')).length).toBeGreaterThan(0);
  });
});
