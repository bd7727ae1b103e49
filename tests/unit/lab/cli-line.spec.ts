import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cliLine, shellWord } from '../../../lab/src/cli-line';

/** What a POSIX shell makes of `words`: each argument it passes to printf, one per bracket. */
function shellReads(words: string): string {
  return execFileSync('sh', ['-c', `printf '[%s]\\n' ${words}`], { encoding: 'utf8' });
}

const brackets = (args: string[]) => args.map((a) => `[${a}]\n`).join('');

/** Values from the URL that a shell would otherwise split, expand or run. */
const NASTY = [
  'description=x;touch${IFS}/tmp/consular-sim-lab-PWNED;#',
  "seed=1'$(touch /tmp/consular-sim-lab-PWNED)'",
  "title=Ali's desk",
  "title=''",
  'title=`id`',
  'title=$HOME and ${HOME}',
  'title="quoted" \\ back\\slash',
  'title=a  b\tc',
  'title=line one\nline two',
  'title=*.yaml ~ ? [a] {x,y} !! & | < > ( )',
  'başlık=Çalışan',
  '',
  "'",
];

describe('the command line the Lab shows', () => {
  it.each(NASTY)('passes %j to the CLI as one argument, unchanged', (value) => {
    expect(shellReads(shellWord(value))).toBe(brackets([value]));
  });

  it('gives the shell the same arguments as the page runs with', () => {
    const set = ['stations.desk.servers=11', ...NASTY];
    const line = cliLine('scenarios/teaching-mmc.yaml', set);
    expect(line.startsWith('npx consular-sim run ')).toBe(true);
    expect(shellReads(line)).toBe(
      brackets([
        'npx',
        'consular-sim',
        'run',
        'scenarios/teaching-mmc.yaml',
        ...set.flatMap((s) => ['--set', s]),
        '--json',
      ]),
    );
  });

  // A link's value may hold characters that draw nothing or turn the rest of the line around
  // (U+202E): the line on the page must read as what it runs, and bash read it back exactly.
  it.each([
    'stations.desk.label=\u202Eevil',
    'title=a\u200Bb c',
    "title=Ali's\u2066desk\u2069",
    'title=\uFFF9note\uFFFB',
    'title=\u{E0041}\u{F0000}x\u2028y',
  ])('writes the hidden characters of %j as code points that bash reads back', (value) => {
    const line = cliLine('scenarios/teaching-mmc.yaml', [value]);
    expect(line).not.toMatch(/[\p{Cf}\p{Co}\p{Zl}\p{Zp}]/u);
    const word = shellWord(value);
    expect(execFileSync('bash', ['-c', `printf '[%s]\\n' ${word}`], { encoding: 'utf8' })).toBe(
      brackets([value]),
    );
  });

  it('leaves plain overrides bare, as they would be typed', () => {
    expect(
      cliLine('scenarios/paper-hizir.yaml', [
        'params.deflection=0.3',
        'horizon=2d',
        'a=b:c,d@e%f+g-h',
      ]),
    ).toBe(
      'npx consular-sim run scenarios/paper-hizir.yaml --set params.deflection=0.3 --set horizon=2d --set a=b:c,d@e%f+g-h --json',
    );
  });
});
