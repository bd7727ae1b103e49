import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { declaredReplications, reproduce, SCENARIO_DIR } from '../../../src/experiment/reproduce';
import { loadScenario } from '../../../src/scenario/scenario.loader';

const MMC = join(__dirname, '../../../scenarios/teaching-mmc.yaml');

describe('reproduce progress', () => {
  it('counts replications done across the scenarios, against all of theirs from the first', async () => {
    const calls: [number, number][] = [];
    const scenarios: string[] = [];
    await reproduce({
      files: [MMC, MMC],
      replications: 3,
      set: ['horizon=2w', 'warmup=1w'],
      threads: 0,
      onScenario: (name, i, n) => scenarios.push(`${name} ${i + 1}/${n}`),
      onReplication: (done, queued) => calls.push([done, queued]),
    });
    expect(scenarios).toEqual(['teaching-mmc 1/2', 'teaching-mmc 2/2']);
    // Without threads each scenario runs as it is queued; the total is both scenarios' from the
    // first replication on (it had been 3, the first scenario's, until the second was queued).
    expect(calls).toEqual([
      [1, 6],
      [2, 6],
      [3, 6],
      [4, 6],
      [5, 6],
      [6, 6],
    ]);
  }, 60_000);

  it("takes the total from each file's own replications, an extends: chain's and --set's", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reproduce-progress-'));
    try {
      // One replication declared; a file that extends it without its own count inherits it.
      const one = join(dir, 'one.yaml');
      writeFileSync(
        one,
        `extends: ${JSON.stringify(MMC)}\nname: one\ntitle: one\ndescription: one\nreplications: 1 # quick\n`,
      );
      const child = join(dir, 'child.yaml');
      writeFileSync(child, 'extends: one.yaml\nname: child\ntitle: child\ndescription: child\n');
      const totals = async (set: string[]) => {
        const calls: [number, number][] = [];
        await reproduce({
          files: [one, child, MMC],
          set: ['horizon=2w', 'warmup=1w', ...set],
          threads: 0,
          onReplication: (done, total) => calls.push([done, total]),
        });
        return calls;
      };
      // 1 + 1 + teaching-mmc's 10.
      const own = await totals([]);
      expect(own.map(([done]) => done)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      expect(new Set(own.map(([, total]) => total))).toEqual(new Set([12]));
      const set = await totals(['replications=2']);
      expect(set).toEqual(Array.from({ length: 6 }, (_, i) => [i + 1, 6]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('reads from the text of every scenario the count its loading gives', () => {
    const files = readdirSync(SCENARIO_DIR).filter((f) => /\.ya?ml$/.test(f));
    expect(files.length).toBeGreaterThan(9);
    for (const f of files) {
      const file = join(SCENARIO_DIR, f);
      expect(declaredReplications(file), f).toBe(loadScenario(file).replications);
    }
  }, 60_000);
});

describe('reproduce --set', () => {
  it('a key that only some paper scenarios have is refused, saying each --set goes to every one', async () => {
    const portal = join(__dirname, '../../../scenarios/paper-diplomatic-portal.yaml');
    const run = reproduce({ files: [portal], set: ['params.sampling=0.001'], threads: 0 });
    await expect(run).rejects.toThrow(
      /params\.sampling: is not a known key.*; reproduce applies each --set to every paper scenario: to change a key of one scenario only, run it alone/,
    );
  });

  it('without --set, nothing is added to a message', async () => {
    const run = reproduce({ files: [join(__dirname, 'no-such.yaml')], threads: 0 });
    await expect(run).rejects.toThrow(/file not found$/);
  });
});
