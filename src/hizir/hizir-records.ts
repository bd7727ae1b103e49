/**
 * Two stories the model reads as the wrong operation of the right document (round 14): a passport
 * that must be cancelled, and a register changed while the document still shows the old record.
 * Each function reads folded text (turkishLower, then foldTurkish, as messageForms gives it).
 */

// With the misspellings citizens type ("pasport", "passaport").
const NAMES_PASSPORT = /\b(?:pass?ports?|pass?aport\w*|paspor\w*)\b/;

// A lost or stolen passport told of, then found again: "the lost passport turned up", "kayıp
// pasaport çıktı", "eski pasaportumu buldum" (the catalogue: a found passport already reported
// lost is cancelled).
const LOSS = /\b(?:lost|stolen|missing|kayb\w*|kayip\w*|calin\w*|caldir\w*|reported)\b/;
const FOUND =
  /\b(?:found|turned up|showed up|resurfaced|buldu\w*|buldum\w*|bulduk\w*|bulundu\w*|bulunca)\b|\bpasaport\w*\s+(?:\p{L}+\s+){0,3}(?:cikti|ortaya cikti)\b/u;
// Turkish citizenship given up (with permission, or lost): the old passport is cancelled.
const CITIZENSHIP_LEFT =
  /\b(?:gave up|given up|renounced|lost) (?:my |our |his |her )?(?:turkish )?(?:citizenship|nationality)\b|\bvatandasliktan (?:ciktim|cikt\w*|cikarildim)\b|\bvatandasligi\w* (?:biraktim|birakt\w*|kaybett\w*)\b/;
// What is asked about the old passport: handing it in, cancelling it, what to do with it.
const OLD_PASSPORT =
  /\b(?:old|eski|previous|former|onceki)\s+(?:\p{L}+\s+)?(?:passport|pasaport)\w*|\b(?:cancel\w*|invalidat\w*|iptal\w*|hand (?:it )?in|teslim)\b/u;

/**
 * A passport to be cancelled: one reported lost or stolen that has turned up again, or the old
 * Turkish passport of someone who has left Turkish citizenship. The model had answered the first
 * as a lost passport (its words are a loss's) and the second as the notice of a second
 * nationality.
 */
export function passportToCancel(folded: string): boolean {
  if (!NAMES_PASSPORT.test(folded)) return false;
  if (LOSS.test(folded) && FOUND.test(folded)) return true;
  return CITIZENSHIP_LEFT.test(folded) && OLD_PASSPORT.test(folded);
}

// The register changed: a date of birth or a name corrected, a change registered ("mahkeme
// kararıyla doğum tarihim düzeltildi ve nüfusa işlendi", "my surname has been changed in the
// Turkish records"). Not "değiştirmem" (to replace the document: a renewal's word).
const RECORD_CHANGED =
  /\b(?:duzeltil\w*|duzeltti\w*|degis(?:ti|mis|tigi)(?!r)\w*|degistiril\w*|islendi\w*|islenmis\w*|corrected|changed|updated|amended)\b/;
// …while the document still shows the old one ("kartımda hâlâ eski tarih", "still shows my
// maiden name", "with my previous surname").
const STILL_OLD =
  /\b(?:hala|still (?:shows?|has|have|says|carries|lists)|eski (?:tarih|soyad|isim|ad)\w*|(?:old|previous|former|maiden) (?:date|surname|name|birth)\w*)\b/;

/**
 * A change in the register that the document does not show yet: the document's update after a
 * change (the identity card's, or the passport's after a change of name), not its renewal. "Kimlik
 * kartımda hâlâ eski tarih yazıyor, kartı yenilemem gerekir mi" had been the card's renewal.
 */
export function recordChangedDocumentOld(folded: string): boolean {
  return RECORD_CHANGED.test(folded) && STILL_OLD.test(folded);
}

// Turkish citizenship lost or left, in a message that says it was when the writer was a child
// (the right of choice: children who lost it with their parents, within three years of 18).
const CITIZENSHIP = /\b(?:vatandaslig\w*|vatandasliktan|citizenship|nationality)\b/;
const LOST_OR_LEFT =
  /\b(?:kaybet\w*|kaybed\w*|cikt\w*|cikar\w*|birak\w*|lost|gave up|renounced|naturali[sz]\w*|left)\b/;
const AS_A_CHILD =
  /\b(?:cocukken|kucukken|cocuk oldugum\w*|cocuk iken|as an? (?:kid|child|minor|boy|girl|baby)|when i was (?:a kid|a child|little|young|a minor|(?:[1-9]|1[0-7])\b)|(?:[1-9]|1[0-7]) yasindayken)/;

/**
 * Turkish citizenship lost or left when the writer was a child ("I lost Turkish citizenship as a
 * kid when my parents naturalised", "ben 7 yaşındayken annemle babam vatandaşlıktan çıktı"): the
 * right of choice, not citizenship by descent nor its reacquisition. An age of 18 or more ("when I
 * was 30") is no child's.
 */
export function lostCitizenshipAsChild(folded: string): boolean {
  return CITIZENSHIP.test(folded) && LOST_OR_LEFT.test(folded) && AS_A_CHILD.test(folded);
}

/**
 * Round 15: stories the model reads as a neighbouring operation of the same matter. Each is the
 * catalogue's own distinction, as an officer would state it; each reads folded text.
 */

// The special (green, "hususi") and service (grey, "hizmet damgalı") passports, named by their
// colour or kind, or a civil servant's passport: "the grey passport I was issued for this post",
// "o yeşil kaplı pasaport", "memur ailesi olarak".
const SPECIAL_PASSPORT =
  /\b(?:gri|yesil|grey|gray|green|hususi|hizmet|service|special|official)\s+(?:\p{L}+\s+)?(?:pasaport\w*|passports?)\b/u;
const CIVIL_SERVANT =
  /\b(?:memur\w*|civil servants?|public servants?|kamu gorevli\w*|devlet memur\w*)\b/;

/**
 * A special or service passport: named by its colour or kind, or asked about by a civil servant
 * (and family). The model had answered a grey passport's renewal as an ordinary renewal (0.88).
 */
export function specialPassport(folded: string): boolean {
  if (!NAMES_PASSPORT.test(folded)) return false;
  return SPECIAL_PASSPORT.test(folded) || CIVIL_SERVANT.test(folded);
}

// A passport damaged: torn, chewed, soaked, bent, burnt, its chip unreadable ("the dog chewed the
// photo page", "kapağı bükülmüş", "çipini okutamadılar", "ıslandı").
const DAMAGE =
  /\b(?:damag\w*|torn|tore|rip(?:ped|s)?|chew\w*|bitten|soak\w*|wet|water[- ]damag\w*|washed|bent|burn(?:t|ed)|faded|peel\w*|stain\w*|yirt\w*|islan\w*|isla(?:k|tt)\w*|bukul\w*|bukuk\w*|hasar\w*|yipran\w*|kemir\w*|cigne\w*|yanmis|yandi|lekelen\w*|kopmus|koptu)\b|\bcip\w*\s+(?:\p{L}+\s+)?(?:okun|okut)\w*(?:ma|me)\w*|\bchip\s+(?:\p{L}+\s+)?(?:can'?t|cannot|couldn'?t|could not|won'?t|wouldn'?t|doesn'?t|did not|didn'?t)\b/u;
// Travel within days: an emergency passport, not a new one.
const URGENT =
  /\b(?:tomorrow|tonight|urgent\w*|asap|emergency|this week|in (?:two|three|2|3) days|yarin|acil\w*|hemen|bu hafta|iki gun|uc gun)\b/;

/** A passport told of as damaged (not lost): its replacement, not a plain renewal. */
export function damagedPassport(folded: string): boolean {
  return NAMES_PASSPORT.test(folded) && DAMAGE.test(folded);
}

// A journey and a day within the week: "I have to fly tomorrow morning", "yarın uçağım var".
const JOURNEY =
  /\b(?:fly|flying|flight|travel\w*|plane|ticket|leave|leaving|ucus\w*|ucag\w*|ucak\w*|ucmam\w*|ucacag\w*|seyahat\w*|bilet\w*|yola)\b/;
const WITHIN_DAYS =
  /\b(?:tomorrow|tonight|this week|in (?:two|three|2|3) days|yarin|bu aksam|bu hafta|iki gun\w*|uc gun\w*)\b/;

/**
 * A journey within days told of ("I have to fly tomorrow morning", "yarın uçuşum var"); an urgency
 * alone ("hemen yenilemem lazım") is no journey. Folded text.
 */
export function travelsWithinDays(folded: string): boolean {
  return JOURNEY.test(folded) && WITHIN_DAYS.test(folded);
}

/** A damaged passport and no travel within days: the replacement, not an emergency passport. */
export function damagedPassportNotUrgent(folded: string): boolean {
  return damagedPassport(folded) && !URGENT.test(folded);
}

// The parents not married to each other ("we're not married", "evli değiliz", "evlilik dışı").
const NOT_MARRIED =
  /\b(?:not married|never married|unmarried|aren'?t married|weren'?t married|evli degil\w*|evlilik disi\w*|nikahsiz|nikahimiz yok|resmi nikah\w* yok)\b/;
const A_CHILD =
  /\b(?:child\w*|son|daughter|baby|babies|kid|kids|twins?|cocu\w*|oglum\w*|oglumuz\w*|kizim\w*|kizimiz\w*|bebe\w*)\b/;

/**
 * A child born to parents not married to each other: the father's acknowledgement of paternity
 * (the catalogue's "Babalık tanıma"), not a marriage's or a birth's registration. "We're not
 * married, but we had a son … legally recognised as mine" had been a marriage's registration.
 */
export function childOutsideMarriage(folded: string): boolean {
  return NOT_MARRIED.test(folded) && A_CHILD.test(folded);
}

// A deferment that exists ("has been postponed", "askerliğim ertelenmiş", "tecilliyim")…
const DEFERRED =
  /\b(?:postponed|deferred|deferment|ertelen\w*|ertelemis\w*|ertelettim\w*|tecil\w*)\b/;
// …and a return to Türkiye for good.
const RETURN_FOR_GOOD =
  /\b(?:for good|permanently|move back|moving back|moved back|going back (?:for good|permanently)|kesin don\w*|kesin olarak don\w*|temelli don\w*|tamamen (?:turkiye\S*\s+)?don\w*|kesin donus\w*)\b/;

/**
 * A deferment held while abroad and a return to Türkiye for good: the deferment ends (its
 * cancellation), whatever else the story says ("my military service has been postponed … I'm
 * moving back to Izmir for good" had been the paid exemption, unsure).
 */
export function deferredReturningForGood(folded: string): boolean {
  return DEFERRED.test(folded) && RETURN_FOR_GOOD.test(folded);
}

// The paid exemption already paid ("I've already paid the foreign-currency military fee",
// "dövizle askerlik bedelini ödedim")…
const PAID =
  /\b(?:already paid|have paid|i paid|we paid|paid (?:the|my|it)|odedim\w*|odemis\w*|odemeyi yaptim\w*|yatirdim\w*|odedikten)\b/;
// …and its basic training ("the short training", "temel eğitim", "21 günlük eğitim").
const TRAINING = /\b(?:training|trainings|egitim\w*|sevk\w*)\b/;

/** The paid exemption paid and its training asked about: the referral to basic training. */
export function trainingAfterPayment(folded: string): boolean {
  return PAID.test(folded) && TRAINING.test(folded);
}

// A document that shows one is not married ("confirming I'm not already married", "bekar
// olduğumu gösteren belge"), asked for in order to marry.
const SHOWS_UNMARRIED =
  /\b(?:(?:confirm\w*|prov\w*|show\w*|stat\w*|certif\w*|saying|that) (?:that )?(?:i'?m|i am|i'?m not|i am not|we are|we'?re) (?:not (?:already |yet )?married|single|unmarried|free to marry)|bekar oldug\w*|evli olmadig\w*)\b/;
const TO_MARRY = /\b(?:wedding|marry|marrying|get married|getting married|evlen\w*|nikah\w*)\b/;

/**
 * A document that shows one is free to marry, asked for a wedding abroad: the certificate of
 * capacity to marry, not a marriage's registration ("a document from Turkey confirming I'm not
 * already married before they'll give us a wedding date" had been that, unsure).
 */
export function provesUnmarriedToMarry(folded: string): boolean {
  return SHOWS_UNMARRIED.test(folded) && TO_MARRY.test(folded);
}

const NAMES_ID_CARD_ONLY =
  /\b(?:kimli[kg]\w*|nufus cuzdan\w*|identity cards?|id cards?|chip id|turkish id|my id)\b/;

/**
 * A register changed while the identity card (and no passport) still shows the old record: the
 * card's update, also when the model read the story as the correction itself (a court's
 * correction of a date of birth, already entered in the register).
 */
export function recordChangedCardOld(folded: string): boolean {
  return (
    recordChangedDocumentOld(folded) &&
    NAMES_ID_CARD_ONLY.test(folded) &&
    !NAMES_PASSPORT.test(folded)
  );
}

// A document set aside in its own sentence: "my passport is fine", "I don't need a new passport",
// "pasaportumu zaten aldım, onunla işim yok", "pasaport lazım değil". Folded text, one sentence.
const PASSPORT_WORD = String.raw`(?:pass?ports?|pass?aport\w*|paspor\w*)`;
const ID_CARD_WORD = String.raw`(?:kimlik\w*|nufus cuzdan\w*|identity cards?|id cards?|ids?)`;
const SET_ASIDE_AFTER = String.raw`[^.!?;]*?\b(?:isim yok|ile isim yok|sorun yok|problem yok|sorunu yok|gerek yok|lazim degil|istemiyorum|istemiyoruz|(?:is|are) (?:fine|ok|okay|valid|sorted|done|not the problem)|(?:isn'?t|aren'?t) the problem)\b`;
const SET_ASIDE_BEFORE = String.raw`\b(?:(?:don'?t|do not|didn'?t) (?:need|want)|no need for|not (?:asking )?about|already (?:have|got|renewed|sorted)) (?:a |an |my |the |any |our )?(?:new |fresh )?`;
function setAside(word: string): RegExp {
  return new RegExp(String.raw`\b${word}${SET_ASIDE_AFTER}|${SET_ASIDE_BEFORE}${word}\b`);
}
const PASSPORT_SET_ASIDE = setAside(PASSPORT_WORD);
const ID_CARD_SET_ASIDE = setAside(ID_CARD_WORD);

/**
 * The document a message names only to set it aside, when it names the other too: the one it
 * asks about is the other ("my passport I already got with the new surname, I have no business
 * with it; but my ID card still shows my maiden name" had been the passport's change of name).
 */
export function documentSetAside(folded: string): 'passport' | 'identity-card' | null {
  const passport = PASSPORT_SET_ASIDE.test(folded);
  const card = ID_CARD_SET_ASIDE.test(folded);
  if (passport === card) return null;
  return passport ? 'passport' : 'identity-card';
}

// Leaving Turkish citizenship asked about, not done ("Türk vatandaşlığından nasıl çıkılıyor",
// "çıkmak istiyorum", "getting released from it", "how do I renounce"): its renunciation.
const LEAVING_CITIZENSHIP =
  /\b(?:vatandaslig\w*|vatandasliktan)\s+(?:\p{L}+\s+)?(?:cikmak\w*|cikma\w*|cikil\w*|cikabil\w*|cikis\w*|birakmak\w*)|\b(?:renounce|renouncing|give up|giving up|get released|getting released|be released|released from|release from)\b/u;

/**
 * Leaving Turkish citizenship, asked about: its renunciation, not the notice of a second
 * nationality the model read in the new citizenship's story ("Japon vatandaşlığına geçiyorum,
 * … Türk vatandaşlığından nasıl çıkılıyor" had been that notice).
 */
export function leavingCitizenship(folded: string): boolean {
  return CITIZENSHIP.test(folded) && LEAVING_CITIZENSHIP.test(folded);
}

// What one owns, left to someone after one's death: "who gets it after I die", "ölmeden
// mallarımı kime bırakacağımı", "ölümümden sonra evim kime kalsın".
const AFTER_MY_DEATH =
  /\b(?:after (?:i die|my death|i'?m gone|i pass away)|when i die|olmeden(?:\s+once)?|olumumden sonra|oldukten sonra|ben olunce)\b/;
const LEAVE_TO =
  /\b(?:leave|leaving|left to|inherit\w*|gets? (?:it|my|the)|goes to|birak\w*|kalsin|kalacag\w*|miras\w*)\b/;

/**
 * What one leaves to whom after one's death: a will (the model had read "I can't travel" in such a
 * message as a travel document home).
 */
export function leavesAfterDeath(folded: string): boolean {
  return AFTER_MY_DEATH.test(folded) && LEAVE_TO.test(folded);
}

// Only a way home, not a passport: "I don't need a full passport, just something to get me
// home", "yeni pasaport istemiyorum, sadece Türkiye'ye dönebileyim".
const ONLY_WAY_HOME =
  /\b(?:don'?t|do not|no) need (?:a |an )?(?:full|new|whole|real|proper|regular)? ?passport|\b(?:just|only|simply) (?:\p{L}+ ){0,3}(?:home|back to turkey|back to turkiye)\b|\b(?:sadece|yalnizca) (?:\p{L}+ ){0,2}(?:eve|turkiye'?ye|memlekete) (?:geri )?(?:don|gid)\w*|\bpasaport\w* (?:istemiyorum|lazim degil|gerek yok)/u;

/** The writer wants only a way home, not a (new) passport. Folded text. */
export function onlyWayHome(folded: string): boolean {
  return ONLY_WAY_HOME.test(folded);
}

// A document the writer never had ("hiç Türk kimliğim olmadı", "I never had a Turkish passport",
// "hiç pasaport çıkarmadım").
const NEVER_HAD = String.raw`\b(?:hic\s+(?:\p{L}+\s+){0,2}WORD\w*\s+(?:\p{L}+\s+)?(?:olmadi|olmamis|cikarmadim|cikartmadim|almadim|yok)\w*|never (?:had|got|held|owned|been issued) (?:a |an |any |my )?(?:turkish )?WORD)`;
const NEVER_HAD_CARD = new RegExp(
  NEVER_HAD.replace(/WORD/g, String.raw`(?:kimlig|kimlik|nufus cuzdan|id|identity card)`),
  'u',
);
const NEVER_HAD_PASSPORT = new RegExp(NEVER_HAD.replace(/WORD/g, '(?:pasaport|passport)'), 'u');

/** An identity card the writer never had: its first issue. Folded text. */
export function neverHadIdCard(folded: string): boolean {
  return NEVER_HAD_CARD.test(folded);
}

/** A passport the writer never had: its first issue. Folded text. */
export function neverHadPassport(folded: string): boolean {
  return NEVER_HAD_PASSPORT.test(folded);
}

// A document said to have arrived or be ready ("kimliğin geldi diye mesaj attılar", "my passport
// is ready, the SMS said") and its collection asked about ("alsam", "pick it up", "teslim").
const ARRIVED =
  /\b(?:geldi\w*|gelmis\w*|hazir\w*|arrived|is ready|are ready|has come|came in|ready for (?:pick|collect)\w*)\b/;
const COLLECT =
  /\b(?:alsam|almaya|alabilir\w*|alirim|alacag\w*|teslim\w*|pick (?:it |them )?up|collect\w*|ugray\w*|ugrasam)\b/;

// The identity card named, its inflected forms folded too ("kimliğin" folds to "kimligin").
const ID_CARD_NAMED =
  /\b(?:kimli[kg]\w*|nufus cuzdan\w*|identity cards?|id cards?|chip id|turkish id|my id)\b/;

function documentArrived(folded: string): boolean {
  return ARRIVED.test(folded) && COLLECT.test(folded);
}

/** The identity card (and no passport) arrived, its collection asked about. Folded text. */
export function idCardArrived(folded: string): boolean {
  return documentArrived(folded) && ID_CARD_NAMED.test(folded) && !NAMES_PASSPORT.test(folded);
}

/** The passport (and no identity card) arrived, its collection asked about. Folded text. */
export function passportArrived(folded: string): boolean {
  return documentArrived(folded) && NAMES_PASSPORT.test(folded) && !ID_CARD_NAMED.test(folded);
}
