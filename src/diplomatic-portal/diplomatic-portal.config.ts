import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseYamlText, utf8Text } from '../common/yaml-errors';
import { ConfigError } from '../config/config-error';

/** A service area of the Diplomatic Portal (config/diplomatic-portal/areas.yaml). */
export interface PortalArea {
  id: string;
  name_en: string;
  name_tr: string;
  description_en: string;
}

/** A foreign mission or international organisation in Türkiye (config/diplomatic-portal/missions.yaml). */
export interface PortalMission {
  id: string;
  name: string;
  kind: 'embassy' | 'consulate' | 'international-organisation';
  city: string;
  diplomats: number;
  source: string;
}

export interface PortalReference {
  areas: PortalArea[];
  missions: PortalMission[];
}

export const PORTAL_CONFIG_DIR = resolve(__dirname, '../../config/diplomatic-portal');
const ID = /^[a-z0-9][a-z0-9-]*$/;
const KINDS = ['embassy', 'consulate', 'international-organisation'];

const cache = new Map<string, PortalReference>();

function readList(dir: string, file: string, key: string): unknown[] {
  const path = join(dir, file);
  const shown = `config/diplomatic-portal/${file}`;
  if (!existsSync(path)) throw new ConfigError(shown, '', 'file not found');
  const text = utf8Text(readFileSync(path));
  if (typeof text !== 'string') throw new ConfigError(shown, text.where, text.rule);
  const doc = parseYamlText(text, (where, rule) => new ConfigError(shown, where, rule));
  const list = (doc as Record<string, unknown> | null)?.[key];
  if (!Array.isArray(list)) throw new ConfigError(shown, key, 'must be a list');
  return list;
}

function text(v: unknown, file: string, path: string): string {
  if (typeof v !== 'string' || !v.trim()) throw new ConfigError(file, path, 'must be text');
  return v;
}

function uniqueId(v: unknown, seen: Set<string>, file: string, path: string): string {
  if (typeof v !== 'string' || !ID.test(v))
    throw new ConfigError(file, path, 'must be a lower-case id (letters, digits, dashes)');
  if (seen.has(v)) throw new ConfigError(file, path, `duplicate id '${v}'`);
  seen.add(v);
  return v;
}

/** Loads and checks the portal's reference data (cached per directory). */
export function loadPortalReference(
  dir: string = process.env.CONSULAR_SIM_PORTAL_CONFIG || PORTAL_CONFIG_DIR,
): PortalReference {
  const hit = cache.get(dir);
  if (hit) return hit;
  const areaIds = new Set<string>();
  const areas = readList(dir, 'areas.yaml', 'areas').map((raw, i) => {
    const a = (raw ?? {}) as Record<string, unknown>;
    const f = 'config/diplomatic-portal/areas.yaml';
    return {
      id: uniqueId(a.id, areaIds, f, `areas[${i}].id`),
      name_en: text(a.name_en, f, `areas[${i}].name_en`),
      name_tr: text(a.name_tr, f, `areas[${i}].name_tr`),
      description_en: text(a.description_en, f, `areas[${i}].description_en`),
    };
  });
  const missionIds = new Set<string>();
  const missions = readList(dir, 'missions.yaml', 'missions').map((raw, i) => {
    const m = (raw ?? {}) as Record<string, unknown>;
    const f = 'config/diplomatic-portal/missions.yaml';
    if (typeof m.kind !== 'string' || !KINDS.includes(m.kind))
      throw new ConfigError(f, `missions[${i}].kind`, `must be one of ${KINDS.join(', ')}`);
    if (!(typeof m.diplomats === 'number' && Number.isInteger(m.diplomats) && m.diplomats >= 0))
      throw new ConfigError(f, `missions[${i}].diplomats`, 'must be a whole number, 0 or more');
    return {
      id: uniqueId(m.id, missionIds, f, `missions[${i}].id`),
      name: text(m.name, f, `missions[${i}].name`),
      kind: m.kind as PortalMission['kind'],
      city: text(m.city, f, `missions[${i}].city`),
      diplomats: m.diplomats,
      source: text(m.source, f, `missions[${i}].source`),
    };
  });
  const ref = { areas, missions };
  cache.set(dir, ref);
  return ref;
}
