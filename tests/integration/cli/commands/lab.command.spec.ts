import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../../../helpers/cli';
import { ensureBuilt } from '../../../helpers/fault-env';

beforeAll(() => {
  ensureBuilt();
  if (!existsSync(join(ROOT, 'dist', 'lab', 'index.html'))) {
    const b = spawnSync('npm', ['run', 'build:lab'], { cwd: ROOT, encoding: 'utf8' });
    expect(b.status, b.stderr).toBe(0);
  }
}, 180_000);

describe('consular-sim lab --open', () => {
  // On a machine with no browser, xdg-open exits 3 and prints nothing the user would read.
  it.skipIf(process.platform !== 'linux')(
    'says where the Lab is when the browser opener fails',
    async () => {
      const bin = mkdtempSync(join(tmpdir(), 'consular-sim-no-browser-'));
      try {
        writeFileSync(join(bin, 'xdg-open'), '#!/bin/sh\nexit 3\n');
        chmodSync(join(bin, 'xdg-open'), 0o755);
        const child = spawn(process.execPath, [BIN, 'lab', '--open', '--port', '0'], {
          cwd: ROOT,
          env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        for (let i = 0; i < 300 && !stderr.includes('could not open'); i++)
          await new Promise((r) => setTimeout(r, 100));
        child.kill('SIGTERM');
        await new Promise((r) => child.on('close', r));
        const url = /Lab on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)?.[1];
        expect(url).toBeDefined();
        expect(stderr).toBe(`could not open a browser; open ${url}\n`);
      } finally {
        rmSync(bin, { recursive: true, force: true });
      }
    },
    60_000,
  );
});
