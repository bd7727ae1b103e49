import type { Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Answering the requests Node's HTTP parser refuses, for the API (src/app/bootstrap.ts) and the
 * Lab's own server (src/lab-server/static-site.ts): each says what its answer is and writes it in
 * its own error shape; the order of answers on a connection is kept here.
 */

/** An error Node's HTTP parser raises ('clientError'): llhttp's code and reason. */
export type ParserError = Error & { code?: string; reason?: string };

/** The status and the words of the answer to a refused request. */
export interface ParserRefusal {
  statusCode: number;
  message: string;
}

/**
 * The words for a request whose body is framed two ways, or whose Transfer-Encoding does not end
 * with one `chunked`, in both servers' answers (the API's and the Lab's said it differently):
 * llhttp refuses both headers under either code, by which came first (Transfer-Encoding then
 * Content-Length is HPE_INVALID_CONTENT_LENGTH, which was told "Content-Length must be a decimal
 * number of bytes" of a Content-Length that was one). Undefined for any other refusal.
 */
export function framingProblem(err: ParserError): string | undefined {
  const reason = err.reason ?? '';
  if (
    err.code !== 'HPE_INVALID_TRANSFER_ENCODING' &&
    !(err.code === 'HPE_INVALID_CONTENT_LENGTH' && /transfer-encoding/i.test(reason))
  )
    return undefined;
  return /content-length/i.test(reason)
    ? 'Content-Length and Transfer-Encoding must not both be sent (RFC 9112)'
    : 'Transfer-Encoding must end with chunked, named once (RFC 9112)';
}

/** The answer a connection is writing (Node's own field), while one is in progress. */
type InFlightAnswer = ServerResponse & { headersSent: boolean };

/**
 * On `server`, a request the parser refuses is answered with `refusal(err)` (undefined: the
 * connection just closes, as for a reset), written by `write` on the raw socket, and the
 * connection closes.
 *
 * The bytes refused may follow a well-formed request on the same connection (pipelined, or a
 * body longer than its Content-Length) whose answer is still being made: that answer is sent
 * first, then the refusal, each in its turn (RFC 9112 9.3.2). Written at once, the refusal took
 * the place of that answer (a submission taken, 202, was answered `400 malformed HTTP request`
 * and sent again), or the connection closed under it, cutting it off. An answer still in
 * progress after `waitMs` is cut off and the connection closed.
 */
export function answerParserRefusals(
  server: Server,
  refusal: (err: ParserError) => ParserRefusal | undefined,
  write: (socket: Socket, answer: ParserRefusal) => void,
  waitMs: number,
): void {
  const refusing = new WeakSet<Socket>();
  server.on('clientError', (err: ParserError, socket: Socket) => {
    if (refusing.has(socket)) return;
    const answer = refusal(err);
    let waited = false;
    const refuse = (): void => {
      const inFlight = (socket as Socket & { _httpMessage?: InFlightAnswer | null })._httpMessage;
      // An answer to a request that arrived whole (its body too): the refused bytes came after
      // it. One whose body is still coming is the refused request's own (a bad chunk, a timeout).
      // Node lets go of an answer on its 'finish', so one still held is in progress, even when
      // its bytes were all handed to the socket already (a file answered at once).
      if (answer && inFlight?.req.complete && !socket.destroyed) {
        // Read nothing more; once this answer is sent (or cut off), and Node has moved the
        // connection on to the next one, look again.
        refusing.add(socket);
        socket.pause();
        waited = true;
        const next = (): void => {
          inFlight.off('finish', next).off('close', next);
          clearTimeout(timer);
          setImmediate(refuse);
        };
        const timer = setTimeout(() => socket.destroy(), waitMs);
        inFlight.once('finish', next).once('close', next);
        return;
      }
      if (answer && !inFlight?.headersSent && socket.writable) write(socket, answer);
      // After the answers before it, the refusal may sit behind their bytes: close once sent.
      if (waited) socket.destroySoon();
      else socket.destroy();
    };
    refuse();
  });
}
