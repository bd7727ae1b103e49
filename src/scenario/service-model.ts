import type { ClassConstructor } from 'class-transformer';
import type { NetworkModel } from '../sim/model';
import type { RunSummary } from '../sim/summary';
import type { Scenario } from './scenario.loader';

/**
 * A service's process model as the scenario runner sees it: parameters (a
 * class-validator class), the queueing networks they build, and the figures
 * derived from a replication's results. Pure: no Nest, no Redis, no I/O.
 *
 * A model may build several arms (say, digital and manual) that run with the
 * same seed in each replication, so their differences are paired comparisons.
 */
export interface ServiceModel<P extends object = object> {
  id: string;
  params: ClassConstructor<P>;
  build(params: P, scenario: Scenario): Record<string, NetworkModel>;
  /** Figures from one replication, computed from what the arms simulated. */
  derive?(params: P, runs: Record<string, RunSummary>, scenario: Scenario): Record<string, number>;
  /** Whether `derive` reads every replication's time series (by default only the first keeps one). */
  usesTimeseries?(params: P): boolean;
  /** Describes derived figures: unit and meaning, for tables and reports. */
  figures?: Record<string, { unit: string; description: string }>;
}
