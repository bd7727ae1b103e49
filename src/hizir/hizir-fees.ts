import { messageForms, type MessageForms } from './hizir-segments';

/**
 * Questions about what something costs ("harç ne kadar", "how much is the fee", "what does a visa
 * cost"). Fees are per operation (config/konsolosluk/operations.yaml), so a fee question that
 * names no operation cannot be answered as asked, yet it is a consular question: the engine asks
 * which operation is meant, offering the most common fee-bearing ones (hizir.engine.ts). What is
 * left of the question once its fee words are taken out (the residual) says which operation or
 * area is meant, if any: "pasaport harcı ne kadar" leaves "pasaport", "harç ne kadar" nothing.
 *
 * The patterns run on lower-cased, folded text (ı→i, ç→c, ş→s, …).
 */

// The fee itself: "harç", "harcı", "ücret", "ücretli mi", "fee", "price", "cost", "defter bedeli".
// Not "bedelli" (paid military service: an operation's name).
const FEE_NOUN =
  /\b(?:harc\w*|ucret\w*|parali|parasiz|fees?|prices?|pricing|costs?|costing|bedeli|bedelleri)\b/;
// How much: "ne kadar" (not "ne kadar sürer", how long), "kaç para/euro", "how much" (not
// "how much time"), with the verb that often follows ("ne kadar tutuyor", "how much do I pay").
const AMOUNT: RegExp[] = [
  /\bne kadar\b(?!\s+(?:sur|zaman|vakit|bekle|gun|hafta|ay|yil|erken|gec|once|sonra|gecerli|kal))(?:\s+(?:\w+\s+)?(?:ode\w*|tut\w*|oluyor|olur|olacak|gerek\w*|lazim))?/,
  /\bkac\s+(?:para|euro|avro|eur|dolar|usd|lira|tl|frank|sterlin|pound)\w*/,
  /\bpara\s+(?:ode|odu|alin|aliyor|istiyor)\w*/,
  /\bhow much\b(?!\s+(?:time|longer|long))(?:\s+(?:is|are|does|do|will|would|should|to|money))?(?:\s+(?:it|i|we|they|you|one))?(?:\s+(?:have to|need to|got to))?(?:\s+(?:cost|pay|charge)\w*)?/,
];
// Words that say nothing about which operation: where, who, politeness, the act of paying.
const FILLER =
  /\b(?:konsolosluk\w*|buyukelcilik\w*|temsilcilik\w*|consulate\w*|consular|embassy|islem\w*|services?|hizmet\w*|acaba|pls|plz|please|lutfen|amount|tutar\w*|miktar\w*|total|toplam|what's|whats|exactly|currently|now|simdi|su an|gerek\w*|lazim|ne|kadar|kac|odemem|odeyecegim|paid|pay|paying|money|para|what|does|do|is|are|the|a|an|of|for|at|to|in|my|your|it|i|we|you|bir|mi|mu|mıdır|midir|turkish|turk|turkiye\w*)\b/g;

// How and where to pay, beside how much ("harç ne kadar ve nasıl ödeniyor", "how much is it and
// where do I pay"): no operation's name either. Taken out only where the message asks how much,
// so that "harç nasıl ödeniyor" alone stays a question about paying, for the model to answer.
const HOW_TO_PAY =
  /\b(?:ve|and|ile|nasil|nereye|nerede|nereden|hangi|how|where|which|with|can|odeni\w*|odenir|odeye\w*|odeme\w*|odenece\w*|yatir\w*|pay\w*|paid|card|kart\w*|cash|nakit)\b/g;

/** A fee question, with what is left of it once the fee words are taken out. */
export interface FeeQuestion {
  /** The message without its fee and filler words (lower-cased, Turkish rules). */
  residual: string;
}

const AMOUNT_ANY = new RegExp(AMOUNT.map((p) => `(?:${p.source})`).join('|'), 'g');
const FEE_ANY = new RegExp(FEE_NOUN.source, 'g');

/** The fee question a message asks, or null when it asks none. */
export function feeQuestion(text: string | MessageForms): FeeQuestion | null {
  const { lower, folded } = typeof text === 'string' ? messageForms(text) : text;
  const asksAmount = AMOUNT.some((p) => p.test(folded));
  if (!FEE_NOUN.test(folded) && !asksAmount) return null;
  // Blank out the matches on the folded text, position for position, and keep the rest of the
  // lower-cased text: the two have the same length (messageForms).
  const keep = new Array<boolean>(folded.length).fill(true);
  for (const re of asksAmount
    ? [AMOUNT_ANY, FEE_ANY, FILLER, HOW_TO_PAY]
    : [AMOUNT_ANY, FEE_ANY, FILLER]) {
    for (const m of folded.matchAll(re)) keep.fill(false, m.index, m.index + m[0].length);
  }
  const residual = lower
    .split('')
    .map((ch, i) => (keep[i] ? ch : ' '))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  return { residual };
}
