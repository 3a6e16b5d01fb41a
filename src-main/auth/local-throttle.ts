import { AppError } from '../platform/errors';

/**
 * In-process login throttling, always on (whatever the OCS setting SECURITY_AUTHENTICATION_BLOCK_IP
 * says): at most PER_LOGIN failures per login and PER_SERVER failures in all per database, in any
 * WINDOW_MS. An attempt is counted as a failure when it starts (synchronously, so parallel requests
 * cannot overtake the limit) and uncounted if the password was right.
 */
export const LOCAL_LIMITS = { windowMs: 5 * 60_000, perLogin: 10, perServer: 50 };

const failures = new Map<string, number[]>();

function recent(key: string, now: number): number[] {
  const list = (failures.get(key) ?? []).filter((t) => now - t < LOCAL_LIMITS.windowMs);
  if (list.length) failures.set(key, list);
  else failures.delete(key);
  return list;
}

/**
 * Counts one attempt of `login` on `server` (host:port/database), or throws AUTH_TOO_MANY_ATTEMPTS.
 * Returns the function to call when the password was right.
 */
export function reserveLocalAttempt(server: string, login: string): () => void {
  const now = Date.now();
  const keys = [
    { key: `${server}\n${login.toLowerCase()}`, max: LOCAL_LIMITS.perLogin },
    { key: server, max: LOCAL_LIMITS.perServer },
  ];
  for (const { key, max } of keys) {
    const list = recent(key, now);
    if (list.length >= max) {
      const seconds = Math.ceil((list[list.length - max]! + LOCAL_LIMITS.windowMs - now) / 1000);
      throw new AppError('AUTH_TOO_MANY_ATTEMPTS', { seconds: Math.max(1, seconds) });
    }
  }
  for (const { key } of keys) failures.set(key, [...recent(key, now), now]);
  return () => {
    for (const { key } of keys) {
      const list = failures.get(key);
      const i = list?.lastIndexOf(now) ?? -1;
      if (list && i >= 0) list.splice(i, 1);
    }
  };
}
