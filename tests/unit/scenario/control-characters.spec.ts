import 'reflect-metadata';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scenarioLoadError, scenarioProblems } from '../../helpers/scenario-problems';
import { CONTROL_CHARACTER_RULE, STATION_LABEL_RULE } from '../../../src/scenario/limits';

/**
 * A scenario's names and texts reach the terminal as they are (the summary's first line is its
 * title, its tables name stations and classes by id): an ESC sequence in a title or a station id
 * was run by the terminal that printed it, a U+202E turned its line around. Each is refused by
 * its path, as a station's label was.
 */
const FILE = 'scenarios/teaching-mmc.yaml';
const dir = mkdtempSync(join(tmpdir(), 'consular-control-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The problems a load raises, as `path: rule`, or [] when it loads. */
const problems = (set: string[], file = FILE): string[] => scenarioProblems(file, set);

/** teaching-mmc.yaml with `from` replaced by `to`, written to a file of its own. */
function variant(name: string, from: string | RegExp, to: string): string {
  const file = join(dir, name);
  const text = readFileSync(FILE, 'utf8');
  const changed = text.replace(from, to);
  expect(changed).not.toBe(text);
  writeFileSync(file, changed);
  return file;
}

describe("a scenario's texts and names with control characters", () => {
  it.each([
    ['an ESC sequence that sets the window title', '"\\e]0;pwned\\a"'],
    ['one that clears the screen', '"Desk\\e[2J"'],
    ['a carriage return that prints over the line', '"All fine\\rWarning"'],
    ['a bidirectional override', '"\\u202eksed"'],
    ['a C1 control (CSI)', '"a\\u009b2Jb"'],
  ])('title, description, an assumption: %s is refused by its path', (_, value) => {
    expect(problems([`title=${value}`])).toEqual([`title: ${CONTROL_CHARACTER_RULE}`]);
    expect(problems([`description=${value}`])).toEqual([`description: ${CONTROL_CHARACTER_RULE}`]);
    expect(problems([`assumptions[1].source=${value}`])).toEqual([
      `assumptions[1].source: ${CONTROL_CHARACTER_RULE}`,
    ]);
  });

  it('a station id with an ESC sequence, in a file: refused at the key and where it is named', () => {
    const file = variant('esc-station.yaml', /\bdesk\b/g, '"d\\e[2Jsk"');
    expect(problems([], file)).toEqual([
      `translations.tr.stations.d\u001b[2Jsk: ${CONTROL_CHARACTER_RULE}`,
      `stations.d\u001b[2Jsk: ${CONTROL_CHARACTER_RULE}`,
      `classes.citizen.route[0].station: ${CONTROL_CHARACTER_RULE}`,
    ]);
  });

  it('a class id with a line break: refused (a name is one line)', () => {
    const file = variant('lf-class.yaml', /\bcitizen\b/g, '"citi\\nzen"');
    expect(problems([], file)).toEqual([`classes.citi\nzen: ${CONTROL_CHARACTER_RULE}`]);
  });

  it("a station's label keeps its own rule, named once", () => {
    expect(problems(['stations.desk.label="\\e[2J"'])).toEqual([
      `stations.desk.label: ${STATION_LABEL_RULE}`,
    ]);
  });

  it('text of several lines with tabs, markup and any script loads; so does a file with CRLF line ends', () => {
    expect(
      problems([
        'description="line one\\n\\tline two <script>alert(1)</script> gişe ğüşıöç 漢字 مرحبا"',
        'title="<b>M/M/c</b> & </script>"',
      ]),
    ).toEqual([]);
    const crlf = join(dir, 'crlf.yaml');
    writeFileSync(crlf, readFileSync(FILE, 'utf8').replace(/\n/g, '\r\n'));
    expect(problems([], crlf)).toEqual([]);
  });
});

describe("a scenario's texts and names with hidden characters", () => {
  /** The whole message loading teaching-mmc.yaml with `set` gives. */
  const message = (set: string[]) => scenarioLoadError(FILE, set)?.message ?? '';

  it.each([
    [
      'an interlinear annotation, which hides its text in report.html',
      '"Desk\\uFFF9x\\uFFFAhidden\\uFFFB"',
      'U+FFF9 (an invisible format character)',
    ],
    [
      'a tag, which spells ASCII no one sees',
      '"Desk\\U000E0041"',
      'U+E0041 (an invisible format character)',
    ],
    ['a zero-width space', '"De\\u200Bsk"', 'U+200B (an invisible format character)'],
    [
      'a private-use character',
      '"Desk \\uF8FF"',
      'U+F8FF (a private-use character, which each font draws its own way)',
    ],
    ['a lone surrogate half', '"Desk \\uD800"', 'U+D800 (a lone surrogate half, not a character)'],
    ['a noncharacter', '"Desk \\uFFFE"', 'U+FFFE (a noncharacter)'],
  ])('title, a station id, a label: %s is refused, naming the code point', (_, value, said) => {
    expect(message([`title=${value}`])).toContain(
      `title: ${CONTROL_CHARACTER_RULE}; it holds ${said}`,
    );
    expect(message([`stations.desk.label=${value}`])).toContain(
      `stations.desk.label: ${STATION_LABEL_RULE}; it holds ${said}`,
    );
    const id = JSON.parse(value.replace(/\\U000E0041/, '\\udb40\\udc41')) as string;
    const file = variant(`hidden-${said.split(' ')[0].slice(2)}.yaml`, /\bdesk\b/g, value);
    expect(problems([], file)).toContain(`stations.${id}: ${CONTROL_CHARACTER_RULE}`);
  });

  it('names in Turkish, Arabic, Persian (with its non-joiner) and Devanagari load; with an annotation, not', () => {
    const description = 'description="مكتب القنصلية\\nमहावाणिज्य दूतावास"';
    for (const label of ['Gişe: Çağrı Öztürk', 'مهسا\\u200Cنوری', 'क्\\u200Dषमा']) {
      expect(problems([`stations.desk.label="${label}"`, description])).toEqual([]);
      expect(problems([`stations.desk.label="${label}\\uFFF9x\\uFFFB"`, description])).toEqual([
        `stations.desk.label: ${STATION_LABEL_RULE}`,
      ]);
    }
  });
});
