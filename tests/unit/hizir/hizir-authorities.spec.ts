import { beforeAll, describe, expect, it } from 'vitest';
import {
  compileHomeAuthorities,
  homeAuthorityFor,
  loadHomeAuthorities,
  type CompiledAuthority,
} from '../../../src/hizir/hizir-authorities';
import { HizirEngine } from '../../../src/hizir/hizir.engine';

const CONFIG = `${__dirname}/../../../config`;

describe('homeAuthorityFor (config/hizir/authorities.yaml)', () => {
  let rules: CompiledAuthority[];
  beforeAll(() => {
    rules = loadHomeAuthorities(CONFIG);
  });
  const idOf = (t: string): string | null => homeAuthorityFor(t, rules)?.id ?? null;

  it('names the authority at home, with or without Turkish letters', () => {
    expect(idOf('Yüksek lisans diplomamın denkliğini nasıl alırım')).toBe('yok-equivalence');
    expect(idOf('yuksek lisans diplomamin denkligini nasil alirim')).toBe('yok-equivalence');
    expect(idOf('is my Dutch degree recognised in Turkey, who handles equivalence')).toBe(
      'yok-equivalence',
    );
    expect(idOf('E-Devlet parolamı sıfırlamak istiyorum')).toBe('e-devlet-password');
    expect(idOf('Türkiye’de vergi kimlik numaramı nereden öğrenirim')).toBe('tax-office');
    expect(idOf('Bodrum’daki yazlığın emlak vergisi')).toBe('property-tax');
    expect(idOf('ilçe nüfus müdürlüğünden randevu')).toBe('nufus-mudurlugu');
    expect(idOf('Ankara’da notere gidip imza beyannamesi vereceğim')).toBe('turkish-notary');
    expect(idOf('how much does a notary in Izmir charge for a power of attorney')).toBe(
      'turkish-notary',
    );
  });

  it('leaves a notarial act at the consulate, or one about a Turkish notary’s paper, alone', () => {
    expect(idOf('konsoloslukta vekaletname, Türkiye noteri ile aynı mı')).toBeNull();
    expect(idOf('İstanbul noterinden verdiğim vekaleti azletmek istiyorum')).toBeNull();
    expect(idOf('İzmir noterinden alınmış belgenin tercümesini onaylatmak')).toBeNull();
  });

  it('stays silent on "yok" (none), "gibi" (like) and a consular matter', () => {
    expect(idOf('pasaportum yok, diplomam da yok')).toBeNull();
    expect(idOf('pasaport gibi bir belge lazım')).toBeNull();
    // Legalising a diploma for its equivalence is the consulate's: the rule's `unless`.
    expect(idOf('diplomamı denklik için apostil ile onaylatmam lazım')).toBeNull();
    // The consulate's portal, signed into with e-Devlet.
    expect(idOf('konsolosluk portalına e-devlet şifresiyle giremiyorum')).toBeNull();
    // A marriage capacity certificate is an "evlenme ehliyet belgesi", not a driving licence.
    expect(idOf('Türkiye’den evlenme ehliyet belgesi lazım')).toBeNull();
  });

  it('rejects a malformed rule, naming the field', () => {
    const base = { id: 'x', when: [['a']], pointer: { tr: 'a', en: 'b' } };
    expect(() => compileHomeAuthorities([{ ...base, when: [] }], 'f.yaml')).toThrow(
      'f.yaml: authorities[0].when: must be a non-empty list',
    );
    expect(() => compileHomeAuthorities([{ ...base, pointer: { tr: 'a' } }], 'f.yaml')).toThrow(
      'f.yaml: authorities[0].pointer.en: must be a non-empty string',
    );
    expect(() => compileHomeAuthorities([{ ...base, unless: [3] }], 'f.yaml')).toThrow(
      'f.yaml: authorities[0].unless: must be a list of non-empty strings',
    );
  });
});

describe('HizirEngine: pointers to Turkish authorities at home', () => {
  let engine: HizirEngine;
  beforeAll(() => {
    engine = HizirEngine.fromConfig(CONFIG, { snapshotFile: null });
  });

  // probe-gen5-dev: a diplomat's request was answered with the consular portal or handed to an
  // officer as unsure; the Diplomatic Portal serves foreign missions, not citizens abroad.
  it('hands off a foreign mission’s Diplomatic Portal request and names the portal', () => {
    for (const q of [
      'As the attaché of the Embassy of Kenya, how do I request VAT exemption on the Diplomatic Portal?',
      'diplomatik misyon araç plakası devri portal',
      'our embassy needs CD plates for a new car',
    ]) {
      const a = engine.answer(q);
      expect(a.handoffReason, q).toBe('out-of-scope');
      expect(a.answer, q).toMatch(/Diplomati[ck] Portal/);
    }
    // A diplomat's visa to come to Türkiye is the mission's.
    expect(engine.answer('diplomatik pasaportla resmi ziyaret vizesi').operationId).toBe(
      'visa-official',
    );
  });

  it('hands off diploma equivalence as out of scope and names YÖK, in the user’s language', () => {
    // Before: handed off with no word on who handles it.
    const en = engine.answer('how can my canadian university degree be recognised by YÖK?');
    expect(en.handoffReason).toBe('out-of-scope');
    expect(en.lang).toBe('en');
    expect(en.answer).toContain('Council of Higher Education');
    // Before: answered as the legalisation of an educational document (confidence 0.98).
    const tr = engine.answer('yurtdisi diplomami YÖK denklik icin nereye basvururum');
    expect(tr.handoffReason).toBe('out-of-scope');
    expect(tr.answer).toContain('Yükseköğretim Kurulu');
  });

  it('hands off an e-Devlet password as out of scope with where to get one', () => {
    // Before: answered with the consulate portal's entry (0.99 and 0.84).
    for (const t of ['edevlet sifremi unuttum', 'e devlet sifre yenileme']) {
      const a = engine.answer(t);
      expect(a.handoffReason, t).toBe('out-of-scope');
      expect(a.answer, t).toContain('PTT');
    }
  });

  it('hands off a notarial act at a notary in Türkiye as out of scope, naming the notary', () => {
    // Before: answered with the consulate's general power of attorney.
    const tr = engine.answer('Bursa’da noterde vekaletname yaptırmak ne kadar tutar?');
    expect(tr.handoffReason).toBe('out-of-scope');
    expect(tr.answer).toContain('noterliğin işidir');
    // The same act at the consulate is still answered.
    expect(engine.answer('Konsoloslukta genel vekaletname yaptırmak istiyorum').operationId).toBe(
      'notary-poa-general',
    );
  });

  it('adds a pointer to an out-of-scope hand-off the model decided itself', () => {
    const a = engine.answer("Türkiye'deki vergi dairesine olan borcumu nasıl öğrenirim?");
    expect(a.handoffReason).toBe('out-of-scope');
    expect(a.answer).toContain('GİB');
  });

  it('adds nothing when no authority matches, and keeps consular questions answered', () => {
    const weather = engine.answer('what will the weather be like in Ankara tomorrow');
    expect(weather.handoffReason).toBe('out-of-scope');
    for (const r of loadHomeAuthorities(CONFIG)) {
      expect(weather.answer).not.toContain(r.pointer.en);
    }
    expect(
      engine.answer('Diplomamı Türkiye’de denklik için onaylatmam gerekiyor').operationId,
    ).toBe('legalization-educational');
    expect(engine.answer('konsolosluk sitesine giris yapamiyorum e-devlet sifresi ile').area).toBe(
      'general',
    );
  });
});
