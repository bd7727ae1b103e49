import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../helpers/fault-env';
import { ROOT, runCli } from '../../helpers/cli';

// What the CLI prints for help and for usage mistakes, byte for byte, against a file written from
// the CLI as it was: a change to how commands are loaded (or declared) must not change a word a
// user or a shell-completion script reads. A deliberate change to a help text regenerates it:
//   UPDATE_CLI_GOLDEN=1 npx vitest run tests/integration/cli/main.help-golden.spec.ts
// and the diff of the file is then reviewed with the change.

const GOLDEN = join(ROOT, 'tests/fixtures/cli-help.golden.txt');

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

/** Every way to ask for help, and usage mistakes that each command reports before any work. */
const CASES: string[][] = [
  [],
  ['--help'],
  ['-h'],
  ['help'],
  ...COMMANDS.flatMap((c) => [
    [c, '--help'],
    ['help', c],
  ]),
  ['runn'],
  ['help', 'runn'],
  ['--nope'],
  ['run'],
  ['run', 'scenarios/teaching-mmc.yaml', '--sed', '1'],
  ['run', 'scenarios/teaching-mmc.yaml', '--seed', 'x'],
  ['run', 'scenarios/teaching-mmc.yaml', '--engine', 'nope'],
  ['run', 'scenarios/teaching-mmc.yaml', '--engine', 'kernal'],
  ['run', 'scenarios/teaching-mmc.yaml', '--seed', '1', '--seed=2'],
  ['run', 'scenarios/does-not-exist.yaml'],
  ['reproduce', '--replications', '0'],
  ['compare', 'does-not-exist-a', 'does-not-exist-b'],
  ['sweep', 'scenarios/teaching-mmc.yaml'],
  ['sweep', 'scenarios/teaching-mmc.yaml', '--param', 'stations.desk.servers=10..11'],
  ['audit', 'scenarios/paper-evisa.yaml', '--method', 'nope'],
  ['audit', 'scenarios/paper-evisa.yaml', '--samples', '1'],
  ['mmc', '--lambda', '9'],
  ['mmc', '--lambda', '20', '--mu', '1', '--servers', '2'],
  ['bench', '--accuracy-rhos', '0.5,x'],
  ['ask', '--lang', 'de', 'hello'],
  ['lab', '--port', '70000'],
  ['serve', '--port', 'x'],
  ['serve', '--port', '70000'],
  ['worker', '--queues', 'nope'],
  ['worker', '--concurrency', '0'],
];

/** One case as text; the checkout's path (in messages naming a file) written as <root>. */
function transcript(args: string[], r: { code: number | null; stdout: string; stderr: string }) {
  const text = [
    `$ consular-sim ${args.join(' ')}`.trimEnd(),
    `exit ${r.code}`,
    '--- stdout',
    r.stdout,
    '--- stderr',
    r.stderr,
    '',
  ].join('\n');
  return text.split(ROOT).join('<root>');
}

beforeAll(() => ensureBuilt(), 120_000);

describe('consular-sim help and usage errors, as users read them', () => {
  it('cover every command --help lists', async () => {
    const { stdout } = await runCli(['--help']);
    const listed = stdout
      .split('Commands:\n')[1]!
      .split('\n')
      .map((line) => /^ {2}([a-z]+)/.exec(line)?.[1])
      .filter((name): name is string => name !== undefined && name !== 'help');
    expect(listed).toEqual(COMMANDS);
  });

  it('are the same, byte for byte, as the recorded output', async () => {
    const blocks: string[] = [];
    // One at a time: the machine is shared, and the order is the file's.
    for (const args of CASES) blocks.push(transcript(args, await runCli(args)));
    const actual = blocks.join('\n');
    if (process.env.UPDATE_CLI_GOLDEN === '1') writeFileSync(GOLDEN, actual);
    expect(existsSync(GOLDEN), `${GOLDEN} is missing: see the comment at the top`).toBe(true);
    expect(actual).toBe(readFileSync(GOLDEN, 'utf8'));
  }, 180_000);
});
