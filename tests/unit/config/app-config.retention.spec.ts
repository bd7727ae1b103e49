import { describe, expect, it } from 'vitest';
import { AppConfigError, loadAppConfig } from '../../../src/config/app-config';

/** 30 days in seconds, written out here: the default the docs promise. */
const THIRTY_DAYS = 2_592_000;

/** The retention of each service's records: 30 days unless set, 0 keeps them; anything but a whole number of seconds stops the start. */
const RETENTION_KEYS = [
  'EVISA_RECORD_TTL_SECONDS',
  'KONSOLOSLUK_RECORD_TTL_SECONDS',
  'DIPLOMATIC_PORTAL_RECORD_TTL_SECONDS',
] as const;

describe('record retention settings', () => {
  it('default to 30 days (personal data is not kept for ever unless asked), and take whole seconds, 0 keeping them', () => {
    const defaults = loadAppConfig({});
    for (const key of RETENTION_KEYS) {
      expect(defaults[key]).toBe(THIRTY_DAYS);
      expect(loadAppConfig({ [key]: '86400' })[key]).toBe(86_400);
      expect(loadAppConfig({ [key]: ' 0 ' })[key]).toBe(0);
    }
  });

  it('refuse anything else, naming the key and the rule', () => {
    for (const key of RETENTION_KEYS)
      for (const bad of ['-1', '1.5', 'a day', '1e3']) {
        let err: unknown;
        try {
          loadAppConfig({ [key]: bad });
        } catch (e) {
          err = e;
        }
        expect(err, `${key}=${bad}`).toBeInstanceOf(AppConfigError);
        expect((err as AppConfigError).key).toBe(key);
        expect((err as Error).message).toBe(
          `configuration: ${key}: must be a whole number of seconds, 0 or more`,
        );
      }
  });
});
