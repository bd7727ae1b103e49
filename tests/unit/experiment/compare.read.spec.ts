/* eslint-disable @typescript-eslint/no-explicit-any -- each case breaks a summary.json in its own way */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareRuns, MAX_DOCUMENT_DEPTH, readRunDir } from '../../../src/experiment/compare';
import { UserError } from '../../../src/common/user-error';

// compare reads summary.json files a user names; any file may have been edited or crafted.
// Each part compare uses is checked, and a wrong one is a user error naming the file and the
// path, never a crash inside the statistics (internal error, exit 1).

const dir = mkdtempSync(join(tmpdir(), 'compare-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A summary.json as `run --out` writes it, trimmed to what compare reads. */
function summary(): Record<string, unknown> {
  return {
    scenario: {
      name: 'base',
      title: 'Base',
      file: 'base.yaml',
      document: { name: 'base', stations: { desk: { servers: 10 } } },
    },
    seed: 7,
    replications: 2,
    arms: ['main'],
    metrics: {
      'totals.arrivals': { mean: 2803, ci95: [2739, 2866], samples: [2798, 2808] },
    },
  };
}

let count = 0;
function write(content: unknown): string {
  const d = join(dir, `run-${count++}`);
  mkdirSync(d);
  writeFileSync(join(d, 'summary.json'), JSON.stringify(content));
  return d;
}

function refusal(content: unknown): { path: string; rule: string; file?: string } {
  const d = write(content);
  try {
    readRunDir(d);
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    const e = err as UserError;
    expect(e.file).toBe(join(d, 'summary.json'));
    return { path: e.path, rule: e.rule };
  }
  throw new Error('expected the summary to be refused');
}

/** summary() with one change made by `edit`. */
function edited(edit: (s: Record<string, any>) => void): Record<string, unknown> {
  const s = summary() as Record<string, any>;
  edit(s);
  return s;
}

describe('readRunDir: a folder with no summary.json', () => {
  it("names what another command's --out wrote there, and what compare takes", () => {
    const d = join(dir, 'sweep-out');
    mkdirSync(d);
    writeFileSync(join(d, 'sweep.json'), '{}');
    expect(() => readRunDir(d)).toThrow(
      new UserError(
        d,
        '',
        'no summary.json here: this folder holds the sweep.json of a sweep (consular-sim sweep --out), and compare takes two folders written by consular-sim run <scenario> --out',
      ),
    );
    const empty = join(dir, 'empty-out');
    mkdirSync(empty);
    expect(() => readRunDir(empty)).toThrow(
      new UserError(
        empty,
        '',
        `no summary.json here (write one with: consular-sim run <scenario> --out ${empty})`,
      ),
    );
  });
});

describe('readRunDir: the shape compare relies on', () => {
  it('reads a summary as run writes it, and compares it with itself', () => {
    const a = readRunDir(write(summary()));
    const c = compareRuns(a, a);
    expect(c.differences.map((d) => d.metric)).toEqual(['totals.arrivals']);
    expect(c.scenarioChanges).toEqual([]);
  });

  it.each([
    ['a metric that is {}', (s: any) => (s.metrics.x = {}), 'metrics.x.mean'],
    ['a metric that is null', (s: any) => (s.metrics.x = null), 'metrics.x'],
    [
      'samples that are text',
      (s: any) => (s.metrics.x = { mean: 1, ci95: [1, 1], samples: 'abc' }),
      'metrics.x.samples',
    ],
    [
      'samples with text in them',
      (s: any) => (s.metrics.x = { mean: 1, ci95: [1, 1], samples: [1, 'a'] }),
      'metrics.x.samples',
    ],
    [
      'no samples at all',
      (s: any) => (s.metrics.x = { mean: 1, ci95: [1, 1], samples: [] }),
      'metrics.x.samples',
    ],
    ['a ci95 of one number', (s: any) => (s.metrics.x = { mean: 1, ci95: [1] }), 'metrics.x.ci95'],
    ['metrics as a list', (s: any) => (s.metrics = [1, 2]), 'metrics'],
    ['an empty scenario', (s: any) => (s.scenario = {}), 'scenario.name'],
    ['a scenario that is text', (s: any) => (s.scenario = 'x'), 'scenario'],
    [
      'a scenario document that is text',
      (s: any) => (s.scenario.document = 'x'),
      'scenario.document',
    ],
    ['no replications', (s: any) => delete s.replications, 'replications'],
    ['replications 0', (s: any) => (s.replications = 0), 'replications'],
    ['arms that are not a list', (s: any) => (s.arms = 'main'), 'arms'],
    ['a seed past 2^53 − 1', (s: any) => (s.seed = 2 ** 60), 'seed'],
    ['a negative seed', (s: any) => (s.seed = -1), 'seed'],
  ])('%s is refused at its path', (_, edit, path) => {
    expect(refusal(edited(edit)).path).toBe(path);
  });

  it('a scenario document nested deeper than the limit is refused (it had overflowed the stack)', () => {
    // Written as text: JSON.stringify itself cannot nest this deep.
    const deep = `${'{"a":'.repeat(100_000)}{}${'}'.repeat(100_000)}`;
    const text = JSON.stringify(summary()).replace(/"document":\{.*?\}\}\}/, `"document":${deep}`);
    const d = join(dir, 'deep');
    mkdirSync(d);
    writeFileSync(join(d, 'summary.json'), text);
    expect(() => readRunDir(d)).toThrow(
      new UserError(
        join(d, 'summary.json'),
        'scenario.document',
        `must be nested at most ${MAX_DOCUMENT_DEPTH} levels deep`,
      ),
    );
  });
  it('null numbers (how JSON writes NaN) compare as NaN, not as 0', () => {
    const a = readRunDir(write(summary()));
    const b = readRunDir(
      write(
        edited(
          (s) =>
            (s.metrics['totals.arrivals'] = { mean: null, ci95: [null, null], samples: [null, 5] }),
        ),
      ),
    );
    const [d] = compareRuns(a, b).differences;
    expect(d.diff).toBeNaN();
    expect(d.significant).toBe(false);
  });

  it('a metric named like an inherited property is listed as only in A', () => {
    const a = readRunDir(write(edited((s) => (s.metrics.constructor = { mean: 1, ci95: [1, 1] }))));
    const b = readRunDir(write(summary()));
    expect(compareRuns(a, b).onlyInA).toEqual(['constructor']);
  });
});

describe('compare reads a summary.json of one replication', () => {
  it('takes ci95 null (no interval) and compares without claiming a significant difference', () => {
    const one = (mean: number) => {
      const s = summary();
      s.replications = 1;
      s.metrics = { 'totals.arrivals': { mean, halfWidth: null, ci95: null, samples: [mean] } };
      return write(s);
    };
    const c = compareRuns(readRunDir(one(2800)), readRunDir(one(2900)));
    expect(c.differences[0].diff).toBe(100);
    expect(c.differences[0].ci95).toBeNull();
    expect(c.differences[0].significant).toBe(false);
  });
});

describe('readRunDir: what is no summary.json file', () => {
  // A FIFO or a device had been read to its end, which never came: compare /dev/zero hung.
  it.skipIf(process.platform === 'win32')('a device is refused without reading it', () => {
    expect(() => readRunDir('/dev/null')).toThrow(
      '/dev/null: is not a file or a folder holding a summary.json',
    );
  });

  it('a summary.json that is a folder is refused, not read as bad JSON', () => {
    const d = join(dir, 'folder-summary');
    mkdirSync(join(d, 'summary.json'), { recursive: true });
    expect(() => readRunDir(d)).toThrow(`${d}: is not a file or a folder holding a summary.json`);
  });
});

describe("readRunDir: the figures' declarations", () => {
  /** summary() with a derived figure, as a service model's run writes it. */
  const withFigure = (figures: unknown) =>
    edited((s) => {
      s.metrics['derived.deflection'] = { mean: 0.5, ci95: [0.4, 0.6], samples: [0.45, 0.55] };
      s.figures = figures;
    });

  it('a declared figure is read and compared', () => {
    const a = readRunDir(write(withFigure({ deflection: { support: 'unitInterval' } })));
    expect(compareRuns(a, a).differences.map((d) => d.metric)).toContain('derived.deflection');
  });

  // Both had been an internal error inside the comparison ("Cannot read properties of null").
  it.each([
    ['figures that are null', null, 'figures'],
    ['figures that are a list', [1], 'figures'],
    ['a figure that is null', { deflection: null }, 'figures.deflection'],
    ['a figure that is text', { deflection: 'x' }, 'figures.deflection'],
  ])('%s: a user error at its path', (_, figures, path) => {
    expect(refusal(withFigure(figures)).path).toBe(path);
  });
});
