import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRedisUrl } from '../../helpers/redis-test-env';

/*
 * The README is tested (rules in docs/doc-tests.md — read them before adding a command):
 *
 * - Every line of a ```sh block in README.md and docs/*.md that starts with `consular-sim` or
 *   `npx consular-sim` (optionally after VAR=value assignments) is run as written, with
 *   `node bin/consular-sim.js`, from a scratch directory where `scenarios/` and `config/` are the
 *   repository's. A trailing `\` continues the line; ` # …` is a comment.
 * - It must exit 0, or the code a `# exit N` comment names. `# not run: <reason>` skips it (the
 *   reason is required).
 * - CONSULAR_SIM_MAX_REPLICATIONS=2 caps every run's replications, so commands stay cheap.
 * - Every `Examples:` line of every command's --help is run the same way.
 * - Other lines of a ```sh block must start with a known setup tool (npm, docker, …).
 *
 * The figures the README states are checked at the end of this file, each within a stated
 * tolerance, or quoted in the README with the command, date and machine that gave them.
 */

const ROOT = join(__dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'consular-sim.js');
const DOCS = ['README.md', ...readdirSync(join(ROOT, 'docs')).map((f) => `docs/${f}`)].filter((f) =>
  f.endsWith('.md'),
);
const SETUP_TOOLS =
  /^(npm|npx (?!consular-sim)|docker|apt-get|brew|curl|export|cd|git|redis-server)\b/;
const DOC_TEST_ENV = { CONSULAR_SIM_MAX_REPLICATIONS: '2' };

interface DocCommand {
  /** Where it was found: `README.md:42` or `run --help`. */
  where: string;
  /** The text as written (continuations joined, comment removed). */
  text: string;
  env: Record<string, string>;
  args: string[];
  expectedExit: number;
  notRun?: string;
}

/** Splits a shell line into words (single and double quotes, backslash escapes); no expansion. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < line.length) word += line[++i];
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote) throw new Error(`unterminated ${quote} in: ${line}`);
  if (inWord) words.push(word);
  return words;
}

/** The command and its comment: ` #` outside quotes starts the comment. */
function splitComment(line: string): { command: string; comment: string } {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && (i === 0 || /\s/.test(line[i - 1])))
      return { command: line.slice(0, i).trim(), comment: line.slice(i + 1).trim() };
  }
  return { command: line.trim(), comment: '' };
}

function toDocCommand(where: string, line: string): DocCommand | 'setup' {
  const { command, comment } = splitComment(line);
  const words = shellWords(command);
  const env: Record<string, string> = {};
  while (words.length && /^[A-Z_][A-Z0-9_]*=/.test(words[0])) {
    const w = words.shift()!;
    env[w.slice(0, w.indexOf('='))] = w.slice(w.indexOf('=') + 1);
  }
  if (words[0] === 'npx' && words[1] === 'consular-sim') words.shift();
  if (words[0] !== 'consular-sim') {
    if (!SETUP_TOOLS.test(command))
      throw new Error(
        `${where}: '${command}' is neither a consular-sim command nor a known setup command (docs/doc-tests.md)`,
      );
    return 'setup';
  }
  const exit = /(?:^|;\s*)exit (\d+)/.exec(comment);
  const notRun = /not run:\s*(\S.*)?$/.exec(comment);
  if (notRun && !notRun[1]) throw new Error(`${where}: '# not run:' needs a reason`);
  return {
    where,
    text: command,
    env,
    args: words.slice(1),
    expectedExit: exit ? Number(exit[1]) : 0,
    notRun: notRun?.[1],
  };
}

/** Every command of the ```sh blocks of a Markdown file. */
export function markdownCommands(file: string, text: string): (DocCommand | 'setup')[] {
  const out: (DocCommand | 'setup')[] = [];
  const lines = text.split('\n');
  let inSh = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*```/.test(line)) {
      inSh = !inSh && /^\s*```(sh|bash|shell|console)\s*$/.test(line);
      continue;
    }
    if (!inSh || !line.trim() || line.trim().startsWith('#')) continue;
    const start = i + 1;
    let joined = line;
    while (/\\\s*$/.test(joined) && i + 1 < lines.length)
      joined = joined.replace(/\\\s*$/, ' ') + lines[++i].trim();
    out.push(toDocCommand(`${file}:${start}`, joined));
  }
  return out;
}

/**
 * The `Examples:` (or `Example:`) lines of a command's --help, as a README line is read: with
 * `npx` or an environment variable before the command. Those of `Example:`, and those starting
 * `npx consular-sim`, had been skipped, so an example that no longer ran went unnoticed.
 */
function helpExamples(command: string): DocCommand[] {
  const r = spawnSync(process.execPath, [BIN, command, '--help'], { encoding: 'utf8' });
  const after = r.stdout.split(/^Examples?:\s*$/m)[1] ?? '';
  return after
    .split('\n')
    .filter((l) => /^\s+(\$ )?([A-Z_][A-Z0-9_]*=\S*\s+)*(npx\s+)?consular-sim /.test(l))
    .map((l) => toDocCommand(`${command} --help`, l.replace(/^\s+(\$ )?/, '')))
    .filter((c): c is DocCommand => c !== 'setup');
}

let scratch = '';

function run(
  c: Pick<DocCommand, 'args' | 'env'>,
  extraEnv: Record<string, string> = DOC_TEST_ENV,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...c.args], {
      cwd: scratch,
      env: {
        ...process.env,
        REDIS_URL: testRedisUrl(),
        CONSULAR_SIM_DEBUG: '',
        ...extraEnv,
        ...c.env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const documented = DOCS.flatMap((f) =>
  markdownCommands(f, readFileSync(join(ROOT, f), 'utf8')),
).filter((c): c is DocCommand => c !== 'setup');

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stderr}`);
  }
  scratch = mkdtempSync(join(tmpdir(), 'consular-sim-doctest-'));
  for (const dir of ['scenarios', 'config']) symlinkSync(join(ROOT, dir), join(scratch, dir));
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the README and docs/: every command runs as written', () => {
  it('finds the commands (the parser works on this README)', () => {
    expect(documented.length).toBeGreaterThan(5);
    expect(documented.some((c) => c.args[0] === 'reproduce')).toBe(true);
  });

  // In order: a later command of a block may read an earlier one's --out.
  it.each(documented.map((c) => [`${c.where}: ${c.text}`, c] as const))(
    '%s',
    async (_name, c) => {
      if (c.notRun) return;
      const r = await run(c);
      expect(r.code, `exit ${r.code}, expected ${c.expectedExit}\n${r.stderr.slice(-2000)}`).toBe(
        c.expectedExit,
      );
      if (c.expectedExit === 2) expect(r.stderr).toMatch(/^error: /);
      expect(r.stderr).not.toContain('internal error');
    },
    // Generous for a loaded CI machine; on 2 idle cores the longest (reproduce) takes about 20 s.
    600_000,
  );
});

/** Every command the CLI lists, so a new command's examples are run too. */
function listedCommands(): string[] {
  const help = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' }).stdout;
  return [...help.split(/^Commands:\s*$/m)[1].matchAll(/^ {2}([a-z-]+)\b/gm)]
    .map((m) => m[1])
    .filter((c) => c !== 'help');
}

describe('every --help example runs', () => {
  it('every command has examples in its --help, as the README says', () => {
    expect(readme).toContain('Every command has `--help` with examples');
    const commands = listedCommands();
    expect(commands).toContain('run');
    expect(commands.filter((c) => helpExamples(c).length === 0)).toEqual([]);
  });

  it('each command with examples in its --help', async () => {
    const commands = listedCommands();
    expect(commands).toContain('run');
    const examples = commands.flatMap(helpExamples);
    expect(examples.length).toBeGreaterThan(3);
    for (const c of examples) {
      if (c.notRun) continue;
      // A --help example may read what an earlier one wrote (compare reads run's --out).
      const r = await run(c);
      expect(r.code, `${c.where}: ${c.text}\n${r.stderr.slice(-2000)}`).toBe(c.expectedExit);
    }
  }, 600_000);
});

describe("the README's Commands table and each command's --help", () => {
  // The table is where a newcomer looks up a command; an option --help has and the table does
  // not (sweep's --target-ci, lab's --host) is one they never learn of.
  it("name the same options: every option of a --help is on its command's row", () => {
    const help = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' }).stdout;
    const commands = [...help.split(/^Commands:\s*$/m)[1]!.matchAll(/^ {2}([a-z-]+)\b/gm)]
      .map((m) => m[1]!)
      .filter((c) => c !== 'help');
    const missing: string[] = [];
    for (const command of commands) {
      const row = readme
        .split('\n')
        .find(
          (l) =>
            l.startsWith(`| \`consular-sim ${command} `) ||
            l.startsWith(`| \`consular-sim ${command}\``),
        );
      if (!row) {
        missing.push(`${command}: no row`);
        continue;
      }
      const synopsis = row.split(' | ')[0]!;
      const out = spawnSync(process.execPath, [BIN, command, '--help'], {
        encoding: 'utf8',
      }).stdout;
      const options = out
        .split(/^Options:\s*$/m)[1]!
        .split(/^\S/m)[0]!
        .split('\n')
        .map((l) => /^ {2}(?:-\w, )?(--[a-z-]+)/.exec(l)?.[1])
        .filter((o): o is string => o !== undefined && o !== '--help');
      for (const o of options)
        if (!new RegExp(`${o}(?![a-z-])`).test(synopsis)) missing.push(`${command} ${o}`);
    }
    expect(missing).toEqual([]);
  });
});

/** The number after `label` in the README (commas allowed), e.g. figure('mean wait of'). */
function figure(pattern: RegExp): number[] {
  const m = pattern.exec(readme.replace(/\s+/g, ' '));
  if (!m) throw new Error(`the README no longer says ${pattern}`);
  return m.slice(1).map((x) => Number(x.replace(/,/g, '').replace('−', '-')));
}

describe('the figures the README states', () => {
  // Each figure is deterministic for its seed; the tolerance is a tenth of its 95% CI's
  // half-width (or the rounding of the printed digits, whichever is larger), so a change in the
  // model that moves a figure fails here until the README says what the command prints now.
  let a: { metrics: Record<string, { mean: number; halfWidth: number }> };

  it('walkthrough: teaching-mmc mean wait and queue, mean ± 95% CI', async () => {
    const r = await run(
      { args: ['run', 'scenarios/teaching-mmc.yaml', '--out', 'fig/a', '--json'], env: {} },
      {},
    );
    expect(r.code).toBe(0);
    a = JSON.parse(r.stdout) as typeof a;
    const [wait, waitHw, queue, queueHw] = figure(
      /reports a mean wait of ([\d.]+) ± ([\d.]+) minutes and a mean queue of ([\d.]+) ± ([\d.]+)/,
    );
    const w = a.metrics['stations.desk.wait.mean'];
    const q = a.metrics['stations.desk.meanQueue'];
    expect(Math.abs(w.mean - wait)).toBeLessThanOrEqual(Math.max(0.05, w.halfWidth / 10));
    expect(Math.abs(w.halfWidth - waitHw)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(q.mean - queue)).toBeLessThanOrEqual(Math.max(0.005, q.halfWidth / 10));
    expect(Math.abs(q.halfWidth - queueHw)).toBeLessThanOrEqual(0.005);
  }, 120_000);

  it('compare and sweep: an eleventh officer, and the cheapest staffing for a 15-minute wait', async () => {
    const b = await run(
      {
        args: [
          'run',
          'scenarios/teaching-mmc.yaml',
          '--set',
          'stations.desk.servers=11',
          '--out',
          'fig/b',
          '--quiet',
        ],
        env: {},
      },
      {},
    );
    expect(b.code).toBe(0);
    const c = await run({ args: ['compare', 'fig/a', 'fig/b', '--json'], env: {} }, {});
    const diff = (
      JSON.parse(c.stdout) as {
        differences: { metric: string; diff: number; ci95: [number, number] }[];
      }
    ).differences.find((d) => d.metric === 'stations.desk.wait.mean')!;
    const [cut, lo, hi] = figure(
      /cuts the mean wait by ([\d.]+) minutes \(95% CI ([\d.]+) to ([\d.]+)/,
    );
    expect(Math.abs(-diff.diff - cut)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(-diff.ci95[1] - lo)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(-diff.ci95[0] - hi)).toBeLessThanOrEqual(0.05);

    const s = await run(
      {
        args: [
          'sweep',
          'scenarios/teaching-mmc.yaml',
          '--param',
          'stations.desk.servers=10..14',
          '--target',
          'stations.desk.wait.mean<=15',
          '--replications',
          '5',
          '--json',
        ],
        env: {},
      },
      {},
    );
    expect(s.code).toBe(0);
    const out = JSON.parse(s.stdout) as {
      best: number;
      points: {
        values: Record<string, number>;
        target: { mean: number; ci95: [number, number] };
      }[];
    };
    const sweep = { best: out.points[out.best] };
    const [officers, mean, sLo, sHi] = figure(
      /the sweep finds (\d+) officers .*? \(([\d.]+) minutes, 95% CI ([\d.]+) to ([\d.]+)\)/,
    );
    expect(sweep.best?.values['stations.desk.servers']).toBe(officers);
    expect(Math.abs(sweep.best!.target.mean - mean)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(sweep.best!.target.ci95[0] - sLo)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(sweep.best!.target.ci95[1] - sHi)).toBeLessThanOrEqual(0.05);
  }, 240_000);

  it('walkthrough: the mmc table, simulated Wq at each number of customers', async () => {
    const walkthrough = readme.split(/^## Walkthrough/m)[1].split(/^## /m)[0];
    const rows = [
      ...walkthrough.matchAll(/^\| ([\d,]+) \| ([\d.]+) \| ([\d.]+) to ([\d.]+) \| ([\d.]+) \|$/gm),
    ];
    expect(rows.length).toBe(4);
    for (const [, customers, simulated, low, high, erlang] of rows) {
      const r = await run(
        {
          args: [
            'mmc',
            '--lambda',
            '9',
            '--mu',
            '1',
            '--servers',
            '10',
            '--customers',
            customers.replace(/,/g, ''),
            '--json',
          ],
          env: {},
        },
        {},
      );
      const out = JSON.parse(r.stdout) as {
        analytic: { Wq: number };
        simulated: { Wq: number; WqCi95: [number, number] };
      };
      // Each figure to the digits the README shows.
      const near = (x: number, shown: string) =>
        expect(
          Math.abs(x - Number(shown)),
          `${customers}: ${x} shown as ${shown}`,
        ).toBeLessThanOrEqual(0.5 * 10 ** -(shown.split('.')[1]?.length ?? 0));
      near(out.simulated.Wq, simulated);
      near(out.simulated.WqCi95[0], low);
      near(out.simulated.WqCi95[1], high);
      expect(Math.abs(out.analytic.Wq - Number(erlang))).toBeLessThanOrEqual(0.0005);
    }
  }, 240_000);
});

describe("the README's curl lines and the API they call", () => {
  /** Every `curl` line of a ```sh block of the README and docs/. */
  const curls = DOCS.flatMap((f) => {
    const out: { where: string; words: string[] }[] = [];
    let inSh = false;
    readFileSync(join(ROOT, f), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (/^\s*```/.test(line)) inSh = !inSh && /^\s*```(sh|bash|shell|console)\s*$/.test(line);
        else if (inSh && /^\s*curl\s/.test(line))
          out.push({ where: `${f}:${i + 1}`, words: shellWords(splitComment(line).command) });
      });
    return out;
  });
  const api = readFileSync(join(ROOT, 'docs', 'api.md'), 'utf8');
  /** docs/api.md's routes: `## \`POST /hizir/messages\`` and the text of its section. */
  const routes = [
    ...api.matchAll(/^## `(GET|POST|PUT|PATCH|DELETE) (\/\S*)`[^\n]*\n([\s\S]*?)(?=^## )/gm),
  ];

  it('the README shows how to call the API (a newcomer had no example)', () => {
    expect(curls.some((c) => c.where.startsWith('README.md:'))).toBe(true);
  });

  it("each calls a route docs/api.md documents, with fields of its body, on serve's default port", () => {
    const help = spawnSync(process.execPath, [BIN, 'serve', '--help'], { encoding: 'utf8' }).stdout;
    const port = /default: PORT\s+or\s+(\d+)/.exec(help)?.[1];
    expect(port, 'serve --help names its default port').toBeDefined();
    for (const { where, words } of curls) {
      const x = words.indexOf('-X');
      const method = x >= 0 ? words[x + 1] : 'GET';
      const url = new URL(words.find((w) => /^https?:\/\//.test(w))!);
      expect(url.port, `${where}: the port serve listens on by default`).toBe(port);
      const route = routes.find(
        ([, m, path]) =>
          m === method && new RegExp(`^${path.replace(/:[^/]+/g, '[^/]+')}$`).test(url.pathname),
      );
      expect(
        route,
        `${where}: ${method} ${url.pathname} is not a route of docs/api.md`,
      ).toBeDefined();
      const d = words.indexOf('-d');
      if (d >= 0)
        for (const field of Object.keys(JSON.parse(words[d + 1]) as object))
          expect(route![3], `${where}: field ${field} of ${method} ${url.pathname}`).toContain(
            `| \`${field}\` |`,
          );
    }
  });
});
