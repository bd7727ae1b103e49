import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/common/user-error';
import { liveStationQueue, postReplayArrivals } from '../../../src/queue/live-http';

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

describe("a live replay station's queue name", () => {
  it('is its own for every station id: no two ids share a queue', () => {
    // Pairs that the code in hex at its own length wrote alike (U+2013 as %2013, a space as %20).
    const pairs = [
      ['room 13', 'room\u2013'],
      ['gate 19', 'gate\u2019'],
      ['a*0', 'a\u02a0'],
      ['x\u0100', 'x\u00100'],
      ['%', '%25'],
    ];
    for (const [a, b] of pairs)
      expect(liveStationQueue(a), `${a} / ${b}`).not.toBe(liveStationQueue(b));
  });

  it('keeps letters, digits and _ . @ - as they are, and has no colon (BullMQ forbids it)', () => {
    expect(liveStationQueue('desk-1_a.b@c')).toBe('live-desk-1_a.b@c');
    expect(liveStationQueue('mission:berlin')).toBe('live-mission%3aberlin');
    expect(liveStationQueue('gişe')).toBe('live-gi%u015fe');
  });
});

/** A stand-in serve that refuses a body over `limit` bytes with 413, as BODY_LIMIT_KB does, and keeps the arrivals of the rest. */
function serveUpTo(limit: number): Promise<{ server: Server; url: string; taken: number[] }> {
  const taken: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const status = raw.length > limit ? 413 : 201;
      if (status === 201)
        for (const a of (JSON.parse(raw.toString()) as { arrivals: { c: number }[] }).arrivals)
          taken.push(a.c);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ statusCode: status, message: `answer ${status}` }));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, taken }),
    ),
  );
}

describe('--via http: a batch larger than the serve takes (413)', () => {
  const arrivals = (n: number, station: string) =>
    Array.from({ length: n }, (_, c) => ({ station, c, s: 0, t: 1234.5678901234567 + c }));

  it('is sent again in halves until each part fits: every arrival once, in order', async () => {
    // 150 arrivals at a station of 90 characters: about 22 kB, past the default 16 kB.
    const s = await serveUpTo(16 * 1024);
    open = s.server;
    const batch = { run: 'r1', arrivals: arrivals(150, 'r'.repeat(90)) };
    expect(JSON.stringify(batch).length).toBeGreaterThan(16 * 1024);
    await postReplayArrivals(s.url, batch, 't');
    expect(s.taken).toEqual(batch.arrivals.map((a) => a.c));
  });

  it('one arrival too large alone: a user error naming BODY_LIMIT_KB', async () => {
    const s = await serveUpTo(50);
    open = s.server;
    const err = await postReplayArrivals(
      s.url,
      { run: 'r1', arrivals: arrivals(4, 'desk') },
      't',
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toContain('answered 413');
    expect((err as Error).message).toContain('BODY_LIMIT_KB');
    expect(s.taken).toEqual([]);
  });
});
