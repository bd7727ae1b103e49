import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCatalogue, loadKnowledgeBase } from '../../../src/hizir/hizir-kb';
import {
  heldOutKey,
  heldOutTexts,
  trainingExamples,
  trainingQuestions,
} from '../../../src/hizir/hizir-training';
import {
  CALIBRATION_JUDGE_FILES,
  PROBE_HELDOUT_FILES,
  QUESTION_STYLES,
  calibrationQuestions,
  SPLITS,
  fnv1a,
  readLabelledQuestions,
  readQuestionFile,
  readSplit,
  splitOf,
  splitPath,
  tuningQuestions,
  type LabelledQuestion,
} from '../../../src/hizir/hizir-questions';

const CONFIG = `${__dirname}/../../../config`;
const splits = Object.fromEntries(SPLITS.map((s) => [s, readSplit(CONFIG, s)])) as Record<
  (typeof SPLITS)[number],
  LabelledQuestion[]
>;
const all = SPLITS.flatMap((s) => splits[s]);
const key = (q: LabelledQuestion): string => q.text.trim().toLowerCase();

describe('Hızır labelled questions', () => {
  it('has at least 1,000 questions, in both languages, every style at least 10%', () => {
    expect(all.length).toBeGreaterThanOrEqual(1000);
    for (const lang of ['tr', 'en']) {
      expect(all.filter((q) => q.lang === lang).length / all.length, lang).toBeGreaterThan(0.3);
    }
    for (const style of QUESTION_STYLES) {
      expect(
        all.filter((q) => q.style === style).length / all.length,
        style,
      ).toBeGreaterThanOrEqual(0.1);
    }
  });

  it('is at least 25% out of scope, near and far, with injections, and has keyword traps', () => {
    const oos = all.filter((q) => q.outOfScope);
    expect(oos.length / all.length).toBeGreaterThanOrEqual(0.25);
    expect(oos.filter((q) => q.oos === 'near').length).toBeGreaterThanOrEqual(100);
    expect(oos.filter((q) => q.oos === 'far').length).toBeGreaterThanOrEqual(100);
    expect(oos.filter((q) => q.injection).length).toBeGreaterThanOrEqual(40);
    expect(all.filter((q) => q.trap).length).toBeGreaterThanOrEqual(30);
  });

  it('covers every area and most operations, with labels that exist in the catalogue', () => {
    const catalogue = loadCatalogue(CONFIG);
    const areaOf = new Map(catalogue.operations.map((o) => [o.id, o.area]));
    for (const q of all.filter((x) => x.operationId !== null)) {
      expect(areaOf.get(q.operationId!), q.text).toBe(q.area);
    }
    const areas = new Set(all.map((q) => q.area));
    for (const a of catalogue.areas) expect(areas.has(a.id), a.id).toBe(true);
    const ops = new Set(all.map((q) => q.operationId).filter(Boolean));
    expect(ops.size / catalogue.operations.length).toBeGreaterThanOrEqual(0.9);
  });

  it('puts every question in the split its seeded text hash names, once', () => {
    for (const s of SPLITS) for (const q of splits[s]) expect(splitOf(q.text), q.text).toBe(s);
    expect(new Set(all.map(key)).size).toBe(all.length);
    expect(splits.test.length).toBeGreaterThanOrEqual(250);
  });

  it('keeps the test split frozen (its bytes are those committed before any tuning)', () => {
    const sha = createHash('sha256')
      .update(readFileSync(splitPath(CONFIG, 'test')))
      .digest('hex');
    expect(sha).toBe('d81202a04b183f5980420728a0ce19f70489723445e39c1e00490ab604d22234');
  });

  it('keeps the training-only questions apart from dev and test', () => {
    const held = new Set([...splits.dev, ...splits.test].map(key));
    const extra = readLabelledQuestions(`${CONFIG}/hizir/questions/train-extra.jsonl`);
    expect(extra.filter((q) => held.has(key(q)))).toEqual([]);
  });
});

describe('the probe-gen3 sets', () => {
  const halves = {
    dev: readLabelledQuestions(`${CONFIG}/hizir/questions/probe-gen3-dev.jsonl`),
    heldout: readLabelledQuestions(`${CONFIG}/hizir/questions/probe-gen3-heldout.jsonl`),
  };

  // The halves were drawn by a seeded hash of each text (seed 'hizir-gen3-probe-1', 60% to dev),
  // so moving a question between them after the held-out half was committed shows here.
  it('holds each question in the half its seeded text hash names', () => {
    for (const [half, qs] of Object.entries(halves))
      for (const q of qs) {
        const u = fnv1a(`hizir-gen3-probe-1\u0000${q.text.normalize('NFC').trim()}`) / 2 ** 32;
        expect(u < 0.6 ? 'dev' : 'heldout', q.text).toBe(half);
      }
  });

  it('labels every in-scope question with a catalogue operation of its area', () => {
    const areaOf = new Map(loadCatalogue(CONFIG).operations.map((o) => [o.id, o.area]));
    for (const q of [...halves.dev, ...halves.heldout]) {
      if (q.outOfScope) expect([q.area, q.operationId], q.text).toEqual([null, null]);
      else expect(areaOf.get(q.operationId!), q.text).toBe(q.area);
      for (const id of q.alsoAccept ?? []) expect(areaOf.has(id), id).toBe(true);
      expect(QUESTION_STYLES, q.text).toContain(q.style);
    }
  });
});

/**
 * Every label names what exists: an out-of-scope question no area or operation, an in-scope one a
 * catalogue operation of its area or a knowledge-base entry, an accepted alternative a catalogue
 * operation; every style is one of QUESTION_STYLES.
 */
function expectLabelled(questions: readonly LabelledQuestion[]): void {
  const areaOf = new Map(loadCatalogue(CONFIG).operations.map((o) => [o.id, o.area]));
  const kbIds = new Set(
    readFileSync(`${CONFIG}/hizir/faq.yaml`, 'utf8')
      .split('\n')
      .flatMap((l) => /^ {2}- id: (\S+)/.exec(l)?.[1] ?? []),
  );
  for (const q of questions) {
    if (q.outOfScope) expect([q.area, q.operationId], q.text).toEqual([null, null]);
    else if (q.operationId) expect(areaOf.get(q.operationId), q.text).toBe(q.area);
    else expect(kbIds.has(q.entryId!), q.text).toBe(true);
    for (const id of q.alsoAccept ?? []) expect(areaOf.has(id), id).toBe(true);
    expect(QUESTION_STYLES, q.text).toContain(q.style);
  }
}

describe('the probe-gen5 sets', () => {
  const halves = {
    dev: readLabelledQuestions(`${CONFIG}/hizir/questions/probe-gen5-dev.jsonl`),
    heldout: readLabelledQuestions(`${CONFIG}/hizir/questions/probe-gen5-heldout.jsonl`),
  };

  // Written apart (the held-out half first, committed alone and frozen), so every label must
  // name a catalogue operation of its area or a knowledge-base entry, and no question may appear
  // in both halves, in the test split or in an earlier held-out probe.
  it('labels every question with a catalogue operation of its area or a knowledge-base entry', () => {
    expectLabelled([...halves.dev, ...halves.heldout]);
    expect(halves.heldout.length).toBeGreaterThanOrEqual(90);
    expect(halves.dev.length).toBeGreaterThanOrEqual(100);
  });

  it('shares no question between its halves, with the test split or an earlier held-out probe', () => {
    const frozen = [
      'probe-gen-heldout',
      'probe-gen2-heldout',
      'probe-gen3-heldout',
      'probe-gen4-heldout',
      'probe-holdout',
      'probe-fees-stories-holdout',
      'test',
    ].flatMap((f) => readLabelledQuestions(`${CONFIG}/hizir/questions/${f}.jsonl`));
    const held = new Set([...frozen, ...halves.heldout].map(key));
    expect(halves.dev.filter((q) => held.has(key(q)))).toEqual([]);
    const earlier = new Set(frozen.map(key));
    expect(halves.heldout.filter((q) => earlier.has(key(q)))).toEqual([]);
  });
});

describe('the probe-confusions-dev set', () => {
  const qs = readLabelledQuestions(`${CONFIG}/hizir/questions/probe-confusions-dev.jsonl`);

  // Written for the known confusions (a foreigner's visa, a child's or a collected ID card, an
  // e-visa refund, divorce or marriage, the return document, leaving or regaining citizenship):
  // tuning material, so none of it may be a frozen set's question.
  it('labels every in-scope question with a catalogue operation of its area', () => {
    const areaOf = new Map(loadCatalogue(CONFIG).operations.map((o) => [o.id, o.area]));
    expect(qs.length).toBeGreaterThanOrEqual(40);
    for (const q of qs) {
      if (q.outOfScope) expect([q.area, q.operationId], q.text).toEqual([null, null]);
      else expect(areaOf.get(q.operationId!), q.text).toBe(q.area);
    }
  });

  it('shares no question with the test split or a held-out probe', () => {
    const frozen = [
      'probe-gen-heldout',
      'probe-gen2-heldout',
      'probe-gen3-heldout',
      'probe-holdout',
      'probe-fees-stories-holdout',
    ].flatMap((f) => readLabelledQuestions(`${CONFIG}/hizir/questions/${f}.jsonl`));
    const held = new Set(
      [...frozen, ...readLabelledQuestions(`${CONFIG}/hizir/questions/test.jsonl`)].map(key),
    );
    expect(qs.filter((q) => held.has(key(q)))).toEqual([]);
  });
});

/**
 * Questions an older frozen set shares word for word with another question file, found when gen9
 * to gen13 were first checked here (round 14, 6 December 2026). The frozen sets are not edited
 * after their figures were published, so each is listed with why it does no harm: every one is a
 * short, common phrasing two writers arrived at alone, and none is a training example (checked
 * below). A new set must share none: probe-gen14-judge and probe-gen15-judge list nothing, and
 * probe-gen16-judge one out-of-scope question also in the legacy set, its writer never saw;
 * probe-gen17-judge to probe-gen26-judge list nothing.
 */
const KNOWN_SHARED: Record<string, readonly string[]> = {
  // Known misses repeated word for word (the note on probe-gen10-judge in hizir-questions.ts).
  'probe-gen9-judge': ['need help choosing a laptop', 'hollanda pasaportumu nasıl yenilerim'],
  'probe-gen10-judge': [
    'need help choosing a laptop',
    'hollanda pasaportumu nasıl yenilerim',
    'yurtdisi borclanmasi nasil yapilir',
  ],
  // Short questions also in gen10, probe-dev's tuning half, probe-holdout, probe-gen5-heldout and
  // the legacy set (tests/fixtures/hizir-eval.jsonl, never trained on).
  'probe-gen11-judge': [
    'yurtdisi borclanmasi nasil yapilir',
    'uk settled status application help',
    'konsolosluk cumartesi açık mı',
    'mavi kart nasıl alınır, alman vatandaşı oldum',
    'can we have our wedding ceremony at the turkish consulate',
    "seaman's book endorsement at the consulate",
  ],
  'probe-gen12-judge': ["what's the weather in ankara tomorrow"],
  // Also in gen12, probe-area-heldout, the test split and probe-gen5-heldout: all held out.
  'probe-gen13-judge': [
    'pasport',
    "what's the weather in ankara tomorrow",
    'kimlik kartı teslim',
    'galatasaray maçı kaçta',
  ],
  // An out-of-scope football question also in the legacy set (tests/fixtures/hizir-eval.jsonl,
  // never trained on), found when gen16 was registered (round 16).
  'probe-gen16-judge': ['galatasaray maçı kaç kaç bitti?'],
};

// Each written alone and committed before any model was measured on it, as the judge between two
// models (README: gen6 between main's model and model A, gen7 again once the fee rule stopped
// hanging on the model), as an outside reviewer's unseen set (gen8), or as the fresh set of a
// tuning round, frozen before its author read the rules (gen9 to gen19): held out, so every label
// must exist, no question may be in any other question file, and the classifier may train on
// none of them. The sizes are each set's own (gen8: about 15% out of scope).
describe.each([
  ['probe-gen6-judge', 130, 30],
  ['probe-gen7-judge', 130, 30],
  ['probe-gen8-judge', 150, 25],
  ['probe-gen9-judge', 110, 40],
  ['probe-gen10-judge', 130, 30],
  ['probe-gen11-judge', 140, 30],
  ['probe-gen12-judge', 175, 30],
  ['probe-gen13-judge', 170, 30],
  ['probe-gen14-judge', 170, 30],
  ['probe-gen15-judge', 170, 30],
  ['probe-gen16-judge', 170, 30],
  ['probe-gen17-judge', 170, 30],
  ['probe-gen18-judge', 170, 30],
  ['probe-gen19-judge', 170, 30],
  ['probe-gen20-judge', 170, 30],
  ['probe-gen21-judge', 170, 30],
  ['probe-gen22-judge', 170, 30],
  ['probe-gen23-judge', 170, 30],
  ['probe-gen24-judge', 170, 30],
  ['probe-gen25-judge', 170, 30],
  ['probe-gen26-judge', 170, 30],
] as const)('the %s set', (name, minQuestions, minOutOfScope) => {
  const QUESTIONS = `${CONFIG}/hizir/questions`;
  const judge = readLabelledQuestions(`${QUESTIONS}/${name}.jsonl`);

  it('labels every question with a catalogue operation of its area or a knowledge-base entry', () => {
    expectLabelled(judge);
    expect(judge.length).toBeGreaterThanOrEqual(minQuestions);
    expect(judge.filter((q) => q.outOfScope).length).toBeGreaterThanOrEqual(minOutOfScope);
    expect(new Set(judge.map(key)).size).toBe(judge.length);
  });

  it('shares no question with any other question file, but the known ones listed', () => {
    const others = readdirSync(QUESTIONS)
      .filter((f) => f.endsWith('.jsonl') && f !== `${name}.jsonl`)
      .map((f) => `${QUESTIONS}/${f}`)
      .concat(`${CONFIG}/hizir/training.jsonl`, `${__dirname}/../../fixtures/hizir-eval.jsonl`);
    const seen = new Set(others.flatMap((f) => readLabelledQuestions(f)).map(key));
    const known = KNOWN_SHARED[name] ?? [];
    const shared = judge.filter((q) => seen.has(key(q))).map((q) => q.text.trim().toLowerCase());
    expect(shared.filter((t) => !known.includes(t))).toEqual([]);
    // A listed one that is no longer shared is taken off the list.
    expect(known.filter((t) => !shared.includes(t))).toEqual([]);
  });

  it('is none of the examples the classifier trains on, typo copies included, even unlisted', () => {
    // The set's own texts are not held out here: held out by name (PROBE_HELDOUT_FILES), a
    // knowledge-base keyword among them would silently leave training instead of showing.
    const heldOut = new Set(
      [
        ...tuningQuestions(CONFIG),
        ...readSplit(CONFIG, 'test'),
        ...PROBE_HELDOUT_FILES.filter((f) => f !== name).flatMap((f) =>
          readQuestionFile(CONFIG, f),
        ),
      ].map((q) => heldOutKey(q.text)),
    );
    const examples = trainingExamples(
      loadKnowledgeBase(CONFIG),
      trainingQuestions(CONFIG),
      heldOut,
    );
    const trained = new Set(examples.map((e) => heldOutKey(e.text)));
    expect(judge.filter((q) => trained.has(heldOutKey(q.text))).map((q) => q.text)).toEqual([]);
  });

  it('is held out of training by name, like the other held-out sets', () => {
    expect(PROBE_HELDOUT_FILES).toContain(name);
  });
});

describe('every frozen question set', () => {
  // A held-out question the classifier trained on measures memory, not generalisation: one of
  // probe-gen2-heldout's out-of-scope questions was word for word in the train split.
  it('holds none of the examples the classifier trains on, typo copies included', () => {
    const QUESTIONS = `${CONFIG}/hizir/questions`;
    const frozen = readdirSync(QUESTIONS).filter(
      (f) => /-(heldout|holdout|judge)\.jsonl$/.test(f) || f === 'test.jsonl',
    );
    expect(frozen.length).toBeGreaterThanOrEqual(9);
    const examples = trainingExamples(
      loadKnowledgeBase(CONFIG),
      trainingQuestions(CONFIG),
      heldOutTexts(CONFIG),
    );
    const trained = new Set(examples.map((e) => heldOutKey(e.text)));
    const leaked = frozen.flatMap((f) =>
      readLabelledQuestions(`${QUESTIONS}/${f}`)
        .filter((q) => trained.has(heldOutKey(q.text)))
        .map((q) => `${f}: ${q.text}`),
    );
    expect(leaked).toEqual([]);
  });
});

// Round 16: the Platt map is fitted on the tuning questions and the older judge sets, each
// already read and tuned on in its round; never on the newest judge set, a probe held-out half
// or the test split, which stay measures of what the map does on writers it has not seen.
describe('the calibration questions', () => {
  const pool = calibrationQuestions(CONFIG);
  const texts = new Set(pool.map(key));
  it('are the tuning questions and the judge sets gen6 to gen15', () => {
    for (const q of tuningQuestions(CONFIG)) expect(texts.has(key(q)), q.text).toBe(true);
    for (const g of [6, 7, 8, 9, 10, 11, 12, 13, 14, 15]) {
      expect(CALIBRATION_JUDGE_FILES).toContain(`probe-gen${g}-judge`);
      for (const q of readQuestionFile(CONFIG, `probe-gen${g}-judge`))
        expect(texts.has(key(q)), q.text).toBe(true);
    }
  });

  it('hold no question of the newest judge set, nor a probe held-out half by name', () => {
    expect(pool.length).toBe(
      tuningQuestions(CONFIG).length +
        CALIBRATION_JUDGE_FILES.reduce((n, f) => n + readQuestionFile(CONFIG, f).length, 0),
    );
    for (const newest of [
      'probe-gen16-judge',
      'probe-gen17-judge',
      'probe-gen18-judge',
      'probe-gen19-judge',
      'probe-gen20-judge',
      'probe-gen21-judge',
      'probe-gen22-judge',
      'probe-gen23-judge',
      'probe-gen24-judge',
      'probe-gen25-judge',
      'probe-gen26-judge',
    ]) {
      expect(CALIBRATION_JUDGE_FILES).not.toContain(newest);
      const judge = readQuestionFile(CONFIG, newest);
      expect(judge.filter((q) => texts.has(key(q))).length, newest).toBe(0);
    }
    for (const f of PROBE_HELDOUT_FILES.filter((f) => !/^probe-gen\d+-judge$/.test(f)))
      expect(CALIBRATION_JUDGE_FILES).not.toContain(f);
  });
});
