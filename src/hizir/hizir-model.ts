import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  deserialiseWeights,
  featurize,
  logits,
  softmax,
  type ClassifierWeights,
} from './hizir-classifier';
import { gateFeatures, gateProbability, type GateRanking, type OutOfScopeGate } from './hizir-gate';
import { OOS_LABEL } from './hizir-questions';

/**
 * Hızır's trained model as committed in config/hizir/: model.json (classes, the settings chosen on
 * the dev split, the weights' hash) and model.bin (the int8 weights). Written by
 * `npm run train:hizir` (scripts/train-hizir.ts); read once when the engine starts.
 */

/** Settings chosen on the dev split by scripts/train-hizir.ts. */
export interface HizirDecisionSettings {
  /** Weight of an entry's BM25 share (0-1) added to its classifier score. */
  retrievalWeight: number;
  /** Weight of the share of the question's words the knowledge base does not know (0-1),
   * added to the out-of-scope score. */
  coverageWeight: number;
  /** Softmax temperature fitted on dev (calibration). */
  temperature: number;
  /** Hand off as out of scope when P(out of scope) is at least this. */
  outOfScopeThreshold: number;
  /** Hand off to an officer when the best answer's probability is below this. */
  answerThreshold: number;
  /** Ask which one is meant when the runner-up has at least this share of the best one's
   * probability. */
  clarifyRatio: number;
  /** Platt scaling of the stated confidence, fitted on dev: σ(a·logit(p) + b). */
  platt: [number, number];
  /**
   * An answer below the answer threshold that is still given: when the best entry's probability
   * is at least `minProbability` and P(out of scope) at most `maxOutOfScope`. A long story or an
   * everyday wording spreads the probability over many entries while the gate still says the
   * question is consular; with both low, the best guess was right more often than a hand-off is
   * worth (round 17, README). Chosen with the whole engine on the tuning questions
   * (chooseUnsureAnswerOnEngine); absent, nothing below the threshold is answered.
   */
  unsureAnswer?: { minProbability: number; maxOutOfScope: number };
  /** The out-of-scope gate (src/hizir/hizir-gate.ts), learned from the training questions: when
   * present, P(out of scope) is its score rather than the classifier's out-of-scope class. */
  gate?: OutOfScopeGate;
}

export interface HizirModelMeta extends HizirDecisionSettings {
  format: 1;
  hashBits: number;
  classes: string[];
  /** sha256 of model.bin. */
  weightsSha256: string;
  /** What the model was trained on and how it did on dev: for the record. */
  training: Record<string, unknown>;
  dev: Record<string, unknown>;
}

export interface HizirModel {
  meta: HizirModelMeta;
  weights: ClassifierWeights;
}

export function sha256(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}

export function modelPaths(configDir: string): { json: string; bin: string } {
  return {
    json: join(configDir, 'hizir', 'model.json'),
    bin: join(configDir, 'hizir', 'model.bin'),
  };
}

/** Loads config/hizir/model.{json,bin}; undefined when there is no model (retrieval only). */
export function loadModel(configDir: string): HizirModel | undefined {
  const paths = modelPaths(configDir);
  if (!existsSync(paths.json)) return undefined;
  const meta = JSON.parse(readFileSync(paths.json, 'utf8')) as HizirModelMeta;
  const bin = readFileSync(paths.bin);
  if (sha256(bin) !== meta.weightsSha256) {
    throw new Error('Hızır model: model.bin does not match model.json (run npm run train:hizir)');
  }
  return { meta, weights: deserialiseWeights(bin, meta.classes, 1 << meta.hashBits) };
}

/** What the model makes of one question, before the engine's rules. */
export interface HizirScores {
  /** Calibrated probability of every class (model.meta.classes order). */
  probs: Float64Array;
  /** Index of the best in-scope class and of the runner-up. */
  best: number;
  second: number;
  pOutOfScope: number;
}

/**
 * Scores one question: classifier logits, plus retrievalWeight x the BM25 share of each class's
 * entry (`shareOf(class)`), divided by the temperature and normalised; P(out of scope) from the
 * out-of-scope gate when the settings have one.
 */
export function scoreQuestion(
  model: HizirModel,
  text: string,
  shareOf: (classIndex: number) => number,
  ranking: GateRanking,
  settings: HizirDecisionSettings = model.meta,
): HizirScores {
  return scoreLogits(model, logits(model.weights, featurize(text)), shareOf, ranking, settings);
}

/** scoreQuestion from the raw classifier logits (overwritten). */
export function scoreLogits(
  model: HizirModel,
  z: Float64Array,
  shareOf: (classIndex: number) => number,
  ranking: GateRanking,
  settings: HizirDecisionSettings = model.meta,
): HizirScores {
  const C = z.length;
  const oos = model.meta.classes.indexOf(OOS_LABEL);
  const coverage = ranking.features[2]!;
  const gated = settings.gate
    ? gateProbability(settings.gate, gateFeatures(z, oos, shareOf, ranking))
    : undefined;
  for (let c = 0; c < C; c++) if (c !== oos) z[c]! += settings.retrievalWeight * shareOf(c);
  if (oos >= 0) z[oos]! += settings.coverageWeight * (1 - coverage);
  const probs = softmax(z, settings.temperature);
  let best = -1;
  let second = -1;
  for (let c = 0; c < C; c++) {
    if (c === oos) continue;
    if (best < 0 || probs[c]! > probs[best]!) {
      second = best;
      best = c;
    } else if (second < 0 || probs[c]! > probs[second]!) {
      second = c;
    }
  }
  return { probs, best, second, pOutOfScope: gated ?? (oos >= 0 ? probs[oos]! : 0) };
}

/** The confidence an answer states: the decision's probability after Platt scaling. */
export function statedConfidence(p: number, settings: HizirDecisionSettings): number {
  const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
  const [a, b] = settings.platt;
  return 1 / (1 + Math.exp(-(a * Math.log(q / (1 - q)) + b)));
}

export type HizirDecision = 'answer' | 'clarify' | 'low-confidence' | 'out-of-scope';

/** The engine's decision from the scores (rules such as instructions and greetings come first). */
export function decide(s: HizirScores, settings: HizirDecisionSettings): HizirDecision {
  if (s.pOutOfScope >= settings.outOfScopeThreshold) return 'out-of-scope';
  const pBest = s.probs[s.best]!;
  const pSecond = s.second >= 0 ? s.probs[s.second]! : 0;
  // Two close candidates that together are likely right: ask which one, rather than hand off.
  if (pSecond >= settings.clarifyRatio * pBest && pBest + pSecond >= settings.answerThreshold)
    return 'clarify';
  if (pBest < settings.answerThreshold) {
    const u = settings.unsureAnswer;
    // A guess is answered unsure only when it stands clear of the runner-up: with the runner-up
    // at least clarifyRatio of it, the two are as close as those asked about above, yet together
    // too unlikely to ask, and the guess is a coin toss an officer should make (round 18).
    const clear = pSecond < settings.clarifyRatio * pBest;
    if (u && clear && pBest >= u.minProbability && s.pOutOfScope <= u.maxOutOfScope)
      return 'answer';
    return 'low-confidence';
  }
  return 'answer';
}
