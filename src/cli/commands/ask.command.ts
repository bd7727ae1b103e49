import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { HizirAnswer } from '../../hizir/hizir.engine';
import { action, UsageError } from '../errors';

/** The answer as a citizen reads it: the text, then where it came from and how sure Hızır is. */
function formatAnswer(a: HizirAnswer): string {
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
        'with --json). Without text on a terminal, shows a prompt and answers question after question ' +
        '(an empty line ends). Without text from a pipe, reads one question per line and prints one ' +
        'JSON object per line: {"answer","area","operationId","confidence","handoff","handoffReason",' +
        '"lang","sources"}.',
    )
    .argument('[text...]', 'the question')
    .option('--json', 'print the answer as JSON')
    .option('--lang <tr|en>', 'answer in this language instead of detecting it', parseLang)
    .action(
      action(async (words: string[], opts: { json?: boolean; lang?: 'tr' | 'en' }) => {
        // The engine (knowledge base, stemmers) loads only now, and in interactive mode after the
        // prompt is on the screen: the person can type while it loads.
        const loadEngine = async () =>
          (await import('../../hizir/hizir.engine')).HizirEngine.fromConfig();
        const text = words.join(' ').trim();
        if (text.length > 0) {
          const a = (await loadEngine()).answer(text, { lang: opts.lang });
          process.stdout.write((opts.json ? JSON.stringify(a) : formatAnswer(a)) + '\n');
          return 0;
        }
        const interactive = process.stdin.isTTY === true;
        if (!interactive) {
          // One question per line in, one JSON object per line out (a pipe, a script).
          const engine = await loadEngine();
          const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
          for await (const line of lines) {
            if (line.trim().length === 0) continue;
            process.stdout.write(JSON.stringify(engine.answer(line, { lang: opts.lang })) + '\n');
          }
          return 0;
        }
        const rl = createInterface({ input: process.stdin, output: process.stdout });
        process.stdout.write(
          'Ask Hızır a consular question (Turkish or English); an empty line or Ctrl-D ends.\n',
        );
        rl.setPrompt('hızır> ');
        rl.prompt();
        const engine = await loadEngine();
        for await (const line of rl) {
          if (line.trim().length === 0) break;
          const a = engine.answer(line, { lang: opts.lang });
          process.stdout.write((opts.json ? JSON.stringify(a) : formatAnswer(a)) + '\n\n');
          rl.prompt();
        }
        rl.close();
        return 0;
      }),
    );
}
