/** Every label of the Lab in English and Turkish. `?lang=tr|en`, else the browser's language. */
import type { ParamUnit } from '../../src/scenario/service-model';

export type Lang = 'en' | 'tr';

const en = {
  appTitle: 'consular-sim Lab',
  tagline: 'The simulator in your browser: pick a scenario, change it, run it, compare.',
  skip: 'Skip to content',
  navScenarios: 'Scenarios',
  navTeaching: 'M/M/c lesson',
  navStation: 'One station, animated',
  language: 'Language',
  gallery: 'Scenario gallery',
  group_paper: 'Paper: reproducing the reported figures',
  group_whatif: 'What if…',
  group_audit: 'Audits: how sure is a figure?',
  group_teaching: 'Teaching',
  question: 'Question',
  loading: 'Loading the simulator…',
  parameters: 'Parameters',
  // A station's servers are officers, seats on a flight or a chatbot's lines; its queue limit,
  // balking and retrial rules are here too. A service model's fields here are capacity alone.
  section_stations: 'Capacity and queues',
  section_capacity: 'Capacity',
  section_demand: 'Demand',
  section_params: 'Model parameters',
  section_run: 'Run',
  servers: 'servers',
  serversField: 'servers',
  // A station with no label, by its id: "Station desk — servers".
  stationById: 'Station {id}',
  queueLimitField: 'queue limit: arrivals who find this many waiting are turned away',
  queueLimitHint:
    'A whole number, 0 or more: an arrival who finds every server busy and this many waiting leaves at once (balks; 0 lets nobody wait); empty for no limit. The results count them among the lost, as balked; a retrial rule (below) can bring them back, or an overflow (below) send them to another station.',
  queueLimitNone: 'no limit',
  balkingField: 'chance of leaving on seeing 0, 1, 2, … waiting (balking)',
  balkingHint:
    'A list of probabilities from 0 to 1 with decimal points, the last for every longer queue, e.g. [0, 0.1, 0.3]; empty for none.',
  m_arrivals: 'arrivals',
  m_served: 'served',
  m_jobs: 'transactions served',
  m_lost: 'lost',
  m_completed: 'completed',
  m_balkedByChoice: 'left on seeing the queue (balked by choice)',
  retrialField: 'retrial rule: who is turned away comes back',
  retrialHint:
    'A YAML mapping: the chance (0 to 1) that a customer turned away comes back, the mean minutes before it does, and at most how many times (optional), e.g. {probability: 0.7, meanDelayMinutes: 30, maxRetries: 3}; empty for none.',
  retrialLimit:
    '{station}: an arrival who finds every server busy and {limit} waiting is turned away at its queue limit{room}; the rule acts on each one turned away.',
  retrialLimitBalking:
    '{station}: an arrival who finds every server busy and {limit} waiting is turned away at its queue limit{room}, and one who finds fewer waiting may leave by its balking rule; the rule acts on both.',
  retrialLimitZero:
    '{station}: its queue limit of 0 lets nobody wait, so an arrival who finds every server busy is turned away{room}; the rule acts on each one turned away.',
  retrialRoom: ' (room for {total} at once: {servers} being served, {limit} waiting)',
  retrialRoomNoServers:
    ' (no one is being served while the station has no servers; room for {limit} waiting)',
  retrialRoomNone: ' (with no servers either, that is everyone who comes)',
  retrialBalking:
    '{station}: an arrival who finds every server busy may leave on seeing the queue, by its balking rule; the rule acts on each one who leaves so.',
  retrialNobody:
    '{station}: no queue limit and no balking rule, so nobody is turned away here and nobody comes back; a rule here has no effect, and the check says so. Give it a queue limit or a balking rule (the fields above) first.',
  retrialUnclear:
    '{station}: the rule acts only on the customers this station turns away, at its queue limit or by its balking rule (the fields above): with neither it has no effect, and the check says so.',
  overflowField: 'overflow: the station that takes those who find the queue full',
  overflowHint:
    'The station that serves, in this one’s place, an arrival who finds every server busy and the queue at its limit (the queue limit above), instead of turning it away; none: those are lost. It acts only with a queue limit, and not beside a retrial rule: the check says so.',
  overflowNone: 'none: those who find it full are lost',
  overflowSelf: '{station}: this station itself',
  overflowUnknown: '{id}: not a station of this scenario',
  m_overflowed: 'sent on when full',
  overflowTo: 'sent on to',
  overflowsTable: 'Stations with an overflow: sent on when full, and to which station',
  overflowsNote:
    'Sent on when full counts the arrivals who found the queue at its limit and were served at the station named instead: they are not lost, and count there as arrivals, in its served and its waits.',
  m_balkedAttempts: 'turned away on arriving (returns included)',
  m_retrials: 'came back (retrials)',
  m_stationBalked: 'lost for good (balked)',
  m_gaveUpAfterRetrial: 'gave up after coming back',
  retrialsTable: 'Stations with a retrial rule: turned away, came back, lost for good',
  retrialsNote:
    'Turned away counts the arrivals who found the queue full or too long, those who came back later included; came back counts the returns, each one an arrival too; lost for good, the customers turned away who then left (counted in lost); gave up after coming back, those of them who had come back at least once. Those still due back at the end are still in the system.',
  unitArrivals: 'arrivals',
  m_waitP50: 'median wait',
  m_waitP95: '95th percentile wait',
  m_waitP99: '99th percentile wait',
  m_lostWait: 'mean time in the queue of those lost',
  m_meanBusy: 'mean servers busy',
  m_busyHours: 'busy hours',
  m_systemTime: 'mean time in the system',
  m_systemTimeP90: '90th percentile time in the system',
  m_lostTime: 'mean time in the system of those lost',
  m_inSystem: 'still in the system at the end',
  // totals.officerHours: busy hours of the staffed stations (not seats, a chatbot, days in transit).
  m_officerHours: 'officer hours (staffed stations)',
  m_balked: 'lost: balked',
  m_reneged: 'lost: reneged',
  m_turnedAway: 'lost: turned away',
  multiplier: '× demand',
  base_rate: 'base {n} a minute',
  base_perHour: 'base {n} an hour',
  base_perDay: 'base {n} a day',
  base_total: 'base {n} in all',
  horizon: 'Horizon (e.g. 52w, 30d, 8h)',
  warmupField: 'Warm-up, left out of the results (e.g. 2w; 0 for none)',
  replications: 'Replications',
  seed: 'Seed',
  measured: 'measured by the real Hızır engine',
  reset: 'Reset to the scenario',
  run: 'Run',
  cancel: 'Cancel',
  cancelled: 'Run cancelled.',
  running: 'Running {done} of {total} replications on {workers} workers…',
  progress: 'Progress',
  invalid: 'The scenario is not valid; fix these first:',
  decimalPoint: 'write a decimal with a point: 1.5, not 1,5',
  runStopped: 'The run stopped:',
  yaml: 'Scenario YAML as edited',
  downloadYaml: 'Download YAML',
  downloadYamlInvalid: 'Fix the errors above to download the YAML.',
  downloadJson: 'Download results (JSON)',
  cli: 'The same run on the command line',
  copyLink: 'Copy link to this setup',
  linkCopied: 'Link copied.',
  estimate:
    'Estimated size: about {customers} arrivals to simulate ({perRep} per replication × {reps}); estimated time in this browser: {time}.',
  estimateScenario:
    'Based on your last run of this scenario here. Only an estimate: other work on the computer slows a run.',
  estimateCalibration:
    'Based on a short test run of a simple queue here; a first run of this scenario makes it closer. Only an estimate: a long route or a crowded queue costs more per arrival.',
  estimateLong:
    'A long run: Run will ask you to confirm. Fewer replications or a shorter horizon make it quicker.',
  confirmLong:
    'This run is estimated to take {time} in this browser ({customers} arrivals to simulate; only an estimate). The tab stays busy until it ends or you cancel it. Run it?',
  timeUnderSecond: 'under a second',
  timeSeconds: 'about {n} s',
  timeMinutes: 'about {n} min',
  timeHours: 'about {n} h',
  copyByHand: 'The browser gave no access to the clipboard here; copy the link:',
  result: 'Results',
  resultFor: '{title}: {reps} replications, seed {seed}, {secs} s in the browser',
  resultForOne: '{title}: 1 replication, seed {seed}, {secs} s in the browser',
  saturatedHead:
    'Demand at or above capacity: these queues have no steady state, so their mean wait and queue grow with the horizon and describe this run, not the station.',
  saturatedStation:
    "{station}: the work that came to it is {load} of its servers' time on duty; {waiting} still waiting at the end of replication 1.",
  saturatedNoServer: '{station}: customers came to it, but no server was ever on duty.',
  saturatedTheory:
    '{station}: offered load ρ = λ × E[S] ÷ c = {rho} ≥ 1 from the model’s parameters: unstable in theory, the queue grows without bound; {waiting} still waiting at the end of replication 1.',
  nearCapacityHead:
    'Near capacity: these queues settle slowly (busy spells last for hundreds of customers), so a short run starts far from the long-run state and its interval is too narrow. Compare with a longer horizon or more replications before trusting the waits.',
  nearCapacityStation: '{station}: busy {load} of its servers’ time on duty.',
  runWith: 'Run with: {sets}',
  keyFigures: 'Key figures (mean ± half-width of the 95% confidence interval)',
  ciExplain:
    'Each figure is the mean of the {reps} replications (independent runs with their own random numbers); ± is half the width of its 95% confidence interval (Student t): were the experiment repeated, about 95 in 100 such intervals would hold the long-run value. More replications or a longer horizon narrow it.',
  ciBounds:
    'Where an interval would reach values the figure cannot take (below 0 for a wait, a count or a utilisation; above 100% for a share), it is cut there and shown as mean (low – high). A percentile is read from all replications’ waits together (their quantile sketches merged), and its interval from how far each replication’s own percentile lies from it (sectioning); it includes the {accuracy} accuracy of the quantile sketches.',
  ciOne:
    'One replication: a single run has no confidence interval, so these figures show one possible outcome, not how much it varies. Run 2 or more replications to see the interval.',
  countedAfterWarmup:
    'Counted after the warm-up ({warmup}): customers who arrived during it and finished after it count as completed, not as arrivals.',
  arm: 'arm',
  arrivals: 'arrivals',
  completed: 'completed',
  lost: 'lost (balked, reneged, turned away)',
  lostByCause:
    'Lost by cause: balked (the queue was full or too long for them) {balked}, reneged (gave up waiting) {reneged}, turned away (the station closed) {turnedAway}.',
  stationsTable: 'Stations: waits, queues and utilisation',
  stationsLeftOut:
    'The table lists the {shown} busiest of {total} stations (by server time); the charts below can show any of them.',
  unitMinutes: 'min',
  unitCustomers: 'customers',
  unitOnDuty: '% of servers’ time on duty',
  sampledShare:
    'This run simulates {share}% of the customers one by one (params.sampling), on stations scaled to match: arrivals, completed, lost and the station and class tables count that sample; the derived figures scale counts back up to every customer.',
  lostNotInWaits:
    'Waits are those of the customers who started service at the station: customers lost (who balked, reneged or were turned away) are not in them, so the mean wait is not that of every arrival.',
  sameValues:
    'Every replication gave the same value, so the interval holds no spread between replications (a percentile’s only its quantile sketches’ {accuracy} accuracy), which is not certainty (a value that is rare but not 0 may have occurred in none of them):',
  sameValuesMark: 'all replications equal',
  // Beside a ± that is not 0 (a percentile's sketch allowance): SAME_VALUES_SKETCH_MARK.
  sameValuesSketchMark:
    'all replications equal; the ± is the quantile sketch’s {accuracy} rounding allowance, not spread between replications',
  sameValuesMore: '({more} more are marked sameInEveryReplication in the downloaded JSON)',
  sameValuesAllowance:
    'Of these, the ± of the following is the quantile sketch’s {accuracy} rounding allowance, not spread between replications:',
  station: 'station',
  meanWait: 'mean wait',
  p90Wait: '90th percentile wait',
  meanQueue: 'mean queue',
  utilisation: 'utilisation',
  derived: 'Figures derived from the run',
  inputFigures: 'Inputs (set by the scenario, not simulated)',
  figure: 'figure',
  value: 'value',
  ci: '95% CI',
  needsTwo: 'needs ≥ 2 replications',
  notMeasured: 'not measured',
  timingNotMeasured:
    'A timing of the machine that runs Hızır’s engine, not a simulated value: the Lab replays the engine’s answers recorded when it was built, so it has no time to give. consular-sim run measures it.',
  paperFigure: 'The paper’s figure {figure}, of kind {kind}.',
  kindInput: 'input: the scenario takes the paper’s number, so agreement is by construction',
  kindEmergent: 'emergent: produced by the simulated events',
  kindMeasured:
    'measured: measured outside the simulation (the Hızır engine over its test questions), so no assumption about the simulated load moves it',
  unit: 'unit',
  flowTitle: 'Arrivals and completions per {per}',
  flowDesc: 'Customers arriving and completing in each interval (replication 1).',
  customersPer: '{unit} per {per}',
  queueTitle: 'Queue at {station}',
  queueDesc: 'Time-averaged number waiting in each interval (replication 1).',
  busyTitle: 'Busy and on-duty servers at {station}',
  busyDesc: 'Time-averaged busy servers and servers on duty in each interval (replication 1).',
  waiting: 'waiting',
  busy: 'busy',
  onDuty: 'on duty',
  waitHist: 'Wait-time distribution at {station}',
  waitHistDesc: 'Waits of the customers served (replication 1), in minutes.',
  waitCdf: 'Share waiting at most x minutes at {station}',
  minutes: 'minutes',
  cdfAxis: 'share waiting at most x',
  pointAt: '{series}: {y} at {x}',
  customers: 'customers',
  time: 'time',
  day: 'day',
  hour: 'hour',
  days: 'days',
  hours: 'hours',
  pickStation: 'Station shown in the charts',
  warmup: 'warm-up (discarded)',
  pin: 'Pin this run for comparison',
  unpin: 'Unpin',
  pinned: 'Pinned: {title} ({sets})',
  noChanges: 'as written',
  compare: 'Comparison: this run minus the pinned run',
  compareHint: 'Pin a run, change a parameter, run again: the paired difference appears here.',
  paired: 'paired over {n} replications on common random numbers',
  pairedOne: 'paired on common random numbers, 1 replication',
  welch: "Welch's unpaired interval (the runs differ in seed or replications)",
  otherScenario: 'The pinned run is of another scenario; pick it again to compare.',
  metric: 'metric',
  pinnedRun: 'pinned',
  thisRun: 'this run',
  difference: 'difference',
  significant: 'interval excludes 0',
  compareInputs:
    'These repeat what each run was given (set by the scenario, not simulated): a difference in them is the change you made, not a finding, so none is marked.',
  changed: 'Changed (pinned → this run)',
  scenarioValue: 'the scenario’s value',
  assumptions: 'Assumptions',
  assumptionsInherited:
    'These assumptions are inherited from {file} and were written for its inputs; this run changes {keys}. Where an assumption speaks of those, the values this run used are in the scenario as run.',
  assumptionsInEnglish: 'As the scenario file writes them, in English.',
  assumptionsOverridden:
    'These assumptions were written for the scenario file as it stands; this run changes {keys}. Where an assumption speaks of those, the values this run used are in the scenario as run.',
  lessonTitle: 'The M/M/c queue: why ten officers at 90% load make people wait forty minutes',
  lessonIntro:
    'Citizens arrive at random (λ an hour), each transaction takes a random time (mean 1/μ hours), c officers serve. Move the sliders: Erlang C gives the exact long-run mean wait; the simulated points come from the same kernel as the CLI.',
  lambda: 'Arrival rate λ (per hour)',
  mu: 'Service rate μ per officer (per hour)',
  c: 'Officers c',
  rateFromLink:
    'The link’s {key}={given} was not used: {label} must be a number from {min} to {max}, in steps of {step}. {used} is used instead.',
  langFromLink:
    'The link’s lang={given} was not used: the language must be en (English) or tr (Türkçe). {used} is used instead.',
  viewFromLink:
    'The link’s view={given} was not used: the view must be lesson or station, or left out for the scenarios. The scenario gallery is shown instead.',
  scenarioFromLink:
    'The link’s s={given} was not used: no scenario in the gallery has that name (it may have been renamed or removed). The gallery is shown with no scenario open instead.',
  setFromLink:
    'The link’s set={given} was not used: an override is written path=value, as stations.desk.servers=11. The scenario runs without it.',
  rho: 'Load ρ = λ / (c·μ)',
  pwait: 'Probability of waiting (Erlang C)',
  wq: 'Mean wait Wq (Erlang C)',
  lq: 'Mean queue Lq',
  unstable: 'Unstable: λ ≥ c·μ, the queue grows without limit. Add officers or lower the demand.',
  curveTitle: 'Mean wait against officers: Erlang C and simulation',
  curveDesc:
    'Erlang C (line) and simulated mean waits with 95% confidence intervals (points) for each number of officers.',
  erlang: 'Erlang C',
  simulated: 'simulated (95% CI)',
  simulatedMean: 'simulated mean',
  chartTableSummary: 'The chart’s numbers as a table: {caption}',
  // The headers of a run's charts' tables (chart-data.ts), each with its unit in brackets.
  tableTime: 'end of interval ({unit})',
  tableMeanCustomers: '{unit}, mean over the interval',
  tableMeanServers: 'servers, mean over the interval',
  tableWaitBand: 'wait ({unit})',
  tableWaitAtMost: 'wait at most ({unit})',
  // Erlang C has no mean wait where demand reaches capacity (λ ≥ c·μ).
  unstableShort: 'no steady state',
  simulate: 'Simulate these points',
  stop: 'Stop',
  simProgress: '{done} of {total} points simulated…',
  simStopped:
    'Stopped: {done} of {total} points were finished ({reps} × {n} customers each) and are drawn.',
  simStoppedNone: 'Stopped before any point was finished: no simulated point is drawn.',
  scatterProgress: '{done} of {total} rows run…',
  scatterStopped: 'Stopped: {done} of {total} rows were finished and are shown.',
  scatterStoppedNone: 'Stopped before any row was finished: no row is shown.',
  simCustomers: 'customers per replication',
  scatterTitle: 'Why do short runs scatter?',
  scatterIntro:
    'At high load waits are strongly correlated: one busy spell lasts for hundreds of customers, so a short run holds only a few independent spells and starts empty. Each row runs 10 replications of N customers.',
  runScatter: 'Run the table',
  nCustomers: 'customers N',
  meanOfRuns: 'mean of 10 runs',
  rangeOfRuns: 'lowest – highest run',
  stationTitle: 'One station, animated',
  stationIntro:
    'Citizens arrive and wait in line (squares), then are served by the officers (boxes; a citizen being served is a circle). The rates are those of the M/M/c lesson. Slow it down, pause, step.',
  play: 'Play',
  pause: 'Pause',
  step: 'Step one event',
  restart: 'Restart',
  speed: 'Speed (simulated minutes per second)',
  clock: 'Clock',
  // The simulated days on the station's clock, before its hours and minutes.
  clockDays: '{n}d',
  inQueue: 'waiting',
  inService: 'in service',
  servedSoFar: 'served',
  // The waits of those who have reached an officer: the citizens still in line are not in it
  // (with λ far above cμ it reads 0 minutes with hundreds waiting), so it says whose it is.
  meanWaitSoFar: 'mean wait of those served or in service',
  officer: 'officer',
  idle: 'idle',
  error: 'Something went wrong: {message}',
  workerFailed:
    'The simulator in this page stopped: its Web Worker failed to load or crashed. Try again: pick the scenario again, or press Run or Simulate; if it fails again, reload the page.',
  none: '–',
  footer: 'Runs entirely in your browser: nothing is sent anywhere.',
  welcomeTitle: 'Start here',
  welcome1:
    'Pick a scenario in the gallery: "One consular desk as an M/M/c queue" is the gentlest.',
  welcome2:
    'Change a parameter (officers, demand, a share) and press Run; the results come with 95% confidence intervals.',
  welcome3:
    'Pin a run, change one thing, run again: the comparison shows the difference and whether it is real.',
  welcome4:
    'New to queues? The M/M/c lesson and the animated station above explain why waits explode near full load.',
};

export type Key = keyof typeof en;

const tr: Record<Key, string> = {
  appTitle: 'consular-sim Laboratuvarı',
  tagline: 'Tarayıcınızdaki simülatör: bir senaryo seçin, değiştirin, çalıştırın, karşılaştırın.',
  skip: 'İçeriğe geç',
  navScenarios: 'Senaryolar',
  navTeaching: 'M/M/c dersi',
  navStation: 'Tek gişe, canlı',
  language: 'Dil',
  gallery: 'Senaryo galerisi',
  group_paper: 'Makale: bildirilen rakamların yeniden üretilmesi',
  group_whatif: 'Ya şöyle olursa…',
  group_audit: 'Denetimler: bir rakamdan ne kadar emin olabiliriz?',
  group_teaching: 'Öğretim',
  question: 'Soru',
  loading: 'Simülatör yükleniyor…',
  parameters: 'Parametreler',
  section_stations: 'Kapasite ve kuyruklar',
  section_capacity: 'Kapasite',
  section_demand: 'Talep',
  section_params: 'Model parametreleri',
  section_run: 'Çalıştırma',
  servers: 'sunucu',
  serversField: 'kapasite',
  stationById: 'Birim {id}',
  queueLimitField: 'kuyruk sınırı: bu kadar bekleyen bulan gelenler geri çevrilir',
  queueLimitHint:
    '0 ya da daha büyük bir tam sayı: bütün sunucuları meşgul ve bu kadar bekleyen bulan bir gelen hemen gider (kuyruğa girmez; 0 kimseyi bekletmez); sınır yoksa boş bırakın. Sonuçlar onları kaybedilenler arasında beklemeyen diye sayar; bir yeniden gelme kuralı (aşağıda) onları geri getirebilir ya da bir taşma (aşağıda) başka bir gişeye gönderebilir.',
  queueLimitNone: 'sınır yok',
  balkingField: '0, 1, 2, … bekleyen görünce gitme olasılığı (kuyruğa girmeme)',
  balkingHint:
    '0 ile 1 arasında, ondalık nokta ile yazılmış olasılıklar listesi; sonuncusu daha uzun her kuyruk için geçerli, ör. [0, 0.1, 0.3]; yoksa boş bırakın.',
  m_arrivals: 'gelen',
  m_served: 'hizmet alan',
  m_jobs: 'yapılan işlem',
  m_lost: 'kaybedilen',
  m_completed: 'tamamlanan',
  m_balkedByChoice: 'kuyruğu görüp giden (kendi seçimiyle)',
  retrialField: 'yeniden gelme kuralı: geri çevrilenlerin dönüşü',
  retrialHint:
    'Bir YAML eşlemesi: geri çevrilen bir vatandaşın yeniden gelme olasılığı (0 ile 1 arası), yeniden gelene dek ortalama dakika ve en çok kaç kez (isteğe bağlı), ör. {probability: 0.7, meanDelayMinutes: 30, maxRetries: 3}; yoksa boş bırakın.',
  retrialLimit:
    '{station}: bütün sunucuları meşgul ve {limit} bekleyen bulan bir gelen kuyruk sınırında geri çevrilir{room}; kural geri çevrilen her vatandaşa uygulanır.',
  retrialLimitBalking:
    '{station}: bütün sunucuları meşgul ve {limit} bekleyen bulan bir gelen kuyruk sınırında geri çevrilir{room}, daha az bekleyen bulan da kuyruğa girmeme kuralıyla gidebilir; kural ikisine de uygulanır.',
  retrialLimitZero:
    '{station}: kuyruk sınırı 0 olduğundan kimse bekleyemez; bu yüzden bütün sunucuları meşgul bulan bir gelen geri çevrilir{room}; kural geri çevrilen her vatandaşa uygulanır.',
  retrialRoom: ' (aynı anda {total} kişilik yer: {servers} hizmette, {limit} bekleyen)',
  retrialRoomNoServers: ' (kapasite 0 iken kimse hizmet almaz; {limit} kişi bekleyebilir)',
  retrialRoomNone: ' (kapasite de 0 olduğundan bu, gelen herkestir)',
  retrialBalking:
    '{station}: bütün sunucuları meşgul bulan bir gelen, kuyruğa girmeme kuralıyla kuyruğu görüp gidebilir; kural böyle giden her vatandaşa uygulanır.',
  retrialNobody:
    '{station}: kuyruk sınırı ve kuyruğa girmeme kuralı yok; burada kimse geri çevrilmez, bu yüzden kimse yeniden gelmez: buradaki bir kuralın etkisi yoktur ve denetim bunu söyler. Önce gişeye bir kuyruk sınırı ya da kuyruğa girmeme kuralı verin (üstteki alanlar).',
  retrialUnclear:
    '{station}: kural yalnızca bu gişenin geri çevirdiği vatandaşlara uygulanır: kuyruk sınırında (queueLimit) ya da bir kuyruğa girmeme kuralıyla (üstteki alanlar); ikisi de olmayan bir gişede etkisi yoktur ve denetim bunu söyler.',
  overflowField: 'taşma: kuyruğu dolu bulanları alan gişe',
  overflowHint:
    'Bütün sunucuları meşgul ve kuyruğu sınırında (yukarıdaki kuyruk sınırı) bulan bir geleni geri çevirmek yerine bu gişenin yerine ona hizmet veren gişe; yoksa bu gelenler kaybedilir. Yalnızca bir kuyruk sınırıyla ve yeniden gelme kuralı olmadan etkisi vardır: denetim bunu söyler.',
  overflowNone: 'yok: dolu bulanlar kaybedilir',
  overflowSelf: '{station}: bu gişenin kendisi',
  overflowUnknown: '{id}: bu senaryoda böyle bir gişe yok',
  m_overflowed: 'dolu bulunca öteye gönderilen',
  overflowTo: 'gönderildiği gişe',
  overflowsTable:
    'Taşma kuralı olan gişeler: dolu bulunca öteye gönderilenler ve gönderildikleri gişe',
  overflowsNote:
    'Dolu bulunca öteye gönderilen, kuyruğu sınırında bulup bunun yerine adı verilen gişede hizmet alan gelişleri sayar: kaybedilmezler; orada geliş olarak, hizmet alanlarda ve bekleme sürelerinde sayılırlar.',
  m_balkedAttempts: 'gelişinde geri çevrilen (yeniden gelişler dahil)',
  m_retrials: 'yeniden gelen',
  m_stationBalked: 'büsbütün kaybedilen (beklemeyen)',
  m_gaveUpAfterRetrial: 'yeniden geldikten sonra büsbütün giden',
  retrialsTable:
    'Yeniden gelme kuralı olan gişeler: geri çevrilen, yeniden gelen, büsbütün kaybedilen',
  retrialsNote:
    'Geri çevrilen, kuyruğu dolu ya da çok uzun bulan gelişleri sayar, sonradan yeniden gelenler dahil; yeniden gelen, dönüşleri sayar, her biri bir geliştir de; büsbütün kaybedilen, geri çevrilip sonra giden vatandaşlardır (kaybedilenlere sayılır); yeniden geldikten sonra büsbütün giden, bunlardan en az bir kez yeniden gelmiş olanlardır. Sonda yeniden gelmesi beklenenler hâlâ sistemde sayılır.',
  unitArrivals: 'geliş',
  m_waitP50: 'medyan bekleme',
  m_waitP95: '95. yüzdelik bekleme',
  m_waitP99: '99. yüzdelik bekleme',
  m_lostWait: 'kaybedilenlerin kuyrukta ortalama süresi',
  m_meanBusy: 'ortalama meşgul sunucu',
  m_busyHours: 'meşgul saat',
  m_systemTime: 'sistemde ortalama süre',
  m_systemTimeP90: 'sistemde 90. yüzdelik süre',
  m_lostTime: 'kaybedilenlerin sistemde ortalama süresi',
  m_inSystem: 'sonda hâlâ sistemde',
  m_officerHours: 'görevli saati (personelli istasyonlar)',
  m_balked: 'kaybedilen: beklemeyen',
  m_reneged: 'kaybedilen: vazgeçen',
  m_turnedAway: 'kaybedilen: geri çevrilen',
  multiplier: '× talep',
  base_rate: 'temel: dakikada {n}',
  base_perHour: 'temel: saatte {n}',
  base_perDay: 'temel: günde {n}',
  base_total: 'temel: toplam {n}',
  horizon: 'Süre (ör. 52w, 30d, 8h)',
  warmupField: 'Isınma, sonuçlara katılmaz (ör. 2w; yoksa 0)',
  replications: 'Tekrar sayısı',
  seed: 'Tohum',
  measured: 'gerçek Hızır motoruyla ölçülen',
  reset: 'Senaryodaki değerlere dön',
  run: 'Çalıştır',
  cancel: 'İptal',
  cancelled: 'Çalıştırma iptal edildi.',
  running: '{workers} çalışan üzerinde {total} tekrarın {done} tanesi bitti…',
  progress: 'İlerleme',
  invalid: 'Senaryo geçerli değil; önce bunları düzeltin:',
  decimalPoint: 'ondalık sayıyı noktayla yazın: 1,5 değil 1.5',
  runStopped: 'Çalıştırma durdu:',
  yaml: 'Düzenlenmiş haliyle senaryo YAML',
  downloadYaml: 'YAML indir',
  downloadYamlInvalid: 'YAML’ı indirmek için yukarıdaki hataları düzeltin.',
  downloadJson: 'Sonuçları indir (JSON)',
  cli: 'Aynı çalıştırma komut satırında',
  copyLink: 'Bu ayarların bağlantısını kopyala',
  linkCopied: 'Bağlantı kopyalandı.',
  estimate:
    'Tahmini büyüklük: benzetilecek yaklaşık {customers} geliş (tekrar başına {perRep} × {reps}); bu tarayıcıda tahmini süre: {time}.',
  estimateScenario:
    'Bu senaryonun burada son çalıştırılmasına dayanır. Yalnızca bir tahmindir: bilgisayardaki başka işler çalıştırmayı yavaşlatır.',
  estimateCalibration:
    'Burada basit bir kuyrukla yapılan kısa bir deneme çalıştırmasına dayanır; bu senaryonun ilk çalıştırılması tahmini iyileştirir. Yalnızca bir tahmindir: uzun bir rota ya da kalabalık bir kuyruk geliş başına daha pahalıdır.',
  estimateLong:
    'Uzun bir çalıştırma: Çalıştır onay isteyecek. Daha az tekrar ya da daha kısa bir süre onu hızlandırır.',
  confirmLong:
    'Bu çalıştırmanın bu tarayıcıda {time} süreceği tahmin ediliyor (benzetilecek {customers} geliş; yalnızca bir tahmin). Bitene ya da iptal edene kadar sekme meşgul kalır. Çalıştırılsın mı?',
  timeUnderSecond: 'bir saniyeden az',
  timeSeconds: 'yaklaşık {n} sn',
  timeMinutes: 'yaklaşık {n} dk',
  timeHours: 'yaklaşık {n} sa',
  copyByHand: 'Tarayıcı burada panoya erişim vermedi; bağlantıyı kopyalayın:',
  result: 'Sonuçlar',
  resultFor: '{title}: {reps} tekrar, tohum {seed}, tarayıcıda {secs} sn',
  resultForOne: '{title}: 1 tekrar, tohum {seed}, tarayıcıda {secs} sn',
  saturatedHead:
    'Talep kapasitede ya da üstünde: bu kuyrukların kararlı bir durumu yok; ortalama bekleme ve kuyruk, süre uzadıkça büyür ve istasyonu değil bu çalıştırmayı anlatır.',
  saturatedStation:
    '{station}: gelen iş, görevdeki sunucularının süresinin {load} kadarı; 1. tekrarın sonunda {waiting} kişi hâlâ bekliyor.',
  saturatedNoServer: '{station}: müşteri geldi ama hiçbir zaman görevde sunucu yoktu.',
  saturatedTheory:
    '{station}: sunulan yük ρ = λ × E[S] ÷ c = {rho} ≥ 1 (modelin parametrelerinden): kuramda kararsız, kuyruk sınırsız büyür; 1. tekrarın sonunda {waiting} kişi hâlâ bekliyor.',
  nearCapacityHead:
    'Kapasiteye yakın: bu kuyruklar yavaş oturur (yoğun dönemler yüzlerce vatandaş sürer); kısa bir çalıştırma uzun dönem durumundan uzakta başlar ve aralığı olması gerekenden dardır. Beklemelere güvenmeden önce daha uzun bir süre ya da daha çok tekrarla karşılaştırın.',
  nearCapacityStation: '{station}: sunucularının görevdeki süresinin {load} kadarı meşgul.',
  runWith: 'Şununla çalıştırıldı: {sets}',
  keyFigures: 'Temel rakamlar (ortalama ± %95 güven aralığının yarı genişliği)',
  ciExplain:
    'Her rakam {reps} tekrarın (kendi rastgele sayılarıyla bağımsız çalıştırmaların) ortalamasıdır; ±, %95 güven aralığının yarı genişliğidir (Student t): deney yinelenseydi, bu tür 100 aralıktan yaklaşık 95’i uzun dönem değerini içerirdi. Daha çok tekrar ya da daha uzun süre aralığı daraltır.',
  ciBounds:
    'Bir aralık rakamın alamayacağı değerlere uzanacaksa (bir bekleme, sayı ya da kullanım oranı için 0’ın altına; bir pay için %100’ün üstüne) orada kesilir ve ortalama (alt – üst) olarak gösterilir. Bir yüzdelik tüm tekrarların beklemeleri birlikte (nicelik çizelgeleri birleştirilerek) okunur; aralığı, her tekrarın kendi yüzdeliğinin ondan ne kadar uzak olduğundan gelir (bölümleme); okunduğu çizelgelerin {accuracy} doğruluğunu da içerir.',
  ciOne:
    'Tek tekrar: tek bir çalıştırmanın güven aralığı yoktur; bu rakamlar olası bir sonucu gösterir, ne kadar değiştiğini değil. Aralığı görmek için 2 ya da daha çok tekrar çalıştırın.',
  countedAfterWarmup:
    'Isınmadan ({warmup}) sonra sayılır: ısınmada gelip ısınmadan sonra işi biten vatandaşlar gelen olarak değil, tamamlanan olarak sayılır.',
  arm: 'kol',
  arrivals: 'gelen',
  completed: 'tamamlanan',
  lost: 'kaybedilen (vazgeçen, beklemeyen, geri çevrilen)',
  lostByCause:
    'Kaybedilenler, nedenine göre: beklemeyen (kuyruk doluydu ya da onlara çok uzun geldi) {balked}, vazgeçen (beklemekten vazgeçti) {reneged}, geri çevrilen (gişe kapandı) {turnedAway}.',
  stationsTable: 'Gişeler: bekleme, kuyruk ve doluluk',
  stationsLeftOut:
    'Tablo, {total} gişenin en yoğun {shown} tanesini (hizmet süresine göre) listeler; aşağıdaki grafikler herhangi birini gösterebilir.',
  unitMinutes: 'dk',
  unitCustomers: 'vatandaş',
  unitOnDuty: 'sunucuların görevdeki süresinin %’si',
  sampledShare:
    'Bu çalıştırma vatandaşların %{share} oranındaki bir örneğini tek tek benzetir (params.sampling) ve gişeler buna göre ölçeklenir: gelen, tamamlanan ve kaybedilen sayıları ile gişe ve sınıf tabloları bu örneği sayar; türetilen rakamlar sayıları bütün vatandaşlara geri ölçekler.',
  lostNotInWaits:
    'Beklemeler, gişede hizmeti başlayan müşterilerin beklemeleridir: kaybedilenler (beklemeyen, vazgeçen ya da geri çevrilen) bunlara dahil değildir; bu yüzden ortalama bekleme, gelen herkesin ortalaması değildir.',
  sameValues:
    'Her tekrar aynı değeri verdi; bu yüzden aralık tekrarlar arasında hiçbir yayılım içermiyor (bir yüzdelikte yalnızca nicelik çizelgelerinin {accuracy} doğruluğu), ama bu kesinlik değildir (seyrek ama 0 olmayan bir değer hiçbir tekrarda ortaya çıkmamış olabilir):',
  sameValuesMark: 'tüm tekrarlar eşit',
  sameValuesSketchMark:
    'tüm tekrarlar eşit; ± tekrarlar arasındaki yayılım değil, nicelik çizelgesinin {accuracy} yuvarlama payıdır',
  sameValuesMore: '(indirilen JSON’da {more} tane daha sameInEveryReplication ile işaretli)',
  sameValuesAllowance:
    'Bunlardan şunların ± değeri tekrarlar arasındaki yayılım değil, nicelik çizelgesinin {accuracy} yuvarlama payıdır:',
  station: 'gişe',
  meanWait: 'ortalama bekleme',
  p90Wait: '90. yüzdelik bekleme',
  meanQueue: 'ortalama kuyruk',
  utilisation: 'doluluk',
  derived: 'Çalıştırmadan türetilen rakamlar',
  inputFigures: 'Girdiler (senaryonun belirlediği, simüle edilmeyen)',
  figure: 'rakam',
  value: 'değer',
  ci: '%95 GA',
  needsTwo: 'en az 2 tekrar gerekir',
  notMeasured: 'ölçülmedi',
  timingNotMeasured:
    'Benzetilen bir değer değil, Hızır motorunu çalıştıran makinenin bir süre ölçümüdür: Lab, motorun derlendiği sırada kaydedilen yanıtlarını yeniden oynatır, bu yüzden verebileceği bir süre yoktur. consular-sim run bunu ölçer.',
  paperFigure: 'Makalenin {figure} rakamı; türü {kind}.',
  kindInput: 'input (girdi): senaryo makalenin sayısını alır, bu yüzden uyum yapısı gereğidir',
  kindEmergent: 'emergent (ortaya çıkan): benzetilen olayların ürettiği',
  kindMeasured:
    'measured (ölçülen): benzetimin dışında ölçülmüştür (Hızır motoru, test soruları üzerinde), bu yüzden benzetilen yüke ilişkin hiçbir varsayım onu değiştirmez',
  unit: 'birim',
  flowTitle: 'Her {per} gelen ve tamamlanan',
  flowDesc: 'Her aralıkta gelen ve işi biten vatandaşlar (1. tekrar).',
  customersPer: '{per} başına {unit}',
  queueTitle: '{station} kuyruğu',
  queueDesc: 'Her aralıkta bekleyenlerin zaman ortalaması (1. tekrar).',
  busyTitle: '{station}: meşgul ve görevdeki sunucular',
  busyDesc: 'Her aralıkta meşgul ve görevdeki sunucuların zaman ortalaması (1. tekrar).',
  waiting: 'bekleyen',
  busy: 'meşgul',
  onDuty: 'görevde',
  waitHist: '{station} bekleme süresi dağılımı',
  waitHistDesc: 'Hizmet alanların bekleme süreleri (1. tekrar), dakika.',
  waitCdf: '{station}: en çok x dakika bekleyenlerin payı',
  minutes: 'dakika',
  cdfAxis: 'en çok x bekleyenlerin payı',
  pointAt: '{series}: {x} iken {y}',
  customers: 'vatandaş',
  time: 'zaman',
  day: 'gün',
  hour: 'saat',
  days: 'gün',
  hours: 'saat',
  pickStation: 'Grafiklerde gösterilen gişe',
  warmup: 'ısınma (atılır)',
  pin: 'Karşılaştırmak için bu çalıştırmayı sabitle',
  unpin: 'Sabitlemeyi kaldır',
  pinned: 'Sabitlenen: {title} ({sets})',
  noChanges: 'yazıldığı gibi',
  compare: 'Karşılaştırma: bu çalıştırma eksi sabitlenen',
  compareHint:
    'Bir çalıştırmayı sabitleyin, bir parametreyi değiştirin, yeniden çalıştırın: eşleştirilmiş fark burada görünür.',
  paired: 'ortak rastgele sayılarla {n} tekrar üzerinden eşleştirilmiş',
  pairedOne: 'ortak rastgele sayılarla eşleştirilmiş, 1 tekrar',
  welch: 'Welch eşleştirilmemiş aralığı (tohum veya tekrar sayısı farklı)',
  otherScenario:
    'Sabitlenen çalıştırma başka bir senaryoya ait; karşılaştırmak için onu yeniden seçin.',
  metric: 'ölçü',
  pinnedRun: 'sabitlenen',
  thisRun: 'bu çalıştırma',
  difference: 'fark',
  significant: 'aralık 0 içermiyor',
  compareInputs:
    'Bunlar her çalıştırmaya verileni tekrarlar (senaryonun belirlediği, simüle edilmeyen): aralarındaki fark sizin yaptığınız değişikliktir, bir bulgu değil; bu yüzden hiçbiri işaretlenmez.',
  changed: 'Değişen (sabitlenen → bu çalıştırma)',
  scenarioValue: 'senaryodaki değer',
  assumptions: 'Varsayımlar',
  assumptionsInherited:
    'Bu varsayımlar {file} dosyasından devralındı ve onun girdileri için yazıldı; bu çalıştırma şunları değiştiriyor: {keys}. Bir varsayım bunlardan söz ettiğinde, bu çalıştırmanın kullandığı değerler çalıştırılan senaryodadır.',
  assumptionsInEnglish:
    'Senaryo dosyasının yazdığı gibi, İngilizce (dosyalar varsayımları yalnızca İngilizce verir).',
  assumptionsOverridden:
    'Bu varsayımlar senaryo dosyasının kendisi için yazıldı; bu çalıştırma şunları değiştiriyor: {keys}. Bir varsayım bunlardan söz ettiğinde, bu çalıştırmanın kullandığı değerler çalıştırılan senaryodadır.',
  lessonTitle: 'M/M/c kuyruğu: %90 yükte on görevli neden insanları kırk dakika bekletir',
  lessonIntro:
    'Vatandaşlar rastgele gelir (saatte λ), her işlem rastgele bir süre alır (ortalama 1/μ saat), c görevli hizmet verir. Kaydırıcıları oynatın: Erlang C uzun dönem ortalama beklemeyi tam verir; benzetim noktaları CLI ile aynı çekirdekten gelir.',
  lambda: 'Geliş hızı λ (saatte)',
  mu: 'Görevli başına hizmet hızı μ (saatte)',
  c: 'Görevli sayısı c',
  rateFromLink:
    'Bağlantıdaki {key}={given} kullanılmadı: {label}, {min} ile {max} arasında, {step} adımlı bir sayı olmalı. Yerine {used} kullanılıyor.',
  langFromLink:
    'Bağlantıdaki lang={given} kullanılmadı: dil en (English) ya da tr (Türkçe) olmalı. Yerine {used} kullanılıyor.',
  viewFromLink:
    'Bağlantıdaki view={given} kullanılmadı: görünüm lesson ya da station olmalı ya da senaryolar için hiç yazılmamalı. Yerine senaryo galerisi gösteriliyor.',
  scenarioFromLink:
    'Bağlantıdaki s={given} kullanılmadı: galeride bu adda bir senaryo yok (adı değişmiş ya da kaldırılmış olabilir). Yerine hiçbir senaryo açılmadan galeri gösteriliyor.',
  setFromLink:
    'Bağlantıdaki set={given} kullanılmadı: bir değişiklik yol=değer biçiminde yazılır, örneğin stations.desk.servers=11. Senaryo onsuz çalışır.',
  rho: 'Yük ρ = λ / (c·μ)',
  pwait: 'Bekleme olasılığı (Erlang C)',
  wq: 'Ortalama bekleme Wq (Erlang C)',
  lq: 'Ortalama kuyruk Lq',
  unstable: 'Kararsız: λ ≥ c·μ, kuyruk sınırsız büyür. Görevli ekleyin ya da talebi azaltın.',
  curveTitle: 'Görevli sayısına göre ortalama bekleme: Erlang C ve benzetim',
  curveDesc:
    'Her görevli sayısı için Erlang C (çizgi) ve %95 güven aralıklı benzetim ortalamaları (noktalar).',
  erlang: 'Erlang C',
  simulated: 'benzetim (%95 GA)',
  simulatedMean: 'benzetim ortalaması',
  chartTableSummary: 'Grafiğin sayıları tablo olarak: {caption}',
  tableTime: 'aralığın sonu ({unit})',
  tableMeanCustomers: '{unit}, aralık ortalaması',
  tableMeanServers: 'sunucu, aralık ortalaması',
  tableWaitBand: 'bekleme ({unit})',
  tableWaitAtMost: 'en çok bekleme ({unit})',
  unstableShort: 'kararlı durum yok',
  simulate: 'Bu noktaları benzet',
  stop: 'Durdur',
  simProgress: '{total} noktanın {done} tanesi benzetildi…',
  simStopped:
    'Durduruldu: {total} noktanın {done} tanesi bitti (her biri {reps} × {n} vatandaş) ve çizildi.',
  simStoppedNone: 'Hiçbir nokta bitmeden durduruldu: benzetim noktası çizilmedi.',
  scatterProgress: '{total} satırın {done} tanesi çalıştırıldı…',
  scatterStopped: 'Durduruldu: {total} satırın {done} tanesi bitti ve gösteriliyor.',
  scatterStoppedNone: 'Hiçbir satır bitmeden durduruldu: satır gösterilmiyor.',
  simCustomers: 'tekrar başına vatandaş',
  scatterTitle: 'Kısa çalıştırmalar neden dağılır?',
  scatterIntro:
    'Yüksek yükte beklemeler birbirine güçlü biçimde bağlıdır: tek bir yoğun dönem yüzlerce vatandaş sürer; kısa bir çalıştırma birkaç bağımsız dönem içerir ve boş başlar. Her satır N vatandaşlık 10 tekrar çalıştırır.',
  runScatter: 'Tabloyu çalıştır',
  nCustomers: 'vatandaş N',
  meanOfRuns: '10 çalıştırmanın ortalaması',
  rangeOfRuns: 'en düşük – en yüksek',
  stationTitle: 'Tek gişe, canlı',
  stationIntro:
    'Vatandaşlar gelir ve sırada bekler (kareler), sonra görevlilerce (kutular) hizmet alır (hizmet alan vatandaş bir dairedir). Hızlar M/M/c dersindekilerdir. Yavaşlatın, durdurun, adım adım ilerleyin.',
  play: 'Oynat',
  pause: 'Duraklat',
  step: 'Bir olay ilerle',
  restart: 'Baştan başlat',
  speed: 'Hız (saniyede benzetim dakikası)',
  clock: 'Saat',
  clockDays: '{n} gün',
  inQueue: 'bekleyen',
  inService: 'hizmette',
  servedSoFar: 'hizmet alan',
  meanWaitSoFar: 'hizmet alanların ya da hizmette olanların ortalama beklemesi',
  officer: 'görevli',
  idle: 'boşta',
  error: 'Bir sorun oluştu: {message}',
  workerFailed:
    'Bu sayfadaki simülatör durdu: Web Worker’ı yüklenemedi ya da çöktü. Yeniden deneyin: senaryoyu yeniden seçin ya da Çalıştır’a veya Benzet’e basın; yine olmazsa sayfayı yeniden yükleyin.',
  none: '–',
  footer: 'Tamamen tarayıcınızda çalışır: hiçbir yere bir şey gönderilmez.',
  welcomeTitle: 'Buradan başlayın',
  welcome1:
    'Galeriden bir senaryo seçin: "M/M/c kuyruğu olarak tek bir konsolosluk gişesi" en kolayıdır.',
  welcome2:
    'Bir parametreyi (görevli, talep, bir pay) değiştirip Çalıştır’a basın; sonuçlar %95 güven aralıklarıyla gelir.',
  welcome3:
    'Bir çalıştırmayı sabitleyin, bir şeyi değiştirip yeniden çalıştırın: karşılaştırma farkı ve gerçek olup olmadığını gösterir.',
  welcome4:
    'Kuyruklara yeni misiniz? Yukarıdaki M/M/c dersi ve canlı gişe, tam yüke yaklaşınca beklemelerin neden patladığını anlatır.',
};

const dictionaries: Record<Lang, Record<Key, string>> = { en, tr };

let current: Lang = 'en';

export function detectLang(search: string, navigatorLanguages: readonly string[]): Lang {
  const asked = new URLSearchParams(search).get('lang');
  if (asked === 'tr' || asked === 'en') return asked;
  return navigatorLanguages.some((l) => l.toLowerCase().startsWith('tr')) ? 'tr' : 'en';
}

export function setLang(lang: Lang): void {
  current = lang;
}

export function lang(): Lang {
  return current;
}

export function t(key: Key, vars: Record<string, string | number> = {}): string {
  const text = dictionaries[current][key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
}

/** Numbers as the language writes them (1,234.5 or 1.234,5). */
export function num(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return '–';
  const abs = Math.abs(x);
  const maximumFractionDigits =
    abs >= 1000
      ? 0
      : abs >= 100
        ? Math.min(1, digits)
        : abs >= 1
          ? Math.max(0, digits - 1)
          : digits;
  return new Intl.NumberFormat(current === 'tr' ? 'tr-TR' : 'en-GB', {
    maximumFractionDigits,
  }).format(x);
}

export function pctText(x: number): string {
  return new Intl.NumberFormat(current === 'tr' ? 'tr-TR' : 'en-GB', {
    style: 'percent',
    maximumFractionDigits: 1,
  }).format(x);
}

/** The units model parameters are measured in (src/scenario/service-model.ts), in words. */
const UNITS: Record<Lang, Record<ParamUnit, string>> = {
  en: {
    share: 'share, 0–1',
    factor: 'multiplier, 1 = as given',
    ratio: 'ratio',
    minutes: 'minutes',
    hours: 'hours',
    days: 'days',
    officers: 'officers',
    servers: 'servers',
    slots: 'handled at once',
    terminals: 'terminals',
    transactions: 'transactions',
    citizens: 'citizens a year',
    questionsPerDay: 'questions a day',
    requestsPerDiplomatYear: 'requests per diplomat a year',
    usdPerHour: 'USD an hour',
    usdPerApplication: 'USD per application',
  },
  tr: {
    share: 'pay, 0–1',
    factor: 'çarpan, 1 = verildiği gibi',
    ratio: 'oran',
    minutes: 'dakika',
    hours: 'saat',
    days: 'gün',
    officers: 'görevli',
    servers: 'sunucu',
    slots: 'aynı anda',
    terminals: 'terminal',
    transactions: 'işlem',
    citizens: 'yılda vatandaş',
    questionsPerDay: 'günde soru',
    requestsPerDiplomatYear: 'diplomat başına yılda talep',
    usdPerHour: 'saatte USD',
    usdPerApplication: 'başvuru başına USD',
  },
};

export function unitText(unit: ParamUnit): string {
  return UNITS[current][unit];
}

/** Both dictionaries, for the test that every label exists in both languages. */
export const DICTIONARIES = dictionaries;
