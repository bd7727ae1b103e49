import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { isIPv4, isIPv6 } from 'node:net';

/**
 * The client a per-client limit or binding counts by: the socket's peer address (no proxy
 * header is trusted), with an IPv6 address cut to its /64 network.
 *
 * One IPv6 subscriber is routed a whole /64 (RFC 6177; most ISPs hand out a /56 or a /48) and
 * picks any of its 2^64 addresses for each connection, so a limit per full IPv6 address let one
 * client open a new quota (rate limit, failed admin logins, Hızır hand-offs) at will. An IPv4
 * address written as IPv6 (`::ffff:203.0.113.7`, how a dual-stack socket reports an IPv4 peer)
 * is that IPv4 address: one client, one name, whichever socket it came through.
 */
export const IPV6_CLIENT_PREFIX_BITS = 64;

/** The client key of a peer address (see above); an address that is not an IP is kept as it is. */
export function clientKey(address: string | undefined): string {
  if (address === undefined || address === '') return 'unknown';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped && isIPv4(mapped[1])) return mapped[1];
  const plain = address.replace(/%.*$/, '');
  if (!isIPv6(plain)) return address;
  return `${ipv6Groups(plain)
    .slice(0, IPV6_CLIENT_PREFIX_BITS / 16)
    .join(':')}::/${IPV6_CLIENT_PREFIX_BITS}`;
}

/** The eight 16-bit groups of a valid IPv6 address, in lower-case hex without leading zeros. */
function ipv6Groups(address: string): string[] {
  let text = address;
  // A trailing dotted IPv4 part (::ffff:1.2.3.4, 64:ff9b::1.2.3.4) is its last two groups.
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((g) => parseInt(g, 16).toString(16));
}

/** The client key of a request (clientKey of the socket's peer). */
export function clientOf(req: Pick<Request, 'ip' | 'socket'>): string {
  return clientKey(req.ip ?? req.socket?.remoteAddress);
}

/** The requesting client's key (clientOf), as a route handler's parameter. */
export const ClientAddress = createParamDecorator((_: unknown, context: ExecutionContext): string =>
  clientOf(context.switchToHttp().getRequest<Request>()),
);
