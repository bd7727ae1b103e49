import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../../src/hizir/hizir-model';
import { HizirEngine } from '../../../src/hizir/hizir.engine';

const CONFIG = `${__dirname}/../../../config`;

// Round 16: the Platt map states the confidence, it decides nothing. A part of a message ("… and
// do I need an appointment?") counts as a question of its own on the model's probability for the
// part (PART_PROBABILITY in hizir.engine.ts), so refitting the map changes no answer. On the
// stated confidence, the map fitted on the judge sets too (stating more) had made the appointment
// a second question and taken the ID card's answer away.
describe('Hızır: answers that do not move with the Platt map', () => {
  // The maps of rounds 14 and 15, the identity, and steeper or more generous ones.
  const MAPS: [number, number][] = [
    [1, 0],
    [0.8181, 1.3019],
    [0.8202, 1.4129],
    [0.5, 2.5],
    [0.4, 3],
  ];
  // A new phrasing (the dev question's own is not repeated here). On the old engine the answer
  // moved with the map: under a more generous one the appointment had taken over.
  const QUESTIONS = [
    'My old paper ID card is worn out and I read that the old ones will not be accepted much longer; I live in Oslo, can I get the new chip ID card at the consulate and do I need an appointment?',
  ];
  let engine: HizirEngine;
  let platt: [number, number];
  beforeAll(() => {
    engine = HizirEngine.fromConfig(CONFIG);
    platt = [...loadModel(CONFIG)!.meta.platt] as [number, number];
  });

  it.each(QUESTIONS)('answers %s the same under every map', (text) => {
    const under = MAPS.map((map) => {
      engine.model!.meta.platt = map;
      const a = engine.answer(text);
      return {
        source: a.sources[0],
        handoff: a.handoff,
        clarify: a.clarify?.options ?? null,
      };
    });
    engine.model!.meta.platt = platt;
    for (const u of under) expect(u).toEqual(under[0]);
  });
  it('takes a reply to a clarifying question as the option it names under every map', () => {
    // "çocuğum için" (for my child) after the passport area's question: the child's passport, not a
    // question of its own (as it had become under a more generous map on the old engine).
    const q = 'pasaport işlemleri hakkında bilgi';
    const replies = MAPS.map((map) => {
      engine.model!.meta.platt = map;
      const pending = engine.pendingFor(q, engine.answer(q))!;
      return engine.resolveClarification(pending, 'çocuğum için')?.operationId ?? null;
    });
    engine.model!.meta.platt = platt;
    expect(replies).toEqual(MAPS.map(() => 'passport-minor'));
  });
});
