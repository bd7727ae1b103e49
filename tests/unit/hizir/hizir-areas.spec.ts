import { beforeAll, describe, expect, it } from 'vitest';
import { areaOnly, areaVocabularies, type AreaVocabulary } from '../../../src/hizir/hizir-areas';
import { loadCatalogue, loadKnowledgeBase } from '../../../src/hizir/hizir-kb';
import { HizirEngine } from '../../../src/hizir/hizir.engine';
import { foldTurkish, tokenize } from '../../../src/hizir/turkish-text';

const CONFIG = `${__dirname}/../../../config`;

describe('Hızır: a message that names an area and no operation', () => {
  let engine: HizirEngine;
  let vocabularies: AreaVocabulary[];
  let phrases: string[];
  const catalogue = loadCatalogue(CONFIG);
  /** The area's operations, most common first, as the catalogue's shares rank them. */
  const commonest = (area: string): string[] =>
    catalogue.operations
      .filter((o) => o.area === area)
      .sort((x, y) => y.share - x.share)
      .map((o) => o.id);
  const title = (id: string, lang: 'tr' | 'en'): string => {
    const op = catalogue.operations.find((o) => o.id === id)!;
    return lang === 'tr' ? op.name_tr : op.name_en;
  };

  beforeAll(() => {
    engine = HizirEngine.fromConfig(CONFIG, { snapshotFile: null });
    const kb = loadKnowledgeBase(CONFIG);
    vocabularies = areaVocabularies(kb.entries, kb.synonyms);
    phrases = kb.entries
      .filter((e) => e.kind !== 'out-of-scope')
      .flatMap((e) => (e.names ?? []).map((n) => tokenize(n).map(foldTurkish).join(' ')));
  });

  it('recognises every area of the catalogue by its own Turkish and English name', () => {
    expect(vocabularies.map((v) => v.area).sort()).toEqual(catalogue.areas.map((a) => a.id).sort());
    for (const a of catalogue.areas) {
      for (const name of [a.name_tr!, a.name_en!])
        expect(areaOnly(name, vocabularies, phrases)?.area, name).toBe(a.id);
    }
  });

  it('asks which of the area’s most common operations is meant, in the message’s language', () => {
    // "info about visas please" had been handed off as out of scope (0.987); "passport" and
    // "military service" answered as one operation with 0.95 and 0.91.
    for (const [q, area, lang] of [
      ['info about visas please', 'visa', 'en'],
      ['passport', 'passport', 'en'],
      ['I have a question about military service', 'military-service', 'en'],
      ['noterlik işlemleri hakkında bilgi', 'notary', 'tr'],
      ['askerlik işlemleri', 'military-service', 'tr'],
      ['vize hakkında bilgi alabilir miyim', 'visa', 'tr'],
    ] as const) {
      const a = engine.answer(q);
      expect(a.handoff, q).toBe(false);
      expect(a.handoffReason, q).toBeNull();
      expect(a.lang, q).toBe(lang);
      expect(a.area, q).toBe(area);
      // Meanwhile one of the area's operations, with the rule's confidence, not the model's.
      expect(commonest(area), q).toContain(a.operationId);
      expect(a.confidence, q).toBe(0.93);
      const top = commonest(area).slice(0, 5);
      expect(a.clarify?.options, q).toEqual(top.map((id) => title(id, lang)));
      expect(a.clarify?.question, q).toMatch(lang === 'tr' ? /hangi işlemi/ : /which of these/);
      expect(engine.pendingFor(q, a)?.entries, q).toEqual(top);
    }
  });

  it('takes the reply as the option it names, by number or words, or as a new question', () => {
    const q = 'pasaport işlemleri hakkında bilgi';
    const pending = engine.pendingFor(q, engine.answer(q))!;
    expect(engine.resolveClarification(pending, '1')!.operationId).toBe(pending.entries[0]);
    expect(engine.resolveClarification(pending, '3')!.operationId).toBe(pending.entries[2]);
    expect(engine.resolveClarification(pending, 'çocuğum için')!.operationId).toBe(
      'passport-minor',
    );
    // Not listed (the area has nine): the citizen's own words, answered as a question of its own.
    expect(pending.entries).not.toContain('passport-cancellation');
    expect(engine.resolveClarification(pending, 'pasaport iptali')).toBeNull();
    expect(engine.answer('pasaport iptali').operationId).toBe('passport-cancellation');
  });

  it("takes a word that only one listed option's name has as that option, with or without Turkish letters", () => {
    const q = 'pasaport';
    const a = engine.answer(q);
    const pending = engine.pendingFor(q, a)!;
    // Every word of five letters or more that a single option's name, as listed, holds.
    const names = a.clarify!.options.map((o) => o.toLocaleLowerCase('tr').split(/\s+/));
    const only = [...new Set(names.flat())].filter(
      (w) => w.length >= 5 && names.filter((n) => n.includes(w)).length === 1,
    );
    expect(only.length).toBeGreaterThan(3);
    for (const word of only) {
      const meant = pending.entries[names.findIndex((n) => n.includes(word))];
      for (const reply of [word, word.replace(/ı/g, 'i').replace(/ç/g, 'c').replace(/ş/g, 's')]) {
        const r = engine.resolveClarification(pending, reply);
        expect(r?.operationId, reply).toBe(meant);
        // Taken as the citizen's choice, as a number is, not the model's guess.
        expect(r?.confidence, reply).toBe(1);
        expect(r?.clarify, reply).toBeUndefined();
      }
    }
    // A word that every option's name has tells none apart: not taken as the citizen's choice.
    expect(engine.resolveClarification(pending, 'pasaport')?.confidence ?? 0).toBeLessThan(1);
  });

  it('answers a message that names an operation directly', () => {
    for (const [q, op] of [
      ['how do I renew my passport', 'passport-renewal'],
      ['student visa requirements', 'visa-student'],
      ['askerlik tecili nasıl yapılır', 'military-service-deferment'],
    ] as const) {
      const a = engine.answer(q);
      expect(a.operationId, q).toBe(op);
      expect(a.clarify, q).toBeUndefined();
    }
    // Words that are all the area's yet name an operation in the catalogue ("get a passport" is
    // a first application) or a general entry ("e-visa") are not an area alone.
    for (const q of ['how do I get a passport', 'e-visa', 'do I need a visa'])
      expect(areaOnly(q, vocabularies, phrases), q).toBeNull();
    // A configured pair keeps its own question.
    expect(engine.answer('pasaportumu kaybettim').clarify?.question).toMatch(/seyahat/);
  });

  it('leaves out-of-scope messages out of scope, also those using an area’s words', () => {
    for (const q of ["what's the weather in Ankara", 'book me a hotel']) {
      expect(engine.answer(q).handoffReason, q).toBe('out-of-scope');
      expect(areaOnly(q, vocabularies, phrases), q).toBeNull();
    }
    // Part of an area's name, another country's document, a Visa card: not an area alone.
    for (const q of [
      'social media accounts info',
      'civil engineering jobs',
      'travel insurance info',
      'Schengen visa for France',
      'visa card payment declined',
    ])
      expect(areaOnly(q, vocabularies, phrases), q).toBeNull();
  });
});
