import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { loadAppConfig } from '../../../src/config/app-config';

const BASE = { TOKEN_SECRET: 'unit-test-secret-0123456789abcdef', DEV_MODE: '1' };

// LOG_LEVEL=info used to be refused: only Nest's own names were accepted.
describe('LOG_LEVEL: the names people use', () => {
  it.each([
    ['info', 'log'],
    ['INFO', 'log'],
    ['trace', 'verbose'],
    ['warning', 'warn'],
    ['fatal', 'error'],
    ['debug', 'debug'],
    ['log', 'log'],
    ['verbose', 'verbose'],
  ])('%s is %s', (given, level) => {
    expect(loadAppConfig({ ...BASE, LOG_LEVEL: given }).LOG_LEVEL).toBe(level);
  });

  it('refuses an unknown level, naming the key and the accepted names', () => {
    expect(() => loadAppConfig({ ...BASE, LOG_LEVEL: 'loud' })).toThrow(
      /LOG_LEVEL: must be one of error, warn, info, debug, trace/,
    );
  });
});
