import { describe, expect, it } from 'vitest';
import { AppConfigError, loadAppConfig } from '../../../src/config/app-config';

/** The retention of each service's records: 0 keeps them; anything but a whole number of seconds stops the start. */
const RETENTION_KEYS = [
  'EVISA_RECORD_TTL_SECONDS',
  'KONSOLOSLUK_RECORD_TTL_SECONDS',
  'DIPLOMATIC_PORTAL_RECORD_TTL_SECONDS',
] as const;

describe('record retention settings', () => {
  it('default to 0 (kept) and take whole seconds', () => {
    const defaults = loadAppConfig({});
    for (const key of RETENTION_KEYS) {
      expect(defaults[key]).toBe(0);
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
