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
 * quotes, an escaped quote, open them again).
 */
export function shellWord(s: string): string {
  return SAFE_WORD.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** `npx consular-sim run <file> --set k=v … --json`, every argument quoted as it needs. */
export function cliLine(file: string, set: readonly string[]): string {
  return ['npx', 'consular-sim', 'run', file, ...set.flatMap((s) => ['--set', s]), '--json']
    .map(shellWord)
    .join(' ');
}
