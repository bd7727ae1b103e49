import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IsIn, IsInt, IsNumber, IsObject, IsOptional, Min } from 'class-validator';
import { Rule } from '../scenario/custom-rule';
import { DEFAULT_CONFIG_DIR } from '../config/reference-data';
import type { DistributionSpec } from '../sim/distributions';
import type { NetworkModel } from '../sim/model';
import type { RunSummary } from '../sim/summary';
import type { Scenario } from '../scenario/scenario.loader';
import type { FigureKind } from '../scenario/scenario.schema';
import { type ServiceModel, fixedStationLabels } from '../scenario/service-model';
import { wilson } from './hizir-eval';
import { HizirEngine } from './hizir.engine';

/**
 * Hızır's load on officers: questions arrive; the bot answers a share of them
 * (the deflection rate) and hands the rest to an officer queue. The deflection
 * rate is a number, or `measured`: the share of in-scope questions of the frozen test split
 * (config/hizir/questions/test.jsonl, never used in training or tuning) that the real engine
 * answers without handing off, with its 95% Wilson interval.
 */
export class HizirLoadParams {
  @IsNumber({}, { message: 'must be a number, 0 or more' })
  @Min(0, { message: 'must be a number, 0 or more' })
  questionsPerDay!: number;
  @IsShareOrMeasured() deflection!: number | 'measured';
  @IsObject({ message: 'must be a distribution of officer minutes' })
  officerMinutes!: DistributionSpec;
  // A whole number: the schedule's servers (2.5 officers passed here and ran as 3).
  @IsInt({ message: 'must be a whole number, 1 or more' })
  @Min(1, { message: 'must be a whole number, 1 or more' })
  officers!: number;
  /** How long a handed-off citizen waits for an officer before giving up. */
  @IsOptional()
  @IsObject({ message: 'must be a distribution of minutes' })
  patience?: DistributionSpec;
  @IsOptional() @IsIn(['fifo'], { message: 'must be fifo' }) discipline?: 'fifo';
}

function IsShareOrMeasured(): PropertyDecorator {
  return Rule(
    'isShareOrMeasured',
    'must be a number between 0 and 1, or measured',
    (v) => v === 'measured' || (typeof v === 'number' && v >= 0 && v <= 1),
  );
}

export interface HizirMeasurement {
  /** Share of in-scope questions answered without a hand-off. */
  deflection: number;
  /** 95% Wilson interval of the deflection share. */
  deflectionLow: number;
  deflectionHigh: number;
  /** 99th percentile answer time, milliseconds. */
  p99Ms: number;
  questions: number;
}

let measured: HizirMeasurement | undefined;

/** Runs the real engine over the test split's in-scope questions (once per process). */
export function measureHizir(configDir = DEFAULT_CONFIG_DIR): HizirMeasurement {
  if (measured) return measured;
  const engine = HizirEngine.fromConfig(configDir);
  const lines = readFileSync(join(configDir, 'hizir', 'questions', 'test.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim());
  const questions = lines
    .map((l) => JSON.parse(l) as { text: string; outOfScope: boolean })
    .filter((q) => !q.outOfScope);
  const times: number[] = [];
  let answered = 0;
  for (const q of questions) {
    const t0 = process.hrtime.bigint();
    const a = engine.answer(q.text);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (!a.handoff) answered++;
  }
  times.sort((a, b) => a - b);
  const ci = wilson(answered, questions.length);
  measured = {
    deflection: answered / questions.length,
    deflectionLow: ci.low,
    deflectionHigh: ci.high,
    p99Ms: times[Math.floor(0.99 * (times.length - 1))],
    questions: questions.length,
  };
  return measured;
}

function deflectionOf(p: HizirLoadParams): number {
  return p.deflection === 'measured' ? measureHizir().deflection : p.deflection;
}

export function buildHizirLoad(
  p: HizirLoadParams,
  scenario: Scenario,
): Record<string, NetworkModel> {
  const d = deflectionOf(p);
  return {
    main: {
      name: scenario.name,
      stations: [
        // The bot answers in well under a second: it is not a bottleneck at any load here.
        { id: 'bot', servers: 1_000, staff: false },
        {
          id: 'officers',
          schedule: [
            {
              days: ['mon', 'tue', 'wed', 'thu', 'fri'],
              from: '09:00',
              to: '17:00',
              servers: p.officers,
            },
          ],
        },
      ],
      classes: [
        {
          id: 'answered',
          route: [{ id: 'bot', station: 'bot', service: { dist: 'constant', value: 0.001 } }],
        },
        {
          id: 'handed-off',
          patience: p.patience,
          route: [{ id: 'officer', station: 'officers', service: p.officerMinutes }],
        },
      ],
      sources: [
        {
          id: 'questions',
          class: { answered: d, 'handed-off': 1 - d },
          arrivals: { kind: 'profile', perDay: p.questionsPerDay },
        },
      ],
    },
  };
}

export function deriveHizirLoad(
  p: HizirLoadParams,
  runs: Record<string, RunSummary>,
): Record<string, number> {
  const run = runs.main;
  const off = run.stations.officers;
  const out: Record<string, number> = {
    deflection: deflectionOf(p),
    questions: run.totals.arrivals,
    answeredByBot: run.classes.answered.completed,
    handedOff: run.classes['handed-off'].arrivals,
    officerHours: off.busyTime / 60,
    // No question handed off: no mean wait (NaN, `null` in JSON), not 0 hours.
    officerWaitHours: off.wait.count > 0 ? off.wait.mean / 60 : NaN,
    officerUtilisation: off.utilisation,
    gaveUp: run.classes['handed-off'].lost,
  };
  if (p.deflection === 'measured') {
    const m = measureHizir();
    // The paper: Hızır answers citizens' questions instantly, in writing.
    out.answersInstantly = m.p99Ms < 1000 && m.deflection > 0 ? 1 : 0;
    out.answerP99Ms = m.p99Ms;
    out.deflectionLow = m.deflectionLow;
    out.deflectionHigh = m.deflectionHigh;
  }
  return out;
}

export const hizirLoadModel: ServiceModel<HizirLoadParams> = {
  id: 'hizir-load',
  params: HizirLoadParams,
  // What waits in its queues is a question handed to an officer, not a citizen.
  customerUnit: { en: 'questions', tr: 'soru' },
  stationLabel: fixedStationLabels({
    bot: { en: 'Hızır chatbot', tr: 'Hızır sohbet botu' },
    officers: {
      en: 'Officers answering handed-off questions',
      tr: 'Aktarılan soruları yanıtlayan görevliler',
    },
  }),
  paramLabels: {
    questionsPerDay: {
      en: 'Questions reaching Hızır',
      tr: 'Hızır’a gelen soru',
      unit: 'questionsPerDay',
    },
    deflection: {
      en: 'Share Hızır answers without an officer (deflection)',
      tr: 'Hızır’ın görevliye aktarmadan yanıtladığı pay',
      unit: 'share',
    },
    officers: {
      en: 'Desk answering handed-off questions',
      tr: 'Aktarılan soruları yanıtlayan birim',
      unit: 'officers',
    },
  },
  build: (p, s) => buildHizirLoad(p, s),
  derive: (p, runs) => deriveHizirLoad(p, runs),
  // The deflection figure is the share the scenario gives (an input, the same in every
  // replication), or with `deflection: measured` the engine's share on its test questions,
  // measured outside the simulation, as its interval is.
  figureKindsFor: (p): Record<string, FigureKind> =>
    p.deflection === 'measured'
      ? { deflection: 'measured', deflectionLow: 'measured', deflectionHigh: 'measured' }
      : { deflection: 'input' },
  figures: {
    deflection: {
      unit: 'share',
      support: 'unitInterval',
      description: 'questions the bot answers without an officer',
    },
    questions: {
      kind: 'input',
      unit: 'questions',
      support: 'nonNegative',
      description: 'questions asked',
    },
    answeredByBot: { unit: 'questions', support: 'nonNegative', description: 'answered by Hızır' },
    handedOff: { unit: 'questions', support: 'nonNegative', description: 'handed to an officer' },
    officerHours: {
      unit: 'hours',
      support: 'nonNegative',
      description: 'officer hours on hand-offs',
    },
    officerWaitHours: {
      unit: 'hours',
      support: 'nonNegative',
      description: 'mean wait for an officer',
    },
    officerUtilisation: {
      unit: 'share',
      support: 'nonNegative',
      description: 'busy share of the officers',
    },
    gaveUp: {
      unit: 'questions',
      support: 'nonNegative',
      description: 'hand-offs that gave up waiting',
    },
    answersInstantly: {
      unit: '1 = yes',
      support: 'unitInterval',
      description: 'the engine answers with p99 under 1 s',
      timing: true,
    },
    answerP99Ms: {
      unit: 'ms',
      support: 'nonNegative',
      description: '99th percentile answer time of the engine',
      timing: true,
    },
    deflectionLow: {
      unit: 'share',
      support: 'unitInterval',
      description: 'measured deflection, 95% CI lower bound',
    },
    deflectionHigh: {
      unit: 'share',
      support: 'unitInterval',
      description: 'measured deflection, 95% CI upper bound',
    },
  },
  // The figures in Turkish, for the Lab in Turkish (each of `figures`, tested).
  figuresTr: {
    questions: { unit: 'soru', description: 'sorulan sorular' },
    answeredByBot: { unit: 'soru', description: 'Hızır’ın yanıtladıkları' },
    handedOff: { unit: 'soru', description: 'bir görevliye aktarılanlar' },
    deflection: { unit: 'pay', description: 'botun görevli olmadan yanıtladığı sorular' },
    officerHours: { unit: 'saat', description: 'aktarılan sorulardaki görevli saati' },
    officerWaitHours: { unit: 'saat', description: 'bir görevli için ortalama bekleme' },
    officerUtilisation: { unit: 'pay', description: 'görevlilerin meşgul payı' },
    gaveUp: { unit: 'soru', description: 'beklemekten vazgeçen aktarımlar' },
    answersInstantly: {
      unit: '1 = evet',
      description: 'motor 99. yüzdelikte 1 sn’nin altında yanıtlıyor',
    },
    answerP99Ms: { unit: 'ms', description: 'motorun 99. yüzdelik yanıt süresi' },
    deflectionLow: { unit: 'pay', description: 'ölçülen yanıtlama payı, %95 GA alt sınırı' },
    deflectionHigh: { unit: 'pay', description: 'ölçülen yanıtlama payı, %95 GA üst sınırı' },
  },
};
