import { foldTurkish, tokenize } from './turkish-text';

/**
 * Which words of a short reply are negated ("acil değil", "değil acil", "acele yok", "not urgent",
 * "it isn't urgent", "no rush"), so that a reply to a clarifying question does not pick an option
 * by a word it denies. A rule of thumb for replies of a few words, not a parser; the rules, by
 * judgement (Turkish and English grammar):
 *
 * - Clauses end at punctuation and at a joining word (ama, fakat, ve, but, and...): a negation
 *   reaches no further than its clause ("acil değil ama yarın uçuyorum": only "acil").
 * - Turkish `değil…` and `yok…` follow what they deny: they negate the words before them in their
 *   clause, back to an answer word (evet, hayır, yok). `değil` with nothing before it negates the
 *   words after it ("değil acil", "hayır, değil acil"); `yok` with nothing before it is "no";
 *   `değil mi` asks ("acil değil mi?") and denies nothing.
 * - A Turkish verb in the negative progressive or future ("uçmuyorum", "gitmeyeceğim") negates
 *   itself and the words before it ("yarın uçmuyorum").
 * - English `not`, `never`, `n't` and `without` negate the words after them ("not urgent", "I'm not
 *   flying soon"); so does `no` ("no rush", "no flight"), except as the answer word opening a clause
 *   before a pronoun or verb ("no it's urgent" is "no" and "it's urgent").
 */

/** Marks a negated (folded) word: "~acil". Configured replies are marked the same way. */
export const NEGATED = '~';

// Words that join two clauses: a negation does not reach across them. Folded.
const JOINERS = new Set(
  'ama fakat ancak lakin ve veya yoksa cunku but and or however though although because so while yet'.split(
    ' ',
  ),
);
// Answer words: a Turkish negation looking back stops at them ("hayır acil değil": "hayır" is the
// answer, "acil" is denied).
const ANSWER_WORDS = new Set(['evet', 'hayir', 'yok', 'tamam', 'yes', 'no', 'ok', 'okay']);
// English words that negate what follows (after "n't" is spelt "not").
const EN_NEGATORS = new Set(['not', 'never', 'without', 'nor']);
// After an opening "no", these say it is the answer word, not "no X".
const EN_AFTER_ANSWER_NO = new Set(
  `i im ive id it its we were you youre they theyre he she this that thats there is am are was do
  does did not never thanks thank please sorry sir madam`
    .split(/\s+/)
    .filter((w) => w.length > 0),
);
// Turkish negative verbs: progressive "-mıyor" and future "-meyecek"; two letters before the
// suffix at least, so "umuyorum" (I hope) is not one. Folded.
const TR_NEGATIVE_VERB = /^\p{L}{2,}(?:m[iu]yor|m[ae]y[ae]c[ae][kg])/u;

// The Turkish question particle, folded (mı, mi, mu, mü and their person endings).
const QUESTION_PARTICLE = /^m[iu](?:yim|yiz|sin|siniz|dir)?$/;

const CLAUSE_BREAK = /[,.;:!?]+|\s[-–—]\s/;

/** A reply's folded words, each negated one marked with NEGATED ("hayır acil değil": hayir, ~acil, degil). */
export function negationMarked(text: string): string[] {
  const spelt = text.replace(/\bcannot\b/gi, 'can not').replace(/n['’`´]t\b/gi, ' not');
  return spelt.split(CLAUSE_BREAK).flatMap(clauseMarked);
}

function clauseMarked(clause: string): string[] {
  const words = tokenize(clause).map(foldTurkish);
  const negated = words.map(() => false);
  // Runs of words between joiners: a negation's scope is its run.
  let start = 0;
  for (let i = 0; i <= words.length; i++) {
    if (i === words.length || JOINERS.has(words[i]!)) {
      markRun(words, negated, start, i);
      start = i + 1;
    }
  }
  return words.map((w, i) => (negated[i] ? NEGATED + w : w));
}

function markRun(words: readonly string[], negated: boolean[], from: number, to: number): void {
  // Back from a Turkish negation to the clause's start or an answer word; true if any word.
  const back = (i: number): boolean => {
    let any = false;
    for (let j = i - 1; j >= from && !ANSWER_WORDS.has(words[j]!); j--) {
      negated[j] = true;
      any = true;
    }
    return any;
  };
  const forward = (i: number): void => {
    for (let j = i + 1; j < to; j++) negated[j] = true;
  };
  for (let i = from; i < to; i++) {
    const w = words[i]!;
    if (w.startsWith('degil')) {
      // "acil değil mi?" asks (isn't it urgent?): it denies nothing.
      if (i + 1 < to && QUESTION_PARTICLE.test(words[i + 1]!)) continue;
      if (!back(i)) forward(i);
    } else if (w === 'yok' || w === 'yoktur') {
      back(i);
    } else if (TR_NEGATIVE_VERB.test(w)) {
      negated[i] = true;
      back(i);
    } else if (EN_NEGATORS.has(w)) {
      forward(i);
    } else if (w === 'no') {
      const answerWord = i === from && (i + 1 >= to || EN_AFTER_ANSWER_NO.has(words[i + 1]!));
      if (!answerWord) forward(i);
    }
  }
}

/** True when every word of a configured reply ("acil değil", "urgent") is in the marked reply, negated alike. */
export function replyHolds(markedReply: readonly string[], configuredReply: string): boolean {
  const want = negationMarked(configuredReply);
  return want.length > 0 && want.every((w) => markedReply.includes(w));
}

/** The reply's words that are not negated, as text (for the model and for option names). */
export function affirmedText(markedReply: readonly string[]): string {
  return markedReply.filter((w) => !w.startsWith(NEGATED)).join(' ');
}
