import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../../helpers/fault-env';
import { runCli } from '../../../helpers/cli';

beforeAll(() => ensureBuilt(), 120_000);

const dir = mkdtempSync(join(tmpdir(), 'consular-sim-overrides-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SHORT = ['--set', 'horizon=2d', '--set', 'warmup=2h', '--replications', '2', '--quiet'];

// teaching-mmc's description says "a desk with 10 officers ... 90% busy". A run with
// --set stations.desk.servers=11 printed that description in report.html, and a summary headed by
// the file's title, without a word that the run was not of the file as written.
describe('consular-sim run: the --set overrides are named beside the scenario file', () => {
  it('the summary and report.html name each override and say the description is the file’s', async () => {
    const out = join(dir, 'eleven');
    const r = await runCli([
      'run',
      'scenarios/teaching-mmc.yaml',
      '--set',
      'stations.desk.servers=11',
      ...SHORT,
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('One consular desk as an M/M/c queue (scenarios/teaching-mmc.yaml)');
    expect(lines[1]).toMatch(
      /^Run with --set stations\.desk\.servers=11, horizon=2d, warmup=2h: .*description.* before these overrides/,
    );
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain(
      '<dt>Overrides (--set)</dt><dd>stations.desk.servers=11, horizon=2d, warmup=2h</dd>',
    );
    expect(html).toMatch(/data-section="overrides">Run with --set stations\.desk\.servers=11/);
  }, 120_000);

  it('a run without --set says nothing of overrides', async () => {
    const out = join(dir, 'plain');
    const r = await runCli([
      'run',
      'scenarios/teaching-mmc.yaml',
      '--replications',
      '2',
      '--quiet',
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/Run with --set/);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).not.toMatch(
      /Overrides \(--set\)|data-section="overrides"/,
    );
  }, 120_000);
});

// `run teaching-mmc.yaml --set stations.desk.servers=abc` had printed the rule after the file
// alone, as if the file held 'abc'; each command that takes --set names the one typed.
describe('every command taking --set names the --set that gave a value it refuses', () => {
  const SET = ['--set', 'stations.desk.servers=abc'];
  const NAMED =
    'stations.desk.servers: must be a whole number from 0 to 1,000,000; the value comes from --set stations.desk.servers=abc, not from the file';
  it.each([
    ['run', ['run', 'scenarios/teaching-mmc.yaml', ...SET]],
    [
      'sweep',
      [
        'sweep',
        'scenarios/teaching-mmc.yaml',
        '--param',
        'stations.desk.service.mean=50..60:10',
        '--target',
        'stations.desk.wait.mean<=15',
        '--quiet',
        ...SET,
      ],
    ],
    [
      'audit',
      [
        'audit',
        'scenarios/audit-konsolosluk-govtr-savings.yaml',
        '--quiet',
        '--set',
        'params.preApplication.share=abc',
      ],
    ],
  ])(
    '%s',
    async (command, args) => {
      const r = await runCli(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      if (command === 'audit')
        expect(r.stderr).toMatch(
          /^error: scenarios\/audit-konsolosluk-govtr-savings\.yaml: params\.preApplication\.share: .*; the value comes from --set params\.preApplication\.share=abc, not from the file\n$/,
        );
      else
        expect(r.stderr).toMatch(
          new RegExp(
            `^error: scenarios/teaching-mmc\\.yaml: ${NAMED.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
          ),
        );
      expect(r.stderr).not.toMatch(/\n\s+at /);
    },
    60_000,
  );

  it('reproduce, which applies --set to each paper scenario', async () => {
    const r = await runCli(['reproduce', '--set', 'horizon=abc', '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: scenarios\/paper-[a-z0-9-]+\.yaml: horizon: must be a duration .*; the value comes from --set horizon=abc, not from the file; reproduce applies each --set to every paper scenario/,
    );
  }, 60_000);

  it('reproduce --set scenario:path=value with a scenario that is not a paper scenario: exit 2, naming the option', async () => {
    const r = await runCli(['reproduce', '--set', 'paper-evsia:params.manual.minutesFactor=0.8']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: --set paper-evsia:params\.manual\.minutesFactor=0\.8: no paper scenario is named 'paper-evsia' \(did you mean 'paper-evisa'\?\) \(scenario:path=value changes that paper scenario only; .*the paper scenarios are paper-diplomatic-portal, .*\)\n$/,
    );
    expect(r.stdout).toBe('');
  }, 60_000);
});
