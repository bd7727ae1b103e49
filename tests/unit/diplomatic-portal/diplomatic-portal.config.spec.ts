import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPortalReference } from '../../../src/diplomatic-portal/diplomatic-portal.config';

describe("the Diplomatic Portal's reference data with a YAML mistake", () => {
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('names the file, the line and the column, as a scenario does', () => {
    dir = mkdtempSync(join(tmpdir(), 'portal-yaml-'));
    cpSync(join(__dirname, '../../../config/diplomatic-portal'), dir, { recursive: true });
    // Line 3 is indented unlike its sibling on line 2: the mistake is its first character.
    writeFileSync(join(dir, 'areas.yaml'), 'areas:\n  - id: visas\n     name_en: Visas\n');
    expect(() => loadPortalReference(dir)).toThrow(
      /^config\/diplomatic-portal\/areas\.yaml: line 3, column 6: is not valid YAML: /,
    );
  });

  it('names the first byte that is not UTF-8, as a scenario does, instead of reading it as U+FFFD', () => {
    dir = mkdtempSync(join(tmpdir(), 'portal-latin1-'));
    cpSync(join(__dirname, '../../../config/diplomatic-portal'), dir, { recursive: true });
    // "Vizeler" then a Latin-1 ü (0xFC), which starts no UTF-8 character.
    const bytes = Buffer.concat([
      Buffer.from('areas:\n  - id: visas\n    name_en: Visas\n    name_tr: G'),
      Buffer.from([0xfc]),
      Buffer.from('mr\xfck\n', 'latin1'),
    ]);
    writeFileSync(join(dir, 'areas.yaml'), bytes);
    expect(() => loadPortalReference(dir)).toThrow(
      'config/diplomatic-portal/areas.yaml: line 4, column 15: is not UTF-8 text (the byte 0xFC here starts no UTF-8 character, or one cut short): save the file as UTF-8',
    );
  });

  it('reads a file saved with carriage returns alone as line ends as the same data', () => {
    dir = mkdtempSync(join(tmpdir(), 'portal-cr-'));
    const source = join(__dirname, '../../../config/diplomatic-portal');
    cpSync(source, dir, { recursive: true });
    for (const file of ['areas.yaml', 'missions.yaml'])
      writeFileSync(
        join(dir, file),
        readFileSync(join(source, file), 'utf8').replace(/\r?\n/g, '\r'),
      );
    expect(loadPortalReference(dir)).toEqual(loadPortalReference(source));
  });
});
