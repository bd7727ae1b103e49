/**
 * Ages a message states ("my 20 year old son", "oğlum 19 yaşında", "she is 25", "aged 30").
 * A son or a daughter is not a minor when the message says how old they are and every age it
 * states is of age: "my 20 year old son needs to renew his passport" had been answered as a
 * child's passport (0.98), "son" and "daughter" being the minors' operations' words.
 *
 * Assumption: of age is 18, the age of majority in Turkish civil law (Türk Medeni Kanunu, art. 11)
 * that the catalogue's minors' operations use ("under 18"). Ages are read only in forms that say
 * an age ("N year(s) old", "aged N", "N yaşında(ki)", "is N" after a person): "18 yaşından küçük"
 * (under 18), "60 euros" or "2 months old" are no age of majority. Folded text (ı→i, ş→s, …);
 * short forms ("20yo") are spelt out before (hizir-abbreviations.ts).
 */
export const AGE_OF_MAJORITY = 18;

const AGE_PATTERNS: RegExp[] = [
  /\b(\d{1,2})\s*-?\s*(?:years?|yrs?)\s*-?\s*old\b/g,
  /\baged?\s+(\d{1,2})\b(?!\s*(?:months?|weeks?|days?))/g,
  /\b(?:son|daughter|child|kid|boy|girl|he|she)\s+(?:is|turned|just turned|has turned)\s+(\d{1,2})\b(?!\s*(?:months?|weeks?|days?|mos?|€|eur\w*|\$|dollars?|pounds?|gbp|tl|lira))/g,
  /\b(\d{1,2})\s*(?:yasinda|yasindaki|yasina girdi|yasini doldurdu|yasinda ki)\b/g,
  // The writer's own age: "30 yaşındayım", "I'm 33", "I am 25 years" (not "I'm 5 months", "I'm
  // 10 minutes late", "I'm 2 weeks from my flight").
  /\b(\d{1,2})\s*(?:yasindayim|yasindayiz|yasimdayim)\b/g,
  /\bi(?:'m|m| am)\s+(\d{1,2})\b(?!\s*(?:months?|weeks?|days?|hours?|minutes?|mins?|mos?|%|€|eur\w*|\$|dollars?|pounds?|gbp|tl|lira|km|miles?|kg|am\b|pm\b|o'?clock|th\b|st\b|nd\b|rd\b)|\s*[:.,]\d)/g,
];

/** Every age the message states (see above), in order of the patterns. Folded text. */
export function statedAges(folded: string): number[] {
  const ages: number[] = [];
  for (const p of AGE_PATTERNS) for (const m of folded.matchAll(p)) ages.push(Number(m[1]));
  return ages;
}

/** True when the message states at least one age and every age it states is of age. */
export function statesAdultAgesOnly(folded: string): boolean {
  const ages = statedAges(folded);
  return ages.length > 0 && ages.every((a) => a >= AGE_OF_MAJORITY);
}

/**
 * A child named: a word for one ("my daughter", "çocuğum", "bebek", "a minor", "under 18") or an
 * age under 18 stated (statedAges). Without one, the minors' operations are not the message's:
 * "pasport" alone and "can I wear glasses in the photo for my passport application" had been
 * answered as a child's passport, the operation the model leans to when nothing tells an adult's
 * document from a child's. Folded text. Assumption (by judgement): these words are how a parent
 * writes of a child in a consular question; a word missing here only sets the child's operation
 * aside when the model also favoured it, and the area's question is then asked (engine).
 */
const MINOR_WORD =
  /\b(?:child\w*|kids?|sons?|daughters?|bab(?:y|ies)|infants?|toddlers?|newborns?|minors?|teen\w*|boys?|girls?|grand(?:son|daughter|child)\w*|nephews?|nieces?|stepson|stepdaughter|under\s*(?:the\s+age\s+of\s+)?18|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen)[\s-]*years?[\s-]*old|\w+[\s-]*months?[\s-]*old|cocu\w*|beb\w*|ogl[ua]\w*|ogul\w*|kiz(?:im|imiz|ima|imiza|imin|imizin|imi|imizi|i|lar\w*)|evlad\w*|evlat\w*|torun\w*|yegen\w*|resit\w*|18\s*yas\w*|18\s*alti\w*|18\s*den\s+kucuk\w*|velayet\w*|custody|guardian\w*|parental|both parents|ebeveyn\w*|muvafakat\w*)\b/;

export function namesMinor(folded: string): boolean {
  return MINOR_WORD.test(folded) || statedAges(folded).some((a) => a < AGE_OF_MAJORITY);
}
