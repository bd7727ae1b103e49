import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../helpers/cli';
import { ensureBuilt } from '../../../helpers/fault-env';

// Every command names its report report.html: `sweep --out` into run A's folder once replaced
// A's report without a word. run, sweep, reproduce and audit now refuse, as compare does, a
// folder holding another command's output (or a report.html beside none of their own file),
// before anything runs or is written; their own earlier output is replaced.

const short = ['--set', 'horizon=2d', '--set', 'warmup=1d', '--replications', '2', '--quiet'];
/** Each command, tiny, and the file it writes beside its report.html. */
const COMMANDS: Record<string, { args: string[]; own: string }> = {
  run: {
    args: ['run', 'scenarios/teaching-mmc.yaml', '--threads', '0', ...short],
    own: 'summary.json',
  },
  sweep: {
    args: [
      'sweep',
      'scenarios/teaching-mmc.yaml',
      '--param',
      'stations.desk.servers=10..11',
      '--target',
      'stations.desk.wait.mean<=100000',
      '--threads',
      '0',
      ...short,
    ],
    own: 'sweep.json',
  },
  reproduce: { args: ['reproduce', '--replications', '2', '--quiet'], own: 'reproduce.json' },
  audit: {
    args: [
      'audit',
      'tests/fixtures/scenarios/audit-known.yaml',
      '--samples',
      '2',
      '--method',
      'lhs',
      '--threads',
      '0',
      '--quiet',
    ],
    own: 'audit.json',
  },
};

let tmp = '';
/** Folders as the commands wrote them: a run's and a sweep's. */
const written: Record<string, string> = {};

beforeAll(async () => {
  ensureBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'out-dir-'));
  for (const name of ['run', 'sweep']) {
    written[name] = join(tmp, `${name}-written`);
    const r = await runCli([...COMMANDS[name]!.args, '--out', written[name]!]);
    expect(r.code, r.stderr).toBe(0);
  }
}, 120_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every file of a folder and its bytes. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
  );
}

let copies = 0;
/** A fresh copy of a written folder, or a folder with only a stray report.html. */
function folder(kind: 'run' | 'sweep' | 'stray'): string {
  const dir = join(tmp, `given-${copies++}`);
  if (kind === 'stray') {
    mkdirSync(dir);
    writeFileSync(join(dir, 'report.html'), '<p>mine</p>');
  } else cpSync(written[kind]!, dir, { recursive: true });
  return dir;
}

describe("--out: never into another command's folder", () => {
  it.each([
    ['sweep', 'run', /holds the summary\.json of a run \(consular-sim run --out\)/],
    ['reproduce', 'run', /holds the summary\.json of a run/],
    ['audit', 'run', /holds the summary\.json of a run/],
    ['run', 'sweep', /holds the sweep\.json of a sweep \(consular-sim sweep --out\)/],
    ['run', 'stray', /holds a report\.html that is not from an earlier summary\.json/],
    ['sweep', 'stray', /holds a report\.html that is not from an earlier sweep\.json/],
    ['reproduce', 'stray', /holds a report\.html that is not from an earlier reproduce\.json/],
    ['audit', 'stray', /holds a report\.html that is not from an earlier audit\.json/],
  ] as const)(
    '%s refuses a %s folder (exit 2, naming --out), before writing anything',
    async (command, kind, why) => {
      const dir = folder(kind);
      const before = snapshot(dir);
      const r = await runCli([...COMMANDS[command]!.args, '--out', dir]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/^error: --out: '.*' holds /);
      expect(r.stderr).toMatch(why);
      expect(r.stderr).toContain('its report.html would be overwritten: give a folder of its own');
      expect(r.stderr).not.toContain('    at ');
      expect(r.stdout).toBe('');
      expect(snapshot(dir)).toEqual(before);
    },
    60_000,
  );

  // A file of the name a command writes, not beside a report this program wrote, is someone
  // else's: `run --out` into a folder holding one's own summary.json had replaced it silently.
  it.each([
    ['run', { 'summary.json': '{"mine":1}' }, 'summary.json'],
    ['run', { 'timeseries.csv': 'x,y\n1,2\n' }, 'timeseries.csv'],
    ['run', { 'summary.json': '{"mine":1}', 'report.html': '<p>mine</p>' }, 'summary.json'],
    ['sweep', { 'sweep.json': '[]', 'notes.txt': 'mine' }, 'sweep.json'],
  ] as const)(
    "%s refuses a folder holding someone else's file of its own names (%j), writing nothing",
    async (command, files, taken) => {
      const dir = join(tmp, `theirs-${copies++}`);
      mkdirSync(dir);
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
      const before = snapshot(dir);
      const r = await runCli([...COMMANDS[command]!.args, '--out', dir]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/^error: --out: '.*' holds /);
      expect(r.stderr).toContain(`holds a ${taken} that is not from an earlier`);
      expect(r.stderr).toContain('it would be overwritten: give a folder of its own');
      expect(r.stdout).toBe('');
      expect(snapshot(dir)).toEqual(before);
    },
    60_000,
  );

  it('a folder holding other files (notes, data) but none of the names a run writes takes the run', async () => {
    const dir = join(tmp, `notes-${copies++}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const r = await runCli([...COMMANDS.run!.args, '--out', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([
      'notes.txt',
      'report.html',
      'summary.json',
      'timeseries.csv',
    ]);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
  }, 60_000);

  // --help had said "one of its own (empty, new, or an earlier run's)", while a folder holding
  // notes of one's own takes the run (above): it says what is accepted and what refused.
  it.each(['run', 'sweep', 'reproduce', 'audit', 'compare'])(
    '%s --help says a folder may hold other files, and names the files it refuses over',
    async (command) => {
      const r = await runCli([command, '--help']);
      expect(r.code, r.stderr).toBe(0);
      const out = /--out <dir>\s+([\s\S]*?)\n {2}-/.exec(r.stdout)?.[1].replace(/\s+/g, ' ');
      expect(out).toBeDefined();
      expect(out).not.toMatch(/empty, new/);
      expect(out).toContain('leaving other files as they are');
      const own = command === 'compare' ? 'comparison.json' : COMMANDS[command]!.own;
      const others = [
        'summary.json',
        'sweep.json',
        'audit.json',
        'reproduce.json',
        'comparison.json',
      ];
      for (const name of others.filter((n) => n !== own)) expect(out).toContain(name);
      expect(out).toMatch(
        new RegExp(`or a ${own.replace('.', '\\.')}[ ,].*report\\.html not from`),
      );
    },
    30_000,
  );

  it.each(['run', 'sweep', 'audit'])(
    '%s replaces its own earlier output in the folder',
    async (command) => {
      const { args, own } = COMMANDS[command]!;
      const dir = join(tmp, `own-${command}`);
      const files: Record<string, string>[] = [];
      for (const seed of ['1', '2']) {
        const r = await runCli([...args, '--seed', seed, '--out', dir]);
        expect(r.code, r.stderr).toBe(0);
        files.push(snapshot(dir));
      }
      // The second, on another seed, rewrote both its own file and the report.
      expect(files[1]![own]).toBeDefined();
      expect(files[1]![own]).not.toBe(files[0]![own]);
      expect(files[1]!['report.html']).not.toBe(files[0]!['report.html']);
    },
    60_000,
  );
});
