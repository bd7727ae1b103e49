/**
 * "The same run on the command line": the `consular-sim run` command for a scenario and its
 * overrides, quoted for a POSIX shell. The overrides come from the page's URL, so anyone can
 * write them: a value must reach the CLI as one argument, exactly, whatever it holds.
 */

/** Characters a shell gives no meaning to: a word made only of these is left bare. */
const SAFE_WORD = /^[A-Za-z0-9_./=:,@%+-]+$/;

/**
 * One shell word that the shell reads back as `s`: bare when every character is safe, else in
 * single quotes (inside which nothing is special), each `'` written as `'\''` (close the
 * quotes, an escaped quote, open them again); a character that would not show (HIDDEN) is
 * written as its code point in ANSI-C quotes, `$'\u202E'`, which bash and zsh read back.
 */
export function shellWord(s: string): string {
  if (SAFE_WORD.test(s)) return s;
  if (!HIDDEN.test(s)) return quoted(s);
  // Each hidden character as $'\uXXXX' (bash, zsh), between quoted runs of the rest.
  let out = '';
  let run = '';
  for (const ch of s) {
    if (!HIDDEN.test(ch)) {
      run += ch;
      continue;
    }
    if (run) out += quoted(run);
    run = '';
    const code = ch.codePointAt(0)!;
    out += code > 0xffff ? `$'\\U${hex(code, 8)}'` : `$'\\u${hex(code, 4)}'`;
  }
  return run ? out + quoted(run) : out;
}

/**
 * Characters that show nothing or change how the rest of the line is drawn: format characters
 * (among them the bidirectional overrides, U+202E writes what follows right to left), private
 * use, line and paragraph separators and lone surrogates. A URL may carry them; shown raw, the
 * line on the page would read other than what it runs (the CLI refuses such a value, but its
 * command must still read as what it is).
 */
const HIDDEN = /[\p{Cf}\p{Co}\p{Zl}\p{Zp}\p{Cs}]/u;

/** In single quotes (inside which nothing is special), each `'` as `'\''`. */
function quoted(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

const hex = (code: number, digits: number) => code.toString(16).toUpperCase().padStart(digits, '0');

/** `npx consular-sim run <file> --set k=v … --json`, every argument quoted as it needs. */
export function cliLine(file: string, set: readonly string[]): string {
  return ['npx', 'consular-sim', 'run', file, ...set.flatMap((s) => ['--set', s]), '--json']
    .map(shellWord)
    .join(' ');
}
