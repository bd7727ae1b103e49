import { CALIBRATION_FEATURES, type HizirCalibration } from './hizir-calibration-params';
import type { HizirEngine } from './hizir.engine';
import type { LabelledQuestion } from './hizir-questions';

export { readLabelledQuestions, type LabelledQuestion } from './hizir-questions';

/**
 * Fitting Hızır's confidence: a logistic regression from ranking features to "the top entry
 * is the right one", fitted on a labelled training set (config/hizir/training.jsonl) that is
 * kept apart from the evaluation set. Pure apart from reading the JSONL file.
 */

export interface CalibrationExample {
  features: number[];
  correct: boolean;
}

/** True when the engine's top-ranked entry for `q` is the labelled right answer. */
export function topIsRight(engine: HizirEngine, q: LabelledQuestion): boolean {
  if (q.outOfScope) return false;
  const top = engine.rank(q.text, { lang: q.lang }).top;
  if (!top || top.kind === 'out-of-scope') return false;
  return q.operationId !== null ? top.operationId === q.operationId : top.id === q.entryId;
}

export function calibrationExamples(
  engine: HizirEngine,
  questions: LabelledQuestion[],
): CalibrationExample[] {
  return questions.map((q) => ({
    features: engine.rank(q.text, { lang: q.lang }).features,
    correct: topIsRight(engine, q),
  }));
}

// Fitting settings: L2 strength and iterations are assumptions, chosen so a few hundred
// examples converge without the weights running away on separable data.
const L2 = 0.01;
const LEARNING_RATE = 0.5;
const ITERATIONS = 4000;

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Batch gradient descent on the regularised log-loss. Deterministic. */
export function fitLogistic(examples: CalibrationExample[]): { weights: number[]; bias: number } {
  const dims = CALIBRATION_FEATURES.length;
  const weights = new Array<number>(dims).fill(0);
  let bias = 0;
  const n = Math.max(1, examples.length);
  for (let it = 0; it < ITERATIONS; it++) {
    const grad = new Array<number>(dims).fill(0);
    let gradBias = 0;
    for (const ex of examples) {
      let z = bias;
      for (let d = 0; d < dims; d++) z += weights[d]! * ex.features[d]!;
      const err = sigmoid(z) - (ex.correct ? 1 : 0);
      for (let d = 0; d < dims; d++) grad[d]! += err * ex.features[d]!;
      gradBias += err;
    }
    for (let d = 0; d < dims; d++) weights[d]! -= LEARNING_RATE * (grad[d]! / n + L2 * weights[d]!);
    bias -= LEARNING_RATE * (gradBias / n);
  }
  return { weights, bias };
}

/**
 * Cost of a wrong answer relative to an unneeded hand-off (an officer reading a question Hızır
 * could have answered). Assumption: equal, so with a calibrated confidence the best rule is to
 * answer when the answer is more likely right than wrong. Raise it to hand off more readily.
 */
export const WRONG_ANSWER_COST = 1;

/**
 * The hand-off threshold that minimises expected cost for a calibrated confidence p: answering
 * costs (1 - p) x WRONG_ANSWER_COST, handing off costs p x 1. (Picking the threshold that makes
 * the most right decisions on the training set was tried first: with a few hundred questions the
 * optimum is flat and it jumped between 0.54 and 0.69 on small changes.)
 */
export function costThreshold(wrongAnswerCost = WRONG_ANSWER_COST): number {
  return wrongAnswerCost / (1 + wrongAnswerCost);
}

export function fitCalibration(
  engine: HizirEngine,
  training: LabelledQuestion[],
): HizirCalibration {
  const examples = calibrationExamples(engine, training);
  const { weights, bias } = fitLogistic(examples);
  const threshold = costThreshold();
  return {
    features: [...CALIBRATION_FEATURES],
    weights: weights.map((w) => Math.round(w * 10_000) / 10_000),
    bias: Math.round(bias * 10_000) / 10_000,
    threshold,
  };
}

/** Expected calibration error over equal-width bins: how far stated confidence is from accuracy. */
export function expectedCalibrationError(
  confidences: number[],
  correct: boolean[],
  bins = 10,
): number {
  let total = 0;
  for (let b = 0; b < bins; b++) {
    const idx = confidences
      .map((c, i) => [c, i] as const)
      .filter(([c]) => (b === bins - 1 ? c >= b / bins : c >= b / bins && c < (b + 1) / bins))
      .map(([, i]) => i);
    if (idx.length === 0) continue;
    const meanConf = idx.reduce((s, i) => s + confidences[i]!, 0) / idx.length;
    const acc = idx.filter((i) => correct[i]).length / idx.length;
    total += (idx.length / confidences.length) * Math.abs(meanConf - acc);
  }
  return total;
}
