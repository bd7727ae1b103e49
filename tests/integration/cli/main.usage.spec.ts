import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli } from '../../helpers/cli';

// What a newcomer meets first: --version, --help, and one clear line with exit code 2 for
// every usage mistake (1 is reproduce's "out of tolerance", so a mistake must not look like it).

const cli = runCli;

/** Runs the CLI with its stdout closed before it writes, as a reader that has already gone (`| head -0`). */
function cliIntoClosedPipe(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT });
    let stderr = '';
    child.stdout.destroy();
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('consular-sim: version, help, usage errors', () => {
  it('a reader that stops early (| head) ends the command quietly, without a stack trace', async () => {
    for (const args of [
      ['sweep', '--help'],
      ['mmc', '--lambda', '9', '--mu', '1', '--servers', '10', '--json'],
    ]) {
      const r = await cliIntoClosedPipe(args);
      expect(r.stderr, args.join(' ')).toBe('');
      expect(r.code, args.join(' ')).toBe(0);
    }
  });

  it('--version and -V print the package version and exit 0', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    for (const flag of ['--version', '-V']) {
      const r = await cli([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe(version);
    }
  });

  it('--help lists every command and exits 0', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    for (const c of [
      'run',
      'reproduce',
      'compare',
      'sweep',
      'mmc',
      'bench',
      'ask',
      'serve',
      'worker',
    ])
      expect(r.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
  });

  it('a bare consular-sim prints the help on stderr and exits 2: a command is missing', async () => {
    const r = await cli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Usage: consular-sim \[options\] \[command\]/);
    expect(r.stderr).toMatch(/^ {2}reproduce\b/m);
  });

  it('help, help <command> and help help print help on stdout and exit 0', async () => {
    for (const [args, usage] of [
      [['help'], /^Usage: consular-sim \[options\] \[command\]/],
      [['help', 'help'], /^Usage: consular-sim \[options\] \[command\]/],
      [['help', 'run'], /^Usage: consular-sim run \[options\] <scenario>/],
    ] as const) {
      const r = await cli([...args]);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout, args.join(' ')).toMatch(usage);
      expect(r.stderr, args.join(' ')).toBe('');
    }
  });

  it.each([
    [['run'], /missing required argument 'scenario'/],
    [['mmc', '--lambda', '9'], /required option '--mu <M>' not specified/],
    // A typo in a required option's name is that typo, not the option missing.
    [
      ['mmc', '--lamda', '9', '--mu', '1', '--servers', '10'],
      /^error: unknown option '--lamda' \(Did you mean --lambda\?\)/,
    ],
    // --set and --param with a space for =: named, not "too many arguments for 'run'".
    [
      ['run', 'scenarios/teaching-mmc.yaml', '--set', 'stations.desk.servers', '11'],
      /^error: --set 'stations\.desk\.servers': takes key=value as one argument, with no space around =, e\.g\. --set stations\.desk\.servers=12/,
    ],
    [
      [
        'sweep',
        'scenarios/teaching-mmc.yaml',
        '--param',
        'stations.desk.servers',
        '10..14',
        '--target',
        'stations.desk.wait.mean<=15',
      ],
      /^error: --param 'stations\.desk\.servers': takes key=value as one argument/,
    ],
    // --samples says its one rule, 2 or more, at 0 as at 1: not "1 or more", then "2 or more".
    [
      ['audit', 'scenarios/paper-evisa.yaml', '--samples', '0'],
      /^error: --samples: must be a whole number, 2 or more, written in decimal \(got '0'\)/,
    ],
    [['run', 'scenarios/teaching-mmc.yaml', '--sed', '1'], /unknown option '--sed'/],
    [['runn'], /unknown command 'runn' \(Did you mean run\?\)/],
    // Help on a command that does not exist is that mistake, not the whole help with exit 0.
    [['help', 'nosuch'], /^error: unknown command 'nosuch' \(see consular-sim --help\)/],
    [['help', 'runn'], /unknown command 'runn' \(Did you mean run\?\)/],
    // So is --help after one: the typo is named, not hidden under the whole help.
    [['reprodce', '--help'], /^error: unknown command 'reprodce' \(Did you mean reproduce\?\)/],
    [['report', '-h'], /^error: unknown command 'report' \(see consular-sim --help\)/],
    [['mmc', '--lambda', 'x', '--mu', '1', '--servers', '2'], /--lambda: must be/],
    // Runs longer than the kernel's calendar holds: named before any work, not a crash in it.
    [
      ['mmc', '--lambda', '0.5', '--mu', '1', '--servers', '1', '--customers', '1e300'],
      /^error: --customers: .*longer than the kernel's longest run/,
    ],
    [
      ['mmc', '--lambda', '1e-9', '--mu', '1', '--servers', '1', '--customers', '1000'],
      /^error: --customers: .*use fewer customers or a higher rate/,
    ],
    [['bench', '--customers', '1e12', '--quiet'], /^error: --customers: .*longest run/],
    // The scenario file's rule for replications holds for the option too.
    [
      ['run', 'scenarios/teaching-mmc.yaml', '--replications', '100000000'],
      /^error: --replications: must be a whole number from 1 to 1000, written in decimal \(got '100000000'\)/,
    ],
    [
      ['sweep', 'scenarios/teaching-mmc.yaml', '--replications', '1001'],
      /^error: --replications: must be a whole number from 1 to 1000/,
    ],
    [
      ['bench', '--accuracy-rhos', '1e-12', '--customers', '1000', '--quiet'],
      /^error: --accuracy-customers: .*longest run/,
    ],
    // A metric named like what every object inherits is no metric (it had crashed the sweep).
    [
      [
        'sweep',
        'scenarios/teaching-mmc.yaml',
        '--param',
        'stations.desk.servers=10..11',
        '--target',
        'constructor<=15',
        '--replications',
        '2',
        // A loaded machine takes more than the 2 s after which progress lines start on stderr;
        // the error is the line under test.
        '--quiet',
      ],
      /^error: --target: the run has no metric 'constructor'/,
    ],
    [
      [
        'sweep',
        'scenarios/teaching-mmc.yaml',
        '--param',
        'stations.desk.servers=10..11',
        '--target',
        'stations.desk.wait.mean<=15',
        '--cost',
        'toString',
        '--replications',
        '2',
        '--quiet',
      ],
      /^error: --cost 'toString': 'toString' is neither a swept key/,
    ],
    // An --out that cannot take the files is named before the runs, not after them.
    [
      ['run', 'scenarios/teaching-mmc.yaml', '--out', 'package.json'],
      /^error: --out: 'package\.json' is a file \(or lies under one\), not a directory/,
    ],
    [
      ['reproduce', '--out', 'package.json/reports'],
      /^error: --out: 'package\.json\/reports' is a file \(or lies under one\)/,
    ],
    [
      ['run', 'scenarios/teaching-mmc.yaml', '--set', 'horizon=1e308'],
      /^error: scenarios\/teaching-mmc\.yaml: horizon: must be at most 1,000 years/,
    ],
  ])('%j exits 2 with one line naming the mistake', async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/internal error|\s{4}at /);
  });
});
