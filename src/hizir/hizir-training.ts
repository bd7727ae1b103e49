import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_TRAIN_OPTIONS,
  featurize,
  logits,
  mulberry32,
  trainClassifier,
  typoVariant,
  type ClassifierWeights,
  type TrainingExample,
  type TrainOptions,
} from './hizir-classifier';
import { fitGate, gateFeatures, type GateRanking, type OutOfScopeGate } from './hizir-gate';
import { isInstruction } from './hizir-guard';
import type { KnowledgeBase } from './hizir-kb';
import {
  fnv1a,
  labelOf,
  OOS_LABEL,
  PROBE_HELDOUT_FILES,
  probeDevHalf,
  readLabelledQuestions,
  readQuestionFile,
  readSplit,
  tuningQuestions,
  type LabelledQuestion,
} from './hizir-questions';

/**
 * What Hızır's classifier learns from: the train split of the labelled questions, the older
 * development set (config/hizir/training.jsonl), and the knowledge base's own phrasings (operation
 * names, keywords, FAQ questions, out-of-scope examples). Never the dev or test split, never the
 * older evaluation set.
 */

/** The classes, in a fixed order: operations and general entries as in the KB, then 'oos'. */
export function classesOf(kb: KnowledgeBase): string[] {
  const ids = kb.entries.filter((e) => e.kind !== 'out-of-scope').map((e) => e.operationId ?? e.id);
  return [...ids, OOS_LABEL];
}

// Weights in the loss: assumption, by judgement (checked on dev) — a knowledge-base keyword is a
// weaker example of how people ask than a written question; a typo copy weaker still.
const KB_WEIGHT = 0.5;
const QUESTION_WEIGHT = 1;
const TYPO_WEIGHT = 0.5;
const TYPO_SEED = 7;

export function trainingExamples(
  kb: KnowledgeBase,
  questions: LabelledQuestion[],
  heldOut: ReadonlySet<string> = new Set(),
): TrainingExample[] {
  const out: TrainingExample[] = [];
  const areaNames = new Set(kb.areaNames ?? []);
  for (const e of kb.entries) {
    const label = e.kind === 'out-of-scope' ? OOS_LABEL : (e.operationId ?? e.id);
    // Document lists mention many topics in passing; names, keywords and questions do not.
    // Area names are shared by every operation of the area: no evidence for one of them.
    for (const f of e.fields) {
      if (f.weight < 1 || f.text.trim().length === 0 || areaNames.has(f.text)) continue;
      if (heldOut.has(heldOutKey(f.text))) continue;
      out.push({ text: f.text, label, weight: KB_WEIGHT });
    }
  }
  for (const q of questions.filter((x) => !heldOut.has(heldOutKey(x.text))))
    out.push({ text: q.text, label: labelOf(q), weight: QUESTION_WEIGHT });
  const rnd = mulberry32(TYPO_SEED);
  const typos = out.map((e) => ({
    text: typoVariant(e.text, rnd),
    label: e.label,
    weight: TYPO_WEIGHT,
  }));
  return [...out, ...typos];
}

/** Texts compared case- and space-insensitively when keeping dev and test out of training. */
export function heldOutKey(text: string): string {
  return text.trim().toLocaleLowerCase('tr').replace(/\s+/g, ' ');
}

/** The questions no training example may repeat word for word (a short question such as
 * "pasaport yenileme" can also be a knowledge-base keyword or an older example): the dev and test
 * splits, the probe dev sets' tuning halves, and the probe held-out sets (read for their texts
 * only, to keep them out). */
export function heldOutTexts(configDir: string): Set<string> {
  return new Set(
    [
      ...tuningQuestions(configDir),
      ...readSplit(configDir, 'test'),
      ...PROBE_HELDOUT_FILES.flatMap((f) => readQuestionFile(configDir, f)),
    ].map((q) => heldOutKey(q.text)),
  );
}

/** The labelled questions the classifier trains on: the train split, the training-only extra
 * questions (config/hizir/questions/train-extra.jsonl), the older set and the probe dev sets'
 * training halves (probeHalf). */
export function trainingQuestions(configDir: string): LabelledQuestion[] {
  const extra = [
    join(configDir, 'hizir', 'questions', 'train-extra.jsonl'),
    join(configDir, 'hizir', 'training.jsonl'),
  ].filter((p) => existsSync(p));
  return [
    ...readSplit(configDir, 'train'),
    ...extra.flatMap((p) => readLabelledQuestions(p)),
    ...probeDevHalf(configDir, 'train'),
  ];
}

export function trainModel(
  kb: KnowledgeBase,
  configDir: string,
  opts: TrainOptions = DEFAULT_TRAIN_OPTIONS,
): ClassifierWeights {
  const examples = trainingExamples(kb, trainingQuestions(configDir), heldOutTexts(configDir));
  return trainClassifier(examples, classesOf(kb), opts);
}

/** Folds of the out-of-fold predictions the out-of-scope gate learns from. Assumption: 5, the
 * usual choice; each fold's classifier sees 80% of the questions. */
export const GATE_FOLDS = 5;

/**
 * The out-of-scope gate, learned from out-of-fold predictions: the training questions are cut
 * into GATE_FOLDS folds (by a hash of the text); a classifier trained without a fold scores that
 * fold's questions as new questions, and the gate learns "out of scope" from those scores and the
 * retrieval ranking. Questions a rule decides (instructions, no content words) are left out, as
 * the engine never asks the gate about them. Deterministic; never reads dev or test.
 */
export function trainGate(
  kb: KnowledgeBase,
  configDir: string,
  rank: (text: string) => GateRanking & { shares: Float64Array },
  opts: TrainOptions = DEFAULT_TRAIN_OPTIONS,
): OutOfScopeGate {
  const classes = classesOf(kb);
  const oos = classes.indexOf(OOS_LABEL);
  const entryIndex = new Map(
    kb.entries.map((e, i) => [e.kind === 'out-of-scope' ? '' : (e.operationId ?? e.id), i]),
  );
  const heldOut = heldOutTexts(configDir);
  const questions = trainingQuestions(configDir).filter((q) => !heldOut.has(heldOutKey(q.text)));
  const fold = (q: LabelledQuestion): number => fnv1a(heldOutKey(q.text)) % GATE_FOLDS;
  const xs: number[][] = [];
  const ys: boolean[] = [];
  for (let f = 0; f < GATE_FOLDS; f++) {
    const inFold = questions.filter((q) => fold(q) === f);
    const keys = new Set([...heldOut, ...inFold.map((q) => heldOutKey(q.text))]);
    const rest = questions.filter((q) => fold(q) !== f);
    const weights = trainClassifier(trainingExamples(kb, rest, keys), classes, opts);
    for (const q of inFold) {
      if (isInstruction(q.text)) continue;
      const ranking = rank(q.text);
      if (ranking.contentTokens === 0) continue;
      const shareOf = (c: number): number =>
        c === oos ? 0 : ranking.shares[entryIndex.get(classes[c]!)!]!;
      xs.push(gateFeatures(logits(weights, featurize(q.text)), oos, shareOf, ranking));
      ys.push(q.outOfScope);
    }
  }
  return fitGate(xs, ys);
}
