import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The kernel runs in the browser (the Lab's Web Workers): no Node modules, no Node globals. */
describe('src/sim is browser-safe', () => {
  const dir = join(__dirname, '../../../src/sim');
  const files = readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts'));

  it.each(files)('%s imports no Node module and uses no Node global', (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    expect(text).not.toMatch(/from ['"](node:|fs|path|os|worker_threads|child_process)['"/]/);
    expect(text).not.toMatch(/\brequire\(/);
    expect(text).not.toMatch(/\bprocess\.(hrtime|env|cwd|stdout|stderr|nextTick|exit)\b/);
    expect(text).not.toMatch(/\b(Buffer|__dirname|__filename|setImmediate)\b/);
  });
});
