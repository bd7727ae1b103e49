import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { prepareArms } from '../../../src/experiment/scenario.runner';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { setLang } from '../../../lab/src/i18n';
import { errorInTurkish } from '../../../lab/src/rules';

/**
 * A newcomer's slips in a what-if of teaching-mmc (a duration in words, a share in percent, a
 * misspelt distribution): the error says what to write instead, after the rule.
 */
const ROOT = join(__dirname, '../../..');
const MMC = join(ROOT, 'scenarios/teaching-mmc.yaml');
const HIZIR = join(ROOT, 'scenarios/paper-hizir.yaml');
const dir = mkdtempSync(join(tmpdir(), 'consular-value-hint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => setLang('en'));

function whatIf(yaml: string): string {
  const file = join(dir, 'whatif.yaml');
  writeFileSync(file, `extends: ${MMC}\nname: whatif\n${yaml}`);
  return file;
}

/** The message of what `fn` throws. */
function message(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an error, none was thrown');
}

const DURATION = 'horizon: must be a duration such as 90m, 8h, 30d or 52w, or a number of minutes';

describe('what to write instead', () => {
  it('a duration with its unit in words names the unit to write', () => {
    expect(message(() => loadScenario(whatIf('horizon: 8 hours\nwarmup: 0\n')))).toBe(
      `${join(dir, 'whatif.yaml')}: ${DURATION}; write 8h for '8 hours' (the units are m, h, d and w)`,
    );
    expect(message(() => loadScenario(whatIf('horizon: 2 weeks\nwarmup: 0\n')))).toMatch(
      /; write 2w for '2 weeks' \(/,
    );
    expect(message(() => loadScenario(whatIf('horizon: 90 minutes\nwarmup: 0\n')))).toMatch(
      /; write 90m for '90 minutes' \(/,
    );
    expect(message(() => loadScenario(whatIf('horizon: 1 year\n')))).toMatch(
      /; '1 year' is not a duration: there is no unit for years \(write 52w, or 365d\)$/,
    );
    // After --set's note, which says where the value came from.
    expect(message(() => loadScenario(MMC, { set: ['horizon=30days'] }))).toMatch(
      /; the value comes from --set horizon=30days, not from the file; write 30d for '30days' /,
    );
    // Nothing to add where the value suggests nothing.
    expect(message(() => loadScenario(whatIf('horizon: abc\n')))).toMatch(
      new RegExp(`${DURATION.replace(/[().]/g, '\\$&')}$`),
    );
  });

  it('a misspelt choice gets the closest one', () => {
    const file = whatIf(
      'classes:\n  citizen:\n    route:\n      - { id: transaction, station: desk, service: { dist: exponentail, mean: 60 } }\n',
    );
    expect(message(() => loadScenario(file))).toMatch(
      /: classes\.citizen\.route\[0\]\.service\.dist: must be one of constant, .*, mixture; did you mean 'exponential'\?$/,
    );
    expect(message(() => loadScenario(whatIf('model: netwrok\n')))).toMatch(
      /: model: must be one of .*; did you mean 'network'\?$/,
    );
  });

  it('a share in percent is written as a fraction', () => {
    const rule = 'params.deflection: must be a number between 0 and 1, or measured';
    const refused = (set: string) =>
      message(() => prepareArms(loadScenario(HIZIR, { set: [`params.deflection=${set}`] })));
    expect(refused('30%')).toMatch(
      `${rule}; the value comes from --set params.deflection=30%, not from the file; a share is written as a fraction from 0 to 1: for 30%, write 0.3`,
    );
    expect(refused('45')).toMatch(
      /; a share is written as a fraction from 0 to 1: for 45%, write 0.45$/,
    );
    // 1.5 is as likely 0.15 or 0.5 mistyped, and -0.1 no percent at all: the rule alone.
    expect(refused('1.5')).toMatch(/, not from the file$/);
    expect(refused('-0.1')).toMatch(/, not from the file$/);
  });

  it('a number written with a comma is written with a point, or without the separator', () => {
    // YAML and --set read 9,5 as text; the rule alone seemed to refuse 9.5 itself.
    const rate = (v: string) =>
      message(() => loadScenario(MMC, { set: [`sources.walk-ins.arrivals.perHour=${v}`] }));
    expect(rate('9,5')).toMatch(
      /, not from the file; a decimal is written with a point: for 9,5, write 9\.5$/,
    );
    expect(rate('12,000')).toMatch(
      /; a decimal is written with a point, and a number without thousands separators: for 12,000, write 12\.000 or 12000$/,
    );
    expect(rate('1,000,000')).toMatch(
      /; a number is written without thousands separators: for 1,000,000, write 1000000$/,
    );
    // In a scenario file too, and for a distribution's number.
    const file = whatIf(
      'classes:\n  citizen:\n    route:\n      - id: transaction\n        station: desk\n        service:\n          dist: exponential\n          mean: 1,5\n',
    );
    expect(message(() => loadScenario(file))).toMatch(
      /service\.mean: must be a number, not text .*; a decimal is written with a point: for 1,5, write 1\.5$/,
    );
    // A whole number takes only the separator's reading; 9,5 servers is the rule alone.
    const servers = (v: string) =>
      message(() => loadScenario(MMC, { set: [`stations.desk.servers=${v}`] }));
    expect(servers('1,000')).toMatch(
      /; a number is written without thousands separators: for 1,000, write 1000$/,
    );
    expect(servers('9,5')).toMatch(/, not from the file$/);
  });

  it('the Lab gives each hint in Turkish', () => {
    setLang('tr');
    const tr = (note: string) =>
      errorInTurkish({ path: 'p', rule: 'must be one of a, b', note }) ?? '';
    expect(tr("write 8h for '8 hours' (the units are m, h, d and w)")).toBe(
      "p: şunlardan biri olmalı: a, b; '8 hours' yerine 8h yazın (birimler m, h, d ve w)",
    );
    expect(
      tr("'1 year' is not a duration: there is no unit for years (write 52w, or 365d)"),
    ).toMatch(/yıl için bir birim yok \(52w ya da 365d yazın\)$/);
    expect(tr('a share is written as a fraction from 0 to 1: for 30%, write 0.3')).toMatch(
      /%30 için 0\.3 yazın$/,
    );
    expect(tr('a decimal is written with a point: for 9,5, write 9.5')).toMatch(
      /; ondalık sayı virgülle değil noktayla yazılır: 9,5 için 9\.5 yazın$/,
    );
    expect(tr('a number is written without thousands separators: for 1,000, write 1000')).toMatch(
      /; sayı binlik ayırıcı olmadan yazılır: 1,000 için 1000 yazın$/,
    );
    expect(
      tr(
        'a decimal is written with a point, and a number without thousands separators: for 1,500, write 1.500 or 1500',
      ),
    ).toMatch(/: 1,500 için 1\.500 ya da 1500 yazın$/);
    expect(tr("did you mean 'b'?")).toMatch(/; 'b' mi demek istediniz\?$/);
  });
});
