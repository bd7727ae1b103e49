import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/common/user-error';
import { postReplayArrivals } from '../../../src/queue/live-http';

/** A stand-in serve that answers every POST with `status` (Retry-After 0.01 s, so retries are quick). */
function serveAnswering(
  status: number,
): Promise<{ server: Server; url: string; posts: () => number }> {
  let posts = 0;
  const server = createServer((req, res) => {
    posts++;
    req.resume();
    res.writeHead(status, { 'content-type': 'application/json', 'retry-after': '0.01' });
    res.end(JSON.stringify({ statusCode: status, message: `answer ${status}` }));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        server,
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        posts: () => posts,
      }),
    ),
  );
}

let open: Server | undefined;
afterEach(() => {
  open?.close();
  open = undefined;
});

const batch = { run: 'r1', arrivals: [] };

describe('--via http: what a serve that will not take the arrivals is told as', () => {
  it('a serve that stays busy or without Redis (429, 503 on every try): a user error naming it, after the retries', async () => {
    for (const status of [429, 503]) {
      const s = await serveAnswering(status);
      open = s.server;
      const err = await postReplayArrivals(s.url, batch, 't').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UserError);
      expect((err as Error).message).toContain(`answered ${status}`);
      expect((err as Error).message).toContain('/health');
      expect(s.posts()).toBeGreaterThan(1);
      open.close();
    }
  });

  it('a token the serve refuses (401): a user error saying which token to export', async () => {
    const s = await serveAnswering(401);
    open = s.server;
    const err = await postReplayArrivals(s.url, batch, 'wrong').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toContain('ADMIN_TOKEN');
    expect(s.posts()).toBe(1);
  });

  it('a 500 is the serve failing, not the user: not a user error', async () => {
    const s = await serveAnswering(500);
    open = s.server;
    const err = await postReplayArrivals(s.url, batch, 't').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(UserError);
    expect((err as Error).message).toContain('answered 500');
  });
});
