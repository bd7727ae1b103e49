/**
 * The CLI's validation rules in Turkish, for the message beside a field of the panel. The CLI
 * speaks English (and the error box keeps its message word for word, so that it matches what
 * `consular-sim run` prints); a Turkish reader gets the rule in Turkish as well. Covers the
 * rules the panel's fields and a shared link can break; any other rule is shown as written.
 */
import { lang } from './i18n';

/** 1,000 as Turkish writes it: 1.000 (the CLI's numbers carry English thousands separators). */
function trNumber(english: string): string {
  return english.replace(/,/g, '.');
}

/** Whole rules, word for word. */
const EXACT: Record<string, string> = {
  'must be a whole number greater than 0': '0’dan büyük bir tam sayı olmalı',
  'must be a number greater than 0': '0’dan büyük bir sayı olmalı',
  'must be a number, 0 or more': '0 ya da daha büyük bir sayı olmalı',
  'must be a number between 0 and 1': '0 ile 1 arasında bir sayı olmalı',
  'must be between 0 and 1': '0 ile 1 arasında olmalı',
  'must be greater than 0': '0’dan büyük olmalı',
  'must be 0 or more': '0 ya da daha büyük olmalı',
  'must be a number': 'bir sayı olmalı',
  'must be true or false': 'true ya da false olmalı',
  'must be text': 'metin olmalı',
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
    'yalnızca vardiya çizelgesi (schedule) olan bir gişeye uygulanır: görevli sayısı (servers) verilen bir gişe tatillerde açıktır (calendar.closures ile kapatın)',
  'has no effect: this station never closes (its servers are on duty at every hour, and no calendar.closures shuts it), and closePolicy only decides what becomes of the queue when a station closes; remove it (closePolicy: null, in a scenario that extends another or in --set), or close the station with calendar.closures':
    'etkisi yok: bu gişe hiç kapanmaz (görevlileri her saat görevdedir ve hiçbir calendar.closures onu kapatmaz) ve closePolicy yalnızca bir gişe kapandığında kuyruğa ne olacağını belirler; kaldırın (başka bir senaryoyu genişleten bir senaryoda ya da --set ile closePolicy: null) ya da gişeyi calendar.closures ile kapatın',
  'has no effect: this station never closes (its shifts without dates cover every hour of the week, and no holiday or closure shuts it), and closePolicy only decides what becomes of the queue when a station closes; remove it (closePolicy: null, in a scenario that extends another or in --set), or give the schedule hours off':
    'etkisi yok: bu gişe hiç kapanmaz (tarihsiz vardiyaları haftanın her saatini kapsar ve hiçbir tatil ya da kapanış onu kapatmaz) ve closePolicy yalnızca bir gişe kapandığında kuyruğa ne olacağını belirler; kaldırın (başka bir senaryoyu genişleten bir senaryoda ya da --set ile closePolicy: null) ya da çizelgeye boş saatler verin',
  "has no effect: the calendar has no holidays (calendar.holidays) on or after its start, and honoursHolidays only decides whether this station's shifts close on them; remove it (honoursHolidays: null, in a scenario that extends another or in --set), or list the holidays in calendar.holidays":
    'etkisi yok: takvimde başlangıcından itibaren hiç tatil (calendar.holidays) yoktur ve honoursHolidays yalnızca bu gişenin vardiyalarının tatillerde kapanıp kapanmayacağını belirler; kaldırın (başka bir senaryoyu genişleten bir senaryoda ya da --set ile honoursHolidays: null) ya da tatilleri calendar.holidays içinde listeleyin',
  'has no effect: the calendar has no holidays (calendar.holidays) and no closures (calendar.closures) of all stations or of the first station its classes visit, on or after its start, and closedOnHolidays only keeps arrivals away on such days; remove it (closedOnHolidays: null, in a scenario that extends another or in --set), or list the holidays in calendar.holidays':
    'etkisi yok: takvimde başlangıcından itibaren hiç tatil (calendar.holidays) ve tüm gişelerin ya da sınıflarının ilk uğradığı gişenin hiç kapanışı (calendar.closures) yoktur ve closedOnHolidays gelişleri yalnızca böyle günlerde durdurur; kaldırın (başka bir senaryoyu genişleten bir senaryoda ya da --set ile closedOnHolidays: null) ya da tatilleri calendar.holidays içinde listeleyin',
};

/** Rules with a number or a name in them: a pattern and its Turkish, `$1` for what it matched. */
const PATTERNS: [RegExp, (m: RegExpExecArray) => string][] = [
  [
    /^must be shorter than horizon \(it is ([\d,.]+) minutes, horizon ([\d,.]+) minutes\): shorten warmup or lengthen horizon$/,
    (m) =>
      `süreden (horizon) kısa olmalı (şimdi ${trNumber(m[1])} dakika, süre ${trNumber(m[2])} dakika): ısınma süresini (warmup) kısaltın ya da süreyi uzatın`,
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
    (m) => `${m[1]} ile ${m[2]}${m[3]} arasında bir tam sayı olmalı`,
  ],
  [
    /^must be at most ([\d,.]+) years \(([\d,.]+) minutes\)$/,
    (m) => `en çok ${trNumber(m[1])} yıl (${trNumber(m[2])} dakika) olabilir`,
  ],
  [
    /^has no effect: every holiday in the calendar on or after its start \((.+)\) falls on a day this station's shifts do not run, and honoursHolidays only decides whether this station's shifts close on holidays; remove it \(honoursHolidays: null, in a scenario that extends another or in --set\), or give the station shifts on those days$/,
    (m) =>
      `etkisi yok: takvimde başlangıcından itibaren yer alan her tatil (${m[1]}) bu gişenin vardiyasının olmadığı bir güne denk gelir ve honoursHolidays yalnızca bu gişenin vardiyalarının tatillerde kapanıp kapanmayacağını belirler; kaldırın (başka bir senaryoyu genişleten bir senaryoda ya da --set ile honoursHolidays: null) ya da gişeye o günlerde vardiya verin`,
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
      `burada ${trNumber(m[1])} kişi bekliyor ve ${trNumber(m[3])}. dakikada sistemde aynı anda ${trNumber(m[2])} kişiden fazlası var: talep kapasitenin çok üstünde (süreyi kısaltın, görevli ekleyin ya da talebi azaltın)`,
  ],
];

function translate(rule: string): string {
  const exact = EXACT[rule];
  if (exact) return exact;
  for (const [re, to] of PATTERNS) {
    const m = re.exec(rule);
    if (m) return to(m);
  }
  return rule;
}

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
