import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../helpers/fault-env';
import { ROOT, runCli } from '../../helpers/cli';

// Two newcomer slips on the command line, each met with one line and exit code 2 before any work:
// an option that takes one value given twice (commander had kept the last without a word: `run
// --seed 1 --seed 2` ran seed 2, `--out a --out b` wrote b), and a value outside an option's
// fixed set that is a typo of one of them (`--engine kernal`).

beforeAll(() => ensureBuilt(), 120_000);

const scratch = mkdtempSync(join(tmpdir(), 'consular-once-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const ONE_VALUE = 'it takes one value; give it once';

/** Runs the CLI and expects exit code 2, nothing on stdout and `line` as the only stderr line. */
async function refused(args: string[], line: string): Promise<void> {
  const r = await runCli(args);
  expect(r.stderr, args.join(' ')).toBe(`${line}\n`);
  expect(r.code, args.join(' ')).toBe(2);
  expect(r.stdout, args.join(' ')).toBe('');
}

describe('consular-sim: an option that takes one value, given twice', () => {
  it('run: --seed, --replications (also as --opt=value), --engine and --out are refused naming both values', async () => {
    const mmc = 'scenarios/teaching-mmc.yaml';
    await refused(
      ['run', mmc, '--seed', '1', '--seed', '2'],
      `error: --seed: given twice ('1', then '2'): ${ONE_VALUE}`,
    );
    await refused(
      ['run', mmc, '--replications=5', '--replications', '9'],
      `error: --replications: given twice ('5', then '9'): ${ONE_VALUE}`,
    );
    await refused(
      ['run', mmc, '--replications', '5', '--replications=9'],
      `error: --replications: given twice ('5', then '9'): ${ONE_VALUE}`,
    );
    // --engine has a default (kernel): the first one given is still the first.
    await refused(
      ['run', mmc, '--engine', 'kernel', '--engine', 'bullmq'],
      `error: --engine: given twice ('kernel', then 'bullmq'): ${ONE_VALUE}`,
    );
    const a = join(scratch, 'a');
    const b = join(scratch, 'b');
    await refused(
      ['run', mmc, '--out', a, '--out', b],
      `error: --out: given twice ('${a}', then '${b}'): ${ONE_VALUE}`,
    );
    expect(existsSync(a) || existsSync(b)).toBe(false);
  }, 60_000);

  it('every command: a second value is refused whatever the option parses it into', async () => {
    await refused(
      ['bench', '--customers', '1000', '--seed', '1', '--seed', 'x'],
      `error: --seed: given twice ('1', then 'x'): ${ONE_VALUE}`,
    );
    await refused(
      ['mmc', '--lambda', '9', '--lambda', '8', '--mu', '1', '--servers', '10'],
      `error: --lambda: given twice ('9', then '8'): ${ONE_VALUE}`,
    );
    await refused(
      ['reproduce', '--threads', '0', '--threads', '999'],
      `error: --threads: given twice ('0', then '999'): ${ONE_VALUE}`,
    );
    await refused(
      ['audit', 'scenarios/paper-evisa.yaml', '--method', 'sobol', '--method=lhs'],
      `error: --method: given twice ('sobol', then 'lhs'): ${ONE_VALUE}`,
    );
    await refused(
      ['compare', 'no-such-a', 'no-such-b', '--out', 'x', '--out', 'y'],
      `error: --out: given twice ('x', then 'y'): ${ONE_VALUE}`,
    );
    await refused(
      ['ask', '--lang', 'tr', '--lang', 'en', 'pasaport'],
      `error: --lang: given twice ('tr', then 'en'): ${ONE_VALUE}`,
    );
    await refused(
      ['lab', '--port', '0', '--port', '70000'],
      `error: --port: given twice ('0', then '70000'): ${ONE_VALUE}`,
    );
    await refused(
      ['worker', '--queues', 'evisa', '--queues', 'nope'],
      `error: --queues: given twice ('evisa', then 'nope'): ${ONE_VALUE}`,
    );
    // An option whose value is optional: the occurrence without one is named as such.
    await refused(
      ['serve', '--with-workers', 'evisa', '--with-workers', '--port', '70000'],
      `error: --with-workers: given twice ('evisa', then without a value): ${ONE_VALUE}`,
    );
    // An option with its own reason keeps it.
    await refused(
      [
        'sweep',
        'scenarios/teaching-mmc.yaml',
        '--param',
        'stations.desk.servers=10..11',
        '--cost',
        'a',
        '--cost',
        'b',
      ],
      "error: --cost: given twice ('a', then 'b'): a sweep ranks by one cost; add terms in one expression, e.g. a+b",
    );
  }, 60_000);

  it('repeatable options collect, and a flag given twice counts once', async () => {
    // The file is missing: what is refused is the file, not the repeated options before it.
    const missing = 'scenarios/no-such-scenario.yaml';
    const r = await runCli([
      'run',
      missing,
      '--set',
      'seed=1',
      '--set',
      'seed=2',
      '--quiet',
      '--quiet',
      '--json',
      '--json',
    ]);
    expect(r.stderr).toBe(`error: ${missing}: file not found\n`);
    expect(r.code).toBe(2);
    // And the same command with one single-valued option repeated is refused for that.
    await refused(
      [
        'run',
        missing,
        '--set',
        'seed=1',
        '--set',
        'seed=2',
        '--quiet',
        '--quiet',
        '--threads',
        '1',
        '--threads',
        '2',
      ],
      `error: --threads: given twice ('1', then '2'): ${ONE_VALUE}`,
    );
  }, 60_000);
});

describe('consular-sim: a value outside an option’s fixed set', () => {
  it('lists the values, and names the one meant when the value is close to it', async () => {
    const mmc = 'scenarios/teaching-mmc.yaml';
    await refused(
      ['run', mmc, '--engine', 'kernal'],
      "error: --engine: must be one of kernel, bullmq (got 'kernal'); did you mean 'kernel'?",
    );
    await refused(
      ['run', mmc, '--engine', 'bullmq', '--via', 'htp'],
      "error: --via: must be one of queue, http (got 'htp'); did you mean 'http'?",
    );
    await refused(
      ['run', mmc, '--engine', 'redis'],
      "error: --engine: must be one of kernel, bullmq (got 'redis')",
    );
    await refused(
      ['audit', 'scenarios/paper-evisa.yaml', '--method', 'sobl'],
      "error: --method: must be one of sobol, lhs, morris (got 'sobl'); did you mean 'sobol'?",
    );
    await refused(
      ['ask', '--lang', 'EN', 'passport'],
      "error: --lang: must be one of tr, en (got 'EN'); did you mean 'en'?",
    );
    await refused(
      ['worker', '--queues', 'evsa,payments'],
      "error: --queues: unknown queue 'evsa' (did you mean 'evisa'?); known: evisa, konsolosluk, payments, diplomatic-portal, experiments",
    );
    await refused(
      ['run', mmc, '--engine', 'bullmq', '--speed', 'mx'],
      "error: --speed: must be a number greater than 0 or 'max' (got 'mx'); did you mean 'max'?",
    );
  }, 60_000);
});

/**
 * A value each option takes, to give it twice. An option not here fails the test below: a new
 * option is checked as soon as it is declared (add it here, or mark it "(repeatable)" in its help).
 */
const A_VALUE: Record<string, string> = {
  '--seed': '1',
  '--replications': '2',
  '--out': 'out/x',
  '--threads': '1',
  '--engine': 'kernel',
  '--speed': 'max',
  '--via': 'queue',
  '--redis-url': 'redis://127.0.0.1:6379',
  '--base-url': 'http://127.0.0.1:3000',
  '--workers': 'redis://127.0.0.1:6379',
  '--worker-timeout': '1',
  '--target': 'stations.desk.wait.mean<=15',
  '--cost': 'stations.desk.servers',
  '--samples': '4',
  '--method': 'lhs',
  '--customers': '10',
  '--accuracy-customers': '10',
  '--accuracy-replications': '2',
  '--accuracy-rhos': '0.5',
  '--lambda': '1',
  '--mu': '2',
  '--servers': '1',
  '--lang': 'en',
  '--reply': '1',
  '--port': '0',
  '--host': '127.0.0.1',
  '--with-workers': 'evisa',
  '--queues': 'evisa',
  '--concurrency': '1',
};

describe('consular-sim: every option that takes one value takes it once', () => {
  it('each command refuses any such option given twice, the same value included; only the repeatable ones collect', () => {
    // The program as the CLI builds it; parseOptions reads the options without running anything.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built CLI, as users run it
    const { buildProgram } = require(join(ROOT, 'dist/cli/main.js')) as {
      buildProgram(only?: string): Command;
    };
    const repeatable = new Set<string>();
    let checked = 0;
    for (const { name } of buildProgram().commands.map((c) => ({ name: c.name() }))) {
      for (const option of buildProgram(name).commands[0].options) {
        const flag = option.long as string;
        if (option.isBoolean()) continue;
        if (option.description.includes('(repeatable)')) {
          repeatable.add(flag);
          continue;
        }
        expect(A_VALUE, `${name} ${flag}: give it a value in A_VALUE`).toHaveProperty([flag]);
        const value = A_VALUE[flag];
        const command = buildProgram(name).commands[0];
        expect(() => command.parseOptions([flag, value, flag, value]), `${name} ${flag}`).toThrow(
          `${flag}: given twice ('${value}', then '${value}'): `,
        );
        checked++;
      }
    }
    expect([...repeatable].sort()).toEqual(['--allow-host', '--param', '--set']);
    expect(checked).toBeGreaterThan(40);
  });
});
