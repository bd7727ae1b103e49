import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'consular-sim-bin-'));

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
    const b = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
    if (b.status !== 0) throw new Error(`build failed:\n${b.stdout}\n${b.stderr}`);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the consular-sim executable', () => {
  it('runs when reached through a link without .js, as npx and npm bin links call it', () => {
    const link = join(dir, 'consular-sim');
    symlinkSync(join(ROOT, 'bin', 'consular-sim.js'), link);
    const r = spawnSync(
      process.execPath,
      [
        link,
        'mmc',
        '--lambda',
        '1',
        '--mu',
        '2',
        '--servers',
        '1',
        '--customers',
        '2000',
        '--json',
      ],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { analytic: { rho: number } };
    expect(out.analytic.rho).toBeCloseTo(0.5, 12);
  });
});
