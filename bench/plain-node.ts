/**
 * Bench code that must run as the CLI runs: in plain Node, not under tsx. tsx, which runs the
 * benches, rewrites every file it loads, the compiled dist/ included: valgrind counts 18% more
 * instructions per customer for the same built kernel under it (3,889 against 3,286 on M/M/10),
 * though the time ratio of bench/kernel.bench.ts does not move with it. An instruction count
 * must not carry that, so bench/instructions.bench.ts transpiles its own TypeScript modules
 * here (they import only node: modules, each other and files by absolute path) and runs them in
 * child processes of plain `node`.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';

/**
 * Transpiles bench/<name>.ts for each name, and every bench module they import by a relative
 * path ('./dist-of'), into a new temporary directory; returns it. The directory goes when this
 * process exits. (A fixed list broke `npm run bench:instructions` once mmc-subjects.ts began to
 * import dist-of.ts: the child process could not find it.)
 */
export function transpileBench(names: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'consular-sim-bench-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const done = new Set<string>();
  const todo = [...names];
  for (let name = todo.pop(); name !== undefined; name = todo.pop()) {
    if (done.has(name)) continue;
    done.add(name);
    const source = readFileSync(join(__dirname, `${name}.ts`), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        // As tsconfig.json and so dist/: fields assigned in constructors.
        useDefineForClassFields: false,
        esModuleInterop: true,
      },
      fileName: `${name}.ts`,
    });
    writeFileSync(join(dir, `${name}.js`), outputText);
    todo.push(...benchImports(outputText));
  }
  return dir;
}

/** The bench modules (bench/<name>.ts) a transpiled module requires by a './' path. */
export function benchImports(js: string): string[] {
  return [...js.matchAll(/\brequire\("\.\/([\w-]+)"\)/g)].map((m) => m[1]);
}

/**
 * Runs a transpiled bench module in plain Node (no loader): `node [nodeArgs] file [args]`,
 * under `wrapper` when given (a command and its options, such as valgrind's).
 */
export function runPlain(
  file: string,
  options: {
    env?: Record<string, string>;
    nodeArgs?: string[];
    args?: string[];
    wrapper?: string[];
  } = {},
): SpawnSyncReturns<string> {
  const argv = [
    ...(options.wrapper ?? []),
    process.execPath,
    ...(options.nodeArgs ?? []),
    file,
    ...(options.args ?? []),
  ];
  return spawnSync(argv[0], argv.slice(1), {
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}
