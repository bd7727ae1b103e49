/**
 * Two stories the model reads as the wrong operation of the right document (round 14): a passport
 * that must be cancelled, and a register changed while the document still shows the old record.
 * Each function reads folded text (turkishLower, then foldTurkish, as messageForms gives it).
 */

const NAMES_PASSPORT = /\b(?:passports?|pasaport\w*)\b/;

// A lost or stolen passport told of, then found again: "the lost passport turned up", "kayıp
// pasaport çıktı", "eski pasaportumu buldum" (the catalogue: a found passport already reported
// lost is cancelled).
const LOSS = /\b(?:lost|stolen|missing|kayb\w*|kayip\w*|calin\w*|caldir\w*|reported)\b/;
const FOUND =
  /\b(?:found|turned up|showed up|resurfaced|buldu\w*|buldum\w*|bulduk\w*|bulundu\w*|bulunca)\b|\bpasaport\w*\s+(?:\p{L}+\s+)?(?:cikti|ortaya cikti)\b/u;
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
