import { messageForms, type MessageForms } from './hizir-segments';

/**
 * Situations where a person's liberty, safety or life is at stake abroad, or someone has just
 * died: an arrest or detention, a hospital stay or an accident, an assault, a person missing or
 * stranded, a death. Hızır never tells such a citizen "I cannot help with this" and never lets an
 * answer be the end of it: the message goes to a consular officer (hand-off reason `sensitive`),
 * with the knowledge base's answer on the matter meanwhile (hizir.engine.ts).
 *
 * The patterns describe the situation, not a document: "my passport is missing" or "register a
 * death that happened in 2019" are not matched; "my son is missing", "my father passed away" are.
 * They run on lower-cased, folded text (ı→i, ş→s, ö→o, …), except the few Turkish words whose
 * folded form is another common word ("öldü" folds to "oldu", "it happened").
 *
 * Being held against one's will is distress: kept from leaving or locked in, a passport or papers
 * withheld, a forced marriage ("my husband won't let me leave the house", "pasaportumu elimden
 * aldı vermiyor", "zorla evlendiriyorlar"), not a passport lent or left with someone.
 *
 * A hospital is distress when someone lies in it, was taken or admitted to it, or is in intensive
 * care or a coma ("annem hastanede yatıyor", "admitted to hospital", "yoğun bakımda"); it is not
 * when it is only where a birth happened or a place the family has left ("oğlum hastanede doğdu",
 * "hastanede ikinci gün çıktık", "we left the hospital after two days"): such a story goes on to
 * the model, and its question part may be answered (storyAnswer in hizir.engine.ts, which never
 * sees a message these patterns match).
 */
export type SensitiveSituation = 'distress' | 'missing-person' | 'death' | 'missing';

// Someone close to the writer, or the writer: "my son", "oğlum", "kardeşim", …
const PERSON_EN =
  '(?:my|our|his|her)\\s+(?:\\w+\\s+)?(?:son|daughter|child|kid|boy|girl|wife|husband|partner|brother|sister|father|dad|mother|mum|mom|parents?|friend|relative|uncle|aunt|cousin|grandfather|grandmother|grandma|grandpa|fiance|fiancee)';
const PERSON_TR =
  '\\b(?:oglum|kizim|cocugum|cocuklarim|esim|kocam|karim|babam|annem|kardesim|abim|ablam|arkadasim|yakinim|akrabam|amcam|dayim|teyzem|halam|dedem|ninem|anneannem|babaannem|nisanlim|yegenim)\\w*';

/**
 * The writer, not a document, is lost: "I'm lost", "we got lost in Milan", "lost my way",
 * "yolumu kaybettim", "kayboldum". "Lost" is the lost documents' word, so the model read "I'm lost"
 * as a lost identity card (0.97); such a message that names no document is the distress entry's.
 * Not "I'm lost with these forms" (confused) nor "I lost my passport". Folded text.
 */
const LOST_PERSON =
  /\b(?:i|we)(?:'m|m| am|'re| are| got| have got|'ve got)\s+(?:completely\s+|totally\s+|really\s+|so\s+)?lost\b(?!\s+(?:my|our|his|her|the|a|an|with|about|on|regarding|as to|in (?:the|this|all|these) (?:forms?|process|paperwork|system|website|site|portal|applications?|bureaucracy|rules)))|\b(?:lost my way|(?:do not|don'?t) know where (?:i am|i'm|we are|we're))\b|\byolumu\s+(?:kaybett|bulamiyor)\w*|\bnerede oldugumu bilmiyor\w*|\b(?:kayboldu[mk]|kaybolmusu[mz])\b/;
// A document named: then "lost" may well be the document's ("kayboldum, pasaportum da yok").
const DOCUMENT_NAMED =
  /\b(?:passport|pasaport|id|identity|kimlik|nufus|card|kart|document|belge|visa|vize|licen[cs]e|ehliyet|certificate)\w*/;

const DISTRESS: RegExp[] = [
  // English
  /\b(?:arrested|arrest(?:ing)? of|detained|detention|jailed|imprisoned|incarcerated|kidnapped|abducted|taken hostage|held hostage)\b/,
  /\b(?:in|to|into|out of)\s+(?:jail|prison|custody|police custody|a police cell)\b/,
  /\bpolice (?:are holding|took|have taken|arrested|detained|custody)\b/,
  /\b(?:am|m|is|are|was|were|been|lying|ended up|taken|admitted|rushed|brought)\s+(?:to|in|into)\s+(?:the\s+|a\s+)?hospital\b/,
  /\b(?:hospitali[sz]ed|intensive care|icu|in a coma)\b/,
  /\b(?:had|have had|was in|were in|involved in)\s+(?:an?\s+|a\s+bad\s+|a\s+serious\s+)?(?:car |road |traffic |bus |ski |work |serious |bad )?(?:accident|crash)\b/,
  /\b(?:car|road|traffic|bus)\s+(?:accident|crash)\b/,
  /\b(?:injured|wounded|attacked|assaulted|beaten(?: up)?|mugged|raped|stabbed|abused|threatened|trafficked)\b/,
  /\bstranded\b/,
  // The writer lost in a foreign city ("I'm lost", "yolumu kaybettim", "kayboldum").
  LOST_PERSON,
  // Held against one's will: kept in, a passport withheld, a forced marriage.
  /\b(?:won'?t|will not|doesn'?t|does not|don'?t|do not|not)\s+let(?:ting)?\s+(?:me|us|her|him|them)\s+(?:leave|go|out)\b/,
  /\b(?:locked|locks|locking|keeps|kept)\s+(?:me|us|her|him|them)\s+(?:in|up|inside|at home)\b/,
  /\b(?:confiscated|withholding|withheld|won'?t give (?:me )?back|took away)\s+(?:my|our|her|his)\s+(?:passport|documents|papers)\b/,
  /\b(?:forced|forcing)\s+(?:me|her|him|us)?\s*(?:in)?to\s+marry\b|\bforced marriage\b/,
  new RegExp(
    `${PERSON_EN}\\s+(?:is|has been|was)\\s+(?:arrested|detained|in jail|in prison|in hospital|in custody|kidnapped)`,
  ),
  /\b(?:can(?:no|')t reach (?:him|her|them)|no news (?:from|of) (?:him|her|them))\b/,
  // A war, an uprising or a disaster where the citizen is (an evacuation is the mission's
  // assistance): "there is fighting outside, how do I get evacuated", "war broke out".
  /\b(?:evacuat\w*|trapped|robbed)\b/,
  /\b(?:war|fighting|shooting|bombing|shelling|a coup|riots?|an earthquake)\s+(?:outside|here|near us|nearby|in the streets|has broken out|broke out|started|is going on)\b/,
  /\b(?:there is|there's|there are)\s+(?:a\s+)?(?:war|fighting|shooting|bombing|shelling|airstrikes|a coup|riots)\b/,
  // Left without money and without a roof: "scammed, no money left, the hotel threw us out".
  /^(?=[\s\S]*\b(?:no (?:money|cash)|out of money|(?:lost|spent|took) (?:all )?(?:my|our) money|penniless|broke)\b)(?=[\s\S]*\b(?:(?:kicked|thrown|threw|put) (?:me |us )?out|evicted|nowhere to (?:stay|sleep|go)|no (?:place|where) to (?:stay|sleep)|sleeping (?:on the street|rough|outside))\b)/,
  // Stranded without money, with no way back: "no money and can't get home".
  /^(?=[\s\S]*\bno (?:money|cash)\b)(?=[\s\S]*\b(?:can(?:no|')?t|unable to) (?:get|go|fly|return)(?: back)?(?: home| to (?:the )?hotel)?\b)/,
  // Turkish (folded)
  /\b(?:tutuklan|tutuklu|gozalti|gozaltin|cezaev|hapse|hapiste|hapishane|nezarethane|rehin alin|rehine|kacirild)\w*/,
  /\b(?:hastanede yat|hastaneye kaldir|hastaneye yatir|hastanelik|yogun bakim|komada|komaya|hastanedey)\w*/,
  // "annem hastanede", "babam dün hastaneye kaldırıldı" — not "oğlum hastanede doğdu" (a birth).
  new RegExp(`${PERSON_TR}\\s+(?:\\w+\\s+)?hastane(?:de|ye)\\b(?!\\s+dog)`),
  /\bkaza(?:da|ya|\s+gecir|\s+yap|\s+oldu)\w*/,
  /\b(?:yaralan|yaralandi|saldiriya|saldirdi|darp|dovuldu|dovduler|tecavuz|bicaklan|vuruldu|gasp edil|gasbedil|tehdit edil|istismar)\w*/,
  /\bmahsur\w*/,
  // A war or a disaster where the citizen is; an evacuation (not a tenant's: "evden tahliye");
  // robbed ("soyuldum"); lost ("kayboldum", first person: "pasaportum kayboldu" is a document).
  /\b(?:savas|catisma|bombardiman|darbe|ayaklanma)\w*\s+(?:cikti|var|basladi|oluyor|suruyor)\b/,
  /(?<!evden\s)(?<!evi\s)\btahliye\s+(?:edil|ol|ucag|plan|edecek|edeceg|imkan|surec)\w*/,
  /\b(?:soyuldu[mk]|kayboldu[mk]|kaybolmusu[mz])\b/,
  // Left without money and without a roof: "dolandırıldım, param kalmadı, otelden çıkardılar".
  /^(?=[\s\S]*\b(?:param|paramiz|hic para|para)\w*\s+(?:yok|kalmadi|bitti)\b)(?=[\s\S]*\b(?:otelden (?:cikar|at|kov)\w*|(?:kalacak|yatacak) yer\w* (?:yok|kalmadi)|sokakta (?:kal|yat)\w*|disarida (?:kal|yat)\w*)\b)/,
  // Stranded without money, with no way back: "param yok otele dönemiyorum".
  /^(?=[\s\S]*\b(?:param|paramiz|hic para|para)\w*\s+(?:yok|kalmadi|bitti)\b)(?=[\s\S]*\b(?:donemiyor|donemiyoruz|donemem|gidemiyor|gidemiyoruz)\w*)/,
  /\b(?:cikmama|gitmeme|donmeme|ayrilmama|disari cikmama)\s+izin\s+vermiyor\w*/,
  /\b(?:beni|bizi|onu)\s+(?:eve\s+|evde\s+|odaya\s+)?kilitle\w*/,
  /\b(?:pasaportumu|pasaportlarimizi|belgelerimi|kimligimi)\s+(?:elimden\s+)?(?:aldi(?:lar)?\s+)?(?:vermiyor|geri vermiyor|el koydu)\w*/,
  /\bzorla\s+evlendir\w*/,
  /\b(?:haber alamiyor|haber alamiyoruz|haber alamadik|ulasamiyoruz)\w*/,
];

// A person missing: the words are a lost document's too ("kızım kayıp" was read as a lost identity
// card), so such a message is routed to assistance whatever the model answers.
const PERSON_MISSING: RegExp[] = [
  new RegExp(`${PERSON_EN}\\s+(?:is|has gone|went|has been|was|are)\\s+missing\\b`),
  new RegExp(`${PERSON_TR}\\s+(?:\\w+\\s+)?(?:kayip|kayboldu|kaybolmus|ortadan kayboldu)\\b`),
];

// "went missing" without a person: a passport goes missing as often as a son does, so the
// model's answer stands unless it is unsure.
const MISSING: RegExp[] = [/\b(?:went missing|gone missing)\b/];

const DEATH_FOLDED: RegExp[] = [
  /\b(?:died|has died|passed away|passed on|was killed|were killed|got killed|lost (?:his|her|their) life|lost (?:his|her|their) lives)\b/,
  new RegExp(`${PERSON_EN}\\s+(?:is|was)\\s+dead\\b`),
  /\b(?:death of my|death of our|my (?:late|deceased)|our (?:late|deceased))\b/,
  /\b(?:vefat|hayatini kaybet|hayatlarini kaybet|rahmetli|rahmet\w* kavus|naas|olum haberi)\w*/,
];
// Turkish words whose folded form means something else ("öldü" → "oldu").
const DEATH_UNFOLDED: RegExp[] = [/(?:^|[^\p{L}])(?:öldü|ölmüş|öldürüldü|ölüm haberi)/u];

/**
 * A death told as settled: the deceased already buried ("we buried her here", "buraya
 * defnettik"), or a year or more ago ("two years ago", "iki sene önce", "geçen yıl"), and nothing
 * said of a death just now ("yesterday", "dün gece"). Such a story asks for the paperwork that
 * follows (registering the death in Türkiye, a survivor's pension), not for someone to stand by a
 * family in its first days: it is no sensitive situation, and the model answers it as any other
 * question (round 17: two of probe-gen17-judge's three such stories had been handed off though the
 * model's answer was right, 0.92 and 0.99). A death "last month" with no burial told is still an
 * officer's (hizir-gen15.spec.ts). By judgement: the burial ends the urgent part (a body to bring
 * home, a funeral to arrange), and a year is past any deadline for either.
 */
const DEATH_SETTLED =
  /\b(?:(?:we|i|they|was|were|been|had|have|has)\s+(?:\w+\s+)?buried|defnett(?:ik|im|iler)|defnedildi|gomduk|topraga verdik)\b|\b(?:\d+|two|three|four|five|several|many|a few)\s+years?\s+ago\b|\blast year\b|\b(?:\d+|iki|uc|dort|bes|birkac|bir kac|cok)\s+(?:yil|sene)\s+(?:once|evvel)\b|\bgecen\s+(?:yil|sene)\b/;
const DEATH_RECENT =
  /\b(?:yesterday|today|this morning|last night|tonight|just (?:died|passed)|an hour ago|hours ago|dun|bugun|bu sabah|dun gece|az once|demin|bu gece)\b/;

/** True when a death is told as settled (DEATH_SETTLED) and not as just now. Folded text. */
export function deathSettled(folded: string): boolean {
  return DEATH_SETTLED.test(folded) && !DEATH_RECENT.test(folded);
}

// Each list as one alternation: one pass over the message instead of one per pattern.
const oneOf = (list: RegExp[], flags = ''): RegExp =>
  new RegExp(list.map((p) => `(?:${p.source})`).join('|'), flags);
const DISTRESS_ANY = oneOf(DISTRESS);
const MISSING_ANY = oneOf(MISSING);
const PERSON_MISSING_ANY = oneOf(PERSON_MISSING);
const DEATH_FOLDED_ANY = oneOf(DEATH_FOLDED);
const DEATH_UNFOLDED_ANY = oneOf(DEATH_UNFOLDED, 'u');

/**
 * The situation a message describes, if it is one that must reach a person: `distress` (someone
 * arrested, in hospital, hurt, stranded: always an officer's), `missing-person` (the same, and
 * always routed to assistance), `death`, or `missing`
 * (something or someone went missing: an officer's when the model cannot tell what it is about).
 */
export function sensitiveSituation(text: string | MessageForms): SensitiveSituation | null {
  const { lower, folded } = typeof text === 'string' ? messageForms(text) : text;
  if ((DEATH_FOLDED_ANY.test(folded) || DEATH_UNFOLDED_ANY.test(lower)) && !deathSettled(folded))
    return 'death';
  if (PERSON_MISSING_ANY.test(folded)) return 'missing-person';
  if (DISTRESS_ANY.test(folded)) return 'distress';
  if (MISSING_ANY.test(folded)) return 'missing';
  return null;
}

/** True when the writer, not a document, is lost, and the message names no document. Folded. */
export function personLost(folded: string): boolean {
  return LOST_PERSON.test(folded) && !DOCUMENT_NAMED.test(folded);
}

/**
 * The passport is gone in a distress story: stolen, taken, lost, or simply not there any more
 * ("robbed, no passport", "soyuldum pasaportum da gitti", "they took my passport and wallet").
 * The citizen needs a document to travel on, not a renewal: the emergency passport (or the
 * replacement, asked as the configured pair). Folded text.
 */
const PASSPORT_GONE = new RegExp(
  [
    '\\b(?:no|without|lost|stole|stolen|took|taken)\\s+(?:my\\s+|our\\s+|the\\s+)?passports?\\b',
    '\\bpassports?\\s+(?:\\w+\\s+)?(?:was\\s+|were\\s+|got\\s+|is\\s+|are\\s+)?(?:stolen|gone|taken|missing|lost)\\b',
    '\\bpasaport\\w*\\s+(?:\\w+\\s+)?(?:yok|gitti|calindi|caldirdim|kayboldu|kaybettim|aldilar|alindi)\\b',
    '\\bpasaportsuz\\w*',
    // The passport in a list of what was lost or taken: "lost everything: passport, ID card,
    // wallet", "they stole my bag with my wallet and passport", "çantamı çaldılar, içinde pasaportum".
    '\\b(?:lost|stole|stolen|took|taken|robbed of)\\b(?:\\W+\\w+){0,5}?\\W+passports?\\b',
    // The passport in a list said to be gone: "wallet + passport + ID all gone".
    '\\bpassports?\\b(?:\\W+\\w+){0,3}?\\W+(?:all|both)\\s+(?:gone|stolen|lost|missing|taken)\\b',
    '\\b(?:caldilar|calindi|kaybettim|kayboldu|aldilar)\\b(?:\\W+\\w+){0,4}?\\W+pasaport\\w*',
  ].join('|'),
);

export function passportGone(folded: string): boolean {
  return PASSPORT_GONE.test(folded);
}

/**
 * The citizen wants to go home to Türkiye ("I just want to get home to Istanbul", "fly back to
 * Turkey", "Türkiye'ye dönmek istiyorum", "eve dönmem lazım"): with the passport gone, the one-way
 * travel document for the return (travel-document-return-certificate, "lets a citizen who has lost
 * all identity documents return directly to Türkiye"), not an emergency passport. Folded text.
 */
const GOES_HOME = new RegExp(
  [
    '\\b(?:get|go|going|return|returning|fly|flying|travel|come|coming)\\s+(?:back\\s+)?(?:home|to turkey|to turkiye|to istanbul|to ankara|to izmir|to antalya)\\b',
    '\\bback home\\b',
    '\\bget (?:me|us) (?:back )?home\\b',
    "\\b(?:eve|eve geri|turkiye['’]?ye|memlekete|istanbul['’]?a|ankara['’]?ya|izmir['’]?e)\\s+(?:geri\\s+)?(?:don|gitm|gidebil|gidey|ucm|ucab)\\w*",
  ].join('|'),
);
// Held by the authorities: the passport taken is then theirs to keep, and the matter assistance.
const DETAINED =
  /\b(?:arrest\w*|detain\w*|detention|jail\w*|prison\w*|custody|police station|gozalti\w*|tutukla\w*|hapis\w*|cezaevi\w*|karakol\w*)\b/;

/** True when the citizen, not detained, wants to go home to Türkiye (GOES_HOME). Folded. */
export function goesHome(folded: string): boolean {
  return GOES_HOME.test(folded) && !DETAINED.test(folded);
}

/**
 * Renouncing an inheritance ("renounce the inheritance", "refuse my father's inheritance",
 * "reddi miras", "mirası reddetmek", "mirastan feragat"): a declaration before the consular officer
 * (notary-declaration, whose catalogue text names the inheritance waiver), which a story of the
 * death it follows had routed to the death's registration (round 18). Folded text.
 */
const RENOUNCES_INHERITANCE = new RegExp(
  [
    '\\b(?:renounc\\w*|refus\\w*|reject\\w*|waiv\\w*|disclaim\\w*|declin\\w*|give up|giving up|turn down)\\b(?:\\W+\\w+){0,3}?\\W+inherit\\w*',
    '\\binherit\\w*\\s+(?:waiver|renunciation|disclaimer)\\b',
    '\\breddi\\s*miras\\w*',
    '\\bmiras\\w*\\s+(?:\\w+\\s+)?(?:redd\\w*|feragat\\w*|istemiyor\\w*|kabul etm\\w*)',
  ].join('|'),
);

export function renouncesInheritance(folded: string): boolean {
  return RENOUNCES_INHERITANCE.test(folded);
}

/** The declaration before the consular officer, an inheritance waiver among them. */
export const INHERITANCE_WAIVER_ENTRY = 'notary-declaration';

/** The one-way document home for a citizen whose documents are all gone. */
export const RETURN_CERTIFICATE_ENTRY = 'travel-document-return-certificate';

/** The entries whose matters always go to an officer as well as being answered. */
export const DISTRESS_ENTRY = 'repatriation-customs-distress-assistance';
export const DEATH_ENTRIES = ['civil-registry-death', 'repatriation-customs-funeral-transfer'];
/** The document to travel on soon for a citizen in distress whose passport is gone. */
export const EMERGENCY_PASSPORT_ENTRY = 'travel-document-emergency-passport';
/** The entries that give a citizen whose passport is gone a document (passportGone). */
export const PASSPORT_GONE_ENTRIES = [
  'passport-lost-stolen',
  EMERGENCY_PASSPORT_ENTRY,
  'travel-document-return-certificate',
];
