import type { NetworkModel } from '../sim/network';
import { ModelPlan } from '../sim/plan';
import { hashString } from '../sim/rng';
import { EVISA_JOBS, type EvisaJobName } from '../queue/queue-names';

/**
 * The e-visa flow as the live services see it: which step an application goes to next and
 * how it ends. The decisions come from a NetworkModel through ModelPlan, the same per-customer
 * draws the kernel makes, keyed by the application id (so a retried job decides the same way).
 *
 * The stand-in network mirrors the stations of evisa.model.ts (screening → review → payment →
 * issuance) with the paper scenario's shares; `EvisaFlow.fromModel()` takes the model's own
 * digital arm instead.
 */

/** Which job runs each station of the e-visa network. */
export const EVISA_STATION_JOBS: Readonly<Record<string, EvisaJobName>> = {
  screening: EVISA_JOBS.screening,
  review: EVISA_JOBS.manualReview,
  payment: EVISA_JOBS.payment,
  issuance: EVISA_JOBS.issuance,
};

/**
 * Assumption (stand-in until the model's arm is wired): 2% refused by screening, 10% flagged,
 * 20% of those refused; servers sized so a 50,000-application peak day (evisa.peak_day_issued)
 * runs at about 60-70% utilisation.
 */
export function standInEvisaNetwork(): NetworkModel {
  return {
    name: 'evisa-flow',
    stations: [
      { id: 'screening', servers: 30 },
      { id: 'review', servers: 65 },
      { id: 'payment', servers: 110 },
      { id: 'issuance', servers: 12 },
    ],
    classes: [
      {
        id: 'applicant',
        route: [
          {
            id: 'screening',
            station: 'screening',
            service: { dist: 'lognormal', mean: 0.5, cv: 0.5 },
            exit: { probability: 0.02, outcome: 'refused' },
          },
          {
            id: 'review',
            station: 'review',
            service: { dist: 'lognormal', mean: 12, cv: 0.5 },
            probability: 0.1,
            exit: { probability: 0.2, outcome: 'refused' },
          },
          { id: 'payment', station: 'payment', service: { dist: 'lognormal', mean: 2, cv: 0.5 } },
          { id: 'issuance', station: 'issuance', service: { dist: 'constant', value: 0.2 } },
        ],
      },
    ],
    sources: [{ id: 'applicants', class: 'applicant', arrivals: { kind: 'poisson', rate: 1 } }],
  };
}

export interface EvisaStep {
  index: number;
  job: EvisaJobName;
  /** Modelled service minutes of this application at the step. */
  minutes: number;
}

export type EvisaNext = { step: EvisaStep } | { outcome: string };

export class EvisaFlow {
  private readonly plan: ModelPlan;
  private readonly classId: string;

  constructor(readonly model: NetworkModel = standInEvisaNetwork()) {
    this.plan = new ModelPlan(model, 0, 1);
    this.classId = model.classes[0].id;
    for (const step of model.classes[0].route) {
      if (!EVISA_STATION_JOBS[step.station])
        throw new Error(
          `e-visa flow: no job for station '${step.station}' (see EVISA_STATION_JOBS)`,
        );
    }
  }

  /** The first step after intake. */
  first(applicationId: string): EvisaNext {
    return this.from(applicationId, 0);
  }

  /** What follows step `index`: the next step, or the outcome. */
  after(applicationId: string, index: number): EvisaNext {
    const key = keyOf(applicationId);
    const exit = this.plan.exitAfter(this.classId, index, key);
    if (exit) return { outcome: exit };
    return this.from(applicationId, index + 1);
  }

  private from(applicationId: string, index: number): EvisaNext {
    const key = keyOf(applicationId);
    const next = this.plan.nextStep(this.classId, index, key);
    if (next < 0) return { outcome: 'issued' };
    const station = this.plan.stationOf(this.classId, next, 'applicants');
    return {
      step: {
        index: next,
        job: EVISA_STATION_JOBS[station],
        minutes: this.plan.service(this.classId, next, key).duration,
      },
    };
  }
}

function keyOf(applicationId: string): number {
  return hashString(applicationId) | 0;
}
