import 'reflect-metadata';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { UserError } from '../../../src/common/user-error';
import { loadScenario, MAX_SCENARIO_BYTES } from '../../../src/scenario/scenario.loader';
import { scenarioLoadError as errorOf } from '../../helpers/scenario-problems';

// Files a careless or hostile user may name as a scenario (or a trace): each is one user error
// naming the file, never an internal error, a long wait or a warning printed beside it.

const GOOD = 'tests/fixtures/scenarios/good.yaml';
const dir = mkdtempSync(join(tmpdir(), 'scenario-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A file that is there but cannot be read: one without read permission where the tests do not
 * run as root (root reads it anyway), /proc/self/mem (a regular file whose read fails, EIO)
 * where they do.
 */
function unreadableFile(): { file: string; why: RegExp } {
  if (process.getuid?.() !== 0) {
    const file = join(dir, 'no-read.yaml');
    writeFileSync(file, readFileSync(GOOD));
    chmodSync(file, 0o000);
    return { file, why: /cannot be read: permission denied$/ };
  }
  return { file: '/proc/self/mem', why: /cannot be read: EIO/ };
}

describe('scenario files that cannot be read', () => {
  it.skipIf(process.platform !== 'linux')(
    'a scenario file that is there but cannot be read is a user error naming it',
    () => {
      const { file, why } = unreadableFile();
      const err = errorOf(file);
      expect(err).toBeInstanceOf(UserError);
      expect((err as Error).message).toMatch(new RegExp(`^${file}: `));
      expect((err as Error).message).toMatch(why);
    },
  );

  it.skipIf(process.platform !== 'linux')(
    'a trace file that cannot be read is a violation at its file: key',
    () => {
      const { file } = unreadableFile();
      const scenario = join(dir, 'trace.yaml');
      writeFileSync(
        scenario,
        readFileSync(GOOD, 'utf8').replace(
          'arrivals: { kind: poisson, perHour: 6 }',
          `arrivals: { kind: trace, file: ${file}, format: minutes }`,
        ),
      );
      const err = errorOf(scenario);
      expect(err).toBeInstanceOf(UserError);
      expect((err as Error).message).toMatch(/sources\.walk-ins\.arrivals\.file: .*cannot be read/);
    },
  );
});

describe('a file too large to be a scenario', () => {
  it('is refused by its size before YAML reads it (50 MB had taken 15 s and 1.8 GB)', () => {
    const file = join(dir, 'big.yaml');
    // A valid scenario followed by a long comment: within the limit it loads.
    const good = readFileSync(GOOD, 'utf8');
    writeFileSync(file, good + '#'.repeat(MAX_SCENARIO_BYTES - good.length - 1) + '\n');
    expect(() => loadScenario(file)).not.toThrow();
    writeFileSync(file, good + '#'.repeat(MAX_SCENARIO_BYTES) + '\n');
    const started = Date.now();
    const err = errorOf(file);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toBe(
      `${file}: is ${(good.length + MAX_SCENARIO_BYTES + 1).toLocaleString('en-US')} bytes, more than the ${MAX_SCENARIO_BYTES.toLocaleString('en-US')} a scenario file may be (is it a scenario?)`,
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('--set with a YAML tag', () => {
  it('refuses a tag it cannot apply, as in a file, without a YAMLWarning on stderr', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const err = errorOf(GOOD, ['stations.desk.servers=!!js/function x']);
      expect((err as Error).message).toMatch(
        /stations\.desk\.servers: is not valid here: Unresolved tag: !!js\/function \(/,
      );
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });
});
