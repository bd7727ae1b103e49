import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * Every relative link of the README and of the Markdown files under docs/ and config/ reaches a
 * file of the repository, and every #anchor a heading of the file it names (GitHub's rule:
 * lower case, punctuation dropped, spaces as dashes, a repeated heading suffixed -1, -2, ...).
 * The commands of these files are checked by readme.spec.ts; their links were checked by nobody.
 */

const ROOT = join(__dirname, '..', '..', '..');
const FILES = [
  'README.md',
  ...['docs', 'config'].flatMap((dir) =>
    readdirSync(join(ROOT, dir))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `${dir}/${f}`),
  ),
];

/** Markdown without its code: a link in a code block or a code span is an example, not a link. */
function prose(text: string): string {
  return text.replace(/^```[^\n]*\n[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's anchor for a heading's text. */
function slug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors of a Markdown file's headings. */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const [, heading] of text
    .replace(/^```[^\n]*\n[\s\S]*?^```/gm, '')
    .matchAll(/^#{1,6}\s+(.*?)\s*#*\s*$/gm)) {
    const s = slug(heading);
    const n = seen.get(s) ?? 0;
    seen.set(s, n + 1);
    out.add(n ? `${s}-${n}` : s);
  }
  return out;
}

/** The broken relative links of `file` (a path from ROOT), each as `file: target (why)`. */
function brokenLinks(file: string, text: string): string[] {
  const broken: string[] = [];
  for (const [, target] of prose(text).matchAll(/!?\[[^\]]*\]\(<?([^)\s>]+)>?(?:\s+"[^"]*")?\)/g)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: ...
    const [path, anchor] = target.split('#') as [string, string | undefined];
    const to = path ? resolve(ROOT, dirname(file), decodeURIComponent(path)) : join(ROOT, file);
    if (!to.startsWith(ROOT) || !existsSync(to)) {
      broken.push(`${file}: ${target} (no such file)`);
      continue;
    }
    if (anchor === undefined || !to.endsWith('.md') || !statSync(to).isFile()) continue;
    if (!anchors(readFileSync(to, 'utf8')).has(anchor))
      broken.push(`${file}: ${target} (no heading of ${relative(ROOT, to)} has this anchor)`);
  }
  return broken;
}

describe('the links of the README and docs', () => {
  it('finds the files and their links (the parser works on these files)', () => {
    expect(FILES).toContain('docs/scenario-format.md');
    expect(FILES).toContain('config/paper-figures.md');
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(anchors(readme)).toContain('speed');
    expect(anchors(readme)).toContain('walkthrough-teaching-mmcyaml');
    expect(
      brokenLinks('README.md', '[a](docs/nope.md) [b](#nope) [c](#speed) [d](docs/api.md)'),
    ).toEqual([
      'README.md: docs/nope.md (no such file)',
      'README.md: #nope (no heading of README.md has this anchor)',
    ]);
  });

  it.each(FILES)('%s: every relative link reaches a file, and every anchor a heading', (file) => {
    expect(brokenLinks(file, readFileSync(join(ROOT, file), 'utf8'))).toEqual([]);
  });
});
