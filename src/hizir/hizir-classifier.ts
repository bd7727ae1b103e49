import { addOwnWord, WordMemo } from './hizir-memo';
import { fnv1a } from './hizir-questions';
import { foldTurkish, stemEnglish, stemTurkish, tokenize } from './turkish-text';

/**
 * Hızır's question classifier: hashed character n-gram and word features into a multinomial
 * logistic regression over the knowledge base's answers (74 operations, the general entries) and
 * one class for everything out of scope. Plain TypeScript, no downloads, deterministic training.
 *
 * Character n-grams of the folded text ("pasaportumu" → "<pa", "pas", …) make the model
 * tolerant of suffixes, missing Turkish letters and most typos without a dictionary; the word,
 * stem and word-pair features carry the rest.
 */

/** Hashed feature space: 2^15 buckets. Assumption: the set has ~30k distinct n-grams, so
 * collisions are rare enough, and 2^15 x 85 classes in int8 stays under 3 MB. */
export const HASH_BITS = 15;
export const DIMENSIONS = 1 << HASH_BITS;
const CHAR_NGRAMS = [3, 4, 5] as const;

/** One question as the classifier sees it: sparse, L2-normalised. */
export interface SparseVector {
  idx: Int32Array;
  val: Float32Array;
}

function bucket(feature: string): number {
  return fnv1a(feature) & (DIMENSIONS - 1);
}

/** Words of a question, lower-cased with Turkish rules and folded to ASCII look-alikes. */
export function classifierTokens(text: string): string[] {
  return tokenize(text).map(foldTurkish);
}

// FNV-1a state after hashing the prefix "c:" of character n-gram features.
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const CHAR_PREFIX_STATE = [...'c:'].reduce(
  (h, ch) => Math.imul(h ^ ch.charCodeAt(0), FNV_PRIME) >>> 0,
  FNV_OFFSET,
);

// FNV-1a states after the prefixes of the word features (featurize carries on from them).
const WORD_STATE = fnv1a('w:');
const STEM_STATE = fnv1a('t:');
const ENGLISH_STATE = fnv1a('e:');
const BIGRAM_STATE = fnv1a('b:');
const PLACE_STATE = fnv1a('g:');
const UNDERSCORE = '_'.charCodeAt(0);
/** FNV-1a state after "b:<first>_": a word pair's hash carries on from it with the second word. */
function pairStateOf(first: string): number {
  return Math.imul(fnv1a(first, BIGRAM_STATE) ^ UNDERSCORE, FNV_PRIME) >>> 0;
}
const START_PAIR_STATE = pairStateOf('<s>');
const PAIR_STATE_TR = pairStateOf('@tr');
const PAIR_STATE_ABROAD = pairStateOf('@xx');
function placePairState(place: string): number {
  return place === '@tr' ? PAIR_STATE_TR : PAIR_STATE_ABROAD;
}

// Scratch space for one question's counts (the engine is synchronous: one question at a time).
const scratchCounts = new Float64Array(DIMENSIONS);
const scratchTouched = new Int32Array(DIMENSIONS);

/**
 * Places, by the country they are in: Türkiye's provinces and best-known towns ('@tr'), and other
 * countries with their adjectives, in English and Turkish, folded ('@xx'). A word pair with a
 * place in it is also counted with the place's class ("german passport" → "@xx passport", "visa
 * for bodrum" → "visa for @tr"), so what the training questions say about one country carries
 * over to countries they never name: another country's visa or passport is not a consular
 * service, a visa to visit Bodrum is. Assumption: the lists cover the places people name most.
 */
const PLACES_TR = new Set(
  (
    'istanbul ankara izmir antalya bursa adana konya gaziantep kayseri mersin eskisehir diyarbakir ' +
    'samsun trabzon erzurum malatya sivas denizli sakarya kocaeli manisa aydin mugla bodrum ' +
    'kapadokya cappadocia fethiye marmaris alanya kusadasi pamukkale nevsehir edirne canakkale ' +
    'rize hatay antakya sanliurfa urfa mardin van batman tokat yozgat corum amasya ordu giresun ' +
    'kastamonu zonguldak bolu duzce afyon usak kutahya isparta burdur aksaray nigde karaman ' +
    'kirsehir kirikkale cankiri sinop bartin karabuk artvin ardahan kars igdir agri mus bitlis ' +
    'siirt sirnak hakkari bingol elazig tunceli erzincan gumushane bayburt adiyaman kilis osmaniye ' +
    'maras kahramanmaras tekirdag kirklareli balikesir bilecik yalova dalaman didim cesme belek ' +
    'side kemer ayvalik datca kas kalkan uludag sapanca'
  ).split(' '),
);
const PLACES_ABROAD = new Set(
  (
    'germany german almanya alman france french fransa fransiz netherlands dutch holland hollanda ' +
    'belgium belgian belcika austria austrian avusturya switzerland swiss isvicre uk britain ' +
    'british england ingiltere ingiliz scotland iskocya ireland irish irlanda usa america american ' +
    'amerika abd canada canadian kanada australia australian avustralya italy italian italya spain ' +
    'spanish ispanya ispanyol portugal portuguese portekiz greece greek yunanistan yunan georgia ' +
    'gurcistan serbia sirbistan bulgaria bulgarian bulgaristan romania romanya sweden swedish isvec ' +
    'norway norwegian norvec denmark danish danimarka finland finnish finlandiya poland polish ' +
    'polonya russia russian rusya ukraine ukrainian ukrayna japan japanese japonya china chinese ' +
    'cin korea kore india indian hindistan egypt egyptian misir dubai emirates qatar katar saudi ' +
    'suudi iran iraq irak azerbaijan azerbaycan schengen brazil brazilian brezilya mexico meksika ' +
    'kazakhstan kazakistan cyprus kibris luxembourg luksemburg hungary macaristan czech cekya'
  ).split(' '),
);

// The places are the engine's own words (hizir-memo.ts): their features are kept across answers.
for (const list of [PLACES_TR, PLACES_ABROAD]) for (const w of list) addOwnWord(w);

/** '@tr' for a place in Türkiye, '@xx' for another country or its adjective (folded word); else null. */
export function placeClass(folded: string): string | null {
  if (PLACES_TR.has(folded)) return '@tr';
  if (PLACES_ABROAD.has(folded)) return '@xx';
  return null;
}

const CONTACT = /\S+@\S+|\bhttps?:\/\/\S+|\bwww\.\S+/gi;

/**
 * What one word adds to a question's features, whatever words stand around it: its folded form,
 * its place class, the buckets of its word, stem and English-stem features (weight 1) and of its
 * character n-grams (weight 0.5), and the FNV-1a state after "b:<word>_", from which the pair it
 * starts is hashed. The same word recurs in question after question: it is worked out once.
 */
interface WordFeatures {
  folded: string;
  place: string | null;
  /** The buckets of weight 1 (the first `units`), then those of weight 0.5: one small array. */
  buckets: number[];
  units: number;
  pairState: number;
}

/**
 * Most words the memo keeps across answers; past it the memo starts afresh (the words are worked
 * out again, the same). Only the engine's own words are kept across answers, any other for one
 * answer (hizir-memo.ts), so that a citizen's words neither stay in memory nor grow the heap.
 * Assumption: 20,000, four times the knowledge base's vocabulary and the typo memo's bound
 * (hizir.engine.ts FUZZY_CACHE_LIMIT); an entry of about 20 buckets takes about 350 bytes.
 */
const WORD_CACHE_LIMIT = 20_000;
const wordCache = new WordMemo<WordFeatures>('wordFeatures', WORD_CACHE_LIMIT);

/** Words whose features are kept across answers now (for the test that holds the memo to its
 * bound). */
export function wordFeatureCacheSize(): number {
  return wordCache.size;
}

function wordFeatures(token: string): WordFeatures {
  let w = wordCache.get(token);
  if (w) return w;
  const t = foldTurkish(token);
  const pairState = pairStateOf(t);
  if (t === '<num>') {
    w = {
      folded: t,
      place: null,
      buckets: [fnv1a(t, WORD_STATE) & (DIMENSIONS - 1)],
      units: 1,
      pairState,
    };
  } else {
    const stem = foldTurkish(stemTurkish(token));
    const place = placeClass(t) ?? placeClass(stem);
    const buckets = [
      fnv1a(t, WORD_STATE) & (DIMENSIONS - 1),
      fnv1a(stem, STEM_STATE) & (DIMENSIONS - 1),
      fnv1a(stemEnglish(token), ENGLISH_STATE) & (DIMENSIONS - 1),
    ];
    if (place) buckets.push(fnv1a(place, PLACE_STATE) & (DIMENSIONS - 1));
    const units = buckets.length;
    // Character n-grams of "<t>", hashed as the strings "c:<gram>" without building them.
    const padded = `<${t}>`;
    for (const n of CHAR_NGRAMS) {
      for (let i = 0; i + n <= padded.length; i++) {
        let h = CHAR_PREFIX_STATE;
        for (let k = i; k < i + n; k++) h = Math.imul(h ^ padded.charCodeAt(k), FNV_PRIME) >>> 0;
        buckets.push(h & (DIMENSIONS - 1));
      }
    }
    w = { folded: t, place, buckets, units, pairState };
  }
  wordCache.set(token, w);
  return w;
}

/** The hashed features of a question: character 3-5-grams per word, words, stems, word pairs. */
export function featurize(text: string): SparseVector {
  // Contact details and numbers (passport, phone, reference numbers) say nothing about the
  // question and, cut into character n-grams, look like noise: an e-mail address or a web
  // address is left out, and a word with a digit in it counts as one "<num>" word.
  const raw = tokenize(text.replace(CONTACT, ' ')).map((t) => (/\d/.test(t) ? '<num>' : t));
  const counts = scratchCounts;
  const touched = scratchTouched;
  let nTouched = 0;
  // Counts are sums of ones and halves: exact in any order, so a word's features may be added
  // in whatever order its cache entry holds them.
  const addBucket = (b: number, w: number): void => {
    if (counts[b] === 0) touched[nTouched++] = b;
    counts[b]! += w;
  };
  const add = (f: string): void => addBucket(bucket(f), 1);
  // The word features are hashed as the strings "w:<t>", "b:<prev>_<t>"… without building them:
  // FNV-1a carried on from the prefix's state gives the same hash as the whole string.
  const addPair = (state: number, second: string): void =>
    addBucket(fnv1a(second, state) & (DIMENSIONS - 1), 1);
  let prev = '<s>';
  let prevState = START_PAIR_STATE;
  let prevPlace: string | null = null;
  for (const token of raw) {
    const w = wordFeatures(token);
    const t = w.folded;
    const buckets = w.buckets;
    for (let i = 0; i < w.units; i++) addBucket(buckets[i]!, 1);
    addPair(prevState, t);
    if (t !== '<num>') {
      const place = w.place;
      if (place || prevPlace)
        addPair(prevPlace ? placePairState(prevPlace) : prevState, place ?? t);
      prevPlace = place;
      for (let i = w.units; i < buckets.length; i++) addBucket(buckets[i]!, 0.5);
    } else {
      prevPlace = null;
    }
    prev = t;
    prevState = w.pairState;
  }
  add('b:' + prev + '_</s>');
  // Length says something too: one-word messages and long stories read differently.
  const len = raw.length;
  add('len:' + (len <= 1 ? '1' : len <= 3 ? '2-3' : len <= 8 ? '4-8' : len <= 20 ? '9-20' : '21+'));
  const idx = touched.slice(0, nTouched).sort();
  const val = new Float32Array(idx.length);
  let norm = 0;
  for (let i = 0; i < idx.length; i++) {
    const b = idx[i]!;
    const v = Math.sqrt(counts[b]!);
    counts[b] = 0;
    val[i] = v;
    norm += v * v;
  }
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < val.length; i++) val[i]! /= norm;
  return { idx, val };
}

/** Trained weights: feature-major (weights[f * classes + c]), quantised to int8 per class. */
export interface ClassifierWeights {
  classes: string[];
  dimensions: number;
  /** int8 weights; real weight = q * scale[c]. */
  q: Int8Array;
  scale: Float32Array;
  bias: Float32Array;
}

/** Raw class scores (logits) of one question. */
export function logits(
  model: ClassifierWeights,
  x: SparseVector,
  out?: Float64Array,
): Float64Array {
  const C = model.classes.length;
  const z = out ?? new Float64Array(C);
  z.fill(0);
  const q = model.q;
  const { idx, val } = x;
  const n = idx.length;
  let i = 0;
  // Four features a pass over the classes: each score is loaded and stored a quarter as often.
  // The sums are the same to the bit: z + a + b + c + d adds left to right, one feature after
  // another, as the loop of one feature a pass did.
  for (; i + 4 <= n; i += 4) {
    const b0 = idx[i]! * C;
    const b1 = idx[i + 1]! * C;
    const b2 = idx[i + 2]! * C;
    const b3 = idx[i + 3]! * C;
    const v0 = val[i]!;
    const v1 = val[i + 1]!;
    const v2 = val[i + 2]!;
    const v3 = val[i + 3]!;
    for (let c = 0; c < C; c++)
      z[c] = z[c]! + q[b0 + c]! * v0 + q[b1 + c]! * v1 + q[b2 + c]! * v2 + q[b3 + c]! * v3;
  }
  for (; i < n; i++) {
    const base = idx[i]! * C;
    const v = val[i]!;
    for (let c = 0; c < C; c++) z[c]! += q[base + c]! * v;
  }
  for (let c = 0; c < C; c++) z[c] = z[c]! * model.scale[c]! + model.bias[c]!;
  return z;
}

/** Softmax of scores divided by a temperature, in place. */
export function softmax(z: Float64Array, temperature = 1): Float64Array {
  let max = -Infinity;
  for (let c = 0; c < z.length; c++) if (z[c]! > max) max = z[c]!;
  let sum = 0;
  for (let c = 0; c < z.length; c++) {
    const e = Math.exp((z[c]! - max) / temperature);
    z[c] = e;
    sum += e;
  }
  for (let c = 0; c < z.length; c++) z[c]! /= sum;
  return z;
}

export interface TrainingExample {
  text: string;
  label: string;
  /** Relative weight in the loss (knowledge-base phrasings count less than real questions). */
  weight?: number;
}

export interface TrainOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
}

/** Training settings: assumption, chosen on the dev split (never on test). */
export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  epochs: 20,
  learningRate: 4,
  l2: 1e-5,
  seed: 1923,
};

/** Mulberry32: a small seeded generator, for the example order and typo augmentation. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYBOARD_NEIGHBOURS = 'qwertyuiopasdfghjklzxcvbnm';

/** A copy of the text with one or two typing slips per long word (drop, double, swap, neighbour). */
export function typoVariant(text: string, rnd: () => number): string {
  return text
    .split(' ')
    .map((w) => {
      if (w.length < 5 || rnd() < 0.5) return w;
      const i = 1 + Math.floor(rnd() * (w.length - 2));
      const kind = Math.floor(rnd() * 4);
      if (kind === 0) return w.slice(0, i) + w.slice(i + 1);
      if (kind === 1) return w.slice(0, i) + w[i] + w.slice(i);
      if (kind === 2) return w.slice(0, i - 1) + w[i] + w[i - 1] + w.slice(i + 1);
      const r = KEYBOARD_NEIGHBOURS[Math.floor(rnd() * KEYBOARD_NEIGHBOURS.length)]!;
      return w.slice(0, i) + r + w.slice(i + 1);
    })
    .join(' ');
}

/**
 * Multinomial logistic regression by stochastic gradient descent over a seeded shuffle of the examples. Float
 * weights during training; int8 with one scale per class at the end. Deterministic: the same
 * examples and options give the same bytes.
 */
export function trainClassifier(
  examples: TrainingExample[],
  classes: string[],
  opts: TrainOptions = DEFAULT_TRAIN_OPTIONS,
): ClassifierWeights {
  const C = classes.length;
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const data = examples.map((e) => {
    const y = classIndex.get(e.label);
    if (y === undefined) throw new Error(`classifier: unknown label ${e.label}`);
    return { x: featurize(e.text), y, w: e.weight ?? 1 };
  });
  const W = new Float32Array(DIMENSIONS * C);
  const b = new Float64Array(C);
  const rnd = mulberry32(opts.seed);
  const order = data.map((_, i) => i);
  const z = new Float64Array(C);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    // Step size falls as 1/(1 + epoch); L2 as a multiplicative decay of the touched weights.
    const lr = opts.learningRate / (1 + epoch);
    const decay = 1 - lr * opts.l2;
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const k of order) {
      const { x, y, w } = data[k]!;
      z.fill(0);
      for (let i = 0; i < x.idx.length; i++) {
        const base = x.idx[i]! * C;
        const v = x.val[i]!;
        for (let c = 0; c < C; c++) z[c]! += W[base + c]! * v;
      }
      for (let c = 0; c < C; c++) z[c]! += b[c]!;
      softmax(z);
      for (let c = 0; c < C; c++) {
        const g = w * (z[c]! - (c === y ? 1 : 0));
        z[c] = g;
        b[c]! -= lr * g;
      }
      for (let i = 0; i < x.idx.length; i++) {
        const base = x.idx[i]! * C;
        const v = x.val[i]!;
        for (let c = 0; c < C; c++) {
          const p = base + c;
          W[p] = W[p]! * decay - lr * z[c]! * v;
        }
      }
    }
  }
  return quantise(W, b, classes);
}

function quantise(W: Float32Array, b: Float64Array, classes: string[]): ClassifierWeights {
  const C = classes.length;
  const scale = new Float32Array(C);
  for (let c = 0; c < C; c++) {
    let max = 0;
    for (let p = c; p < W.length; p += C) max = Math.max(max, Math.abs(W[p]!));
    scale[c] = max > 0 ? max / 127 : 1;
  }
  const q = new Int8Array(W.length);
  for (let p = 0; p < W.length; p++) q[p] = Math.round(W[p]! / scale[p % C]!);
  return { classes, dimensions: DIMENSIONS, q, scale, bias: Float32Array.from(b) };
}

/** Binary layout of config/hizir/model.bin: scale (float32 x C), bias (float32 x C), q (int8). */
export function serialiseWeights(m: ClassifierWeights): Buffer {
  const C = m.classes.length;
  const buf = Buffer.alloc(8 * C + m.q.length);
  for (let c = 0; c < C; c++) {
    buf.writeFloatLE(m.scale[c]!, 4 * c);
    buf.writeFloatLE(m.bias[c]!, 4 * (C + c));
  }
  Buffer.from(m.q.buffer, m.q.byteOffset, m.q.byteLength).copy(buf, 8 * C);
  return buf;
}

export function deserialiseWeights(
  buf: Buffer,
  classes: string[],
  dimensions: number,
): ClassifierWeights {
  const C = classes.length;
  if (buf.length !== 8 * C + dimensions * C) {
    throw new Error(`Hızır model: expected ${8 * C + dimensions * C} bytes, got ${buf.length}`);
  }
  const scale = new Float32Array(C);
  const bias = new Float32Array(C);
  for (let c = 0; c < C; c++) {
    scale[c] = buf.readFloatLE(4 * c);
    bias[c] = buf.readFloatLE(4 * (C + c));
  }
  const q = new Int8Array(dimensions * C);
  q.set(new Int8Array(buf.buffer, buf.byteOffset + 8 * C, dimensions * C));
  return { classes, dimensions, q, scale, bias };
}
