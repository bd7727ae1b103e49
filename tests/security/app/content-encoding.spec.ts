import 'reflect-metadata';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BODY_ENCODINGS } from '../../../src/app/bootstrap';
import { useApiApp } from '../../helpers/api-app';
import { testConfig } from '../../helpers/redis-test-env';

/**
 * A Content-Encoding the parser cannot decompress is 415 naming the header, the value sent and
 * the encodings taken; it was "request body encoding or charset is not supported", naming none.
 */
describe('a request body Content-Encoding', () => {
  const api = useApiApp(testConfig('content-encoding', { RATE_LIMIT: '0' }));
  const body = JSON.stringify({ text: 'e-vize ücreti ne kadar?' });
  /** A raw POST of `bytes` as they are (supertest would serialise a Buffer as JSON). */
  const post = async (
    encoding: string,
    bytes: Buffer | string,
  ): Promise<{ status: number; body: Record<string, unknown> }> => {
    const server = api.http as Server;
    if (!server.listening) await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    return new Promise((resolve, reject) => {
      const headers = {
        'Content-Type': 'application/json',
        'Content-Encoding': encoding,
        'Content-Length': String(Buffer.byteLength(bytes)),
      };
      const req = httpRequest(
        { host: '127.0.0.1', port, method: 'POST', path: '/hizir/messages', headers },
        (res) => {
          let raw = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (raw += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(raw) }));
        },
      );
      req.on('error', reject);
      req.end(bytes);
    });
  };

  it('that is not supported is 415 naming the header, the value and what is supported', async () => {
    const r = await post('foo', body);
    expect(r.status).toBe(415);
    expect(r.body.error).toBe('Unsupported Media Type');
    expect(r.body.message).toBe(
      `Content-Encoding "foo" is not supported: send the body uncompressed (identity, or no Content-Encoding) or compressed with one of ${BODY_ENCODINGS.slice(1).join(', ')}`,
    );
    for (const named of ['gzip', 'deflate', 'br']) expect(r.body.message).toContain(named);
  });

  it('names two encodings sent in one header as sent', async () => {
    const r = await post('gzip, foo', gzipSync(body));
    expect(r.status).toBe(415);
    expect(r.body.message).toMatch(/^Content-Encoding "gzip, foo" is not supported: /);
  });

  it('every encoding the message names is taken', async () => {
    const packed: Record<string, Buffer> = {
      identity: Buffer.from(body),
      gzip: gzipSync(body),
      deflate: deflateSync(body),
      br: brotliCompressSync(body),
    };
    for (const encoding of BODY_ENCODINGS.filter((e) => e in packed)) {
      const r = await post(encoding, packed[encoding]!);
      expect(r.status, `${encoding}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
    }
  });

  // It was "request body could not be read", which named neither the header nor the encoding.
  it('a body that is not what its Content-Encoding says is 400 naming the header and the encoding', async () => {
    for (const encoding of ['gzip', 'deflate', 'br']) {
      const r = await post(encoding, body);
      expect(r.status, encoding).toBe(400);
      expect(r.body.message).toBe(
        `request body is not ${encoding} data, as Content-Encoding "${encoding}" says: send it compressed with ${encoding}, or uncompressed without Content-Encoding`,
      );
    }
  });
});
