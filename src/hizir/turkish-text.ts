/**
 * Turkish-aware text handling for Hızır: casing, folding, tokenising, stemming and the
 * matching features a token contributes. Pure functions; stems are memoised because a
 * citizen's vocabulary is small and repetitive.
 */

import { addOwnWord, AnswerMemo, WordMemo } from './hizir-memo';

export type HizirLang = 'tr' | 'en';

interface Stemmer {
  stem(word: string): string;
}

// The Snowball module (every language in one large file) loads on the first stem not already in
// the caches below: `consular-sim ask` seeds them from the build's snapshot (hizir-snapshot.ts).
let stemmers: { tr: Stemmer; en: Stemmer } | undefined;
function snowball(): { tr: Stemmer; en: Stemmer } {
  if (!stemmers) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy, see above
    const { newStemmer } = require('snowball-stemmers') as typeof import('snowball-stemmers');
    stemmers = { tr: newStemmer('turkish'), en: newStemmer('english') };
  }
  return stemmers;
}

/**
 * Characters that stand for one plain letter, digit, sign or space each: the ideographic space,
 * the circled Latin letters, the full-width and half-width forms and the mathematical letters and
 * digits (bold, italic, script, double-struck...). Only these are replaced, not every character
 * NFKC changes, so a message never grows: NFKC makes up to 18 characters of one (U+FDFA), and a
 * 1,000-character message of those took Hızır 250 ms to answer against about 10 ms, a cheap way
 * to load the API. Ligatures (`ﬁ`, three letters of one) are left as they are for the same
 * reason, and so is U+FFE3, the full-width macron, whose NFKC form is two characters.
 */
const COMPATIBILITY_RUN = /[\u3000\u24b6-\u24e9\uff01-\uffe2\uffe4-\uffee\u{1d400}-\u{1d7ff}]+/gu;

/**
 * Characters that draw nothing (Unicode's default-ignorable code points): a soft hyphen or a
 * zero-width space inside a word copied from a web page, a bidirectional mark, a variation
 * selector, a Hangul filler. Each split the word it sat in.
 */
const INVISIBLE = /\p{Default_Ignorable_Code_Point}+/gu;
const ASCII_ONLY = /^[\0-\x7f]*$/;

/**
 * A citizen's message as Hızır reads it: without invisible characters (INVISIBLE), and with
 * compatibility characters (COMPATIBILITY_RUN) replaced by the letters, digits and spaces they
 * stand for (their NFKC form): full-width Latin from a Chinese, Japanese or Korean keyboard in
 * full-width mode (`ｐａｓｓｐｏｒｔ`, `１`) and the bold, script or circled letters of "fancy text"
 * (`𝐩𝐚𝐬𝐚𝐩𝐨𝐫𝐭`, `ⓟⓐⓢⓢ`). Every word the knowledge base and the trained model know is written
 * without them, so such a message was read as unknown words: "I lost my ｐａｓｓｐｏｒｔ" was
 * answered with the identity card's procedure (0.88), "ｍｙ ｂｒｏｔｈｅｒ ｗａｓ ａｒｒｅｓｔｅｄ" was
 * handed off as out of scope, in Turkish, not as the arrest it is, and "arr<soft hyphen>ested"
 * lowered that arrest's confidence from 0.95 to 0.78 (before 7 December 2026). The committed
 * questions hold none of these characters, so the model's figures do not move.
 */
export function plainForm(text: string): string {
  if (ASCII_ONLY.test(text)) return text;
  return text.replace(INVISIBLE, '').replace(COMPATIBILITY_RUN, (run) => run.normalize('NFKC'));
}

const ASCII_WITHOUT_CAPITAL_I = /^[\0-HJ-\x7f]*$/;

/**
 * The lower-cased and the tokenised form of each text read while an answer is worked out: the
 * rules read one message many times over (a score, the rules, a clause, each again after a
 * correction), so each form is worked out once per answer and copied. Nothing is kept once the
 * answer returns (hizir-memo.ts): a citizen's message does not stay in memory.
 */
const lowerMemo = new AnswerMemo<string>('turkishLower');
const tokenMemo = new AnswerMemo<readonly string[]>('tokenize');

/** Lower-cases with Turkish rules (I→ı, İ→i) and drops the stray combining dot (U+0307). */
export function turkishLower(text: string): string {
  // ASCII without a capital I (the one letter Turkish lower-cases differently, to ı) is already
  // in NFC and lower-cases the same under both rules: the quick path, which ICU's is not.
  if (ASCII_WITHOUT_CAPITAL_I.test(text)) return text.toLowerCase();
  let lower = lowerMemo.get(text);
  if (lower === undefined) {
    lower = text
      .normalize('NFC')
      .toLocaleLowerCase('tr')
      .replace(/\u0307/g, '');
    lowerMemo.set(text, lower);
  }
  return lower;
}

const FOLD: Record<string, string> = {
  ç: 'c',
  ğ: 'g',
  ı: 'i',
  ö: 'o',
  ş: 's',
  ü: 'u',
  â: 'a',
  î: 'i',
  û: 'u',
};

const FOLDABLE = /[çğıöşüâîû]/;
const FOLDABLE_ALL = /[çğıöşüâîû]/g;

/** Folds Turkish letters to their ASCII look-alikes, so "ışık" and "isik" match. */
export function foldTurkish(text: string): string {
  // Most words have no letter to fold: testing first spares a copy and a call per letter.
  if (!FOLDABLE.test(text)) return text;
  return text.replace(FOLDABLE_ALL, (c) => FOLD[c] ?? c);
}

// A suffix after an apostrophe ("Türkiye'de", "TC'ye") is inflection on a proper noun: drop it.
const APOSTROPHE_SUFFIX = /['’`´]\p{L}{0,6}/gu;
const NON_WORD = /[^\p{L}\p{N}]+/u;

/** Lower-cased (Turkish rules), unfolded tokens with punctuation and apostrophe suffixes removed. */
export function tokenize(text: string): string[] {
  let tokens = tokenMemo.get(text);
  if (tokens === undefined) {
    tokens = turkishLower(text)
      .replace(APOSTROPHE_SUFFIX, ' ')
      .split(NON_WORD)
      .filter((t) => t.length > 0);
    tokenMemo.set(text, tokens);
  }
  // A copy: callers may change their list.
  return tokens.slice();
}

/** Lower-cases, folds and strips punctuation: the form used for exact matching. */
export function normalize(text: string): string {
  return tokenize(text).map(foldTurkish).join(' ');
}

/**
 * Stems of the engine's own words, kept (hizir-memo.ts); of any other word, for one answer. Every
 * word a citizen sends to POST /hizir/messages had been kept too, and a client sending random
 * words grew the API's heap (about 40 MB per 1,000 messages of 90 words, before a bound). Past
 * the limit a memo starts afresh; stems are recomputed as needed and are the same. Assumption:
 * 50,000, ten times the vocabulary, a few MB.
 */
export const STEM_CACHE_LIMIT = 50_000;
const turkishStemCache = new WordMemo<string>('stemTurkish', STEM_CACHE_LIMIT);
const englishStemCache = new WordMemo<string>('stemEnglish', STEM_CACHE_LIMIT);

/** Every stem of the engine's own words computed so far (token → stem), to store in a snapshot. */
export function stemCaches(): { tr: Record<string, string>; en: Record<string, string> } {
  return {
    tr: Object.fromEntries(turkishStemCache.entries()),
    en: Object.fromEntries(englishStemCache.entries()),
  };
}

/**
 * Seeds the stem memos with stems computed earlier by the same stemmers (a snapshot). A snapshot
 * holds the stems of the knowledge base's words only (stemCaches keeps no other), so its words
 * are registered as the engine's own (hizir-memo.ts).
 */
export function seedStemCaches(stems: {
  tr: Record<string, string>;
  en: Record<string, string>;
}): void {
  for (const [k, v] of Object.entries(stems.tr)) {
    addOwnWord(k);
    turkishStemCache.set(k, v);
  }
  for (const [k, v] of Object.entries(stems.en)) {
    addOwnWord(k);
    englishStemCache.set(k, v);
  }
}

/** Snowball Turkish stem of a lower-cased token, folded afterwards (the stemmer needs ç, ğ, ı…). */
export function stemTurkish(token: string): string {
  let stem = turkishStemCache.get(token);
  if (stem === undefined) {
    stem = foldTurkish(snowball().tr.stem(token));
    turkishStemCache.set(token, stem);
  }
  return stem;
}

/** Snowball English stem of a lower-cased token (folded first: "VISA" lower-cases to "vısa"). */
export function stemEnglish(token: string): string {
  let stem = englishStemCache.get(token);
  if (stem === undefined) {
    stem = snowball().en.stem(foldTurkish(token));
    englishStemCache.set(token, stem);
  }
  return stem;
}

// Turkish softens a final k to ğ before a vowel (çocuk → çocuğu); once folded and stemmed the
// two spellings differ only in that last letter, so both sides use the hard form.
function hardenFinal(stem: string): string {
  return stem.length > 3 && stem.endsWith('g') && /[aeiou]/.test(stem[stem.length - 2] ?? '')
    ? stem.slice(0, -1) + 'k'
    : stem;
}

/**
 * Prefix length used as a crude stem for text typed without Turkish letters, where the
 * Snowball stemmer cannot see the suffixes. Assumption: 5 letters, the value found best for
 * Turkish retrieval in the information-retrieval literature ("F5 stemming", Can et al. 2008).
 */
export const PREFIX_STEM_LENGTH = 5;

/** Matching features of one lower-cased token: Turkish stem, English stem, 5-letter prefix. */
export function tokenFeatures(token: string): string[] {
  const folded = foldTurkish(token);
  const out = new Set<string>();
  out.add(hardenFinal(stemTurkish(token)));
  out.add(hardenFinal(stemEnglish(token)));
  if (folded.length > PREFIX_STEM_LENGTH) out.add('~' + folded.slice(0, PREFIX_STEM_LENGTH));
  else out.add(folded);
  return [...out];
}

// Function words, folded. They carry no topic: every answer gives documents, fee and channel
// anyway, so "ne kadar" / "how much" need not steer retrieval.
const STOPWORDS_TR = `acaba ama ancak artik bana bazi be beni benim bir biri birisi biz bize bizim bu buna bunu
  bunun cok da daha de degil diye en gibi hangi hem hep her hic icin ile ise iste istiyorum istiyoruz
  kac kadar ki kim mi mu nasil ne neden nedir nerde nerede nereden nereye niye o olarak olan olur
  olsun ona onu onun sen sey seyler siz size sizin su sunu tesekkur tesekkurler lutfen merhaba
  selam slm mrb var ve veya ya yani yok gerek gerekiyor lazim lazım yapabilirim yapmam yapmak
  nasi naslı nsl ney napmam napcam hocam abi abla arkadaslar bilgi almak istiyordum rica ederim
  midir mudur misiniz musunuz mısınız olabilir olacak oluyor edebilir ediyorum yardim yardımcı
  yapılır yapılıyor yapmalıyım yaptırmak yaptırabilir yaptırmam yapabilir yapılabilir yapıyor
  alınır alırım alabilir alabilirim alınıyor alacağım edilir etmek etmem ettirmek gerekir
  gerekli gereken mümkün nereden nereye nasıl istiyoruz olması olmak`;
const STOPWORDS_EN = `a about am an and any are as at be been but by can could do does for from get got
  has have hello hi how i if in is it its me my need needs of on or our please should so that the
  their them there these this to us want was we what when where which who will with would you your
  thanks thank hey much many some tell know anyone someone possible do does done doing im i'm
  make take go going able`;

const STOPWORDS = new Set(
  (STOPWORDS_TR + ' ' + STOPWORDS_EN)
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .map((w) => foldTurkish(turkishLower(w))),
);

/** True for a function word (in either language) that should not count as topic evidence. */
export function isStopword(token: string): boolean {
  return STOPWORDS.has(foldTurkish(token));
}

// Words of the consular domain itself: nearly every question has them, so they tell Hızır that a
// question is consular (coverage) without telling which operation it is about (no ranking).
// Fee and paperwork words belong here too: every operation answer states its fee and documents.
const DOMAIN_WORDS = new Set(
  `konsolosluk konsolosluga konsoloslukta konsolosluktan konsoloslugun baskonsolosluk
  baskonsoloslukta buyukelcilik buyukelcilikte elcilik elcilikte temsilcilik consulate consular
  embassy consulates turk turkish turkey turkiye turkiyede turkiyeye abroad yurtdisi yurtdisinda
  ucret ucreti ucretleri harc harci harclar fiyat fiyati fee fees cost costs price evrak evraklar
  evraklari`
    .split(/\s+/)
    .filter((w) => w.length > 0),
);

/** True for a word that marks a question as consular without pointing to one operation. */
export function isDomainWord(token: string): boolean {
  return DOMAIN_WORDS.has(foldTurkish(token));
}

// Phrase words are cut shorter than single words: a pair of 4-letter prefixes is specific enough
// and survives suffixes on short stems ("mavi kart", "mavi kartımı"). Assumption, by judgement.
const PHRASE_KEY_LENGTH = 4;

/** The feature two adjacent words share as a phrase ("power attorney", "pasaport yenileme"). */
export function phraseKey(first: string, second: string): string {
  const key = (t: string): string => {
    const f = foldTurkish(t);
    return f.slice(0, PHRASE_KEY_LENGTH);
  };
  return `${key(first)}_${key(second)}`;
}

const GREETINGS = new Set(
  `merhaba merhabalar selam selamlar slm mrb gunaydin iyi gunler aksamlar kolay gelsin tesekkur
  tesekkurler tesekkur ederim sagol sagolun saol hello hi hey good morning afternoon evening
  thanks thank you cheers bye gorusuruz hosca kal`
    .split(/\s+/)
    .filter((w) => w.length > 0),
);

/** True for a message made only of greetings or thanks ("merhaba", "thank you!"). */
export function isGreeting(tokens: readonly string[]): boolean {
  const folded = tokens.map(foldTurkish);
  return (
    folded.some((t) => GREETINGS.has(t)) &&
    folded.every((t) => GREETINGS.has(t) || STOPWORDS.has(t))
  );
}

const TR_FUNCTION_WORDS = new Set(
  `acaba ama bana beni benim bir bu icin ile mi mu mı mü nasil nasıl ne nedir nerede neden var ve
  veya yok gerek lazim lazım istiyorum kadar hangi olur mu misiniz yapabilirim nereye kac kaç
  ediyorum oldu ettim yaptim yapmam nasıl merhaba selam selamlar slm mrb tesekkurler tesekkur
  sagol sagolun gunaydin`
    .split(/\s+/)
    .map((w) => foldTurkish(turkishLower(w))),
);
const EN_FUNCTION_WORDS = new Set(
  `a an the i my me to of for in on at is are do does how what where can should need want
  please and or with it this that be get have has much many you your we our which when from
  about am was will would could lost renew apply hi hello hey thanks thank cheers morning`.split(
    /\s+/,
  ),
);
// The word lists above are the engine's own words too (hizir-memo.ts): their stems and features
// are kept from one answer to the next, as the knowledge base's are.
for (const list of [STOPWORDS, DOMAIN_WORDS, GREETINGS, TR_FUNCTION_WORDS, EN_FUNCTION_WORDS])
  for (const w of list) addOwnWord(w);

// Common Turkish inflectional endings on ASCII-typed words (…yorum, …dim, …mi, …lar).
const TR_SUFFIX =
  /(yor|yorum|iyor|dim|dum|tim|tum|mis|mus|lar|ler|nin|nun|sini|sunu|mak|mek|cak|cek|im|um)$/;

/**
 * Cheap language evidence from the text alone: Turkish letters, function words and
 * inflections. Positive favours Turkish, negative English; the engine adds vocabulary evidence.
 */
export function languageEvidence(tokens: readonly string[]): number {
  let score = 0;
  for (const t of tokens) {
    if (/[çğıöşü]/.test(t)) score += 2;
    const f = foldTurkish(t);
    if (TR_FUNCTION_WORDS.has(f)) score += 1;
    if (EN_FUNCTION_WORDS.has(f)) score -= 1;
    if (f.length > 4 && TR_SUFFIX.test(f) && !EN_FUNCTION_WORDS.has(f)) score += 0.5;
    if (/(tion|ing|ed|ment|ship)$/.test(f) && f.length > 4) score -= 0.5;
  }
  return score;
}

/** Three rows of editDistance's table, reused from call to call (grown when a word is longer). */
let rows = new Int32Array(3 * 64);

/** Damerau-Levenshtein (optimal string alignment) distance, giving up once above `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  const width = n + 1;
  if (rows.length < 3 * width) rows = new Int32Array(3 * width * 2);
  // The rows live side by side in `rows`, at offsets that rotate: two rows back, the last, this one.
  let prev2 = 0;
  let prev = width;
  let cur = 2 * width;
  for (let j = 0; j <= n; j++) {
    rows[prev2 + j] = 0;
    rows[prev + j] = j;
  }
  for (let i = 1; i <= a.length; i++) {
    const ai = a.charCodeAt(i - 1);
    const aBefore = i > 1 ? a.charCodeAt(i - 2) : -1;
    rows[cur] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const bj = b.charCodeAt(j - 1);
      const cost = ai === bj ? 0 : 1;
      let v = Math.min(rows[prev + j] + 1, rows[cur + j - 1] + 1, rows[prev + j - 1] + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && aBefore === bj) {
        v = Math.min(v, rows[prev2 + j - 2] + 1);
      }
      rows[cur + j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const spent = prev2;
    prev2 = prev;
    prev = cur;
    cur = spent;
  }
  return rows[prev + n];
}
