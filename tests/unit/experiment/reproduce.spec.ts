import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import {
  declaredReplications,
  parseScopedSets,
  reproduce,
  SCENARIO_DIR,
  SCOPED_SET_RULE,
} from '../../../src/experiment/reproduce';
import { UserError } from '../../../src/common/user-error';
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
      /params\.sampling: is not a known key.*; reproduce applies each --set to every paper scenario: to change a key of one scenario only, scope it to that scenario \(--set paper-diplomatic-portal:path=value\), or run it alone/,
    );
  });

  it('scenario:path=value changes that scenario only; the others run as written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reproduce-scoped-'));
    try {
      const quick = 'replications: 2\nhorizon: 2w\nwarmup: 1w\n';
      for (const name of ['a', 'b'])
        writeFileSync(
          join(dir, `${name}.yaml`),
          `extends: ${JSON.stringify(MMC)}\nname: ${name}\ntitle: ${name}\ndescription: ${name}\n${quick}`,
        );
      const files = ['a', 'b'].map((n) => join(dir, `${n}.yaml`));
      const servers = (r: Awaited<ReturnType<typeof reproduce>>) =>
        r.scenarios.map(
          (s) => (s.scenario.document.stations as Record<string, { servers: number }>).desk.servers,
        );
      const plain = await reproduce({ files, threads: 0 });
      const scoped = await reproduce({
        files,
        set: ['b:stations.desk.servers=20', 'a.yaml:stations.desk.servers=30'],
        threads: 0,
      });
      expect(servers(plain)).toEqual([10, 10]);
      expect(servers(scoped)).toEqual([30, 20]);
      // Scoped to b alone, a runs as written, to the last digit.
      const onlyB = await reproduce({ files, set: ['b:stations.desk.servers=20'], threads: 0 });
      expect(servers(onlyB)).toEqual([10, 20]);
      expect(onlyB.scenarios[0].metrics).toEqual(plain.scenarios[0].metrics);
      expect(onlyB.scenarios[1].metrics).toEqual(scoped.scenarios[1].metrics);
      // An unscoped --set still goes to every scenario, and a later scoped one wins in its own.
      const both = await reproduce({
        files,
        set: ['stations.desk.servers=12', 'a:stations.desk.servers=14'],
        threads: 0,
      });
      expect(servers(both)).toEqual([14, 12]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('a scope that names no scenario of the run is refused, naming the option and the rule', async () => {
    const evisa = join(SCENARIO_DIR, 'paper-evisa.yaml');
    const portal = join(SCENARIO_DIR, 'paper-diplomatic-portal.yaml');
    // The portal first: a refusal on loading it comes before e-visa's years would run.
    const files = [portal, evisa];
    const refused = (set: string[]) => reproduce({ files, set, threads: 0 });
    const err = await refused(['paper-evsia:params.manual.minutesFactor=0.8']).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toBe(
      `--set paper-evsia:params.manual.minutesFactor=0.8: no paper scenario is named 'paper-evsia' (did you mean 'paper-evisa'?) (${SCOPED_SET_RULE}; the paper scenarios are paper-diplomatic-portal, paper-evisa)`,
    );
    await expect(refused([':params.manual.minutesFactor=0.8'])).rejects.toThrow(
      /^--set :params\.manual\.minutesFactor=0\.8: the scenario before ':' is empty/,
    );
    await expect(refused(['paper-evisa:=1'])).rejects.toThrow(
      /^--set paper-evisa:=1: give a key after 'paper-evisa:'/,
    );
    // A key the scenario named does not have: the loader's message names the --set as typed,
    // and does not say the --set went to every scenario (it did not).
    const missing = await refused([
      'paper-diplomatic-portal:params.manual.minutesFactor=0.8',
    ]).catch((e) => e);
    expect(missing).toBeInstanceOf(UserError);
    expect(missing.message).toMatch(
      /^scenarios\/paper-diplomatic-portal\.yaml: params\.manual: is not a known key; the value comes in part from --set paper-diplomatic-portal:params\.manual\.minutesFactor=0\.8$/,
    );
  }, 60_000);

  it('a colon in the value is not a scope', () => {
    expect(parseScopedSets(['calendar.start=2020-01-01T09:00'], [MMC])).toEqual([
      {
        assignment: 'calendar.start=2020-01-01T09:00',
        source: '--set calendar.start=2020-01-01T09:00',
      },
    ]);
  });

  it('without --set, nothing is added to a message', async () => {
    const run = reproduce({ files: [join(__dirname, 'no-such.yaml')], threads: 0 });
    await expect(run).rejects.toThrow(/file not found$/);
  });
});
