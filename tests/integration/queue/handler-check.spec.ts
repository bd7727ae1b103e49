import { describe, expect, it } from 'vitest';
import { assertHandlers } from '../../../src/queue/handler-check';
import { QUEUES } from '../../../src/queue/queue-names';
import { loadAppConfig } from '../../../src/config/app-config';

describe('start-up checks', () => {
  it('fails when a queue job has no handler', () => {
    expect(() => assertHandlers(QUEUES.evisa, { intake: () => 0 })).toThrow(
      /queue 'evisa': no handler for jobs 'screening'/,
    );
  });

  it('names the configuration key that is wrong', () => {
    expect(() => loadAppConfig({ REDIS_URL: 'http://x' })).toThrow(
      /REDIS_URL: must be a redis:\/\//,
    );
    expect(() => loadAppConfig({ PORT: '70000' })).toThrow(/PORT: must be a whole number/);
    expect(() => loadAppConfig({ QUEUE_PREFIX: 'consular' })).toThrow(
      /QUEUE_PREFIX: must contain a \{hash tag\}/,
    );
    expect(loadAppConfig({}).REDIS_URL).toBe('redis://127.0.0.1:6379');
  });
});
