import { placeClass } from './hizir-classifier';
import { AnswerMemo } from './hizir-memo';
import { foldTurkish, turkishLower } from './turkish-text';

/**
 * Another country's passport or identity card ("my Canadian passport", "Alman pasaportum",
 * "Kanada pasaportu", "French ID card") is that country's business, not a Turkish mission's. The
 * classifier learns this from word pairs with a place in them, but only softly: "canadian
 * passport renewal" was answered as a Turkish passport renewal. This rule says so outright when
 * the message names another nationality's document and nothing Turkish ("Türk", "Turkish",
 * "Türkiye", "T.C."), so "I have a German passport, do I need a visa for Turkey" and "my son has a
 * German passport and needs a Turkish one" are left to the model.
 *
 * Only nationality words count, not a country's name before a bare noun: "Almanya'da pasaport"
 * and "almanyada pasaport" (in Germany) are the common way to say where, so a country's name
 * counts only with the compound's suffix ("Kanada pasaportu", "Almanya kimliği").
 */
const NATIONALITY = new Set(
  (
    'german french british english scottish irish american canadian dutch belgian austrian swiss ' +
    'italian spanish portuguese greek bulgarian romanian serbian hungarian czech polish swedish ' +
    'norwegian danish finnish russian ukrainian georgian azerbaijani iranian iraqi syrian ' +
    'egyptian saudi emirati qatari japanese chinese korean indian pakistani brazilian mexican ' +
    'australian cypriot uk eu ' +
    'alman fransiz ingiliz iskoc irlandali amerikan kanadali hollandali belcikali avusturyali ' +
    'isvicreli italyan ispanyol portekizli yunan bulgar romen sirp macar cek polonyali isvecli ' +
    'norvecli danimarkali fin rus ukraynali gurcu azeri iranli irakli suriyeli misirli suudi ' +
    'japon cinli koreli hintli pakistanli brezilyali meksikali avustralyali kibrisli'
  ).split(' '),
);
const COUNTRY = new Set(
  (
    'almanya fransa ingiltere irlanda amerika abd kanada hollanda belcika avusturya isvicre italya ' +
    'ispanya portekiz yunanistan bulgaristan romanya sirbistan macaristan cekya polonya isvec ' +
    'norvec danimarka finlandiya rusya ukrayna gurcistan azerbaycan iran irak suriye misir japonya ' +
    'kore hindistan pakistan brezilya meksika avustralya'
  ).split(' '),
);
const DOCUMENT = /^(?:passport|pasaport|id$|identity|kimlik|nufus)/;
// The compound's suffix after a country's name: "Kanada pasaportu(nu)", "Almanya kimliği", and
// with "my" ("Hollanda pasaportumu nasıl yenilerim", "Kanada kimliğim") — except where the message
// tells of a loss or theft: "Almanya pasaportumu kaybettim" may well be "in Germany", and reading
// a Turkish citizen's lost passport as another country's would leave them without help.
const COMPOUND_DOCUMENT = /^(?:pasaportu|kimligi)/;
const OWN_COMPOUND_DOCUMENT = /^(?:pasaportum|kimligim)/;
const LOSS = /\b(?:kaybet|kaybol|kayip|calin|caldir|caldi|stolen|lost)\w*/;
const TURKISH = /^(?:turk|tc$)/;
// A Turkish mission is where the question is asked, not whose document it is: "can the Turkish
// consulate renew my kid's German passport" names nothing Turkish of the citizen's.
const MISSION = /^(?:consul|embass|mission|konsolos|buyukelci|elcilig|temsilci)/;

// "US" is a nationality before a document only where it cannot be the pronoun: written "US" or
// "U.S.", or after an article or a possessive ("a us passport", "my us passport"), or opening the
// message ("us passport renewal"); "send us passport copies" is the pronoun.
const US_BEFORE = /^(?:a|an|the|my|our|his|her|their|your|new|old|expired)$/;

/** The message's words as written, folded, keeping an apostrophe's suffix ("İspanya'da"). */
function foldedWords(text: string): string[] {
  let words = recentWords.get(text);
  if (words === undefined) {
    words = foldTurkish(turkishLower(text))
      .split(/[^\p{L}\p{N}'’]+/u)
      .map((w) => w.replace(/^['’]+|['’]+$/g, ''))
      .filter((w) => w.length > 0);
    recentWords.set(text, words);
  }
  // A copy: callers may change their list.
  return words.slice();
}

/** foldedWords of the texts of the answer being worked out (hizir-memo.ts): the rules below read
 * one message several times. */
const recentWords = new AnswerMemo<readonly string[]>('foldedWords');

/** Whether word i of the message is a nationality word (with "US" read as above). */
function isNationality(words: string[], i: number, text: string): boolean {
  const w = words[i]!;
  if (NATIONALITY.has(w)) return true;
  if (w !== 'us' && w !== 'u.s') return false;
  return /\b(?:US|U\.S\.?)\b/.test(text) || i === 0 || US_BEFORE.test(words[i - 1] ?? '');
}

/**
 * Whether the Turkish word i is one half of a dual nationality ("dual British-Turkish", "I'm
 * Turkish-German", "Türk-Alman"): it says who the citizen is, not whose document the message is
 * about ("My British passport expired (I'm dual British-Turkish)" had been a Turkish renewal).
 */
function dualPart(words: string[], i: number, text: string): boolean {
  return (
    (i > 0 && isNationality(words, i - 1, text) && !TURKISH.test(words[i - 1]!)) ||
    (i + 1 < words.length && isNationality(words, i + 1, text) && !TURKISH.test(words[i + 1]!)) ||
    words[i - 1] === 'dual'
  );
}

/** True when the message names another country's passport or ID card and nothing Turkish. */
export function namesForeignDocument(text: string): boolean {
  const lower = foldTurkish(turkishLower(text));
  if (/(?:^|\s)t\.\s?c\.?(?:\s|$)/.test(lower)) return false;
  const folded = foldedWords(text);
  if (
    folded.some(
      (w, i) => TURKISH.test(w) && !MISSION.test(folded[i + 1] ?? '') && !dualPart(folded, i, text),
    )
  )
    return false;
  for (let i = 0; i + 1 < folded.length; i++) {
    const w = folded[i]!;
    const next = folded[i + 1]!;
    if (isNationality(folded, i, text) && DOCUMENT.test(next)) return true;
    if (COUNTRY.has(w) && COMPOUND_DOCUMENT.test(next))
      if (!OWN_COMPOUND_DOCUMENT.test(next) || !LOSS.test(lower)) return true;
  }
  return false;
}

// Kinds of visa that may stand between a country and "visa" ("a US tourist visa", "Amerika
// turist vizesi", "uk visitor visa"). Folded.
const VISA_KIND =
  /^(?:tourist|tourism|visitor|visit|student|study|work|working|business|travel|entry|transit|family|turist\w*|ogrenci|calisma|ticari|aile|giris|ziyaret\w*)$/;

/**
 * True when the message names another country's visa ("a US tourist visa", "Japanese visa",
 * "Amerika vizesi", "Schengen vizesi ücreti") and asks about no visa to come to Türkiye
 * (asksVisaToTurkiye): a Turk's visa for another country is that country's mission's business.
 * A country's name or a nationality word counts when it stands right before the visa word, or
 * before one or two words of a visa's kind. Folded or not.
 */
export function namesForeignVisa(text: string): boolean {
  const words = foldedWords(text);
  const folded = words.join(' ');
  if (asksVisaToTurkiye(folded)) return false;
  for (let i = 0; i + 1 < words.length; i++) {
    const w = words[i]!.split("'")[0]!;
    // "us" only as isNationality reads it ("give us visa info" is the pronoun).
    if (!((w !== 'us' && COUNTRY_NAME.has(w)) || isNationality(words, i, text))) continue;
    if (/^turk/.test(w)) continue;
    // Another country's mission named where a visa is asked about ("the Greek consulate in
    // Izmir", "Alman konsolosluğu"): that mission's visa, wherever it is.
    if (MISSION.test(words[i + 1] ?? '') && words.some((x) => VISA_WORD.test(x))) return true;
    let j = i + 1;
    while (j < words.length && j <= i + 2 && VISA_KIND.test(words[j]!)) j++;
    if (j < words.length && VISA_WORD.test(words[j]!)) return true;
  }
  // Another country's electronic travel authorisation named (the United States' ESTA, the EU's
  // ETIAS): that country's online system, never a Turkish mission's, whatever else is asked.
  if (words.some((w) => FOREIGN_TRAVEL_AUTHORISATION.test(w.split("'")[0]!))) return true;
  return visaToAnotherCountry(words);
}

// The names of other countries' electronic travel authorisations (folded words). Not "eta", which
// is also "estimated time of arrival".
const FOREIGN_TRAVEL_AUTHORISATION = /^(?:esta|etias)$/;

// Where one goes, before a country's name: "a visa to Japan", "do I need a visa to go to Japan",
// "visa for Canada", "travelling into the US".
const TO_PLACE = /^(?:to|into|for|visit|visiting|enter|entering)$/;
// A Turkish country name in the dative ("Japonya'ya", "japonyaya", "ABD'ye", "İngiltere'ye").
const DATIVE = /^(\p{L}+?)y?[ae]$/u;
// Who, not where: "a visa for US citizens", "for Indian nationals".
const WHO_AFTER = /^(?:citizens?|nationals?|passport|passports|holders?|vatandas\w*)$/;

/**
 * A visa word and another country as where one goes ("I'm a Turkish citizen living in Spain, do I
 * need a visa to go to Japan?", "japonyaya vize lazım mı"), and no place in Türkiye: that
 * country's mission's. The message had been answered as the Turkish e-visa. Where one lives ("in
 * Spain") is not where one goes. Folded words.
 */
function visaToAnotherCountry(words: string[]): boolean {
  if (!words.some((w) => VISA_WORD.test(w))) return false;
  const stems = words.map((w) => w.split("'")[0]!.replace(/-/g, ''));
  if (stems.some((w) => /^turk(?:ey|iye)/.test(w) || placeClass(w) === '@tr')) return false;
  return words.some((w, i) => {
    const bare = w.replace(/['’]/g, '');
    if (WHO_AFTER.test(words[i + 1] ?? '')) return false;
    if (bare !== 'us' && COUNTRY_NAME.has(bare) && TO_PLACE.test(words[i - 1] ?? '')) return true;
    // Turkish names only: "use" is not "us" in the dative.
    const dative = DATIVE.exec(bare);
    return (
      dative !== null &&
      !COUNTRY_NAME.has(bare) &&
      !/^(?:us|uk)$/.test(dative[1]!) &&
      COUNTRY_NAME.has(dative[1]!)
    );
  });
}

// A Turkish place: the country, or one of its fifteen largest cities (by judgement). Folded text.
const TURKISH_PLACE =
  '(?:turkey|turkiye|istanbul|ankara|izmir|bursa|antalya|adana|konya|gaziantep|kayseri|mersin|eskisehir|samsun|trabzon|diyarbakir|denizli)';
// The one asking lives in Türkiye: "I live in Ankara", "we are living in Turkey", "while living in
// Istanbul", "İzmir'de yaşıyoruz", "Ankara'da oturuyorum", "yurt dışında yaşamıyorum", "born in
// Izmir last month, we live there", and a message that opens on someone living there ("Türkiye'de
// yaşayan kardeşim …"). Not someone else living there in passing ("my son's father lives in
// Turkey", "babası Türkiye'de yaşıyor"): the consent or power of attorney is still asked of the
// mission.
const LIVES_IN_TURKIYE = new RegExp(
  [
    `\\b(?:i|we)(?:'m| am|'re| are)?\\s+(?:live|living|based|resident|residing)\\s+in\\s+${TURKISH_PLACE}\\b`,
    `\\b(?:while|already|currently|now)\\s+(?:living|residing|based)\\s+in\\s+${TURKISH_PLACE}\\b`,
    `${TURKISH_PLACE}'?(?:de|da|te|ta)\\s+(?:yasiyor(?:um|uz)|yasamaktayi[mz]|oturuyor(?:um|uz)|ikamet\\s+ediyor(?:um|uz))\\b`,
    `\\b(?:yurt ?disinda|abroad)\\s+(?:yasamiyor|oturmuyor)\\w*`,
    `\\b(?:do not|don't|dont) live abroad\\b`,
    `\\b${TURKISH_PLACE}\\b[^.;?!]{0,40}\\b(?:we|i) live there\\b`,
    `^${TURKISH_PLACE}'?(?:de|da|te|ta)\\s+(?:yasayan|oturan|ikamet eden)\\b`,
    // Is there now, however long ("I am in Turkey right now", "I'm in Ankara for the summer",
    // "istanbuldayım", "Türkiye'deyiz"): the matter is then the authority's at home as well.
    `\\b(?:i|we)(?:'m|m| am|'re| are)\\s+(?:currently\\s+|now\\s+|staying\\s+)?in\\s+${TURKISH_PLACE}\\b`,
    `\\b${TURKISH_PLACE}'?(?:de|da|te|ta)(?:yim|yiz)\\b`,
  ].join('|'),
);

/**
 * True when the message says that the one asking lives in Türkiye (folded text, as
 * messageForms gives it). A consulate serves citizens abroad: at home the same passport, identity
 * card, registration or military matter is a Turkish authority's (the police, the population
 * office, the military recruitment office), so the engine hands such a question off as out of
 * scope instead of answering it with a mission's procedure.
 */
export function livesInTurkiye(folded: string): boolean {
  return LIVES_IN_TURKIYE.test(folded);
}

const VISA_WORD = /^(?:visas?|vize\w*|e-?visas?|e-?vize\w*)$/;
// Another country by name (folded; not its adjective, which names who asks: "I'm a Chinese
// engineer", "we're indian"). A message naming one asks about that country's visa ("uk visa for my
// mum", "İspanya vizesi") unless it is a transit through Türkiye on the way there. Assumption: the
// countries citizens abroad name most, as in the classifier's place list, and a few more.
const COUNTRY_NAME = new Set(
  (
    'germany almanya france fransa netherlands holland hollanda belgium belcika austria avusturya ' +
    'switzerland isvicre uk britain england ingiltere scotland iskocya ireland irlanda usa us ' +
    'america amerika abd canada kanada australia avustralya italy italya spain ispanya portugal ' +
    'portekiz greece yunanistan georgia gurcistan serbia sirbistan bulgaria bulgaristan romania ' +
    'romanya sweden isvec norway norvec denmark danimarka finland finlandiya poland polonya russia ' +
    'rusya ukraine ukrayna japan japonya china cin korea kore india hindistan egypt misir dubai ' +
    'emirates uae bae qatar katar iran iraq irak azerbaijan azerbaycan schengen brazil brezilya ' +
    'mexico meksika cyprus kibris thailand tayland singapore singapur vietnam morocco fas ' +
    'nigeria nijerya pakistan bangladesh banglades indonesia endonezya malaysia malezya'
  ).split(' '),
);
const TRANSIT = /\b(?:transit|layover|stopover|connecting|change planes|aktarma|transfer)\w*/;
// Staying on, not coming: a residence permit or a visa's extension is the migration authority's
// in Türkiye; a refund of an e-visa is the e-visa system's.
const NOT_AN_ENTRY_VISA =
  /\b(?:extend|extension|uzat|overstay|ikamet|residence|oturum|refund|iade|geri al|money back|deport)\w*/;

// A work permit (the Ministry of Labour's pre-approval an employer in Türkiye applies for)…
const WORK_PERMIT = /\b(?:permit\w*|pre-?approv\w*|calisma izn\w*|calisma izin\w*|on onay\w*)\b/;
// …by an employer that has taken the writer on.
const HIRED =
  /\b(?:hired|hiring|job|jobs|employer\w*|job offer|work contract|isveren\w*|is teklif\w*|ise alin\w*|ise alindim|is buldum|isi aldim)\b/;

/**
 * True when a foreigner hired by an employer in Türkiye tells of the work permit it has started
 * or had approved ("a hotel in Antalya has hired me … they've started my permit", "landed a job in
 * istanbul, the permit got pre-approved"): the next step is the work visa at the mission, though
 * no visa is named and the gate took the story for another country's immigration matter. Not a
 * permit's extension or a residence permit (the migration authority's). Folded text.
 */
export function hiredWithWorkPermitInTurkiye(folded: string): boolean {
  if (!WORK_PERMIT.test(folded) || !HIRED.test(folded)) return false;
  if (NOT_AN_ENTRY_VISA.test(folded)) return false;
  const words = folded.split(/[^\p{L}\p{N}'-]+/u).filter((w) => w.length > 0);
  const stems = words.map((w) => w.split("'")[0]!.replace(/-/g, ''));
  return stems.some((w) => /^turk(?:ey|iye)/.test(w) || placeClass(w) === '@tr');
}

/**
 * True when the message asks about a visa to come to Türkiye (a place in Türkiye named, no other
 * country unless passing through in transit, nothing about staying on or a refund): a foreigner
 * asking a Turkish mission for a business, transit or tourist visa, which the out-of-scope gate
 * may take for another country's visa because the one asking names their nationality. Folded text.
 */
export function asksVisaToTurkiye(folded: string): boolean {
  const words = folded.split(/[^\p{L}\p{N}'-]+/u).filter((w) => w.length > 0);
  if (!words.some((w) => VISA_WORD.test(w))) return false;
  if (NOT_AN_ENTRY_VISA.test(folded)) return false;
  const stems = words.map((w) => w.split("'")[0]!.replace(/-/g, ''));
  const inTurkiye = stems.some((w) => /^turk(?:ey|iye)/.test(w) || placeClass(w) === '@tr');
  if (!inTurkiye || namesForeignMission(words)) return false;
  return TRANSIT.test(folded) || !stems.some((w) => COUNTRY_NAME.has(w));
}

/**
 * Another country's mission named ("the Greek consulate", "German embassy", "Alman konsolosluğu",
 * "Japonya büyükelçiliği"): a nationality or a country's name right before a mission word, not
 * Turkish. A visa asked of it is that country's, even in a Turkish city ("does the greek consulate
 * in izmir give visas same day" had been read as a visa to come to Türkiye). Folded words.
 */
function namesForeignMission(words: string[]): boolean {
  return words.some((w, i) => {
    const bare = w.split("'")[0]!;
    if (/^turk/.test(bare) || !MISSION.test(words[i + 1] ?? '')) return false;
    return NATIONALITY.has(bare) || (bare !== 'us' && COUNTRY_NAME.has(bare));
  });
}

// Where the one asking lives abroad, as a clause: "while living in Spain", "I live in Berlin",
// "we're based in Lyon", "İspanya'da yaşıyorum". Lower-cased text (not folded: the rest is ranked).
const LIVES_ABROAD = new RegExp(
  [
    `(?:,\\s*)?\\b(?:while|as|since|and)?\\s*(?:i|we)?(?:'m|m| am|'re| are)?\\s*(?:currently\\s+|now\\s+)?(?:live|living|based|residing|resident)\\s+in\\s+(\\p{L}+)`,
    `(?:,\\s*)?(?<![\\p{L}])(\\p{L}+)['’]?(?:da|de|ta|te)\\s+(?:yaşıyorum|yaşıyoruz|yaşamaktayım|oturuyorum|oturuyoruz|ikamet ediyorum)`,
  ].join('|'),
  'u',
);

/**
 * The message without its clause saying that the one asking lives abroad, or null when it has
 * none (or the place is in Türkiye: livesInTurkiye's matter). Living abroad is what a mission's
 * citizens have in common, yet the classifier learnt a foreign place as a sign of another
 * country's matter: "how can I obtain a Turkish passport while living in Spain" was unsure, and
 * "how can I get a Turkish passport while living in Spain" out of scope.
 */
export function withoutResidenceAbroad(text: string): string | null {
  const lower = turkishLower(text);
  const m = LIVES_ABROAD.exec(lower);
  if (!m) return null;
  const place = foldTurkish(m[1] ?? m[2] ?? '');
  if (new RegExp(`^${TURKISH_PLACE}$`).test(place)) return null;
  // The words as written where lower-casing kept the length (it does but for a few letters).
  const source = lower.length === text.length ? text : lower;
  const rest = (source.slice(0, m.index) + ' ' + source.slice(m.index + m[0].length))
    .replace(/\s+/g, ' ')
    .trim();
  return rest.length > 0 ? rest : null;
}

// Another country's immigration status: its citizenship, its residence or work permit, the EU
// Blue Card, the US green card. Folded words; a status of one word or two.
const STATUS_ONE =
  /^(?:citizenship|nationality|naturali[sz]ation|residency|vatandaslig\w*|vatandaslik\w*|oturumu\w*|greencard|einburgerung)$/;
const STATUS_TWO =
  /^(?:blue card|green card|residence permit|residence card|work permit|permanent residence|permanent residency|settled status|pre settled|mavi kart\w*|yesil kart\w*|oturum izn\w*|oturma izn\w*|calisma izn\w*)$/;
// Words only another country's immigration uses (German: the foreigners' office, the residence
// title, the EU Blue Card): a message naming one asks about that country's procedure.
const FOREIGN_IMMIGRATION_WORD =
  /^(?:auslanderbehorde|auslaenderbehoerde|auslaenderamt|auslanderamt|aufenthaltstitel|aufenthaltserlaubnis|niederlassungserlaubnis|blaue|ircc|uscis)$/;
// A residence or work permit is never a Turkish mission's: extended, renewed or applied for
// anywhere, it is the host country's (or, in Türkiye, the migration authority's) business.
const PERMIT = /\b(?:residence permit|work permit|oturum izn|oturma izn|calisma izn|ikamet izn)\w*/;
const MISSION_NAMED = /\b(?:consul|embass|konsolos|buyukelci|elcilik)\w*/;
const PERMIT_ACTION =
  /\b(?:extend|extension|renew|apply|applying|application|uzat|yenile|basvur|nasil alin|almak|alabilir)\w*/;
// Already holding it ("I got British citizenship", "Alman vatandaşı oldum", "Hollanda
// vatandaşlığı aldım"): the question is then what follows for the Turkish side (a dual citizenship
// notice, the Blue Card for former citizens), a mission's matter.
const HOLDS =
  /\b(?:got|have|has|had|hold|holding|obtained|received|became|become|acquired|took|aldim|aldik|aldi|oldum|olduk|oldu|sahibiyim|gectim|gectik|kazandim)\b/;
// The Turkish side of a change of citizenship, which a mission handles.
const TURKISH_SIDE =
  /\b(?:renounc|give up|giving up|lose|losing|keep|dual|double|notif|inform|tell|cikma|cikis|cikmak|birak|kaybet|koru|cifte|bildir|former|eski)\w*/;

/**
 * True when the message asks about another country's immigration status — its citizenship
 * ("canadian citizenship application", "Hollanda vatandaşlık sınavı"), the EU Blue Card ("EU blue
 * card requirements", "german blue card salary threshold"), a green card, a residence or work
 * permit ("almanyada oturum iznimi uzatmam lazım", "Ausländerbehörde randevu") — and names nothing
 * Turkish: that country's immigration office handles it, not a Turkish mission. A nationality word
 * or a country's name must stand right before the status, except for the permits and the foreign
 * office words, which no Turkish mission ever issues. Not when the one asking already holds the
 * status ("I got British citizenship, do I have to tell …") or asks about the Turkish side of it
 * (renouncing, dual citizenship, the Blue Card for former citizens): those are the citizenship
 * operations'.
 */
export function namesForeignStatus(text: string): boolean {
  const words = foldedWords(text).map((w) => w.split("'")[0]!);
  const folded = words.join(' ');
  if (words.some((w) => TURKISH.test(w)) || /(?:^|\s)t\s?c(?:\s|$)/.test(folded)) return false;
  if (HOLDS.test(folded) || TURKISH_SIDE.test(folded)) return false;
  // German words keep their umlauts after Turkish folding ("ausländerbehörde"): marks dropped.
  const plain = (w: string): string => w.normalize('NFD').replace(/\p{M}/gu, '');
  if (words.some((w) => FOREIGN_IMMIGRATION_WORD.test(plain(w)))) return true;
  // A permit asked about for its own sake; not a mission's document wanted for it ("oturum izni
  // için sabıka kaydı istiyorlar, konsolosluktan adli sicil belgesi alabilir miyim?").
  if (PERMIT.test(folded) && PERMIT_ACTION.test(folded) && !MISSION_NAMED.test(folded)) return true;
  for (let i = 0; i + 1 < words.length; i++) {
    const w = words[i]!;
    const foreign =
      isNationality(words, i, text) ||
      (w !== 'us' && COUNTRY_NAME.has(w)) ||
      w === 'avrupa' ||
      w === 'ab' ||
      w === 'european';
    if (!foreign) continue;
    const next = words[i + 1]!;
    const two = `${next} ${words[i + 2] ?? ''}`.trim();
    if (STATUS_ONE.test(next) || STATUS_TWO.test(two)) return true;
  }
  return false;
}
