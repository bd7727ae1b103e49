import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// `ask` with no text at a terminal used to wait silently; now it greets and prompts. The test
// needs a terminal: util-linux `script` gives the command a pseudo-terminal.
const ROOT = join(__dirname, '..', '..', '..', '..');
const BIN = join(ROOT, 'bin', 'consular-sim.js');
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

describe('consular-sim ask, interactive', () => {
  it.skipIf(!hasScript)(
    'shows a greeting and a prompt at a terminal',
    async () => {
      const child = spawn('script', ['-qec', `${process.execPath} ${BIN} ask`, '/dev/null'], {
        cwd: ROOT,
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      for (let i = 0; i < 600 && !/hızır> /.test(out); i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(out).toContain('Ask Hızır a consular question');
      expect(out).toContain('hızır> ');
      child.kill('SIGTERM');
      await new Promise((r) => child.on('close', r));
    },
    90_000,
  );

  it('from a pipe, prints one JSON object per question and no prompt', () => {
    const r = spawnSync(process.execPath, [BIN, 'ask'], {
      cwd: ROOT,
      input: 'pasaportumu kaybettim\n',
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain('hızır> ');
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toHaveProperty('answer');
  }, 90_000);
});
