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
