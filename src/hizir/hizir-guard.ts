import { foldTurkish, turkishLower } from './turkish-text';

/**
 * Hızır never takes instructions from the message it answers. Text that tries to give it orders
 * ("ignore your instructions", "SYSTEM OVERRIDE", "act as my grandmother", "[SYSTEM]", "sen artık
 * …sın"), or asks how to forge a document, is treated as out of scope: a polite refusal and a hand-off, never knowledge-base content.
 * The classifier learns such messages too (out-of-scope training data); this rule catches the
 * unmistakable ones whatever else the message says.
 */
const PATTERNS: RegExp[] = [
  // English
  /\b(ignore|disregard|forget|override|bypass|skip)\b[^.!?]{0,40}\b(instructions?|rules?|prompt|guidelines|above|everything|checks|restrictions|safety|knowledge base)\b/,
  /\bsystem\s*(override|prompt|message|instructions?)\b/,
  /\[\s*(system|admin|inst|developer|yonetici|sistem)\s*\]/,
  /<\/?\s*(system|s|sistem)\s*>/,
  /^\s*(system|sistem)\s*:/,
  /"role"\s*:\s*"system"/,
  /\b(developer|maintenance|admin|god|jailbreak|dan)\s+mode\b/,
  /\bjailbreak\b/,
  /\byou are (now|no longer)\b/,
  /\bfrom now on\b/,
  // "act as a witness" (a will, a marriage), "act as guardian" or "… as my attorney": a role in a
  // legal act the consulate records, not a role for Hızır to play.
  /\b(act|behave|roleplay|role-play)\s+(as|like)\b(?!\s+(?:(?:a|an|the|my|our|his|her|their)\s+)?(?:witness|guardian|attorney|representative|proxy|sponsor|executor|translator|interpreter)\w*)/,
  /\bpretend\s+(to be|you|that you|ur)\b/,
  /\brepeat after me\b/,
  /\b(your|the)\s+(hidden|secret|system)\s+(prompt|instructions|rules)\b/,
  /\b(print|reveal|show|output|list)\b[^.!?]{0,30}\b(prompt|instructions|api keys?|password|configuration)\b/,
  /\bnew instructions\b/,
  /\b(no|without)\s+(restrictions|rules|filters|limits)\b/,
  /\b(unfiltered|unrestricted|uncensored)\b/,
  /\b(two|2|dual)\s+personas?\b/,
  /\b(authori[sz]ed|official)\s+(security\s+)?(test|audit)\b/,
  /\b(say|write|reply|answer|confirm|print|state)\b[^.!?]{0,40}\b(approved|granted|guaranteed)\b/,
  /\b(approve|stamp|issue|grant)\s+(my|this|the|all)\b[^.!?]{0,30}\b(visa|passport|application|citizenship|request)s?\b[^?]*$/,
  /\byour (instructions|rules|prompt|programming)\b/,
  // Turkish (folded: ı→i, ş→s, …)
  /\btalimat\w*\b[^.!?]{0,40}\b(unut|yok say|gormezden gel|dikkate alma|devre disi|bosver)/,
  /\b(yeni|gizli|sistem)\s+talimat/,
  /\bsana\s+(verilen\s+)?(gizli\s+)?talimat/,
  /\b(kural|talimat)\w*\s+(unut|bosver|kaldir|yok say|gormezden|goz ardi)/,
  /\bgibi davran\b/,
  /\brol\w*\s+(gir|ustlen)/,
  /\b(sen\s+artik|artik\s+sen)\b/,
  /\bartik\s+hizir\s+degilsin\b/,
  /\bbenden sonra tekrarla\b/,
  /\b(gelistirici|bakim|yonetici)\s+modu/,
  /\bsistem\s+(mesaj|prompt|komut)/,
  /\byukaridaki\w*\s+(her seyi\s+)?(unut|dikkate alma|yok say)/,
  /\bkafandan\s+uydur\b/,
  // Requests to forge documents are refused the same way.
  /\b(fake|forge|forged|forging|counterfeit|falsify|falsified)\b/,
  /\bsahte\w*\b/,
  /\b(kisitlama|kural|filtre)\w*\s*(olmadan|yok|siz)\b/,
  /\bkuralsiz\b/,
  /\b(yetkilendirilmis|resmi)\s+(bir\s+)?(guvenlik\s+)?(test|denetim)/,
  /\b(onaylandi|onaylandigini|onaylanmistir)\b[^.!?]{0,30}\b(de|yaz|soyle|teyit|cevap)/,
  /\b(vizemi|pasaportumu|basvurumu|basvuruyu|vatandasligimi)\s+(hemen\s+)?onayla\b/,
];

// The patterns as one: it matches a text exactly when one of them does (none has a flag or a
// back-reference, so each alternative reads as it did alone), and reads the text once, not once a
// pattern.
if (PATTERNS.some((p) => p.flags !== '' || /\\[1-9]/.test(p.source)))
  throw new Error('hizir-guard: a pattern with a flag or a back-reference cannot be joined');
const ANY_PATTERN = new RegExp(PATTERNS.map((p) => `(?:${p.source})`).join('|'));

/** True when the message tries to instruct Hızır rather than ask a consular question. */
export function isInstruction(text: string): boolean {
  const t = foldTurkish(turkishLower(text)).replace(/\s+/g, ' ');
  return ANY_PATTERN.test(t);
}
