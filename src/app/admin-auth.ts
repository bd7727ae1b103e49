import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/** Constant-time comparison of two secrets of any length (hashed first, so lengths do not leak). */
function sameSecret(a: string, b: string): boolean {
  const h = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(h(a), h(b));
}

/** The credential an Authorization header carries: a Bearer token, or the password of Basic. */
export function presentedCredential(authorization: string | undefined): string | undefined {
  const m = /^(Bearer|Basic)\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!m) return undefined;
  if (m[1].toLowerCase() === 'bearer') return m[2];
  const decoded = Buffer.from(m[2], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 ? decoded.slice(colon + 1) : undefined;
}

/**
 * Guards the admin surfaces with ADMIN_TOKEN (Bearer, or Basic with any user name so a
 * browser can open the dashboard). No token configured means DEV_MODE: open.
 */
export function adminAuth(token: string | undefined) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!token) return next();
    const given = presentedCredential(req.headers.authorization);
    if (given !== undefined && sameSecret(given, token)) return next();
    res
      .status(401)
      .set('WWW-Authenticate', 'Basic realm="consular-sim admin", charset="UTF-8"')
      .json({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'admin credential required: Authorization: Bearer <ADMIN_TOKEN> (or Basic)',
      });
  };
}
