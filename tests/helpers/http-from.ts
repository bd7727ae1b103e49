import { request as httpRequest } from 'node:http';

/** A JSON answer: its status and parsed body. */
export interface JsonAnswer {
  status: number;
  body: Record<string, unknown>;
}

/**
 * One HTTP request to the API on 127.0.0.1:`port` from the loopback address `from` (127.0.0.x:
 * to the API, another client), with a JSON body when `body` is given; the answer's body parsed.
 */
export function sendFrom(
  port: number,
  from: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: object,
): Promise<JsonAnswer> {
  return new Promise<JsonAnswer>((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        localAddress: from,
        method,
        path,
        headers: body ? { 'content-type': 'application/json', ...headers } : headers,
      },
      (res) => {
        let raw = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (raw += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(raw) }));
      },
    );
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}
