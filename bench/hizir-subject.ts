/**
 * Hızır's engine answering the test split, for bench/hizir.bench.ts (transpiled and run in plain
 * Node, bench/plain-node.ts): `node hizir-subject.js <dist> <config> <passes>`. Builds the engine
 * of <dist> on <config>, answers every question of config/hizir/questions/test.jsonl twice to
 * warm up (stem and typo caches, the JIT), then `passes` more times, and prints as JSON the
 * answers and the CPU seconds of those passes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dist, config, passes] = process.argv.slice(2);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { HizirEngine } = require(
  join(dist, 'hizir', 'hizir.engine'),
) as typeof import('../src/hizir/hizir.engine');
const questions = readFileSync(join(config, 'hizir', 'questions', 'test.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => (JSON.parse(l) as { text: string }).text);
const engine = HizirEngine.fromConfig(config);
for (let i = 0; i < 2; i++) for (const q of questions) engine.answer(q);
const cpu0 = process.cpuUsage();
const n = Number(passes);
for (let i = 0; i < n; i++) for (const q of questions) engine.answer(q);
const cpu = process.cpuUsage(cpu0);
process.stdout.write(
  `${JSON.stringify({ answers: n * questions.length, cpuSeconds: (cpu.user + cpu.system) / 1e6 })}\n`,
);
