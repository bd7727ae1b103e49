/**
 * npm run bench:ab -- <before> <after> — two builds of the kernel side by side in one process,
 * alternated, on the same model: what a change did to the kernel's CPU time when the machine is
 * too uneven for two rates measured apart (a shared machine can drift 10-20% in a minute; both
 * builds drift together here). Each argument is a checkout whose `dist/` is built, or a `dist/`
 * itself; e.g. the commit before a change in a worktree:
 *
 *   git worktree add /tmp/before HEAD~1 && (cd /tmp/before && npm ci && npm run build)
 *   npm run build && npm run bench:ab -- /tmp/before .
 *
 * The model is M/M/10 at rho 0.9 (BENCH_CUSTOMERS, default 2,000,000) or, with BENCH_SCENARIO,
 * one arm (BENCH_ARM, default main) of a scenario file, built once by the `after` build's own
 * service model and run by both kernels with the scenario's horizon, warm-up and interval.
 * BENCH_ROUNDS (default 8) rounds, the first dropped as warm-up; the order alternates.
 * Prints JSON: CPU milliseconds per run, the medians and the ratio after ÷ before, and whether
 * the two builds' run summaries are the same (timings aside): a change meant to be faster only
 * should leave them identical.
 */
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import 'reflect-metadata';
import type { NetworkModel, RunOptions, RunSummary } from '../src/sim/network';
import { distOf, mmcNetworkOf } from './dist-of';

const [beforeArg, afterArg] = process.argv.slice(2);
if (!beforeArg || !afterArg) {
  process.stderr.write('usage: npm run bench:ab -- <before checkout or dist> <after ...>\n');
  process.exit(2);
}
const rounds = Math.max(2, Number(process.env.BENCH_ROUNDS ?? 8));
const customers = Number(process.env.BENCH_CUSTOMERS ?? 2_000_000);

interface Build {
  dist: string;
  runNetwork: (model: NetworkModel, options: RunOptions) => RunSummary;
  freezeModel: (model: NetworkModel) => NetworkModel;
}

function load(dir: string): Build {
  const dist = distOf(dir);
  /* eslint-disable @typescript-eslint/no-require-imports */
  return {
    dist,
    runNetwork: require(join(dist, 'sim', 'network')).runNetwork,
    freezeModel: require(join(dist, 'sim', 'compile')).freezeModel,
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

const builds = [load(beforeArg), load(afterArg)];

/** The model and run options: M/M/10, or a scenario arm built by the `after` build. */
function workload(): { name: string; model: NetworkModel; options: RunOptions } {
  const file = process.env.BENCH_SCENARIO;
  const dist = builds[1].dist;
  /* eslint-disable @typescript-eslint/no-require-imports */
  if (!file) {
    const mmcNetwork = mmcNetworkOf(dist);
    return {
      name: 'M/M/10 at rho 0.9',
      model: mmcNetwork(9, 1, 10),
      options: { seed: 1, until: customers / 9 },
    };
  }
  const { loadScenario } = require(join(dist, 'scenario', 'scenario.loader'));
  const { getServiceModel } = require(join(dist, 'experiment', 'models'));
  const { modelParams } = require(join(dist, 'experiment', 'scenario.runner'));
  /* eslint-enable @typescript-eslint/no-require-imports */
  const scenario = loadScenario(resolve(file));
  const arm = process.env.BENCH_ARM ?? 'main';
  const model = getServiceModel(scenario.model).build(modelParams(scenario), scenario)[arm];
  if (!model) {
    process.stderr.write(`${file}: no arm '${arm}'\n`);
    process.exit(2);
  }
  return {
    name: `${scenario.name} (${arm})`,
    model,
    options: {
      seed: scenario.seed,
      until: scenario.horizon,
      warmup: scenario.warmup,
      interval: scenario.interval,
    },
  };
}

const { name, model, options } = workload();
// Each build gets its own frozen copy: it compiles once, as a replication thread does.
const models = builds.map((b) => b.freezeModel(structuredClone(model)));

/** A run's summary without its timings, hashed. */
function fingerprint(s: RunSummary): string {
  const { wallSeconds: _wall, ...rest } = s;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex').slice(0, 16);
}

const cpu: number[][] = [[], []];
const prints: string[][] = [[], []];
for (let r = 0; r < rounds; r++) {
  for (const i of r % 2 ? [1, 0] : [0, 1]) {
    const c0 = process.cpuUsage();
    const summary = builds[i].runNetwork(models[i], options);
    const c = process.cpuUsage(c0);
    cpu[i].push((c.user + c.system) / 1e3);
    prints[i].push(fingerprint(summary));
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// The first round warms the JIT up: it is printed, not counted.
const [before, after] = cpu.map((xs) => median(xs.slice(1)));
process.stdout.write(
  `${JSON.stringify(
    {
      model: name,
      before: builds[0].dist,
      after: builds[1].dist,
      rounds,
      loadAverage: Number(loadavg()[0].toFixed(2)),
      cpuMsBefore: cpu[0].map(Math.round),
      cpuMsAfter: cpu[1].map(Math.round),
      medianCpuMsBefore: Math.round(before),
      medianCpuMsAfter: Math.round(after),
      afterOverBefore: Number((after / before).toFixed(3)),
      sameResults: prints[0].every((p, i) => p === prints[1][i]),
    },
    null,
    2,
  )}\n`,
);
