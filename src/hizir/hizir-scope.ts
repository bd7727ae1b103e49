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
// The compound's suffix after a country's name: "Kanada pasaportu(nu)", "Almanya kimliği", not
// "pasaportum(u)" ("Almanya pasaportumu kaybettim" may well be "in Germany").
const COMPOUND_DOCUMENT = /^(?:pasaportu(?!m)|kimligi(?!m))/;
const TURKISH = /^(?:turk|tc$)/;

/** True when the message names another country's passport or ID card and nothing Turkish. */
export function namesForeignDocument(text: string): boolean {
  // Words as written, keeping an apostrophe's suffix: "İspanya'da" is a place, not a name.
  const lower = foldTurkish(turkishLower(text));
  if (/(?:^|\s)t\.\s?c\.?(?:\s|$)/.test(lower)) return false;
  const folded = lower
    .split(/[^\p{L}\p{N}'’]+/u)
    .map((w) => w.replace(/^['’]+|['’]+$/g, ''))
    .filter((w) => w.length > 0);
  if (folded.some((w) => TURKISH.test(w))) return false;
  for (let i = 0; i + 1 < folded.length; i++) {
    const w = folded[i]!;
    const next = folded[i + 1]!;
    if (NATIONALITY.has(w) && DOCUMENT.test(next)) return true;
    if (COUNTRY.has(w) && COMPOUND_DOCUMENT.test(next)) return true;
  }
  return false;
}
