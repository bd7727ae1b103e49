/**
 * What Hızır may remember between answers, and what only while it answers.
 *
 * The engine reads one message many times over (the ranking, the classifier, each rule, each
 * again after a correction), so the forms of a text and the features of a word are worked out
 * once and remembered. A citizen's message, and any word of it the engine does not itself know
 * (a name, a passport number, an address), must not outlive the answer it was sent for:
 *
 * - a text is remembered only while an answer is being worked out (`withinAnswer`): the memos
 *   are emptied when the outermost answer returns, whatever it returns or throws;
 * - a word is remembered across answers only when it is one of the engine's own words (every
 *   word of the knowledge base's texts, names, keywords and synonyms, of the code's word lists and
 *   of the project's training questions, registered when the engine is built: `addOwnWord`) and
 *   has no digit in it; any other word is remembered like a text, for one answer.
 *
 * The engine is synchronous, so one answer is worked out at a time in a process.
 */

/** The engine's own words: lower-cased as tokenize gives them, and folded. */
const ownWords = new Set<string>();

/**
 * Registers words of the engine's own knowledge (a knowledge base's words, the code's word lists,
 * the training questions' words), as written. A word with a digit in it is never one: a number, a
 * date or a passport number is worked out again in each answer, whoever wrote it.
 */
export function addOwnWord(word: string): void {
  if (!/\d/.test(word)) ownWords.add(word);
}

/** Whether a word is one of the engine's own (addOwnWord). */
export function isOwnWord(word: string): boolean {
  return ownWords.has(word);
}

let depth = 0;
/** The memos that hold something of the answer being worked out (emptied when it returns). */
const dirty: AnswerMemo<unknown>[] = [];

/** Runs `fn` as (part of) one answer: the per-answer memos are emptied when the outermost returns. */
export function withinAnswer<T>(fn: () => T): T {
  depth++;
  try {
    return fn();
  } finally {
    if (--depth === 0) {
      for (const m of dirty) m.clear();
      dirty.length = 0;
    }
  }
}

/** Whether an answer is being worked out now. */
export function answering(): boolean {
  return depth > 0;
}

/**
 * A memo of texts (or of any keys that may be a citizen's): it holds them only while an answer is
 * being worked out; outside one, nothing is kept (each call works its value out).
 */
export class AnswerMemo<V> {
  private readonly map = new Map<string, V>();

  constructor(readonly name: string) {
    register(this);
  }

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  set(key: string, value: V): void {
    if (depth === 0) return;
    if (this.map.size === 0) dirty.push(this as AnswerMemo<unknown>);
    this.map.set(key, value);
  }

  clear(): void {
    this.map.clear();
  }

  keys(): IterableIterator<string> {
    return this.map.keys();
  }
}

/**
 * A memo of words: the engine's own words are kept across answers (bounded: past `limit` it
 * starts afresh, and the words are worked out again, the same); every other word only for the
 * answer being worked out, as AnswerMemo.
 */
export class WordMemo<V> {
  private readonly kept = new Map<string, V>();
  private readonly transient: AnswerMemo<V>;

  constructor(
    readonly name: string,
    private readonly limit: number,
  ) {
    this.transient = new AnswerMemo<V>(name);
    register(this);
  }

  get(key: string): V | undefined {
    const v = this.kept.get(key);
    return v !== undefined ? v : this.transient.get(key);
  }

  set(key: string, value: V): void {
    if (ownWords.has(key)) {
      if (this.kept.size >= this.limit) this.kept.clear();
      this.kept.set(key, value);
    } else {
      this.transient.set(key, value);
    }
  }

  /** The words kept across answers. */
  keys(): IterableIterator<string> {
    return this.kept.keys();
  }

  /** The words kept across answers, with their values (a snapshot stores the stems). */
  entries(): IterableIterator<[string, V]> {
    return this.kept.entries();
  }

  get size(): number {
    return this.kept.size;
  }
}

interface Inspectable {
  name: string;
  keys(): IterableIterator<string>;
}

/** Every memo made, weakly held (an engine's memos go with the engine), for heldKeys. */
const registry = new Set<WeakRef<Inspectable>>();

function register(m: Inspectable): void {
  registry.add(new WeakRef(m));
}

/**
 * Every key Hızır's memos hold now, by memo (for the test that no citizen's text or unknown word
 * outlives its answer). The engine's own per-instance memos are WordMemos too, so they are here.
 */
export function heldKeys(): { memo: string; key: string }[] {
  const out: { memo: string; key: string }[] = [];
  for (const ref of registry) {
    const m = ref.deref();
    if (!m) registry.delete(ref);
    else for (const key of m.keys()) out.push({ memo: m.name, key });
  }
  return out;
}
