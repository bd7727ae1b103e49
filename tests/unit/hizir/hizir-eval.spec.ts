import { beforeAll, describe, expect, it } from 'vitest';
import {
  answerRight,
  declinedAsOutOfScope,
  evaluate,
  expectedCalibrationError,
  reliabilityTable,
  wilson,
  type HizirEvalReport,
} from '../../../src/hizir/hizir-eval';
import {
  readLabelledQuestions,
  readSplit,
  type LabelledQuestion,
} from '../../../src/hizir/hizir-questions';
import { HizirEngine, type HizirAnswer } from '../../../src/hizir/hizir.engine';

const ROOT = `${__dirname}/../../..`;
const CONFIG = `${ROOT}/config`;

/** Right answers out of each figure's questions, as measured once on a frozen set. */
type Measured = Readonly<
  Record<'areaAccuracy' | 'operationAccuracy' | 'handoffRecall', readonly [number, number]>
>;

/**
 * Each figure at least the low end of its measured share's 95% Wilson interval (a fall chance
 * alone rarely gives), on the same number of in-scope questions.
 */
function expectMeasuredFloors(r: HizirEvalReport, measured: Measured): void {
  for (const [figure, [right, n]] of Object.entries(measured))
    expect(r[figure as keyof Measured], figure).toBeGreaterThanOrEqual(wilson(right, n).low);
  expect(r.inScope).toBe(measured.areaAccuracy[1]);
}

describe('calibration and interval helpers', () => {
  it('ECE is zero when confidence matches accuracy and grows with the gap', () => {
    const conf = [0.95, 0.95, 0.95, 0.95, 0.05, 0.05, 0.05, 0.05];
    expect(
      expectedCalibrationError(conf, [true, true, true, true, false, false, false, false]),
    ).toBeCloseTo(0.05, 6);
    expect(expectedCalibrationError([0.9, 0.9], [false, false])).toBeCloseTo(0.9, 6);
    const table = reliabilityTable([0.05, 0.95, 0.99], [false, true, false]);
    expect(table[0]).toMatchObject({ count: 1, accuracy: 0 });
    expect(table[9]).toMatchObject({ count: 2, accuracy: 0.5 });
  });

  it('Wilson interval contains the share and narrows with n', () => {
    const small = wilson(8, 10);
    const large = wilson(800, 1000);
    expect(small.low).toBeLessThan(0.8);
    expect(small.high).toBeGreaterThan(0.8);
    expect(large.high - large.low).toBeLessThan(small.high - small.low);
    expect(wilson(0, 10).low).toBe(0);
  });
});

describe('Hızır on its labelled splits', () => {
  let engine: HizirEngine;
  const reports: Record<string, HizirEvalReport> = {};
  beforeAll(() => {
    engine = HizirEngine.fromConfig(CONFIG);
    for (const split of ['dev', 'test'] as const) {
      reports[split] = evaluate(engine, readSplit(CONFIG, split), { timing: false });
    }
    reports.probeHoldout = evaluate(
      engine,
      readLabelledQuestions(`${CONFIG}/hizir/questions/probe-holdout.jsonl`),
      { timing: false },
    );
    reports.probeGen3Heldout = evaluate(
      engine,
      readLabelledQuestions(`${CONFIG}/hizir/questions/probe-gen3-heldout.jsonl`),
      { timing: false },
    );
    reports.probeGen5Heldout = evaluate(
      engine,
      readLabelledQuestions(`${CONFIG}/hizir/questions/probe-gen5-heldout.jsonl`),
      { timing: false },
    );
    reports.probeGen6Judge = evaluate(
      engine,
      readLabelledQuestions(`${CONFIG}/hizir/questions/probe-gen6-judge.jsonl`),
      { timing: false },
    );
    reports.probeGen7Judge = evaluate(
      engine,
      readLabelledQuestions(`${CONFIG}/hizir/questions/probe-gen7-judge.jsonl`),
      { timing: false },
    );
    reports.probeGen8Judge = evaluate(
      engine,
      readLabelledQuestions(`${CONFIG}/hizir/questions/probe-gen8-judge.jsonl`),
      { timing: false },
    );
    reports.legacy = evaluate(
      engine,
      readLabelledQuestions(`${ROOT}/tests/fixtures/hizir-eval.jsonl`),
      {
        timing: false,
      },
    );
  });

  // Floors a little under the figures measured when the model was committed (README, `npm run
  // eval:hizir`): they catch a regression, they do not restate the targets.
  it('keeps its measured accuracy and out-of-scope hand-off on the frozen test split', () => {
    const t = reports.test!;
    expect(t.areaAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(t.operationAccuracy).toBeGreaterThanOrEqual(0.83);
    expect(t.handoffRecall).toBeGreaterThanOrEqual(0.9);
    expect(t.calibrationError).toBeLessThanOrEqual(0.06);
    expect(t.outOfScopeKinds.far[0]).toBe(t.outOfScopeKinds.far[1]);
  });

  it('generalises: test is within a few points of dev, and the older set still holds', () => {
    expect(Math.abs(reports.test!.areaAccuracy - reports.dev!.areaAccuracy)).toBeLessThan(0.06);
    expect(reports.legacy!.areaAccuracy).toBeGreaterThanOrEqual(0.93);
    expect(reports.legacy!.handoffRecall).toBeGreaterThanOrEqual(0.93);
  });

  // probe-holdout: citizens' phrasing (slang, short forms, mixed Turkish-English, stories,
  // sensitive situations, look-alike out-of-scope questions), written together with probe-dev
  // before the engine was studied and never tuned on. Measured on 4 December 2026 (README): the
  // right answers out of each figure's questions. A figure fails when it falls below the low end
  // of its measured share's 95% Wilson interval, a fall chance alone rarely gives.
  const PROBE_HOLDOUT_MEASURED = {
    areaAccuracy: [110, 111],
    operationAccuracy: [96, 103],
    handoffRecall: [29, 31],
  } as const;
  it('keeps its measured figures on the probe-holdout set, within their Wilson interval', () => {
    const r = reports.probeHoldout!;
    expectMeasuredFloors(r, PROBE_HOLDOUT_MEASURED);
    expect(r.calibrationError).toBeLessThanOrEqual(0.06);
    expect(r.outOfScopeKinds.injection[0]).toBe(r.outOfScopeKinds.injection[1]);
  });

  // probe-gen3-heldout: written from the list of areas and operations alone, committed before any
  // change and never tuned on. Measured on the untouched engine on 5 December 2026 (README): the
  // right answers out of each figure's questions; a figure fails below the low end of its 95%
  // Wilson interval.
  const PROBE_GEN3_HELDOUT_MEASURED = {
    areaAccuracy: [63, 63],
    operationAccuracy: [60, 63],
    handoffRecall: [9, 10],
  } as const;
  it('keeps its measured figures on the probe-gen3 held-out set, within their Wilson interval', () => {
    const r = reports.probeGen3Heldout!;
    expectMeasuredFloors(r, PROBE_GEN3_HELDOUT_MEASURED);
  });

  // probe-gen5-heldout: fresh citizens' wording, committed alone and frozen before any
  // evaluation; measured at the start and at the end of that round only (README). The end
  // figures as right answers out of each figure's questions; a figure fails below the low end of
  // its 95% Wilson interval.
  const PROBE_GEN5_HELDOUT_MEASURED = {
    areaAccuracy: [71, 80],
    operationAccuracy: [61, 75],
    handoffRecall: [18, 18],
  } as const;
  it('keeps its measured figures on the probe-gen5 held-out set, within their Wilson interval', () => {
    const r = reports.probeGen5Heldout!;
    expectMeasuredFloors(r, PROBE_GEN5_HELDOUT_MEASURED);
  });

  // probe-gen6-judge: written alone and committed before any model was measured on it, then
  // measured once on this model (README). The figures as right answers out of each figure's
  // questions; a figure fails below the low end of its 95% Wilson interval.
  const PROBE_GEN6_JUDGE_MEASURED = {
    areaAccuracy: [106, 110],
    operationAccuracy: [95, 101],
    handoffRecall: [30, 30],
  } as const;
  it('keeps its measured figures on the probe-gen6 judge set, within their Wilson interval', () => {
    const r = reports.probeGen6Judge!;
    expectMeasuredFloors(r, PROBE_GEN6_JUDGE_MEASURED);
  });

  // probe-gen7-judge: 159 questions written alone, from the catalogue alone, and committed before
  // any model was measured on it; the judge between main's model and model A (README), measured
  // once on each. Floors as for gen6.
  const PROBE_GEN7_JUDGE_MEASURED = {
    areaAccuracy: [127, 129],
    operationAccuracy: [122, 129],
    handoffRecall: [30, 30],
  } as const;
  it('keeps its measured figures on the probe-gen7 judge set, within their Wilson interval', () => {
    const r = reports.probeGen7Judge!;
    expectMeasuredFloors(r, PROBE_GEN7_JUDGE_MEASURED);
  });

  // probe-gen8-judge: 156 questions (131 in scope, 13 of them naming only an area; 25 out of
  // scope) written by an outside reviewer from the catalogue alone and committed before any
  // evaluation, then measured once on the committed model (README). Floors as for gen6.
  const PROBE_GEN8_JUDGE_MEASURED = {
    areaAccuracy: [125, 131],
    operationAccuracy: [115, 124],
    handoffRecall: [25, 25],
  } as const;
  it('keeps its measured figures on the probe-gen8 judge set, within their Wilson interval', () => {
    const r = reports.probeGen8Judge!;
    expectMeasuredFloors(r, PROBE_GEN8_JUDGE_MEASURED);
  });

  it('answers no instruction-giving message with content', () => {
    for (const r of Object.values(reports))
      expect(r.outOfScopeKinds.injection[0]).toBeGreaterThanOrEqual(
        r.outOfScopeKinds.injection[1] - 1,
      );
  });
});

describe('an out-of-scope message of no words', () => {
  it('is declined when Hızır asks for the question in words, as a hand-off is; an answer is not', () => {
    const engine = HizirEngine.fromConfig(CONFIG);
    const oos = (text: string): LabelledQuestion => ({
      text,
      lang: 'en',
      area: null,
      operationId: null,
      outOfScope: true,
      oos: 'far',
    });
    const wordless = oos('???');
    const reply = engine.answer(wordless.text);
    expect(reply.handoff).toBe(false);
    expect(answerRight(wordless, reply)).toBe(true);
    const report = evaluate(engine, [wordless, oos('what is the weather on Mars tomorrow')]);
    expect(report.handoffRecall).toBe(1);
    expect(report.outOfScopeAnswered).toBe(0);
    expect(report.outOfScopeKinds.far).toEqual([2, 2]);
    // A consular answer to an out-of-scope question is still wrong, words or none.
    const passport = engine.answer('I lost my passport, what should I do?');
    expect(passport.area).not.toBeNull();
    expect(answerRight(wordless, passport)).toBe(false);
  });
});

describe('the strict out-of-scope figure', () => {
  const oos = (text: string, kind: 'near' | 'far'): LabelledQuestion => ({
    text,
    lang: 'en',
    area: null,
    operationId: null,
    outOfScope: true,
    oos: kind,
  });
  const reply = (handoffReason: HizirAnswer['handoffReason']): HizirAnswer => ({
    answer: '',
    area: handoffReason === 'out-of-scope' ? null : 'citizenship',
    operationId: handoffReason === 'out-of-scope' ? null : 'citizenship-blue-card',
    confidence: 0.5,
    handoff: handoffReason !== null,
    handoffReason,
    lang: 'en',
    sources: [],
  });
  it('counts only hand-offs as out of scope; the old figure counts any hand-off', () => {
    // A stand-in engine: each question's text names the reply it gets.
    const engine = {
      answer: (text: string): HizirAnswer =>
        reply(text.split(' ')[0] as HizirAnswer['handoffReason']),
    };
    const qs = [
      oos('out-of-scope eu blue card', 'near'),
      oos('low-confidence canadian citizenship', 'near'),
      oos('sensitive my laptop crashed, help', 'far'),
      oos('out-of-scope a recipe', 'far'),
    ];
    const r = evaluate(engine, qs, { timing: false });
    expect(r.handoffRecall).toBe(1);
    expect(r.handoffRecallAsOutOfScope).toBe(0.5);
    expect(r.outOfScopeKinds).toMatchObject({ near: [2, 2], far: [2, 2] });
    expect(r.outOfScopeKindsAsOutOfScope).toMatchObject({ near: [1, 2], far: [1, 2] });
    expect(declinedAsOutOfScope(reply('out-of-scope'))).toBe(true);
    expect(declinedAsOutOfScope(reply('low-confidence'))).toBe(false);
  });
});
