/**
 * Evaluates Hızır on its labelled questions, per split: train, dev (where the settings were
 * chosen), test (frozen before any tuning; the figures that count) and legacy (the older set
 * written with the knowledge base, tests/fixtures/hizir-eval.jsonl). On the test split it also
 * prints per-area, per-style and per-language figures, the out-of-scope kinds, a confusion
 * matrix, calibration (ECE and a reliability table), the deflection share with its CI, and
 * speed (single core, in process, after warm-up).
 *
 *   npm run eval:hizir                      # every split, details on test
 *   npm run eval:hizir -- --split dev       # details on another split instead
 *   npm run eval:hizir -- --failures        # also list the detail split's misses
 *   npm run eval:hizir -- --json            # the detail split's report as JSON
 *   npm run eval:hizir -- --split dev --no-test   # while tuning: never look at test
 *   npm run eval:hizir -- --file config/hizir/questions/probe-dev.jsonl --split probe-dev
 *                                           # another labelled set, named after its file
 */
import { cpus, loadavg } from 'node:os';
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { evaluate, type HizirEvalReport } from '../src/hizir/hizir-eval';
import { loadModel } from '../src/hizir/hizir-model';
import { readLabelledQuestions, readSplit, SPLITS } from '../src/hizir/hizir-questions';
import { HizirEngine } from '../src/hizir/hizir.engine';

const root = join(__dirname, '..');
const configDir = join(root, 'config');
const args = process.argv.slice(2);
const detail = args.includes('--split') ? args[args.indexOf('--split') + 1]! : 'test';
const sets: Record<string, ReturnType<typeof readSplit>> = {
  ...Object.fromEntries(SPLITS.map((s) => [s, readSplit(configDir, s)])),
  legacy: readLabelledQuestions(join(root, 'tests', 'fixtures', 'hizir-eval.jsonl')),
};
// --file PATH (repeatable): another labelled set in the same format, named after its file.
for (let i = 0; i < args.length; i++) {
  if (args[i] !== '--file') continue;
  const path = args[i + 1];
  if (!path || path.startsWith('--') || !existsSync(resolve(path))) {
    console.error(`--file: needs the path of a labelled .jsonl file (got '${path ?? ''}')`);
    process.exit(2);
  }
  try {
    sets[basename(path, '.jsonl')] = readLabelledQuestions(resolve(path));
  } catch (err) {
    console.error(`--file: ${(err as Error).message}`);
    process.exit(2);
  }
}
// While tuning: leave the test split unread.
if (args.includes('--no-test')) delete sets.test;
if (!sets[detail]) {
  console.error(`--split: must be one of ${Object.keys(sets).join(', ')} (got '${detail}')`);
  process.exit(2);
}
const t0 = process.hrtime.bigint();
const engine = HizirEngine.fromConfig(configDir);
const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;
// The trained model alone (model.json + model.bin, hash check), loaded again after warm-up.
const t1 = process.hrtime.bigint();
loadModel(configDir);
const modelMs = Number(process.hrtime.bigint() - t1) / 1e6;

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const frac = ([n, d]: [number, number]): string => `${pct(d ? n / d : 0)} (${n}/${d})`;
const reports: Record<string, HizirEvalReport> = {};
for (const [name, qs] of Object.entries(sets)) {
  reports[name] = evaluate(engine, qs, { timing: name === detail });
}
if (args.includes('--json')) {
  console.log(JSON.stringify(reports[detail], null, 2));
  process.exit(0);
}

const meta = engine.model?.meta;
console.log(
  `Hızır evaluation (engine load ${loadMs.toFixed(0)} ms; the trained model alone ${meta ? `${modelMs.toFixed(0)} ms, target < 200 ms` : 'absent'})`,
);
if (meta) {
  console.log(
    `  model: ${meta.classes.length} classes, retrieval weight ${meta.retrievalWeight}, temperature ${meta.temperature}, ` +
      `out-of-scope threshold ${meta.outOfScopeThreshold}${meta.gate ? ' on the out-of-scope gate' : ''}, answer threshold ${meta.answerThreshold} (chosen on dev)`,
  );
}
console.log('');
const cols = [
  'split',
  'n',
  'in/oos',
  'area',
  'operation',
  'answered+right',
  'in-scope h/o',
  'oos h/o any',
  'oos h/o as oos',
  'ECE',
];
const nameWidth = Math.max(7, ...Object.keys(reports).map((n) => n.length));
// Column widths: the header's, at least 10 (8 for in/oos); every value is padded to its column.
const widths = cols.map((c, i) => (i === 0 ? nameWidth : Math.max(c.length, i === 2 ? 8 : 10)));
console.log(cols.map((c, i) => (i === 0 ? c.padEnd(nameWidth) : c.padStart(widths[i]!))).join(' '));
for (const [name, r] of Object.entries(reports)) {
  console.log(
    [
      name.padEnd(nameWidth),
      String(r.questions),
      `${r.inScope}/${r.outOfScope}`,
      pct(r.areaAccuracy),
      pct(r.operationAccuracy),
      pct(r.answeredCorrectly),
      pct(r.inScopeHandoffRate),
      pct(r.handoffRecall),
      pct(r.handoffRecallAsOutOfScope),
      r.calibrationError.toFixed(3),
    ]
      .map((v, i) => (i === 0 ? v : v.padStart(widths[i]!)))
      .join(' '),
  );
}

const r = reports[detail]!;
console.log(`\nDetails on the ${detail} split (${r.questions} questions)`);
const target = (ok: boolean): string => (ok ? 'met' : 'NOT met');
console.log(
  `  area accuracy            ${pct(r.areaAccuracy)}   target ≥ 93%: ${target(r.areaAccuracy >= 0.93)}`,
);
console.log(
  `  operation accuracy       ${pct(r.operationAccuracy)}   target ≥ 85%: ${target(r.operationAccuracy >= 0.85)}`,
);
console.log(
  `  out-of-scope declined    ${pct(r.handoffRecall)}   target ≥ 95%: ${target(r.handoffRecall >= 0.95)}`,
);
for (const k of ['near', 'far', 'injection'] as const) {
  console.log(`    ${k.padEnd(22)} ${frac(r.outOfScopeKinds[k])}`);
}
console.log(
  `  declined as out of scope ${pct(r.handoffRecallAsOutOfScope)}   (strict: not handed off as unsure or sensitive)`,
);
for (const k of ['near', 'far', 'injection'] as const) {
  console.log(`    ${k.padEnd(22)} ${frac(r.outOfScopeKindsAsOutOfScope[k])}`);
}
console.log(`  out of scope answered    ${r.outOfScopeAnswered} (with knowledge-base content)`);
console.log(`  keyword traps right      ${frac(r.traps)}`);
console.log(`  answered and right       ${pct(r.answeredCorrectly)}   (in scope, not handed off)`);
console.log(`  in-scope hand-off        ${pct(r.inScopeHandoffRate)}`);
console.log(`    to an officer, sensitive ${r.sensitiveHandoffs} (an arrest, accident, death…)`);
console.log(`  clarifying question      ${pct(r.clarifyRate)} of in-scope questions`);
console.log(
  `  hand-off precision       ${pct(r.handoffPrecision)}   (hand-offs that were out of scope)`,
);
console.log(`  language detection       ${pct(r.languageAccuracy)}`);
console.log(
  `  deflection (answered)    ${pct(r.deflection.share)}   95% CI ${pct(r.deflection.low)}–${pct(r.deflection.high)} (n = ${r.deflection.n}; feeds scenarios/paper-hizir.yaml)`,
);
console.log(
  `  calibration error (ECE)  ${r.calibrationError.toFixed(3)}   target ≤ 0.05: ${target(r.calibrationError <= 0.05)}`,
);
if (r.answersPerSecond > 0) {
  console.log(
    `  latency p50 / p99        ${r.p50Ms.toFixed(3)} ms / ${r.p99Ms.toFixed(3)} ms wall clock   target p99 < 5 ms: ${target(r.p99Ms < 5)}`,
  );
  console.log(
    `  CPU time per answer p99  ${r.p99CpuMs.toFixed(3)} ms   (the same answers, without time lost to other processes)`,
  );
  console.log(
    `  throughput               ${Math.round(r.answersPerCpuSecond)} answers per CPU second (one core)   target ≥ 5,000: ${target(r.answersPerCpuSecond >= 5000)}`,
  );
  console.log(
    `                           ${Math.round(r.answersPerSecond)} answers per wall-clock second (load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores)`,
  );
}
const block = (title: string, m: Record<string, [number, number]>, goal?: number): void => {
  console.log(
    `\n  ${title}${goal ? ` (right: in scope → right area; out of scope → handed off; target ≥ ${goal * 100}%)` : ''}`,
  );
  for (const [k, v] of Object.entries(m).sort()) {
    const flag = goal !== undefined && v[1] > 0 && v[0] / v[1] < goal ? '   below target' : '';
    console.log(`    ${k.padEnd(22)} ${frac(v)}${flag}`);
  }
};
block('per style', r.byStyle, 0.85);
block('per language', r.byLang);
block('per area', r.byArea);

const labels = [
  ...new Set([
    ...Object.keys(r.confusion),
    ...Object.values(r.confusion).flatMap((row) => Object.keys(row)),
  ]),
].sort();
const short = (l: string): string => l.slice(0, 6);
console.log(
  '\n  confusion matrix (rows: labelled area; columns: answered area; oos = out-of-scope hand-off)',
);
console.log('    ' + ''.padEnd(21) + labels.map((l) => short(l).padStart(7)).join(''));
for (const row of labels) {
  if (!r.confusion[row]) continue;
  console.log(
    '    ' +
      row.padEnd(21) +
      labels.map((c) => String(r.confusion[row]![c] ?? '.').padStart(7)).join(''),
  );
}
console.log('\n  reliability (confidence bins: questions, mean confidence, share right)');
for (const b of r.reliability) {
  if (b.count === 0) continue;
  console.log(
    `    ${b.from.toFixed(1)}–${b.to.toFixed(1)}   ${String(b.count).padStart(4)}   ${b.confidence.toFixed(3)}   ${b.accuracy.toFixed(3)}`,
  );
}
if (args.includes('--failures')) {
  console.log('');
  for (const f of r.failures)
    console.log(`  ✗ ${f.text}  expected ${f.expected}, got ${f.got} (${f.confidence})`);
}
