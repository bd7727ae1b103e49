/**
 * Trains Hızır's classifier and chooses its decision settings, deterministically:
 *
 *   npm run train:hizir            # writes config/hizir/model.json and model.bin
 *   npm run train:hizir -- --check # trains afresh and compares with the committed model
 *
 * 1. The classifier learns from the train split, the training-only questions, the training half
 *    of each probe dev set (probeHalf) and the knowledge base's phrasings
 *    (src/hizir/hizir-training.ts); the out-of-scope gate from out-of-fold predictions on the same
 *    training questions (src/hizir/hizir-gate.ts).
 * 2. On the dev split: the retrieval weight, the temperature (calibration) and the hand-off
 *    thresholds, for an out-of-scope hand-off of at least OOS_TARGET (src/hizir/hizir-tuning.ts).
 * 3. The hand-off thresholds again, with the whole engine (its rules included), on dev and the
 *    tuning half of each probe dev set pooled (tuningQuestions), for a pooled out-of-scope
 *    hand-off of at least ENGINE_OOS_FLOOR, and at those thresholds which unsure answers to give
 *    all the same (unsureAnswer: a best guess with P(out of scope) low, same floor and objective);
 *    then the Platt scaling of the stated confidence,
 *    on the whole engine's answers to the same pooled questions and the older judge sets
 *    (calibrationQuestions, fitPlattOnEngine). The fee, story and sensitive-situation rules keep their own cut-off
 *    (RULE_ANSWER_THRESHOLD in src/hizir/hizir.engine.ts), whatever answer threshold is chosen.
 * The test split and the probe held-out sets (PROBE_HELDOUT_FILES) are never trained or tuned on,
 * but for the older judge sets the Platt map is fitted on (CALIBRATION_JUDGE_FILES).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  deserialiseWeights,
  serialiseWeights,
  HASH_BITS,
  DEFAULT_TRAIN_OPTIONS,
} from '../src/hizir/hizir-classifier';
import { loadKnowledgeBase } from '../src/hizir/hizir-kb';
import {
  loadModel,
  modelPaths,
  sha256,
  type HizirModel,
  type HizirModelMeta,
} from '../src/hizir/hizir-model';
import { calibrationQuestions, readSplit, tuningQuestions } from '../src/hizir/hizir-questions';
import {
  classesOf,
  trainingExamples,
  trainingQuestions,
  heldOutTexts,
  trainGate,
  trainModel,
} from '../src/hizir/hizir-training';
import {
  chooseSettings,
  chooseThresholdsOnEngine,
  chooseUnsureAnswerOnEngine,
  ENGINE_OOS_FLOOR,
  figures,
  fitPlatt,
  fitPlattOnEngine,
  precompute,
} from '../src/hizir/hizir-tuning';
import { HizirEngine } from '../src/hizir/hizir.engine';

/** Out-of-scope hand-off aimed for on dev: the 95% target plus a margin for a new test set. */
const OOS_TARGET = 0.96;

const configDir = join(__dirname, '..', 'config');
const t0 = Date.now();
const kb = loadKnowledgeBase(configDir);
const questions = trainingQuestions(configDir);
const examples = trainingExamples(kb, questions, heldOutTexts(configDir));
// --tune-only: keep the committed weights and choose the settings again (quick, while tuning).
const tuneOnly = process.argv.includes('--tune-only');
const weights = tuneOnly
  ? deserialiseWeights(readFileSync(modelPaths(configDir).bin), classesOf(kb), 1 << HASH_BITS)
  : trainModel(kb, configDir);
const ranker = new HizirEngine(kb);
const gate = tuneOnly
  ? loadModel(configDir)?.meta.gate
  : trainGate(kb, configDir, (text) => ranker.rank(text));
const bin = serialiseWeights(weights);
const trainMs = Date.now() - t0;

const draft: HizirModel = {
  meta: {
    format: 1,
    hashBits: HASH_BITS,
    classes: classesOf(kb),
    weightsSha256: sha256(bin),
    retrievalWeight: 0,
    coverageWeight: 0,
    platt: [1, 0],
    ...(gate ? { gate } : {}),
    temperature: 1,
    outOfScopeThreshold: 0.5,
    answerThreshold: 0.5,
    clarifyRatio: 0.5,
    training: {},
    dev: {},
  },
  weights,
};
const engine = new HizirEngine(kb, undefined, draft);
const dev = readSplit(configDir, 'dev');
const pooled = tuningQuestions(configDir);
const areaOf = new Map(kb.entries.map((e) => [e.operationId ?? e.id, e.area]));
const cases = precompute(engine, draft, dev);
const chosen = chooseSettings(draft, cases, (l) => areaOf.get(l) ?? null, OOS_TARGET);
// The thresholds again, with the whole engine (its rules read the decision), on the same questions.
const tuned: HizirModel = { meta: { ...draft.meta, ...chosen.settings }, weights };
const thresholds = chooseThresholdsOnEngine(
  HizirEngine.withModel(configDir, tuned),
  tuned,
  pooled,
  Math.max(OOS_TARGET, ENGINE_OOS_FLOOR),
);
chosen.settings = {
  ...chosen.settings,
  outOfScopeThreshold: thresholds.outOfScopeThreshold,
  answerThreshold: thresholds.answerThreshold,
};
// Then, at those thresholds, which unsure answers to give all the same (unsureAnswer): a best
// guess the gate calls consular, on the same questions and the same floor.
const unsure = chooseUnsureAnswerOnEngine(
  HizirEngine.withModel(configDir, tuned),
  tuned,
  pooled,
  Math.max(OOS_TARGET, ENGINE_OOS_FLOOR),
);
if (unsure.unsureAnswer) chosen.settings.unsureAnswer = unsure.unsureAnswer;
console.log('unsure answers chosen on the tuning questions:', unsure.unsureAnswer ?? 'none');
// Platt scaling: first on the model's answers alone (dev), then again on the whole engine's, on
// the pooled questions of the thresholds and the older judge sets (calibrationQuestions,
// fitPlattOnEngine): the confidence an answer states is the engine's, rules and all, and a map
// fitted on the model alone, or on the tuning sets' writers alone, left it under-confident.
chosen.settings.platt = fitPlatt(draft, cases, { ...chosen.settings, platt: [1, 0] });
const final: HizirModel = { meta: { ...draft.meta, ...chosen.settings }, weights };
chosen.settings.platt = fitPlattOnEngine(
  HizirEngine.withModel(configDir, final),
  final,
  calibrationQuestions(configDir),
  chosen.settings.platt,
);
chosen.dev = figures(draft, cases, chosen.settings, (l) => areaOf.get(l) ?? null);
const round = (x: number): number => Math.round(x * 10_000) / 10_000;
const meta: HizirModelMeta = {
  ...draft.meta,
  ...chosen.settings,
  temperature: round(chosen.settings.temperature),
  training: {
    questions: questions.length,
    examples: examples.length,
    options: DEFAULT_TRAIN_OPTIONS,
    oosTarget: OOS_TARGET,
    engineOosFloor: ENGINE_OOS_FLOOR,
  },
  dev: {
    questions: dev.length,
    ...Object.fromEntries(Object.entries(chosen.dev).map(([k, v]) => [k, round(v)])),
  },
};
const json = JSON.stringify(meta, null, 2) + '\n';
const paths = modelPaths(configDir);
if (process.argv.includes('--check')) {
  const same = readFileSync(paths.bin).equals(bin) && readFileSync(paths.json, 'utf8') === json;
  console.log(same ? 'the committed model is this training run' : 'the committed model differs');
  process.exit(same ? 0 : 1);
}
writeFileSync(paths.bin, bin);
writeFileSync(paths.json, json);
console.log(
  `trained in ${trainMs} ms on ${questions.length} questions (${examples.length} examples)`,
);
console.log(
  `model.bin ${(bin.length / 1e6).toFixed(2)} MB, sha256 ${meta.weightsSha256.slice(0, 16)}…`,
);
console.log('settings chosen on dev:', chosen.settings);
console.log('dev figures:', meta.dev);
