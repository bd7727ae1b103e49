import type { EventEmitter } from 'node:events';
import { Command, CommanderError, type Option } from 'commander';
import { givenTwice, onceReason, reportError, UsageError } from './errors';

type Register = (program: Command) => void;

/**
 * The commands, each loaded only when needed: `consular-sim ask …` registers ask alone, and
 * `--help` registers every command. A command's `.command.ts` declares its options and help text
 * and imports nothing heavy; what it does is in its `.action.ts`, which `lazyAction` imports only
 * when the command runs — so `--version`, `--help` and `<command> --help` load no Nest, BullMQ,
 * Redis client, YAML, class-validator or simulator (tests/integration/cli/main.startup.spec.ts).
 */
/* eslint-disable @typescript-eslint/no-require-imports -- lazy loading, see above */
const COMMANDS: Record<string, () => Register> = {
  run: () => require('./commands/run.command').registerRun,
  reproduce: () => require('./commands/reproduce.command').registerReproduce,
  compare: () => require('./commands/compare.command').registerCompare,
  sweep: () => require('./commands/sweep.command').registerSweep,
  audit: () => require('./commands/audit.command').registerAudit,
  mmc: () => require('./commands/mmc.command').registerMmc,
  bench: () => require('./commands/bench.command').registerBench,
  ask: () => require('./commands/ask.command').registerAsk,
  lab: () => require('./commands/lab.command').registerLab,
  serve: () => require('./commands/serve.command').registerServe,
  worker: () => require('./commands/worker.command').registerWorker,
};

function version(): string {
  return (require('../../package.json') as { version: string }).version;
}
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * Commander's exits that are not mistakes: help and version were asked for. Its
 * `commander.help` exit is also how it ends a bare `consular-sim` (no command: the help on
 * stderr, exit code 1), so that one counts as clean only when commander itself says 0.
 */
const CLEAN_EXITS = new Set(['commander.helpDisplayed', 'commander.version']);

/**
 * The program; with `only`, just that command (what `main` does when the command is known).
 * Usage mistakes (a missing argument, an unknown option) come back as a CommanderError, which
 * `main` turns into exit code 2 with one line on stderr.
 */
export function buildProgram(only?: string): Command {
  const program = new Command();
  program
    .name('consular-sim')
    .description(
      "Simulate a foreign ministry's digital consular services (e-visa, Konsolosluk.NET, " +
        'konsolosluk.gov.tr, payments, the Hızır chatbot) and check the figures reported for them. ' +
        'Quick start: consular-sim reproduce.',
    )
    .version(version(), '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({
      // One line: commander's message, then where to look.
      outputError: (str, write) =>
        write(
          `${str.trim().replace(/\n+/g, ' ')} (see consular-sim ${only ? `${only} ` : ''}--help)\n`,
        ),
    });
  const names = only && COMMANDS[only] ? [only] : Object.keys(COMMANDS);
  for (const name of names) COMMANDS[name]()(program);
  for (const command of program.commands) {
    requiredAfterUnknownOptions(command);
    oneValueEach(command);
  }
  return program;
}

/**
 * Commander checks a command's required options before its unknown ones, so a typo in a
 * required option's name (`mmc --lamda 9 --mu 1 --servers 10`) was reported as the option
 * missing (`required option '--lambda <L>' not specified`), hiding the typo. The required options
 * are checked instead just before the action runs, after an unknown option has been named (with
 * commander's "Did you mean …?"); the message for one really missing is commander's own.
 */
function requiredAfterUnknownOptions(command: Command): void {
  const required = command.options.filter((o) => o.mandatory);
  if (!required.length) return;
  for (const option of required) option.mandatory = false;
  command.hook('preAction', (_program, actionCommand) => {
    for (const option of required)
      if (actionCommand.getOptionValue(option.attributeName()) === undefined)
        actionCommand.error(`error: required option '${option.flags}' not specified`, {
          code: 'commander.missingMandatoryOptionValue',
          exitCode: 2,
        });
  });
}

/**
 * An option repeated to give several values: its help says "(repeatable)" (--set, --param,
 * --allow-host), and its parser collects them. Every other option that takes a value takes one.
 */
function isRepeatable(option: Option): boolean {
  return option.description.includes('(repeatable)');
}

/**
 * An option that takes one value, given twice (`run --seed 1 --seed 2`, `--out a --out=b`), is
 * refused, naming both values: commander keeps the last without a word, so a run went on with a
 * seed, an output folder or an engine other than the first the user wrote (and a sweep with only
 * its second target). One check for every command's options, whatever their parser; the reason
 * given is the option's own where it has one (`onlyOnce`, sweep's --target and --cost). A flag
 * without a value given twice (`--quiet --quiet`, `--with-workers --with-workers`) says the same
 * thing twice and is taken; repeatable options collect their values.
 */
function oneValueEach(command: Command): void {
  for (const option of command.options) {
    if (option.isBoolean() || option.variadic || isRepeatable(option)) continue;
    let first: string | undefined;
    // Before commander's own listener (Command is an EventEmitter), while the option's value
    // source still tells the first time it is given on the command line from a later one.
    (command as unknown as EventEmitter).prependListener(
      `option:${option.name()}`,
      (value: string | null | undefined) => {
        const typed = value ?? undefined;
        if (command.getOptionValueSource(option.attributeName()) !== 'cli') {
          first = typed;
          return;
        }
        if (first === undefined && typed === undefined) return;
        throw new UsageError(
          givenTwice(option.long ?? option.flags, first, typed, onceReason(option.parseArg)),
        );
      },
    );
  }
}

/** The command named on the command line, if it is one of ours. */
function commandOf(argv: string[]): string | undefined {
  const first = argv.slice(2).find((a) => !a.startsWith('-'));
  return first && first in COMMANDS ? first : undefined;
}

/**
 * A reader that stops early (`consular-sim run … --json | head`) closes the pipe: that is not
 * an error of ours, so the process ends quietly instead of printing Node's EPIPE stack.
 */
const guarded = new WeakSet<NodeJS.WriteStream>();
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

/**
 * `help <name>` for a name that is no command: commander would print the whole help and exit
 * 0, as if the user had asked for it. Parsed as the bare name instead, it gets the line every
 * unknown command gets (with commander's "Did you mean …?") and exit code 2. `help help` is
 * the help.
 */
function helpTopicAsCommand(argv: string[]): string[] {
  const [first, topic, ...rest] = argv.slice(2);
  if (first !== 'help') return unknownCommandWithoutHelp(argv);
  if (topic === undefined || topic in COMMANDS) return argv;
  if (topic === 'help') return [...argv.slice(0, 2), '--help'];
  return [...argv.slice(0, 2), topic, ...rest];
}

/**
 * `<name> --help` for a name that is no command (`report --help`, `reprodce --help`): commander
 * would print the whole help and exit 0, hiding the typo. Without the help flag it gets the
 * unknown command's line, with "Did you mean …?", and exit code 2, as `help <name>` does.
 */
function unknownCommandWithoutHelp(argv: string[]): string[] {
  const args = argv.slice(2);
  const first = args.find((a) => !a.startsWith('-'));
  if (first === undefined || first in COMMANDS) return argv;
  const help = (a: string) => a === '--help' || a === '-h';
  if (!args.some(help)) return argv;
  return [...argv.slice(0, 2), ...args.filter((a) => !help(a))];
}

/** Runs the CLI on an argv (the bin script calls this). */
export function main(argv: string[] = process.argv): Promise<void> {
  quietOnClosedPipe(process.stdout);
  quietOnClosedPipe(process.stderr);
  argv = helpTopicAsCommand(argv);
  return buildProgram(commandOf(argv))
    .parseAsync(argv)
    .then(() => undefined)
    .catch((err: unknown) => {
      if (err instanceof CommanderError) {
        process.exitCode =
          CLEAN_EXITS.has(err.code) || (err.code === 'commander.help' && err.exitCode === 0)
            ? 0
            : 2;
        return;
      }
      process.exitCode = reportError(err);
    });
}

if (require.main === module) void main();
