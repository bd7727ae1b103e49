import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAppConfig } from '../../../src/config/app-config';
import {
  applicant,
  CLI,
  ensureBuilt,
  freePort,
  killHard,
  pool,
  PrivateRedis,
  ROOT,
  sleep,
} from '../../helpers/fault-env';
import { TEST_ADMIN_TOKEN } from '../../helpers/redis-test-env';
import { startApiApp } from '../../helpers/api-app';

/**
 * SIGTERM to `serve` while clients keep posting on keep-alive connections: the server stops
 * taking requests on them (each closes after the request it carries), finishes the ones in
 * flight and exits 0 well within SHUTDOWN_GRACE_SECONDS; every application answered 202 is
 * stored and readable. It had kept serving those connections until the grace expired, then
 * exited 1 with requests in flight cut off. And no request is cut off on its way: the server
 * stops listening first (a new connection is refused, which a client knows was not sent) and
 * answers on its open connections for a second; it had closed idle keep-alive connections at
 * once, cutting off requests clients were sending on them (1 to 10 of every 100 to 400). Nor
 * does it close an idle connection after a fixed time: a client slowed by a busy machine that
 * sends on it a second and a half into the drain is answered, not reset (it had been, after one
 * second); idle connections close at the keep-alive timeout the server announced.
 */
const GRACE_S = 8;

/** One request on a raw keep-alive connection: its status line and headers, once its body is in. */
function exchange(socket: Socket, body: string): Promise<{ status: number; head: string }> {
  return new Promise((resolve, reject) => {
    if (socket.readableEnded || socket.destroyed)
      return reject(new Error('the server had closed the connection'));
    let got = Buffer.alloc(0);
    const timer = setTimeout(() => onGone(new Error('no answer within 5 s')), 5_000);
    const onData = (d: Buffer) => {
      got = Buffer.concat([got, d]);
      const end = got.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = got.subarray(0, end).toString();
      const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
      if (got.length < end + 4 + length) return;
      off();
      resolve({ status: Number(head.split(' ')[1]), head });
    };
    const onGone = (err?: Error) => {
      off();
      reject(err ?? new Error(`connection closed before an answer (${got.length} bytes in)`));
    };
    const off = () => {
      clearTimeout(timer);
      socket.off('data', onData).off('error', onGone).off('end', onGone);
    };
    socket.on('data', onData).once('error', onGone).once('end', onGone);
    socket.write(
      'POST /evisa/applications HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  });
}

describe('SIGTERM to serve under steady keep-alive load', () => {
  let redis: PrivateRedis;
  let serve: ChildProcess | undefined;
  let env: Record<string, string>;
  let port: number;

  beforeAll(async () => {
    ensureBuilt();
    redis = new PrivateRedis(await freePort(), false);
    await redis.start();
    port = await freePort();
    env = {
      REDIS_URL: redis.url,
      QUEUE_PREFIX: `{test-drain-${randomBytes(3).toString('hex')}}`,
      TOKEN_SECRET: 'test-secret-0123456789',
      ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      RATE_LIMIT: '0',
      RATE_LIMIT_COSTLY: '0',
      LOG_LEVEL: 'warn',
      SHUTDOWN_GRACE_SECONDS: String(GRACE_S),
      PORT: String(port),
    };
  }, 60_000);

  afterAll(async () => {
    if (serve) await killHard(serve);
    await redis?.stop();
  });

  it('closes its keep-alive connections, cuts off no request, exits 0 long before the grace, and keeps every 202', async () => {
    serve = spawn(process.execPath, [CLI, 'serve'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let up = false;
    serve.stdout?.on('data', (d: Buffer) => (up ||= d.toString().includes('consular-sim API on')));
    const deadline = Date.now() + 30_000;
    while (!up) {
      if (Date.now() > deadline) throw new Error('serve did not start');
      await sleep(50);
    }
    const base = `http://127.0.0.1:${port}`;
    const salt = `K${randomBytes(2).toString('hex').toUpperCase()}`;
    const accepted: { id: string; token: string }[] = [];
    let stop = false;
    let sent = 0;
    const cut: string[] = [];
    // fetch keeps its connections alive between requests.
    const load = pool(
      Array.from({ length: 20 }, (_, i) => i),
      20,
      async () => {
        while (!stop) {
          const i = sent++;
          const r = await fetch(`${base}/evisa/applications`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(applicant(i, salt)),
          }).catch((err: unknown) => {
            // Refused: the request never left. Anything else (a reset, a closed socket) may have
            // cut a request the server had begun to read: the client cannot tell.
            const code = (err as { cause?: { code?: string } }).cause?.code;
            if (code !== 'ECONNREFUSED') cut.push(String(code ?? err));
            return undefined;
          });
          if (!r) {
            await sleep(20); // refused or reset: the server is going
            continue;
          }
          if (r.status === 202) accepted.push((await r.json()) as { id: string; token: string });
          else await r.text();
        }
      },
    );
    while (accepted.length < 50) await sleep(20);
    // A slow client: one request on its own keep-alive connection now, the next well into the drain.
    const slow = connect(port, '127.0.0.1');
    await new Promise((resolve) => slow.once('connect', resolve));
    const first = await exchange(slow, JSON.stringify(applicant(1_000_000, salt)));
    expect(first.status).toBe(202);
    const exit = new Promise<{ code: number | null; ms: number }>((resolve) => {
      const t0 = Date.now();
      serve!.once('exit', (code) => resolve({ code, ms: Date.now() - t0 }));
    });
    serve.kill('SIGTERM');
    await sleep(1_500);
    const late = await exchange(slow, JSON.stringify(applicant(1_000_001, salt))).catch(
      (err: Error) => ({ status: 0, head: String((err as { code?: string }).code ?? err.message) }),
    );
    const { code, ms } = await exit;
    stop = true;
    await load;
    expect(code).toBe(0);
    expect(ms).toBeLessThan((GRACE_S * 1000) / 2);
    // No request was cut off on its way: each was answered, or refused before it was sent.
    expect(cut).toEqual([]);
    // The slow client's request in the drain was answered, and its connection closed after it.
    expect(late.status, late.head).toBe(202);
    expect(late.head).toMatch(/^connection: close$/im);
    slow.destroy();
    // Every 202 is stored and readable with its token.
    const api: INestApplication = await startApiApp(loadAppConfig(env));
    try {
      const http = api.getHttpServer();
      for (const a of accepted) {
        const r = await request(http)
          .get(`/evisa/applications/${a.id}`)
          .set('Authorization', `Bearer ${a.token}`);
        expect(r.status).toBe(200);
      }
    } finally {
      await api.close();
    }
  }, 60_000);
});
