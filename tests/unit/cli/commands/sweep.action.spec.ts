import 'reflect-metadata';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSweep } from '../../../../src/cli/commands/sweep.action';
import { parseParam, parseTarget, runSweep } from '../../../../src/experiment/sweep';

const MMC = resolve(__dirname, '../../../../scenarios/teaching-mmc.yaml');

describe('renderSweep: a target on a share', () => {
  it('says the target in percent too, as the table writes the share', async () => {
    const sweep = await runSweep(MMC, {
      params: [parseParam('stations.desk.servers=10..11')],
      target: parseTarget('stations.desk.utilisation<=0.9'),
      set: ['horizon=3d', 'warmup=1d'],
      replications: 2,
      threads: 0,
    });
    const text = renderSweep(sweep);
    expect(text).toContain('stations.desk.utilisation (%)');
    expect(text).toContain('target: stations.desk.utilisation <= 0.9 (90%) on the mean');
    // A target on a figure that is not a share is written as given, alone.
    const wait = await runSweep(MMC, {
      params: [parseParam('stations.desk.servers=10..11')],
      target: parseTarget('stations.desk.wait.mean<=15'),
      set: ['horizon=3d', 'warmup=1d'],
      replications: 2,
      threads: 0,
    });
    expect(renderSweep(wait)).toContain('target: stations.desk.wait.mean <= 15 on the mean');
  });
});
