import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
});
