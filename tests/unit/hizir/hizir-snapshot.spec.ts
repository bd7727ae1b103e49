import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newStemmer } from 'snowball-stemmers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse, stringify } from 'yaml';
import { readLabelledQuestions, readSplit } from '../../../src/hizir/hizir-questions';
import { readSnapshot, type HizirSnapshot } from '../../../src/hizir/hizir-snapshot';
import { HizirEngine } from '../../../src/hizir/hizir.engine';
import { foldTurkish } from '../../../src/hizir/turkish-text';

const CONFIG = join(__dirname, '..', '..', '..', 'config');

describe('Hızır build snapshot', () => {
  let dir: string;
  let file: string;
  let snapshot: HizirSnapshot;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hizir-snapshot-'));
    file = join(dir, 'hizir-snapshot.json');
    snapshot = HizirEngine.buildSnapshot(CONFIG);
    writeFileSync(file, JSON.stringify(snapshot));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the same answers as the engine built from the YAML, for every eval question', async () => {
    const questions = [
      ...readSplit(CONFIG, 'dev'),
      ...readSplit(CONFIG, 'test'),
      ...readLabelledQuestions(join(__dirname, '..', '..', 'fixtures', 'hizir-eval.jsonl')),
    ].map((q) => q.text);
    const fromYaml = HizirEngine.fromConfig(CONFIG, { snapshotFile: null });
    const expected = questions.map((q) => fromYaml.answer(q));
    // A fresh copy of the modules, so that the stems come from the snapshot, not from the
    // caches the YAML-built engine above has just filled.
    vi.resetModules();
    const fresh = await import('../../../src/hizir/hizir.engine');
    expect(readSnapshot(CONFIG, file)).toBeDefined();
    const fromSnapshot = fresh.HizirEngine.fromConfig(CONFIG, { snapshotFile: file });
    expect(fromSnapshot.size).toBe(fromYaml.size);
    expect(questions.map((q) => fromSnapshot.answer(q))).toEqual(expected);
  });

  it('stores exactly the stems the Snowball stemmers give', () => {
    const tr = newStemmer('turkish');
    const en = newStemmer('english');
    const trWords = Object.keys(snapshot.stems.tr);
    expect(trWords.length).toBeGreaterThan(100);
    for (const w of trWords) expect(snapshot.stems.tr[w]).toBe(foldTurkish(tr.stem(w)));
    for (const w of Object.keys(snapshot.stems.en))
      expect(snapshot.stems.en[w]).toBe(en.stem(foldTurkish(w)));
  });

  it('is ignored once a config file it was built from changes, or when it is unreadable', () => {
    const config = join(dir, 'config');
    cpSync(CONFIG, config, { recursive: true });
    expect(readSnapshot(config, file)).toBeDefined();
    appendFileSync(join(config, 'hizir', 'synonyms.yaml'), '\n# edited\n');
    expect(readSnapshot(config, file)).toBeUndefined();
    expect(readSnapshot(CONFIG, join(dir, 'missing.json'))).toBeUndefined();
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"version":');
    expect(readSnapshot(CONFIG, broken)).toBeUndefined();
  });

  it('falls back to the YAML when the snapshot is stale: an edited knowledge base is used', () => {
    const config = join(dir, 'config-edit');
    cpSync(CONFIG, config, { recursive: true });
    const before = HizirEngine.fromConfig(config, { snapshotFile: file });
    expect(before.size).toBe(snapshot.kb.entries.length);
    // Drop one out-of-scope topic: only an engine built from the edited YAML has one entry less.
    const path = join(config, 'hizir', 'out-of-scope.yaml');
    const doc = parse(readFileSync(path, 'utf8')) as { topics: unknown[] };
    doc.topics.pop();
    writeFileSync(path, stringify(doc));
    const after = HizirEngine.fromConfig(config, { snapshotFile: file });
    expect(after.size).toBe(before.size - 1);
  });
});
