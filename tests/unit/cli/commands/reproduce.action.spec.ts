import { describe, expect, it } from 'vitest';
import { renderFindings } from '../../../../src/cli/commands/reproduce.action';
import type { Finding } from '../../../../src/experiment/reproduce';

const finding = (label: string, mean: number, ci95: [number, number] | null): Finding => ({
  scenario: 'paper-x',
  metric: 'derived.x',
  label,
  unit: 'hours',
  note: '',
  simulated: { mean, ci95 },
});

describe('renderFindings (the emergent findings under reproduce)', () => {
  it('gives each finding the decimals its interval decides, as the figures above it', () => {
    const text = renderFindings([
      finding('hours saved', 18667.94, [18608.68, 18727.2]),
      finding('citizens turned away', 1852, [1768.7, 1935.3]),
      finding('days to decision', 0.1462, [0.1421, 0.1503]),
    ]);
    const row = (label: string) => text.split('\n').find((l) => l.startsWith(label))!;
    // Not `18,608.68 .. 18,727.2`: one style of interval, `low to high`, as the figures'.
    expect(row('hours saved')).toMatch(/ 18,668 +18,609 to 18,727 +hours/);
    expect(row('citizens turned away')).toMatch(/ 1,852 +1,769 to 1,935 +hours/);
    expect(row('days to decision')).toMatch(/ 0\.1462 +0\.1421 to 0\.1503 +hours/);
    expect(text).not.toContain('..');
  });
});

describe('renderFindings of one replication', () => {
  it('says the interval needs 2 replications or more, not a 0-wide one', () => {
    const row = renderFindings([finding('hours saved', 18667.94, null)])
      .split('\n')
      .find((l) => l.startsWith('hours saved'))!;
    expect(row).toMatch(/ 18,668 +needs ≥ 2 replications +hours/);
  });
});
