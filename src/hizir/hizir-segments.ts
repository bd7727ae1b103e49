import { foldTurkish, turkishLower } from './turkish-text';

/**
 * Where a message says two things, in plain text: a contrast that sets one matter aside ("not the
 * passport, the ID card", "pasaport değil kimlik kartı") and a second question joined to the
 * first ("…, and also …", "…; bir de …"). The engine only acts on what these find when the model
 * agrees (hizir.engine.ts): each part must be a confident answer of its own.
 */

/** What a contrast keeps and what it sets aside. */
export interface Contrast {
  dropped: string;
  kept: string;
}

// "X değil, Y" / "X değil ama Y" / "X değil sadece Y": the clause ending in "değil" is set aside.
// On folded, lower-cased text.
const CONTRAST_TR =
  /^(.*?\S)\s+degil(?:im|iz|dir)?\s*[,;:-]?\s+(?:ama\s+|sadece\s+|yalnizca\s+|bilakis\s+)?(\S.*)$/;
// "not (the|a|my) X, (but) Y" / "not X but Y" / "I don't want X, I want Y" / "no X, Y".
const CONTRAST_EN: RegExp[] = [
  /^(.*?\bnot\s+(?:a|an|the|my|about)?\s*[^,;.]+?)\s*(?:[,;]\s*(?:but\s+|rather\s+|just\s+|only\s+)?|\s+but\s+(?:rather\s+)?|\s+rather\s+)(\S.*)$/,
  /^(.*?\b(?:do not|don't|dont)\s+(?:want|need)\s+[^,;.]+?)\s*(?:[,;.]|\s+but)\s*(\S.*)$/,
];

const CONTRAST_WORD = /\b(?:degil\w*|not|don't|dont)\b/;
const CONTRAST_PATTERNS = [CONTRAST_TR, ...CONTRAST_EN].map((p) => new RegExp(p.source, 'd'));

/** The contrast in a message, if it has one with words on both sides. */
export function contrastOf(text: string | MessageForms): Contrast | null {
  const { lower, folded } = typeof text === 'string' ? messageForms(text) : text;
  // Most messages have no contrast word at all: the patterns only run when they might match.
  if (!CONTRAST_WORD.test(folded)) return null;
  const m = CONTRAST_PATTERNS.map((p) => p.exec(folded)).find((x) => x);
  if (!m?.indices) return null;
  const [d0, d1] = m.indices[1]!;
  const [k0, k1] = m.indices[2]!;
  const dropped = lower.slice(d0, d1).trim();
  const kept = lower.slice(k0, k1).trim();
  if (dropped.length === 0 || kept.split(' ').length < 2) return null;
  return { dropped, kept };
}

// Words that join a second question to the first, folded. A bare "and"/"ve" is not one: it
// joins the parts of one matter far more often ("fingerprints and signature"), and scoring every
// part of every such message would double the cost of an answer. The engine keeps a split only
// when both sides are confident, different answers.
const JOINERS =
  /(?:[?!]\s+(?=\S)|[,;.]?\s(?:and also|and i also|and another question|another question|one more thing|as well as|also|plus|ayrica|bir de|birde|ek olarak|ayni zamanda|bunun yaninda|bunun disinda|bir sorum daha|ve de|ve ayrica)\s)/;

const JOINERS_ALL = new RegExp(JOINERS.source, 'g');

/** The parts of a message that may each ask something (at most four, in order). */
export function intentParts(text: string | MessageForms): string[] {
  const { lower, folded } = typeof text === 'string' ? messageForms(text) : text;
  const parts: string[] = [];
  let from = 0;
  for (const m of folded.matchAll(JOINERS_ALL)) {
    parts.push(lower.slice(from, m.index));
    from = m.index + m[0].length;
  }
  parts.push(lower.slice(from));
  return parts
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .slice(0, 4);
}

/** A message lower-cased (Turkish rules) and that folded, letter for letter the same length. */
export interface MessageForms {
  lower: string;
  folded: string;
}

/** The forms the patterns read, computed once per message. */
export function messageForms(text: string): MessageForms {
  const lower = turkishLower(text).replace(/[’`]/g, "'").replace(/\s+/g, ' ').trim();
  return { lower, folded: foldTurkish(lower) };
}
