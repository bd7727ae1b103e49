import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompiledAuthority } from './hizir-authorities';
import type { ClarifyPair } from './hizir-clarify';
import type { KnowledgeBase } from './hizir-kb';
import type { HizirCalibration } from './hizir-calibration-params';
import { TRAINING_QUESTION_FILES } from './hizir-questions';

/**
 * What `npm run build` precomputes for Hızır so that `consular-sim ask` starts fast: the parsed
 * knowledge base (no YAML parsing), the calibration, the clarifying pairs and every stem of the
 * knowledge-base vocabulary (the Snowball stemmers then load only for a word the knowledge base
 * does not contain). The BM25 index is rebuilt from these in a few milliseconds. It is never
 * trusted stale: it records a hash of the config files it was built from, and the engine builds
 * everything in memory when the hash differs (or when the file is missing, as under tsx).
 */
export interface HizirSnapshot {
  version: typeof SNAPSHOT_VERSION;
  sourceHash: string;
  kb: KnowledgeBase;
  calibration: HizirCalibration;
  clarifications: ClarifyPair[];
  /** Turkish authorities at home, compiled (config/hizir/authorities.yaml). */
  authorities: CompiledAuthority[];
  stems: { tr: Record<string, string>; en: Record<string, string> };
  /** Every word of the questions the classifier is trained on, as tokenize gives them. */
  trainingWords: string[];
}

// 2: operation entries carry their fee and share. 3: and their names and keywords. 4: the
// Turkish authorities at home. 5: general entries carry their keywords as names. 6: the words
// of the training questions.
export const SNAPSHOT_VERSION = 6;

/** Where the build writes the snapshot: next to the compiled engine (dist/hizir/). */
export const SNAPSHOT_FILE = join(__dirname, 'hizir-snapshot.json');

/** The config files the snapshot is derived from, relative to config/. */
const SOURCES = [
  'konsolosluk/areas.yaml',
  'konsolosluk/operations.yaml',
  'hizir/faq.yaml',
  'hizir/synonyms.yaml',
  'hizir/out-of-scope.yaml',
  'hizir/clarify.yaml',
  'hizir/calibration.yaml',
  'hizir/authorities.yaml',
  ...TRAINING_QUESTION_FILES,
];

/** SHA-256 over the names and contents of the source files (a missing file counts as such). */
export function sourceHash(configDir: string): string {
  const h = createHash('sha256');
  for (const rel of SOURCES) {
    const path = join(configDir, rel);
    h.update(rel + '\0');
    h.update(existsSync(path) ? readFileSync(path) : '\0missing\0');
    h.update('\0');
  }
  return h.digest('hex');
}

/** The snapshot, if there is one built from exactly these config files; otherwise undefined. */
export function readSnapshot(
  configDir: string,
  file: string = SNAPSHOT_FILE,
): HizirSnapshot | undefined {
  if (!existsSync(file)) return undefined;
  let snap: HizirSnapshot;
  try {
    snap = JSON.parse(readFileSync(file, 'utf8')) as HizirSnapshot;
  } catch {
    return undefined;
  }
  if (snap.version !== SNAPSHOT_VERSION || snap.sourceHash !== sourceHash(configDir)) {
    return undefined;
  }
  return snap;
}
