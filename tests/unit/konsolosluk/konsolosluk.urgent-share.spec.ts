import 'reflect-metadata';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { prepareArms } from '../../../src/experiment/scenario.runner';
import { loadReferenceData } from '../../../src/config/reference-data';

// pandemic.urgentShare maps area ids to shares. An id that is no area (a typo, or a name every
// object inherits) had been ignored without a word, and a share that is not a number counted 0.

const PAPER = 'scenarios/paper-konsolosluk-2020.yaml';
const dir = mkdtempSync(join(tmpdir(), 'urgent-share-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The 2020 scenario with `line` in place of urgentShare's `travel-document: 1`. */
function withShare(line: string): string {
  const file = join(dir, `${line.replace(/\W+/g, '_')}.yaml`);
  const text = readFileSync(PAPER, 'utf8').replace(/^( {6})travel-document: 1$/m, `$1${line}`);
  expect(text).toContain(line);
  writeFileSync(file, text);
  return file;
}

describe('pandemic.urgentShare', () => {
  const areas = loadReferenceData().areas.map((a) => a.id);

  it.each([
    ['pasport: 0.3', 'params.pandemic.urgentShare.pasport', 'must be an area id'],
    ['constructor: 0.5', 'params.pandemic.urgentShare.constructor', 'must be an area id'],
    [
      'travel-document: high',
      'params.pandemic.urgentShare.travel-document',
      'must be a number between 0 and 1',
    ],
    [
      'travel-document: 2',
      'params.pandemic.urgentShare.travel-document',
      'must be a number between 0 and 1',
    ],
  ])('%s is refused at its path', (line, path, rule) => {
    const file = withShare(line);
    expect(() => prepareArms(loadScenario(file))).toThrow(`${file}: ${path}: ${rule}`);
  });

  it('names the areas there are', () => {
    const file = withShare('pasport: 0.3');
    expect(() => prepareArms(loadScenario(file))).toThrow(`the areas are ${areas.join(', ')}`);
  });
});
