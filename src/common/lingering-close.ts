import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Socket } from 'node:net';

/**
 * Lingering close, for the API (src/app/bootstrap.ts) and the Lab's own server
 * (src/lab-server/static-site.ts).
 *
 * A request refused on its headers alone (404, 405, 415, 401) is answered before its body has
 * arrived. When that answer closes the connection (the client sent `Connection: close`, or the
 * answer says it), Node closed the socket as soon as the answer was written, with the body still
 * coming: the client's kernel, sending into a closed socket, got a reset and dropped the answer
 * it had not read yet (a probe lost 8 answers of 60 for 1-5 MB bodies; a client that writes its
 * whole body before it reads lost every one). Now the answer is sent and the sending side closed
 * (FIN), and the rest of the body is read and dropped, as Apache's and nginx's lingering close
 * do, until it has all arrived or the client closes its side; then the connection closes. A
 * client that keeps sending is cut off past LINGER_MAX_BYTES or LINGER_MAX_MS, whichever first.
 * A request whose body had all arrived closes as before, and so does every keep-alive answer
 * (Node reads an unread body there before the next request).
 */

/**
 * At most this many bytes (8 MiB) are read and dropped after the answer. The bodies that lost
 * their answer were 1-5 MB; this API takes 16 kB at most (BODY_LIMIT_KB), so anything larger is
 * a client's mistake and costs only the bandwidth to drop it: no byte of it is kept.
 */
export const LINGER_MAX_BYTES = 8 * 1024 * 1024;

/**
 * At most this long (ms) after the answer the connection is held open for the body's rest: the
 * bound that keeps a client that trickles (or stops sending) its body from holding a connection
 * (slow loris). nginx waits as long (lingering_timeout, 5 s); 8 MiB at 20 Mbit/s takes about 3 s.
 */
export const LINGER_MAX_MS = 5_000;

/**
 * Makes `server` close a connection with lingering (see above) when its answer is sent before the
 * request's body has all arrived. Call it after any other wrapper of `server.emit` (the per-client
 * connection cap), so that every request is seen here. A request parsed on a lingering connection
 * (bytes sent after the body of a request the server answered `Connection: close`, as its 417;
 * after a client's own `Connection: close` the parser refuses them itself) is not served: the
 * connection is closed at once.
 */
export function lingerBeforeClose(server: Server): void {
  const current = new WeakMap<Socket, IncomingMessage>();
  const lingering = new WeakSet<Socket>();
  const emit = server.emit.bind(server) as (event: string | symbol, ...args: unknown[]) => boolean;
  server.emit = ((event: string | symbol, ...args: unknown[]): boolean => {
    if (event === 'request' || event === 'checkContinue' || event === 'checkExpectation') {
      const [req, res] = args as [IncomingMessage, ServerResponse];
      if (lingering.has(req.socket)) {
        req.socket.destroy();
        return true;
      }
      current.set(req.socket, req);
      // Before Node's own 'finish' listener, which would drop the unread body's bytes unseen
      // (req._dump): resumed, they are read and dropped all the same, but counted (linger).
      res.prependOnceListener('finish', () => {
        if (!req.complete) req.resume();
      });
    }
    return emit(event, ...args);
  }) as Server['emit'];
  server.on('connection', (socket: Socket) => {
    // Node closes a connection whose last answer is written with socket.destroySoon() (its
    // resOnFinish): the answer's bytes flushed, then the socket destroyed, unread bytes and all.
    socket.destroySoon = function destroySoon(this: Socket): void {
      const req = current.get(this);
      if (!req || req.complete || this.destroyed || lingering.has(this))
        return Socket.prototype.destroySoon.call(this);
      lingering.add(this);
      linger(this, req);
    };
  });
}

/** Sends the answer and a FIN, then drops what `req`'s body still sends, within the bounds. */
function linger(socket: Socket, req: IncomingMessage): void {
  let read = 0;
  let bodyDone = req.complete;
  let peerDone = socket.readableEnded;
  const close = (): void => {
    clearTimeout(deadline);
    socket.off('finish', settle).off('end', onPeerEnd).off('close', close);
    req.off('end', onBodyEnd).off('data', onData);
    socket.destroy();
  };
  // Once the body (or the client's side) has ended and the answer has been flushed, nothing is
  // left unread to turn the close into a reset.
  const settle = (): void => {
    if ((bodyDone || peerDone) && socket.writableFinished) close();
  };
  const onBodyEnd = (): void => {
    bodyDone = true;
    settle();
  };
  const onPeerEnd = (): void => {
    peerDone = true;
    settle();
  };
  const deadline = setTimeout(close, LINGER_MAX_MS);
  deadline.unref();
  const onData = (chunk: Buffer): void => {
    read += chunk.length;
    if (read > LINGER_MAX_BYTES) close();
  };
  socket.once('finish', settle).once('end', onPeerEnd).once('close', close);
  req.once('end', onBodyEnd).on('data', onData);
  // Node's parser goes on reading the socket: the body's chunks come as the request's 'data'.
  socket.end();
  settle();
}
