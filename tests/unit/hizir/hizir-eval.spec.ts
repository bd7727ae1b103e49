import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { fitCalibration, readLabelledQuestions } from '../../../src/hizir/hizir-calibration';
import { evaluate, type HizirEvalReport } from '../../../src/hizir/hizir-eval';
import { loadKnowledgeBase } from '../../../src/hizir/hizir-kb';
import { HizirEngine, type HizirCalibration } from '../../../src/hizir/hizir.engine';

const ROOT = `${__dirname}/../../..`;
const evalSet = readLabelledQuestions(`${ROOT}/tests/fixtures/hizir-eval.jsonl`);
const trainingSet = readLabelledQuestions(`${ROOT}/config/hizir/training.jsonl`);

describe('Hızır evaluation set', () => {
  let report: HizirEvalReport;
  beforeAll(() => {
    report = evaluate(HizirEngine.fromConfig(`${ROOT}/config`), evalSet);
  });

  it('is large and varied enough', () => {
    expect(evalSet.length).toBeGreaterThanOrEqual(300);
    expect(evalSet.filter((q) => q.outOfScope).length).toBeGreaterThanOrEqual(40);
    expect(evalSet.filter((q) => q.lang === 'en').length).toBeGreaterThanOrEqual(100);
    expect(evalSet.filter((q) => q.lang === 'tr').length).toBeGreaterThanOrEqual(100);
    expect(evalSet.filter((q) => q.text === q.text.toUpperCase()).length).toBeGreaterThanOrEqual(
      10,
    );
  });

  it('shares no question with the calibration training set', () => {
    const training = new Set(trainingSet.map((q) => q.text.toLowerCase()));
    expect(evalSet.filter((q) => training.has(q.text.toLowerCase()))).toEqual([]);
  });

  it('meets the accuracy and hand-off targets', () => {
    expect(report.areaAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(report.operationAccuracy).toBeGreaterThanOrEqual(0.8);
    expect(report.handoffRecall).toBeGreaterThanOrEqual(0.9);
  });

  it('meets the speed targets (single core, in process)', () => {
    expect(report.answersPerSecond).toBeGreaterThanOrEqual(2000);
    expect(report.p99Ms).toBeLessThan(5);
  });
});

describe('Hızır calibration', () => {
  it('is the fit on the training set, not on the evaluation set', () => {
    const committed = parse(
      readFileSync(`${ROOT}/config/hizir/calibration.yaml`, 'utf8'),
    ) as HizirCalibration;
    const refit = fitCalibration(new HizirEngine(loadKnowledgeBase(`${ROOT}/config`)), trainingSet);
    expect(committed.threshold).toBeCloseTo(refit.threshold, 2);
    committed.weights.forEach((w, i) => expect(w).toBeCloseTo(refit.weights[i]!, 2));
  });
});
