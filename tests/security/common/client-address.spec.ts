import type { Request } from 'express';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { throttlerOptions } from '../../../src/app/rate-limit';
import { clientKey, clientOf } from '../../../src/common/client-address';
import { AdminLoginLimiter, refuseAdmin } from '../../../src/config/admin-auth';
import { testConfig } from '../../helpers/redis-test-env';

/**
 * The per-client limits (rate limit, failed admin logins, Hızır sessions and hand-off quotas,
 * idempotency keys) counted each full IPv6 address as a client of its own: one subscriber,
 * routed a /64, took a fresh quota with every address it picked.
 */
const TOKEN = 'admin-token-for-client-tests';

function request(ip: string, authorization?: string): Request {
  return { ip, socket: { remoteAddress: ip }, headers: { authorization } } as unknown as Request;
}

describe('clientKey', () => {
  it('is one key for every address of one IPv6 /64, whatever its spelling', () => {
    const same = [
      '2001:db8:1:2::1',
      '2001:db8:1:2:ffff:ffff:ffff:fffe',
      '2001:0DB8:0001:0002:0000:0000:0000:0009',
      '2001:db8:1:2::1%eth0',
      '2001:db8:1:2:0:0:10.0.0.1',
    ].map(clientKey);
    expect(new Set(same)).toEqual(new Set(['2001:db8:1:2::/64']));
    expect(clientKey('2001:db8:1:3::1')).not.toBe(clientKey('2001:db8:1:2::1'));
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey('fe80::1')).toBe('fe80:0:0:0::/64');
  });

  it('keeps IPv4 addresses whole, and an IPv4 peer on a dual-stack socket is that address', () => {
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('::FFFF:127.0.0.2')).toBe('127.0.0.2');
    expect(clientKey('203.0.113.8')).not.toBe(clientKey('203.0.113.7'));
  });

  it('names a request without an address, and keeps what is not an IP address as it is', () => {
    expect(clientKey(undefined)).toBe('unknown');
    expect(clientKey('')).toBe('unknown');
    expect(clientKey('not-an-ip')).toBe('not-an-ip');
    expect(clientOf({ ip: undefined, socket: { remoteAddress: '::ffff:10.1.2.3' } } as never)).toBe(
      '10.1.2.3',
    );
  });
});

describe('per-client limits count an IPv6 /64 as one client', () => {
  it('failed admin logins from many addresses of one /64 lock the whole /64 out, not the next one', async () => {
    const limiter = new AdminLoginLimiter(3, 60_000);
    for (const ip of ['2001:db8:7:7::a', '2001:db8:7:7::b', '2001:db8:7:7::c'])
      expect((await refuseAdmin(request(ip, 'Bearer wrong-token'), TOKEN, limiter))?.status).toBe(
        401,
      );
    const fresh = await refuseAdmin(
      request('2001:db8:7:7::ffff', `Bearer ${TOKEN}`),
      TOKEN,
      limiter,
    );
    expect(fresh?.status).toBe(429);
    expect(await refuseAdmin(request('2001:db8:7:8::1', `Bearer ${TOKEN}`), TOKEN, limiter)).toBe(
      undefined,
    );
  });

  it('the rate limit tracks a request by its client key', () => {
    const options = throttlerOptions(
      testConfig('client-address', { RATE_LIMIT: '5' }),
      {} as Redis,
    ) as { getTracker?: (req: Record<string, unknown>, context: never) => string };
    const track = (ip: string) => options.getTracker?.(request(ip) as never, undefined as never);
    expect(track('2001:db8:5:5::1')).toBe(track('2001:db8:5:5::2:3'));
    expect(track('2001:db8:5:5::1')).not.toBe(track('2001:db8:5:6::1'));
    expect(track('::ffff:198.51.100.4')).toBe('198.51.100.4');
  });
});
