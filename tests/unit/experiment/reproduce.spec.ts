import { join } from 'node:path';
import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { reproduce } from '../../../src/experiment/reproduce';

const MMC = join(__dirname, '../../../scenarios/teaching-mmc.yaml');

describe('reproduce progress', () => {
  it('counts replications done across the scenarios, against those queued so far', async () => {
    const calls: [number, number][] = [];
    const scenarios: string[] = [];
    await reproduce({
      files: [MMC, MMC],
      replications: 3,
      set: ['horizon=2w', 'warmup=1w'],
      threads: 0,
      onScenario: (name, i, n) => scenarios.push(`${name} ${i + 1}/${n}`),
      onReplication: (done, queued) => calls.push([done, queued]),
    });
    expect(scenarios).toEqual(['teaching-mmc 1/2', 'teaching-mmc 2/2']);
    // Without threads each scenario runs as it is queued: 3 of 3, then 3 more of 6.
    expect(calls).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
      [4, 6],
      [5, 6],
      [6, 6],
    ]);
  }, 60_000);
});

describe('reproduce --set', () => {
  it('a key that only some paper scenarios have is refused, saying each --set goes to every one', async () => {
    const portal = join(__dirname, '../../../scenarios/paper-diplomatic-portal.yaml');
    const run = reproduce({ files: [portal], set: ['params.sampling=0.001'], threads: 0 });
    await expect(run).rejects.toThrow(
      /params\.sampling: is not a known key.*; reproduce applies each --set to every paper scenario: to change a key of one scenario only, run it alone/,
    );
  });

  it('without --set, nothing is added to a message', async () => {
    const run = reproduce({ files: [join(__dirname, 'no-such.yaml')], threads: 0 });
    await expect(run).rejects.toThrow(/file not found$/);
  });
});
