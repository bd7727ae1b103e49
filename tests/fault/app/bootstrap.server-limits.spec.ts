import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../../src/app/bootstrap';
import { sleep } from '../../helpers/fault-env';
import { TEST_ADMIN_TOKEN, testConfig } from '../../helpers/redis-test-env';

/**
 * Slow requests and unbounded connections: a client trickling headers or a body is cut off at
 * the configured timeout (408, connection closed), and connections past the cap are closed at
 * once. The probe held a connection 312 s with a trickled body and 5,000 connections at once.
 */
interface Outcome {
  ms: number;
  received: string;
}

/** Opens a connection, sends `head`, then one byte of `trickle` every `everyMs` until the server closes it. */
function trickle(
  port: number,
  head: string,
  trickleText: string,
  everyMs: number,
): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    let received = '';
    let timer: NodeJS.Timeout | undefined;
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(head);
      let i = 0;
      timer = setInterval(() => {
        if (!socket.destroyed && socket.writable)
          socket.write(trickleText[i++ % trickleText.length]);
      }, everyMs);
    });
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (received += d));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ ms: Date.now() - start, received });
    });
    setTimeout(() => {
      clearInterval(timer);
      socket.destroy();
      reject(new Error(`connection still open after 20 s (received ${JSON.stringify(received)})`));
    }, 20_000);
  });
}

/** Opens a connection from the loopback address `from` (another address: another client). */
function open(port: number, from = '127.0.0.1'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ port, host: '127.0.0.1', localAddress: from }, () => resolve(s));
    s.on('error', reject);
  });
}

/** Whether a fresh connection gets an HTTP answer, or is closed without one. */
function answered(port: number, from = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    let got = '';
    const s = connect({ port, host: '127.0.0.1', localAddress: from }, () =>
      s.write('GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
    );
    s.setEncoding('utf8');
    s.on('data', (d: string) => (got += d));
    s.on('error', () => undefined);
    s.on('close', () => resolve(got.startsWith('HTTP/1.1 200')));
  });
}

/** GET /metrics on a fresh connection, with the admin credential: all it receives. */
function scrape(port: number): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    const s = connect({ port, host: '127.0.0.1' }, () =>
      s.write(
        `GET /metrics HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TEST_ADMIN_TOKEN}\r\nConnection: close\r\n\r\n`,
      ),
    );
    s.setEncoding('utf8');
    s.on('data', (d: string) => (got += d));
    s.on('error', () => undefined);
    s.on('close', () => resolve(got));
  });
}

async function listen(app: INestApplication): Promise<number> {
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  return typeof address === 'object' && address ? address.port : 0;
}

describe('server timeouts', () => {
  const HEADERS_MS = 1000;
  const REQUEST_MS = 2000;
  let app: INestApplication;
  let port: number;
  beforeAll(async () => {
    app = await createApiApp(
      testConfig('slow', {
        RATE_LIMIT: '0',
        HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_MS),
        HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_MS),
      }),
      { logger: false },
    );
    port = await listen(app);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('close a connection whose headers trickle in, at HTTP_HEADERS_TIMEOUT_MS', async () => {
    const r = await trickle(
      port,
      'POST /hizir/messages HTTP/1.1\r\nHost: x\r\n',
      'X-Slow: aaaa',
      250,
    );
    console.log(
      `server-limits: trickled headers closed after ${r.ms} ms (timeout ${HEADERS_MS} ms)`,
    );
    expect(r.received).toMatch(/^HTTP\/1\.1 408/);
    expect(r.ms).toBeGreaterThanOrEqual(HEADERS_MS - 50);
    // Node checks the timeouts every half headers timeout here (at most 1 s): one check late at most, plus slack.
    expect(r.ms).toBeLessThan(HEADERS_MS + 500 + 1500);
  });

  it('close a connection whose body trickles in, at HTTP_REQUEST_TIMEOUT_MS', async () => {
    const head =
      'POST /hizir/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{"text":"';
    const r = await trickle(port, head, 'a', 250);
    console.log(`server-limits: trickled body closed after ${r.ms} ms (timeout ${REQUEST_MS} ms)`);
    expect(r.received).toMatch(/^HTTP\/1\.1 408/);
    expect(r.ms).toBeGreaterThanOrEqual(REQUEST_MS - 50);
    expect(r.ms).toBeLessThan(REQUEST_MS + 500 + 1500);
  });
});

describe('connection cap', () => {
  const CAP = 12;
  let app: INestApplication;
  let port: number;
  const held: Socket[] = [];
  beforeAll(async () => {
    app = await createApiApp(
      testConfig('cap', { RATE_LIMIT: '0', HTTP_MAX_CONNECTIONS: String(CAP) }),
      { logger: false },
    );
    port = await listen(app);
  });
  afterAll(async () => {
    for (const s of held) s.destroy();
    await app?.close();
  });

  it('refuses connections past HTTP_MAX_CONNECTIONS and takes them again once some close', async () => {
    expect(await answered(port)).toBe(true);
    for (let i = 0; i < CAP; i++) held.push(await open(port));
    await sleep(200);
    let refused = 0;
    for (let i = 0; i < 5; i++) if (!(await answered(port))) refused++;
    console.log(`server-limits: ${CAP} connections held, ${refused}/5 more refused`);
    expect(refused).toBe(5);
    for (const s of held.splice(0, 3)) s.destroy();
    await sleep(200);
    expect(await answered(port)).toBe(true);
    // Each connection closed unanswered is counted (it reached no log and no metric).
    const metrics = await scrape(port);
    expect(metrics).toMatch(/^http_connections_dropped_total\{cap="process"\} 5$/m);
    expect(metrics).toMatch(/^http_connections_dropped_total\{cap="client"\} 0$/m);
  });
});

describe('connection cap per client', () => {
  const PER_CLIENT = 4;
  const GREEDY = '127.0.0.80';
  const OTHER = '127.0.0.81';
  let app: INestApplication;
  let port: number;
  const held: Socket[] = [];
  beforeAll(async () => {
    app = await createApiApp(
      testConfig('cap-client', {
        RATE_LIMIT: '0',
        HTTP_MAX_CONNECTIONS: '50',
        HTTP_MAX_CONNECTIONS_PER_CLIENT: String(PER_CLIENT),
      }),
      { logger: false },
    );
    port = await listen(app);
  });
  afterAll(async () => {
    for (const s of held) s.destroy();
    await app?.close();
  });

  it("refuses a client's connections past HTTP_MAX_CONNECTIONS_PER_CLIENT while other clients still get in", async () => {
    // The probe: 1,100 connections from one address, each sending a header line every 2 s,
    // and every other client's request refused until the headers timeout closed them.
    for (let i = 0; i < PER_CLIENT; i++) held.push(await open(port, GREEDY));
    await sleep(200);
    let refused = 0;
    for (let i = 0; i < 3; i++) if (!(await answered(port, GREEDY))) refused++;
    const other = await answered(port, OTHER);
    console.log(
      `server-limits: ${PER_CLIENT} connections held by one client, ${refused}/3 more of its refused, another client answered: ${other}`,
    );
    expect(refused).toBe(3);
    expect(other).toBe(true);
    held.shift()?.destroy();
    await sleep(200);
    expect(await answered(port, GREEDY)).toBe(true);
  });
});
