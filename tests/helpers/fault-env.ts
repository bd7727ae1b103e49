import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/** Helpers of the fault tests: private redis-servers, compiled worker processes, waiting. */

export const ROOT = join(__dirname, '../..');
export const CLI = join(ROOT, 'bin/consular-sim.js');

/** A whole-number setting from the environment (big counts for a longer manual run). */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${name}: must be a whole number, got '${raw}'`);
  return n;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts'))
      newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * The worker processes run the compiled CLI (Nest's injection needs decorator metadata that
 * the test transform does not give a child process): rebuild dist/ when src/ is newer.
 */
export function ensureBuilt(): void {
  const main = join(ROOT, 'dist/cli/main.js');
  let built = 0;
  try {
    built = statSync(main).mtimeMs;
  } catch {
    built = 0;
  }
  if (built >= newestMtime(join(ROOT, 'src'))) return;
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: ROOT,
      stdio: 'pipe',
    },
  );
  // The rest of `npm run build`: Hızır's snapshot next to the engine just compiled (without it
  // `consular-sim ask` parses the YAML at start, and the start-up tests fail for that alone).
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-hizir-snapshot.cjs')], {
    cwd: ROOT,
    stdio: 'pipe',
  });
}

/** A private redis-server (AOF optional) that a test may kill and restart on the same port and dir. */
export class PrivateRedis {
  private child?: ChildProcess;
  readonly dir = mkdtempSync(join(tmpdir(), 'consular-fault-redis-'));

  constructor(
    readonly port: number,
    private readonly aof: boolean,
    /** More arguments for redis-server (e.g. `--maxmemory 4mb --maxmemory-policy allkeys-lru`). */
    private readonly extraArgs: readonly string[] = [],
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const args = [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--dir',
      this.dir,
    ];
    args.push(
      ...(this.aof ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']),
    );
    args.push(...this.extraArgs);
    this.child = spawn('redis-server', args, { stdio: 'ignore' });
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const r = spawnSync('redis-cli', ['-p', String(this.port), 'ping'], { encoding: 'utf8' });
      if (r.stdout?.trim() === 'PONG') return;
      await sleep(50);
    }
    throw new Error(`redis-server did not start on port ${this.port}`);
  }

  /** kill -9: no shutdown save; only what AOF fsynced survives. */
  async kill(): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null || c.signalCode) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await exited;
  }

  /** SIGSTOP: the server keeps its connections but answers nothing (a hung Redis). */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  /** SIGCONT after pause(). */
  resume(): void {
    this.child?.kill('SIGCONT');
  }

  async stop(): Promise<void> {
    this.resume();
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A `consular-sim worker` child process. */
export function spawnWorker(
  env: Record<string, string>,
  args: string[],
  /** Another copy of the built CLI to run (default: this checkout's). */
  root = ROOT,
): ChildProcess {
  const child = spawn(process.execPath, [join(root, 'bin/consular-sim.js'), 'worker', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Ready once the worker command has printed its start line (its Nest context is up).
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (d: string) => {
    if (d.includes('consular-sim worker on'))
      (child as ChildProcess & { readyAt?: number }).readyAt ??= Date.now();
  });
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => {
    (child as ChildProcess & { errText?: string }).errText =
      `${(child as ChildProcess & { errText?: string }).errText ?? ''}${d}`.slice(-4000);
  });
  return child;
}

/** When the worker finished starting (undefined while it boots). */
export function readyAt(child: ChildProcess): number | undefined {
  return (child as ChildProcess & { readyAt?: number }).readyAt;
}

export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

/** How a child process ended, and how many ms after this call it did (0 if it already had). */
function exited(child: ChildProcess): Promise<{ code: number | null; ms: number }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve({ code: child.exitCode, ms: 0 });
    child.once('exit', (code) => resolve({ code, ms: Date.now() - t0 }));
  });
}

/** Sends `signal` to every child at once; how each ended and how long it took, in order. */
export function signalAll(
  children: ChildProcess[],
  signal: NodeJS.Signals,
): Promise<{ code: number | null; ms: number }[]> {
  const exits = children.map(exited);
  for (const child of children) child.kill(signal);
  return Promise.all(exits);
}

/** Outcome fields of many e-visa records in one pipeline. */
export async function readRecords(
  redis: Redis,
  keyOf: (id: string) => string,
  ids: readonly string[],
  fields: readonly string[],
): Promise<Map<string, (string | null)[]>> {
  const out = new Map<string, (string | null)[]>();
  const CHUNK = 5000;
  for (let i = 0; i < ids.length; i += CHUNK) {
    const part = ids.slice(i, i + CHUNK);
    const p = redis.pipeline();
    for (const id of part) p.hmget(keyOf(id), ...fields);
    const res = (await p.exec()) ?? [];
    part.forEach((id, k) => out.set(id, (res[k]?.[1] as (string | null)[]) ?? []));
  }
  return out;
}

/** Runs `fn` over `items` with at most `width` in flight. */
export async function pool<T>(
  items: readonly T[],
  width: number,
  fn: (item: T, i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i], i);
      }
    }),
  );
}

/** An arrival date the API takes today: 30 days ahead (it refuses the past and more than a year ahead). */
export function plausibleArrivalDate(daysAhead = 30): string {
  return new Date(Date.now() + daysAhead * 86_400_000).toISOString().slice(0, 10);
}

/** Applicants with distinct, passport-shaped numbers and names (for the leak scans, too). */
export function applicant(i: number, salt: string) {
  const n = String(i).padStart(7, '0');
  return {
    nationality: ['GB', 'DE', 'US', 'FR', 'NL'][i % 5],
    passportNumber: `${salt}${n}`,
    fullName: `Testname${salt}${n} Applicant`,
    email: `a${i}.${salt.toLowerCase()}@example.org`,
    arrivalDate: plausibleArrivalDate(),
  };
}
