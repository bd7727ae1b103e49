/**
 * Builds Hızır's knowledge base from the Konsolosluk.NET catalogue and config/hizir/, checks it,
 * and fits the confidence model on config/hizir/training.jsonl (never on the evaluation set),
 * writing config/hizir/calibration.yaml.
 *
 *   npx tsx scripts/build-hizir-kb.ts            # check the KB, refit the calibration
 *   npx tsx scripts/build-hizir-kb.ts --dump     # also print the generated KB as YAML
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { fitCalibration, readLabelledQuestions } from '../src/hizir/hizir-calibration';
import { defaultConfigDir, loadKnowledgeBase } from '../src/hizir/hizir-kb';
import { HizirEngine } from '../src/hizir/hizir.engine';

const configDir = defaultConfigDir();
const kb = loadKnowledgeBase(configDir);
const operations = kb.entries.filter((e) => e.kind === 'operation');
const general = kb.entries.filter((e) => e.kind === 'general');
const oos = kb.entries.filter((e) => e.kind === 'out-of-scope');
console.log(
  `knowledge base: ${operations.length} operations, ${general.length} general entries, ${oos.length} out-of-scope topics`,
);

if (process.argv.includes('--dump')) {
  const dump = kb.entries
    .filter((e) => e.kind !== 'out-of-scope')
    .map((e) => ({
      id: e.id,
      area: e.area,
      answer_tr: e.answer.tr,
      answer_en: e.answer.en,
      sources: e.sources,
    }));
  console.log(stringify(dump, { lineWidth: 0 }));
}

const trainingPath = join(configDir, 'hizir', 'training.jsonl');
const training = readLabelledQuestions(trainingPath);
const calibration = fitCalibration(new HizirEngine(kb), training);
const header = [
  '# Hızır confidence model, written by scripts/build-hizir-kb.ts: a logistic regression from',
  '# ranking features to "the top answer is right", fitted on config/hizir/training.jsonl',
  `# (${training.length} questions; never on the evaluation set). Below threshold, Hızır hands off.`,
  '',
].join('\n');
writeFileSync(join(configDir, 'hizir', 'calibration.yaml'), header + stringify(calibration));
console.log(`calibration fitted on ${training.length} questions:`, calibration);
