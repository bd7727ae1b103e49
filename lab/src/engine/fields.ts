/**
 * The parameter panel's fields, generated from a loaded scenario: servers per station (or
 * per shift), demand per source, the service model's numeric parameters with the limits its
 * parameter class declares, and the run's horizon and replications. Runs in the worker,
 * next to the schema classes.
 */
import { getMetadataStorage } from 'class-validator';
import type { Scenario } from '../../../src/scenario/scenario.loader';
import { getServiceModel } from '../../../src/experiment/models';
import { paramLabelOf, type ParamLabel } from '../../../src/scenario/service-model';
import { measureHizir } from '../../../src/hizir/hizir-load.model';
import { MAX_REPLICATIONS, MAX_SEED } from '../../../src/scenario/limits';
import type { ParamField } from './protocol';
import { stationLabelsOf } from '../labels';

const SHARE_KEY = /share|deflection|probability/i;
const WHOLE_KEY = /servers|officers|slots|terminals|workers|^max/i;

interface Limits {
  min?: number;
  max?: number;
  minExclusive?: boolean;
  whole?: boolean;
}

/** Limits a parameter class declares with @Min, @Max and @IsInt, by property name. */
function declaredLimits(cls: unknown): Map<string, Limits> {
  const out = new Map<string, Limits>();
  if (typeof cls !== 'function') return out;
  const metas = getMetadataStorage().getTargetValidationMetadatas(
    cls as new () => object,
    '',
    true,
    false,
  );
  for (const m of metas) {
    const l = out.get(m.propertyName) ?? {};
    const c = (m.constraints ?? [])[0] as unknown;
    if (m.name === 'min' && typeof c === 'number') {
      l.min = c === Number.MIN_VALUE ? 0 : c;
      l.minExclusive = c === Number.MIN_VALUE;
    }
    if (m.name === 'max' && typeof c === 'number') l.max = c;
    if (m.name === 'isInt') l.whole = true;
    if (m.name === 'isShareOrMeasured') {
      l.min = 0;
      l.max = 1;
    }
    out.set(m.propertyName, l);
  }
  return out;
}

function isDistribution(v: unknown): boolean {
  return typeof v === 'object' && v !== null && 'dist' in v;
}

function numericField(
  path: string,
  key: string,
  value: number,
  limits: Limits | undefined,
  label?: ParamLabel,
): ParamField {
  const share =
    label?.unit === 'share' ||
    SHARE_KEY.test(key) ||
    (limits?.max === 1 && (limits.min ?? 0) === 0);
  const whole = limits?.whole || (WHOLE_KEY.test(key) && Number.isInteger(value));
  return {
    path,
    section: 'params',
    kind: share ? 'share' : whole ? 'int' : 'number',
    value,
    min: limits?.min ?? (share ? 0 : 0),
    minExclusive: limits?.minExclusive,
    max: limits?.max ?? (share ? 1 : undefined),
    step: share ? 0.01 : whole ? 1 : undefined,
    ...(label && { label: { en: label.en, tr: label.tr }, unit: label.unit }),
  };
}

/**
 * A retrial rule as one YAML flow mapping, its keys in the order the docs give them
 * (`{probability: 0.7, meanDelayMinutes: 30, maxRetries: 3}`); a key the rule does not know is
 * kept after them, for the loader to name.
 */
function retrialText(rule: Record<string, unknown>): string {
  const order = ['probability', 'meanDelayMinutes', 'maxRetries'];
  const keys = [
    ...order.filter((k) => Object.hasOwn(rule, k)),
    ...Object.keys(rule).filter((k) => !order.includes(k)),
  ];
  return `{${keys.map((k) => `${k}: ${JSON.stringify(rule[k])}`).join(', ')}}`;
}

/** A shift's `dates: {from, to}` as `2020-03-09–2020-03-22`, or empty where it has none. */
function shiftDates(dates: unknown): string {
  if (typeof dates !== 'object' || dates === null) return '';
  const { from, to } = dates as { from?: unknown; to?: unknown };
  return typeof from === 'string' && typeof to === 'string' ? `${from}–${to}` : '';
}

export function fieldsOf(scenario: Scenario): ParamField[] {
  const fields: ParamField[] = [];
  const doc = scenario.document as Record<string, unknown>;
  if (scenario.model === 'network') {
    const stations = (doc.stations ?? {}) as Record<string, Record<string, unknown>>;
    const labels = stationLabelsOf(doc);
    for (const [id, st] of Object.entries(stations)) {
      const stationLabel = Object.hasOwn(labels, id) ? { stationLabel: labels[id] } : {};
      if (typeof st.servers === 'number')
        fields.push({
          path: `stations.${id}.servers`,
          section: 'stations',
          kind: 'int',
          value: st.servers,
          min: 0,
          step: 1,
          ...stationLabel,
        });
      if (Array.isArray(st.schedule))
        st.schedule.forEach((shift: Record<string, unknown>, i: number) => {
          if (typeof shift.servers === 'number')
            fields.push({
              path: `stations.${id}.schedule.${i}.servers`,
              section: 'stations',
              kind: 'int',
              value: shift.servers,
              min: 0,
              step: 1,
              hint: [
                Array.isArray(shift.days) ? shift.days.join(',') : '',
                shift.from && shift.to ? `${String(shift.from)}-${String(shift.to)}` : '',
                // A shift for some dates only says which (shifts alike but for their dates, as
                // paper-evacuation-2020's seats, would otherwise read, and be named, alike).
                shiftDates(shift.dates),
              ]
                .filter(Boolean)
                .join(' '),
              ...stationLabel,
            });
        });
      // The queue limit, or empty for none (as a scenario without one has): arrivals who find
      // this many waiting balk. Before the balking rule, which acts below the limit, and the
      // retrial rule, which acts on both. The loader checks what is typed, as `run --set
      // stations.<id>.queueLimit=20` does; a limit typed here lets a retrial rule act.
      fields.push({
        path: `stations.${id}.queueLimit`,
        section: 'stations',
        kind: 'int',
        value: typeof st.queueLimit === 'number' ? st.queueLimit : '',
        min: 0,
        step: 1,
        emptyIsNone: true,
        ...stationLabel,
      });
      // Balking by choice, as the file writes it (a YAML list), or empty for none: the loader
      // checks what is typed (`--set stations.<id>.balking.probabilities=[0, 0.1]`) by its rules.
      const balking = st.balking as { probabilities?: unknown } | undefined;
      const probabilities = Array.isArray(balking?.probabilities) ? balking.probabilities : [];
      fields.push({
        path: `stations.${id}.balking.probabilities`,
        section: 'stations',
        kind: 'list',
        value: probabilities.length ? `[${probabilities.map(String).join(', ')}]` : '',
        ...stationLabel,
      });
      // Retrials, as the file writes the rule (a YAML mapping), or empty for none, at every
      // station. A rule acts only where someone is turned away (a queueLimit or a balking rule),
      // but either may come from the fields above, a what-if or a shared link: offered
      // only where the file had one, the field was missing once a balking rule was typed, and a
      // link's rule had no field to show its error or be cleared in. Where nobody is turned
      // away the loader refuses the rule as having no effect, as `run --set` does; the hint says so.
      const retrial = st.retrial as Record<string, unknown> | null | undefined;
      fields.push({
        path: `stations.${id}.retrial`,
        section: 'stations',
        kind: 'mapping',
        value: retrial ? retrialText(retrial) : '',
        emptyIsNone: true,
        ...stationLabel,
      });
      // The overflow: the station that serves, in its place, those who find this one's queue at
      // its limit, picked among the scenario's other stations, or none (they are lost). Offered
      // wherever there is another station to send them to (the field list does not depend on
      // what is typed, as the retrial rule's), and where the file gives one, so that a mistake
      // in it has a field to be shown beside and cleared in. The loader checks the choice, as
      // `run --set stations.<id>.overflow=back-office` does: a station without a queue limit,
      // with a retrial rule, or a chain of overflows that comes back on itself is refused by
      // its rules (src/scenario/scenario.loader.ts overflowViolations).
      const others = Object.keys(stations).filter((other) => other !== id);
      const overflow = st.overflow;
      if (others.length || (overflow !== undefined && overflow !== null))
        fields.push({
          path: `stations.${id}.overflow`,
          section: 'stations',
          kind: 'station',
          value: typeof overflow === 'string' ? overflow : '',
          choices: others.map((other) =>
            Object.hasOwn(labels, other) ? { id: other, label: labels[other] } : { id: other },
          ),
          emptyIsNone: true,
          ...stationLabel,
        });
    }
    const sources = (doc.sources ?? {}) as Record<string, { arrivals?: Record<string, unknown> }>;
    for (const [id, src] of Object.entries(sources)) {
      const a = src.arrivals ?? {};
      const key = ['rate', 'perHour', 'perDay', 'total'].find((k) => typeof a[k] === 'number');
      if (key)
        fields.push({
          path: `sources.${id}.arrivals.${key}`,
          section: 'demand',
          kind: 'number',
          value: a[key] as number,
          min: 0,
          minExclusive: true,
          step: 0.05,
          multiplierOf: a[key] as number,
          hint: key,
        });
    }
  } else {
    const model = getServiceModel(scenario.model);
    const limits = declaredLimits(model.params);
    const params = scenario.params;
    const seen = new Set<string>();
    const labelOf = (path: string) =>
      paramLabelOf(model.paramLabels, path.replace(/^params\./, ''));
    const walk = (node: Record<string, unknown>, prefix: string, depth: number) => {
      for (const [key, v] of Object.entries(node)) {
        const path = `${prefix}.${key}`;
        const top = depth === 0 ? limits.get(key) : undefined;
        if (typeof v === 'number') {
          fields.push(numericField(path, key, v, top, labelOf(path)));
          seen.add(path);
        } else if (v === 'measured' && key === 'deflection') {
          const measured = Math.round(measureHizir().deflection * 1000) / 1000;
          fields.push({
            ...numericField(path, key, measured, top, labelOf(path)),
            hint: 'measured',
          });
          seen.add(path);
        } else if (
          typeof v === 'object' &&
          v !== null &&
          !Array.isArray(v) &&
          !isDistribution(v) &&
          depth < 2
        ) {
          walk(v as Record<string, unknown>, path, depth + 1);
        }
      }
    };
    walk(params, 'params', 0);
    // Optional factors the model accepts but the scenario leaves at their default (1).
    for (const [key, l] of limits) {
      if (!seen.has(`params.${key}`) && /Factor$/.test(key))
        fields.push({
          ...numericField(`params.${key}`, key, 1, l, labelOf(`params.${key}`)),
          section: 'demand',
        });
    }
    for (const f of fields) {
      if (/demandFactor|volumeFactor|surge|questionsPerDay|citizens/.test(f.path))
        f.section = 'demand';
      if (/staffFactor|capacityFactor|officers|servers|slots|terminals/.test(f.path))
        f.section = 'stations';
      // Officer minutes per operation: neither demand nor staff.
      if (f.path === 'params.minutesFactor') f.section = 'params';
    }
  }
  fields.push(
    {
      path: 'horizon',
      section: 'run',
      kind: 'duration',
      value: String(doc.horizon ?? ''),
    },
    // The warm-up is checked against the horizon ("horizon: must be longer than warmup (…)" when
    // the horizon was changed): a user who shortens the horizon must be able to see and change it.
    {
      path: 'warmup',
      section: 'run',
      kind: 'duration',
      value: String(doc.warmup ?? 0),
    },
    {
      path: 'replications',
      section: 'run',
      kind: 'int',
      value: scenario.replications,
      min: 1,
      max: MAX_REPLICATIONS,
      step: 1,
    },
    {
      path: 'seed',
      section: 'run',
      kind: 'int',
      value: scenario.seed,
      min: 0,
      max: MAX_SEED,
      step: 1,
    },
  );
  return fields;
}
