import { ModelError } from '../sim/model';
import { IsArray, IsInt, IsNumber, IsObject, Max, Min } from 'class-validator';
import { IsNumberOrFigureId, resolveNumber, type NumberOrFigure } from '../config/figures';
import { loadReferenceData, type ReferenceData } from '../config/reference-data';
import { MINUTES_PER_DAY } from '../sim/calendar';
import type { DistributionSpec } from '../sim/distributions';
import type { NetworkModel } from '../sim/model';
import type { RunSummary } from '../sim/summary';
import type { Scenario } from '../scenario/scenario.loader';
import { type ServiceModel, fixedStationLabels } from '../scenario/service-model';
import { SHARE, WHOLE } from '../scenario/param-rules';

/**
 * The payment system: every fee, e-visa and consular, through the virtual POS
 * (online) or a physical POS terminal at a mission. Volumes come from the other
 * services' inputs (e-visa yearly applications, Konsolosluk.NET transactions) and
 * the catalogue's fees: how many payments a year that makes is what comes out.
 */
const MINUTES_PER_YEAR = 365 * MINUTES_PER_DAY;

export class PaymentsParams {
  /** Years of e-visa volume (config/evisa.yaml) whose mean makes the average year. */
  @IsArray({ message: 'must be a list of years' })
  @IsInt({ each: true, message: 'must be a list of years' })
  evisaYears!: number[];
  /** Consular transactions in a year: a number or a paper figure id. */
  @IsNumberOrFigureId() consularTransactions!: NumberOrFigure;
  /** Share of consular fee payments made online where the mission has a virtual POS and the operation starts online. */
  @IsNumber({}, SHARE) @Min(0, SHARE) @Max(1, SHARE) onlineShareWhereOffered!: number;
  /** Share of card payments declined (not completed). */
  @IsNumber({}, SHARE) @Min(0, SHARE) @Max(1, SHARE) declineShare!: number;
  @IsInt(WHOLE) @Min(1, WHOLE) virtualPosSlots!: number;
  @IsInt(WHOLE) @Min(1, WHOLE) physicalTerminals!: number;
  @IsObject({ message: 'must be a distribution of minutes' }) virtualPosService!: DistributionSpec;
  @IsObject({ message: 'must be a distribution of minutes' }) physicalPosService!: DistributionSpec;
}

/** Yearly payment demand by channel, from config and params. */
export function paymentDemand(
  p: PaymentsParams,
  ref: ReferenceData,
): { evisa: number; consularVirtual: number; consularPhysical: number } {
  const years = p.evisaYears.map((y) => {
    const n = ref.evisa.yearlyApplications[y];
    if (n === undefined)
      throw new ModelError('params.evisaYears', `config/evisa.yaml has no volume for ${y}`);
    return n;
  });
  const meanYear = years.reduce((a, b) => a + b, 0) / years.length;
  const paidShare = ref.evisa.feesByNationalityGroup.reduce(
    (s, g) => s + (g.feeUsd > 0 ? g.share : 0),
    0,
  );
  const evisa = meanYear * paidShare;
  const transactions = resolveNumber(p.consularTransactions, ref);
  const feeShare = ref.operations.reduce((s, o) => s + (o.fee.amount > 0 ? o.share : 0), 0);
  const onlineOpsShare = ref.operations.reduce(
    (s, o) => s + (o.fee.amount > 0 && o.online ? o.share : 0),
    0,
  );
  const vposLoad = ref.missions.reduce((s, m) => s + (m.virtualPos ? m.load : 0), 0);
  const online = transactions * onlineOpsShare * vposLoad * p.onlineShareWhereOffered;
  return { evisa, consularVirtual: online, consularPhysical: transactions * feeShare - online };
}

export function buildPayments(
  p: PaymentsParams,
  scenario: Scenario,
  ref = loadReferenceData(),
): Record<string, NetworkModel> {
  const yearly = paymentDemand(p, ref);
  // Demand is yearly; a shorter or longer horizon gets its share of it.
  const years = scenario.horizon / MINUTES_PER_YEAR;
  const d = {
    evisa: yearly.evisa * years,
    consularVirtual: yearly.consularVirtual * years,
    consularPhysical: yearly.consularPhysical * years,
  };
  const exit = { probability: p.declineShare, outcome: 'declined' };
  const vpos = { id: 'pay', station: 'virtual-pos', service: p.virtualPosService, exit };
  return {
    main: {
      name: scenario.name,
      stations: [
        // Card payments on terminals and online: machines, not officer time (StationModel.staff).
        { id: 'virtual-pos', servers: p.virtualPosSlots, staff: false },
        { id: 'physical-pos', servers: p.physicalTerminals, staff: false },
      ],
      classes: [
        { id: 'evisa-fee', route: [vpos] },
        { id: 'consular-fee-online', route: [vpos] },
        {
          id: 'consular-fee-counter',
          route: [{ id: 'pay', station: 'physical-pos', service: p.physicalPosService, exit }],
        },
      ],
      sources: [
        {
          id: 'evisa',
          class: 'evisa-fee',
          arrivals: {
            kind: 'daily',
            total: Math.round(d.evisa),
            hourOfDay: [...ref.evisa.hourOfDayProfile],
            month: [...ref.evisa.monthlyProfile],
          },
        },
        {
          id: 'consular-online',
          class: 'consular-fee-online',
          arrivals: { kind: 'daily', total: Math.round(d.consularVirtual) },
        },
        {
          id: 'consular-counter',
          class: 'consular-fee-counter',
          // Counter payments happen in office hours on weekdays (an assumption for the mix of missions).
          arrivals: {
            kind: 'daily',
            total: Math.round(d.consularPhysical),
            dayOfWeek: [1, 1, 1, 1, 1, 0, 0],
            window: { from: '09:00', to: '17:00' },
          },
        },
      ],
    },
  };
}

export function derivePayments(
  _p: PaymentsParams,
  runs: Record<string, RunSummary>,
  scenario: Scenario,
  ref = loadReferenceData(),
): Record<string, number> {
  const run = runs.main;
  // The counts are of the observed part of the run: a warm-up's customers are not in them.
  const years = (scenario.horizon - scenario.warmup) / MINUTES_PER_YEAR;
  const completed = (id: string) => run.classes[id]?.outcomes.completed ?? 0;
  const out: Record<string, number> = {};
  out.paymentsPerYear =
    (completed('evisa-fee') +
      completed('consular-fee-online') +
      completed('consular-fee-counter')) /
    years;
  out.virtualPosPaymentsPerYear =
    (completed('evisa-fee') + completed('consular-fee-online')) / years;
  out.physicalPosPaymentsPerYear = completed('consular-fee-counter') / years;
  out.declinedPerYear =
    Object.values(run.classes).reduce((s, c) => s + (c.outcomes.declined ?? 0), 0) / years;
  out.missionsWithVirtualPos = ref.missions.filter((m) => m.virtualPos).length;
  out.virtualPosUtilisation = run.stations['virtual-pos'].utilisation;
  return out;
}

export const paymentsModel: ServiceModel<PaymentsParams> = {
  id: 'payments',
  params: PaymentsParams,
  stationLabel: fixedStationLabels({
    'virtual-pos': {
      en: 'Virtual POS (online card payments)',
      tr: 'Sanal POS (çevrimiçi kart ödemeleri)',
    },
    'physical-pos': {
      en: 'Card terminals at the missions',
      tr: 'Temsilciliklerdeki kart terminalleri',
    },
  }),
  paramLabels: {
    onlineShareWhereOffered: {
      en: 'Consular fees paid online where a mission offers it',
      tr: 'Temsilciliğin sunduğu yerde çevrimiçi ödenen konsolosluk harcı payı',
      unit: 'share',
    },
    declineShare: {
      en: 'Card payments declined',
      tr: 'Reddedilen kart ödemesi payı',
      unit: 'share',
    },
    virtualPosSlots: {
      en: 'Virtual POS payments',
      tr: 'Sanal POS ödemeleri',
      unit: 'slots',
    },
    physicalTerminals: {
      en: 'Card payment points at the missions',
      tr: 'Temsilciliklerde kartla ödeme noktaları',
      unit: 'terminals',
    },
  },
  build: (p, s) => buildPayments(p, s),
  derive: (p, runs, s) => derivePayments(p, runs, s),
  figures: {
    paymentsPerYear: {
      unit: 'payments',
      support: 'nonNegative',
      description: 'completed card payments a year, all channels',
    },
    virtualPosPaymentsPerYear: {
      unit: 'payments',
      support: 'nonNegative',
      description: 'through the virtual POS',
    },
    physicalPosPaymentsPerYear: {
      unit: 'payments',
      support: 'nonNegative',
      description: 'at mission counters',
    },
    declinedPerYear: {
      unit: 'payments',
      support: 'nonNegative',
      description: 'declined attempts a year',
    },
    missionsWithVirtualPos: {
      kind: 'input',
      unit: 'missions',
      support: 'nonNegative',
      description: 'missions that take online payments',
    },
    virtualPosUtilisation: {
      unit: 'share',
      support: 'nonNegative',
      description: 'busy share of the virtual POS slots',
    },
  },
  // The figures in Turkish, for the Lab in Turkish (each of `figures`, tested).
  figuresTr: {
    paymentsPerYear: {
      unit: 'ödeme',
      description: 'yılda tamamlanan kartlı ödemeler, tüm kanallar',
    },
    virtualPosPaymentsPerYear: { unit: 'ödeme', description: 'sanal POS üzerinden' },
    physicalPosPaymentsPerYear: { unit: 'ödeme', description: 'temsilcilik gişelerinde' },
    declinedPerYear: { unit: 'ödeme', description: 'yılda reddedilen denemeler' },
    missionsWithVirtualPos: {
      unit: 'temsilcilik',
      description: 'çevrimiçi ödeme alan temsilcilikler',
    },
    virtualPosUtilisation: { unit: 'pay', description: 'sanal POS yuvalarının meşgul payı' },
  },
};
