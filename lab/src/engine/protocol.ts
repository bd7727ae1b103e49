/** Messages between the Lab's page and its simulation workers (plain, structured-cloneable data). */
import type {
  ArmComparison,
  FigureBreakdown,
  FigureDeclaration,
  FigureTranslation,
  ParamUnit,
} from '../../../src/scenario/service-model';
import type { RunSummary, TimeSeries } from '../../../src/sim/summary';
import type { SketchCounts } from '../../../src/sim/stats';
import type { StationLabels } from '../../../src/scenario/station-labels';

export type ScenarioGroup = 'paper' | 'whatif' | 'audit' | 'teaching';

/** One editable value of a scenario, written back as a `--set path=value` override. */
export interface ParamField {
  /** The scenario key it sets, as `--set` takes it: `stations.desk.servers`. */
  path: string;
  /** paper | what-if panel section. */
  section: 'stations' | 'demand' | 'params' | 'run';
  /**
   * list: a YAML list as typed (a station's balking probabilities, `[0, 0.1, 0.3]`); mapping: a
   * YAML mapping as typed (a station's retrial rule, `{probability: 0.7, meanDelayMinutes: 30}`);
   * station: another station's id picked from `choices`, or empty for none (a station's overflow).
   */
  kind: 'int' | 'number' | 'share' | 'duration' | 'list' | 'mapping' | 'station';
  /** The value in the scenario as written (after extends). */
  value: number | string;
  min?: number;
  /** True when min itself is not allowed (greater than 0). */
  minExclusive?: boolean;
  max?: number;
  step?: number;
  /** Demand fields: the base rate, shown to the user as a multiplier of it. */
  multiplierOf?: number;
  /** Extra words for the label (a shift's days and hours, a rate's unit). */
  hint?: string;
  /** A model parameter's name for people, as its model declares it (see ServiceModel.paramLabels). */
  label?: { en: string; tr: string };
  unit?: ParamUnit;
  /**
   * A station field of kind station: the stations it may name (the scenario's others, in the
   * file's order), each with its label where the scenario gives one.
   */
  choices?: { id: string; label?: { en?: string; tr?: string } }[];
  /** A station's field: the station's label, in each language the scenario gives one. */
  stationLabel?: { en?: string; tr?: string };
  /**
   * Empty is none, not a blank to refuse (a station's queue limit, its retrial rule, its
   * overflow): the Lab
   * sends `--set path=` as it is, which removes the key, as a scenario without it has.
   */
  emptyIsNone?: boolean;
}

export interface CatalogueEntry {
  file: string;
  name: string;
  title: string;
  description: string;
  /** The question the scenario answers, from the file's `question:`. */
  question?: string;
  /** The title, description and question in Turkish, from the file's `translations.tr`. */
  tr?: { title: string; description: string; question?: string };
  group: ScenarioGroup;
}

export interface CheckResult {
  ok: boolean;
  /** The CLI's messages: `file: path: rule`. */
  errors: {
    /** The file the message names (`scenarios/x.yaml`), where it names one. */
    file?: string;
    path: string;
    rule: string;
    message: string;
    /** What the message says after the rule (`; note`), where it says more. */
    note?: string;
  }[];
  /** The document after `extends` and the overrides, as YAML (what would run). */
  yaml: string;
  replications: number;
  seed: number;
  horizonMinutes: number;
  warmupMinutes: number;
  /** Customers one replication is expected to bring, over all arms (from the arrival rates). */
  customers?: number;
}

export interface RunJob {
  file: string;
  set: string[];
  seed: number;
  replications: number;
  replication: number;
}

/** One replication's result: its flat metrics, and for replication 1 the detail the report charts. */
export interface ReplicationResult {
  replication: number;
  metrics: Record<string, number>;
  arms: string[];
  /** Its percentiles' sketches (flattenSketches), merged over replications for sectioning. */
  sketches?: Record<string, SketchCounts>;
  first?: {
    detail: Record<string, Omit<RunSummary, 'timeseries'>>;
    timeseries: Record<string, TimeSeries | undefined>;
    scenario: LabScenarioMeta;
    figures: Record<string, FigureDeclaration>;
    /** Each figure's unit and description in Turkish (ServiceModel.figuresTr), for the page. */
    figuresTr: Record<string, FigureTranslation>;
    /** Each station's label, its model's and its file's (src/scenario/station-labels.ts), for the page. */
    stationLabels: StationLabels;
    /** The unit of the model's customers (ServiceModel.customerUnit), for the page. */
    customerUnit?: { en: string; tr: string };
    /**
     * The scenario's assumptions in Turkish, one for each and in order, where its file gives
     * them (`translations.tr.assumptions`), for the page.
     */
    assumptionsTr?: { text: string; source?: string }[];
    /** The arm comparisons and breakdowns the model declares, as run --json gives them. */
    comparisons: ArmComparison[];
    breakdowns: FigureBreakdown[];
    /**
     * Each arm's offered load in theory, by station, where the model's numbers give it
     * (src/sim/offered-load.ts), for the saturation warning, as `run` judges it.
     */
    offeredLoads: Record<string, Record<string, number>>;
    /**
     * The share of its customers the run simulates one by one, where below 1 (run --json's
     * `sampledShare`: ServiceModel.sampledShare, e-visa's params.sampling).
     */
    sampledShare?: number;
  };
}

export interface LabScenarioMeta {
  name: string;
  title: string;
  description: string;
  file: string;
  model: string;
  horizonMinutes: number;
  warmupMinutes: number;
  assumptions: { text: string; source?: string }[];
  /** Present when the assumptions were written for other inputs than the run's. */
  assumptionsContext?: { writtenFor?: string; changed: string[] };
  document: Record<string, unknown>;
}

export type Request =
  | { id: number; type: 'fields'; file: string }
  | { id: number; type: 'check'; file: string; set: string[] }
  | { id: number; type: 'run'; job: RunJob }
  | {
      id: number;
      type: 'compare';
      a: Record<string, number[]>;
      b: Record<string, number[]>;
      paired: boolean;
      /** The model's derived figures: which of them are sketch percentiles. */
      figures?: Record<string, FigureDeclaration>;
      /**
       * Each percentile's pooled value in A and B where both runs estimated it by sectioning
       * (MetricEstimate.pooled): B − A is centred on their difference, as compare's.
       */
      centres?: Record<string, { a: number; b: number }>;
    }
  /** The kernel's speed on this browser: customers a second through a simple queue. */
  | { id: number; type: 'calibrate'; customers: number }
  | {
      id: number;
      type: 'mmc';
      lambda: number;
      mu: number;
      servers: number;
      customers: number;
      seed: number;
      replication: number;
    };

export type Response =
  | { id: number; type: 'progress'; fraction: number }
  | { id: number; type: 'ok'; value: unknown }
  | {
      id: number;
      type: 'error';
      message: string;
      errors?: CheckResult['errors'];
      /** The error was raised while the replication ran, not by the scenario's check. */
      runTime?: boolean;
    };
