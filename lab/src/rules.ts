/**
 * The CLI's validation rules in Turkish, for the message beside a field of the panel. The CLI
 * speaks English (and the error box keeps its message word for word, so that it matches what
 * `consular-sim run` prints); a Turkish reader gets the rule in Turkish as well. Covers the
 * scenario loader's rules (its schema's, the fixed ones it writes and those naming a value),
 * which the panel's fields and a shared link can break; any other rule is shown as written.
 */
import { lang } from './i18n';
import {
  CONTROL_CHARACTER_RULE,
  MAX_STATION_LABEL,
  STATION_LABEL_RULE,
} from '../../src/scenario/limits';
import { UNPRINTABLE_KINDS } from '../../src/common/printable-text';

/** 1,000 as Turkish writes it: 1.000 (the CLI's numbers carry English thousands separators). */
function trNumber(english: string): string {
  return english.replace(/,/g, '.');
}

/** Whole rules, word for word. */
const EXACT: Record<string, string> = {
  // The Lab's own, for a number field left empty (lab/src/main.ts).
  'is required': 'zorunlu',
  'must be a whole number greater than 0': '0’dan büyük bir tam sayı olmalı',
  'must be a mapping (key: value pairs)': 'bir eşleme olmalı (anahtar: değer çiftleri)',
  'must be a mapping of station ids to stations':
    'gişe kimliklerini gişelere eşleyen bir eşleme olmalı',
  'must be a mapping of station ids to labels':
    'gişe kimliklerini gişelerin adlarına eşleyen bir eşleme olmalı',
  'must be a mapping of class ids to classes':
    'sınıf kimliklerini sınıflara eşleyen bir eşleme olmalı',
  'must be a mapping of source ids to sources':
    'kaynak kimliklerini kaynaklara eşleyen bir eşleme olmalı',
  'must be a mapping of parameters': 'bir parametre eşlemesi olmalı',
  'must be a mapping (set, replications, figures, note)':
    'bir eşleme olmalı (set, replications, figures, note)',
  'must be a list of steps': 'bir adım listesi olmalı',
  'must be a list of shifts': 'bir vardiya listesi olmalı',
  'must be a list of closures': 'bir kapanış listesi olmalı',
  'must be a list of dates': 'bir tarih listesi olmalı',
  'must be a list of dates YYYY-MM-DD': 'YYYY-MM-DD biçiminde tarihlerden oluşan bir liste olmalı',
  'must be a list of numbers': 'bir sayı listesi olmalı',
  'must be a list of 1 to 1,000 probabilities: the chance that an arrival who finds every server busy balks when 0, 1, 2, ... are waiting (the last holds beyond), e.g. [0, 0.1, 0.3]':
    '1 ile 1.000 arasında olasılık içeren bir liste olmalı: bütün sunucuları meşgul bulan bir gelenin 0, 1, 2, ... kişi beklerken kuyruğu görüp katılmadan gitme olasılığı (sonuncusu ötesinde de geçerli), örneğin [0, 0.1, 0.3]',
  'must be a mapping such as {probabilities: [0, 0.1, 0.3]}: the chance of balking by the number waiting':
    '{probabilities: [0, 0.1, 0.3]} gibi bir eşleme olmalı: bekleyenlerin sayısına göre kuyruğa girmeden gitme olasılığı',
  'must be a mapping such as {probability: 0.1, outcome: refused}: the chance of leaving after this step, and the outcome it is counted under':
    '{probability: 0.1, outcome: refused} gibi bir eşleme olmalı: bu adımdan sonra ayrılma olasılığı ve sayıldığı sonuç',
  'must be a mapping of language codes to translations, e.g. {tr: {title: ...}}':
    'dil kodlarını çevirilere eşleyen bir eşleme olmalı, örneğin {tr: {title: ...}}',
  'must be a mapping such as {title: ..., description: ...}: the texts in that language':
    '{title: ..., description: ...} gibi bir eşleme olmalı: o dildeki metinler',
  'must be a mapping such as {probability: 0.7, meanDelayMinutes: 30}: the chance that a customer who balks here comes back, and the mean of the exponential time before it does (maxRetries optional)':
    '{probability: 0.7, meanDelayMinutes: 30} gibi bir eşleme olmalı: burada kuyruğa girmeden giden bir vatandaşın yeniden gelme olasılığı ve yeniden gelene dek geçen üstel sürenin ortalaması (maxRetries isteğe bağlı)',
  'must be a number between 0 and 1: the chance that a customer who balks here comes back':
    '0 ile 1 arasında bir sayı olmalı: burada kuyruğa girmeden giden bir vatandaşın yeniden gelme olasılığı',
  'must be a number of minutes from 1/60 (a second) to 1e15: the mean of the exponential time before a customer turned away comes back':
    '1/60 (bir saniye) ile 1e15 arasında bir dakika sayısı olmalı: geri çevrilen bir vatandaşın yeniden gelene dek geçen üstel sürenin ortalaması',
  [CONTROL_CHARACTER_RULE]:
    'denetim karakterleri (ESC, CR, NUL...), yön değiştiren karakterler ya da başka görünmez biçim karakterleri (U+200B, U+FFF9-U+FFFB, etiketler...), özel kullanım karakterleri ya da tek başına vekil yarılar içermemeli, bunlar terminalin ya da bir raporun gösterdiğini değiştirir; bir metin sekme ve satır sonu içerebilir, bir ad ikisini de içeremez',
  [STATION_LABEL_RULE]: `tek satırlık, en çok ${MAX_STATION_LABEL} karakterlik, görünen bir karakter içeren bir ad olmalı: denetim karakterleri (ESC, CR, LF...), yön değiştiren karakterler ya da başka görünmez biçim karakterleri (U+200B, U+FFF9-U+FFFB, etiketler...), özel kullanım karakterleri ya da tek başına vekil yarılar olmadan`,
  'must be a whole number, 0 or more: the most times a customer comes back to this station for one visit (leave it out for no limit)':
    '0 ya da daha büyük bir tam sayı olmalı: bir vatandaşın bir ziyaret için bu gişeye en çok kaç kez yeniden gelebileceği (sınır olmaması için yazmayın)',
  'has no effect: nobody balks at this station (it has no queueLimit and no balking rule), so nobody comes back; give it one, or remove the retrial rule':
    'etkisi yok: bu gişede kimse kuyruğa girmeden gitmez (queueLimit ya da balking kuralı yoktur), bu yüzden kimse yeniden gelmez; birini verin ya da retrial kuralını kaldırın',
  // A station's overflow (src/sim/compile.ts OVERFLOW_*_RULE, the loader's IDLE_OVERFLOW_RULE).
  'must name another station defined under stations: the one that serves, in place of this one, the customers this station turns away when its queue is full':
    'stations altında tanımlı başka bir gişeyi adlandırmalı: bu gişenin, kuyruğu dolu olduğu için geri çevirdiği vatandaşlara onun yerine hizmet veren gişeyi',
  'must name another station: a station cannot take the customers it turns away because it is full':
    'başka bir gişeyi adlandırmalı: bir gişe, dolu olduğu için geri çevirdiği vatandaşları kendisi alamaz',
  'makes an overflow cycle: each station of it would send on a customer it cannot hold to the next, round the cycle for ever when all are full; end the chain at a station without overflow':
    'bir taşma döngüsü oluşturuyor: döngüdeki her gişe alamadığı vatandaşı bir sonrakine gönderir, hepsi doluyken döngüde sonsuza dek; zinciri overflow’u olmayan bir gişede bitirin',
  'cannot be given together with retrial: a customer turned away here at the queue limit is sent on to the overflow station, not asked to come back; give one of them':
    'retrial ile birlikte verilemez: burada kuyruk sınırında geri çevrilen bir vatandaş taşma gişesine gönderilir, yeniden gelmesi beklenmez; ikisinden yalnızca birini verin',
  'has no effect: this station has no queueLimit, so it is never full and sends nobody on; give it a queueLimit, or remove the overflow':
    'etkisi yok: bu gişenin queueLimit’i yoktur, bu yüzden hiç dolmaz ve kimseyi başka gişeye göndermez; bir queueLimit verin ya da overflow’u kaldırın',
  'must be a list of station ids': 'gişe kimliklerinden oluşan bir liste olmalı',
  'must be a list of weekdays (mon..sun)': 'hafta günlerinden oluşan bir liste olmalı (mon..sun)',
  'must be a list of weights, 0 or more':
    '0 ya da daha büyük ağırlıklardan oluşan bir liste olmalı',
  'must be a list of 24 weights': '24 ağırlıktan oluşan bir liste olmalı',
  'must be a list of 7 weights (Monday first)':
    '7 ağırlıktan oluşan bir liste olmalı (ilki pazartesi)',
  'must be a list of 12 weights (January first)':
    '12 ağırlıktan oluşan bir liste olmalı (ilki ocak)',
  'must be a list of path=value overrides':
    'yol=değer biçiminde değişikliklerden oluşan bir liste olmalı',
  'must list at least one step': 'en az bir adım içermeli',
  'must list at least one item': 'en az bir öğe içermeli',
  'must be a mapping': 'bir eşleme olmalı',
  'must be a list': 'bir liste olmalı',
  'must be a number of hours, more than 0 and at most 24': '0’dan büyük, en çok 24 saat olmalı',
  'must be a number of days from 1 to 366': '1 ile 366 arasında bir gün sayısı olmalı',
  'must be 24 weights, 0 or more': '0 ya da daha büyük 24 ağırlık olmalı',
  'must be 12 weights, 0 or more': '0 ya da daha büyük 12 ağırlık olmalı',
  'must list at least one shift': 'en az bir vardiya içermeli',
  'must define at least one station': 'en az bir gişe tanımlanmalı',
  'must define at least one class': 'en az bir sınıf tanımlanmalı',
  'must define at least one source': 'en az bir kaynak tanımlanmalı',
  'must be an id': 'bir kimlik olmalı',
  'must be a class id': 'bir sınıf kimliği olmalı',
  'must be a station id': 'bir gişe kimliği olmalı',
  'must be a class id or a mapping of class ids to weights':
    'bir sınıf kimliği ya da sınıf kimliklerini ağırlıklara eşleyen bir eşleme olmalı',
  'must be a lower-case id (letters, digits, dashes)':
    'küçük harfli bir kimlik olmalı (harfler, rakamlar, tireler)',
  'must be a date YYYY-MM-DD': 'YYYY-MM-DD biçiminde bir tarih olmalı',
  'must be a real date': 'gerçek bir tarih olmalı',
  'must be a real date YYYY-MM-DD': 'YYYY-MM-DD biçiminde gerçek bir tarih olmalı',
  'must be a year such as 2019': '2019 gibi bir yıl olmalı',
  'must be a time HH:MM from 00:00 to 24:00':
    '00:00 ile 24:00 arasında HH:MM biçiminde bir saat olmalı',
  'must be a file path': 'bir dosya yolu olmalı',
  'must be a figure id from config/paper-figures.yaml':
    'config/paper-figures.yaml içindeki bir rakamın kimliği olmalı',
  'must map at least one year to its arrivals (e.g. {2019: 6600000}): with none the source brings nobody':
    'en az bir yılı o yılın gelişlerine eşlemeli (örneğin {2019: 6600000}): hiç yıl yoksa kaynaktan kimse gelmez',
  'must list at least one weekday (mon..sun)': 'en az bir hafta günü içermeli (mon..sun)',
  'must be a whole number from 0 (most urgent) up':
    '0 (en acil) ya da daha büyük bir tam sayı olmalı',
  'must be a whole number, 1 or more': '1 ya da daha büyük bir tam sayı olmalı',
  'must be a weight from 0 to 1e15': '0 ile 1e15 arasında bir ağırlık olmalı',
  'weights must be 0 or more': 'ağırlıklar 0 ya da daha büyük olmalı',
  'must map years to whole numbers of arrivals': 'yılları tam sayı geliş sayılarına eşlemeli',
  'must be input (calibrated from the paper), emergent (produced by the simulation) or measured (measured outside the simulation, such as the Hızır engine on its test questions)':
    'input (makaleden ayarlanmış), emergent (simülasyonun ürettiği) ya da measured (simülasyonun dışında ölçülmüş, örneğin test soruları üzerinde Hızır motoru) olmalı',
  'must be the path of a number in this scenario, e.g. params.manual.deskShare':
    'bu senaryodaki bir sayının yolu olmalı, ör. params.manual.deskShare',
  'must say where the range comes from (text)': 'aralığın nereden geldiğini söylemeli (metin)',
  'must say where the range comes from (text of 3 characters or more, e.g. "assumption")':
    'aralığın nereden geldiğini söylemeli (en az 3 karakterlik metin, ör. "assumption")',
  'must be path=value, e.g. params.sampling=0.001':
    'yol=değer biçiminde olmalı, ör. params.sampling=0.001',
  'must be later than from': 'from’dan sonra olmalı',
  'must not be before from': 'from’dan önce olmamalı',
  'must not all be 0: nobody would arrive': 'hepsi 0 olmamalı: kimse gelmezdi',
  'must not all be 0: give a class a weight': 'hepsi 0 olmamalı: bir sınıfa ağırlık verin',
  'must differ from from (from later than to is an overnight shift; a whole day is 00:00 to 24:00)':
    'from’dan farklı olmalı (from’un to’dan geç olması gece vardiyasıdır; bütün bir gün 00:00 ile 24:00 arasıdır)',
  'cannot be given together with hourOfDay': 'hourOfDay ile birlikte verilemez',
  'cannot be given together with servers: give one of them (a scenario that extends another removes the one it inherits with null: servers: null beside a schedule, or schedule: null beside servers)':
    'servers ile birlikte verilemez: yalnızca birini verin (başka bir senaryoyu genişleten bir senaryo devraldığını null ile kaldırır: schedule’ın yanına servers: null ya da servers’ın yanına schedule: null)',
  'give exactly one of class (an id) or classes (ids with weights)':
    'şunlardan tam olarak birini verin: class (bir kimlik) ya da classes (ağırlıklı kimlikler)',
  "cannot be used as a name: JavaScript objects reserve '__proto__'":
    "ad olarak kullanılamaz: JavaScript nesneleri '__proto__' adını kendine ayırır",
  'must be a number greater than 0': '0’dan büyük bir sayı olmalı',
  'must be a number, 0 or more': '0 ya da daha büyük bir sayı olmalı',
  'must be a number between 0 and 1': '0 ile 1 arasında bir sayı olmalı',
  'must be between 0 and 1': '0 ile 1 arasında olmalı',
  'must be greater than 0': '0’dan büyük olmalı',
  'must be 0 or more': '0 ya da daha büyük olmalı',
  'must be a number': 'bir sayı olmalı',
  'must be true or false': 'true ya da false olmalı',
  'must be true or false: false where the servers are not people (seats, a chatbot, days in transit), whose busy time is then not officer time':
    'true ya da false olmalı: sunucuları insan olmayan istasyonda false (koltuklar, sohbet robotu, yolda geçen günler); meşgul süreleri o zaman görevli zamanı sayılmaz',
  'must be text': 'metin olmalı',
  'must be a list of assumptions (text, source)':
    'varsayımlardan oluşan bir liste olmalı (text, source)',
  'is required where the assumptions are translated: each entry of translations.tr.assumptions names the assumption it translates by its id (a lower-case id such as arrival-rate)':
    'varsayımlar çevrildiğinde zorunlu: translations.tr.assumptions altındaki her öğe, çevirdiği varsayımı bu kimlikle (id) adlandırır (arrival-rate gibi küçük harfli bir kimlik)',
  'is required: the assumption it translates gives a source':
    'zorunlu: çevirdiği varsayım bir kaynak (source) veriyor',
  'must be left out: the assumption it translates gives no source':
    'yazılmamalı: çevirdiği varsayım kaynak (source) vermiyor',
  'must be longer than 0': '0’dan uzun olmalı',
  'must be a duration such as 90m, 8h, 30d or 52w, or a number of minutes':
    '90m, 8h, 30d ya da 52w gibi bir süre ya da dakika sayısı olmalı',
  "has no effect: no station on this class's route has discipline: priority, and only such a station serves classes by priority; remove it (priority: null, in a scenario that extends another or in --set), or give a station it visits discipline: priority":
    'etkisi yok: bu sınıfın rotasındaki hiçbir gişede discipline: priority yok ve sınıfları önceliğe göre yalnızca böyle bir gişe sıralar; kaldırın (başka bir senaryoyu genişleten bir senaryoda ya da --set ile priority: null) ya da uğradığı bir gişeye discipline: priority verin',
  'is not a known key: a file writes a path as keys nested one under another (a dotted path, route[0] for a list item, is for --set)':
    'bilinen bir anahtar değil: bir dosyada yol, biri ötekinin altına iç içe yazılan anahtarlarla yazılır (noktalı bir yol ve liste öğesi için route[0] yalnızca --set içindir)',
  'is kept for customers lost unserved (balked, reneged, turned-away); one who leaves after a service is completed, or leaves by an outcome of your own (e.g. refused)':
    'hizmet almadan kaybedilenler için ayrılmıştır (balked, reneged, turned-away); hizmetten sonra ayrılan biri tamamlanmış sayılır ya da kendi tanımladığınız bir sonuçla (ör. refused) ayrılır',
  'applies only to a station with a schedule of shifts: a station with servers is open on holidays (close it with calendar.closures)':
    'yalnızca vardiya çizelgesi (schedule) olan bir gişeye uygulanır: sunucu sayısı (servers) verilen bir gişe tatillerde açıktır (calendar.closures ile kapatın)',
  'has no effect: this station never closes (its servers are on duty at every hour, and no calendar.closures shuts it), and closePolicy only decides what becomes of the queue when a station closes; remove it (closePolicy: null, in a scenario that extends another or in --set), or close the station with calendar.closures':
    'etkisi yok: bu gişe hiç kapanmaz (sunucuları her saat görevdedir ve hiçbir calendar.closures onu kapatmaz) ve closePolicy yalnızca bir gişe kapandığında kuyruğa ne olacağını belirler; kaldırın (başka bir senaryoyu genişleten bir senaryoda ya da --set ile closePolicy: null) ya da gişeyi calendar.closures ile kapatın',
  'has no effect: this station never closes (its shifts without dates cover every hour of the week, and no holiday or closure shuts it), and closePolicy only decides what becomes of the queue when a station closes; remove it (closePolicy: null, in a scenario that extends another or in --set), or give the schedule hours off':
    'etkisi yok: bu gişe hiç kapanmaz (tarihsiz vardiyaları haftanın her saatini kapsar ve hiçbir tatil ya da kapanış onu kapatmaz) ve closePolicy yalnızca bir gişe kapandığında kuyruğa ne olacağını belirler; kaldırın (başka bir senaryoyu genişleten bir senaryoda ya da --set ile closePolicy: null) ya da çizelgeye boş saatler verin',
  "has no effect: the calendar has no holidays (calendar.holidays) on or after its start, and honoursHolidays only decides whether this station's shifts close on them; remove it (honoursHolidays: null, in a scenario that extends another or in --set), or list the holidays in calendar.holidays":
    'etkisi yok: takvimde başlangıcından itibaren hiç tatil (calendar.holidays) yoktur ve honoursHolidays yalnızca bu gişenin vardiyalarının tatillerde kapanıp kapanmayacağını belirler; kaldırın (başka bir senaryoyu genişleten bir senaryoda ya da --set ile honoursHolidays: null) ya da tatilleri calendar.holidays içinde listeleyin',
  'has no effect: the calendar has no holidays (calendar.holidays) and no closures (calendar.closures) of all stations or of the first station its classes visit, on or after its start, and closedOnHolidays only keeps arrivals away on such days; remove it (closedOnHolidays: null, in a scenario that extends another or in --set), or list the holidays in calendar.holidays':
    'etkisi yok: takvimde başlangıcından itibaren hiç tatil (calendar.holidays) ve tüm gişelerin ya da sınıflarının ilk uğradığı gişenin hiç kapanışı (calendar.closures) yoktur ve closedOnHolidays gelişleri yalnızca böyle günlerde durdurur; kaldırın (başka bir senaryoyu genişleten bir senaryoda ya da --set ile closedOnHolidays: null) ya da tatilleri calendar.holidays içinde listeleyin',
};

/** A count as the runner writes it (`1,342,300`, `8.74e+15`, `more than 1.80e+308`) in Turkish. */
function trCount(english: string): string {
  const n = english.replace(/^more than /, '');
  const tr = n.includes('e') ? n.replace('.', ',') : trNumber(n);
  return english.startsWith('more than ') ? `${tr}’den fazla` : tr;
}

/** A horizon as the runner writes it (`364 days`, `5 hours`, `90 minutes`) in Turkish. */
function trSpan(english: string): string {
  const [n, unit] = english.split(' ');
  const tr = n.replace(/,/g, '').replace('.', ',');
  return `${tr} ${{ days: 'gün', hours: 'saat', minutes: 'dakika' }[unit] ?? unit}`;
}

/** The end the runner's refusal of a run too large to simulate gives its two forms. */
const DEMAND_CEILING =
  'more than the ([\\d,]+) a replication may bring \\(a few minutes of the simulator, at its 2-4 million customers a second\\)';
const TR_DEMAND_CEILING = (c: string) =>
  `bir tekrarın getirebileceği ${trNumber(c)} gelişten fazla (simülatörün saniyede 2-4 milyon müşteriyle birkaç dakikası)`;

/** The horizon as the loader names it (`2020-01-01 to 2020-01-07`, and where a run without a calendar starts). */
const HORIZON_DAYS =
  '\\((\\d{4}-\\d{2}-\\d{2}) to (\\d{4}-\\d{2}-\\d{2})(?:, from (\\S+) as there is no calendar\\.start)?\\)';
const trHorizonDays = (from: string, to: string, start: string | undefined) =>
  `${from} – ${to}${start ? `; calendar.start olmadığından ${start} tarihinden başlayarak` : ''}`;

/** What dated inputs none of which reaches the run would do, in Turkish. */
const OUTSIDE_EFFECTS: Record<string, string> = {
  'they would close nothing in this run': 'bu çalıştırmada hiçbir şeyi kapatmazlar',
  'this source would bring nobody': 'bu kaynaktan kimse gelmez',
  'the station would have no server in this run': 'gişenin bu çalıştırmada hiç sunucusu olmaz',
};

/** Rules with a number or a name in them: a pattern and its Turkish, `$1` for what it matched. */
const PATTERNS: [RegExp, (m: RegExpExecArray) => string][] = [
  [
    /^must be unique among the assumptions \(assumptions\[(\d+)\] has '(.*)' too\)$/,
    (m) =>
      `varsayımlar arasında benzersiz olmalı ('${m[2]}' kimliği assumptions[${m[1]}] için de verilmiş)`,
  ],
  [
    /^is required: '(.*)', the id of assumptions\[(\d+)\], which it translates$/,
    (m) => `zorunlu: çevirdiği assumptions[${m[2]}] öğesinin kimliği, '${m[1]}'`,
  ],
  [
    /^must be '(.*)', the id of assumptions\[(\d+)\], which it translates in its place \(got '(.*)', (?:the id of assumptions\[(\d+)\]: the translations are out of order|which no assumption has)\)$/,
    (m) =>
      `'${m[1]}' olmalı: bu sırada çevirdiği assumptions[${m[2]}] öğesinin kimliği (verilen: '${m[3]}', ${
        m[4] !== undefined
          ? `assumptions[${m[4]}] öğesinin kimliği: çevirilerin sırası karışmış`
          : 'hiçbir varsayımın kimliği değil'
      })`,
  ],
  [
    /^must give one assumption for each of the (\d+) under assumptions, in their order \(it gives (\d+)\)$/,
    (m) =>
      `assumptions altındaki ${m[1]} varsayımın her biri için, aynı sırayla birer varsayım vermeli (${m[2]} veriyor)`,
  ],
  [
    new RegExp(
      `^every (closure lies|period lies|shift has dates) entirely outside the horizon ${HORIZON_DAYS}: (.+); move one into the horizon, or change calendar\\.start or horizon$`,
    ),
    (m) => {
      const subject = {
        'closure lies': 'her kapanış',
        'period lies': 'her dönem',
        'shift has dates': 'her vardiyanın tarihleri',
      }[m[1]];
      return `${subject} sürenin (horizon) tamamen dışında (${trHorizonDays(m[2], m[3], m[4])}): ${OUTSIDE_EFFECTS[m[5]] ?? m[5]}; birini süre içine alın ya da calendar.start veya horizon değerini değiştirin`;
    },
  ],
  [
    new RegExp(
      `^every stage lies entirely outside the horizon ${HORIZON_DAYS}: the pandemic would change nothing in this run; move one into the horizon, change calendar\\.start or horizon, or remove the pandemic \\(params\\.pandemic: null\\)$`,
    ),
    (m) =>
      `her evre sürenin (horizon) tamamen dışında (${trHorizonDays(m[1], m[2], m[3])}): salgın bu çalıştırmada hiçbir şeyi değiştirmez; birini süre içine alın, calendar.start ya da horizon değerini değiştirin veya salgını kaldırın (params.pandemic: null)`,
  ],
  [
    new RegExp(
      `^lies entirely outside the horizon ${HORIZON_DAYS}: the deferred demand would come back in no day of this run; move it into the horizon, change calendar\\.start or horizon, or remove it \\(params\\.pandemic\\.deferred: null\\)$`,
    ),
    (m) =>
      `sürenin (horizon) tamamen dışında (${trHorizonDays(m[1], m[2], m[3])}): ertelenen talep bu çalıştırmanın hiçbir gününde geri gelmez; onu süre içine alın, calendar.start ya da horizon değerini değiştirin veya kaldırın (params.pandemic.deferred: null)`,
  ],
  [
    new RegExp(
      `^names no year of the horizon ${HORIZON_DAYS}: a year's arrivals come on its days in the horizon, so this source would bring nobody; give a year the horizon reaches, or change calendar\\.start or horizon$`,
    ),
    (m) =>
      `sürenin (horizon) hiçbir yılını adlandırmıyor (${trHorizonDays(m[1], m[2], m[3])}): bir yılın gelişleri o yılın süre içindeki günlerine düşer, bu yüzden bu kaynaktan kimse gelmez; sürenin kapsadığı bir yıl verin ya da calendar.start veya horizon değerini değiştirin`,
  ],
  [
    new RegExp(
      `^puts the horizon ${HORIZON_DAYS} outside every year of the (\\S+) model's demand \\(its source '([^']*)' brings arrivals in (\\d+) to (\\d+) only\\): the run would bring nobody; start the calendar in one of those years$`,
    ),
    (m) =>
      `süreyi (horizon; ${trHorizonDays(m[1], m[2], m[3])}) ${m[4]} modelinin talebinin her yılının dışına koyuyor ('${m[5]}' kaynağı yalnızca ${m[6]}-${m[7]} yıllarında geliş getiriyor): çalıştırmada kimse gelmez; takvimi bu yıllardan birinde başlatın`,
  ],
  // Two of a source's periods on one day (src/scenario/scenario.loader.ts overlappingPeriodsRule).
  [
    /^overlaps periods\[(\d+)\] \(both hold (\d{4}-\d{2}-\d{2})(?: to (\d{4}-\d{2}-\d{2}))?\): a day is weighted by the factor of one period only, so the other's would be ignored; write the periods so that no day is in two \(split the longer around the shorter\)$/,
    (m) =>
      `periods[${m[1]}] ile çakışıyor (ikisi de ${m[3] !== undefined ? `${m[2]} – ${m[3]} günlerini` : `${m[2]} gününü`} içeriyor): bir gün yalnızca tek bir dönemin katsayısıyla ağırlıklandırılır, öbürününki yok sayılırdı; dönemleri hiçbir gün ikisinde birden olmayacak biçimde yazın (uzun olanı kısa olanın çevresinde bölün)`,
  ],
  // Two pandemic stages on one day (src/konsolosluk/konsolosluk.model.ts overlappingStagesRule).
  [
    /^overlaps phases\[(\d+)\] \(both hold (\d{4}-\d{2}-\d{2})(?: to (\d{4}-\d{2}-\d{2}))?\): a day runs under one stage only, so the other's settings would be ignored; write the stages so that no day is in two \(split the longer around the shorter\)$/,
    (m) =>
      `phases[${m[1]}] ile çakışıyor (ikisi de ${m[3] !== undefined ? `${m[2]} – ${m[3]} günlerini` : `${m[2]} gününü`} içeriyor): bir gün yalnızca tek bir aşamaya tabidir, öbürünün ayarları yok sayılırdı; aşamaları hiçbir gün ikisinde birden olmayacak biçimde yazın (uzun olanı kısa olanın çevresinde bölün)`,
  ],
  [
    /^has no timestamp inside the horizon \(its first is at ([\d,.]+) minutes, and the horizon ends at ([\d,.]+) minutes\): the trace would bring nobody; lengthen horizon, or check the times$/,
    (m) =>
      `süre (horizon) içinde hiç zaman damgası yok (ilki ${trNumber(m[1])}. dakikada, süre ${trNumber(m[2])}. dakikada bitiyor): bu kayıttan kimse gelmez; süreyi uzatın ya da zamanları denetleyin`,
  ],
  [
    /^give the (\S+) model a network it cannot run \(((?:[^:]|:(?! ))+): (.+)\): check the distributions and numbers under params$/,
    (m) =>
      `${m[1]} modeline çalıştıramayacağı bir ağ veriyor (${m[2]}: ${translate(m[3])}): params altındaki dağılımları ve sayıları denetleyin`,
  ],
  [
    /^must be a figure id from config\/paper-figures\.yaml \(got '(.*?)'\)(?: \(did you mean '(.*)'\?\))?$/,
    (m) =>
      `config/paper-figures.yaml içindeki bir rakamın kimliği olmalı (verilen: '${m[1]}')${m[2] !== undefined ? ` ('${m[2]}' mi demek istediniz?)` : ''}`,
  ],
  // A YAML alias bomb (src/common/yaml-errors.ts yamlPlainData), in a field or a shared link.
  [
    /^is not valid here: (?:this alias \((\*\S+)\)|an alias) repeats a value that holds aliases, which may hold aliases in turn, and the parser counts the copies they make past ([\d,]+) \(its guard against an alias bomb, where each level multiplies the copies of the one below\): write the values out, or nest fewer aliases inside anchored values$/,
    (m) =>
      `burada geçerli değil: ${m[1] !== undefined ? `bu takma ad (${m[1]})` : 'bir takma ad'}, takma adlar içeren bir değeri yineliyor; onlar da sırayla takma adlar içerebilir ve ayrıştırıcı bunların yaptığı kopyaları ${trNumber(m[2])} sınırının ötesinde sayıyor (her düzeyin bir alttakinin kopyalarını katladığı takma ad bombasına karşı koruması): değerleri açıkça yazın ya da çapalı (&ad) değerlerin içine daha az takma ad yerleştirin`,
  ],
  // A number written with a comma inside braces (src/common/yaml-errors.ts commaInBraces).
  [
    /^is not valid here: '(.*?)' in braces reads as (.*?) and a key (\d+) with no value \(a comma separates entries there\); (?:a decimal is written with a point: for (\S+), write (\S+)|a decimal is written with a point and a number without thousands separators: for (\S+), write (\S+) or (\S+))$/,
    (m) =>
      `burada geçerli değil: süslü ayraç içindeki '${m[1]}', ${m[2]} ve değeri olmayan ${m[3]} anahtarı olarak okunur (orada virgül girdileri ayırır); ` +
      (m[4] !== undefined
        ? `ondalık ayırıcı olarak nokta yazılır: ${m[4]} için ${m[5]} yazın`
        : `ondalık ayırıcı olarak nokta yazılır, sayılar binlik ayırıcı olmadan yazılır: ${m[6]} için ${m[7]} ya da ${m[8]} yazın`),
  ],
  // Too many aliases in one file (src/common/yaml-errors.ts parseUniqueKeys, MAX_ALIASES).
  [
    /^is not valid here: the file uses more than ([\d,]+) aliases \(\*name\), and reading each one searches the file for its anchor: write the values out, or repeat fewer of them$/,
    (m) =>
      `burada geçerli değil: dosya ${trNumber(m[1])} takma addan (*ad) fazla kullanıyor ve her birini okumak dosyada çapasını (&ad) aramayı gerektiriyor: değerleri açıkça yazın ya da daha azını yineleyin`,
  ],
  // A value that contains itself (src/common/yaml-errors.ts SELF_CONTAINING_RULE).
  [
    /^is not valid here: an alias \(\*name\) inside the node its own anchor \(&name\) marks makes a value that contains itself$/,
    () =>
      'burada geçerli değil: bir takma ad (*ad), kendi çapasının (&ad) işaretlediği düğümün içinde olduğundan kendini içeren bir değer yapıyor',
  ],
  [
    /^(.+) has no timestamps: a trace without any brings nobody \(one timestamp a line, the first column\)$/,
    (m) =>
      `${m[1]} içinde hiç zaman damgası yok: zaman damgası olmayan bir kayıttan kimse gelmez (her satırda bir zaman damgası, ilk sütunda)`,
  ],
  [
    /^lists (\S+) again: each listing would add the shift's servers to that day once more; list a day once \(another shift adds servers\)$/,
    (m) =>
      `${m[1]} gününü yineliyor: her yazılış vardiyanın sunucularını o güne bir kez daha ekler; her günü bir kez yazın (sunucu eklemek için başka bir vardiya verin)`,
  ],
  [
    new RegExp(
      `^is expected to bring (.+?) arrivals a replication over the (.+?) of the horizon(?: \\((\\S+) with the other sources\\))?, ${DEMAND_CEILING}: shorten the horizon, lower the demand or give the source a lower limit$`,
    ),
    (m) =>
      `sürenin (horizon) ${trSpan(m[2])} boyunca bir tekrarda ${trCount(m[1])} geliş getirmesi bekleniyor${m[3] ? ` (öbür kaynaklarla ${trCount(m[3])})` : ''}; bu, ${TR_DEMAND_CEILING(m[4])}: süreyi kısaltın, talebi düşürün ya da kaynağa daha düşük bir limit verin`,
  ],
  [
    new RegExp(
      `^the (\\S+) model builds from them (arms|a network) expected to bring (.+?) arrivals a replication over the (.+?) of the horizon \\((?:the most from its source '([^']*)'(?: of arm '([^']*)')?: (\\S+)|from its source '([^']*)')\\), ${DEMAND_CEILING}: shorten the horizon or lower the demand in params$`,
    ),
    (m) =>
      `${m[1]} modeli bunlardan, sürenin (horizon) ${trSpan(m[4])} boyunca bir tekrarda ${trCount(m[3])} geliş getirmesi beklenen ${m[2] === 'arms' ? 'kollar' : 'bir ağ'} kuruyor (${m[8] !== undefined ? `kaynağı '${m[8]}'` : `en çoğu '${m[5]}' kaynağından${m[6] !== undefined ? `, '${m[6]}' kolunda` : ''}: ${trCount(m[7])}`}); bu, ${TR_DEMAND_CEILING(m[9])}: süreyi kısaltın ya da params içindeki talebi düşürün`,
  ],
  [
    /^must be shorter than horizon \(it is ([\d,.]+) minutes, horizon ([\d,.]+) minutes\): shorten warmup or lengthen horizon$/,
    (m) =>
      `süreden (horizon) kısa olmalı (şimdi ${trNumber(m[1])} dakika, süre ${trNumber(m[2])} dakika): ısınma süresini (warmup) kısaltın ya da süreyi uzatın`,
  ],
  [
    /^must be longer than warmup \(it is ([\d,.]+) minutes, warmup ([\d,.]+) minutes\): lengthen horizon or shorten warmup$/,
    (m) =>
      `ısınma süresinden (warmup) uzun olmalı (şimdi ${trNumber(m[1])} dakika, ısınma süresi ${trNumber(m[2])} dakika): süreyi uzatın ya da ısınma süresini kısaltın`,
  ],
  [
    /^must be a whole number, (\d+) or more$/,
    (m) => `${m[1]} ya da daha büyük bir tam sayı olmalı`,
  ],
  [
    /^must be at least the horizon \/ ([\d,.]+) \(([\d,.]+) minutes\): the time series has one row per interval$/,
    (m) =>
      `en az süre / ${trNumber(m[1])} (${trNumber(m[2])} dakika) olmalı: zaman serisinde her aralık için bir satır var`,
  ],
  [
    /^give exactly one of (.+?)(?: for kind (\S+))?$/,
    (m) =>
      `${m[2] ? `${m[2]} türü için ` : ''}şunlardan tam olarak birini verin: ${m[1].replace(' (per minute)', ' (dakikada)').replace(/ or /g, ' ya da ')}`,
  ],
  [
    /^must be a whole number from (\S+) to (\S+)(.*)$/,
    (m) => `${trNumber(m[1])} ile ${trNumber(m[2])}${m[3]} arasında bir tam sayı olmalı`,
  ],
  [
    /^must be at most ([\d,.]+) years \(([\d,.]+) minutes\)$/,
    (m) => `en çok ${trNumber(m[1])} yıl (${trNumber(m[2])} dakika) olabilir`,
  ],
  [
    /^has no effect: every holiday in the calendar on or after its start \((.+)\) falls on a day this station's shifts do not run or a closure \(calendar\.closures\) already shuts it, and honoursHolidays only decides whether this station's shifts close on holidays; remove it \(honoursHolidays: null, in a scenario that extends another or in --set\), or give the station shifts on those days$/,
    (m) =>
      `etkisi yok: takvimde başlangıcından itibaren yer alan her tatil (${m[1]}) bu gişenin vardiyasının olmadığı ya da bir kapanışın (calendar.closures) zaten kapattığı bir güne denk gelir ve honoursHolidays yalnızca bu gişenin vardiyalarının tatillerde kapanıp kapanmayacağını belirler; kaldırın (başka bir senaryoyu genişleten bir senaryoda ya da --set ile honoursHolidays: null) ya da gişeye o günlerde vardiya verin`,
  ],
  [
    /^must be (?:a|an) (distribution|dotted path|metric name|arrival process) such as (.+)$/,
    (m) =>
      `${m[2]} gibi ${{ distribution: 'bir dağılım', 'dotted path': 'noktalı bir yol', 'metric name': 'bir ölçüt adı', 'arrival process': 'bir geliş süreci' }[m[1]]} olmalı`,
  ],
  [/^must be a list of (\{.*\})$/, (m) => `${m[1]} öğelerinden oluşan bir liste olmalı`],
  [
    /^must be a count of jobs a visit brings, whole numbers from (\S+) to ([\d,.]+): (\{.*\}) or (\{.*\})$/,
    (m) =>
      `bir ziyaretin getirdiği iş sayısı olmalı, ${m[1]} ile ${trNumber(m[2])} arasında tam sayılar: ${m[3]} ya da ${m[4]}`,
  ],
  [
    /^must be one of (.+) for (\S+), a time in minutes \(got '(.*)'\)$/,
    (m) =>
      `${m[2]} dakika cinsinden bir süre olduğundan şunlardan biri olmalı: ${m[1]} (verilen: '${m[3]}')`,
  ],
  [
    /^must be a finite number no larger than (\S+) in size$/,
    (m) => `büyüklüğü en çok ${m[1]} olan sonlu bir sayı olmalı`,
  ],
  [
    /^must be at least 1 and below (\S+) \((\d+)\); it is (.+)$/,
    (m) => `en az 1 ve ${m[1]} değerinden (${m[2]}) küçük olmalı; verilen ${m[3]}`,
  ],
  [/^(.+): it is empty$/, (m) => `${translate(m[1])}: boş`],
  [/^must be one of (.+)$/, (m) => `şunlardan biri olmalı: ${m[1]}`],
  [/^must be ([\w-]+) or ([\w-]+)$/, (m) => `${m[1]} ya da ${m[2]} olmalı`],
  [/^is required for kind (\S+)$/, (m) => `${m[1]} türü için zorunlu`],
  [/^does not apply to kind (\S+)$/, (m) => `${m[1]} türüne uygulanmaz`],
  [/^nested property \S+ must be either object or array$/, () => 'bir eşleme ya da liste olmalı'],
  [/^duplicate step id '(.*)'$/, (m) => `yinelenen adım kimliği '${m[1]}'`],
  [/^file not found: (.+)$/, (m) => `dosya bulunamadı: ${m[1]}`],
  [/^must be a file \((.+) is not one\)$/, (m) => `bir dosya olmalı (${m[1]} bir dosya değil)`],
  [
    /^line (\d+): timestamps must be in ascending order$/,
    (m) => `${m[1]}. satır: zaman damgaları artan sırada olmalı`,
  ],
  [
    /^line (\d+): '(.*)' is not a (date-time|number of minutes)$/,
    (m) =>
      `${m[1]}. satır: '${m[2]}' bir ${m[3] === 'date-time' ? 'tarih-saat' : 'dakika sayısı'} değil`,
  ],
  [
    /^is only for model: network \(a scenario of model (\S+) sets params\)$/,
    (m) => `yalnızca model: network içindir (bir ${m[1]} senaryosu params belirler)`,
  ],
  [
    /^is empty: give the (station|class|source) (.+) \(an empty entry only removes a \1 inherited through extends:\)$/,
    (m) => {
      const what = { station: 'gişe', class: 'sınıf', source: 'kaynak' }[m[1]]!;
      const needs: Record<string, string> = {
        'servers or a schedule of shifts':
          'sunucu sayısı (servers) ya da bir vardiya çizelgesi (schedule)',
        'a route': 'bir rota (route)',
        'arrivals and a class': 'gelişler (arrivals) ve bir sınıf (class)',
      };
      return `boş: ${what} için ${needs[m[2]] ?? m[2]} verin (boş bir girdi yalnızca extends: ile devralınan bir ${what} kaydını kaldırır)`;
    },
  ],
  [
    /^must name a (station|class) defined under (stations|classes)(?: \(got '([^']*)'(?:; did you mean '([^']*)'\?)?\))?(?: \(did you mean '([^']*)'\?\))?$/,
    (m) => {
      const what = m[1] === 'station' ? 'gişeyi' : 'sınıfı';
      const meant = m[4] ?? m[5];
      return `${m[2]} altında tanımlı bir ${what} adlandırmalı${m[3] !== undefined ? ` (verilen: '${m[3]}')` : ''}${meant ? ` ('${meant}' mi demek istediniz?)` : ''}`;
    },
  ],
  [
    /^must name another station defined under stations: the one that serves, in place of this one, the customers this station turns away when its queue is full \(got '([^']*)'(?:; did you mean '([^']*)'\?)?\)$/,
    (m) =>
      `stations altında tanımlı başka bir gişeyi adlandırmalı: bu gişenin, kuyruğu dolu olduğu için geri çevirdiği vatandaşlara onun yerine hizmet veren gişeyi (verilen: '${m[1]}')${m[2] ? ` ('${m[2]}' mi demek istediniz?)` : ''}`,
  ],
  [
    /^no class route visits this station(?: \(did you mean '(.*)'\?\))?$/,
    (m) =>
      `hiçbir sınıfın rotası bu gişeye uğramıyor${m[1] ? ` ('${m[1]}' mi demek istediniz?)` : ''}`,
  ],
  [/^is required \((.*)\)$/, (m) => `zorunlu (${translate(m[1])})`],
  [/^or a schedule of shifts$/, () => 'ya da bir vardiya çizelgesi'],
  [
    /^is not a known key(?: \(did you mean '(.*)'\?\))?$/,
    (m) => `bilinen bir anahtar değil${m[1] ? ` ('${m[1]}' mi demek istediniz?)` : ''}`,
  ],
  [/^(.*), or measured$/, (m) => `${translate(m[1])} ya da measured`],
  [
    /^(.*), or a paper figure id such as (\S+)$/,
    (m) => `${translate(m[1])} ya da makaleden bir rakamın kimliği (ör. ${m[2]})`,
  ],
  [
    /^--set takes path=value, e\.g\. (\S+)$/,
    (m) => `--set yol=değer biçiminde yazılır, ör. ${m[1]}`,
  ],
  [
    /^([\d,.]+) customers are waiting here and more than ([\d,.]+) are in the system at once, at minute ([\d,.]+): demand far exceeds capacity/,
    (m) =>
      `burada ${trNumber(m[1])} kişi bekliyor ve ${trNumber(m[3])}. dakikada sistemde aynı anda ${trNumber(m[2])} kişiden fazlası var: talep kapasitenin çok üstünde (süreyi kısaltın, sunucu ekleyin ya da talebi azaltın)`,
  ],
];

/**
 * What the loader adds to a rule a number that is not finite breaks (src/scenario/validate.ts
 * notFinite: `1e400` reads as infinity), in Turkish: it is cut off before the rule is matched
 * (a pattern would take it for part of the rule, and leave it in English in the middle of the
 * Turkish) and given after the Turkish rule.
 */
const NOT_FINITE: [string, string][] = [
  [' (the value given is not a number: .nan)', ' (verilen değer bir sayı değil: .nan)'],
  [
    ' (the value given reads as infinity, as .inf and every number past about 1.8e308 do)',
    ' (verilen değer, .inf ve yaklaşık 1,8e308’i aşan her sayı gibi, sonsuz olarak okunur)',
  ],
  [
    ' (the value given reads as minus infinity, as -.inf and every number below about -1.8e308 do)',
    ' (verilen değer, -.inf ve yaklaşık -1,8e308’in altındaki her sayı gibi, eksi sonsuz olarak okunur)',
  ],
];

function translate(rule: string): string {
  for (const [english, turkish] of NOT_FINITE) {
    if (!rule.endsWith(english) || rule === english) continue;
    const bare = rule.slice(0, -english.length);
    const tr = translate(bare);
    return tr === bare ? rule : `${tr}${turkish}`;
  }
  const exact = EXACT[rule];
  if (exact) return exact;
  for (const [re, to] of PATTERNS) {
    const m = re.exec(rule);
    if (m) return to(m);
  }
  return rule;
}

/** UNPRINTABLE_KINDS in Turkish, by their English. */
const UNPRINTABLE_KINDS_TR: Record<string, string> = {
  [UNPRINTABLE_KINDS.control]: 'bir denetim karakteri',
  [UNPRINTABLE_KINDS.surrogate]: 'tek başına bir vekil yarısı, bir karakter değil',
  [UNPRINTABLE_KINDS.privateUse]: 'her yazı tipinin kendince çizdiği bir özel kullanım karakteri',
  [UNPRINTABLE_KINDS.separator]: 'bir satır ya da paragraf ayırıcı',
  [UNPRINTABLE_KINDS.noncharacter]: 'karakter olmayan bir kod noktası',
  [UNPRINTABLE_KINDS.bidi]: 'yön değiştiren bir karakter',
  [UNPRINTABLE_KINDS.format]: 'görünmez bir biçim karakteri',
  [UNPRINTABLE_KINDS.unassigned]: 'hiçbir şey göstermeyen, atanmamış bir kod noktası',
};

/**
 * What a message says after its rule (ScenarioError's notes, joined by `; `), part by part: a
 * pattern and its Turkish.
 */
const NOTES: [RegExp, (m: RegExpExecArray) => string][] = [
  [
    /^a list given in a scenario that extends another replaces the base's whole \((\S+) of (.+) is not merged item by item\), so each item is written in full$/,
    (m) =>
      `başka bir senaryoyu genişleten bir senaryoda verilen bir liste, tabandakinin yerini bütünüyle alır (${m[2]} içindeki ${m[1]} öğe öğe birleştirilmez); bu yüzden her öğe eksiksiz yazılır`,
  ],
  // What to write instead (src/scenario/value-hint.ts).
  [
    /^write (\S+) for '(.*)' \(the units are m, h, d and w\)$/,
    (m) => `'${m[2]}' yerine ${m[1]} yazın (birimler m, h, d ve w)`,
  ],
  [
    /^'(.*)' is not a duration: there is no unit for years \(write 52w, or 365d\)$/,
    (m) => `'${m[1]}' bir süre değil: yıl için bir birim yok (52w ya da 365d yazın)`,
  ],
  [
    /^a share is written as a fraction from 0 to 1: for (\S+)%, write (\S+)$/,
    (m) => `bir pay 0 ile 1 arasında bir kesirle yazılır: %${m[1]} için ${m[2]} yazın`,
  ],
  [
    /^a decimal is written with a point: for (\S+), write (\S+)$/,
    (m) => `ondalık sayı virgülle değil noktayla yazılır: ${m[1]} için ${m[2]} yazın`,
  ],
  [
    /^a number is written without thousands separators: for (\S+), write (\S+)$/,
    (m) => `sayı binlik ayırıcı olmadan yazılır: ${m[1]} için ${m[2]} yazın`,
  ],
  [
    /^a decimal is written with a point, and a number without thousands separators: for (\S+), write (\S+) or (\S+)$/,
    (m) =>
      `ondalık sayı noktayla, sayı binlik ayırıcı olmadan yazılır: ${m[1]} için ${m[2]} ya da ${m[3]} yazın`,
  ],
  [/^did you mean '(.*)'\?$/, (m) => `'${m[1]}' mi demek istediniz?`],
  // The character a scenario's text or name may not hold (src/common/printable-text.ts).
  [
    /^it holds (U\+[0-9A-F]{4,6}) \((.+)\)$/,
    (m) => `${m[1]} içeriyor (${UNPRINTABLE_KINDS_TR[m[2]] ?? m[2]})`,
  ],
  // A what-if's rate beside its base's (src/scenario/scenario.loader.ts inheritedRateNote).
  [
    /^the base's (.+) still applies: write (.+) beside (\S+) to replace it$/,
    (m) =>
      `tabandaki ${m[1].replace(' and ', ' ve ')} hâlâ geçerli: onun yerine geçmesi için ${m[3]} yanına ${m[2]} yazın`,
  ],
];

/**
 * A message's note in the page's language: in Turkish, the parts there is Turkish for (the
 * others are in the CLI's message beside it), '' where there is none.
 */
export function noteText(note: string): string {
  if (lang() !== 'tr') return note;
  return note
    .split('; ')
    .map((part) => {
      for (const [re, to] of NOTES) {
        const m = re.exec(part);
        if (m) return to(m);
      }
      return '';
    })
    .filter((part) => part)
    .join('; ');
}

/**
 * The whole error in Turkish, `file: path: rule; note`, when its rule and every part of its note
 * have Turkish (the file and the path are names, written as the files write them); undefined
 * when some of it has none, or the page is in English.
 */
export function errorInTurkish(e: {
  file?: string;
  path: string;
  rule: string;
  note?: string;
}): string | undefined {
  if (lang() !== 'tr') return undefined;
  const rule = translate(e.rule);
  if (rule === e.rule) return undefined;
  const parts = e.note ? e.note.split('; ') : [];
  if (!parts.every((part) => NOTES.some(([re]) => re.test(part)))) return undefined;
  const note = e.note ? noteText(e.note) : '';
  return [e.file, e.path, note ? `${rule}; ${note}` : rule].filter((part) => part).join(': ');
}

/** The rule in the page's language: the CLI's English, or its Turkish when there is one. */
export function ruleText(rule: string): string {
  return lang() === 'tr' ? translate(rule) : rule;
}

/**
 * An error in the page's language, above the CLI's message in the error box: `path: rule; note`
 * with the rule and the note in Turkish where there is Turkish for them; '' where it would only
 * repeat the message's English.
 */
export function errorText(e: { path: string; rule: string; note?: string }): string {
  const rule = ruleText(e.rule);
  const note = e.note ? noteText(e.note) : '';
  if (rule === e.rule && (!note || note === e.note)) return '';
  const text = note ? `${rule}; ${note}` : rule;
  return e.path ? `${e.path}: ${text}` : text;
}
