import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** Constant-time token check (hashes first so lengths never leak). */
export function tokenMatches(expected: string, given: string | undefined | null): boolean {
  if (!given) return false;
  return timingSafeEqual(digest(expected), digest(given));
}

export type GuardFailure = 'bad-host' | 'bad-origin' | 'bad-token';

/**
 * DNS-rebinding and cross-site checks: the Host must be our loopback address and port,
 * an Origin (when sent) must be our own origin, and API calls must carry the token.
 */
export function checkRequest(
  req: IncomingMessage,
  port: number,
  token: string,
  opts: { needToken: boolean },
): GuardFailure | null {
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  const host = req.headers.host ?? '';
  if (!allowedHosts.includes(host.toLowerCase())) return 'bad-host';
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedHosts.map((h) => `http://${h}`).includes(origin.toLowerCase())) {
    return 'bad-origin';
  }
  if (opts.needToken) {
    const auth = req.headers.authorization ?? '';
    const m = /^Bearer (.+)$/.exec(auth);
    if (!tokenMatches(token, m?.[1])) return 'bad-token';
  }
  return null;
}
