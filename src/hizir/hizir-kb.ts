import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { compileAbbreviations, type Abbreviation } from './hizir-abbreviations';
import type { HizirLang } from './turkish-text';

/**
 * Hızır's knowledge base. Operation entries are WRITTEN FROM the Konsolosluk.NET catalogue
 * (config/konsolosluk/*.yaml) every time the engine loads, so documents, fees and the
 * online/appointment flags cannot drift from it; config/hizir/ only adds phrasings,
 * synonyms, general consular answers and out-of-scope topics.
 */

export interface CatalogueFee {
  amount: number;
  currency: string;
}

/** required: served only by appointment; optional: walk-ins accepted; none: no appointment. */
export type CatalogueAppointment = 'required' | 'optional' | 'none';

export interface CatalogueOperation {
  id: string;
  area: string;
  name_tr: string;
  name_en: string;
  fee: CatalogueFee;
  /** Can be started online on konsolosluk.gov.tr (the counter visit may still be needed). */
  online: boolean;
  appointment: CatalogueAppointment;
  documents_en: string[];
  documents_tr: string[];
  description_en: string;
  description_tr: string;
  keywords_tr: string[];
  keywords_en: string[];
  /** Relative frequency among all transactions (an assumption of the catalogue); 0 when absent. */
  share: number;
}

export interface CatalogueArea {
  id: string;
  name_tr?: string;
  name_en?: string;
}

export interface Catalogue {
  areas: CatalogueArea[];
  operations: CatalogueOperation[];
}

/** Hand-written extras for one entry (operation or general question). */
export interface FaqEntry {
  questions_tr?: string[];
  questions_en?: string[];
  keywords_tr?: string[];
  keywords_en?: string[];
}

export interface GeneralFaqEntry extends FaqEntry {
  id: string;
  area: string;
  answer_tr: string;
  answer_en: string;
}

export interface FaqFile {
  general: GeneralFaqEntry[];
  operations: Record<string, FaqEntry>;
}

export interface OutOfScopeTopic {
  id: string;
  examples_tr?: string[];
  examples_en?: string[];
  keywords_tr?: string[];
  keywords_en?: string[];
}

export type KbEntryKind = 'operation' | 'general' | 'out-of-scope';

/** One retrievable text with the weight its words carry (titles count more than lists). */
export interface KbField {
  text: string;
  weight: number;
  /** Language of the text, when known: feeds language detection from vocabulary. */
  lang?: HizirLang;
}

export interface KbEntry {
  id: string;
  kind: KbEntryKind;
  /** Catalogue area id, 'general' for ministry-wide questions, null for out-of-scope topics. */
  area: string | null;
  operationId: string | null;
  fields: KbField[];
  answer: Record<HizirLang, string>;
  /** Short name used in low-confidence hand-offs ("did you mean …?"). */
  title: Record<HizirLang, string>;
  sources: string[];
  /** An operation's fee and its share of all transactions, from the catalogue: what a question
   * about fees that names no operation is offered (hizir-fees.ts). */
  fee?: CatalogueFee;
  share?: number;
  /** An operation's names and keywords in both languages, from the catalogue and faq.yaml: what
   * a fee question names the operation by ("geçici pasaport harcı", hizir.engine.ts); a general
   * entry's keywords (faq.yaml). */
  names?: string[];
  /** An operation's area name, from the catalogue. */
  areaName?: Record<HizirLang, string>;
}

export interface KnowledgeBase {
  entries: KbEntry[];
  /** Groups of interchangeable words or phrases, from config/hizir/synonyms.yaml. */
  synonyms: string[][];
  /** Area names in both languages (fields shared by every operation of an area). */
  areaNames?: string[];
  /** Short forms read as the words they stand for, from config/hizir/synonyms.yaml
   * (hizir-abbreviations.ts). */
  abbreviations?: Abbreviation[];
}

/** Field weights: assumption, set by judgement — a name says more than a keyword, a keyword
 * more than a description, and a document list mentions many topics in passing. */
export const FIELD_WEIGHT = {
  name: 3,
  question: 2,
  keyword: 2,
  description: 1,
  documents: 0.3,
} as const;

/** Where the consular web portal lives; every desk answer points there for appointments. */
export const PORTAL = 'konsolosluk.gov.tr';

function list(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * Parses a YAML file. The yaml module loads on first use: `consular-sim ask` normally starts from
 * the build's snapshot (hizir-snapshot.ts) and then parses no YAML at all.
 */
export function readYaml(path: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy, see above
  const { parse } = require('yaml') as typeof import('yaml');
  return parse(readFileSync(path, 'utf8'));
}

/** Accepts either a bare list or `{ key: [...] }`, as catalogue files are written either way. */
function asList(doc: unknown, key: string): Record<string, unknown>[] {
  const raw = Array.isArray(doc)
    ? doc
    : doc && typeof doc === 'object'
      ? (doc as Record<string, unknown>)[key]
      : undefined;
  if (!Array.isArray(raw)) throw new Error(`catalogue: expected a list of ${key}`);
  return raw as Record<string, unknown>[];
}

export function formatFeeAmount(amount: number): string {
  return Number.isInteger(amount) ? String(amount) : amount.toFixed(2);
}

function parseAppointment(value: unknown, id: string): CatalogueAppointment {
  if (value === 'required' || value === 'optional' || value === 'none') return value;
  if (value === true) return 'required';
  if (value === false || value === undefined) return 'none';
  throw new Error(`catalogue: operation ${id} has appointment ${String(value)}`);
}

/** Parses the Konsolosluk.NET catalogue files under `configDir/konsolosluk/`. */
export function loadCatalogue(configDir: string): Catalogue {
  const dir = join(configDir, 'konsolosluk');
  const areas = asList(readYaml(join(dir, 'areas.yaml')), 'areas').map((a) => ({
    id: String(a.id),
    name_tr: typeof a.name_tr === 'string' ? a.name_tr : undefined,
    name_en: typeof a.name_en === 'string' ? a.name_en : undefined,
  }));
  const operations = asList(readYaml(join(dir, 'operations.yaml')), 'operations').map((o) => {
    const fee = (o.fee ?? {}) as Record<string, unknown>;
    const op: CatalogueOperation = {
      id: String(o.id),
      area: String(o.area),
      name_tr: String(o.name_tr ?? o.id),
      name_en: String(o.name_en ?? o.id),
      fee: { amount: Number(fee.amount ?? 0), currency: String(fee.currency ?? '') },
      online: o.online === true,
      appointment: parseAppointment(o.appointment, String(o.id)),
      documents_en: list(o.documents_en),
      documents_tr: list(o.documents_tr),
      description_en: String(o.description_en ?? ''),
      description_tr: String(o.description_tr ?? ''),
      keywords_tr: list(o.keywords_tr),
      keywords_en: list(o.keywords_en),
      share: Number(o.share ?? 0),
    };
    return op;
  });
  return { areas, operations };
}

const APPOINTMENT_TEXT: Record<CatalogueAppointment, Record<HizirLang, string>> = {
  required: {
    tr: `Randevu: zorunlu; ${PORTAL} üzerinden randevu alınız.`,
    en: `Appointment: required; book it at ${PORTAL}.`,
  },
  optional: {
    tr: `Randevu: zorunlu değil, randevusuz da başvurulabilir; ${PORTAL} üzerinden randevu alarak beklemeden işlem yaptırabilirsiniz.`,
    en: `Appointment: optional, walk-ins are accepted; booking at ${PORTAL} avoids waiting.`,
  },
  none: {
    tr: 'Randevu: gerekmiyor.',
    en: 'Appointment: not needed.',
  },
};

/** Writes the answer for one operation from its catalogue record, in one language. */
export function operationAnswer(op: CatalogueOperation, lang: HizirLang): string {
  const free = op.fee.amount <= 0;
  const fee = `${formatFeeAmount(op.fee.amount)} ${op.fee.currency}`.trim();
  if (lang === 'tr') {
    const docs =
      op.documents_tr.length > 0 ? op.documents_tr.join('; ') : 'özel bir belge istenmiyor';
    const parts = [
      `${op.name_tr}: ${op.description_tr}`.trim(),
      `Gerekli belgeler: ${docs}.`,
      free ? 'Ücret: harç alınmıyor (ücretsiz).' : `Ücret: ${fee}.`,
      op.online
        ? `Başvuru: ${PORTAL} üzerinden çevrim içi başlatılabilir (ön başvuru, randevu veya belge yükleme); işlem bağlı olduğunuz büyükelçilik ya da başkonsoloslukta tamamlanır.`
        : 'Başvuru: çevrim içi yapılamaz; bağlı olduğunuz büyükelçilik veya başkonsolosluğa şahsen başvurulur.',
      APPOINTMENT_TEXT[op.appointment].tr,
    ];
    return parts.join(' ');
  }
  const docs = op.documents_en.length > 0 ? op.documents_en.join('; ') : 'no specific documents';
  const parts = [
    `${op.name_en}: ${op.description_en}`.trim(),
    `Documents: ${docs}.`,
    free ? 'Fee: none (free of charge).' : `Fee: ${fee}.`,
    op.online
      ? `How to apply: start online at ${PORTAL} (pre-application, appointment or document upload); the operation is completed at the Turkish embassy or consulate general responsible for where you live.`
      : 'How to apply: not online; apply in person at the Turkish embassy or consulate general responsible for where you live.',
    APPOINTMENT_TEXT[op.appointment].en,
  ];
  return parts.join(' ');
}

function fieldsOf(texts: string[], weight: number, lang: HizirLang): KbField[] {
  return texts.map((text) => ({ text, weight, lang }));
}

function extraFields(e: FaqEntry): KbField[] {
  return [
    ...fieldsOf(list(e.keywords_tr), FIELD_WEIGHT.keyword, 'tr'),
    ...fieldsOf(list(e.keywords_en), FIELD_WEIGHT.keyword, 'en'),
    ...fieldsOf(list(e.questions_tr), FIELD_WEIGHT.question, 'tr'),
    ...fieldsOf(list(e.questions_en), FIELD_WEIGHT.question, 'en'),
  ];
}

/** Builds the knowledge base from the catalogue plus the hand-written extras. Pure. */
export function buildKnowledgeBase(
  catalogue: Catalogue,
  faq: FaqFile,
  synonyms: string[][],
  outOfScope: OutOfScopeTopic[],
  abbreviations: Abbreviation[] = [],
): KnowledgeBase {
  const areaIds = new Set(catalogue.areas.map((a) => a.id));
  const areaName = new Map(catalogue.areas.map((a) => [a.id, a]));
  const entries: KbEntry[] = [];
  for (const op of catalogue.operations) {
    const extra = faq.operations[op.id] ?? {};
    const area = areaName.get(op.area);
    const fields: KbField[] = [
      { text: op.name_tr, weight: FIELD_WEIGHT.name, lang: 'tr' },
      { text: op.name_en, weight: FIELD_WEIGHT.name, lang: 'en' },
      ...fieldsOf([...op.keywords_tr, ...list(extra.keywords_tr)], FIELD_WEIGHT.keyword, 'tr'),
      ...fieldsOf([...op.keywords_en, ...list(extra.keywords_en)], FIELD_WEIGHT.keyword, 'en'),
      ...fieldsOf(list(extra.questions_tr), FIELD_WEIGHT.question, 'tr'),
      ...fieldsOf(list(extra.questions_en), FIELD_WEIGHT.question, 'en'),
      { text: op.description_tr, weight: FIELD_WEIGHT.description, lang: 'tr' },
      { text: op.description_en, weight: FIELD_WEIGHT.description, lang: 'en' },
      { text: area?.name_tr ?? '', weight: FIELD_WEIGHT.description, lang: 'tr' },
      { text: area?.name_en ?? '', weight: FIELD_WEIGHT.description, lang: 'en' },
      { text: op.documents_tr.join(' . '), weight: FIELD_WEIGHT.documents, lang: 'tr' },
      { text: op.documents_en.join(' . '), weight: FIELD_WEIGHT.documents, lang: 'en' },
    ];
    entries.push({
      id: op.id,
      kind: 'operation',
      area: op.area,
      operationId: op.id,
      fields,
      answer: { tr: operationAnswer(op, 'tr'), en: operationAnswer(op, 'en') },
      title: { tr: op.name_tr, en: op.name_en },
      sources: [`config/konsolosluk/operations.yaml#${op.id}`],
      fee: op.fee,
      share: op.share,
      names: [
        op.name_tr,
        op.name_en,
        ...op.keywords_tr,
        ...op.keywords_en,
        ...list(extra.keywords_tr),
        ...list(extra.keywords_en),
      ],
      areaName: { tr: area?.name_tr ?? op.area, en: area?.name_en ?? op.area },
    });
  }
  for (const id of Object.keys(faq.operations)) {
    if (!catalogue.operations.some((op) => op.id === id)) {
      throw new Error(`config/hizir/faq.yaml: operations.${id} is not in the catalogue`);
    }
  }
  for (const g of faq.general) {
    if (g.area !== 'general' && !areaIds.has(g.area)) {
      throw new Error(`config/hizir/faq.yaml: general entry ${g.id} has unknown area ${g.area}`);
    }
    entries.push({
      id: g.id,
      kind: 'general',
      area: g.area,
      operationId: null,
      fields: extraFields(g),
      answer: { tr: g.answer_tr.trim(), en: g.answer_en.trim() },
      title: { tr: list(g.questions_tr)[0] ?? g.id, en: list(g.questions_en)[0] ?? g.id },
      sources: [`config/hizir/faq.yaml#${g.id}`],
      // What a message names the entry by ("e-visa", "do I need a visa"): then it names no
      // area alone (hizir-areas.ts).
      names: [...list(g.keywords_tr), ...list(g.keywords_en)],
    });
  }
  for (const t of outOfScope) {
    entries.push({
      id: t.id,
      kind: 'out-of-scope',
      area: null,
      operationId: null,
      fields: extraFields({
        keywords_tr: t.keywords_tr,
        keywords_en: t.keywords_en,
        questions_tr: t.examples_tr,
        questions_en: t.examples_en,
      }),
      answer: { tr: '', en: '' },
      title: { tr: t.id, en: t.id },
      sources: [`config/hizir/out-of-scope.yaml#${t.id}`],
    });
  }
  const areaNames = catalogue.areas.flatMap((a) => [a.name_tr ?? '', a.name_en ?? '']);
  // Compiled here so that a malformed entry stops the build, not the first question.
  compileAbbreviations(abbreviations);
  return {
    entries,
    synonyms,
    areaNames: areaNames.filter((n) => n.length > 0),
    abbreviations,
  };
}

/** Finds the project's config/ directory from the working directory or from this file. */
export function defaultConfigDir(): string {
  const candidates = [resolve(process.cwd(), 'config')];
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    candidates.push(join(dir, 'config'));
    dir = dirname(dir);
  }
  const found = candidates.find((c) => existsSync(join(c, 'konsolosluk', 'operations.yaml')));
  if (!found) throw new Error('Hızır: config/konsolosluk/operations.yaml not found');
  return found;
}

/** Reads the catalogue and config/hizir/*.yaml and builds the knowledge base. */
export function loadKnowledgeBase(configDir: string): KnowledgeBase {
  const hizirDir = join(configDir, 'hizir');
  const faqDoc = (readYaml(join(hizirDir, 'faq.yaml')) ?? {}) as Record<string, unknown>;
  const faq: FaqFile = {
    general: (Array.isArray(faqDoc.general) ? faqDoc.general : []) as GeneralFaqEntry[],
    operations: (faqDoc.operations ?? {}) as Record<string, FaqEntry>,
  };
  const synDoc = (readYaml(join(hizirDir, 'synonyms.yaml')) ?? {}) as Record<string, unknown>;
  const synonyms = (Array.isArray(synDoc.groups) ? synDoc.groups : []).map((g: unknown) => list(g));
  const abbreviations = (
    Array.isArray(synDoc.abbreviations) ? synDoc.abbreviations : []
  ) as Abbreviation[];
  const oosDoc = (readYaml(join(hizirDir, 'out-of-scope.yaml')) ?? {}) as Record<string, unknown>;
  const outOfScope = (Array.isArray(oosDoc.topics) ? oosDoc.topics : []) as OutOfScopeTopic[];
  return buildKnowledgeBase(loadCatalogue(configDir), faq, synonyms, outOfScope, abbreviations);
}
