import type { IncomingMessage } from 'node:http';
import { isIP, isIPv6 } from 'node:net';

/**
 * The host a request names, for the checks that keep a page of another site from reading this
 * machine's servers through its own DNS name pointed at 127.0.0.1 (DNS rebinding): the Lab's
 * (src/lab-server) and the admin routes' in DEV_MODE (src/config/admin-auth.ts).
 */

/**
 * A host name as this server compares it: a DNS name (letters, digits, dots, dashes) or an IP
 * address (an IPv6 one bracketed or not), lower-cased, an IPv6 address in brackets. Undefined
 * when it is neither.
 */
export function hostName(value: string): string | undefined {
  const v = value.trim().toLowerCase();
  const bare = /^\[(.*)\]$/.exec(v)?.[1] ?? v;
  if (isIPv6(bare)) return `[${bare}]`;
  if (
    isIP(bare) ||
    /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/.test(v)
  )
    return v;
  return undefined;
}

/**
 * The host a request names (RFC 9110 7.2): its Host field, or the authority of a target in
 * absolute form (RFC 9112 3.2.2: that one wins), as sent (`field`) and as a name without the
 * port, lower-cased, an IPv6 address in brackets (`name`, null for a value that is no host).
 * Undefined for a request naming none (HTTP/1.0 may send no Host; Node refuses an HTTP/1.1
 * request without one).
 */
export function requestHost(
  req: IncomingMessage,
): { field: string; name: string | null } | undefined {
  // Express strips a mount's path from req.url and keeps the target as sent in originalUrl.
  const target = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url;
  const absolute = /^https?:\/\/([^/?#]*)/i.exec(target ?? '');
  const field = absolute ? absolute[1] : req.headers.host;
  if (field === undefined) return undefined;
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]@\s]+)(?::\d{1,5})?$/i.exec(field);
  return { field, name: (m && hostName(m[1])) ?? null };
}

/** localhost, or an IP address (an IPv6 one in brackets): names no other site can take. */
export function isLocalOrAddress(name: string): boolean {
  return name === 'localhost' || isIP(name.replace(/^\[|\]$/g, '')) !== 0;
}

// RFC 3986 3.2.2: a reg-name is unreserved and sub-delims characters and %XX escapes (an IPv4
// address is one too); an IP-literal is an IPv6 address or an IPvFuture in brackets.
const REG_NAME = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;
const IP_FUTURE = /^v[0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+$/;

/**
 * Whether a Host field value is `uri-host [ ":" port ]` (RFC 9110 7.2); empty is allowed (a
 * target without an authority). A server must refuse any other value with 400 (RFC 9112 3.2):
 * `a b`, `x/y` or `host@evil` name no host, and a proxy and this server could each read a
 * different one from them.
 */
export function isHostField(value: string): boolean {
  const m = /^(\[[^\]]*\]|[^:[\]]*)(?::\d*)?$/.exec(value);
  if (!m) return false;
  const host = m[1];
  if (host.startsWith('[')) {
    const literal = host.slice(1, -1);
    return isIPv6(literal) || IP_FUTURE.test(literal);
  }
  return REG_NAME.test(host);
}
