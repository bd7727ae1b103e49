import type { NetworkModel } from '../sim/model';
import { ModelPlan } from '../sim/plan';
import { hashString } from '../sim/rng';
import { EVISA_JOBS, type EvisaJobName } from '../queue/queue-names';

/**
 * The e-visa flow as the live services see it: which step an application goes to next and
 * how it ends. The decisions come from a NetworkModel through ModelPlan, the same per-customer
 * draws the kernel makes, keyed by the application id (so a retried job decides the same way).
 *
 * The network is the e-visa model's digital arm, built before the app starts and injected
 * (EVISA_NETWORK): the service never reads a scenario file.
 */

/** Which job runs each station of the e-visa network. */
export const EVISA_STATION_JOBS: Readonly<Record<string, EvisaJobName>> = {
  screening: EVISA_JOBS.screening,
  review: EVISA_JOBS.manualReview,
  payment: EVISA_JOBS.payment,
  issuance: EVISA_JOBS.issuance,
};

/** Injection token of the e-visa network the live services run (see experiment/live-models.ts). */
export const EVISA_NETWORK = Symbol('EVISA_NETWORK');

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

  constructor(readonly model: NetworkModel) {
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
