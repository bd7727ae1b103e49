import type { Command } from 'commander';
import { HIZIR_MAX_TEXT_LENGTH } from '../../hizir/hizir-limits';
import { parseOneOf } from '../errors';
import { lazyAction } from '../lazy-action';

export function registerAsk(program: Command): void {
  program
    .command('ask')
    .summary('ask Hızır, the consular chatbot, a question')
    .description(
      // One paragraph a way of asking (a line break starts a paragraph: commander keeps it).
      'Ask Hızır a consular question in Turkish or English. Hızır answers from its knowledge ' +
        'base, or says the question is handed to an officer (handoff: when it is unsure, the ' +
        'question is outside its scope, or the matter is sensitive; `ask` itself sends it ' +
        'nowhere). When unsure which answer is meant, it asks which (a clarifying ' +
        'question).\n\n' +
        'With text (quoted or not): prints one answer, or JSON with --json. With --reply as ' +
        "well, a clarifying question the text gets is answered with the reply (its option's " +
        'number, written as digits of any script, a number word or an ordinal in English or ' +
        'Turkish, "option 2", "#2", "2. seçenek" or "seçenek 2", or its words), and both answers are printed (two JSON lines with --json); or ' +
        'converse instead (no text).\n\n' +
        'Without text, on a terminal: shows a prompt and converses until an empty line or ' +
        'Ctrl-D; after a clarifying question your next line is the reply.\n\n' +
        'Without text, from a pipe: reads one question per line and prints one JSON object per ' +
        'line, output line n for input line n: {"answer","area","operationId","confidence",' +
        '"handoff","handoffReason","lang","sources"}, plus "clarify":{"question","options"} when ' +
        'Hızır would ask which answer is meant (the other fields then carry its best guess). A ' +
        'blank line, or one the API would refuse (too long, or not printable text), gets ' +
        '{"error":"line n: …"} in its ' +
        'place, the lines after it are still answered, and the exit code stays 0. With ' +
        '--interactive a pipe converses as a terminal does instead: each line after a clarifying ' +
        'question is its reply, blank lines are skipped, and answers are text unless --json.\n\n' +
        `A question is at most ${HIZIR_MAX_TEXT_LENGTH.toLocaleString('en')} characters, ` +
        'counted as the API (POST /hizir/messages) counts them: an emoji is one, and printable ' +
        'text as the API takes it: no control characters but tabs and line breaks, no ' +
        'bidirectional overrides or other invisible format characters (U+200B, U+FFF9, tags), ' +
        'no private-use characters, something visible. Text given as the question that breaks ' +
        'these rules is an error (exit code 2).',
    )
    .argument('[text...]', 'the question; its words are joined with spaces')
    .option(
      '--json',
      'print each answer as one line of JSON (a pipe prints JSON anyway unless --interactive)',
    )
    .option(
      '--lang <tr|en>',
      'answer in this language instead of detecting it',
      parseOneOf('--lang', ['tr', 'en']),
    )
    .option(
      '--reply <text>',
      "with the question as text: the reply to its clarifying question, if Hızır asks one: the option's number (2, two, the second, option 2, #2, iki, ikinci, 2. seçenek, seçenek 2) or words",
    )
    .option(
      '-i, --interactive',
      'from a pipe, converse (clarifying questions and their replies) instead of one JSON answer per line',
    )
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  consular-sim ask "pasaportumu kaybettim"\n' +
        "  consular-sim ask --json --lang en 'how do I renew my passport?'\n" +
        '  consular-sim ask pasaport --reply 5\n' +
        '  consular-sim ask < questions.txt > answers.jsonl   # not run: needs questions.txt, one question per line\n' +
        '  consular-sim ask   # converses until an empty line or Ctrl-D; not run: needs a terminal',
    )
    .action(lazyAction(async () => (await import('./ask.action')).askAction));
}
