/**
 * Evaluates Hızır on tests/fixtures/hizir-eval.jsonl: accuracy, hand-off precision/recall,
 * latency and throughput (single core, in process, after warm-up).
 *
 *   npm run eval:hizir            # figures
 *   npm run eval:hizir -- --failures   # also list the questions it got wrong or handed off
 *   npm run eval:hizir -- config/hizir/training.jsonl   # the development set instead
 */
import { join } from 'node:path';
import { readLabelledQuestions } from '../src/hizir/hizir-calibration';
import { evaluate } from '../src/hizir/hizir-eval';
import { HizirEngine } from '../src/hizir/hizir.engine';

const root = join(__dirname, '..');
// A path argument evaluates another set (e.g. config/hizir/training.jsonl while developing).
const setPath = process.argv.slice(2).find((a) => !a.startsWith('--'));
const questions = readLabelledQuestions(
  setPath ?? join(root, 'tests', 'fixtures', 'hizir-eval.jsonl'),
);
const t0 = Date.now();
const engine = HizirEngine.fromConfig(join(root, 'config'));
const loadMs = Date.now() - t0;
const r = evaluate(engine, questions);
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
console.log(
  `Hızır evaluation: ${r.questions} questions (${r.inScope} in scope, ${r.outOfScope} out of scope)`,
);
console.log(`  engine load                 ${loadMs} ms`);
console.log(`  top-1 area accuracy         ${pct(r.areaAccuracy)}   (target ≥ 90%)`);
console.log(`  operation accuracy          ${pct(r.operationAccuracy)}   (target ≥ 80%)`);
console.log(
  `  answered and right          ${pct(r.answeredCorrectly)}   (in scope, not handed off)`,
);
console.log(`  in-scope hand-off rate      ${pct(r.inScopeHandoffRate)}`);
console.log(`  hand-off precision (OOS)    ${pct(r.handoffPrecision)}`);
console.log(`  hand-off recall (OOS)       ${pct(r.handoffRecall)}   (target ≥ 90%)`);
console.log(`  language detection          ${pct(r.languageAccuracy)}`);
console.log(`  calibration error (ECE)     ${r.calibrationError.toFixed(3)}`);
console.log(
  `  latency p50 / p99           ${r.p50Ms.toFixed(3)} ms / ${r.p99Ms.toFixed(3)} ms   (target p99 < 5 ms)`,
);
console.log(
  `  throughput                  ${Math.round(r.answersPerSecond)} answers/s   (target ≥ 2,000)`,
);
if (process.argv.includes('--failures')) {
  for (const f of r.failures)
    console.log(`  ✗ ${f.text}  expected ${f.expected}, got ${f.got} (${f.confidence})`);
}
