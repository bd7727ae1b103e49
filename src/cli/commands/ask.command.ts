import type { Command } from 'commander';
import { UsageError } from '../errors';
import { lazyAction } from '../lazy-action';

function parseLang(value: string): 'tr' | 'en' {
  if (value !== 'tr' && value !== 'en')
    throw new UsageError(`--lang: must be tr or en (got '${value}')`);
  return value;
}

export function registerAsk(program: Command): void {
  program
    .command('ask')
    .summary('ask Hızır, the consular chatbot, a question')
    .description(
      'Ask Hızır a consular question in Turkish or English. With text, prints the answer (or JSON ' +
        'with --json). Without text on a terminal, shows a prompt and converses (an empty line ' +
        'ends): when two answers are close Hızır asks one clarifying question and reads your next ' +
        'line as the reply. Without text from a pipe, reads one question per line and prints one ' +
        'JSON object per line: {"answer","area","operationId","confidence","handoff","handoffReason",' +
        '"lang","sources"}, plus "clarify":{"question","options"} when Hızır would ask which answer ' +
        'is meant (the other fields then carry its best guess); --interactive makes a pipe converse ' +
        'too (each line after a clarifying question is its reply). A question is at most 1,000 ' +
        'characters, as in the API; a longer or blank line from a pipe gets {"error"} in its place, ' +
        'so output line n answers input line n.',
    )
    .argument('[text...]', 'the question')
    .option('--json', 'print the answer as JSON')
    .option('--lang <tr|en>', 'answer in this language instead of detecting it', parseLang)
    .option('-i, --interactive', 'converse (clarifying questions) even when input is piped')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  consular-sim ask "pasaportumu kaybettim"\n' +
        "  consular-sim ask --json --lang en 'how do I renew my passport?'\n" +
        '  consular-sim ask   # not run: converses on a terminal until an empty line',
    )
    .action(lazyAction(async () => (await import('./ask.action')).askAction));
}
