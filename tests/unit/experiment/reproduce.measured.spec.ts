import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { reproduce } from '../../../src/experiment/reproduce';
import { renderReport } from '../../../src/report/html-report';

/**
 * hizir.launch is the Hızır engine run over its test questions (answer time p99 under 1 s, a
 * deflection above 0), not an output of the simulated load: reproduce and report.html call it
 * measured, and say what that means.
 */
describe('a measured figure in reproduce and report.html', () => {
  it('hizir.launch comes out of reproduce as measured, and report.html shows it so', async () => {
    const r = await reproduce({
      files: ['scenarios/paper-hizir.yaml'],
      replications: 2,
      threads: 0,
      set: ['horizon=2d'],
    });
    const launch = r.figures.find((f) => f.id === 'hizir.launch');
    expect(launch?.kind).toBe('measured');
    const html = renderReport({ reproduction: r });
    const row = html.match(/<tr[^>]*><th scope="row"><code>hizir\.launch<\/code>.*?<\/tr>/)?.[0];
    expect(row).toContain('<td data-kind="measured">measured</td>');
    expect(html).toContain('<em>measured</em> ones are measured outside the simulation');
  }, 120_000);
});
