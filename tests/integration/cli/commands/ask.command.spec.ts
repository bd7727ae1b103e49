import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { HizirMessageDto } from '../../../../src/hizir/dto/hizir-message.dto';
import { LINE_TOO_LONG } from '../../../../src/cli/commands/ask.action';
import { HIZIR_MAX_TEXT_LENGTH, questionTextRule } from '../../../../src/hizir/hizir-limits';
import { startCli } from '../../../helpers/cli';

// `ask` with no text at a terminal used to wait silently; now it greets and prompts. The test
// needs a terminal: util-linux `script` gives the command a pseudo-terminal.
const ROOT = join(__dirname, '..', '..', '..', '..');
const BIN = join(ROOT, 'bin', 'consular-sim.js');
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

describe('consular-sim ask, interactive', () => {
  it.skipIf(!hasScript)(
    'shows a greeting and a prompt at a terminal',
    async () => {
      const child = spawn('script', ['-qec', `${process.execPath} ${BIN} ask`, '/dev/null'], {
        cwd: ROOT,
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      for (let i = 0; i < 600 && !/hızır> /.test(out); i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(out).toContain('Ask Hızır a consular question');
      expect(out).toContain('hızır> ');
      child.kill('SIGTERM');
      await new Promise((r) => child.on('close', r));
    },
    90_000,
  );

  it('with the question as text, says how to answer a clarifying question it cannot read', () => {
    const ask = (...args: string[]) =>
      spawnSync(process.execPath, [BIN, 'ask', ...args], { cwd: ROOT, encoding: 'utf8' });
    const r = ask('pasaportumu kaybettim');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /\n {2}2\) .*\n\n\[Hızır asks which is meant; to reply, ask again with --reply and the option's number or words/,
    );
    // An answer with no question to reply to, and the JSON for scripts, carry no such line.
    expect(ask('how do I renew my passport').stdout).not.toContain('Hızır asks which');
    const json = ask('--json', 'pasaportumu kaybettim').stdout.trim().split('\n');
    expect(json).toHaveLength(1);
    expect(JSON.parse(json[0]!)).toHaveProperty('clarify');
  }, 90_000);

  it('with --reply, answers its clarifying question in the same command, as a conversation does', () => {
    const ask = (...args: string[]) =>
      spawnSync(process.execPath, [BIN, 'ask', ...args], { cwd: ROOT, encoding: 'utf8' });
    const question = ask('--json', 'pasaportumu kaybettim');
    const options: string[] = JSON.parse(question.stdout).clarify.options;
    expect(options.length).toBeGreaterThan(1);
    // The last option, by its number: the answer is the one a conversation gives to that reply.
    const n = String(options.length);
    const conversed = spawnSync(process.execPath, [BIN, 'ask', '-i', '--json'], {
      cwd: ROOT,
      input: `pasaportumu kaybettim\n${n}\n`,
      encoding: 'utf8',
    });
    const expected = conversed.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(expected).toHaveLength(2);
    const r = ask('--json', 'pasaportumu kaybettim', '--reply', n);
    expect(r.status).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual(expected);
    expect(lines[1].clarify).toBeUndefined();
    // As text: the question, the reply, then the answer, and no hint to reply another way.
    const text = ask('pasaportumu kaybettim', '--reply', n);
    expect(text.stdout).toContain(`\n> ${n}\n\n${lines[1].answer}`);
    expect(text.stdout).not.toContain('Hızır asks which');
    // An answer with no clarifying question says on stderr that the reply was not used.
    const direct = ask('how do I renew my passport', '--reply', '2');
    expect(direct.status).toBe(0);
    expect(direct.stderr).toContain('--reply was not used');
    // --reply needs the question it answers, and follows the API's rules for text.
    const alone = ask('--reply', '2');
    expect(alone.status).toBe(2);
    expect(alone.stderr).toMatch(/^error: --reply: answers a clarifying question/);
    expect(alone.stderr).not.toMatch(/\n\s+at /);
    const blank = ask('pasaport', '--reply', '   ');
    expect(blank.status).toBe(2);
    expect(blank.stderr).toMatch(/^error: --reply: /);
  }, 120_000);

  it('from a pipe, prints one JSON object per question and no prompt', () => {
    const r = spawnSync(process.execPath, [BIN, 'ask'], {
      cwd: ROOT,
      input: 'pasaportumu kaybettim\n',
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain('hızır> ');
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toHaveProperty('answer');
  }, 90_000);

  it('the API limit of 1,000 characters holds: a longer line gets an error in its place', () => {
    const long = 'pasaport '.repeat(200); // 1,800 characters
    const r = spawnSync(process.execPath, [BIN, 'ask'], {
      cwd: ROOT,
      input: `pasaportumu kaybettim\n${long}\nhow do I renew my passport\n`,
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { answer?: string; error?: string });
    // One output per question, in order: nothing dropped, nothing shifted.
    expect(out).toHaveLength(3);
    expect(out[0].answer).toBeTruthy();
    expect(out[1]).toEqual({
      error: 'line 2: at most 1000 characters, as in the API (got more than 1000)',
    });
    expect(out[2].answer).toBeTruthy();
  }, 90_000);

  it('from a pipe, a blank line gets an error in its place: answer n stays beside question n', () => {
    const r = spawnSync(process.execPath, [BIN, 'ask'], {
      cwd: ROOT,
      input: 'pasaportumu kaybettim\n   \nhow do I renew my passport\n',
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { answer?: string; error?: string });
    expect(out).toHaveLength(3);
    expect(out[0].answer).toBeTruthy();
    expect(out[1]).toEqual({ error: `line 2: ${questionTextRule('   ')}` });
    expect(out[2].answer).toBeTruthy();
  }, 90_000);

  it('a question given as text longer than 1,000 characters is a usage error (exit 2)', () => {
    const r = spawnSync(process.execPath, [BIN, 'ask', 'x'.repeat(1001)], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('error: text: at most 1000 characters, as in the API (got 1001)');
    expect(r.stdout).toBe('');
  }, 90_000);
});

describe('consular-sim ask, a line too long from a pipe', () => {
  // readline held each line whole before `ask` judged its length: a file piped with no line
  // breaks had to fit in memory as one string, and a line longer than V8's longest string
  // (2^29 − 24 characters) ended `ask` with an internal error. A line is now refused as soon as
  // it passes the API's limit, before its end has arrived; its rest is read and dropped.
  it('refuses a line once past 1,000 characters, before its end, then answers the next lines', async () => {
    const cli = startCli(['ask']);
    const printed = (out: string) => out.split('\n').length - 1;
    cli.write('pasaportumu kaybettim\n');
    await cli.waitFor((o) => printed(o) === 1, 'line 1 answered');
    // Line 2, one character past the limit, and no end yet: refused already.
    cli.write('x'.repeat(HIZIR_MAX_TEXT_LENGTH + 1));
    await cli.waitFor((o) => printed(o) === 2, 'line 2 refused before its end arrived', 30_000);
    // The rest of line 2 is dropped up to its end. Line 4 is at the limit; line 5 is too, as the
    // API counts characters ("❤️", a heart and its emoji selector, is one; the API takes it).
    cli.write(
      'x'.repeat(5000) +
        '\nhow do I renew my passport\n' +
        'x'.repeat(HIZIR_MAX_TEXT_LENGTH) +
        '\n' +
        '❤️'.repeat(HIZIR_MAX_TEXT_LENGTH) +
        '\n',
    );
    cli.end();
    const r = await cli.closed;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { answer?: string; error?: string });
    expect(out).toHaveLength(5);
    expect(out[0].answer).toBeTruthy();
    expect(out[1]).toEqual({ error: `line 2: ${LINE_TOO_LONG}` });
    expect(LINE_TOO_LONG).toBe('at most 1000 characters, as in the API (got more than 1000)');
    for (const i of [2, 3, 4]) {
      expect(out[i].error, `line ${i + 1}`).toBeUndefined();
      expect(out[i].answer, `line ${i + 1}`).toBeTruthy();
    }
  }, 120_000);
});

describe('consular-sim ask, blank text', () => {
  // `ask "$q"` with an empty $q had read the questions of whatever stdin held (here a pipe).
  it.each([[''], ['   '], ['', ' ']])(
    'ask %j is a usage error (exit 2), stdin unread',
    (...words) => {
      const r = spawnSync(process.execPath, [BIN, 'ask', ...words], {
        cwd: ROOT,
        encoding: 'utf8',
        input: 'how do I renew my passport\n',
      });
      expect(r.status).toBe(2);
      expect(r.stderr.trim()).toMatch(
        /^error: text: (is empty|must be printable text with at least one visible character \(not only spaces or invisible characters\)[^;]*); give a question, or no text at all/,
      );
      expect(r.stdout).toBe('');
    },
    90_000,
  );
});

describe('consular-sim ask, the API rule to the text as given', () => {
  // `ask` trimmed a question before the API's rule: 1,000 characters and a space, or a question
  // after a byte-order mark (which trim() takes for white space), were answered here and refused
  // by POST /hizir/messages; a line of spaces or no-break spaces was "blank" and one of
  // zero-width spaces broke the printable-text rule. Now every line meets the API's rule as read.
  /** Whether POST /hizir/messages refuses `text` (its DTO's rules). */
  const apiRefuses = (text: string): boolean =>
    validateSync(plainToInstance(HizirMessageDto, { text })).some((e) => e.property === 'text');

  it('from a pipe, each line is refused exactly when the API refuses it, naming the line and rule', () => {
    const lines = [
      '\ufeffhow do I renew my passport', // a byte-order mark first in the input is no character
      '',
      ' ',
      '\t\t',
      '\u00a0\u00a0',
      '\u200b\u200b',
      '\u3000',
      ' \u200b \u00a0',
      '  how do I renew my passport  ',
      '\ufeffhow do I renew my passport',
      '\u200bhow do I renew my passport',
      'e-vize ücreti ne kadar?',
      'x'.repeat(999) + ' ',
      'x'.repeat(1000) + ' ',
    ];
    const r = spawnSync(process.execPath, [BIN, 'ask'], {
      cwd: ROOT,
      input: lines.join('\n') + '\n',
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { answer?: string; error?: string });
    expect(out).toHaveLength(lines.length);
    lines.forEach((line, i) => {
      const asRead = i === 0 ? line.slice(1) : line;
      const rule = questionTextRule(asRead);
      expect(rule !== null, JSON.stringify(line)).toBe(apiRefuses(asRead));
      // A line too long is said once it passes the limit, before its length is known.
      const said = rule?.startsWith('at most') ? LINE_TOO_LONG : rule;
      if (said) expect(out[i], JSON.stringify(line)).toEqual({ error: `line ${i + 1}: ${said}` });
      else expect(out[i].answer, JSON.stringify(line)).toBeTruthy();
    });
    // Both sides of the rule were tried.
    expect(out.filter((o) => o.error).length).toBeGreaterThan(5);
    expect(out.filter((o) => o.answer).length).toBeGreaterThan(3);
  }, 90_000);

  it.each([
    [
      '1,000 characters and a space',
      'x'.repeat(1000) + ' ',
      'text: at most 1000 characters, as in the API (got 1001)',
    ],
    [
      'a byte-order mark first',
      '\ufeffhow do I renew my passport',
      `text: ${questionTextRule('\ufeffx')}`,
    ],
  ])(
    'a question given as text, %s, is refused as the API refuses it (exit 2)',
    (_, text, said) => {
      expect(apiRefuses(text)).toBe(true);
      const r = spawnSync(process.execPath, [BIN, 'ask', text], { cwd: ROOT, encoding: 'utf8' });
      expect(r.stderr.trim()).toBe(`error: ${said}`);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
    },
    90_000,
  );

  it('--interactive from a pipe passes over blank lines of any kind', () => {
    const r = spawnSync(process.execPath, [BIN, 'ask', '--interactive', '--json'], {
      cwd: ROOT,
      input: 'how do I renew my passport\n\u200b\u200b\n\u00a0\n  \n\nhow do I renew my passport\n',
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { error?: string });
    expect(out).toHaveLength(2);
    expect(out.every((o) => o.error === undefined)).toBe(true);
  }, 90_000);
});

describe('consular-sim ask, start-up', () => {
  // Start-up is mostly module loading: `ask` must not load the HTTP API's libraries (Nest, its
  // OpenAPI and validation packages, the scenario loader's YAML), which doubled its start-up to
  // over 800 ms when one constant was imported from the API's DTO. Checked by what loads, not by
  // a timing (npm run bench:ask times it).
  it('loads the chatbot and nothing of the API or the simulator', () => {
    const list = join(mkdtempSync(join(tmpdir(), 'consular-ask-')), 'packages.txt');
    const r = spawnSync(
      process.execPath,
      [
        '-r',
        join(ROOT, 'tests/helpers/loaded-packages.cjs'),
        BIN,
        'ask',
        'how do I renew my passport',
      ],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, LOADED_PACKAGES_FILE: list } },
    );
    expect(r.status).toBe(0);
    const loaded = readFileSync(list, 'utf8').split('\n');
    expect(loaded).toContain('snowball-stemmers'); // the chatbot did load
    for (const heavy of [
      '@nestjs/common',
      '@nestjs/swagger',
      'class-validator',
      'class-transformer',
      'libphonenumber-js',
      'yaml',
      'rxjs',
      'bullmq',
      'ioredis',
    ])
      expect(loaded, heavy).not.toContain(heavy);
  });
});

describe('consular-sim ask, text the API refuses as not printable', () => {
  // `ask` had answered a question with an ESC sequence or a bidirectional override, which POST
  // /hizir/messages refuses (HizirMessageDto's @PrintableText); it applies the API's rule now,
  // naming the first character the rule refuses, as the API does.
  const ruleOf = (text: string) => questionTextRule(text);

  it('a piped line with a control character gets an error in its place; the next is answered', () => {
    const r = spawnSync(process.execPath, [BIN, 'ask'], {
      cwd: ROOT,
      encoding: 'utf8',
      input:
        'pasaportumu kaybettim\n\u001b[2Jpasaport\npassport \u202egnol\nhow do I renew my passport\n',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { answer?: string; error?: string });
    expect(out).toHaveLength(4);
    expect(out[0].answer).toBeTruthy();
    expect(out[1]).toEqual({ error: `line 2: ${ruleOf('\u001b[2Jpasaport')}` });
    expect(out[2]).toEqual({ error: `line 3: ${ruleOf('passport \u202egnol')}` });
    expect(out[1].error).toMatch(/; it holds U\+001B \(a control character\)$/);
    expect(out[2].error).toMatch(/; it holds U\+202E \(a bidirectional control\)$/);
    expect(out[3].answer).toBeTruthy();
  }, 90_000);

  it('given as text, it is a usage error (exit 2)', () => {
    const r = spawnSync(process.execPath, [BIN, 'ask', 'passport \u202egnol'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(`error: text: ${ruleOf('passport \u202egnol')}`);
    expect(r.stdout).toBe('');
  }, 90_000);
});
