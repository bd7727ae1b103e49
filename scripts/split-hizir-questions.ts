/**
 * Adds labelled questions to Hızır's train / dev / test files (config/hizir/questions/): each
 * question goes to the split its seeded text hash names (src/hizir/hizir-questions.ts), so adding
 * questions never moves one already placed, and the test split only ever grows.
 *
 *   npx tsx scripts/split-hizir-questions.ts new-questions.jsonl   # add them
 *   npx tsx scripts/split-hizir-questions.ts --check               # verify every file
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalogue } from '../src/hizir/hizir-kb';
import {
  QUESTION_STYLES,
  SPLITS,
  readLabelledQuestions,
  splitOf,
  splitPath,
  type HizirSplit,
  type LabelledQuestion,
} from '../src/hizir/hizir-questions';

const configDir = join(__dirname, '..', 'config');
const catalogue = loadCatalogue(configDir);
const opArea = new Map(catalogue.operations.map((o) => [o.id, o.area]));
const GENERAL = /^general\.[a-z-]+$/;

function check(q: LabelledQuestion, where: string): void {
  const fail = (rule: string): never => {
    throw new Error(`${where}: ${rule} (${JSON.stringify(q.text)})`);
  };
  if (q.lang !== 'tr' && q.lang !== 'en') fail('lang must be tr or en');
  if (q.style && !QUESTION_STYLES.includes(q.style)) fail(`unknown style ${q.style}`);
  if (q.outOfScope) {
    if (q.area !== null || q.operationId !== null) fail('out-of-scope questions have no area');
    if (q.oos !== 'near' && q.oos !== 'far') fail('oos must be near or far');
  } else if (q.operationId !== null) {
    if (opArea.get(q.operationId) !== q.area)
      fail(`operation ${q.operationId} is not in ${q.area}`);
    for (const a of q.alsoAccept ?? []) if (!opArea.has(a)) fail(`unknown operation ${a}`);
  } else if (!q.entryId || !GENERAL.test(q.entryId)) fail('needs an operationId or entryId');
}

const files = new Map<HizirSplit, LabelledQuestion[]>(
  SPLITS.map((s) => [
    s,
    existsSync(splitPath(configDir, s)) ? readLabelledQuestions(splitPath(configDir, s)) : [],
  ]),
);
const seen = new Set<string>();
for (const [split, qs] of files) {
  qs.forEach((q, i) => {
    const where = `${split}.jsonl:${i + 1}`;
    check(q, where);
    if (splitOf(q.text) !== split) throw new Error(`${where}: belongs to ${splitOf(q.text)}`);
    const key = q.text.trim().toLowerCase();
    if (seen.has(key)) throw new Error(`${where}: duplicate question`);
    seen.add(key);
  });
}

const input = process.argv.slice(2).find((a) => !a.startsWith('--'));
if (input) {
  let added = 0;
  for (const [i, q] of readLabelledQuestions(input).entries()) {
    check(q, `${input}:${i + 1}`);
    const key = q.text.trim().toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    files.get(splitOf(q.text))!.push(q);
    added++;
  }
  for (const [split, qs] of files) {
    writeFileSync(splitPath(configDir, split), qs.map((q) => JSON.stringify(q)).join('\n') + '\n');
  }
  console.log(`added ${added} questions`);
}
for (const [split, qs] of files) {
  const oos = qs.filter((q) => q.outOfScope).length;
  console.log(`${split.padEnd(5)} ${qs.length} questions, ${oos} out of scope`);
}
