import { describe, expect, it } from 'vitest';
import type { HizirModel } from '../../../src/hizir/hizir-model';
import type { LabelledQuestion } from '../../../src/hizir/hizir-questions';
import { chooseThresholdsOnEngine } from '../../../src/hizir/hizir-tuning';
import type { HizirAnswer } from '../../../src/hizir/hizir.engine';

/**
 * A stand-in engine whose model is as sure of each question as its text says ("0.25 ..."): below
 * the answer threshold it hands the question to an officer, else it answers passport renewal.
 */
function fakeEngine(model: HizirModel): { answer(text: string): HizirAnswer } {
  return {
    answer(text: string): HizirAnswer {
      const p = Number(text.split(' ')[0]);
      const unsure = p < model.meta.answerThreshold;
      return {
        answer: '…',
        area: 'passport',
        operationId: 'passport-renewal',
        confidence: p,
        handoff: unsure,
        handoffReason: unsure ? 'low-confidence' : null,
        lang: 'en',
        sources: ['kb#passport-renewal'],
      };
    },
  };
}

const inScope = (p: number): LabelledQuestion => ({
  text: `${p} renew my passport`,
  lang: 'en',
  area: 'passport',
  operationId: 'passport-renewal',
  outOfScope: false,
});
const outOfScope = (p: number): LabelledQuestion => ({
  text: `${p} book me a hotel`,
  lang: 'en',
  area: null,
  operationId: null,
  outOfScope: true,
});

// In-scope questions the model is mostly sure of; out-of-scope ones it is mostly unsure of, but
// two of the ten only a little (0.25 and 0.35): a low answer threshold answers those.
const QUESTIONS = [
  ...[0.15, 0.25, 0.35, 0.45, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99].map(inScope),
  ...[0.05, 0.05, 0.1, 0.1, 0.12, 0.12, 0.15, 0.15, 0.25, 0.35].map(outOfScope),
];

function model(): HizirModel {
  return {
    meta: { outOfScopeThreshold: 0.9, answerThreshold: 0.4 },
  } as unknown as HizirModel;
}

describe('chooseThresholdsOnEngine', () => {
  const grid = [0.2, 0.3, 0.4];

  it('without a floor, takes the threshold that answers the most in-scope questions', () => {
    const m = model();
    const chosen = chooseThresholdsOnEngine(fakeEngine(m), m, QUESTIONS, 0, grid);
    expect(chosen.answerThreshold).toBe(0.2);
    expect(chosen.outOfScopeThreshold).toBe(0.9);
    expect(m.meta.answerThreshold).toBe(0.2);
  });

  it('keeps the out-of-scope hand-off at the floor, at the cost of in-scope hand-offs', () => {
    const m = model();
    // 0.2 hands off 8 of 10 out-of-scope questions, 0.3 hands off 9, 0.4 all ten.
    expect(chooseThresholdsOnEngine(fakeEngine(m), m, QUESTIONS, 0.9, grid).answerThreshold).toBe(
      0.3,
    );
    expect(chooseThresholdsOnEngine(fakeEngine(m), m, QUESTIONS, 1, grid).answerThreshold).toBe(
      0.4,
    );
    expect(m.meta.answerThreshold).toBe(0.4);
  });

  it('says so when no threshold reaches the floor', () => {
    const m = model();
    expect(() => chooseThresholdsOnEngine(fakeEngine(m), m, QUESTIONS, 1, [0.2, 0.3])).toThrow(
      /no thresholds reach 1 out-of-scope hand-off/,
    );
  });
});
