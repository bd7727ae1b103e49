import { createInterface } from 'node:readline';
import type { HizirAnswer } from '../../hizir/hizir.engine';
import {
  HIZIR_MAX_TEXT_LENGTH,
  QUESTION_LENGTH_RULE,
  questionLength,
  questionTextRule,
} from '../../hizir/hizir-limits';
import { isBlankText } from '../../common/printable-text';
import { UsageError } from '../errors';
import { questionLines } from '../question-lines';

const LENGTH_RULE = QUESTION_LENGTH_RULE;

/**
 * Why a question is too long to ask, or null. The API's rule (HIZIR_MAX_TEXT_LENGTH characters,
 * counted as the API counts them: questionLength) holds here too: a longer text is not a question
 * Hızır answers, and the engine's time grows faster than the text (a line of 200,000 characters
 * took 20 s).
 */
export function tooLong(text: string): string | null {
  const n = questionLength(text);
  return n > HIZIR_MAX_TEXT_LENGTH ? `${LENGTH_RULE} (got ${n})` : null;
}

/**
 * What is said of a line from a pipe too long to be a question. It is said once the line passes
 * the limit, before its end is read (questionLines), so its length is not known.
 */
export const LINE_TOO_LONG = `${LENGTH_RULE} (got more than ${HIZIR_MAX_TEXT_LENGTH})`;

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

/**
 * Under a clarifying question asked of `ask "text"`: the options printed cannot be answered
 * there (the command has exited), so it says how to reply.
 */
export const ONE_SHOT_CLARIFY_HINT =
  '[Hızır asks which is meant; to reply, ask again with --reply and the option\'s number or words (consular-sim ask "<the question>" --reply 2; also "two", "the second", "option 2", "iki", "2. seçenek"), or converse: consular-sim ask with no text]';

/** Said (on stderr) when --reply was given and Hızır answered without asking which was meant. */
export const REPLY_NOT_USED =
  'Hızır answered without asking which was meant, so --reply was not used';

/** What `consular-sim ask` does; its options and help text are in ask.command.ts. */
export async function askAction(
  words: string[],
  opts: { json?: boolean; lang?: 'tr' | 'en'; interactive?: boolean; reply?: string },
) {
  // The engine (knowledge base, model, stemmers) loads only now, and in interactive mode
  // after the prompt is on the screen: the person can type while it loads.
  const loadEngine = async () =>
    (await import('../../hizir/hizir.engine')).HizirEngine.fromConfig();
  const conversation = async () => {
    const { HizirConversation, MemorySessionStore } =
      await import('../../hizir/hizir-conversation');
    // One session for the whole exchange, in memory (the live API keeps it in Redis).
    return new HizirConversation(await loadEngine(), new MemorySessionStore());
  };
  const print = (a: HizirAnswer, gap = ''): void => {
    process.stdout.write((opts.json ? JSON.stringify(a) : formatAnswer(a)) + '\n' + gap);
  };
  // The text as given, words joined by a space, as the API takes its text: not trimmed. Trimmed,
  // a question of 1,000 characters and a space, or one after a byte-order mark, passed here
  // and was refused by POST /hizir/messages.
  const text = words.join(' ');
  if (opts.reply !== undefined) {
    if (words.length === 0)
      throw new UsageError(
        '--reply: answers a clarifying question of the question given as text; give the question too (consular-sim ask "<the question>" --reply 2), or converse (no text)',
      );
    const replyRule = questionTextRule(opts.reply);
    if (replyRule) throw new UsageError(`--reply: ${replyRule}`);
  }
  if (words.length > 0 && opts.reply !== undefined) {
    const textRule = questionTextRule(text);
    if (textRule) throw new UsageError(`text: ${textRule}`);
    // A conversation of two turns, as the API's session holds one: the question, then the reply
    // to the clarifying question it asked.
    const c = await conversation();
    const first = await c.reply(text, { lang: opts.lang, sessionId: 'cli' });
    print(first, opts.json ? '' : '\n');
    if (!first.clarify) {
      process.stderr.write(`${REPLY_NOT_USED}\n`);
      return 0;
    }
    if (!opts.json) process.stdout.write(`> ${opts.reply}\n\n`);
    const second = await c.reply(opts.reply, { lang: opts.lang, sessionId: 'cli' });
    print(second);
    // A reply numbering no option (--reply 9 after five) gets the question again.
    if (second.clarify && !opts.json) process.stdout.write(`\n${ONE_SHOT_CLARIFY_HINT}\n`);
    return 0;
  }
  if (words.length > 0) {
    // The API's rules for a question (length, printable text): the same function as its DTO's.
    const textRule = questionTextRule(text);
    // Text that is only blanks (`ask "$q"` with an empty $q) is a mistake, not "no text": read as
    // none it had started a conversation or read questions from whatever stdin held.
    if (textRule)
      throw new UsageError(
        `text: ${textRule}${isBlankText(text) ? '; give a question, or no text at all to converse (or read questions from a pipe)' : ''}`,
      );
    const answer = (await loadEngine()).answer(text, { lang: opts.lang });
    print(answer);
    // One question, one answer: this process cannot read the reply, so say where it can be given.
    if (answer.clarify && !opts.json) process.stdout.write(`\n${ONE_SHOT_CLARIFY_HINT}\n`);
    return 0;
  }
  if (process.stdin.isTTY !== true) {
    // Read as readline splits lines, but no line held whole past the limit (questionLines).
    const lines = questionLines(process.stdin, HIZIR_MAX_TEXT_LENGTH);
    if (opts.interactive) {
      const c = await conversation();
      for await (const line of lines) {
        if ('tooLong' in line)
          process.stdout.write(
            (opts.json
              ? JSON.stringify({ error: `line ${line.n}: ${LINE_TOO_LONG}` })
              : `line ${line.n}: too long: ${LINE_TOO_LONG}`) + '\n',
          );
        // A blank line is no question in a conversation (as at a terminal): passed over.
        else if (!isBlankText(line.text)) {
          const rule = questionTextRule(line.text);
          if (rule)
            process.stdout.write(
              (opts.json
                ? JSON.stringify({ error: `line ${line.n}: ${rule}` })
                : `line ${line.n}: ${rule}`) + '\n',
            );
          else print(await c.reply(line.text, { lang: opts.lang, sessionId: 'cli' }));
        }
      }
      return 0;
    }
    // One line in, one JSON object out (a pipe, a script): output line n answers input line n.
    const engine = await loadEngine();
    for await (const line of lines) {
      // A blank line or one too long gets an error object in its place, so each answer still
      // stands beside its question (a skipped blank line had shifted every answer after it).
      let out: HizirAnswer | { error: string };
      if ('tooLong' in line) out = { error: `line ${line.n}: ${LINE_TOO_LONG}` };
      else {
        // The API's rules for a question, to the line as read (a blank one breaks them too).
        const rule = questionTextRule(line.text);
        out = rule
          ? { error: `line ${line.n}: ${rule}` }
          : engine.answer(line.text, { lang: opts.lang });
      }
      process.stdout.write(JSON.stringify(out) + '\n');
    }
    return 0;
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  process.stdout.write(
    'Ask Hızır a consular question (Turkish or English); an empty line or Ctrl-D ends.\n',
  );
  rl.setPrompt('hızır> ');
  rl.prompt();
  const c = await conversation();
  for await (const line of rl) {
    if (isBlankText(line)) break;
    const rule = questionTextRule(line);
    if (rule && tooLong(line))
      process.stdout.write(`Too long: ${rule}. Ask it in fewer words.\n\n`);
    else if (rule) process.stdout.write(`Not asked: the question ${rule}.\n\n`);
    else print(await c.reply(line, { lang: opts.lang, sessionId: 'cli' }), '\n');
    rl.prompt();
  }
  rl.close();
  return 0;
}
