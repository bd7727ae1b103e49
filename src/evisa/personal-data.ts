import { textSeal } from '../common/sealed-text';

/**
 * Personal data of an application (passport number, name, e-mail) sealed with AES-256-GCM
 * before it reaches Redis (src/common/sealed-text.ts), so a dump of Redis, the dashboard or an
 * AOF file does not show it. The key is derived from TOKEN_SECRET under its own label, and the
 * record id is the additional data: a sealed value copied into another record does not open there.
 */
export interface PersonalData {
  passportNumber: string;
  fullName: string;
  email: string;
}

const PERSONAL_DATA = textSeal('evisa personal data v1');

export function sealPersonalData(secret: string, recordId: string, data: PersonalData): string {
  return PERSONAL_DATA.seal(secret, recordId, JSON.stringify(data));
}

export function openPersonalData(secret: string, recordId: string, sealed: string): PersonalData {
  return JSON.parse(PERSONAL_DATA.open(secret, recordId, sealed)) as PersonalData;
}
