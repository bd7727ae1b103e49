import type { NetworkModel } from '../sim/model';
import { ModelPlan } from '../sim/plan';
import { hashString } from '../sim/rng';
import type { PaymentChannel } from './dto/payment.dto';

/** Injection token of the payments network the live service runs (built by the composition root). */
export const PAYMENTS_NETWORK = Symbol('PAYMENTS_NETWORK');

/** The outcome the model gives a payment that is not declined. */
export const CAPTURED = 'captured';

/**
 * The acquirer's answer as the payments model gives it: each channel is a class of the
 * model's network (payments.model.ts), whose one step exits with `declined` at the model's
 * decline share. The live service draws that exit through ModelPlan, the kernel's own
 * per-customer draw, keyed by the payment attempt, so a retried capture job decides the same
 * way and a new attempt on the same reference (after a declined one expired) draws again.
 */
export class PaymentsFlow {
  private readonly plan: ModelPlan;

  constructor(readonly model: NetworkModel) {
    for (const id of [EVISA_FEE, CONSULAR_ONLINE, CONSULAR_COUNTER])
      if (!model.classes.some((c) => c.id === id))
        throw new Error(`payments flow: the payments network has no class '${id}'`);
    this.plan = new ModelPlan(model, 0, 1);
  }

  /** `captured`, or the model's exit outcome (`declined`), for one payment attempt. */
  outcome(reference: string, channel: PaymentChannel, attempt: string): string {
    const key = hashString(`${reference}\n${attempt}`) | 0;
    return this.plan.exitAfter(classOf(reference, channel), 0, key) ?? CAPTURED;
  }
}

const EVISA_FEE = 'evisa-fee';
const CONSULAR_ONLINE = 'consular-fee-online';
const CONSULAR_COUNTER = 'consular-fee-counter';

/** The model's class of a payment: counter payments at a mission, e-visa fees and consular fees online. */
export function classOf(reference: string, channel: PaymentChannel): string {
  if (channel === 'physical-pos') return CONSULAR_COUNTER;
  return reference.startsWith('ev_') ? EVISA_FEE : CONSULAR_ONLINE;
}
