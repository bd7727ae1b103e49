import { beforeAll, describe, expect, it } from 'vitest';
import { livesInTurkiye, namesForeignDocument } from '../../../src/hizir/hizir-scope';
import { messageForms } from '../../../src/hizir/hizir-segments';
import { HizirEngine } from '../../../src/hizir/hizir.engine';

const CONFIG = `${__dirname}/../../../config`;

describe('namesForeignDocument', () => {
  it('recognises another nationality’s passport or ID card, in both languages', () => {
    for (const t of [
      'my Irish passport is full',
      'lost our Swiss ID',
      'İspanyol pasaportumu yenilemek istiyorum',
      'ispanyol pasaportumu yenilemek istiyorum',
      'Avusturya pasaportu başvurusu',
    ]) {
      expect(namesForeignDocument(t), t).toBe(true);
    }
  });

  it('leaves where something happened, and Turkish documents, to the model', () => {
    for (const t of [
      'İspanya’da pasaportumu kaybettim',
      'ispanyada pasaport yenileme',
      'I have an Irish passport, do I need a visa for Turkey?',
      'my daughter has a Swiss passport and needs a Turkish one too',
      'T.C. kimlik kartımı Avusturya’da kaybettim',
      'T.C. kimliğim ve Avusturya pasaportum var',
      'tc kimligim ve avusturya pasaportu',
    ]) {
      expect(namesForeignDocument(t), t).toBe(false);
    }
  });
});

describe('HizirEngine: another country’s documents', () => {
  let engine: HizirEngine;
  beforeAll(() => {
    engine = HizirEngine.fromConfig(CONFIG);
  });

  it('hands another country’s passport or ID card off as out of scope, not as a Turkish one', () => {
    for (const t of ['how to renew an Irish passport', 'İspanyol kimlik kartımı kaybettim']) {
      const a = engine.answer(t);
      expect(a.handoffReason, t).toBe('out-of-scope');
      expect(a.operationId, t).toBeNull();
    }
  });

  it('still answers a Turkish passport lost in another country', () => {
    expect(engine.answer('İspanya’da pasaportumu kaybettim').handoffReason).not.toBe(
      'out-of-scope',
    );
  });
});

describe('namesForeignDocument: the Turkish mission is not a Turkish document', () => {
  it('reads “the Turkish embassy/consulate” as where, not whose', () => {
    for (const t of [
      "can the Turkish embassy extend my husband's Dutch passport?",
      'Türk konsolosluğu kızımın Fransız pasaportunu yeniler mi',
    ])
      expect(namesForeignDocument(t), t).toBe(true);
    // A Turkish document named alongside still leaves it to the model.
    expect(namesForeignDocument('the Turkish consulate: my Dutch passport and my Turkish ID')).toBe(
      false,
    );
  });
});

describe('livesInTurkiye', () => {
  const lives = (t: string): boolean => livesInTurkiye(messageForms(t).folded);

  it('recognises the one asking saying they live in Türkiye, in both languages', () => {
    for (const t of [
      'I live in Izmir, how do I get my daughter’s ID card renewed?',
      "we're living in Turkey now and need a new passport",
      'Bursa’da oturuyoruz, oğlumun askerlik tecili için ne yapmalıyız?',
      'Konya’da yaşıyorum, nüfus kaydı örneği lazım',
      'yurt dışında yaşamıyorum ama bedelli askerlik yapmak istiyorum',
      'My daughter was born in Antalya in May and we live there; how do we register her?',
      'Türkiye’de yaşayan ablam pasaport almak istiyor',
    ])
      expect(lives(t), t).toBe(true);
  });

  it('also counts the one asking being in Türkiye now, for however long', () => {
    for (const t of [
      'I am in Turkey at the moment, where do I get a copy of my population record?',
      "we're in Antalya until September and my son needs a new ID card",
      'İzmir’deyim, sabıka kaydımı nereden alırım?',
      'su an ankaradayiz, askerlik durum belgesi nereden alinir',
    ])
      expect(lives(t), t).toBe(true);
    // Not a wish to go there, a place named in passing, or a document for use there.
    for (const t of [
      'I am interested in Turkey’s paid military service',
      'I need a criminal record certificate to use in Turkey',
      'Türkiye’de kullanmak için diplomamı onaylatmam lazım',
    ])
      expect(lives(t), t).toBe(false);
  });

  it('does not count someone else living there, or living abroad', () => {
    for (const t of [
      'My ex-wife lives in Turkey; how does she consent to our son’s passport?',
      'Annem İzmir’de yaşıyor, ona vekalet vermek istiyorum',
      'I live in Munich and my passport expires next month',
      'Türkiye’ye dönmek istiyorum, Berlin’de yaşıyorum',
    ])
      expect(lives(t), t).toBe(false);
  });
});

describe('HizirEngine: a question from someone living in Türkiye', () => {
  let engine: HizirEngine;
  beforeAll(() => {
    engine = HizirEngine.fromConfig(CONFIG, { snapshotFile: null });
  });

  it('hands it off as out of scope: a Turkish authority’s matter, not a mission’s', () => {
    for (const t of [
      'Bursa’da oturuyoruz, oğlumun askerlik tecili için ne yapmalıyız?',
      'I live in Izmir, how do I get my daughter’s ID card renewed?',
      "can the Turkish embassy extend my husband's Dutch passport?",
      'İzmir’deyim, sabıka kaydımı nereden alırım?',
      'I am in Turkey at the moment, where do I get a copy of my population record?',
    ]) {
      const a = engine.answer(t);
      expect(a.handoffReason, t).toBe('out-of-scope');
      expect(a.operationId, t).toBeNull();
    }
  });

  it('still answers a citizen abroad whose relative lives in Türkiye', () => {
    const a = engine.answer(
      'My ex-wife lives in Turkey; how does she give consent for our son’s passport?',
    );
    expect(a.handoffReason).not.toBe('out-of-scope');
    expect(a.area).not.toBeNull();
  });
});
