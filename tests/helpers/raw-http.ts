import { connect } from 'node:net';

/**
 * Sends `raw` bytes (latin1) on a fresh connection to 127.0.0.1:`port` and returns everything the
 * server sends until it closes the connection; rejects when it has not closed after 5 s.
 */
export function exchange(port: number, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (answer += d));
    socket.on('close', () => resolve(answer));
    socket.on('error', () => undefined);
    socket.setTimeout(5000, () => {
      socket.destroy();
      reject(new Error(`no close after 5 s: ${answer.slice(0, 200)}`));
    });
    socket.write(raw, 'latin1');
  });
}
