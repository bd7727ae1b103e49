import { createSampler, type DistributionSpec } from './distributions';
import type { NetworkModel, StationModel, StepModel } from './model';
import { isBoundStation } from './routing';

/**
 * The offered load of each station of a network, computed exactly from the model's numbers
 * where queueing theory gives it: ρ = λ × E[S] ÷ c. λ sums, over the sources and the classes
 * they send, each source's rate × the class's share of its arrivals × the chance that a
 * customer of the class reaches the step (its own `probability`, after the `exit`s of the
 * steps before it); E[S] is the step's mean service time × its mean number of jobs; c the
 * station's fixed servers. A queue at ρ ≥ 1 has no steady state in theory, however its
 * run looks: at ρ = 1 exactly an M/M/c queue's load estimated from a finite run often
 * stays a little under 1, while its queue grows without bound (it is null-recurrent).
 *
 * A station is left out (its load is then estimated from a run's samples:
 * src/experiment/saturation.ts) wherever the model's numbers alone do not give its load:
 * - its servers change: a schedule of shifts, a closure of it (or of every station), or none
 *   at all (0 servers: nobody is served, and whether the queue grows hangs on its closePolicy);
 * - customers can leave it, or come to it, other than by their routes: a queueLimit, balking,
 *   retrials or an overflow at it, or an overflow from another station to it, or patience
 *   (reneging) at its step;
 * - any of those at a step before it on a route that reaches it, which thins the flow on;
 * - a source that reaches it is not a Poisson process without a limit (a profile, daily
 *   volumes, a trace, or a limit on its arrivals: their rate varies or ends);
 * - a step's mean number of jobs is not exact: the kernel serves max(1, round(x)) of a draw x
 *   (src/sim/decisions.ts), whose mean a continuous distribution's mean does not give.
 * Pure (no Node-only imports): the Lab computes it in the browser as `run` does.
 */
export function exactOfferedLoads(model: NetworkModel): Record<string, number> {
  const stations = new Map(model.stations.map((st) => [st.id, st]));
  const classes = new Map(model.classes.map((c) => [c.id, c]));
  const overflowTargets = new Set(model.stations.map((st) => st.overflow));
  const closures = model.calendar?.closures ?? [];
  const closed = (id: string) => closures.some((c) => !c.stations || c.stations.includes(id));
  const exactStation = (st: StationModel) =>
    st.schedule === undefined &&
    Number.isInteger(st.servers ?? 1) &&
    (st.servers ?? 1) > 0 &&
    !closed(st.id) &&
    !changesFlow(st) &&
    !overflowTargets.has(st.id);
  const work = new Map<string, number>();
  const refused = new Set<string>();
  for (const st of model.stations) if (!exactStation(st)) refused.add(st.id);
  for (const src of model.sources) {
    const mix = typeof src.class === 'string' ? { [src.class]: 1 } : src.class;
    const total = Object.values(mix).reduce((sum, w) => sum + w, 0);
    const a = src.arrivals;
    const rate =
      a.kind === 'poisson' && src.limit === undefined && Number.isFinite(a.rate) && a.rate >= 0
        ? a.rate
        : NaN;
    for (const [id, weight] of Object.entries(mix)) {
      const cls = classes.get(id);
      if (!cls) continue;
      let reach = (rate * weight) / total;
      for (const step of cls.route) {
        const st = stations.get(stationOf(step, src.bind));
        if (!st) {
          reach = NaN;
          continue;
        }
        if (!exactStation(st) || (step.patience ?? cls.patience) !== undefined) reach = NaN;
        const visits = reach * (step.probability ?? 1);
        const service = meanServiceTime(step);
        if (!Number.isFinite(visits) || service === undefined) refused.add(st.id);
        else work.set(st.id, (work.get(st.id) ?? 0) + visits * service);
        reach -= visits * (step.exit?.probability ?? 0);
      }
    }
  }
  const out: Record<string, number> = {};
  for (const st of model.stations)
    if (!refused.has(st.id)) out[st.id] = (work.get(st.id) ?? 0) / (st.servers ?? 1);
  return out;
}

/**
 * exactOfferedLoads of each arm, by arm and station; an arm whose network does not build its
 * samplers (the run itself says why) gives none.
 */
export function exactOfferedLoadsOfArms(
  arms: Record<string, NetworkModel>,
): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const [arm, model] of Object.entries(arms)) {
    try {
      out[arm] = exactOfferedLoads(model);
    } catch {
      out[arm] = {};
    }
  }
  return out;
}

/** Whether a station's own rules turn customers away, send them on or bring them back. */
function changesFlow(st: StationModel): boolean {
  return (
    (st.queueLimit !== undefined && st.queueLimit !== Infinity) ||
    st.balking !== undefined ||
    st.retrial !== undefined ||
    st.overflow !== undefined
  );
}

function stationOf(step: StepModel, bind: Record<string, string> | undefined): string {
  return isBoundStation(step.station) ? (bind?.[step.station.slice(1)] ?? '') : step.station;
}

/** A step's mean service time: one job's × the mean number of jobs; undefined where not exact. */
function meanServiceTime(step: StepModel): number | undefined {
  const jobs = step.jobs === undefined ? 1 : meanJobs(step.jobs);
  if (jobs === undefined) return undefined;
  const mean = createSampler(step.service).mean;
  return Number.isFinite(mean) ? mean * jobs : undefined;
}

/**
 * The mean number of jobs the kernel serves for a step's `jobs`, max(1, round(x)) of each draw
 * x (src/sim/decisions.ts), where a count's distribution gives it exactly (a constant, an
 * empirical or discrete list, a mixture of those); undefined otherwise.
 */
export function meanJobs(spec: DistributionSpec | number): number | undefined {
  const count = (x: number) => Math.max(1, Math.round(x));
  if (typeof spec === 'number') return count(spec);
  const weighted = (values: (number | undefined)[], weights: number[]) => {
    const total = weights.reduce((s, w) => s + w, 0);
    let sum = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === undefined) return undefined;
      if (weights[i] > 0) sum += (weights[i] / total) * v;
    }
    return sum;
  };
  switch (spec.dist) {
    case 'constant':
      return count(spec.value);
    case 'empirical':
      return weighted(
        spec.values.map(count),
        spec.values.map(() => 1),
      );
    case 'discrete':
      return weighted(spec.values.map(count), spec.weights);
    case 'mixture':
      return weighted(spec.components.map(meanJobs), spec.weights);
    default:
      return undefined;
  }
}
