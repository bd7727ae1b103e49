import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { liveArm, PAYMENTS_LIVE_SCENARIO } from '../../../src/experiment/live-models';
import { CAPTURED, classOf, PaymentsFlow } from '../../../src/payments/payments-flow';
import type { NetworkModel } from '../../../src/sim/model';

const network = liveArm(PAYMENTS_LIVE_SCENARIO);

/** The network with every step's decline share set to `share`. */
function withDeclineShare(share: number): NetworkModel {
  return {
    ...network,
    classes: network.classes.map((c) => ({
      ...c,
      route: c.route.map((s) => ({ ...s, exit: { probability: share, outcome: 'declined' } })),
    })),
  };
}

describe('the live payments service decides as the payments model', () => {
  it('declines at the model’s decline share on every channel (fixed attempts, 4.5 standard errors)', () => {
    const flow = new PaymentsFlow(network);
    const share = network.classes[0].route[0].exit!.probability;
    expect(share).toBe(0.03);
    const n = 20_000;
    for (const [prefix, channel] of [
      ['ev_', 'virtual-pos'],
      ['card-', 'virtual-pos'],
      ['card-', 'physical-pos'],
    ] as const) {
      let declined = 0;
      for (let i = 0; i < n; i++) {
        const outcome = flow.outcome(`${prefix}${i}`, channel, '2026-01-01T00:00:00.000Z');
        expect([CAPTURED, 'declined']).toContain(outcome);
        if (outcome === 'declined') declined++;
      }
      const se = Math.sqrt((share * (1 - share)) / n);
      expect(Math.abs(declined / n - share)).toBeLessThan(4.5 * se);
    }
  });

  it('follows the model: no declines at share 0, all declined at share 1', () => {
    const never = new PaymentsFlow(withDeclineShare(0));
    const always = new PaymentsFlow(withDeclineShare(1));
    for (let i = 0; i < 500; i++) {
      expect(never.outcome(`ref-${i}`, 'virtual-pos', 'a')).toBe(CAPTURED);
      expect(always.outcome(`ref-${i}`, 'physical-pos', 'a')).toBe('declined');
    }
  });

  it('one attempt decides once; a new attempt on the reference draws again', () => {
    const flow = new PaymentsFlow(withDeclineShare(0.5));
    const first = Array.from({ length: 200 }, (_, i) =>
      flow.outcome(`ref-${i}`, 'virtual-pos', 'a'),
    );
    const again = Array.from({ length: 200 }, (_, i) =>
      flow.outcome(`ref-${i}`, 'virtual-pos', 'a'),
    );
    const other = Array.from({ length: 200 }, (_, i) =>
      flow.outcome(`ref-${i}`, 'virtual-pos', 'b'),
    );
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it('maps channels to the model’s classes, and refuses a network without them', () => {
    expect(classOf('ev_0123', 'virtual-pos')).toBe('evisa-fee');
    expect(classOf('kn_0123', 'virtual-pos')).toBe('consular-fee-online');
    expect(classOf('ev_0123', 'physical-pos')).toBe('consular-fee-counter');
    expect(() => new PaymentsFlow({ ...network, classes: network.classes.slice(1) })).toThrow(
      /no class 'evisa-fee'/,
    );
  });
});
