import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli } from '../../../helpers/cli';

// The limits of mmc, bench and --threads are checked as the options are read, before any other
// rule and before anything runs: each is one line on stderr and exit code 2. Before, mmc
// --customers 1e13 ran for days, mmc --lambda 1e308 printed a P(wait) of 0 beside Erlang C's
// 0.33, bench --accuracy-replications 1e9 never ended, and --threads 100000 started as many
// threads at once (300 took 3.8 GB and 14 times as long on two cores).

describe('the CLI refuses runs of absurd size at once', () => {
  it.each([
    [
      ['mmc', '--lambda', '1e308', '--mu', '1e308', '--servers', '2'],
      "--lambda: must be at most 1,000,000 a time unit (got '1e308')",
    ],
    [
      // It had run 10 million arrivals of warm-up (22 s idle, 127 s on a busy machine) for a
      // P(wait) of 0.15 beside Erlang C's 0.9987.
      ['mmc', '--servers', '1000000', '--lambda', '999999', '--mu', '1'],
      '--lambda: must keep rho = lambda / (servers × mu) at most 0.9997 (got 0.999999)',
    ],
    [
      ['bench', '--accuracy-replications', '1e9', '--accuracy-rhos', '1.5'],
      "--accuracy-replications: must be a whole number from 1 to 1000, written in decimal (got '1e9')",
    ],
    [
      ['run', 'scenarios/teaching-mmc.yaml', '--threads', '100000', '--engine', 'nope'],
      "--threads: must be a whole number from 0 to 256, written in decimal (got '100000')",
    ],
    [
      ['reproduce', '--threads', '300', '--replications', '0'],
      "--threads: must be a whole number from 0 to 256, written in decimal (got '300')",
    ],
  ])('%j', async (args, message) => {
    const r = await runCli(args);
    expect(r.stderr.startsWith(`error: ${message}`), r.stderr).toBe(true);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.code).toBe(2);
  });
});

describe('mmc --customers past the most', () => {
  it('is refused before the run (it had run for days: the child is killed after 20 s)', async () => {
    const child = spawn(
      process.execPath,
      [BIN, 'mmc', '--lambda', '1e6', '--mu', '1e5', '--servers', '11', '--customers', '1e13'],
      { cwd: ROOT },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(timer);
    expect(stderr).toBe(
      'error: --customers: must be a whole number from 1 to 500,000,000 (got 10000000000000): more would run for hours\n',
    );
    expect(code).toBe(2);
  }, 30_000);
});
