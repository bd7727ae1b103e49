import { describe, expect, it } from 'vitest';
import { mean, run } from '../../helpers/scenario-run';

describe('Hızır load model', () => {
  it('officer hours fall as the bot deflects more questions', async () => {
    const hours = [];
    for (const d of [0, 0.3, 0.6]) {
      const r = await run('hizir-load', [`params.deflection=${d}`, 'horizon=14d'], 3);
      hours.push(mean(r, 'derived.handedOff'));
    }
    expect(hours[1]).toBeLessThan(hours[0]);
    expect(hours[2]).toBeLessThan(hours[1]);
  });

  it('measured deflection comes from running the real engine', async () => {
    const r = await run('paper-hizir', ['horizon=2d'], 2);
    const d = mean(r, 'derived.deflection');
    expect(d).toBeGreaterThan(0.5);
    expect(d).toBeLessThanOrEqual(1);
    expect(mean(r, 'derived.answersInstantly')).toBe(1);
  });
});
