import { describe, expect, it } from 'vitest';
import { redact } from '../../../src/cli/commands/redact';
import { redactUrl } from '../../../src/common/redact';

// serve, worker, the live replay and run --workers print their REDIS_URL through redactUrl.
describe('redactUrl: a URL without its password', () => {
  it('hides every character of a password, one holding @ too', () => {
    for (const password of ['hunter2secret', 'p@ss@word', 'a:b@c', 'x%40y']) {
      const url = `redis://user:${password}@cache.internal:6379/2`;
      expect(new URL(url).hostname).toBe('cache.internal');
      const shown = redactUrl(url);
      expect(redact(url)).toBe(shown);
      expect(shown).toBe('redis://user:***@cache.internal:6379/2');
      for (const part of password.split(/[@:]/).filter((p) => p.length > 1))
        expect(shown).not.toContain(part);
    }
  });

  it('leaves a URL without a password as it is', () => {
    for (const url of [
      'redis://127.0.0.1:6379',
      'rediss://cache.internal:6380/1',
      'redis://user@h:1',
    ])
      expect(redactUrl(url)).toBe(url);
  });
});
