/**
 * The question each scenario answers, in both languages, for the gallery. A scenario not
 * listed here still appears, under its group, with its own title and description.
 */
export const QUESTIONS: Record<string, { en: string; tr: string }> = {
  'teaching-mmc': {
    en: 'Ten officers at 90% load: how long do citizens wait, and does the simulation match Erlang C?',
    tr: '%90 yükte on görevli: vatandaşlar ne kadar bekler, benzetim Erlang C ile örtüşür mü?',
  },
  'paper-evisa': {
    en: 'E-visa 2013-2021: applications, fees and the officer time saved against a desk.',
    tr: 'E-vize 2013-2021: başvurular, harçlar ve gişeye göre kazanılan görevli zamanı.',
  },
  'paper-evisa-peak-day': {
    en: 'The record day: can the pipeline issue 50,000 e-visas in 24 hours?',
    tr: 'Rekor gün: sistem 24 saatte 50.000 e-vize verebilir mi?',
  },
  'paper-konsolosluk-2020': {
    en: 'Konsolosluk.NET in the pandemic year 2020 at 249 missions: closure, backlog and recovery, and what the online channels carried.',
    tr: 'Salgın yılı 2020’de 249 temsilcilikte Konsolosluk.NET: kapanış, biriken talep ve toparlanma; çevrimiçi kanalların taşıdığı yük.',
  },
  'paper-konsolosluk-trend': {
    en: '2016-2020: do transactions rise while minutes per transaction fall?',
    tr: '2016-2020: işlem sayısı artarken işlem başına dakika düşüyor mu?',
  },
  'paper-gov-tr-2020': {
    en: 'konsolosluk.gov.tr in 2020: how many citizens does the portal serve?',
    tr: '2020’de konsolosluk.gov.tr: portal kaç vatandaşa hizmet veriyor?',
  },
  'paper-payments': {
    en: 'An average year of e-visa and consular card payments: more than 5 million?',
    tr: 'Ortalama bir yılda e-vize ve konsolosluk kart ödemeleri: 5 milyonu aşıyor mu?',
  },
  'paper-hizir': {
    en: "Hızır's measured deflection: how many questions still reach the officers?",
    tr: 'Hızır’ın ölçülen yanıtlama payı: kaç soru hâlâ görevlilere ulaşıyor?',
  },
  'hizir-load': {
    en: 'Hızır at a chosen deflection with 30 officers: officer load and waits.',
    tr: 'Seçilen yanıtlama payında Hızır ve 30 görevli: görevli yükü ve bekleme.',
  },
  'paper-diplomatic-portal': {
    en: 'The Diplomatic Portal for 20,000+ foreign diplomats in nine areas: how many protocol-officer hours does it save against paper, and how fast is a decision?',
    tr: 'Dokuz alanda 20.000’i aşkın yabancı diplomata hizmet veren Diplomatik Portal: kâğıda göre kaç protokol görevlisi saati kazandırır, karar ne kadar sürede çıkar?',
  },
  'paper-evacuation-2020': {
    en: 'The 2020 evacuation: how many officers keep registration for return flights within 24 hours?',
    tr: '2020 tahliyesi: dönüş uçuşlarına kaydı 24 saat içinde tutmak için kaç görevli gerekir?',
  },
  'whatif-evacuation-2020-no-online': {
    en: 'The 2020 evacuation without online registration and the chatbot: how many officers then?',
    tr: 'Çevrimiçi kayıt ve sohbet robotu olmadan 2020 tahliyesi: o zaman kaç görevli gerekir?',
  },
  'audit-konsolosluk-govtr-savings': {
    en: 'How many officer hours did konsolosluk.gov.tr pre-applications save the missions in 2020, and how sure is that?',
    tr: '2020’de konsolosluk.gov.tr ön başvuruları temsilciliklere kaç görevli saati kazandırdı, bu ne kadar kesin?',
  },
  'whatif-evisa-demand-x2': {
    en: 'If e-visa demand doubles on a record day, how many are still issued by midnight?',
    tr: 'Rekor günde e-vize talebi iki katına çıkarsa gece yarısına kadar kaç vize verilir?',
  },
  'whatif-no-evisa': {
    en: 'With no e-visa, how many officers would the desks take over 2013-2021?',
    tr: 'E-vize olmasaydı 2013-2021 arasında gişeler kaç görevli gerektirirdi?',
  },
  'whatif-no-evisa-peak-day': {
    en: 'With no e-visa on the record day, how many officers on 8-hour shifts?',
    tr: 'Rekor günde e-vize olmasaydı 8 saatlik vardiyada kaç görevli gerekirdi?',
  },
  'whatif-hizir-deflection-0': {
    en: 'If Hızır answered nothing, what would the officers face?',
    tr: 'Hızır hiçbir soruyu yanıtlamasaydı görevlileri ne beklerdi?',
  },
  'whatif-hizir-deflection-30': {
    en: 'If Hızır answered 30% of questions: officer hours and waits.',
    tr: 'Hızır soruların %30’unu yanıtlasaydı: görevli saatleri ve bekleme.',
  },
  'whatif-hizir-deflection-60': {
    en: 'If Hızır answered 60% of questions: officer hours and waits.',
    tr: 'Hızır soruların %60’ını yanıtlasaydı: görevli saatleri ve bekleme.',
  },
  'whatif-konsolosluk-staff-cut-20': {
    en: 'What does a 20% cut in counter staff cost in waits and lost walk-ins?',
    tr: 'Gişe personelinde %20 azalma bekleme ve kaybedilen başvuru olarak neye mal olur?',
  },
  'whatif-missions-closed-8w': {
    en: 'If every mission closed for 8 weeks and the demand still came, what happens to queues?',
    tr: 'Tüm temsilcilikler 8 hafta kapansa ve talep yine gelse kuyruklara ne olur?',
  },
};
