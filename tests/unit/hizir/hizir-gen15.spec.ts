import { beforeAll, describe, expect, it } from 'vitest';
import { homeAuthorityFor, loadHomeAuthorities } from '../../../src/hizir/hizir-authorities';
import {
  childOutsideMarriage,
  damagedPassport,
  deferredReturningForGood,
  documentSetAside,
  leavesAfterDeath,
  leavingCitizenship,
  neverHadIdCard,
  neverHadPassport,
  provesUnmarriedToMarry,
  specialPassport,
  trainingAfterPayment,
  travelsWithinDays,
} from '../../../src/hizir/hizir-records';
import { hiredWithWorkPermitInTurkiye } from '../../../src/hizir/hizir-scope';
import { sensitiveSituation } from '../../../src/hizir/hizir-sensitive';
import { HizirEngine } from '../../../src/hizir/hizir.engine';
import { foldTurkish, turkishLower } from '../../../src/hizir/turkish-text';

const CONFIG = `${__dirname}/../../../config`;
const fold = (text: string): string => foldTurkish(turkishLower(text));

// Families of round 15's misses (probe-gen15-judge, frozen before the rules were read): a special
// or service passport, a damaged one, a child of unmarried parents, a deferment ended by moving
// back, the training after the paid exemption, a paper showing one is free to marry, a register
// changed while the card shows the old record, a document named only to be set aside, leaving
// the citizenship, a will, a foreigner's work permit in Türkiye, a document never had, a stranded
// citizen, and look-alikes. Every phrasing here is new (none is the set's own), and each answer
// asserted below was wrong or handed off on the engine before round 15.
describe('Hızır: generalisation round 15', () => {
  let engine: HizirEngine;
  beforeAll(() => {
    engine = HizirEngine.fromConfig(CONFIG);
  });
  const ask = (text: string) => engine.answer(text);
  const answers = (text: string, operationId: string): void => {
    const a = ask(text);
    expect(a.operationId, text).toBe(operationId);
    expect(a.handoff, text).toBe(false);
  };

  it('answers a green or grey passport, or a civil servant’s, as the special passport', () => {
    for (const text of [
      'My husband works for the Turkish ministry and was posted to Oslo; can I renew my green passport at the embassy?',
      "Hizmet damgalı gri pasaportumun süresi bitiyor, Roma'daki büyükelçilikte yenileyebilir miyim?",
    ]) {
      expect(specialPassport(fold(text)), text).toBe(true);
      answers(text, 'passport-special-service');
    }
    // An ordinary passport is no special one.
    expect(specialPassport(fold('My burgundy passport expires in May, how do I renew it?'))).toBe(
      false,
    );
  });

  it('answers a chewed or torn passport as damaged, misspelt too', () => {
    const text = 'my cat chewed my pasport, half the cover is gone. new one?';
    expect(damagedPassport(fold(text))).toBe(true);
    expect(ask(text).operationId).toBe('passport-damaged');
    expect(damagedPassport(fold('my passport expires next month, how do I renew it'))).toBe(false);
  });

  it('answers a child of parents not married to each other as the acknowledgement of paternity', () => {
    const text =
      "We aren't married, but our son was born in Lyon last year. I'm Turkish and want him registered as mine, what do I do?";
    expect(childOutsideMarriage(fold(text))).toBe(true);
    answers(text, 'civil-registry-paternity');
    expect(childOutsideMarriage(fold('We are married and our son was born in Lyon'))).toBe(false);
  });

  it('ends a deferment when the writer moves back for good', () => {
    const text =
      "My military service is deferred because I live in Canada, but I'm moving back to Ankara permanently next month. Is there anything to do?";
    expect(deferredReturningForGood(fold(text))).toBe(true);
    answers(text, 'military-service-deferment-cancellation');
    expect(deferredReturningForGood(fold('How do I get my military service deferred?'))).toBe(
      false,
    );
  });

  it('refers to basic training once the paid exemption is paid', () => {
    const text = 'I paid for the paid military service last month; when do I go for the training?';
    expect(trainingAfterPayment(fold(text))).toBe(true);
    answers(text, 'military-service-training-referral');
    expect(trainingAfterPayment(fold('How much is the paid military service?'))).toBe(false);
  });

  it('answers a paper showing one is not married, for a wedding, as the certificate of capacity', () => {
    for (const text of [
      'The town hall in Lisbon needs paperwork stating that I am not married before we can book our wedding. What do I get from the consulate?',
      "Danimarka'da nikah için evli olmadığımı gösteren resmi bir yazı istiyorlar, bunu konsolosluktan mı alacağım?",
    ]) {
      expect(provesUnmarriedToMarry(fold(text)), text).toBe(true);
      answers(text, 'civil-registry-marriage-capacity');
    }
    // Still shown as single after a wedding is the marriage's registration, not this.
    expect(
      provesUnmarriedToMarry(
        fold("Evlendik ama Türkiye'de hâlâ bekar görünüyorum, ne yapmalıyım?"),
      ),
    ).toBe(false);
  });

  it('updates the ID card when the register was corrected, and sets aside a document said to be fine', () => {
    answers(
      'My surname was corrected by court order and the registry updated it, yet my ID card still has the old spelling. What now?',
      'identity-card-info-update',
    );
    const text =
      'My passport is fine, I renewed it last year. But my ID card still shows my maiden name after the marriage was registered. What should I do?';
    expect(documentSetAside(fold(text))).toBe('passport');
    answers(text, 'identity-card-info-update');
    expect(documentSetAside(fold('I need a new passport and a new ID card'))).toBe(null);
  });

  it('cancels a reported passport found again, a few words after the passport', () => {
    const text =
      'Kayıp ilanı verdiğim pasaportum arabanın koltuğunun altından çıktı, ne yapmam gerekiyor?';
    expect(ask(text).operationId).toBe('passport-cancellation');
  });

  it('answers leaving Turkish citizenship, asked about, as renunciation', () => {
    const text =
      'Kore vatandaşlığına geçeceğim, orada çifte vatandaşlık yokmuş. Türk vatandaşlığından nasıl çıkılıyor?';
    expect(leavingCitizenship(fold(text))).toBe(true);
    answers(text, 'citizenship-renunciation');
    expect(leavingCitizenship(fold('Almanya vatandaşı oldum, bunu bildirmem gerekiyor mu?'))).toBe(
      false,
    );
  });

  it('answers what one leaves to whom after one’s death as a will', () => {
    const text =
      "I'm 80 and I want to put in writing who inherits my house in Bursa after I die, but I can't travel to Turkey. Can the consulate do that?";
    expect(leavesAfterDeath(fold(text))).toBe(true);
    answers(text, 'notary-will');
  });

  it('answers a foreigner hired in Türkiye whose work permit was started as the work visa', () => {
    const text =
      "A construction company in Izmir hired me and says my permit was approved. I'm in Pakistan, what should I do at the Turkish embassy?";
    expect(hiredWithWorkPermitInTurkiye(fold(text))).toBe(true);
    answers(text, 'visa-work');
    // Extending a permit in Türkiye is the migration authority's, not a visa.
    expect(
      hiredWithWorkPermitInTurkiye(fold('My employer in Istanbul wants to extend my work permit')),
    ).toBe(false);
  });

  it('answers a document never had as its first issue', () => {
    for (const [text, id] of [
      [
        'I never had a Turkish passport, how do I get one at the consulate?',
        'passport-first-issue',
      ],
      ['Hiç nüfus cüzdanım olmadı, konsoloslukta yaptırabilir miyim?', 'identity-card-first-issue'],
    ] as const) {
      expect(neverHadPassport(fold(text)) || neverHadIdCard(fold(text)), text).toBe(true);
      answers(text, id);
    }
  });

  it('reads a paper showing no criminal record as the criminal record certificate', () => {
    expect(
      ask('Almanyada iş başvurusu yaptım, suç kaydımın olmadığını gösteren kağıt lazım')
        .operationId,
    ).toBe('legalization-criminal-record');
  });

  it('sends a citizen left without money and without a roof to an officer, fraud or not', () => {
    const text =
      'I was scammed in Baku, I have no money left and the hostel kicked me out. Please help.';
    expect(sensitiveSituation(text)).toBe('distress');
    const a = ask(text);
    expect(a.handoffReason).toBe('sensitive');
    expect(a.operationId).toBe('repatriation-customs-distress-assistance');
  });

  it('routes the officer with the matter asked about: a survivor’s pension, an emergency passport', () => {
    for (const [text, id] of [
      [
        "Annem Türkiye'den emekliydi ve geçen ay Londra'da vefat etti. Babam onun aylığından yararlanabilir mi, nasıl başvurulur?",
        'social-security-survivor-pension',
      ],
      [
        'My dad is in hospital in Trabzon after a heart attack. I need to travel tomorrow but my passport expired in June. A renewal takes too long, what else is there?',
        'travel-document-emergency-passport',
      ],
    ] as const) {
      const a = ask(text);
      expect(a.handoffReason, text).toBe('sensitive');
      expect(a.operationId, text).toBe(id);
    }
  });

  it('reads a journey within days, not an urgency alone', () => {
    expect(travelsWithinDays(fold('I have to fly tomorrow morning'))).toBe(true);
    expect(travelsWithinDays(fold('hemen yenilemem lazım'))).toBe(false);
  });

  it('hands off look-alikes as out of scope: telecom contracts, phone IMEI, trademarks, temporary protection, poems', () => {
    const authorities = loadHomeAuthorities(CONFIG);
    for (const [text, id] of [
      ['Turkcell faturalı hattımı yurt dışından nasıl iptal ederim?', 'telecom-subscription'],
      [
        'I bought a Samsung phone in London, how do I register it so it works with my Turkish SIM?',
        'phone-imei',
      ],
      ['How do I register a trademark for my bakery in Turkey?', 'trademark'],
      [
        'Geçici koruma altındayım, başka şehre gitmek için yol izin belgesi nasıl alırım?',
        'goc-idaresi',
      ],
      ['Babam için emeklilik şiiri yazar mısın?', 'creative-writing'],
    ] as const) {
      expect(homeAuthorityFor(text, authorities)?.id, text).toBe(id);
      expect(ask(text).handoffReason, text).toBe('out-of-scope');
    }
  });

  it('keeps a diploma’s stamp the mission’s, beside its recognition at home', () => {
    answers(
      'I studied in Kazakhstan and want my degree recognised in Turkey; does the consulate have to stamp the diploma first?',
      'legalization-educational',
    );
  });
});
