import type { ConsularOperation } from '../config/reference-data';
import type { NetworkModel } from '../sim/model';
import { ModelPlan } from '../sim/plan';
import { hashString } from '../sim/rng';

/** Injection token of the Konsolosluk.NET network the live service runs (built by the composition root). */
export const KONSOLOSLUK_NETWORK = Symbol('KONSOLOSLUK_NETWORK');

/** The counter time of a visit as the model draws it. */
export interface CounterVisit {
  /** Transactions the citizen brings to the counter (the model's jobs per visit). */
  transactions: number;
  /** Officer minutes for all of them. */
  officerMinutes: number;
}

/**
 * A transaction at a mission as the Konsolosluk.NET model serves it (konsolosluk.model.ts): a
 * citizen's visit of the operation's service area, with an appointment when the operation
 * takes one, else a walk-in; the visit's transactions and their officer minutes at the
 * counter are the kernel's per-customer draws for that class (ModelPlan), keyed by the
 * transaction id, so a retried job serves the same way.
 */
export class KonsoloslukFlow {
  private readonly plan: ModelPlan;
  private readonly classes: Set<string>;

  constructor(readonly model: NetworkModel) {
    this.plan = new ModelPlan(model, 0, 1);
    this.classes = new Set(model.classes.map((c) => c.id));
  }

  /** The model's class of a transaction of this operation. */
  classOf(operation: ConsularOperation): string {
    const kind = operation.appointment === 'none' ? 'walk-in' : 'appointment';
    const id = `${operation.area}/${kind}`;
    if (!this.classes.has(id))
      throw new Error(`konsolosluk flow: the network has no class '${id}' for '${operation.id}'`);
    return id;
  }

  /** The counter visit a transaction opens. */
  serve(transactionId: string, operation: ConsularOperation): CounterVisit {
    const { jobs, duration } = this.plan.service(
      this.classOf(operation),
      0,
      hashString(transactionId) | 0,
    );
    return { transactions: jobs, officerMinutes: duration };
  }
}
