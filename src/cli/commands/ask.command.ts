import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { HizirConversation, MemorySessionStore } from '../../hizir/hizir-conversation';
import { HizirEngine, type HizirAnswer } from '../../hizir/hizir.engine';
import { action, UsageError } from '../errors';

/** The answer as a citizen reads it: the text, then where it came from and how sure Hızır is. */
function formatAnswer(a: HizirAnswer): string {
  if (a.clarify) {
    // The question comes first; the best guess stays in the JSON form for scripts.
    const options = a.clarify.options.map((o, i) => `  ${i + 1}) ${o}`);
    return [a.clarify.question, ...options].join('\n');
  }
  const lines = [a.answer, ''];
  const what = a.operationId ?? a.area ?? 'out of scope';
  const status = a.handoff ? `handed to an officer (${a.handoffReason})` : 'answered';
  lines.push(`[${status}; ${what}; confidence ${a.confidence.toFixed(2)}; ${a.lang}]`);
  if (a.sources.length > 0) lines.push(`sources: ${a.sources.join(', ')}`);
  return lines.join('\n');
}

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
        'with --json). Without text, on a terminal (or with --interactive), starts a conversation: ' +
        'when two answers are close Hızır asks one clarifying question and reads your next line as ' +
        'the reply. Without text and with piped input, reads one question per line and prints one ' +
        'JSON object per line: {"answer","area","operationId","confidence","handoff", ' +
        '"handoffReason","lang","sources"}, plus "clarify":{"question","options"} when Hızır would ' +
        'ask which answer is meant (the other fields then carry its best guess).',
    )
    .argument('[text...]', 'the question')
    .option('--json', 'print the answer as JSON')
    .option('--lang <tr|en>', 'answer in this language instead of detecting it', parseLang)
    .option('-i, --interactive', 'converse (clarifying questions) even when input is piped')
    .action(
      action(
        async (
          words: string[],
          opts: { json?: boolean; lang?: 'tr' | 'en'; interactive?: boolean },
        ) => {
          const engine = HizirEngine.fromConfig();
          const print = (a: HizirAnswer): void => {
            process.stdout.write((opts.json ? JSON.stringify(a) : formatAnswer(a)) + '\n');
          };
          const text = words.join(' ').trim();
          if (text.length > 0) {
            print(engine.answer(text, { lang: opts.lang }));
            return 0;
          }
          const interactive = opts.interactive === true || process.stdin.isTTY === true;
          const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
          if (!interactive) {
            for await (const line of lines) {
              if (line.trim().length === 0) continue;
              process.stdout.write(JSON.stringify(engine.answer(line, { lang: opts.lang })) + '\n');
            }
            return 0;
          }
          // One session for the whole conversation, kept in memory (the live API uses Redis).
          const conversation = new HizirConversation(engine, new MemorySessionStore());
          if (process.stdin.isTTY)
            process.stdout.write('Hızır — ask a consular question (Ctrl-D to end)\n> ');
          for await (const line of lines) {
            if (line.trim().length > 0) {
              print(await conversation.reply(line, { lang: opts.lang, sessionId: 'cli' }));
            }
            if (process.stdin.isTTY) process.stdout.write('> ');
          }
          return 0;
        },
      ),
    );
}
