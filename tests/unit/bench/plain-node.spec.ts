import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchImports, runPlain, transpileBench } from '../../../bench/plain-node';

const DIST = join(__dirname, '../../../dist');

// bench:instructions and bench:hizir run their subjects in plain Node from a directory of
// transpiled bench modules: a module one of them imports must be there too.
describe('bench modules run in plain Node', () => {
  it('finds the bench modules a transpiled module requires by a relative path', () => {
    expect(
      benchImports(
        'var a = require("./dist-of");\nvar b = __importDefault(require("./mmc-baseline"));\nrequire("node:path"); require("../src/x");',
      ),
    ).toEqual(['dist-of', 'mmc-baseline']);
  });

  it('transpiles what the M/M/c subjects import, so each subject runs and serves its customers', () => {
    const dir = transpileBench(['mmc-subjects']);
    expect(existsSync(join(dir, 'dist-of.js'))).toBe(true);
    expect(existsSync(join(dir, 'mmc-baseline.js'))).toBe(true);
    for (const subject of ['bare', 'event-list', 'kernel']) {
      const r = runPlain(join(dir, 'mmc-subjects.js'), { args: [subject, '2000', DIST] });
      expect(r.stderr, subject).toBe('');
      expect(r.status, subject).toBe(0);
      // The kernel runs for the time 2,000 arrivals take on average: about 2,000 served.
      const served = Number(r.stdout.trim());
      if (subject === 'kernel') expect(Math.abs(served - 2000)).toBeLessThan(300);
      else expect(served).toBe(2000);
    }
  }, 60_000);
});
