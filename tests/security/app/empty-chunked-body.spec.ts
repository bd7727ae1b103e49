import 'reflect-metadata';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useApiApp } from '../../helpers/api-app';
import { testConfig } from '../../helpers/redis-test-env';

/** A raw POST: `chunks` sent with Transfer-Encoding: chunked, or none with Content-Length: 0. */
async function post(
  server: Server,
  path: string,
  headers: Record<string, string>,
  chunks: string[],
): Promise<{ status: number; body: Record<string, unknown> }> {
  if (!server.listening) await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path, headers }, (res) => {
      let raw = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (raw += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(raw) }));
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe('an empty body, chunked or not', () => {
  const api = useApiApp(testConfig('empty-chunked', { RATE_LIMIT: '0' }));

  it('an empty chunked body without Content-Type is answered as Content-Length: 0 is', async () => {
    const server = api.http as Server;
    for (const path of ['/evisa/applications', '/konsolosluk/transactions', '/hizir/messages']) {
      const sized = await post(server, path, { 'content-length': '0' }, []);
      const chunked = await post(server, path, { 'transfer-encoding': 'chunked' }, []);
      expect(sized.status, path).toBe(400);
      expect([sized.body.message].flat().join('\n'), path).toMatch(/ is required/);
      expect(chunked, path).toEqual(sized);
    }
  });

  it('a chunked body with bytes still needs Content-Type: application/json', async () => {
    const r = await post(
      api.http as Server,
      '/hizir/messages',
      { 'transfer-encoding': 'chunked' },
      ['{"text":', '"merhaba"}'],
    );
    expect(r.status).toBe(415);
    expect(r.body.message).toMatch(/^Content-Type must be application\/json \(got none\)/);
  });
});
