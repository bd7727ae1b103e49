import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { HizirEngine, type HizirAnswer } from '../../hizir/hizir.engine';
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
        'with --json). Without text, reads one question per line from standard input and prints ' +
        'one JSON object per line: {"answer","area","operationId","confidence","handoff", ' +
        '"handoffReason","lang","sources"}.',
    )
    .argument('[text...]', 'the question')
    .option('--json', 'print the answer as JSON')
    .option('--lang <tr|en>', 'answer in this language instead of detecting it', parseLang)
    .action(
      action(async (words: string[], opts: { json?: boolean; lang?: 'tr' | 'en' }) => {
        const engine = HizirEngine.fromConfig();
        const text = words.join(' ').trim();
        if (text.length > 0) {
          const a = engine.answer(text, { lang: opts.lang });
          process.stdout.write((opts.json ? JSON.stringify(a) : formatAnswer(a)) + '\n');
          return 0;
        }
        const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
        for await (const line of lines) {
          if (line.trim().length === 0) continue;
          process.stdout.write(JSON.stringify(engine.answer(line, { lang: opts.lang })) + '\n');
        }
        return 0;
      }),
    );
}
