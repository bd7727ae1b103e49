import { expectedCalibrationError, type LabelledQuestion } from './hizir-calibration';
import type { HizirAnswer, HizirEngine } from './hizir.engine';

/** Accuracy, hand-off and speed figures of the engine over a labelled question set. */
export interface HizirEvalReport {
  questions: number;
  inScope: number;
  outOfScope: number;
  /** Share of in-scope questions whose answer names the labelled area (hand-offs keep their guess). */
  areaAccuracy: number;
  /** Share of operation questions whose answer names the labelled operation. */
  operationAccuracy: number;
  /** Share of in-scope questions answered (not handed off) with the right entry. */
  answeredCorrectly: number;
  /** Share of in-scope questions handed off. */
  inScopeHandoffRate: number;
  /** Of the hand-offs, the share that were out-of-scope questions. */
  handoffPrecision: number;
  /** Of the out-of-scope questions, the share handed off. */
  handoffRecall: number;
  /** Share of questions whose detected language is the labelled one (no `lang` given). */
  languageAccuracy: number;
  /** Expected calibration error of the confidence against "answer is right", 10 bins. */
  calibrationError: number;
  p50Ms: number;
  p99Ms: number;
  answersPerSecond: number;
  failures: { text: string; expected: string; got: string; confidence: number }[];
}

function isRight(q: LabelledQuestion, a: HizirAnswer): boolean {
  if (q.outOfScope) return a.handoff;
  if (q.operationId !== null) return a.operationId === q.operationId;
  return a.sources.some((s) => s.endsWith(`#${q.entryId}`));
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)]!;
}

// Timing settings: assumption, enough passes for a stable rate on a few hundred questions.
const WARMUP_PASSES = 3;
const TIMED_PASSES = 10;

/** Answers every question without a language hint (as a citizen would type it) and scores it. */
export function evaluate(engine: HizirEngine, questions: LabelledQuestion[]): HizirEvalReport {
  for (let i = 0; i < WARMUP_PASSES; i++) for (const q of questions) engine.answer(q.text);
  const answers = questions.map((q) => engine.answer(q.text));
  const latencies: number[] = [];
  const start = process.hrtime.bigint();
  for (let pass = 0; pass < TIMED_PASSES; pass++) {
    for (const q of questions) {
      const t0 = process.hrtime.bigint();
      engine.answer(q.text);
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }
  const elapsedS = Number(process.hrtime.bigint() - start) / 1e9;
  latencies.sort((a, b) => a - b);

  const inScope = questions.map((q, i) => [q, answers[i]!] as const).filter(([q]) => !q.outOfScope);
  const oos = questions.map((q, i) => [q, answers[i]!] as const).filter(([q]) => q.outOfScope);
  const ops = inScope.filter(([q]) => q.operationId !== null);
  const handedOff = questions.map((q, i) => [q, answers[i]!] as const).filter(([, a]) => a.handoff);
  const share = (n: number, d: number): number => (d === 0 ? 0 : n / d);
  const failures = questions
    .map((q, i) => [q, answers[i]!] as const)
    .filter(([q, a]) => !isRight(q, a) || (!q.outOfScope && a.handoff))
    .map(([q, a]) => ({
      text: q.text,
      expected: q.outOfScope ? 'out-of-scope' : (q.operationId ?? q.entryId ?? q.area ?? ''),
      got: a.handoff
        ? `handoff:${a.handoffReason}(${a.operationId ?? a.area ?? '-'})`
        : (a.operationId ?? a.sources[0] ?? ''),
      confidence: a.confidence,
    }));
  const inScopeAnswers = inScope.map(([, a]) => a);
  return {
    questions: questions.length,
    inScope: inScope.length,
    outOfScope: oos.length,
    areaAccuracy: share(inScope.filter(([q, a]) => a.area === q.area).length, inScope.length),
    operationAccuracy: share(
      ops.filter(([q, a]) => a.operationId === q.operationId).length,
      ops.length,
    ),
    answeredCorrectly: share(
      inScope.filter(([q, a]) => !a.handoff && isRight(q, a)).length,
      inScope.length,
    ),
    inScopeHandoffRate: share(inScopeAnswers.filter((a) => a.handoff).length, inScope.length),
    handoffPrecision: share(handedOff.filter(([q]) => q.outOfScope).length, handedOff.length),
    handoffRecall: share(oos.filter(([, a]) => a.handoff).length, oos.length),
    languageAccuracy: share(
      questions.filter((q, i) => answers[i]!.lang === q.lang).length,
      questions.length,
    ),
    calibrationError: expectedCalibrationError(
      questions.map((_, i) => answers[i]!.confidence),
      questions.map((q, i) => !q.outOfScope && isRight(q, answers[i]!)),
    ),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    answersPerSecond: share(latencies.length, elapsedS),
    failures,
  };
}
